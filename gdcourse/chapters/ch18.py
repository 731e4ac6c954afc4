"""Chapter 18, weight decay and AdamW: exercises and quiz."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import optimizers
from ..course import ExerciseSet, make_quiz
from ..quiz import Quiz
from ..run import run

exercises = ExerciseSet(namespace={"np": np, "optimizers": optimizers})


@exercises.add(
    hint=(
        r"Each step multiplies $\theta$ by $1 - \eta\lambda$; after 100 steps "
        r"by $(1 - \eta\lambda)^{100}$."
    ),
    solution_code="""
# Solution: only the decay acts, so |theta_100| = (1 - eta * lambda)^100 |theta_0|.
answer = (1 - 0.1 * 0.01) ** 100 * 5
print(f"|theta_100| = {answer:.4f}")
""",
)
def decay_only_norm() -> Any:
    theta0 = np.array([3.0, 4.0])  # |theta_0| = 5

    def no_gradient(theta: Any) -> Any:
        return np.zeros_like(theta)

    decayed = run(optimizers.GD(lr=0.1, weight_decay=0.01), no_gradient, theta0, steps=100)
    return float(np.linalg.norm(decayed.final))


@exercises.add(
    hints=[
        r"Adam's first step is $\eta\,g/(|g| + \epsilon) \approx \eta\,"
        r"\operatorname{sign}(g)$ in each coordinate.",
        r"AdamW first multiplies $\theta_0$ by $1 - \eta\lambda = 0.99$.",
    ],
    solution_code="""
# Solution: decay by 1 - eta * lambda, then Adam's first step eta * sign(g).
theta0, g = np.array([2.0, -1.0]), np.array([0.1, 0.5])
answer = (1 - 0.01 * 1.0) * theta0 - 0.01 * g / (np.abs(g) + 1e-8)
print(answer)
""",
)
def adamw_first_step() -> Any:
    adamw = optimizers.AdamW(lr=0.01, weight_decay=1.0)
    theta0 = np.array([2.0, -1.0])
    theta1, _ = adamw.update(theta0, adamw.init(theta0), lambda theta: np.array([0.1, 0.5]))
    return theta1


@exercises.add(
    hint=(
        r"Adam + L2 pulls a weight towards zero at the rate $\lambda/\sqrt{\hat v}$ "
        r"(per unit of $\eta$), AdamW at the rate $\lambda'$."
    ),
    solution_code="""
# Solution: lambda' = lambda / sqrt(v_hat).
answer = 0.01 / 0.5
""",
)
def equivalent_decay() -> Any:
    return 0.01 / 0.5


QUIZ: list[dict[str, Any]] = [
    {
        "text": (
            r"For plain gradient descent, how do an L2 penalty "
            r"$\tfrac{\lambda}{2}\lVert\theta\rVert^2$ and weight decay by "
            r"$1 - \eta\lambda$ compare?"
        ),
        "choices": [
            "They give the same update, step for step",
            "Weight decay shrinks the weights twice as fast",
            "The penalty only acts on the biases",
            "They agree only when the loss is quadratic",
        ],
        "answer": 0,
        "explanation": (
            r"$\theta - \eta(\nabla L + \lambda\theta) = (1 - \eta\lambda)\theta - "
            r"\eta\nabla L$: the two forms are the same expression."
        ),
    },
    {
        "text": (r"In Adam with an L2 penalty, which weights are regularized *least*?"),
        "choices": [
            "Weights with small gradients",
            r"Weights with large gradients, because the penalty is divided by "
            r"$\sqrt{\hat v}$",
            "The weights of the last layer",
            "None: every weight decays by the same factor",
        ],
        "answer": 1,
        "explanation": (
            r"The penalty $\lambda\theta$ goes through the division by "
            r"$\sqrt{\hat v}$, which is large where the gradients have been large; "
            "AdamW is the one that decays every weight by the same factor."
        ),
    },
    {
        "text": "What does torch's (and gdcourse's) `AdamW` do at each step?",
        "choices": [
            r"Adds $\lambda\theta$ to the gradient before the moving averages",
            r"Multiplies $\theta$ by $1 - \eta\lambda$, then takes Adam's step on "
            r"$\nabla L$ alone",
            r"Divides the learning rate by $1 + \lambda t$",
            r"Clips $\lVert\theta\rVert$ to $1/\lambda$",
        ],
        "answer": 1,
        "explanation": (
            "The decay is applied to the weights directly, outside the adaptive "
            "step; adding the penalty to the gradient is `Adam(weight_decay=λ)`."
        ),
    },
    {
        "text": (
            "You pick the learning rate and the weight decay from a grid. Which loss should decide?"
        ),
        "choices": [
            "The training loss: it is what the optimizer minimizes",
            "The test loss: it is what we care about",
            "The validation loss, on rows used neither for training nor for the final report",
            "The weight norm: smaller is always better",
        ],
        "answer": 2,
        "explanation": (
            "Weight decay trades training loss for generalization, so the training "
            "loss would always pick no decay; choosing on the test set makes the "
            "reported test loss optimistic."
        ),
    },
]


def quiz() -> Quiz:
    """The chapter's quiz (works with no kernel and no JavaScript)."""
    return make_quiz(QUIZ)
