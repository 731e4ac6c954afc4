"""Chapter 9, RMSProp and Adadelta: forgetting old gradients: exercises and quiz."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import optimizers
from ..course import ExerciseSet, make_quiz
from ..quiz import Quiz

exercises = ExerciseSet(namespace={"np": np})


@exercises.add(
    hint=r"$v_0 = (1-\beta) g_0^2$; the step is $\eta\, g_0 / \sqrt{v_0}$.",
    solution_code="""
# Solution: v_0 = 0.1 * 25, so the step is 0.01 * 5 / sqrt(2.5) = 0.01 / sqrt(0.1).
answer = 0.01 / np.sqrt(1 - 0.9)
""",
)
def rmsprop_first_step() -> Any:
    opt = optimizers.RMSProp(lr=0.01, beta=0.9)
    theta, _ = opt.update(np.zeros(1), opt.init(np.zeros(1)), lambda _: np.array([5.0]))
    return abs(theta[0])


@exercises.add(
    hint=(
        r"The weights $(1-\beta)\beta^k$ for $k = 0, \dots, 9$ form a "
        "geometric series."
    ),
    solution_code="""
# Solution: (1 - beta) * (1 + beta + ... + beta^9) = 1 - beta^10.
answer = 1 - 0.9**10
""",
)
def rmsprop_memory() -> Any:
    weights = (1 - 0.9) * 0.9 ** np.arange(10_000)  # weight of a gradient k steps old
    return weights[:10].sum()


@exercises.add(
    hint=r"$E[\Delta\theta^2]_{-1} = 0$ and $E[g^2]_0 = (1-\rho)\, g_0^2$.",
    solution_code="""
# Solution: sqrt(0 + eps) / sqrt(0.1 * 4 + eps) * 2.
answer = np.sqrt(1e-6) / np.sqrt(0.1 * 2.0**2 + 1e-6) * 2.0
""",
)
def adadelta_first_step() -> Any:
    adadelta = optimizers.Adadelta(rho=0.9, eps=1e-6)
    theta_1, _ = adadelta.update(np.zeros(1), adadelta.init(np.zeros(1)), lambda _: np.array([2.0]))
    return -theta_1[0]


QUIZ: list[dict[str, Any]] = [
    {
        "text": "What does RMSProp change in AdaGrad's update?",
        "choices": [
            "It adds momentum",
            ("It replaces the sum of squared gradients by an exponentially decaying average"),
            "It removes the square root",
            r"It uses a different $\eta$ at every step from a schedule",
        ],
        "answer": 1,
        "explanation": (
            r"$v_t = \beta v_{t-1} + (1-\beta) g_t^2$ forgets old "
            "gradients, so $v_t$ can shrink again and the effective rate "
            "does not vanish."
        ),
    },
    {
        "text": (
            "The gradient of one parameter stays at a constant $g$. After many "
            "steps, how long are RMSProp's steps for it?"
        ),
        "choices": [
            r"About $\eta / \sqrt{t}$",
            r"About $\eta\, |g|$",
            r"About $\eta$",
            "Zero",
        ],
        "answer": 2,
        "explanation": (
            r"$v_t \to g^2$, so the step $\eta g / \sqrt{v_t}$ tends to "
            r"$\pm\eta$."
        ),
    },
    {
        "text": "Why does Adadelta need no global learning rate?",
        "choices": [
            "It uses second derivatives",
            (
                "The ratio of the RMS of past updates to the RMS of gradients "
                r"already has the units of $\theta$"
            ),
            r"Its $\epsilon$ is chosen automatically",
            "It only works on sparse data",
        ],
        "answer": 1,
        "explanation": (
            r"$\mathrm{RMS}[\Delta\theta] / \mathrm{RMS}[g] \cdot g$ has "
            r"units of $\theta$, like a Newton step."
        ),
    },
    {
        "text": "In Adadelta, what sets the size of the first steps?",
        "choices": [
            r"The learning rate $\eta$",
            "The gradient",
            r"$\epsilon$ (and $\rho$)",
            "The loss value",
        ],
        "answer": 2,
        "explanation": (
            r"With $E[\Delta\theta^2] = 0$ the numerator is "
            r"$\sqrt{\epsilon}$; the first step is about "
            r"$\sqrt{\epsilon/(1-\rho)}$ long in every coordinate."
        ),
    },
    {
        "text": "Which statement compares RMSProp and Adadelta correctly?",
        "choices": [
            "They were derived from Adam",
            (
                r"RMSProp's update equals Adadelta's with $\eta$ in place of "
                "the RMS of past updates"
            ),
            "Adadelta keeps a sum of all past gradients",
            "RMSProp has no hyperparameters",
        ],
        "answer": 1,
        "explanation": (
            "Both divide by the RMS of recent gradients; Adadelta "
            r"replaces RMSProp's $\eta$ by the RMS of its own recent "
            "updates. They were developed independently to fix AdaGrad's "
            "vanishing learning rate."
        ),
    },
]


def quiz() -> Quiz:
    """The chapter's quiz (works with no kernel and no JavaScript)."""
    return make_quiz(QUIZ)
