r"""Data-parallel SGD on one machine: K simulated workers, and gradients that arrive late.

In synchronous data-parallel training each of :math:`K` workers holds a copy of
:math:`\theta`, computes the gradient on its own mini-batch of :math:`B` points, the
gradients are averaged (an *all-reduce*) and every copy takes the same step:

.. math::

    g_t = \frac{1}{K} \sum_{k=1}^{K} \nabla L_{\mathcal B_k}(\theta_t), \qquad
    \theta_{t+1} = \theta_t - \eta\, g_t .

With equal shards this is the gradient of the mean loss over the union of the shards,
so the run *is* mini-batch SGD with batch :math:`KB`: :func:`data_parallel` builds it
on :func:`gdcourse.run` with ``batch_size = K * B`` and splits each batch among the
workers, and a test checks the equality.

Asynchronous training (Hogwild-style; Recht et al., 2011) drops the wait for the
slowest worker: each update uses a gradient computed at parameters that are
:math:`\tau` updates old, :math:`\theta_{t+1} = \theta_t - \eta \nabla L(\theta_{t-\tau})`.
``delay=tau`` simulates that fixed staleness.

:func:`gradient_noise` measures how far a mini-batch gradient strays from the full one:
the mean squared error falls like :math:`1/B` (times :math:`(N-B)/(N-1)` when the batch
is drawn without replacement).
"""

from __future__ import annotations

from collections import deque
from typing import Any

import numpy as np

from ._checks import ArgumentTypeError, as_start_point, check_positive_int, check_rng
from .run import Trajectory, run

__all__ = ["data_parallel", "gradient_noise", "Workers"]


def _check_delay(delay: Any) -> int:
    if isinstance(delay, bool) or not isinstance(delay, (int, np.integer)) or delay < 0:
        raise ValueError(
            f"delay must be a whole number >= 0 (steps of staleness; 0 = synchronous), "
            f"got delay={delay!r}"
        )
    return int(delay)


def _check_data_problem(problem: Any) -> int:
    n_samples = getattr(problem, "n_samples", None)
    if not (hasattr(problem, "grad") and hasattr(problem, "loss")) or not isinstance(
        n_samples, int
    ):
        raise ArgumentTypeError(
            "problem must be a data problem with n_samples, loss and grad (e.g. "
            f"gdcourse.nn.NetworkProblem), got problem={problem!r}"
        )
    return n_samples


class Workers:
    """``problem`` as :math:`K` workers see it: each step's batch split into K shards.

    ``grad(theta, batch)`` cuts ``batch`` into ``workers`` nearly equal shards, takes
    each shard's gradient (what one worker computes) and averages them weighted by the
    shard sizes (the all-reduce). With ``delay`` > 0 each gradient is taken at the
    parameters of ``delay`` calls earlier (the oldest known ones at the start).

    The delay keeps a history, so use a fresh ``Workers`` for every run
    (:func:`data_parallel` does).

    Parameters
    ----------
    problem : Problem
        A data problem (``n_samples``, ``loss(theta, batch)``, ``grad(theta, batch)``).
    workers : int
        K >= 1.
    delay : int
        :math:`\\tau` >= 0.
    """

    def __init__(self, problem: Any, workers: int, delay: int = 0):
        self.n_samples = _check_data_problem(problem)
        self.problem = problem
        self.workers = check_positive_int("workers", workers)
        self.delay = _check_delay(delay)
        self.n_params = getattr(problem, "n_params", None)
        self.names = getattr(problem, "names", ())
        self._history: deque[np.ndarray] = deque(maxlen=self.delay + 1)

    def __repr__(self) -> str:
        return f"Workers({self.problem!r}, workers={self.workers}, delay={self.delay})"

    def loss(self, theta: Any, batch: Any = None) -> float:
        """The problem's loss (full data by default)."""
        return self.problem.loss(theta, batch=batch)

    def grad(self, theta: Any, batch: Any = None) -> np.ndarray:
        """The workers' averaged gradient on ``batch``, at parameters ``delay`` calls old."""
        self._history.append(np.array(theta, dtype=np.float64))
        stale = self._history[0]  # delay + 1 entries once full: the oldest is tau calls ago
        if batch is None:
            batch = np.arange(self.n_samples)
        shards = [s for s in np.array_split(np.asarray(batch), self.workers) if s.size]
        total = sum(s.size for s in shards)
        grads = [self.problem.grad(stale, batch=s) * (s.size / total) for s in shards]
        return np.sum(grads, axis=0)


