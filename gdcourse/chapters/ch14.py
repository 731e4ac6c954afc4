"""Chapter 14, Optimizing without gradients: exercises and quiz."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import nn, optimizers, problems
from ..course import ExerciseSet, make_quiz
from ..gradient_free import augmented_random_search
from ..quiz import Quiz
from ..run import run


def _notebook_variables() -> dict[str, Any]:
    """The notebook variables the solutions use (the tests run each solution in it)."""
    problem: Any = problems.sigmoid_neuron()
    return {"np": np, "problem": problem, "theta0": problem.start}


exercises = ExerciseSet(namespace=_notebook_variables)


@exercises.add(
    hint=("Each layer has fan_in × fan_out weights plus fan_out biases; then 2 per parameter."),
    solution_code="""
# Solution: (30·16 + 16) + (16·16 + 16) + (16·1 + 1) = 785 parameters, 2 evaluations each.
answer = 2 * ((30 * 16 + 16) + (16 * 16 + 16) + (16 * 1 + 1))
""",
)
def fd_cost() -> Any:
    return 2 * nn.MLP([30, 16, 16, 1]).n_params


@exercises.add(
    hint=(
        r"$\theta_1 = \theta_0 - \alpha\,(L(\theta_0 + \nu\delta) - "
        r"L(\theta_0 - \nu\delta))\,\delta$."
    ),
    solution_code="""
# Solution: the gains are minus the losses of the two probes.
delta = np.random.default_rng(5).standard_normal(2)
difference = problem.loss(theta0 + 0.1 * delta) - problem.loss(theta0 - 0.1 * delta)
answer = theta0 - 4.0 * difference * delta
""",
)
def ars_step() -> Any:
    problem: Any = problems.sigmoid_neuron()
    reference = augmented_random_search(
        problem.loss,
        problem.start,
        4.0,
        0.1,
        n_directions=1,
        steps=1,
        rng=np.random.default_rng(5),
    )
    return reference.thetas[1]


@exercises.add(
    hint=r"The steps are $0.1,\ 0.1 \cdot 1.2,\ 0.1 \cdot 1.2^2, \dots$",
    solution_code="""
# Solution: 0.1 · (1 + 1.2 + 1.2² + 1.2³ + 1.2⁴), a geometric series.
answer = 0.1 * sum(1.2**k for k in range(5))
print(f"{answer:.5f}")
""",
)
def rprop_distance() -> Any:
    return abs(run(optimizers.Rprop(lr=0.1), lambda theta: np.ones(1), [0.0], steps=5).final[0])


QUIZ: list[dict[str, Any]] = [
    {
        "text": (
            "How many loss evaluations does one central finite-difference "
            "gradient cost for $n$ parameters?"
        ),
        "choices": [
            "1",
            "2",
            "$n$",
            "$2n$",
        ],
        "answer": 3,
        "explanation": (
            r"Each coordinate needs $L(\theta + h e_k)$ and $L(\theta - h "
            "e_k)$: two evaluations per parameter."
        ),
    },
    {
        "text": (
            r"In the ARS update $W \leftarrow W + \alpha (G^+ - G^-)\,\delta$, "
            "what are $G^+$ and $G^-$?"
        ),
        "choices": [
            r"The gradients at $W + \delta$ and $W - \delta$",
            (
                r"The gains (rewards) measured at the probes $W + \delta$ and "
                r"$W - \delta$"
            ),
            "The learning rates for positive and negative weights",
            "The largest and smallest entries of $W$",
        ],
        "answer": 1,
        "explanation": (
            "ARS only evaluates: it scores the two probes and moves "
            "towards the better one. For a loss to minimize, the gain is "
            "$G = -L$."
        ),
    },
    {
        "text": (
            r"On average, ARS with probe size $\nu$ and step size $\alpha$ "
            "behaves like which method?"
        ),
        "choices": [
            "Random search",
            r"Gradient descent with $\eta = 2\alpha\nu$",
            "Rprop",
            "Newton's method",
        ],
        "answer": 1,
        "explanation": (
            r"$L(\theta + \nu\delta) - L(\theta - \nu\delta) \approx "
            r"2\nu\,\delta^\top\nabla L$ and $E[\delta\delta^\top] = I$, "
            r"so the expected step is $-2\alpha\nu\nabla L$."
        ),
    },
    {
        "text": "Why does random search become hopeless with many parameters?",
        "choices": [
            "Each evaluation gets slower",
            ("The volume to cover grows exponentially with the number of parameters"),
            "It gets stuck in local minima",
            "It needs the gradient",
        ],
        "answer": 1,
        "explanation": (
            r"Getting within a fraction $\varepsilon$ of the minimum in "
            r"each of $n$ coordinates takes about $\varepsilon^{-n}$ tries."
        ),
    },
    {
        "text": "What does Rprop take from the gradient?",
        "choices": [
            "Its full value",
            "Only its sign, per coordinate",
            "Only its norm",
            "Nothing",
        ],
        "answer": 1,
        "explanation": (
            "Each coordinate moves by its own step size in the direction "
            "opposite to the gradient's sign; the step size grows while "
            "the sign stays and shrinks when it flips."
        ),
    },
]


def quiz() -> Quiz:
    """The chapter's quiz (works with no kernel and no JavaScript)."""
    return make_quiz(QUIZ)
