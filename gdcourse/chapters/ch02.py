"""Chapter 2, Deriving gradient descent: exercises and quiz."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import optimizers, problems
from ..course import ExerciseSet, make_quiz
from ..quiz import Quiz
from ..run import run


def _notebook_variables() -> dict[str, Any]:
    """The notebook variables the solutions use (the tests run each solution in it)."""
    toy = problems.sigmoid_neuron()
    # The notebook's hand-written gradient(w, b); the library's gives the same numbers.
    return {"np": np, "toy": toy, "gradient": lambda w, b: toy.grad([w, b])}


exercises = ExerciseSet(namespace=_notebook_variables)


@exercises.add(
    hint=(
        r"Sum $(f(x_i) - y_i)\,f(x_i)(1 - f(x_i))\,x_i$ over both points for "
        r"$\nabla w$; the same without the factor $x_i$ for $\nabla b$."
    ),
    solution_code="""
answer = gradient(1.0, -1.0)
print(f"grad w = {answer[0]:.4f}, grad b = {answer[1]:.4f}")
""",
    atol=5e-5,
)
def gradient_at_point() -> Any:
    return problems.sigmoid_neuron().grad([1.0, -1.0])


@exercises.add(
    hint=(
        r"$\theta_1 = \theta_0 - \eta\nabla L(\theta_0)$, with the gradient "
        "of exercise 1."
    ),
    solution_code="""
answer = np.array([1.0, -1.0]) - 2.0 * gradient(1.0, -1.0)
print(f"w = {answer[0]:.4f}, b = {answer[1]:.4f}")
print(f"loss {toy.loss([1, -1]):.4f} -> {toy.loss(answer):.4f}")
""",
)
def one_step() -> Any:
    return run(optimizers.GD(lr=2.0), problems.sigmoid_neuron(), [1.0, -1.0], steps=1).final


@exercises.add(
    hint=(
        "The loss falls fastest opposite to the gradient; divide by "
        r"$\lVert\nabla L\rVert = 5$."
    ),
    solution_code="""
grad = np.array([3.0, -4.0])
# cos(phi) = -1: opposite to the gradient, and of length 1
answer = -grad / np.linalg.norm(grad)
""",
)
def steepest_direction() -> Any:
    grad = np.array([3.0, -4.0])
    return -grad / np.linalg.norm(grad)


QUIZ: list[dict[str, Any]] = [
    {
        "text": "Which statement describes gradient descent?",
        "choices": [
            ("an iterative method that minimizes a function by stepping against its gradient"),
            "a method that finds the maximum of a function",
            "a clustering algorithm based on distances between points",
            "a classifier for data that is not linearly separable",
        ],
        "answer": 0,
        "explanation": (
            r"Each step moves the parameters by $-\eta\nabla L$, the "
            "locally steepest way down."
        ),
    },
    {
        "text": (
            r"In the Taylor argument, why may we drop the terms with $\eta^2, "
            r"\eta^3, \dots$?"
        ),
        "choices": [
            "because the Hessian is always zero",
            (
                r"because the step size $\eta$ is assumed small, so those "
                "terms are negligible"
            ),
            "because the loss is linear",
            "because the gradient is a unit vector",
        ],
        "answer": 1,
        "explanation": (
            r"For small $\eta$ the first-order term dominates; for large "
            "steps it does not, as the figure showed."
        ),
    },
    {
        "text": r"What does the learning rate $\eta$ control?",
        "choices": [
            "the number of iterations",
            "the starting point",
            "the size of each step",
            "the threshold for stopping",
        ],
        "answer": 2,
        "explanation": r"The update is $\theta_{t+1} = \theta_t - \eta\nabla L(\theta_t)$.",
    },
    {
        "text": "What is the typical problem with a learning rate that is too large?",
        "choices": [
            "painfully slow convergence",
            "overshooting the minimum",
            "more computation per step",
            "getting stuck exactly at a saddle point",
        ],
        "answer": 1,
        "explanation": (
            r"Steps jump across the valley, as $\eta = 30$ did on the toy "
            "surface."
        ),
    },
    {
        "text": "Which is true of gradient descent on a non-convex loss?",
        "choices": [
            "it always finds the global minimum",
            ("it may end in a local minimum, depending on the start and the learning rate"),
            "it converges for every function and every learning rate",
            "it needs fewer steps the smaller the learning rate",
        ],
        "answer": 1,
        "explanation": (
            "It only uses local slope information, so where it ends "
            "depends on where it starts and how it steps."
        ),
    },
]


def quiz() -> Quiz:
    """The chapter's quiz (works with no kernel and no JavaScript)."""
    return make_quiz(QUIZ)
