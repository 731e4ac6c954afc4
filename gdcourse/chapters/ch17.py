"""Chapter 17, Monitoring a training run: exercises and quiz."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import nn, optimizers
from ..course import ExerciseSet, make_quiz
from ..gradient_free import gradient_check
from ..quiz import Quiz
from ..run import run


class _SlightlyOff:
    # L = 1.001 theta^2, but the gradient code returns 2 theta (it should be 2.002 theta).
    def loss(self, theta: Any, batch: Any = None) -> float:
        return float(1.001 * theta[0] ** 2)

    def grad(self, theta: Any, batch: Any = None) -> Any:
        return np.array([2 * theta[0]])


exercises = ExerciseSet(namespace={"np": np})


@exercises.add(
    hint=("With zero weights and biases every logit is 0, so every class gets probability 1/10."),
    solution_code="""
answer = np.log(10)  # every class gets probability 1/10
""",
)
def initial_loss() -> Any:
    digits = nn.MLP([64, 10], output="softmax", init="zeros")
    inputs = np.random.default_rng(3).standard_normal((50, 64))
    labels = np.random.default_rng(4).integers(0, 10, size=50)
    return digits.loss(digits.init_params(np.random.default_rng(5)), inputs, labels)


@exercises.add(
    hint=r"One GD step has length $\eta\lVert\nabla_W L\rVert$.",
    solution_code="""
answer = 0.004 * 0.5 / 2  # eta ||grad|| / ||W|| = 1e-3, the healthy order of magnitude
""",
)
def update_ratio() -> Any:
    w_start = np.array([1.2, -1.6])  # norm 2
    g_fixed = np.array([0.3, 0.4])  # norm 0.5
    thetas = run(optimizers.GD(lr=0.004), lambda theta: g_fixed, w_start, steps=1).thetas
    return np.linalg.norm(thetas[1] - thetas[0]) / np.linalg.norm(thetas[0])


@exercises.add(
    hint=(
        r"The central difference gives $\hat g = 2.002\,\theta$; the relative "
        r"error is $|g - \hat g| / \max(|g|, |\hat g|)$."
    ),
    solution_code="""
answer = abs(2.0 - 2.002) / 2.002  # |g - g_hat| / max(|g|, |g_hat|), about 1e-3: a real bug
""",
)
def relative_error() -> Any:
    return gradient_check(_SlightlyOff(), [1.0])


QUIZ: list[dict[str, Any]] = [
    {
        "text": (
            "An untrained network classifies images into 100 classes with a "
            "softmax and cross-entropy. About which loss should it start at?"
        ),
        "choices": [
            "0",
            r"$\ln 2 \approx 0.69$",
            r"$\ln 100 \approx 4.6$",
            "100",
        ],
        "answer": 2,
        "explanation": (
            "With small weights every class gets probability about $1/K$, "
            r"so the loss is $-\ln(1/K) = \ln K$."
        ),
    },
    {
        "text": (
            "A run's update-to-weight ratios are around 0.3 in every layer. What does that suggest?"
        ),
        "choices": [
            "The learning rate is too small",
            "The learning rate is too large",
            "The gradient has a bug",
            "Everything is fine",
        ],
        "answer": 1,
        "explanation": (
            "Each step changes the weights by about a third of their "
            "size; a healthy ratio is of the order of $10^{-3}$."
        ),
    },
    {
        "text": (
            "A gradient check reports a largest relative error of 0.5. Which is "
            "the most likely cause?"
        ),
        "choices": [
            "The step $h$ is $10^{-6}$",
            "A bug in the gradient code",
            "The network uses tanh units",
            "The loss is an average over the batch",
        ],
        "answer": 1,
        "explanation": (
            "A correct gradient gives errors near $10^{-7}$ with $h = "
            "10^{-6}$; errors of order 1 mean the formula is wrong (a "
            "kink of a ReLU can also cause it, so check at another point)."
        ),
    },
    {
        "text": (
            "The training loss keeps falling while the validation loss has "
            "started to rise. What is happening?"
        ),
        "choices": [
            "The learning rate is too large",
            "The network is overfitting the training data",
            "The gradient is wrong",
            "The learning rate is too small",
        ],
        "answer": 1,
        "explanation": (
            "The network keeps fitting the training examples better while "
            "generalizing worse; stop earlier, regularize or get more "
            "data."
        ),
    },
]


def quiz() -> Quiz:
    """The chapter's quiz (works with no kernel and no JavaScript)."""
    return make_quiz(QUIZ)
