"""Chapter 1, Learning by guesswork: exercises and quiz."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import problems
from ..course import ExerciseSet, make_quiz
from ..quiz import Quiz


def _f(x: Any, w: float, b: float) -> Any:
    return 1 / (1 + np.exp(-(w * x + b)))


def _notebook_variables() -> dict[str, Any]:
    """The notebook variables the solutions use (the tests run each solution in it)."""
    return {"np": np, "toy": problems.sigmoid_neuron(), "f": _f}


_MOVES = {"A": [0.5, 0.0], "B": [0.0, -0.5], "C": [0.5, -0.5], "D": [-0.5, 0.5]}


exercises = ExerciseSet(namespace=_notebook_variables)


@exercises.add(
    hint=(
        r"$L = \tfrac12\left((0.2 - f(0.5))^2 + (0.9 - f(2.5))^2\right)$ with "
        "$f(x) = 1/(1 + e^{-(wx + b)})$."
    ),
    solution_code="""
answer = 0.5 * ((0.2 - f(0.5, 1.0, -1.0)) ** 2 + (0.9 - f(2.5, 1.0, -1.0)) ** 2)
print(f"L(1, -1) = {answer:.4f}")
""",
    atol=5e-5,  # the solution prints four decimals: 0.0192 must pass
)
def loss_at_guess() -> Any:
    return problems.sigmoid_neuron().loss([1.0, -1.0])


@exercises.add(
    hint="Evaluate the loss at each of the four points the moves lead to.",
    solution_code="""
start = np.array([0.94, -0.94])
moves = {"A": [0.5, 0.0], "B": [0.0, -0.5], "C": [0.5, -0.5], "D": [-0.5, 0.5]}
for letter, move in moves.items():
    print(f"{letter}: L = {toy.loss(start + move):.4f}")
answer = min(moves, key=lambda letter: toy.loss(start + moves[letter]))
""",
)
def best_move() -> Any:
    toy, start = problems.sigmoid_neuron(), np.array([0.94, -0.94])
    return min(_MOVES, key=lambda letter: toy.loss(start + np.array(_MOVES[letter])))


@exercises.add(
    hint=("Every combination of the 20 values along each of the 6 axes is one grid point: $k^d$."),
    solution_code="""
answer = 20**6          # k ** d
print(f"{answer:,} evaluations")
""",
)
def grid_cost() -> Any:
    values_per_parameter, parameters = 20, 6
    return values_per_parameter**parameters


QUIZ: list[dict[str, Any]] = [
    {
        "text": "For the toy neuron, what does a smaller loss $L(w, b)$ mean?",
        "choices": [
            "the sigmoid is steeper",
            "the sigmoid passes closer to the two data points",
            "the parameters are closer to zero",
            "the gradient is larger",
        ],
        "answer": 1,
        "explanation": "$L$ adds up the squared vertical gaps between $f(x_i)$ and $y_i$.",
    },
    {
        "text": (
            "A grid search with $k$ values per parameter and $d$ parameters "
            "needs how many loss evaluations?"
        ),
        "choices": [
            r"$k \cdot d$",
            "$d^k$",
            "$k^d$",
            "$k^2 d$",
        ],
        "answer": 2,
        "explanation": (
            "Every combination of the $k$ values along each of the $d$ axes is one grid point."
        ),
    },
    {
        "text": (
            "We plotted the toy error surface on $[-6, 6]^2$ and picked its "
            "lowest point. What is the catch?"
        ),
        "choices": [
            "the surface is not defined outside this window",
            (
                "the true minimum might lie outside the window, and the "
                "method needs far too many evaluations in higher dimensions"
            ),
            "a plot cannot show a minimum",
            "nothing: this is how networks are trained",
        ],
        "answer": 1,
        "explanation": "The window was chosen by us, and the grid cost grows as $k^d$.",
    },
    {
        "text": "What information does random search ignore that gradient descent uses?",
        "choices": [
            "the loss values",
            "the bounds of the search window",
            "the direction in which the loss decreases locally",
            "the number of parameters",
        ],
        "answer": 2,
        "explanation": (
            "Random search only compares loss values; the gradient says which way is downhill."
        ),
    },
]


def quiz() -> Quiz:
    """The chapter's quiz (works with no kernel and no JavaScript)."""
    return make_quiz(QUIZ)
