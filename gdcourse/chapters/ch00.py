"""Chapter 0, The optimization problem: exercises and quiz.

The answers live here, not in the notebook: see :mod:`gdcourse.course`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..course import Exercise, ExerciseSet, make_quiz
from ..nn import activations, losses
from ..quiz import Quiz

CHAPTER = 0


def namespace() -> dict[str, Any]:
    """The notebook variables the solutions use (the tests run each solution in it)."""
    return {"np": np, "activations": activations, "losses": losses}


def _bce_negative() -> Any:
    return float(losses.binary_cross_entropy(np.array([[0.8]]), np.array([[0.0]])))


def _neuron_gradient() -> Any:
    x, w, b, y = np.array([1.0, 2.0]), np.array([0.5, -0.25]), 0.0, 1.0
    dz = activations.sigmoid(x @ w + b) - y  # BCE after a sigmoid: dl/dz = a - y
    return np.array([x[0] * dz, x[1] * dz, dz])


def _hyperparameters() -> Any:
    # Chosen before training: the learning rate, the depth, the activation, the epochs.
    return "BCEF"


exercises = ExerciseSet(
    [
        Exercise(
            name="bce_negative",
            expected=_bce_negative,
            hints=[r"With $y = 0$ only the term $-\log(1 - \hat y)$ is left."],
            solution_code="""
# Only the (1 - y) log(1 - y_hat) term survives when y = 0.
answer = losses.binary_cross_entropy(np.array([[0.8]]), np.array([[0.0]]))
""",
        ),
        Exercise(
            name="neuron_gradient",
            expected=_neuron_gradient,
            hints=[
                (
                    r"Compute $z = w \cdot x + b$ first; then $\partial\ell/\partial z = "
                    r"a - y$ and $\partial\ell/\partial w_i = x_i\,(a - y)$."
                )
            ],
            solution_code="""
x, w, b, y = np.array([1.0, 2.0]), np.array([0.5, -0.25]), 0.0, 1.0
a = activations.sigmoid(x @ w + b)        # z = 0.5 - 0.5 = 0, so a = 0.5
dz = a - y                                # -0.5
answer = [x[0] * dz, x[1] * dz, dz]
""",
        ),
        Exercise(
            name="hyperparameters",
            expected=_hyperparameters,
            hints=[
                (
                    "A parameter is learned by the optimizer; a hyperparameter is fixed "
                    "before training starts."
                )
            ],
            solution_code="""
# Weights and biases (A, D) are learned; everything we fix before training is a hyperparameter.
answer = "BCEF"
""",
        ),
    ]
)

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
]


def quiz() -> Quiz:
    """The chapter's quiz (works with no kernel and no JavaScript)."""
    return make_quiz(QUIZ)
