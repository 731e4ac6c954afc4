"""Chapter 5, Nesterov accelerated gradient: exercises and quiz."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import optimizers
from ..course import ExerciseSet, make_quiz
from ..quiz import Quiz


def _nag_look_ahead(theta: float, u_previous: float, gamma: float) -> float:
    """The point where the library's NAG takes the gradient, for 1-D theta_t and u_{t-1}."""
    optimizer = optimizers.NAG(lr=0.1, gamma=gamma)
    start = np.array([theta])
    state = optimizer.init(start)._replace(u=np.array([u_previous]))
    seen: list[float] = []

    def grad(point: Any) -> Any:
        seen.append(float(point[0]))
        return np.zeros(1)

    optimizer.update(start, state, grad)
    return seen[0]


def _nag_step(theta: float, u_previous: float, lr: float, gamma: float) -> float:
    """One step of the library's NAG on L = theta^2 for a 1-D theta; returns theta_{t+1}."""
    optimizer = optimizers.NAG(lr=lr, gamma=gamma)
    start = np.array([theta])
    state = optimizer.init(start)._replace(u=np.array([u_previous]))
    return float(optimizer.update(start, state, lambda point: 2 * point)[0][0])


exercises = ExerciseSet(namespace={"np": np})


@exercises.add(
    hint=r"Move by the momentum alone: $\theta_t - \gamma u_{t-1}$.",
    solution_code="""
answer = 2.0 - 0.9 * 0.5  # theta_t - gamma * u_{t-1}
""",
)
def nag_look_ahead() -> Any:
    return _nag_look_ahead(2.0, 0.5, gamma=0.9)


@exercises.add(
    hint=(
        r"First the look-ahead point, then $u_t = \gamma u_{t-1} + \eta\nabla "
        r"L$ there, then $\theta_{t+1} = \theta_t - u_t$."
    ),
    solution_code="""
look_ahead = 1.0 - 0.9 * 0.5  # 0.55
u = 0.9 * 0.5 + 0.1 * (2 * look_ahead)  # 0.45 + 0.11 = 0.56
answer = 1.0 - u  # 0.44
""",
)
def nag_step() -> Any:
    return _nag_step(1.0, 0.5, lr=0.1, gamma=0.9)


@exercises.add(
    hint=(
        r"$p_{t+1} = \theta_{t+1} - \gamma u_t$, with $\theta_{t+1}$ and "
        "$u_t$ of exercise 2."
    ),
    solution_code="""
answer = 0.44 - 0.9 * 0.56  # p_{t+1} = theta_{t+1} - gamma * u_t
""",
)
def torch_point() -> Any:
    theta_next = _nag_step(1.0, 0.5, lr=0.1, gamma=0.9)  # exercise 2
    u_t = 1.0 - theta_next  # theta_{t+1} = theta_t - u_t
    return _nag_look_ahead(theta_next, u_t, gamma=0.9)


QUIZ: list[dict[str, Any]] = [
    {
        "text": "Where does NAG evaluate the gradient at step $t$?",
        "choices": [
            r"At $\theta_t$",
            r"At $\theta_t - \gamma u_{t-1}$",
            r"At $\theta_t - u_{t-1}$ and at $\theta_t$, then averages",
            "At the minimum",
        ],
        "answer": 1,
        "explanation": (
            r"At the look-ahead point: where the momentum $\gamma u_{t-1}$ "
            "alone would carry us."
        ),
    },
    {
        "text": "Why does NAG make fewer and shorter U-turns than momentum?",
        "choices": [
            "It uses a smaller learning rate",
            "It resets the velocity at every U-turn",
            ("It feels the slope rising beyond the minimum one step earlier and brakes sooner"),
            "It takes two gradients per step",
        ],
        "answer": 2,
        "explanation": (
            "The look-ahead gradient already points back when momentum is "
            "about to overshoot, so the correction starts earlier."
        ),
    },
    {
        "text": "How many gradient evaluations does one NAG step need?",
        "choices": [
            "One",
            "None",
            "Two",
            "As many as the number of parameters",
        ],
        "answer": 0,
        "explanation": "One, like momentum; it is only taken at a different point.",
    },
    {
        "text": (
            "`torch.optim.SGD(nesterov=True)` stores the point $p_t$. How does "
            "it relate to NAG in this chapter's look-ahead form?"
        ),
        "choices": [
            "It is a different, approximate method",
            r"$p_t$ equals $\theta_t$ exactly",
            "$p_t$ is the average of all past iterates",
            (
                r"$p_t$ is the look-ahead point $\theta_t - \gamma "
                "u_{t-1}$; it is the same method"
            ),
        ],
        "answer": 3,
        "explanation": (
            r"Rewriting NAG in the shifted variable $p_t = \theta_t - "
            r"\gamma u_{t-1}$ gives torch's update, and the paths agree to "
            "round-off."
        ),
    },
]


def quiz() -> Quiz:
    """The chapter's quiz (works with no kernel and no JavaScript)."""
    return make_quiz(QUIZ)
