"""The one training loop of the course.

``run`` owns everything around the update: the number of steps, mini-batches,
recording the path and stopping a run that diverges. Optimizers only step, problems
only differentiate, plotters only draw what ``run`` recorded.

The work is split into short pieces, read top to bottom:

1. :func:`check_run_arguments` refuses a bad argument before anything runs;
2. :func:`plan_batches` turns ``steps``/``epochs``/``batch_size`` into a
   :class:`BatchPlan`, and :func:`batch_stream` yields each step's mini-batch;
3. :func:`_step_loop` takes the steps, recording each one in a :class:`_Recorder`
   and stopping at the first non-finite loss, parameter or gradient.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple, Protocol

import numpy as np

from ._checks import (
    ArgumentTypeError,
    all_finite,
    as_start_point,
    check_choice,
    check_flag,
    check_gradient,
    check_optimizer,
    check_positive_int,
    check_rng,
    check_scalar_loss,
    describe_parameters,
)
from .batching import minibatches, steps_per_epoch

__all__ = ["run", "Trajectory", "DivergenceError", "BatchPlan", "plan_batches", "batch_stream"]

GradFn = Callable[[np.ndarray], Any]


class Optimizer(Protocol):
    """What ``run`` needs of an optimizer: pure ``init`` and ``update``."""

    def init(self, theta: np.ndarray) -> Any: ...

    def update(self, theta: np.ndarray, state: Any, grad_fn: GradFn) -> tuple[np.ndarray, Any]: ...


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
        gradient function, or with ``record_loss=False``).
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
        :func:`gdcourse.batching.running_loss` smooths). None for full-batch runs
        and with ``record_loss=False``.
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


# ----------------------------------------------------------------------- 1. arguments


def _is_problem_factory(problem: Any) -> bool:
    """``rosenbrock`` instead of ``rosenbrock()``: a function of gdcourse.problems."""
    module = getattr(problem, "__module__", "") or ""
    return inspect.isfunction(problem) and module.startswith("gdcourse.problems")


def _check_problem(problem: Any) -> None:
    name = getattr(problem, "__name__", "")
    if _is_problem_factory(problem):
        needed = [
            p.name for p in inspect.signature(problem).parameters.values() if p.default is p.empty
        ]
        call = f"{name}({', '.join(needed)})"
        raise ArgumentTypeError(f"problem: call the factory: {call}, got problem={name}")
    if isinstance(problem, type):
        raise ArgumentTypeError(f"problem: create an instance of {name} first, got the class")
    owner = getattr(problem, "__self__", None)
    if name == "loss" and hasattr(owner, "grad"):
        raise ArgumentTypeError(
            "problem: pass the problem itself (or its grad), not its loss: "
            f"got problem={owner!r}.loss"
        )
    if not (hasattr(problem, "grad") or callable(problem)):
        raise ArgumentTypeError(
            "problem must be a Problem such as rosenbrock() or a gradient function "
            f"theta -> gradient, got problem of type {type(problem).__name__}"
        )


def _check_start(problem: Any, theta0: Any) -> np.ndarray:
    theta = as_start_point("theta0", theta0)
    n_params = getattr(problem, "n_params", None)
    if isinstance(n_params, int) and theta.shape != (n_params,):
        expected = describe_parameters(n_params, getattr(problem, "names", ()))
        raise ValueError(
            f"theta0 must hold {expected} for {problem!r}, got theta0 with shape {theta.shape}"
        )
    return theta


def check_run_arguments(
    optimizer: Any,
    problem: Any,
    theta0: Any,
    rng: Any,
    shuffle: Any,
    on_divergence: Any,
    record_loss: Any,
) -> np.ndarray:
    """Refuse a bad argument of :func:`run` with an error naming it; return theta0 as floats."""
    check_choice("on_divergence", on_divergence, ("raise", "stop"))
    check_flag("shuffle", shuffle)
    check_flag("record_loss", record_loss)
    check_optimizer(optimizer)
    _check_problem(problem)
    if rng is not None:
        check_rng(rng)
    return _check_start(problem, theta0)


# ----------------------------------------------------------------------- 2. batching plan


class BatchPlan(NamedTuple):
    """How many steps a run takes and what data each step sees.

    Attributes
    ----------
    steps : int
        Number of updates.
    batch_size : int or None
        Points per mini-batch, or None when every step uses all the data.
    steps_per_epoch : int
        Updates per pass over the data (1 for full-batch steps).
    """

    steps: int
    batch_size: int | None
    steps_per_epoch: int


def plan_batches(
    n_samples: int | None,
    steps: int | None,
    epochs: int | None,
    batch_size: int | None,
    shuffle: bool = True,
    rng: np.random.Generator | None = None,
) -> BatchPlan:
    """Turn :func:`run`'s ``steps``, ``epochs`` and ``batch_size`` into a :class:`BatchPlan`.

    ``n_samples`` is None for a problem without data points.

    >>> plan_batches(100, None, epochs=2, batch_size=32, shuffle=False)
    BatchPlan(steps=8, batch_size=32, steps_per_epoch=4)
    """
    if (steps is None) == (epochs is None):
        raise ValueError(
            f"give exactly one of steps or epochs, got steps={steps!r}, epochs={epochs!r}"
        )
    if n_samples is None and batch_size is not None:
        raise ValueError(
            f"batch_size={batch_size!r} needs a data problem (one with n_samples); "
            "this problem has no data points"
        )
    if n_samples is None and epochs is not None:
        raise ValueError(
            f"epochs={epochs!r} counts passes over data, but the problem has no data "
            "points; give steps= instead"
        )
    per_epoch = 1
    if batch_size is not None:
        assert n_samples is not None
        per_epoch = steps_per_epoch(n_samples, batch_size)  # checks 1 <= batch_size <= N
    if epochs is not None:
        steps = check_positive_int("epochs", epochs) * per_epoch
    steps = check_positive_int("steps", steps)
    use_batches = batch_size is not None and per_epoch > 1
    if use_batches and shuffle and rng is None:
        raise ValueError(
            "mini-batches with shuffle=True need rng=numpy.random.default_rng(seed), "
            f"got rng={rng!r}"
        )
    return BatchPlan(steps, batch_size if use_batches else None, per_epoch)


def check_full_batch(optimizer: Any, plan: BatchPlan, n_samples: int | None) -> None:
    """Refuse mini-batches for an optimizer that needs the full-batch gradient (L-BFGS:
    its gradient differences and line search compare one function at two points)."""
    if plan.batch_size is not None and getattr(optimizer, "full_batch_only", False):
        name = type(optimizer).__name__
        raise ValueError(
            f"{name} needs full batches, got batch_size={plan.batch_size!r} of "
            f"n_samples={n_samples}; leave batch_size out (or pass batch_size={n_samples})"
        )


def batch_stream(
    plan: BatchPlan, n_samples: int | None, rng: np.random.Generator | None, shuffle: bool
) -> Iterator[np.ndarray | None]:
    """Each step's mini-batch indices, epoch after epoch (None: the step uses all data)."""
    if plan.batch_size is None or n_samples is None:
        while True:
            yield None
    while True:  # reshuffled at the start of every epoch
        yield from minibatches(n_samples, plan.batch_size, rng, shuffle)


