"""Chapter 20, tuning in practice: exercises and quiz."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import optimizers, problems, tuning
from ..course import ExerciseSet, make_quiz
from ..quiz import Quiz

exercises = ExerciseSet(
    namespace={"np": np, "tuning": tuning, "optimizers": optimizers, "problems": problems}
)


@exercises.add(
    hint=(
        r"$\eta_t = \eta_{min} (\eta_{max}/\eta_{min})^{t/(T-1)}$: from one step to "
        r"the next the exponent grows by $1/(T-1)$."
    ),
    solution_code="""
# Solution: T = 100 steps cover the factor 1e5 in 99 equal ratios.
answer = (10.0 / 1e-4) ** (1 / 99)
""",
)
def growth_factor() -> Any:
    schedule = tuning.exponential_lrs(1e-4, 10.0, 100)
    return schedule(1) / schedule(0)


@exercises.add(
    hint=r"A grid with $n$ values per axis in $d = 3$ dimensions has $n^3$ points.",
    solution_code="""
# Solution: the largest n with n**3 <= 30 is 3 (27 trials; 4**3 = 64 is too many).
answer = 3
""",
)
def grid_values_per_axis() -> Any:
    space = {name: tuning.Range(0.0, 1.0) for name in ("a", "b", "c")}
    result = tuning.grid_search(lambda a, b, c: a + b + c, space, budget=30)
    return result.distinct("a")


@exercises.add(
    hint=(
        "Call `tuning.lr_range_test(lambda lr: optimizers.GD(lr=lr), bowl, "
        "[1.0, 1.0], lr_min=1e-3, lr_max=100.0, steps=50)` and read `.suggestion`."
    ),
    solution_code="""
# Solution: one run with a growing rate, then a tenth of the rate at the lowest loss.
bowl = problems.quadratic_bowl(10.0)
result = tuning.lr_range_test(lambda lr: optimizers.GD(lr=lr), bowl, [1.0, 1.0],
                              lr_min=1e-3, lr_max=100.0, steps=50)
answer = result.suggestion
print(result.message, f"suggestion {answer:.4f}")
""",
)
def bowl_suggestion() -> Any:
    result = tuning.lr_range_test(
        lambda lr: optimizers.GD(lr=lr), problems.quadratic_bowl(10.0), [1.0, 1.0],
        lr_min=1e-3, lr_max=100.0, steps=50,
    )  # fmt: skip
    return result.suggestion


QUIZ: list[dict[str, Any]] = [
    {
        "text": (
            "You tried 40 settings and kept the one with the lowest test error. "
            "Why is that test error now too optimistic?"
        ),
        "choices": [
            "The test set is too small to measure anything",
            (
                "The test set took part in the choice: the best of 40 noisy scores is "
                "biased low, so it no longer estimates the error on new data"
            ),
            "Test errors are always lower than validation errors",
            "It is not: any held-out set gives an unbiased estimate",
        ],
        "answer": 1,
        "explanation": (
            "Picking the minimum of many noisy estimates selects the lucky ones. Pick on "
            "the validation set and evaluate the test set once, at the end."
        ),
    },
    {
        "text": (
            "A learning-rate range test shows the smoothed loss flat up to "
            r"$\eta = 10^{-3}$, falling steeply around $\eta = 0.05$, lowest at "
            r"$\eta = 1$ and exploding beyond. Which constant rate do you train with?"
        ),
        "choices": [
            r"$\eta = 1$, where the loss was lowest",
            r"$\eta = 10^{-3}$, the last rate where nothing happened",
            r"About $\eta = 0.1$: below the minimum, where the loss still falls fast",
            r"$\eta = 3$, just past the minimum",
        ],
        "answer": 2,
        "explanation": (
            "At the minimum the rate is already at the edge of stability (and the "
            "smoothed curve lags behind). A tenth of it, or the steepest part of the "
            "descent, is the usual reading."
        ),
    },
    {
        "text": (
            "A budget of 16 runs, two hyperparameters, and only the first one matters. "
            "How many different values of the first one do grid search and random "
            "search try?"
        ),
        "choices": ["4 and 4", "16 and 4", "4 and 16", "8 and 8"],
        "answer": 2,
        "explanation": (
            "The grid spends 4 x 4: every value of the first is repeated for each "
            "value of the second. Random search draws both afresh in every trial."
        ),
    },
    {
        "text": "The best learning rate of your search is the largest one in its range. What next?",
        "choices": [
            "Report it: the search has found the optimum",
            "Widen the range upwards and search again: the optimum may lie outside",
            "Halve it, to be safe",
            "Switch to grid search",
        ],
        "answer": 1,
        "explanation": (
            "A best value on the border only says the score still improves in that "
            "direction. Move or widen the range until the best value lies inside."
        ),
    },
    {
        "text": "Why does one-cycle lower the momentum coefficient while the learning rate peaks?",
        "choices": [
            "To save memory",
            r"Because momentum is undefined for large $\eta$",
            (
                r"Momentum multiplies the effective step by about $1/(1-\gamma)$; a "
                r"smaller $\gamma$ keeps the step in check while $\eta$ is large"
            ),
            "To make the schedule symmetric",
        ],
        "answer": 2,
        "explanation": (
            r"With a constant gradient the momentum step grows to $\eta g / (1 - \gamma)$. "
            r"Smith lowers $\gamma$ from 0.95 to 0.85 as $\eta$ rises and raises it again "
            "as $\\eta$ falls."
        ),
    },
]


def quiz() -> Quiz:
    """The chapter's quiz (works with no kernel and no JavaScript)."""
    return make_quiz(QUIZ)
