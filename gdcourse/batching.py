r"""Epochs, mini-batches and the running loss estimate.

Vocabulary (that of the source lecture notes, e.g. Khapra's CS7015):

* 1 **epoch** = one pass over all N data points;
* 1 **step** = one update of the parameters;
* with mini-batches of B points an epoch has :math:`\lceil N / B \rceil` steps:
  1 for batch GD (B = N), N for stochastic GD (B = 1).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import numpy as np

from ._checks import as_real_array, check_flag, check_number, check_positive_int, check_rng


def _check_batch_size(n_samples: Any, batch_size: Any) -> tuple[int, int]:
    n_samples = check_positive_int("n_samples", n_samples)
    batch_size = check_positive_int("batch_size", batch_size)
    if batch_size > n_samples:
        raise ValueError(
            f"batch_size must be <= n_samples={n_samples}, got batch_size={batch_size!r}"
        )
    return n_samples, batch_size


def steps_per_epoch(n_samples: int, batch_size: int) -> int:
    r"""Number of updates in one pass over the data: :math:`\lceil N / B \rceil`.

    The last batch of an epoch is smaller when B does not divide N; it still counts
    as a step.

    >>> steps_per_epoch(100, 100), steps_per_epoch(100, 1), steps_per_epoch(100, 32)
    (1, 100, 4)
    """
    n_samples, batch_size = _check_batch_size(n_samples, batch_size)
    return math.ceil(n_samples / batch_size)


def minibatches(
    n_samples: int,
    batch_size: int,
    rng: np.random.Generator | None = None,
    shuffle: bool = True,
) -> Iterator[np.ndarray]:
    """Yield the index arrays of one epoch's mini-batches.

    Parameters
    ----------
    n_samples : int
        N, the number of data points.
    batch_size : int
        B, between 1 and N. The last batch holds the ``N mod B`` points left over.
    rng : numpy.random.Generator, optional
        Source of the shuffled order; required when ``shuffle`` is true.
    shuffle : bool
        Visit the points in a fresh random order (sampling without replacement), as
        ``torch.utils.data.DataLoader(shuffle=True)`` does each epoch. Without it the
        batches are ``0..B-1``, ``B..2B-1``, ...

    Returns
    -------
    iterator of ndarray of int
        The indices of each mini-batch in turn; together they cover every point once.
    """
    n_samples, batch_size = _check_batch_size(n_samples, batch_size)
    if check_flag("shuffle", shuffle):
        order = check_rng(rng).permutation(n_samples)  # shuffle=True needs an rng
    else:
        order = np.arange(n_samples)
    # A generator expression rather than ``yield`` in this function: the checks above
    # then run at the call, not at the first ``next``.
    return (order[start : start + batch_size] for start in range(0, n_samples, batch_size))


def running_loss(losses: Any, lam: float, initial: float | None = None) -> np.ndarray:
    r"""The SGD running estimate of the loss: :math:`Q := \lambda L_i + (1 - \lambda) Q`.

    Stochastic GD only sees one point's loss :math:`L_i` per step, which is noisy;
    this exponential moving average smooths it into an estimate of the full loss
    without ever evaluating all N points.

    Parameters
    ----------
    losses : array_like, shape (steps,)
        The per-step losses :math:`L_i` (e.g. ``Trajectory.batch_losses``).
    lam : float
        :math:`\lambda \in (0, 1]`: the weight of the newest loss. Small
        :math:`\lambda` (about 1/N) averages over roughly the last :math:`1/\lambda` steps;
        :math:`\lambda = 1` just repeats the newest loss.
    initial : float, optional
        :math:`Q` before the first step (e.g. the full loss at the start point, as in
        Ayyalasomayajula's DTE-2502 notes). By default the first loss itself.

    Returns
    -------
    ndarray, shape (steps,)
        :math:`Q` after each step.
    """
    lam = check_number("lam", lam)
    if not 0.0 < lam <= 1.0:
        raise ValueError(f"lam must be in (0, 1], got lam={lam!r}")
    losses = as_real_array("losses", losses)
    if losses.ndim != 1 or losses.size == 0:
        raise ValueError(f"losses must be a non-empty 1-D array, got shape {losses.shape}")
    q = losses[0] if initial is None else check_number("initial", initial)
    estimates = np.empty_like(losses)
    for i, loss in enumerate(losses):
        q = lam * loss + (1.0 - lam) * q
        estimates[i] = q
    return estimates