# ----------------------------------------------------------------------- 3. the step loop


class _NonFiniteGradient(Exception):
    """Raised inside a step when a gradient is inf or nan; the loop turns it into words."""

    def __init__(self, point: np.ndarray, grad: np.ndarray):
        super().__init__()
        self.point, self.grad = point, grad


class _Gradients:
    """Makes each step's gradient function: counts calls, checks what comes back."""

    def __init__(self, problem: Any):
        self.is_problem = hasattr(problem, "grad")
        self.grad = problem.grad if self.is_problem else problem
        self.name = "problem.grad" if self.is_problem else "the gradient function (problem)"
        self.calls = 0

    def for_batch(self, batch: np.ndarray | None) -> GradFn:
        def grad_fn(point: np.ndarray) -> np.ndarray:
            self.calls += 1
            raw = self.grad(point) if batch is None else self.grad(point, batch=batch)
            grad = check_gradient(raw, np.asarray(point), self.name)
            if not all_finite(grad):
                raise _NonFiniteGradient(np.array(point, dtype=np.float64), grad)
            return grad

        return grad_fn


class _Recorder:
    """The arrays a run fills in, one row per step, cut to the steps taken at the end."""

    def __init__(self, theta: np.ndarray, steps: int, loss0: float | None, batched: bool):
        self.thetas = np.empty((steps + 1, *theta.shape))
        self.thetas[0] = theta
        self.losses = None if loss0 is None else np.empty(steps + 1)
        if self.losses is not None and loss0 is not None:
            self.losses[0] = loss0
        self.batch_losses = np.empty(steps) if batched else None
        self.taken = 0

    def last_loss(self) -> float | None:
        return None if self.losses is None else float(self.losses[self.taken])

    def record(self, theta: np.ndarray, loss: float | None) -> None:
        self.taken += 1
        self.thetas[self.taken] = theta
        if self.losses is not None and loss is not None:
            self.losses[self.taken] = loss

    def trajectory(self, grad_evals: int, message: str) -> Trajectory:
        n = self.taken
        return Trajectory(
            thetas=self.thetas[: n + 1],
            losses=None if self.losses is None else self.losses[: n + 1],
            steps=n,
            grad_evals=grad_evals,
            diverged=bool(message),
            message=message,
            batch_losses=None if self.batch_losses is None else self.batch_losses[:n],
        )


