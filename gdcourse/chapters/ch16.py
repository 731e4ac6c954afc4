"""Chapter 16, Schedules and Adam's variants: exercises and quiz."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import optimizers, schedules
from ..course import ExerciseSet, make_quiz
from ..quiz import Quiz
from ..run import run

exercises = ExerciseSet(namespace={"np": np})


@exercises.add(
    hint=(
        r"$\eta_t = \eta_{\min} + \tfrac12(\eta_{\max} - \eta_{\min})(1 + "
        r"\cos(\pi t / T))$."
    ),
    solution_code="""
answer = 0.001 + 0.5 * (0.1 - 0.001) * (1 + np.cos(np.pi * 50 / 200))
""",
)
def cosine_eta() -> Any:
    return schedules.cosine_annealing(0.1, 200, lr_min=0.001)(50)


@exercises.add(
    hint=(
        r"At the first step $\hat m_1 / \sqrt{\hat v_1} = \pm 1$ in every "
        r"coordinate, so each coordinate moves by $\eta$."
    ),
    solution_code="""
answer = 0.01 * np.sqrt(100)  # every coordinate moves by eta, whatever its gradient
""",
)
def adam_first_step() -> Any:
    rng = np.random.default_rng(1)
    scales = rng.uniform(0.01, 100, size=100)  # wildly different gradient sizes per coordinate
    thetas = run(
        optimizers.Adam(lr=0.01), lambda theta: scales * theta, rng.standard_normal(100), steps=1
    ).thetas
    return np.linalg.norm(thetas[1] - thetas[0])


@exercises.add(
    hint=r"Yogi: $v \leftarrow v - (1-\beta_2)\,\operatorname{sign}(v - g^2)\,g^2$.",
    solution_code="""
answer = 4 - (1 - 0.9) * np.sign(4 - 1**2) * 1**2  # only (1 - beta2) g^2 = 0.1 is subtracted
""",
)
def yogi_v() -> Any:
    yogi = optimizers.Yogi(lr=0.1, beta2=0.9, initial_v=4.0, bias_correction=False)
    _, state = yogi.update(np.zeros(1), yogi.init(np.zeros(1)), lambda point: np.ones(1))
    return state.v[0]


QUIZ: list[dict[str, Any]] = [
    {
        "text": (
            "With its bias corrections, how far does Adam move a parameter on its very first step?"
        ),
        "choices": [
            r"$\eta$ times the gradient",
            r"about $\eta$, whatever the size of the gradient",
            "not at all: $m$ and $v$ start at zero",
            r"$\eta / \sqrt{1 - \beta_2}$",
        ],
        "answer": 1,
        "explanation": (
            r"$\hat m_1 = g_1$ and $\hat v_1 = g_1^2$, so the step is "
            r"$\eta\, g_1 / |g_1| = \eta\,\mathrm{sign}(g_1)$. A warm-up "
            "keeps these blind first steps small."
        ),
    },
    {
        "text": (
            "Mini-batch training with a constant learning rate has stopped "
            "improving, and the loss jitters. Which change is most likely to "
            "lower the final loss?"
        ),
        "choices": [
            "Raise the learning rate",
            "Let the learning rate decay towards zero at the end",
            "Restart the run from the beginning",
            "Use a longer warm-up",
        ],
        "answer": 1,
        "explanation": (
            "The jitter is the noise floor of the constant step; small "
            "final steps average the gradient noise away (cosine "
            "annealing, one-cycle, decay)."
        ),
    },
    {
        "text": (
            "On Reddi et al.'s problem the gradient is $C = 3$ once and $-1$ "
            r"twice per cycle. Why does Adam with $\beta_2 = 1/(1+C^2)$ drift to "
            "$x = +1$?"
        ),
        "choices": [
            "Its learning rate is too large",
            (
                "Its $v$ forgets the large gradient within a step or two, so "
                "the two small gradients give steps as large as the one large "
                "gradient"
            ),
            "Momentum carries it past the minimum",
            "The projection pushes it to the boundary",
        ],
        "answer": 1,
        "explanation": (
            "Each gradient is divided by its own recent size, so all "
            "three steps have about the same length and the two small "
            "ones win."
        ),
    },
    {
        "text": (
            "The gradients suddenly become 100 times smaller. What happens to Yogi's $v$ per step?"
        ),
        "choices": [
            r"It is multiplied by $\beta_2$",
            r"It decreases by $(1 - \beta_2)\,g^2$, a tiny amount",
            "It is reset to the new $g^2$",
            "It stays exactly the same forever",
        ],
        "answer": 1,
        "explanation": (
            r"Yogi subtracts $(1-\beta_2)\,g_t^2$ when $g_t^2 < v$; Adam "
            r"would multiply $v$ by about $\beta_2$, so its effective step "
            "would grow quickly."
        ),
    },
]


def quiz() -> Quiz:
    """The chapter's quiz (works with no kernel and no JavaScript)."""
    return make_quiz(QUIZ)
