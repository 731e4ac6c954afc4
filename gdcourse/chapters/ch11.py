"""Chapter 11, Choosing an optimizer: exercises and quiz."""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from .. import batching, datasets, nn, optimizers, problems
from ..course import ExerciseSet, make_quiz
from ..quiz import Quiz
from ..run import run


def _first_below(values: Any, level: float) -> int | None:
    # The first index where values < level, or None.
    hits = np.flatnonzero(np.asarray(values) < level)
    return int(hits[0]) if hits.size else None


@functools.lru_cache(maxsize=1)
def _iris() -> tuple[Any, Any, int]:
    """The chapter's Iris training and validation problems and updates per epoch (batches of 16).

    As in the notebook: 36 test flowers held out (seed 0), then 30 of the other 114 for
    validation (seed 1), both stratified; features standardized with the training set's
    statistics.
    """
    iris = datasets.load_iris()
    held_out = datasets.train_test_split(
        iris.X, iris.y, np.random.default_rng(0), test_fraction=0.25, stratify=True
    )
    split = datasets.train_test_split(
        held_out.X_train,
        held_out.y_train,
        np.random.default_rng(1),
        test_fraction=0.25,
        stratify=True,
    )
    scaled = datasets.standardize(split.X_train)
    X_val = datasets.standardize(split.X_test, scaled.mean, scaled.std).X
    mlp = nn.MLP([4, 8, 3], activation="tanh", output="softmax")
    train: Any = nn.NetworkProblem(mlp, scaled.X, split.y_train)
    val: Any = nn.NetworkProblem(mlp, X_val, split.y_test)
    return train, val, batching.steps_per_epoch(train.n_samples, 16)


def _train_once(optimizer: Any, seed: int, epochs: int = 10) -> Any:
    # As the notebook's train_once: initialization and batch order both come from the seed.
    train, _, _ = _iris()
    rng = np.random.default_rng(seed)
    theta0 = train.mlp.init_params(rng)
    with np.errstate(all="ignore"):  # a diverging run overflows before run() stops it
        return run(
            optimizer,
            train,
            theta0,
            epochs=epochs,
            batch_size=16,
            rng=rng,
            on_divergence="stop",
        )


_BUILDERS: dict[str, Any] = {
    "GD": lambda lr: optimizers.GD(lr=lr),
    "Momentum": lambda lr: optimizers.Momentum(lr=lr, gamma=0.9),
    "NAG": lambda lr: optimizers.NAG(lr=lr, gamma=0.9),
    "AdaGrad": lambda lr: optimizers.AdaGrad(lr=lr),
    "RMSProp": lambda lr: optimizers.RMSProp(lr=lr),
    "Adadelta": lambda lr: optimizers.Adadelta(lr=lr),
    "Adam": lambda lr: optimizers.Adam(lr=lr),
    "AMSGrad": lambda lr: optimizers.AMSGrad(lr=lr),
    "AdaMax": lambda lr: optimizers.AdaMax(lr=lr),
    "NAdam": lambda lr: optimizers.NAdam(lr=lr),
    "Rprop": lambda lr: optimizers.Rprop(lr=lr),
    "Yogi": lambda lr: optimizers.Yogi(lr=lr),
}


@functools.lru_cache(maxsize=1)
def _validation_spread() -> dict[str, float]:
    """The chapter's table column "validation loss, std": the same search, seeds and runs."""
    _, val, _ = _iris()

    def validation_loss(trajectory: Any) -> float:
        return np.inf if trajectory.diverged else float(val.loss(trajectory.final))

    spread = {}
    for name, build in _BUILDERS.items():
        grid = (0.1, 1.0, 10.0) if name == "Adadelta" else (0.01, 0.1, 1.0)
        scores = [
            np.mean([validation_loss(_train_once(build(lr), seed, 5)) for seed in (100, 101)])
            for lr in grid
        ]
        chosen = grid[int(np.argmin(scores))]
        finals = [validation_loss(_train_once(build(chosen), seed)) for seed in (0, 1, 2)]
        spread[name] = float(np.std(finals))
    return spread


def _notebook_variables() -> dict[str, Any]:
    """The notebook variables the solutions use (the tests run each solution in it)."""
    rosenbrock = problems.rosenbrock()
    _, _, per_epoch = _iris()
    return {
        "np": np,
        "gdcourse": __import__("gdcourse"),
        "optimizers": optimizers,
        "rosenbrock": rosenbrock,
        "per_epoch": per_epoch,
        "adam_seed3": _train_once(optimizers.Adam(lr=0.1), seed=3),
        "spread": _validation_spread(),
    }


exercises = ExerciseSet(namespace=_notebook_variables)