def _divergence_message(
    optimizer: Any, step: int, what: str, last_loss: float | None, advice: str
) -> str:
    before = "" if last_loss is None else f" (the loss one step earlier was {last_loss:.3g})"
    return (
        f"{type(optimizer).__name__} diverged at step {step}: the {what} became "
        f"non-finite (inf or nan){before}. {advice}"
    )


_SMALLER_LR = "Try a smaller learning rate."


def _gradient_message(
    optimizer: Any, step: int, error: _NonFiniteGradient, theta0: np.ndarray
) -> str:
    """Name the gradient and its values; blame the learning rate only if theta blew up."""
    point, grad = error.point, error.grad
    if not np.all(np.isfinite(point)):
        return _divergence_message(optimizer, step, "parameters", None, _SMALLER_LR)
    # Parameters a millionfold larger than at the start point to a run that blew up.
    grew = np.max(np.abs(point)) > 1e6 * (1.0 + np.max(np.abs(theta0)))
    advice = (
        _SMALLER_LR
        if grew
        else "The parameters were still moderate, so check the gradient function "
        "(a division by zero, the log or square root of a negative number?)."
    )
    with np.printoptions(precision=4, threshold=6, edgeitems=3):
        return (
            f"{type(optimizer).__name__} diverged at step {step}: the gradient became "
            f"non-finite: gradient={grad} at theta={point}. {advice}"
        )


def _loss_at(loss_fn: Callable[..., Any] | None, theta: np.ndarray, batch: Any = None) -> Any:
    if loss_fn is None:
        return None
    value = loss_fn(theta) if batch is None else loss_fn(theta, batch=batch)
    return check_scalar_loss(value, "problem.loss")


