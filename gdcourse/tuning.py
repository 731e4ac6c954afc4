r"""Finding hyperparameters without fooling oneself: the learning-rate range test and
grid or random search over a budget.

* :func:`lr_range_test` (Smith, 2017): one short run whose learning rate grows
  exponentially from ``lr_min`` to ``lr_max``; the loss against :math:`\eta` shows where
  training starts to work and where it blows up.
* :func:`grid_search` and :func:`random_search` (Bergstra & Bengio, 2012): evaluate an
  objective (typically a validation loss) at ``budget`` points of a :class:`Range` per
  hyperparameter and return a :class:`SearchResult` table.

The objective of a search is any function ``objective(**values) -> float``; the search
never looks inside it, so the train / validation / test discipline is the caller's: the
objective should return a *validation* score, and the test set is used once, at the end.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from ._checks import (
    ArgumentTypeError,
    check_callable,
    check_flag,
    check_number,
    check_positive,
    check_positive_int,
    check_rng,
)
from .run import run
from .schedules import Schedule

__all__ = [
    "Range",
    "SearchResult",
    "grid_search",
    "random_search",
    "RangeTestResult",
    "lr_range_test",
    "exponential_lrs",
]


# ----------------------------------------------------------------------- ranges


@dataclass(frozen=True)
class Range:
    """The interval a hyperparameter is searched over.

    Parameters
    ----------
    low, high : float
        The ends, finite with ``low < high`` (an empty or inverted range is refused).
    log : bool
        Spread the values evenly in :math:`\\log` (learning rates, weight decay): then
        ``low`` must be > 0.

    Examples
    --------
    >>> Range(1e-3, 1.0, log=True).grid(4).round(4).tolist()
    [0.001, 0.01, 0.1, 1.0]
    >>> Range(1.0, 0.5)
    Traceback (most recent call last):
    ...
    ValueError: a Range needs low < high, got low=1.0, high=0.5; swap them
    """

    low: float
    high: float
    log: bool = False

    def __post_init__(self) -> None:
        low, high = check_number("low", self.low), check_number("high", self.high)
        check_flag("log", self.log)
        if low >= high:
            what = "swap them" if low > high else "give two different ends"
            raise ValueError(f"a Range needs low < high, got low={low!r}, high={high!r}; {what}")
        if self.log and low <= 0:
            raise ValueError(f"a Range with log=True needs low > 0, got low={low!r}")
        object.__setattr__(self, "low", low)
        object.__setattr__(self, "high", high)

    def _to_unit(self, values: np.ndarray) -> np.ndarray:
        if self.log:
            return (np.log(values) - math.log(self.low)) / math.log(self.high / self.low)
        return (values - self.low) / (self.high - self.low)

    def _from_unit(self, u: np.ndarray) -> np.ndarray:
        if self.log:
            return self.low * (self.high / self.low) ** u
        return self.low + u * (self.high - self.low)

    def grid(self, n: int) -> np.ndarray:
        """``n`` evenly spaced values from ``low`` to ``high`` (both included; n >= 2)."""
        n = check_positive_int("n", n)
        if n < 2:
            raise ValueError(f"a grid needs n >= 2 values to include both ends, got n={n!r}")
        return self._from_unit(np.linspace(0.0, 1.0, n))

    def sample(self, size: int, rng: np.random.Generator) -> np.ndarray:
        """``size`` values drawn uniformly (in log for ``log=True``) with ``rng``."""
        return self._from_unit(check_rng(rng).random(check_positive_int("size", size)))

    def position(self, value: float) -> float:
        """Where ``value`` lies in the range: 0 at ``low``, 1 at ``high`` (log scale if log)."""
        return float(self._to_unit(np.asarray(check_number("value", value))))


def _check_space(space: Any) -> dict[str, Range]:
    if not isinstance(space, Mapping) or len(space) == 0:
        raise ValueError(
            "space must be a non-empty dict name -> Range, e.g. "
            f"{{'lr': Range(1e-3, 1.0, log=True)}}, got space={space!r}"
        )
    for name, value in space.items():
        if not isinstance(name, str) or not name.isidentifier():
            raise ValueError(f"space's names must be argument names, got {name!r}")
        if not isinstance(value, Range):
            raise ArgumentTypeError(
                f"space[{name!r}] must be a Range(low, high, log=...), got {value!r}"
            )
    return dict(space)


# ----------------------------------------------------------------------- search table


class SearchResult(NamedTuple):
    """The table of a search: one row per trial, in the order they were run.

    Attributes
    ----------
    space : dict of str to Range
        What was searched.
    values : dict of str to ndarray, shape (trials,)
        Each hyperparameter's value in every trial.
    scores : ndarray, shape (trials,)
        The objective of every trial (lower is better; inf or nan: the trial failed).
    method : str
        ``"grid"`` or ``"random"``.
    """

    space: dict[str, Range]
    values: dict[str, np.ndarray]
    scores: np.ndarray
    method: str

    @property
    def trials(self) -> int:
        """Number of trials (the budget used)."""
        return int(self.scores.size)

    @property
    def best_index(self) -> int:
        """Row of the lowest finite score."""
        finite = np.isfinite(self.scores)
        if not finite.any():
            raise ValueError("no trial of this search has a finite score; widen or move the space")
        return int(np.argmin(np.where(finite, self.scores, np.inf)))

    @property
    def best(self) -> dict[str, float]:
        """The hyperparameters of the best trial."""
        i = self.best_index
        return {name: float(column[i]) for name, column in self.values.items()}

    @property
    def best_score(self) -> float:
        """The lowest finite score."""
        return float(self.scores[self.best_index])

    def distinct(self, name: str) -> int:
        """How many different values of ``name`` the search tried."""
        if name not in self.values:
            raise ValueError(f"name must be one of {sorted(self.values)}, got name={name!r}")
        return int(np.unique(self.values[name]).size)

    def on_border(self, margin: float = 0.1) -> dict[str, str]:
        """Hyperparameters whose best value lies within ``margin`` of an end of its range.

        The best value on the border means the optimum may lie outside: widen the range
        on that side and search again.

        Returns
        -------
        dict of str to str
            ``{"lr": "high"}`` for each hyperparameter near ``"low"`` or ``"high"``.
        """
        margin = check_number("margin", margin)
        if not 0.0 <= margin < 0.5:
            raise ValueError(f"margin must be in [0, 0.5), got margin={margin!r}")
        near = {}
        for name, value in self.best.items():
            where = self.space[name].position(value)
            if where <= margin + 1e-12:
                near[name] = "low"
            elif where >= 1.0 - margin - 1e-12:
                near[name] = "high"
        return near

    def table(self, top: int = 5) -> str:
        """The ``top`` best trials as a text table, best first."""
        top = min(check_positive_int("top", top), self.trials)
        order = np.argsort(np.where(np.isnan(self.scores), np.inf, self.scores), kind="stable")
        names = list(self.values)
        lines = ["  ".join([f"{'rank':>4}", *(f"{n:>10}" for n in names), f"{'score':>10}"])]
        for rank, i in enumerate(order[:top], start=1):
            cells = [f"{self.values[n][i]:10.4g}" for n in names]
            lines.append("  ".join([f"{rank:>4}", *cells, f"{self.scores[i]:10.4g}"]))
        return "\n".join(lines)


def _evaluate(
    objective: Callable[..., Any], values: dict[str, np.ndarray], method: str, space: dict
) -> SearchResult:
    n = len(next(iter(values.values())))
    scores = np.empty(n)
    for i in range(n):
        score = objective(**{name: float(column[i]) for name, column in values.items()})
        try:
            scores[i] = float(score)
        except (TypeError, ValueError) as error:
            raise ValueError(f"objective must return one number, got {score!r}") from error
    return SearchResult(space, values, scores, method)


def grid_search(objective: Callable[..., Any], space: Any, budget: int) -> SearchResult:
    r"""Evaluate ``objective`` on a grid with the same number of values per hyperparameter.

    With :math:`d` hyperparameters the grid has :math:`n^d` points, :math:`n` the largest
    whole number with :math:`n^d \le` ``budget`` (so part of the budget may stay unused).

    Parameters
    ----------
    objective : callable
        ``objective(**values) -> float``, lower is better (a validation loss).
    space : dict of str to Range
        The hyperparameters and their ranges.
    budget : int
        The most trials to run; at least :math:`2^d` (two values per axis).

    Returns
    -------
    SearchResult

    Examples
    --------
    >>> result = grid_search(lambda x, y: (x - 0.3) ** 2 + y,
    ...                      {"x": Range(0.0, 1.0), "y": Range(0.0, 1.0)}, budget=10)
    >>> result.trials, result.distinct("x"), result.best
    (9, 3, {'x': 0.5, 'y': 0.0})
    """
    check_callable("objective", objective, "a function objective(**values) -> float")
    space = _check_space(space)
    budget = check_positive_int("budget", budget)
    d = len(space)
    n = int(round(budget ** (1.0 / d)))
    while n**d > budget:  # the float root can overshoot by one
        n -= 1
    while (n + 1) ** d <= budget:
        n += 1
    if n < 2:
        raise ValueError(
            f"budget must be >= 2**{d} = {2**d} for a grid with two values of each of the "
            f"{d} hyperparameters, got budget={budget!r}"
        )
    axes = [r.grid(n) for r in space.values()]
    mesh = np.meshgrid(*axes, indexing="ij")
    values = {name: m.ravel() for name, m in zip(space, mesh, strict=True)}
    return _evaluate(objective, values, "grid", space)


def random_search(
    objective: Callable[..., Any], space: Any, budget: int, rng: np.random.Generator
) -> SearchResult:
    """Evaluate ``objective`` at ``budget`` points drawn independently from ``space``.

    Every trial draws a fresh value of every hyperparameter, so ``budget`` trials try
    ``budget`` different values of each one: the reason random search finds a good value
    of the one hyperparameter that matters sooner than a grid (Bergstra & Bengio, 2012).

    Parameters
    ----------
    objective : callable
        ``objective(**values) -> float``, lower is better.
    space : dict of str to Range
        The hyperparameters and their ranges (log-uniform draws where ``log=True``).
    budget : int
        Number of trials (>= 1).
    rng : numpy.random.Generator
        Source of the draws; the same seed gives the same table.

    Returns
    -------
    SearchResult

    Examples
    --------
    >>> import numpy as np
    >>> result = random_search(lambda x, y: (x - 0.3) ** 2 + y,
    ...                        {"x": Range(0.0, 1.0), "y": Range(0.0, 1.0)}, budget=9,
    ...                        rng=np.random.default_rng(0))
    >>> result.trials, result.distinct("x")
    (9, 9)
    """
    check_callable("objective", objective, "a function objective(**values) -> float")
    space = _check_space(space)
    budget = check_positive_int("budget", budget)
    check_rng(rng)
    values = {name: r.sample(budget, rng) for name, r in space.items()}
    return _evaluate(objective, values, "random", space)


# ----------------------------------------------------------------------- range test


def exponential_lrs(lr_min: float, lr_max: float, steps: int) -> Schedule:
    r"""The range test's schedule: :math:`\eta_t = \eta_{min} (\eta_{max}/\eta_{min})^{t/(T-1)}`.

    Grows by the same factor every step, from ``lr_min`` at step 0 to ``lr_max`` at
    step ``steps - 1`` (and holds it after).

    >>> exponential_lrs(1e-3, 1e-1, 3)([0, 1, 2]).round(6).tolist()
    [0.001, 0.01, 0.1]
    """
    lr_min, lr_max = check_positive("lr_min", lr_min), check_positive("lr_max", lr_max)
    if lr_min >= lr_max:
        raise ValueError(
            f"lr_min must be < lr_max, got lr_min={lr_min!r}, lr_max={lr_max!r}; "
            "the range test grows the learning rate"
        )
    steps = check_positive_int("steps", steps)
    if steps < 2:
        raise ValueError(f"steps must be >= 2 to grow the rate, got steps={steps!r}")
    ratio, last = lr_max / lr_min, steps - 1
    return Schedule(
        lambda t: lr_min * ratio ** (np.minimum(t, last) / last),
        f"exponential_lrs(lr_min={lr_min!r}, lr_max={lr_max!r}, steps={steps!r})",
    )


class RangeTestResult(NamedTuple):
    """What a learning-rate range test recorded.

    Attributes
    ----------
    lrs : ndarray, shape (n,)
        The learning rate of each step taken, up to where the test stopped.
    losses : ndarray, shape (n,)
        The full-data loss after each of those steps.
    smoothed : ndarray, shape (n,)
        ``losses`` smoothed by an exponential moving average (bias-corrected).
    loss0 : float
        The loss at the start point.
    stopped_at : int
        Steps kept: the test stops at the first step whose loss exceeds
        ``stop_factor`` times the lowest loss so far, or that is not finite.
    message : str
        Why the test stopped early, or ``""`` if it ran all its steps.
    """

    lrs: np.ndarray
    losses: np.ndarray
    smoothed: np.ndarray
    loss0: float
    stopped_at: int
    message: str

    @property
    def lr_at_minimum(self) -> float:
        """The learning rate at the lowest smoothed loss (too large to train with)."""
        return float(self.lrs[int(np.argmin(self.smoothed))])

    @property
    def lr_steepest(self) -> float:
        r"""The learning rate where the smoothed loss falls fastest per factor of
        :math:`\eta` (the most negative :math:`dL / d\log\eta`), before the minimum."""
        end = int(np.argmin(self.smoothed)) + 1
        if end < 3:
            return float(self.lrs[0])
        slope = np.gradient(self.smoothed[:end], np.log(self.lrs[:end]))
        return float(self.lrs[int(np.argmin(slope))])

    @property
    def suggestion(self) -> float:
        """Smith's rule of thumb: a tenth of the rate at the lowest loss."""
        return self.lr_at_minimum / 10.0


