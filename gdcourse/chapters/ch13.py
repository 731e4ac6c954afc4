"""Chapter 13, Vanishing and exploding gradients: exercises and quiz."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import nn
from ..course import ExerciseSet, make_quiz
from ..quiz import Quiz


def _angle(u: Any, v: Any) -> float:
    return float(np.degrees(np.arccos(u @ v / (np.linalg.norm(u) * np.linalg.norm(v)))))


exercises = ExerciseSet(namespace={"np": np})


@exercises.add(
    hint=(
        "The clipped vector is $(1, -0.5)$; compare the angles "
        r"$\arctan(0.5/3)$ and $\arctan(0.5/1)$."
    ),
    solution_code="""
# Solution: the clipped gradient is (1, -0.5); the angle between the two vectors.
answer = np.degrees(np.arctan(0.5 / 1) - np.arctan(0.5 / 3))
print(f"{answer:.2f} degrees")
""",
    rtol=0.001,
)
def value_clip_angle() -> Any:
    g = np.array([3.0, -0.5])
    return _angle(g, nn.clip_by_value(g, 1.0))


@exercises.add(
    hint=r"$\|g\| = 10$, so multiply by $c / \|g\|$.",
    solution_code="""
# Solution: the norm is 10 > 5, so scale by 5/10.
answer = np.array([6.0, -8.0, 0.0]) * 5 / 10
""",
)
def norm_clip() -> Any:
    return nn.clip_by_norm([6.0, -8.0, 0.0], 5.0)


@exercises.add(
    hint=r"Solve $k \log 4 > 6 \log 10$.",
    solution_code="""
# Solution: k > 6 ln 10 / ln 4 = 9.97, so k = 10.
answer = int(np.ceil(6 * np.log(10) / np.log(4)))
""",
)
def vanishing_depth() -> Any:
    k = np.arange(1, 30)
    return k[0.25**k < 1e-6][0]


QUIZ: list[dict[str, Any]] = [
    {
        "text": (
            "Why does the gradient of the first layers of a deep sigmoid network become tiny?"
        ),
        "choices": [
            "The learning rate is divided by the number of layers",
            (
                r"Backpropagation multiplies by $\sigma'(z) \le 1/4$ once per "
                "layer, and the product shrinks geometrically"
            ),
            ("The sigmoid's output is always between 0 and 1, so the loss is bounded"),
            "The first layers have fewer weights",
        ],
        "answer": 1,
        "explanation": (
            r"Each layer contributes a factor $W^\top$ times $\sigma'(z)$; "
            r"with $\sigma' \le 1/4$, ten layers shrink the error by at "
            r"least $4^{10} \approx 10^6$."
        ),
    },
    {
        "text": "Which kind of gradient clipping keeps the direction of the gradient?",
        "choices": [
            "Clipping by value",
            "Clipping by norm",
            "Both",
            "Neither",
        ],
        "answer": 1,
        "explanation": (
            r"By norm rescales the whole vector by $c/\|g\|$; by value "
            "clips components separately, which turns the vector when "
            "only some of them are clipped."
        ),
    },
    {
        "text": "What does gradient clipping achieve?",
        "choices": [
            "It moves the minimum of the loss to a better place",
            (
                "It stops an occasional huge gradient from throwing the "
                "parameters far away, for numerical stability"
            ),
            "It removes the need to choose a learning rate",
            "It prevents overfitting",
        ],
        "answer": 1,
        "explanation": (
            "Near a minimum nothing is clipped, so the minimum is "
            "unchanged; clipping only caps the steps taken on cliffs and "
            "exploding gradients."
        ),
    },
    {
        "text": (
            "The training loss keeps falling while the loss on held-out data "
            "rises. What is happening, and what helps?"
        ),
        "choices": [
            "Vanishing gradients; use a sigmoid",
            ("Overfitting; e.g. early stopping, regularization, dropout or more data"),
            "Exploding gradients; clip them",
            "The learning rate is too small; raise it",
        ],
        "answer": 1,
        "explanation": (
            "The network is memorising the training data. Stop at the "
            "lowest validation loss, penalise large weights, use dropout, "
            "or get more data."
        ),
    },
    {
        "text": "What does batch normalization do to a layer?",
        "choices": [
            "It clips the layer's gradient",
            (
                "It standardizes the layer's pre-activations over the "
                "mini-batch, then applies a learned scale and shift"
            ),
            "It switches off random units",
            "It initializes the layer's weights with He's rule",
        ],
        "answer": 1,
        "explanation": (
            "Keeping each layer's inputs standardized keeps units out of "
            "saturation and the gradients healthy."
        ),
    },
]


def quiz() -> Quiz:
    """The chapter's quiz (works with no kernel and no JavaScript)."""
    return make_quiz(QUIZ)
