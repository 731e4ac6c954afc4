"""The one training loop of the course.

``run`` owns everything around the update: the number of steps, mini-batches,
recording the path and stopping a run that diverges. Optimizers only step, problems
only differentiate, plotters only draw what ``run`` recorded.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._checks import as_start_point, check_positive_int, check_rng
from .batching import minibatches, steps_per_epoch


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
    batch_losses : ndarray, shape (steps,) or None
        For mini-batch runs: the loss of each step's mini-batch, at the point where its
        gradient was taken (the noisy :math:`L_i` that
        :func:`gdcourse.batching.running_loss` smooths). None for full-batch runs.
    """

    thetas: np.ndarray
    losses: np.ndarray | None
    steps: int
    grad_evals: int
    diverged: bool = False
    message: str = ""
    batch_losses: np.ndarray | None = None

    @property
    def final(self) -> np.ndarray:
        """The last parameters reached."""
        return self.thetas[-1]


def _full_batch_grad(problem):
    """The gradient function of a full-batch step: the problem's ``grad`` or a bare function."""
    return problem.grad if hasattr(problem, "grad") else problem


def _divergence_message(optimizer, step, theta_finite, last_loss):
    what = "loss" if theta_finite else "parameters"
    before = "" if last_loss is None else f" (the loss one step earlier was {last_loss:.3g})"
    return (
        f"{type(optimizer).__name__} diverged at step {step}: the {what} became "
        f"non-finite (inf or nan){before}. Try a smaller learning rate."
    )


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
        Number of updates. Give either ``steps`` or ``epochs``.
    epochs : int, optional
        Number of passes over the data of a data problem (one with ``n_samples``).
        With ``batch_size=B`` an epoch has ``ceil(N / B)`` steps
        (:func:`gdcourse.batching.steps_per_epoch`): 1 for batch GD (``B = N``, the
        default), ``N`` for stochastic GD (``B = 1``).
    batch_size : int, optional
        Mini-batch size for data problems, 1 <= B <= N (default: all N points). Each
        step uses the gradient of the loss on one mini-batch.
    rng : numpy.random.Generator, optional
        Source of the shuffling order; required for mini-batches with ``shuffle``.
        The same seed gives the same run.
    shuffle : bool
        Visit the points in a new random order every epoch (default). Without it the
        batches are taken in data order, the same every epoch.
    on_divergence : {"raise", "stop"}
        On a non-finite loss or parameter, raise :class:`DivergenceError` (default) or
        stop and return the path so far with ``diverged=True`` and a ``message``.

    Returns
    -------
    Trajectory

    Raises
    ------
    ValueError
        On a bad argument; the message names it and its value.
    DivergenceError
        When the run diverges and ``on_divergence="raise"``.
    """
    if on_divergence not in ("raise", "stop"):
        raise ValueError(
            f"on_divergence must be 'raise' or 'stop', got on_divergence={on_divergence!r}"
        )
    if not (hasattr(optimizer, "init") and hasattr(optimizer, "update")):
        raise ValueError(
            f"optimizer must have init and update methods, got optimizer={optimizer!r}"
        )
    is_problem = hasattr(problem, "grad")
    if not (is_problem or callable(problem)):
        raise ValueError(
            f"problem must be a Problem or a gradient function, got problem={problem!r}"
        )
    theta = as_start_point("theta0", theta0)
    if (steps is None) == (epochs is None):
        raise ValueError(
            f"give exactly one of steps or epochs, got steps={steps!r}, epochs={epochs!r}"
        )
    if rng is not None:
        check_rng(rng)
    n_samples = getattr(problem, "n_samples", None) if is_problem else None
    if batch_size is not None and n_samples is None:
        raise ValueError(
            f"batch_size={batch_size!r} needs a data problem (one with n_samples), "
            f"got problem={problem!r}"
        )
    if epochs is not None and n_samples is None:
        raise ValueError(
            f"epochs={epochs!r} counts passes over data, but problem={problem!r} has no "
            "data points; give steps= instead"
        )
    if batch_size is not None:
        per_epoch = steps_per_epoch(n_samples, batch_size)  # checks 1 <= batch_size <= N
    use_batches = batch_size is not None and batch_size < n_samples
    if epochs is not None:
        epochs = check_positive_int("epochs", epochs)
        steps = epochs * (per_epoch if use_batches else 1)
    steps = check_positive_int("steps", steps)
    if use_batches and shuffle and rng is None:
        raise ValueError(
            "mini-batches with shuffle=True need rng=numpy.random.default_rng(seed), "
            f"got rng={rng!r}"
        )

    loss_fn = problem.loss if is_problem else None
    thetas = np.empty((steps + 1, *theta.shape))
    losses = np.empty(steps + 1) if loss_fn is not None else None
    batch_losses = np.empty(steps) if use_batches else None
    thetas[0] = theta
    if losses is not None:
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            losses[0] = loss_fn(theta)
        if not np.isfinite(losses[0]):
            raise ValueError(
                f"the loss at theta0 is not finite ({losses[0]}), got theta0={theta0!r}"
            )

    def endless_batches():
        """Index arrays of the mini-batches, epoch after epoch (reshuffled each epoch)."""
        while True:
            yield from minibatches(n_samples, batch_size, rng, shuffle)

    batch_stream = endless_batches() if use_batches else None
    grad_evals = 0

    def counted(grad):
        def grad_fn(point):
            nonlocal grad_evals
            grad_evals += 1
            return grad(point)

        return grad_fn

    full_grad_fn = counted(_full_batch_grad(problem))
    state = optimizer.init(theta)
    taken = 0
    message = ""
    # Overflow to inf is expected when a run diverges; we detect it below and report
    # it in words, so numpy's own RuntimeWarnings would only be noise.
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for step in range(steps):
            if use_batches:
                batch = next(batch_stream)
                batch_losses[step] = problem.loss(theta, batch=batch)
                grad_fn = counted(lambda point, batch=batch: problem.grad(point, batch=batch))
            else:
                grad_fn = full_grad_fn
            theta, state = optimizer.update(theta, state, grad_fn)
            loss_value = loss_fn(theta) if loss_fn is not None else 0.0
            theta_finite = bool(np.all(np.isfinite(theta)))
            if not (theta_finite and np.isfinite(loss_value)):
                last = None if losses is None else float(losses[step])
                message = _divergence_message(optimizer, step + 1, theta_finite, last)
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
        batch_losses=None if batch_losses is None else batch_losses[:taken],
    )