def lr_range_test(
    make_optimizer: Callable[[Any], Any],
    problem: Any,
    theta0: Any,
    lr_min: float = 1e-5,
    lr_max: float = 10.0,
    steps: int = 100,
    *,
    batch_size: int | None = None,
    rng: np.random.Generator | None = None,
    stop_factor: float = 4.0,
    smoothing: float = 0.9,
) -> RangeTestResult:
    r"""The learning-rate range test (Smith, 2017): one run with an exponentially growing rate.

    The rate grows from ``lr_min`` to ``lr_max`` over ``steps`` steps
    (:func:`exponential_lrs`); the full-data loss after every step is recorded against the
    rate that produced it. While :math:`\eta` is too small the loss barely moves; then it
    falls; past the largest stable rate it turns up and explodes. A good constant rate lies
    where the loss falls fastest, about a tenth of the rate at the lowest loss.

    Training runs through :func:`gdcourse.run` with ``on_divergence="stop"``; the result is
    cut at the first step whose loss exceeds ``stop_factor`` times the lowest so far.

    Parameters
    ----------
    make_optimizer : callable
        ``make_optimizer(lr) -> optimizer``, called once with the growing schedule, e.g.
        ``lambda lr: Momentum(lr=lr, gamma=0.9)``.
    problem : Problem
        What to train (a data problem for mini-batches).
    theta0 : array_like
        The start point.
    lr_min, lr_max : float
        The first and last rates, ``0 < lr_min < lr_max``.
    steps : int
        Length of the test (>= 2).
    batch_size : int, optional
        Mini-batch size, as in :func:`gdcourse.run`.
    rng : numpy.random.Generator, optional
        For shuffled mini-batches.
    stop_factor : float
        Stop once the loss exceeds this multiple (> 1) of the lowest loss so far.
    smoothing : float
        :math:`\beta \in [0, 1)` of the moving average of the losses (0: no smoothing).

    Returns
    -------
    RangeTestResult

    Raises
    ------
    ValueError
        On a bad argument, and when the loss blows up at the very first step: then even
        ``lr_min`` is too large and the test has nothing to show (lower ``lr_min``).

    Examples
    --------
    >>> from gdcourse.optimizers import GD
    >>> from gdcourse.problems import quadratic_bowl
    >>> result = lr_range_test(lambda lr: GD(lr=lr), quadratic_bowl(10.0), [1.0, 1.0],
    ...                        lr_min=1e-3, lr_max=100.0, steps=50)
    >>> print(result.message)
    stopped at step 29 of 50 (lr = 0.72): the loss rose above 4 x its lowest
    >>> result.stopped_at, round(result.suggestion, 3)
    (28, 0.057)
    """
    check_callable("make_optimizer", make_optimizer, "a function lr -> optimizer")
    schedule = exponential_lrs(lr_min, lr_max, steps)
    stop_factor = check_number("stop_factor", stop_factor)
    if stop_factor <= 1.0:
        raise ValueError(f"stop_factor must be > 1, got stop_factor={stop_factor!r}")
    smoothing = check_number("smoothing", smoothing)
    if not 0.0 <= smoothing < 1.0:
        raise ValueError(f"smoothing must be in [0, 1), got smoothing={smoothing!r}")
    if not hasattr(problem, "loss"):
        raise ArgumentTypeError(
            f"problem must be a Problem with a loss to record, got problem={problem!r}"
        )
    path = run(
        make_optimizer(schedule), problem, theta0, steps=steps, batch_size=batch_size,
        rng=rng, on_divergence="stop",
    )  # fmt: skip
    assert path.losses is not None
    loss0, after = float(path.losses[0]), path.losses[1:]
    lrs = np.asarray(schedule(np.arange(after.size)), dtype=np.float64).reshape(-1)
    best = np.minimum.accumulate(np.concatenate([[loss0], after]))[:-1]
    bad = ~np.isfinite(after) | (after > stop_factor * best)
    stop = int(np.argmax(bad)) if bad.any() else after.size
    message = ""
    if stop < after.size or path.diverged:
        why = f"rose above {stop_factor:g} x its lowest" if stop < after.size else "blew up"
        lr_stop = float(schedule(stop))
        message = f"stopped at step {stop + 1} of {steps} (lr = {lr_stop:.3g}): the loss {why}"
    if stop == 0:
        raise ValueError(
            f"the loss blew up at the first step, with lr_min={lr_min!r}: the test has "
            "nothing to show; lower lr_min"
        )
    kept = after[:stop]
    smoothed = np.empty(stop)
    average = 0.0
    for i, loss in enumerate(kept):  # an EMA with Adam's bias correction
        average = smoothing * average + (1.0 - smoothing) * loss
        smoothed[i] = average / (1.0 - smoothing ** (i + 1))
    return RangeTestResult(lrs[:stop], kept, smoothed, loss0, stop, message)
