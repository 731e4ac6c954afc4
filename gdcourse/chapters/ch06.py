"""Chapter 6, Stochastic and mini-batch gradient descent: exercises and quiz."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .. import batching, optimizers, problems
from ..course import ExerciseSet, make_quiz
from ..quiz import Quiz
from ..run import run

exercises = ExerciseSet(namespace={"np": np, "math": math})


@exercises.add(
    hint=(
        r"One update per batch, and the last batch may be smaller: $\lceil "
        r"N/B \rceil$."
    ),
    solution_code="""
answer = math.ceil(1000 / 64)  # 15 full batches of 64 and one of 40
""",
)
def steps_per_epoch() -> Any:
    return batching.steps_per_epoch(1000, 64)


@exercises.add(
    hint=r"Apply $Q := \omega L_i + (1-\omega) Q$ twice.",
    solution_code="""
q = 0.1 * 0.2 + 0.9 * 0.5  # 0.47
answer = 0.1 * 0.4 + 0.9 * q  # 0.463
""",
)
def running_loss() -> Any:
    # lam is the library's name for the weight omega (seed 003 writes lambda)
    return batching.running_loss([0.2, 0.4], lam=0.1, initial=0.5)[-1]


@exercises.add(
    hint="Each epoch has batches of 16, 16 and 8 points.",
    solution_code="""
answer = 5 * math.ceil(40 / 16)  # batches of 16, 16 and 8 in every epoch
""",
)
def updates_5_epochs() -> Any:
    data: Any = problems.make_points(np.random.default_rng(0), n=40)  # the chapter's data set
    trajectory = run(
        optimizers.GD(lr=2.0),
        data,
        data.start,
        epochs=5,
        batch_size=16,
        rng=np.random.default_rng(0),
    )
    return trajectory.steps


QUIZ: list[dict[str, Any]] = [
    {
        "text": (
            "Which variant updates the parameters only after computing the "
            "gradient over the entire data set?"
        ),
        "choices": [
            "Stochastic gradient descent",
            "Mini-batch gradient descent",
            "Batch gradient descent",
            "Momentum",
        ],
        "answer": 2,
        "explanation": "Batch (vanilla) gradient descent: one exact update per epoch.",
    },
    {
        "text": "Which statement best describes the trade-off between the variants?",
        "choices": [
            "Batch GD is always faster than SGD",
            "SGD is guaranteed to reach the global minimum",
            "The batch size does not affect the path",
            (
                "Mini-batch GD balances the efficiency of batch GD with the "
                "frequent, noisy updates of SGD"
            ),
        ],
        "answer": 3,
        "explanation": (
            "Mini-batches give many updates per epoch with gradients that "
            "are averaged, and so less noisy, over several points."
        ),
    },
    {
        "text": "Why does the path of stochastic gradient descent zig-zag?",
        "choices": [
            "The learning rate changes at every step",
            (
                "Each step follows the gradient of a single point, a noisy "
                "estimate of the full gradient"
            ),
            "The loss surface changes from epoch to epoch",
            "Rounding errors",
        ],
        "answer": 1,
        "explanation": (
            "A step that suits one point may hurt the others; only on "
            "average do the steps point downhill."
        ),
    },
    {
        "text": ("With $N = 1000$ points and $B = 100$, how many updates are there per epoch?"),
        "choices": [
            "10",
            "1",
            "100",
            "1000",
        ],
        "answer": 0,
        "explanation": r"$\lceil N/B \rceil = 1000/100 = 10$.",
    },
    {
        "text": (
            r"What does the running estimate $Q := \omega L_i + (1-\omega) Q$ "
            "give you?"
        ),
        "choices": [
            "The exact full loss at every step",
            "The best learning rate",
            (
                "A smoothed estimate of the full loss, from the single-point "
                "losses SGD computes anyway"
            ),
            "The gradient of the full loss",
        ],
        "answer": 2,
        "explanation": (
            "It is a moving average of the $L_i$: cheap, and close to the "
            "full loss once it has averaged enough steps."
        ),
    },
]


def quiz() -> Quiz:
    """The chapter's quiz (works with no kernel and no JavaScript)."""
    return make_quiz(QUIZ)
