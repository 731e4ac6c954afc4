"""Chapter 10, Adam: momentum and RMSProp, with a bias correction: exercises and quiz."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import optimizers, problems
from ..course import ExerciseSet, make_quiz
from ..quiz import Quiz
from ..run import run

_THETA0 = (-2.0, -2.0)  # the chapter's start on the toy neuron


def _notebook_variables() -> dict[str, Any]:
    """The notebook variables the solutions use (the tests run each solution in it)."""
    return {"np": np, "toy": problems.sigmoid_neuron(), "theta0": np.array(_THETA0)}


def _first_step(optimizer: Any) -> Any:
    toy, theta0 = problems.sigmoid_neuron(), np.array(_THETA0)
    theta1, _ = optimizer.update(theta0, optimizer.init(theta0), toy.grad)
    return theta1 - theta0


exercises = ExerciseSet(namespace=_notebook_variables)


@exercises.add(
    hint=r"At $t = 1$: $\hat m_1 = g_1$ and $\hat v_1 = g_1^2$.",
    solution_code="""
# Solution: m_hat_1 = g and v_hat_1 = g^2, so the step is alpha * g / (|g| + eps).
g = toy.grad(theta0)
m1, v1 = (1 - 0.9) * g, (1 - 0.999) * g**2
answer = theta0 - 0.001 * (m1 / (1 - 0.9)) / (np.sqrt(v1 / (1 - 0.999)) + 1e-8)
""",
    rtol=1e-09,
)
def adam_first_step() -> Any:
    return np.array(_THETA0) + _first_step(optimizers.Adam())  # Kingma & Ba's defaults


@exercises.add(
    hint=(
        r"Without correction, $m_1 = (1-\beta_1) g_1$ and $v_1 = "
        r"(1-\beta_2) g_1^2$."
    ),
    solution_code="""
# Solution: (1 - beta1) g / sqrt((1 - beta2) g^2) = (1 - beta1) / sqrt(1 - beta2) times sign(g).
answer = (1 - 0.9) / np.sqrt(1 - 0.999)
print(f"factor {answer:.4f}")
""",
)
def missing_correction_factor() -> Any:
    plain = _first_step(optimizers.Adam(lr=0.001, bias_correction=False))
    return plain[0] / _first_step(optimizers.Adam(lr=0.001))[0]


@exercises.add(
    hint=(
        r"With a constant gradient, $\hat m_t = g$ and $\hat v_t = g^2$ at "
        "every step."
    ),
    solution_code="""
# Solution: the corrected averages equal g and g^2 exactly, so every step is alpha (ε aside).
answer = 100 * 0.01
""",
)
def adam_distance() -> Any:
    def slope(theta: Any) -> Any:
        return np.array([0.5])  # the gradient of L(theta) = 0.5 * theta

    return abs(run(optimizers.Adam(lr=0.01), slope, [0.0], steps=100).final[0])


QUIZ: list[dict[str, Any]] = [
    {
        "text": ("Adam keeps two moving averages. Which earlier methods does each one come from?"),
        "choices": [
            "$m_t$ from AdaGrad, $v_t$ from Nesterov's look-ahead",
            "$m_t$ from momentum, $v_t$ from RMSProp",
            "$m_t$ from line search, $v_t$ from Rprop",
            r"Both from momentum, with two different $\gamma$",
        ],
        "answer": 1,
        "explanation": (
            "$m_t$ is momentum's average of the gradients (the "
            "direction); $v_t$ is RMSProp's average of the squared "
            "gradients (the per-parameter scale)."
        ),
    },
    {
        "text": (
            r"With $m_0 = 0$ and $\beta_1 = 0.9$, what is $E[m_1]$ if the "
            "gradients have mean $E[g]$?"
        ),
        "choices": [
            "$E[g]$",
            r"$0.9\,E[g]$",
            r"$0.1\,E[g]$",
            "$0$",
        ],
        "answer": 2,
        "explanation": (
            r"$m_1 = (1-\beta_1) g_1$, so $E[m_1] = (1 - \beta_1^1) E[g] = "
            r"0.1\,E[g]$. Dividing by $1 - \beta_1^t$ removes this bias."
        ),
    },
    {
        "text": (
            r"If you leave out both bias corrections (defaults $\beta_1 = 0.9$, "
            r"$\beta_2 = 0.999$), Adam's first steps are ..."
        ),
        "choices": [
            "about ten times too small, because $m$ starts at zero",
            "exactly right: the two biases cancel",
            (
                "several times too large, because $v$ is even more biased and "
                "sits in the denominator"
            ),
            "undefined: Adam divides by zero",
        ],
        "answer": 2,
        "explanation": (
            r"The first step is $(1-\beta_1)/\sqrt{1-\beta_2} \approx "
            r"3.16$ times too large and the excess peaks near $6.6\times$ "
            "around step 12."
        ),
    },
    {
        "text": "What does AMSGrad change in Adam?",
        "choices": [
            (
                "It divides by the largest $v$ seen so far, so a parameter's "
                "step size never grows back"
            ),
            "It adds a Nesterov look-ahead to $m$",
            r"It replaces $\sqrt{v_t}$ by the maximum of $|g|$",
            "It drops the first moment $m_t$",
        ],
        "answer": 0,
        "explanation": (
            r"$v^{\max}_t = \max(v^{\max}_{t-1}, v_t)$ keeps the memory of "
            "rare large gradients; AdaMax is the one that uses a maximum "
            "of $|g|$, NAdam the one with the look-ahead."
        ),
    },
    {
        "text": (
            r"Your gradients are of order $10^{-5}$. Which choice of $\epsilon = "
            r"10^{-8}$ keeps Adam's steps close to $\alpha$?"
        ),
        "choices": [
            r"Inside the root, $\sqrt{\hat v_t + \epsilon}$",
            r"Outside the root, $\sqrt{\hat v_t} + \epsilon$",
            "Both are the same for any gradient",
            r"Neither: $\epsilon$ must be 0",
        ],
        "answer": 1,
        "explanation": (
            r"Inside, $\epsilon$ competes with $g^2 \approx 10^{-10}$ and "
            r"dominates; outside it competes with $|g| \approx 10^{-5}$ "
            "and is negligible."
        ),
    },
]


def quiz() -> Quiz:
    """The chapter's quiz (works with no kernel and no JavaScript)."""
    return make_quiz(QUIZ)
