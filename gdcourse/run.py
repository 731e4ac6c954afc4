"""The one training loop of the course.

``run`` owns everything around the update: the number of steps, mini-batches,
recording the path and stopping a run that diverges. Optimizers only step, problems
only differentiate, plotters only draw what ``run`` recorded.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from ._checks import as_start_point, check_positive_int


class DivergenceError(FloatingPointError):
    """A run produced a non-finite loss, gradient or parameter."""


class Trajectory(NamedTuple):
    """What a run recorded.

    Attributes
    ----------
    thetas : ndarray, shape (steps + 1, *theta0.shape)
        The start point followed by the parameters after every step.
    losses : ndarray, shape (steps + 1,) or None
        Full-data loss at every point of ``thetas`` (None when the problem is a bare
        gradient function).
    steps : int
        Number of updates taken.
    grad_evals : int
        Number of calls to the gradient (a look-ahead optimizer may call it more).
    diverged : bool
        True when the run stopped early on a non-finite value (``on_divergence="stop"``).
    message : str
        Why the run stopped early, or ``""``.
    """

    thetas: np.ndarray
    losses: np.ndarray | None
    steps: int
    grad_evals: int
    diverged: bool = False
    message: str = ""

    @property
    def final(self) -> np.ndarray:
        """The last parameters reached."""
        return self.thetas[-1]


def _batches_per_epoch(n_samples: int, batch_size: int) -> int:
    return math.ceil(n_samples / batch_size)


def run(
    optimizer,
    problem,
    theta0,
    steps: int | None = None,
    *,
    epochs: int | None = None,
    batch_size: int | None = None,
    rng: np.random.Generator | None = None,
    shuffle: bool = True,
    on_divergence: str = "raise",
) -> Trajectory:
    """Run ``optimizer`` on ``problem`` from ``theta0`` and record the path.

    Parameters
    ----------
    optimizer : Optimizer
        Any object with ``init(theta)`` and ``update(theta, state, grad_fn)``.
    problem : Problem or callable
        A problem (its ``grad`` is used, its ``loss`` is recorded) or a bare gradient
        function ``theta -> gradient`` (then no losses are recorded).
    theta0 : array_like
        The start point; must be finite.
    steps : int, optional
        Number of full-batch updates. Give either ``steps`` or ``epochs``.
    epochs : int, optional
        Number of passes over the data of a data problem. With ``batch_size=B`` an
        epoch has ``ceil(N / B)`` steps: 1 for batch GD (``B = N``, the default),
        ``N`` for stochastic GD (``B = 1``).
    batch_size : int, optional
        Mini-batch size for data problems (default: all ``N`` points).
    rng : numpy.random.Generator, optional
        Source of the shuffling order; required when ``shuffle`` and ``batch_size < N``.
    shuffle : bool
        Reshuffle the points at the start of every epoch.
    on_divergence : {"raise", "stop"}
        On a non-finite value, raise :class:`DivergenceError` (default) or stop and
        return the path so far with ``diverged=True`` and a ``message``.

    Returns
    -------
    Trajectory
    """
    if on_divergence not in ("raise", "stop"):
        raise ValueError(f"on_divergence must be 'raise' or 'stop', got on_divergence={on_divergence!r}")
    theta = as_start_point("theta0", theta0)
    is_problem = hasattr(problem, "grad")
    n_samples = getattr(problem, "n_samples", None) if is_problem else None

    if (steps is None) == (epochs is None):
        raise ValueError(f"give exactly one of steps or epochs, got steps={steps!r}, epochs={epochs!r}")
    if batch_size is not None:
        batch_size = check_positive_int("batch_size", batch_size)
        if n_samples is None:
            raise ValueError(f"batch_size={batch_size!r} needs a data problem with n_samples")
        if batch_size > n_samples:
            raise ValueError(f"batch_size must be <= n_samples={n_samples}, got batch_size={batch_size!r}")
    use_batches = batch_size is not None and batch_size < n_samples
    if epochs is not None:
        epochs = check_positive_int("epochs", epochs)
        per_epoch = _batches_per_epoch(n_samples, batch_size) if use_batches else 1
        steps = epochs * per_epoch
    steps = check_positive_int("steps", steps)
    if use_batches and shuffle and not isinstance(rng, np.random.Generator):
        raise ValueError(
            f"mini-batches with shuffle=True need rng=numpy.random.default_rng(seed), got rng={rng!r}"
        )

    loss_fn = problem.loss if is_problem else None
    thetas = np.empty((steps + 1, *theta.shape))
    losses = np.empty(steps + 1) if loss_fn is not None else None
    thetas[0] = theta
    if losses is not None:
        losses[0] = loss_fn(theta)

    grad_evals = 0
    order = np.arange(n_samples) if use_batches else None

    def batches():
        """Index arrays of the mini-batches, epoch after epoch."""
        nonlocal order
        while True:
            if shuffle:
                order = rng.permutation(n_samples)
            for start in range(0, n_samples, batch_size):
                yield order[start : start + batch_size]

    batch_iter = batches() if use_batches else None
    state = optimizer.init(theta)
    taken = 0
    message = ""
    for step in range(steps):
        if use_batches:
            batch = next(batch_iter)

            def grad_fn(point, batch=batch):
                nonlocal grad_evals
                grad_evals += 1
                return problem.grad(point, batch=batch)
        else:
            base = problem.grad if is_problem else problem

            def grad_fn(point, base=base):
                nonlocal grad_evals
                grad_evals += 1
                return base(point)

        theta, state = optimizer.update(theta, state, grad_fn)
        loss_value = loss_fn(theta) if loss_fn is not None else 0.0
        if not (np.all(np.isfinite(theta)) and np.isfinite(loss_value)):
            message = (
                f"{type(optimizer).__name__} diverged at step {step + 1}: the "
                f"{'loss' if np.all(np.isfinite(theta)) else 'parameters'} became "
                "non-finite (inf or nan). Try a smaller learning rate."
            )
            if on_divergence == "raise":
                raise DivergenceError(message)
            break
        thetas[step + 1] = theta
        if losses is not None:
            losses[step + 1] = loss_value
        taken = step + 1

    return Trajectory(
        thetas=thetas[: taken + 1],
        losses=None if losses is None else losses[: taken + 1],
        steps=taken,
        grad_evals=grad_evals,
        diverged=bool(message),
        message=message,
    )
