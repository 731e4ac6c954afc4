"""Chapter 19, optimizers of the 2020s: exercises and quiz."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import optimizers
from ..course import ExerciseSet, make_quiz
from ..optimizers.muon import NS_COEFFICIENTS
from ..quiz import Quiz

exercises = ExerciseSet(namespace={"np": np, "optimizers": optimizers})


@exercises.add(
    hint=(
        r"$\rho_\infty = 2/(1-\beta_2) - 1$ and "
        r"$\rho_t = \rho_\infty - 2t\beta_2^t/(1-\beta_2^t)$."
    ),
    solution_code="""
# Solution: the two formulas of the chapter with beta2 = 0.99.
beta2, t = 0.99, 10
rho_inf = 2 / (1 - beta2) - 1
answer = [rho_inf, rho_inf - 2 * t * beta2**t / (1 - beta2**t)]
print(answer)
""",
)
def radam_rho() -> Any:
    beta2, t = 0.99, 10
    rho_inf = 2 / (1 - beta2) - 1
    return np.array([rho_inf, rho_inf - 2 * t * beta2**t / (1 - beta2**t)])


@exercises.add(
    hints=[
        "Adafactor keeps one number per row and one per column of the matrix.",
        "Adam keeps m and v, each as large as the matrix, 8 bytes per number.",
    ],
    solution_code="""
# Solution: n + k numbers for Adafactor; 2 * n * k * 8 bytes for Adam.
answer = [1024 + 4096, 2 * 1024 * 4096 * 8]
""",
)
def state_sizes() -> Any:
    matrix = np.zeros((1024, 4096))
    factored = optimizers.Adafactor().init(matrix)
    numbers = sum(a.size for a in (*factored.R, *factored.C) if a is not None)
    adam = optimizers.Adam().init(matrix)
    return np.array([numbers, adam.m.nbytes + adam.v.nbytes], dtype=float)


@exercises.add(
    hint=r"$p(\sigma) = a\sigma + b\sigma^3 + c\sigma^5$.",
    solution_code="""
# Solution: apply the quintic once.
a, b, c = 3.4445, -4.7750, 2.0315
answer = a * 0.1 + b * 0.1**3 + c * 0.1**5
""",
)
def newton_schulz_map() -> Any:
    a, b, c = NS_COEFFICIENTS
    sigma = 0.1
    return a * sigma + b * sigma**3 + c * sigma**5


@exercises.add(
    hints=[
        r"$c_1 = (1 - \beta_1) g$ has the sign of $g$; every coordinate moves "
        r"by $\eta$ against it.",
        r"$\operatorname{sign}(0) = 0$: a zero gradient does not move.",
    ],
    solution_code="""
# Solution: theta_1 = theta_0 - eta * sign((1 - beta1) * g).
g = np.array([3.0, -0.001, 0.0])
answer = np.ones(3) - 1e-4 * np.sign(0.1 * g)
print(answer)
""",
)
def lion_step() -> Any:
    lion = optimizers.Lion(lr=1e-4)
    theta0 = np.ones(3)
    theta1, _ = lion.update(theta0, lion.init(theta0), lambda theta: np.array([3.0, -0.001, 0.0]))
    return theta1


QUIZ: list[dict[str, Any]] = [
    {
        "text": "Why does RAdam take plain momentum steps during its first few steps?",
        "choices": [
            "Because momentum is faster than Adam on every problem",
            r"Because $\hat v_t$ averages so few squared gradients that the variance of "
            r"$1/\sqrt{\hat v_t}$ is not even finite",
            r"Because $\hat m_t$ is biased towards zero at the start",
            "Because the learning rate is still zero",
        ],
        "answer": 1,
        "explanation": (
            r"While $\rho_t \le 4$ the adaptive factor has infinite variance; RAdam "
            r"waits until $\rho_t > 5$ and then scales by $r_t$, a built-in warm-up."
        ),
    },
    {
        "text": (
            r"For a $1000 \times 1000$ weight matrix, how many numbers of state does "
            r"Adafactor keep, compared with Adam's $2\times 10^6$?"
        ),
        "choices": [
            r"$10^6$: it drops only the first moment",
            "2000: one row and one column of mean squared gradients",
            "1: the mean of all squared gradients",
            r"$2\times 10^6$: it only changes how $v$ is used",
        ],
        "answer": 1,
        "explanation": (
            "Adafactor keeps the row means and column means of the squared gradients "
            "and no first moment, and rebuilds a rank-1 table from them."
        ),
    },
    {
        "text": "Why should Lion's learning rate be several times smaller than AdamW's?",
        "choices": [
            "Because Lion has no bias correction",
            "Because its sign update moves every coordinate by the full learning rate, "
            "a larger update than Adam's typical one",
            "Because Lion keeps no state",
            "Because Lion's momentum is slower",
        ],
        "answer": 1,
        "explanation": (
            r"$\operatorname{sign}(c_t)$ has root mean square 1; Adam's "
            r"$\hat m/\sqrt{\hat v}$ is smaller when gradients are noisy."
        ),
    },
    {
        "text": "What does Muon's Newton–Schulz iteration do to the momentum matrix?",
        "choices": [
            "It zeroes all but the largest singular value",
            "It pushes all singular values towards 1, keeping the singular vectors",
            "It divides every entry by its own running RMS",
            "It takes the sign of every entry",
        ],
        "answer": 1,
        "explanation": (
            r"Each step maps $\sigma \mapsto a\sigma + b\sigma^3 + c\sigma^5$; the "
            r"result approximates $U V^\top$, so weak directions get as much step as "
            "strong ones."
        ),
    },
    {
        "text": "Which of these can L-BFGS *not* do well?",
        "choices": [
            "Minimize a smooth full-batch loss in few steps",
            "Follow a curved valley such as Rosenbrock's",
            "Train on mini-batches, whose gradient differences are mostly noise",
            "Work without forming the Hessian",
        ],
        "answer": 2,
        "explanation": (
            r"Its curvature pairs $y_k = \nabla L(\theta_{k+1}) - \nabla L(\theta_k)$ "
            "need the same, exact loss at both points; gdcourse.run refuses "
            "mini-batches for it."
        ),
    },
]


def quiz() -> Quiz:
    """The chapter's quiz (works with no kernel and no JavaScript)."""
    return make_quiz(QUIZ)
