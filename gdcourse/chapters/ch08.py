"""Chapter 8, AdaGrad: one learning rate per parameter: exercises and quiz."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import optimizers, problems
from ..course import ExerciseSet, make_quiz
from ..quiz import Quiz
from ..run import run


def _sparse() -> Any:
    return problems.sparse_data(np.random.default_rng(0))  # as in the notebook


def _notebook_variables() -> dict[str, Any]:
    """The notebook variables the solutions use (the tests run each solution in it)."""
    problem = _sparse()
    return {
        "np": np,
        "optimizers": optimizers,
        "problem": problem,
        "theta0": problem.start,
        "eta": 0.1,
    }


exercises = ExerciseSet(namespace=_notebook_variables)


@exercises.add(
    hint=(
        r"At the first step $v_0 = g_0^2$, so $\theta_1 = \theta_0 - \eta\, "
        r"g_0 / \sqrt{g_0^2 + \epsilon}$."
    ),
    solution_code="""
# Solution: v_0 = g^2, then divide by sqrt(v_0 + eps).
g = problem.grad(theta0)
answer = theta0 - 0.5 * g / np.sqrt(g**2 + 1e-8)
""",
    rtol=1e-6,
)
def adagrad_first_step() -> Any:
    problem = _sparse()
    theta0 = problem.start
    reference = optimizers.AdaGrad(lr=0.5, eps=1e-8, eps_inside_sqrt=True)
    theta1, _ = reference.update(theta0, reference.init(theta0), problem.grad)
    return theta1


@exercises.add(
    hint=r"At step $t$ (from 1), $v = t g^2$, so the step is $\eta / \sqrt{t}$.",
    solution_code="""
# Solution: the t-th step has length eta * g / sqrt(t * g^2) = eta / sqrt(t).
t = np.arange(1, 101)
answer = np.sum(0.1 / np.sqrt(t))
print(f"distance {answer:.4f} vs the estimate 2·η·√T = {2 * 0.1 * np.sqrt(100):.4f}")
""",
)
def adagrad_distance() -> Any:
    def slope(theta: Any) -> Any:
        return np.array([0.5])  # the gradient of L(theta) = 0.5 * theta

    return abs(run(optimizers.AdaGrad(lr=0.1), slope, [0.0], steps=100).final[0])


@exercises.add(
    hint=r"Solve $|g_w| / \sqrt{g_w^2 + \epsilon} = 1/2$ for $\epsilon$.",
    solution_code="""
# Solution: |g| / sqrt(g^2 + eps) = 1/2  <=>  g^2 + eps = 4 g^2  <=>  eps = 3 g^2.
g_w = problem.grad(theta0)[0]
answer = 3 * g_w**2
opt = optimizers.AdaGrad(lr=eta, eps=answer, eps_inside_sqrt=True)
theta1, _ = opt.update(theta0, opt.init(theta0), problem.grad)
print(f"eps = {answer:.2e}: first Δw = {theta1[0] - theta0[0]:.4f} (η/2 = {eta / 2})")
""",
)
def eps_halves_first_step() -> Any:
    problem = _sparse()
    g_w = problem.grad(problem.start)[0]
    return 3 * g_w**2  # |g| / sqrt(g^2 + eps) = 1/2


QUIZ: list[dict[str, Any]] = [
    {
        "text": (
            "In the sparse data set, why does $w$ receive so little gradient compared with $b$?"
        ),
        "choices": [
            "Its learning rate is smaller than that of $b$",
            (
                "Each point's gradient for $w$ is multiplied by $x_i$, which "
                "is 0 for 80 % of the points"
            ),
            "The loss does not depend on $w$",
            "The sigmoid saturates for every point",
        ],
        "answer": 1,
        "explanation": (
            r"$\partial \ell_i / \partial w = \delta_i x_i$, so points "
            "with $x_i = 0$ contribute nothing to $w$'s gradient while "
            "all of them contribute to $b$'s."
        ),
    },
    {
        "text": (
            r"On AdaGrad's very first step (with a tiny $\epsilon$), how far does "
            "each parameter move?"
        ),
        "choices": [
            "In proportion to its gradient, as in GD",
            r"About $\eta$, whatever the size of its gradient",
            "Not at all: $v$ is still zero",
            r"About $\eta^2$",
        ],
        "answer": 1,
        "explanation": (
            r"$v_0 = g_0^2$, so the step is $\eta\, g_0 / |g_0| = \pm\eta$ "
            "in every coordinate."
        ),
    },
    {
        "text": (
            r"Can AdaGrad's effective learning rate $\eta / (\sqrt{v_t} + "
            r"\epsilon)$ for a parameter ever increase?"
        ),
        "choices": [
            "Yes, whenever the gradient becomes small",
            "Yes, after the loss increases",
            "No: $v_t$ is a running sum of squares, so it never decreases",
            r"Only if $\epsilon$ is placed inside the square root",
        ],
        "answer": 2,
        "explanation": (
            "Every step adds a square to $v_t$. The rate can only fall, "
            "which is why AdaGrad may slow to a crawl before reaching the "
            "minimum."
        ),
    },
    {
        "text": (
            r"A colleague sets AdaGrad's $\epsilon = 10^{-5}$ inside the square "
            "root. When does that hurt?"
        ),
        "choices": [
            r"Never, $\epsilon$ only prevents division by zero",
            (
                r"When gradients are of order $10^{-3}$ or smaller: $\epsilon$ "
                "then dominates $v_t$ and shrinks the step"
            ),
            "When gradients are larger than 1",
            "Only for the bias",
        ],
        "answer": 1,
        "explanation": (
            r"Inside the root, $\epsilon$ competes with $g^2$; for $|g| "
            r"\approx 10^{-3}$, $g^2 = 10^{-6}$ is smaller than $\epsilon "
            "= 10^{-5}$, so the step shrinks several-fold."
        ),
    },
    {
        "text": "For which kind of data is AdaGrad usually recommended?",
        "choices": [
            "Dense, low-dimensional data",
            "Sparse data, such as text features",
            "Data with no noise",
            "Very small data sets only",
        ],
        "answer": 1,
        "explanation": (
            "Rare features keep a large effective learning rate, so their weights still "
            "learn; GloVe word embeddings, for example, are trained with AdaGrad."
        ),
    },
]


def quiz() -> Quiz:
    """The chapter's quiz (works with no kernel and no JavaScript)."""
    return make_quiz(QUIZ)