@exercises.add(
    hint=(
        'Run each learning rate with `on_divergence="stop"` and keep those '
        "whose `trajectory.diverged` is False."
    ),
    solution_code="""
# Solution: try each learning rate and keep those that survive.
survivors = []
for lr in (0.001, 0.002, 0.003, 0.005, 0.01):
    trial = gdcourse.run(optimizers.GD(lr=lr), rosenbrock, rosenbrock.start, steps=150,
                         on_divergence="stop")
    print(f"η = {lr:<6g} diverged: {trial.diverged}")
    if not trial.diverged:
        survivors.append(lr)
answer = max(survivors)
""",
)
def largest_safe_eta() -> Any:
    rosenbrock = problems.rosenbrock()
    safe = [
        lr
        for lr in (0.001, 0.002, 0.003, 0.005, 0.01)
        if not run(
            optimizers.GD(lr=lr), rosenbrock, rosenbrock.start, steps=150, on_divergence="stop"
        ).diverged
    ]
    return max(safe)


@exercises.add(
    hint=(
        "The loss after epoch $k$ is `trajectory.losses[k * per_epoch]`: "
        "take `trajectory.losses[::per_epoch]`."
    ),
    solution_code="""
# Solution: the loss after epoch k sits at index k * per_epoch of trajectory.losses.
def epochs_to(trajectory, level):
    per_epoch_losses = trajectory.losses[::per_epoch]
    below = np.flatnonzero(per_epoch_losses < level)
    return int(below[0]) if below.size else None


answer = epochs_to(adam_seed3, 0.05)
print(f"Adam (seed 3) is below 0.05 after epoch {answer}")
""",
)
def epochs_to_target() -> Any:
    _, _, per_epoch = _iris()
    adam_seed3 = _train_once(optimizers.Adam(lr=0.1), seed=3)
    return _first_below(adam_seed3.losses[::per_epoch], 0.05)


@exercises.add(
    hint=(
        'Look at the number after ± in the column "validation loss": the '
        "standard deviation over the three seeds."
    ),
    solution_code="""
# Solution: the largest standard deviation of the final validation loss over the seeds.
answer = max(spread, key=lambda name: spread[name])
print(f"{answer}: std {spread[answer]:.3f} over three seeds")
""",
)
def most_variable_on_iris() -> Any:
    spread = _validation_spread()
    return max(spread, key=lambda name: spread[name])


QUIZ: list[dict[str, Any]] = [
    {
        "text": (
            "You train a text model whose input features are mostly zero (rare "
            "words). Which kind of optimizer suits it?"
        ),
        "choices": [
            "Plain GD with a large learning rate",
            "An adaptive method such as AdaGrad, RMSProp or Adam",
            "Rprop with mini-batches",
            "Line search with a single candidate",
        ],
        "answer": 1,
        "explanation": (
            "A rarely-seen feature gets small or rare gradients; dividing "
            "by the running gradient scale gives its weight a larger "
            "effective learning rate."
        ),
    },
    {
        "text": (
            "On the five surfaces, plain GD with one learning rate reached the target nowhere. Why?"
        ),
        "choices": [
            "GD cannot minimise a quadratic",
            (
                r"Its $\eta$ had to be small enough for the steepest surface, "
                "so it crawled on the others"
            ),
            "150 steps are too few for any optimizer",
            "GD diverged on every surface",
        ],
        "answer": 1,
        "explanation": (
            r"GD's step is $\eta$ times the gradient, so a single $\eta$ "
            "is either unsafe on Rosenbrock's steep walls or tiny on the "
            "flat surfaces."
        ),
    },
    {
        "text": (
            "Rprop won four of five surfaces but was the worst optimizer on Iris "
            "with mini-batches. What explains it?"
        ),
        "choices": [
            (
                "Rprop ignores the gradient's size and trusts its sign, which "
                "is noisy on a mini-batch"
            ),
            "Rprop has no learning rate",
            "The network has too many parameters for Rprop",
            "Rprop only works on convex problems",
        ],
        "answer": 0,
        "explanation": (
            "Its step sizes grow or shrink from sign agreements alone; "
            "mini-batch noise flips signs at random. With full batches it "
            "reached a far lower loss."
        ),
    },
    {
        "text": "Which statement about comparing optimizers is sound?",
        "choices": [
            "One run per optimizer is enough if the data set is real",
            "Compare at each optimizer's default learning rate only",
            ("Tune each optimizer's learning rate, then report several seeds with mean and spread"),
            "Compare test accuracy on 36 examples to rank the optimizers",
        ],
        "answer": 2,
        "explanation": (
            "Runs differ from seed to seed, and each optimizer has its "
            r"own good $\eta$; on 36 test flowers one mistake moves the "
            "accuracy by about 0.03."
        ),
    },
    {
        "text": (
            "Which technique is most often used to damp oscillations of gradient "
            "descent across a narrow valley?"
        ),
        "choices": [
            "Increasing the learning rate over time",
            "Using a larger network",
            "Adding momentum to the updates",
            "Removing the bias correction",
        ],
        "answer": 2,
        "explanation": (
            "Momentum averages successive gradients: the components that "
            "flip sign across the valley cancel, those along the floor "
            "add up."
        ),
    },
]


def quiz() -> Quiz:
    """The chapter's quiz (works with no kernel and no JavaScript)."""
    return make_quiz(QUIZ)
