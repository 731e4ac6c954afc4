"""Chapter 0, The optimization problem: exercises and quiz."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..course import ExerciseSet, make_quiz
from ..nn import activations, losses
from ..quiz import Quiz

exercises = ExerciseSet(namespace={"np": np, "activations": activations, "losses": losses})


@exercises.add(
    hint=r"With $y = 0$ only the term $-\log(1 - \hat y)$ is left.",
    solution_code="""
# Only the (1 - y) log(1 - y_hat) term survives when y = 0.
answer = losses.binary_cross_entropy(np.array([[0.8]]), np.array([[0.0]]))
""",
)
def bce_negative() -> Any:
    return float(losses.binary_cross_entropy(np.array([[0.8]]), np.array([[0.0]])))


@exercises.add(
    hint=(
        r"Compute $z = w \cdot x + b$ first; then $\partial\ell/\partial z = "
        r"a - y$ and $\partial\ell/\partial w_i = x_i\,(a - y)$."
    ),
    solution_code="""
x, w, b, y = np.array([1.0, 2.0]), np.array([0.5, -0.25]), 0.0, 1.0
a = activations.sigmoid(x @ w + b)        # z = 0.5 - 0.5 = 0, so a = 0.5
dz = a - y                                # -0.5
answer = [x[0] * dz, x[1] * dz, dz]
""",
)
def neuron_gradient() -> Any:
    x, w, b, y = np.array([1.0, 2.0]), np.array([0.5, -0.25]), 0.0, 1.0
    dz = activations.sigmoid(x @ w + b) - y  # BCE after a sigmoid: dl/dz = a - y
    return np.array([x[0] * dz, x[1] * dz, dz])


# Chosen before training: the learning rate, the depth, the activation, the epochs.
exercises.add_letters(
    "hyperparameters",
    "BCEF",
    "A parameter is learned by the optimizer; a hyperparameter is fixed before training starts.",
    "Weights and biases (A, D) are learned; everything we fix before training is a hyperparameter.",
)


@exercises.add(
    hint=r"First the weighted sum $z = w \cdot x$, then the activation $g(z) = 3z$.",
    solution_code="""
inputs, weights = np.array([1.0, 2.0, 3.0]), np.array([4.0, 5.0, 6.0])
z = inputs @ weights        # 1*4 + 2*5 + 3*6 = 32
answer = 3 * z              # the linear activation g(z) = 3z
""",
)
def linear_neuron_output() -> Any:
    # After a "Reflect" question of the pra-sami slides (prasami2025optimization).
    inputs, weights = np.array([1.0, 2.0, 3.0]), np.array([4.0, 5.0, 6.0])
    return float(3 * (inputs @ weights))


QUIZ: list[dict[str, Any]] = [
    {
        "text": "What does a classifier decide?",
        "choices": [
            "which features to measure for a pattern",
            "which class an input belongs to",
            "which type of network to use",
            "how many layers a network needs",
        ],
        "answer": 1,
        "explanation": (
            "Classification assigns an input to a class, usually through a probability per class."
        ),
    },
    {
        "text": "A model generalizes well when it ...",
        "choices": [
            "reproduces the targets of its training set exactly",
            "predicts well on inputs it was not trained on",
            "has more parameters than training examples",
            "reaches zero training loss quickly",
        ],
        "answer": 1,
        "explanation": "Generalization is about inputs outside the training set.",
    },
    {
        "text": "Which of these is a parameter rather than a hyperparameter?",
        "choices": [
            "the learning rate",
            "the number of epochs",
            "a bias $b$",
            "the number of hidden units",
        ],
        "answer": 2,
        "explanation": (
            "Weights and biases are learned by the optimizer; the others "
            "are chosen before training."
        ),
    },
    {
        "text": (
            "A regression data set has a few wild outliers. Which loss lets them "
            "dominate training least?"
        ),
        "choices": [
            "mean squared error",
            "mean absolute error",
            "binary cross-entropy",
            "they are all equally affected",
        ],
        "answer": 1,
        "explanation": (
            "MAE's gradient is ±1 for every error, so a large error pulls "
            "no harder than a small one."
        ),
    },
    {
        "text": (
            "For a sigmoid output trained with binary cross-entropy, "
            r"$\partial\ell/\partial z$ equals ..."
        ),
        "choices": [
            "$a(1-a)$",
            r"$(a-y)\,a(1-a)$",
            "$a-y$",
            "$-y/a$",
        ],
        "answer": 2,
        "explanation": (
            "The sigmoid's slope $a(1-a)$ cancels against the denominator "
            r"of $\partial\ell/\partial a$."
        ),
    },
    {
        "text": (
            "A fully connected network has 8 inputs, one hidden layer of 5 neurons and 1 "
            "output. Each layer computes $XW$, with one example per row of $X$. What are "
            "the shapes of the input-to-hidden and the hidden-to-output weight matrices?"
        ),
        "choices": [
            r"$8 \times 5$ and $5 \times 1$",
            r"$5 \times 8$ and $1 \times 5$",
            r"$5 \times 1$ and $8 \times 5$",
            r"$8 \times 5$ and $1 \times 5$",
        ],
        "answer": 0,
        "explanation": (
            "A row of 8 inputs times an $8 \\times 5$ matrix gives the 5 hidden values; "
            "a row of 5 times a $5 \\times 1$ matrix gives the output. (With one example "
            "per column, $Wx$, both matrices are transposed.)"
        ),
    },
]


def quiz() -> Quiz:
    """The chapter's quiz (works with no kernel and no JavaScript)."""
    return make_quiz(QUIZ)
