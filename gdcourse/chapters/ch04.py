"""Chapter 4, Momentum: exercises and quiz."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import optimizers
from ..course import ExerciseSet, make_quiz
from ..quiz import Quiz


def _momentum_velocity(gradients: list[float], lr: float, gamma: float) -> float:
    """Feed a list of 1-D gradients to the library's Momentum; return the last u."""
    optimizer = optimizers.Momentum(lr=lr, gamma=gamma)
    theta = np.zeros(1)
    state = optimizer.init(theta)
    for g in gradients:

        def grad_fn(point: Any, g: float = g) -> np.ndarray:
            return np.array([g])

        theta, state = optimizer.update(theta, state, grad_fn)
    return float(state.u[0])


exercises = ExerciseSet(namespace={"np": np})


@exercises.add(
    hint=(
        r"$u_t = \gamma u_{t-1} + \eta\nabla L(\theta_t)$, starting from "
        "$u_{-1} = 0$."
    ),
    solution_code="""
# u_0 = 0.1 * 2 = 0.2
# u_1 = 0.9 * 0.2 + 0.1 * 1 = 0.28
# u_2 = 0.9 * 0.28 + 0.1 * (-1) = 0.152
answer = 0.9 * (0.9 * (0.1 * 2.0) + 0.1 * 1.0) + 0.1 * (-1.0)
""",
)
def momentum_u2() -> Any:
    return _momentum_velocity([2.0, 1.0, -1.0], lr=0.1, gamma=0.9)


@exercises.add(
    hint=r"Each step multiplies the old velocity by $\gamma$.",
    solution_code="""
answer = 0.9**5  # each step multiplies the old velocity by gamma
""",
)
def momentum_weight() -> Any:
    return _momentum_velocity([1.0, 0, 0, 0, 0, 0], lr=1.0, gamma=0.9)


@exercises.add(
    hint=(
        r"The weights add up to the geometric series $1 + \gamma + \gamma^2 + "
        r"\dots = 1/(1-\gamma)$."
    ),
    solution_code="""
answer = 1 / (1 - 0.95)  # the geometric series 1 + gamma + gamma^2 + ...
""",
)
def momentum_speedup() -> Any:
    return _momentum_velocity([1.0] * 500, lr=1.0, gamma=0.95)


QUIZ: list[dict[str, Any]] = [
    {
        "text": r"What does the momentum update become when $\gamma = 0$?",
        "choices": [
            "Plain gradient descent",
            "A random walk",
            "A step of fixed length",
            "It stops moving",
        ],
        "answer": 0,
        "explanation": (
            r"With $\gamma = 0$ the velocity is $u_t = \eta \nabla "
            r"L(\theta_t)$, the gradient-descent step."
        ),
    },
    {
        "text": (
            "On a long narrow valley, GD zig-zags between the steep walls and "
            "crawls along the floor. Which change builds up speed along the "
            "floor while the sideways steps partly cancel?"
        ),
        "choices": [
            "Decreasing the learning rate over time",
            "Adding momentum to the updates",
            "Computing the gradient on a single data point",
            "Starting closer to a wall",
        ],
        "answer": 1,
        "explanation": (
            "Momentum sums past gradients: components that keep their "
            "sign add up, components that flip sign cancel."
        ),
    },
    {
        "text": (
            r"With $\gamma = 0.9$ and a gradient that stays the same, the "
            "momentum step approaches how many times the GD step?"
        ),
        "choices": [
            "0.9",
            "1.9",
            "10",
            "90",
        ],
        "answer": 2,
        "explanation": (
            r"The weights $1 + \gamma + \gamma^2 + \dots$ add up to "
            r"$1/(1-\gamma) = 10$."
        ),
    },
    {
        "text": (
            r"Momentum in the average form $V = \beta V + (1-\beta)\nabla L$, "
            r"$\theta \leftarrow \theta - \alpha V$ takes the same path as the "
            r"history form $u = \gamma u + \eta \nabla L$ when"
        ),
        "choices": [
            r"$\gamma = \beta$ and $\eta = \alpha$",
            r"$\gamma = \beta$ and $\eta = \alpha(1-\beta)$",
            r"$\gamma = 1 - \beta$ and $\eta = \alpha$",
            "never: they are different methods",
        ],
        "answer": 1,
        "explanation": (
            r"Multiply the average form by $\alpha$: $u = \alpha V$ "
            "follows the history form with learning rate "
            r"$\alpha(1-\beta)$."
        ),
    },
    {
        "text": "Why does momentum make U-turns near a minimum?",
        "choices": [
            "The gradient is wrong there",
            "The learning rate grows near the minimum",
            "Momentum ignores the gradient",
            (
                "The velocity built up earlier carries it past the minimum "
                "before the gradient can reverse it"
            ),
        ],
        "answer": 3,
        "explanation": (
            "The gradient must first cancel the accumulated velocity, "
            "which takes several steps, so the path overshoots and turns "
            "back."
        ),
    },
]


def quiz() -> Quiz:
    """The chapter's quiz (works with no kernel and no JavaScript)."""
    return make_quiz(QUIZ)