def _step_loop(
    optimizer: Any,
    problem: Any,
    theta: np.ndarray,
    plan: BatchPlan,
    batches: Iterator[np.ndarray | None],
    record_loss: bool,
) -> tuple[_Recorder, int, str]:
    """Take ``plan.steps`` updates; stop at the first non-finite value with a message."""
    loss_fn = getattr(problem, "loss", None) if hasattr(problem, "grad") else None
    full_loss = loss_fn if record_loss else None
    loss0 = _loss_at(full_loss, theta)
    if loss0 is not None and not math.isfinite(loss0):
        raise ValueError(f"the loss at theta0 is not finite ({loss0}), got theta0={theta!r}")
    recorder = _Recorder(theta, plan.steps, loss0, record_loss and plan.batch_size is not None)
    gradients = _Gradients(problem)
    theta0, state = theta, optimizer.init(theta)
    for step in range(1, plan.steps + 1):
        batch = next(batches)
        if recorder.batch_losses is not None:
            recorder.batch_losses[step - 1] = _loss_at(loss_fn, theta, batch)
        try:
            theta, state = optimizer.update(theta, state, gradients.for_batch(batch))
        except _NonFiniteGradient as error:
            return recorder, gradients.calls, _gradient_message(optimizer, step, error, theta0)
        loss = _loss_at(full_loss, theta)
        for what, value in (("parameters", theta), ("loss", loss)):
            if value is not None and not all_finite(value):
                last = recorder.last_loss()
                return (
                    recorder,
                    gradients.calls,
                    _divergence_message(optimizer, step, what, last, _SMALLER_LR),
                )
        recorder.record(theta, loss)
    return recorder, gradients.calls, ""


def run(
    optimizer: Optimizer,
    problem: Any,
    theta0: Any,
    steps: int | None = None,
    *,
    epochs: int | None = None,
    batch_size: int | None = None,
    rng: np.random.Generator | None = None,
    shuffle: bool = True,
    on_divergence: str = "raise",
    record_loss: bool = True,
) -> Trajectory:
    """Run ``optimizer`` on ``problem`` from ``theta0`` and record the path.

    Parameters
    ----------
    optimizer : Optimizer
        An optimizer instance, e.g. ``GD(lr=0.1)``: any object with ``init(theta)`` and
        ``update(theta, state, grad_fn)``.
    problem : Problem or callable
        A problem (its ``grad`` is used, its ``loss`` is recorded) or a bare gradient
        function ``theta -> gradient`` (then no losses are recorded).
    theta0 : array_like
        The start point: finite real numbers, as many as the problem has parameters.
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
        On a non-finite loss, parameter or gradient, raise :class:`DivergenceError`
        (default) or stop and return the path so far with ``diverged=True`` and a
        ``message`` saying what went non-finite and at which step.
    record_loss : bool
        Record the losses (default): the full-data loss after every step and, with
        mini-batches, each step's mini-batch loss. On a large data set the full loss
        costs a full pass per step, and a run whose only result is its end point
        needs neither: ``False`` skips both (``losses`` and ``batch_losses`` are
        then None).

    Returns
    -------
    Trajectory

    Raises
    ------
    TypeError
        When an argument is the wrong kind of object: an optimizer class instead of an
        instance, a problem factory not called, an array instead of a gradient function.
    ValueError
        On a bad argument value; the message names it and its value.
    DivergenceError
        When the run diverges and ``on_divergence="raise"``.

    Examples
    --------
    >>> from gdcourse.optimizers import GD
    >>> from gdcourse.problems import quadratic_bowl
    >>> path = run(GD(lr=0.1), quadratic_bowl(10.0), [1.0, 1.0], steps=2)
    >>> path.thetas.round(3).tolist(), path.steps, path.grad_evals
    ([[1.0, 1.0], [0.9, 0.0], [0.81, 0.0]], 2, 2)
    """
    theta = check_run_arguments(
        optimizer, problem, theta0, rng, shuffle, on_divergence, record_loss
    )
    n_samples = getattr(problem, "n_samples", None) if hasattr(problem, "grad") else None
    plan = plan_batches(n_samples, steps, epochs, batch_size, shuffle, rng)
    check_full_batch(optimizer, plan, n_samples)
    batches = batch_stream(plan, n_samples, rng, shuffle)
    # Overflow to inf is expected when a run diverges; we detect it and report it in
    # words, so numpy's own RuntimeWarnings would only be noise.
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        recorder, grad_evals, message = _step_loop(
            optimizer, problem, theta, plan, batches, record_loss
        )
    if message and on_divergence == "raise":
        raise DivergenceError(message)
    return recorder.trajectory(grad_evals, message)
