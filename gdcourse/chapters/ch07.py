"""Chapter 7, Tuning the learning rate: exercises and quiz."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import problems, schedules
from ..course import ExerciseSet, make_quiz
from ..quiz import Quiz

exercises = ExerciseSet(namespace={"np": np})


@exercises.add(
    hint=r"The steepest direction decides: $\eta < 2 / \lambda_{\max}$.",
    solution_code="""
# Solution: the curvatures are 0.02 and 4; the steep one sets eta < 2 / 4.
answer = 2 / 4
""",
)
def stability_limit() -> Any:
    return 2 / problems.narrow_valley().eigenvalues.max()


@exercises.add(
    hint=("First find the epoch of step 137: a whole number of passes over the data."),
    solution_code="""
# Solution: step 137 lies in epoch 13 (steps 130 to 139).
answer = 0.5 * 0.95**13
""",
)
def exponential_decay_rate() -> Any:
    return schedules.exponential_decay(0.5, rate=0.95, steps_per_epoch=10)(137)


@exercises.add(
    hint=(
        r"$\gamma_t = \min\left(1 - \frac{1}{2(\lfloor t/250 \rfloor + 1)},\ "
        r"\gamma_{\max}\right)$."
    ),
    solution_code="""
# Solution: k = 1000 // 250 + 1 = 5, so gamma = 1 - 1 / (2 * 5) = 0.9, below the cap.
answer = 1 - 1 / (2 * 5)
""",
)
def sutskever_gamma() -> Any:
    return schedules.sutskever_momentum(0.995)(1000)


QUIZ: list[dict[str, Any]] = [
    {
        "text": r"What does the learning rate $\eta$ control in gradient descent?",
        "choices": [
            "The number of iterations",
            "The starting point",
            "The size of each step taken along the negative gradient",
            "The threshold for convergence",
        ],
        "answer": 2,
        "explanation": (
            r"Each update is $-\eta \nabla L$: the gradient gives the "
            r"direction, $\eta$ the size."
        ),
    },
    {
        "text": "What is the typical failure of a learning rate that is too high?",
        "choices": [
            "Very slow convergence",
            "Overshooting the minimum, up to divergence",
            "Getting stuck on a plateau",
            "More computation per step",
        ],
        "answer": 1,
        "explanation": (
            "Steps longer than the valley is wide jump across it; on a "
            r"quadratic, $\eta > 2/\lambda_{\max}$ makes every step longer "
            "than the last."
        ),
    },
    {
        "text": (
            r"GD on $L = \tfrac12 \lambda \theta^2$ with $\lambda = 4$. Which "
            "learning rates converge?"
        ),
        "choices": [
            r"Any $\eta > 0$",
            r"$0 < \eta < 0.5$",
            r"$0 < \eta < 0.25$",
            r"$0 < \eta < 2$",
        ],
        "answer": 1,
        "explanation": (
            r"$\theta_{t+1} = (1 - 4\eta)\theta_t$ shrinks iff $|1 - "
            r"4\eta| < 1$, i.e. $0 < \eta < 2/4$."
        ),
    },
    {
        "text": "Why decay the learning rate when training with mini-batches?",
        "choices": [
            "To make each step cheaper",
            (
                "Because noisy gradients keep a constant-rate run jittering "
                "around the minimum; smaller steps late in training shrink "
                "the jitter"
            ),
            "To escape local minima",
            "Because the gradient grows during training",
        ],
        "answer": 1,
        "explanation": (
            "Large steps help far from the minimum; near it, smaller "
            "steps average out the mini-batch noise."
        ),
    },
    {
        "text": (
            r"What is the flip side of line search over $\eta \in \{0.1, 0.5, 1, "
            r"5, 10\}$?"
        ),
        "choices": [
            r"It can only decrease $\eta$",
            "It needs second derivatives",
            "Each step costs five extra loss evaluations",
            r"It always diverges for $\eta = 10$",
        ],
        "answer": 2,
        "explanation": (
            "The gradient is computed once, but the loss is evaluated at every candidate."
        ),
    },
]


def quiz() -> Quiz:
    """The chapter's quiz (works with no kernel and no JavaScript)."""
    return make_quiz(QUIZ)
