"""Chapter 12, Weight initialization: exercises and quiz."""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from .. import initializers, nn, optimizers
from ..course import ExerciseSet, make_quiz
from ..quiz import Quiz
from ..run import run

exercises = ExerciseSet(namespace={"np": np})


@exercises.add(
    hint=(
        r"$\operatorname{Var}(U(-a, a)) = a^2/3$; then multiply by "
        r"$f_\text{in}$."
    ),
    solution_code="""
# Solution: Var(w) = a²/3 = 1/(3·512), times fan_in = 512, times Var(x) = 1.
answer = 512 * (1 / np.sqrt(512)) ** 2 / 3
""",
    rtol=0.01,
)
def uniform_rule_variance() -> Any:
    fan_in, var_x = 512, 1.0
    a = 1 / np.sqrt(fan_in)  # initializers.uniform_fan_in draws from U(-a, a)
    return fan_in * a**2 / 3 * var_x


@exercises.add(
    hint=(
        "ReLU halves $E[a^2]$, so you need "
        r"$f_\text{in}\operatorname{Var}(w) = 2$."
    ),
    solution_code="""
# Solution: fan_in · sigma² = 2, so sigma = sqrt(2 / 50) = 0.2.
answer = np.sqrt(2 / 50)
""",
    rtol=0.01,
)
def he_sigma() -> Any:
    return initializers.he_normal((50, 20000), rng=np.random.default_rng(8)).std()


@exercises.add(
    hint="Equal columns get equal gradients, at every step.",
    solution_code="""
# Solution: the symmetry is never broken, so all eight units are one and the same.
answer = 1
""",
)
def distinct_units() -> Any:
    rng = np.random.default_rng(0)  # the chapter's circle data
    X = rng.uniform(-1, 1, size=(200, 2))
    y = (np.sum(X**2, axis=1) < 0.5).astype(float)
    init = functools.partial(initializers.constant, value=0.3)
    mlp = nn.MLP([2, 8, 1], activation="tanh", init=init)
    theta0 = mlp.init_params(np.random.default_rng(9))
    theta = run(optimizers.Adam(lr=0.05), nn.NetworkProblem(mlp, X, y), theta0, steps=200).final
    W1 = mlp.unflatten(theta)[0][0]
    return np.unique(W1.round(8), axis=1).shape[1]


QUIZ: list[dict[str, Any]] = [
    {
        "text": (
            "A network starts with every weight equal to 0.5 and every bias 0. "
            "What happens to its hidden units during training?"
        ),
        "choices": [
            "They learn different features, just more slowly",
            "They stay identical: each gets the same gradient at every step",
            "They all die and output 0",
            "The network diverges",
        ],
        "answer": 1,
        "explanation": (
            "Equal weights give equal outputs and equal gradients, so "
            "every update keeps them equal: the symmetry is never broken. "
            "Random starting weights are needed to break it."
        ),
    },
    {
        "text": (
            r"For $z = \sum_{i=1}^{f_\text{in}} w_i x_i$ with independent, "
            r"zero-mean $w_i$ and $x_i$, what is $\operatorname{Var}(z)$?"
        ),
        "choices": [
            r"$\operatorname{Var}(w) + \operatorname{Var}(x)$",
            r"$f_\text{in}\,\operatorname{Var}(w)\operatorname{Var}(x)$",
            r"$\operatorname{Var}(w)\operatorname{Var}(x) / f_\text{in}$",
            r"$f_\text{in}^2\,\operatorname{Var}(w)\operatorname{Var}(x)$",
        ],
        "answer": 1,
        "explanation": (
            "Each term has variance "
            r"$\operatorname{Var}(w)\operatorname{Var}(x)$ and the "
            r"$f_\text{in}$ independent terms add up."
        ),
    },
    {
        "text": (
            "The weights of a deep tanh network are drawn with a standard "
            "deviation far too large. What do the hidden activations look like?"
        ),
        "choices": [
            "Bunched near 0 in every layer",
            ("Piled up near $-1$ and $+1$, with almost no gradient passing through"),
            "Uniform between $-1$ and $1$",
            "Growing without bound from layer to layer",
        ],
        "answer": 1,
        "explanation": (
            "Large pre-activations push tanh into its flat ends: the "
            r"units saturate and $\tanh'(z) \approx 0$. (Growing without "
            "bound is what a ReLU network does with too-large weights.)"
        ),
    },
    {
        "text": "Which initializer suits a deep ReLU network best?",
        "choices": [
            "All weights zero",
            "Xavier/Glorot normal",
            r"He/Kaiming normal, $\sigma = \sqrt{2/f_\text{in}}$",
            "$U(-1, 1)$ whatever the layer size",
        ],
        "answer": 2,
        "explanation": (
            "A ReLU zeroes about half of its inputs, halving $E[a^2]$; "
            "He's factor 2 puts the variance back, while Xavier lets it "
            "shrink by half at every layer."
        ),
    },
    {
        "text": (
            r"Why is Xavier's uniform bound $\sqrt{6/(f_\text{in} + "
            r"f_\text{out})}$ and not $\sqrt{2/(f_\text{in} + f_\text{out})}$?"
        ),
        "choices": [
            (
                "The uniform distribution has variance $a^2/3$, so $a$ must "
                r"be $\sqrt3$ times the normal $\sigma$"
            ),
            "Uniform weights need three times more variance than normal ones",
            "It is an empirical correction from the paper",
            "To make the weights positive",
        ],
        "answer": 0,
        "explanation": (
            r"Both forms aim at the same variance $2/(f_\text{in} + "
            r"f_\text{out})$; solving $a^2/3$ = that variance gives the 6."
        ),
    },
]


def quiz() -> Quiz:
    """The chapter's quiz (works with no kernel and no JavaScript)."""
    return make_quiz(QUIZ)