def data_parallel(
    optimizer: Any,
    problem: Any,
    theta0: Any,
    *,
    workers: int,
    batch_size: int,
    steps: int | None = None,
    epochs: int | None = None,
    rng: np.random.Generator | None = None,
    delay: int = 0,
    shuffle: bool = True,
    on_divergence: str = "raise",
) -> Trajectory:
    r"""Train with ``workers`` simulated workers of ``batch_size`` points each.

    Runs :func:`gdcourse.run` with ``batch_size = workers * batch_size`` on a
    :class:`Workers` view of ``problem``. With ``delay=0`` the path is that of
    mini-batch SGD with batch :math:`KB` and the same ``rng`` (to round-off: the
    shards' gradients are summed in a different order). With ``delay`` :math:`= \tau`
    every gradient is taken at the parameters of :math:`\tau` gradient calls earlier
    (for optimizers that call the gradient once per step, :math:`\tau` steps).

    Parameters
    ----------
    optimizer : Optimizer
        As in :func:`gdcourse.run`.
    problem : Problem
        A data problem (``n_samples``).
    theta0 : array_like
        The start point.
    workers : int
        K >= 1.
    batch_size : int
        B >= 1 points per worker; :math:`KB` must not exceed ``n_samples``.
    steps, epochs : int, optional
        Exactly one, as in :func:`gdcourse.run` (an epoch has
        :math:`\lceil N / KB \rceil` steps).
    rng : numpy.random.Generator, optional
        Shuffling, as in :func:`gdcourse.run`.
    delay : int
        :math:`\tau` >= 0, the staleness of every gradient.
    shuffle : bool
        As in :func:`gdcourse.run`.
    on_divergence : {"raise", "stop"}
        As in :func:`gdcourse.run`.

    Returns
    -------
    Trajectory
        As from :func:`gdcourse.run`; ``grad_evals`` counts the calls to the workers' joint
        gradient (one a step), not each worker's.

    Examples
    --------
    >>> import numpy as np
    >>> from gdcourse.optimizers import GD
    >>> from gdcourse.problems import LogisticRegression
    >>> problem = LogisticRegression(np.arange(8.0), [0, 0, 0, 1, 0, 1, 1, 1])
    >>> path = data_parallel(GD(lr=0.05), problem, [0.0, 0.0], workers=2, batch_size=4,
    ...                      steps=3, rng=np.random.default_rng(0))
    >>> path.steps
    3
    """
    workers = check_positive_int("workers", workers)
    batch_size = check_positive_int("batch_size", batch_size)
    delay = _check_delay(delay)
    n_samples = _check_data_problem(problem)
    if workers * batch_size > n_samples:
        raise ValueError(
            f"workers * batch_size must be <= n_samples={n_samples}, got workers={workers}, "
            f"batch_size={batch_size} ({workers * batch_size} points per step)"
        )
    view = Workers(problem, workers, delay)
    return run(
        optimizer, view, theta0, steps=steps, epochs=epochs, batch_size=workers * batch_size,
        rng=rng, shuffle=shuffle, on_divergence=on_divergence,
    )  # fmt: skip


def gradient_noise(
    problem: Any, theta: Any, batch_size: int, draws: int, rng: np.random.Generator
) -> float:
    r"""The mean squared error of a mini-batch gradient: :math:`E\,\|g_B - \nabla L\|^2`.

    Draws ``draws`` mini-batches of ``batch_size`` points without replacement and
    averages the squared distance of their gradient from the full-data gradient at
    ``theta``. For a mean loss it equals :math:`\frac{\sigma^2}{B}\,\frac{N-B}{N-1}`, with
    :math:`\sigma^2` the mean squared deviation of one point's gradient.

    Parameters
    ----------
    problem : Problem
        A data problem.
    theta : array_like
        Where to measure.
    batch_size : int
        B, 1 <= B <= N.
    draws : int
        Number of mini-batches averaged (>= 1).
    rng : numpy.random.Generator
        Source of the batches.

    Returns
    -------
    float
        :math:`E\,\|g_B - \nabla L\|^2` (0 when ``batch_size`` is ``n_samples``).

    Examples
    --------
    >>> import numpy as np
    >>> from gdcourse.problems import LogisticRegression
    >>> problem = LogisticRegression(np.arange(8.0), [0, 0, 0, 1, 0, 1, 1, 1])
    >>> gradient_noise(problem, [0.0, 0.0], problem.n_samples, 3, np.random.default_rng(0))
    0.0
    """
    n_samples = _check_data_problem(problem)
    batch_size = check_positive_int("batch_size", batch_size)
    if batch_size > n_samples:
        raise ValueError(
            f"batch_size must be <= n_samples={n_samples}, got batch_size={batch_size!r}"
        )
    draws = check_positive_int("draws", draws)
    check_rng(rng)
    theta = as_start_point("theta", theta)
    full = problem.grad(theta)
    if batch_size == n_samples:
        return 0.0  # every batch is the whole data set
    errors = np.empty(draws)
    for i in range(draws):
        batch = np.sort(rng.choice(n_samples, size=batch_size, replace=False))
        errors[i] = np.sum((problem.grad(theta, batch=batch) - full) ** 2)
    return float(errors.mean())
