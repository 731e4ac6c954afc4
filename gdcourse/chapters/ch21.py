"""Chapter 21, generalization and large batches: exercises and quiz."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import optimizers, parallel
from ..course import ExerciseSet, make_quiz
from ..quiz import Quiz


class _HalfSquare:
    """L(theta) = theta^2 / 2 as a one-row data problem, so data_parallel can delay it."""

    n_samples, n_params, names = 1, 1, ("θ",)

    def loss(self, theta: Any, batch: Any = None) -> float:
        return float(0.5 * np.sum(np.asarray(theta) ** 2))

    def grad(self, theta: Any, batch: Any = None) -> np.ndarray:
        return np.array(theta, dtype=np.float64)


exercises = ExerciseSet(namespace={"np": np})


@exercises.add(
    hint=r"Divide $\frac{1}{4}\frac{N-4}{N-1}$ by $\frac{1}{16}\frac{N-16}{N-1}$.",
    solution_code="""
# Solution: 4 times from 1/B, times the ratio of the corrections (N-4)/(N-16).
N = 342
answer = (1 / 4 * (N - 4)) / (1 / 16 * (N - 16))
""",
)
def noise_ratio() -> Any:
    n = 342

    def noise(b: int) -> float:
        return 1.0 / b * (n - b) / (n - 1)

    return noise(4) / noise(16)


@exercises.add(
    hint="The batch grows by k = 8192 / 256; the rate grows by the same k.",
    solution_code="""
# Solution: k = 32, so eta = 32 * 0.1.
answer = 0.1 * 8192 / 256
""",
)
def scaled_lr() -> Any:
    return 0.1 * 8192 / 256


@exercises.add(
    hint=(
        r"Keep a list: $\theta_1 = 1 - 0.5 \cdot 1 = 0.5$, "
        r"$\theta_2 = 0.5 - 0.5 \cdot 1 = 0$, $\theta_3 = 0 - 0.5 \cdot 0.5$, ..."
    ),
    solution_code="""
# Solution: the gradient of theta^2 / 2 is theta, taken one step late.
thetas = [1.0]
for t in range(5):
    thetas.append(thetas[t] - 0.5 * thetas[max(0, t - 1)])
answer = thetas[5]
print(thetas)
""",
)
def stale_steps() -> Any:
    path = parallel.data_parallel(
        optimizers.GD(lr=0.5), _HalfSquare(), [1.0], workers=1, batch_size=1, steps=5, delay=1
    )
    return path.final[0]


QUIZ: list[dict[str, Any]] = [
    {
        "text": (
            "You make the mini-batch 4 times larger (still much smaller than N). What "
            "happens to the typical error of the gradient estimate, "
            r"$\sqrt{E\|g_B - g\|^2}$?"
        ),
        "choices": [
            "It is divided by 4",
            "It is divided by 2",
            "It stays the same",
            "It is divided by 16",
        ],
        "answer": 1,
        "explanation": (
            r"The mean squared error falls like $1/B$, so its square root falls like "
            r"$1/\sqrt{B}$: four times the data, half the error."
        ),
    },
    {
        "text": "Why do Goyal et al. warm up the learning rate when they scale it with the batch?",
        "choices": [
            "To save memory in the first epochs",
            (
                "Early in training the gradient changes fast, so one large step is not "
                "like k small ones and can throw the network into a bad region"
            ),
            "Because large batches need a smaller final learning rate",
            "Warm-up replaces the linear scaling rule",
        ],
        "answer": 1,
        "explanation": (
            "The rule assumes the gradient is nearly constant over k small steps. That "
            "fails at the start, where the parameters move fastest; a gradual ramp avoids "
            "the early blow-up."
        ),
    },
    {
        "text": (
            "In a ReLU network you multiply the first layer by 10 and the second by 1/10. "
            "What changes?"
        ),
        "choices": [
            "The predictions and the loss",
            "Nothing at all",
            (
                "Not the predictions or the loss, but the curvature around the parameters, "
                "so measures of sharpness change"
            ),
            "Only the held-out loss",
        ],
        "answer": 2,
        "explanation": (
            r"ReLU is positively homogeneous, so the function is identical; the Hessian is "
            "not. Dinh et al. used this to show that sharpness alone cannot explain "
            "generalization."
        ),
    },
    {
        "text": (
            "Synchronous data-parallel SGD with K workers of B rows each, gradients averaged "
            "before the step, is the same as ..."
        ),
        "choices": [
            "K independent runs of SGD with batch B, averaged at the end",
            "mini-batch SGD with batch K·B",
            "SGD with batch B and a K times larger learning rate",
            "asynchronous SGD with delay K",
        ],
        "answer": 1,
        "explanation": (
            "The average of K shard gradients (equal shards) is the gradient of the mean "
            "loss over the union of the shards: one batch of K·B rows."
        ),
    },
    {
        "text": "Stale gradients (computed τ steps ago) mainly ...",
        "choices": [
            "make each step cheaper to compute",
            "lower the largest learning rate that still trains stably",
            "reduce the gradient noise",
            "have no effect as long as τ < K",
        ],
        "answer": 1,
        "explanation": (
            r"On a quadratic, $\theta_{t+1} = \theta_t - \eta h\,\theta_{t-\tau}$ is stable only "
            r"for $\eta h$ below a bound that shrinks as $\tau$ grows: the same rate that "
            "trains synchronously can oscillate and diverge."
        ),
    },
]


def quiz() -> Quiz:
    """The chapter's quiz (works with no kernel and no JavaScript)."""
    return make_quiz(QUIZ)
