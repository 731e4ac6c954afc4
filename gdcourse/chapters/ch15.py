"""Chapter 15, Conditioning and convergence: exercises and quiz."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import optimizers, problems
from ..course import ExerciseSet, make_quiz
from ..quiz import Quiz
from ..run import run

exercises = ExerciseSet(namespace={"np": np})


@exercises.add(
    hint=(
        r"The best fixed step is $\eta^* = 2/(\lambda_{\min} + "
        r"\lambda_{\max})$; the slowest direction then shrinks by $(\kappa - "
        r"1)/(\kappa + 1)$ per step."
    ),
    solution_code="""
answer = (25 - 1) / (25 + 1)  # (kappa - 1)/(kappa + 1) = 12/13
""",
)
def gd_best_rate() -> Any:
    bowl25 = problems.quadratic_bowl(condition_number=25)
    thetas = run(optimizers.GD(lr=2 / 26), bowl25, bowl25.start, steps=40).thetas
    norms = np.linalg.norm(thetas, axis=1)
    return (norms[40] / norms[0]) ** (1 / 40)


@exercises.add(
    hint=r"Critical damping: $\gamma^* = (1 - \sqrt{\eta\lambda})^2$.",
    solution_code="""
answer = (1 - np.sqrt(0.04)) ** 2  # gamma* = (1 - 0.2)^2 = 0.64, rate 0.8
""",
)
def critical_gamma() -> Any:
    gamma_grid = np.linspace(0.0, 0.99, 9901)
    eta_lam = 0.04  # eta * lambda
    matrices = np.array(
        [[1 - eta_lam + 0 * gamma_grid, -gamma_grid], [eta_lam + 0 * gamma_grid, gamma_grid]]
    )
    radii = np.abs(np.linalg.eigvals(matrices.transpose(2, 0, 1))).max(axis=1)
    return gamma_grid[np.argmin(radii)]


@exercises.add(
    hint=(
        r"At the floor $E[x^2]$ stops changing: solve $x = (1-\eta\lambda)^2 "
        r"x + \eta^2\sigma^2$."
    ),
    solution_code="""
answer = 0.2 / (1 * (2 - 0.2))  # eta sigma^2 / (lambda (2 - eta lambda)) = 1/9
""",
)
def noise_floor() -> Any:
    floor = 9.0
    for _ in range(500):
        floor = (1 - 0.2) ** 2 * floor + 0.2**2
    return floor


QUIZ: list[dict[str, Any]] = [
    {
        "text": (
            r"GD on a quadratic with eigenvalues $\lambda_{\min} = 1$ and "
            r"$\lambda_{\max} = 50$. Which learning rate gives the fastest "
            "guaranteed convergence?"
        ),
        "choices": [
            r"$\eta = 1/50$",
            r"$\eta = 2/51$",
            r"$\eta = 2/50$",
            r"$\eta = 1$",
        ],
        "answer": 1,
        "explanation": (
            r"$\eta^* = 2/(\lambda_{\min} + \lambda_{\max})$ balances the "
            r"flat direction's $1 - \eta\lambda_{\min}$ against the steep "
            r"direction's $\eta\lambda_{\max} - 1$; $2/50$ is the edge of "
            "stability."
        ),
    },
    {
        "text": (
            r"The condition number grows from $\kappa$ to $100\kappa$. Roughly "
            "how many more steps do the best GD and the best momentum need for "
            "the same accuracy?"
        ),
        "choices": [
            "Both 100 times more",
            "GD 100 times, momentum 10 times more",
            "GD 10 times, momentum 100 times more",
            "Both 10 times more",
        ],
        "answer": 1,
        "explanation": (
            r"The steps scale like $\kappa$ for GD and like $\sqrt\kappa$ "
            r"for momentum, whose optimal rate is $(\sqrt\kappa - "
            r"1)/(\sqrt\kappa + 1)$."
        ),
    },
    {
        "text": (
            r"On the phase diagram, a direction with $\eta\lambda$ "
            r"strictly inside the band $(1-\sqrt\gamma)^2 < \eta\lambda < "
            r"(1+\sqrt\gamma)^2$ converges at which rate?"
        ),
        "choices": [
            r"$1 - \eta\lambda$",
            r"$\sqrt\gamma$",
            r"$\gamma$",
            r"$1 - \sqrt{\eta\lambda}$",
        ],
        "answer": 1,
        "explanation": (
            r"The two eigenvalues of the $2\times2$ matrix are complex "
            r"conjugates whose product is $\gamma$, so each has modulus "
            r"$\sqrt\gamma$, whatever $\eta\lambda$."
        ),
    },
    {
        "text": (
            "Why do AdaGrad, RMSProp and Adam help on a stretched bowl whose "
            "axes are the coordinate axes, but not on the same bowl rotated by "
            "45°?"
        ),
        "choices": [
            "They only work in two dimensions",
            "They rescale each coordinate separately, a diagonal preconditioner",
            "Their learning rate is too small for rotated bowls",
            "The rotated bowl has a larger condition number",
        ],
        "answer": 1,
        "explanation": (
            "A diagonal rescaling can undo a stretch along the coordinate "
            "axes but not one along a diagonal; the condition number is "
            "the same for both bowls."
        ),
    },
    {
        "text": (
            "Which learning-rate schedule meets both Robbins–Monro conditions "
            r"$\sum\eta_t = \infty$ and $\sum\eta_t^2 < \infty$?"
        ),
        "choices": [
            r"$\eta_t = 0.01$",
            r"$\eta_t = 1/(t+1)$",
            r"$\eta_t = 1/(t+1)^2$",
            r"$\eta_t = 1/\sqrt{t+1}$",
        ],
        "answer": 1,
        "explanation": (
            r"$\sum 1/t$ diverges while $\sum 1/t^2$ converges. A constant "
            r"and $1/\sqrt t$ have $\sum\eta_t^2 = \infty$; $1/t^2$ has "
            r"$\sum\eta_t < \infty$."
        ),
    },
]


def quiz() -> Quiz:
    """The chapter's quiz (works with no kernel and no JavaScript)."""
    return make_quiz(QUIZ)
