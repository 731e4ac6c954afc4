r"""Averages of the iterates: evaluate a smoothed point instead of the last one.

SGD with a constant learning rate does not settle at the minimum: it keeps bouncing in a
cloud around it whose size grows with :math:`\eta` and the gradient noise. The average of
the iterates sits near the centre of the cloud.

* :func:`polyak_average`: the plain mean of the iterates since ``start`` (Polyak &
  Juditsky, 1992), what :class:`~gdcourse.optimizers.ASGD` keeps as ``theta_bar``;
* :func:`ema_average`: an exponential moving average
  :math:`\tilde\theta_t = \beta \tilde\theta_{t-1} + (1 - \beta)\theta_t`, which forgets old
  iterates (the "EMA of weights" of many training scripts).

Both work on the recorded path of a run (a :class:`~gdcourse.Trajectory` or its
``thetas``), so they change nothing in training: averaging is a read-out.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._checks import as_real_array, check_number
from .run import Trajectory

__all__ = ["polyak_average", "ema_average"]


def _thetas(path: Any) -> np.ndarray:
    thetas = path.thetas if isinstance(path, Trajectory) else path
    thetas = as_real_array("path", thetas, finite=True)
    if thetas.ndim < 1 or thetas.shape[0] == 0:
        raise ValueError(
            f"path must be a Trajectory or an array of iterates (steps + 1, ...), got shape "
            f"{thetas.shape}"
        )
    return thetas


def polyak_average(path: Any, start: int = 0) -> np.ndarray:
    r"""The running mean of the iterates from step ``start`` on.

    .. math::

        \bar\theta_t = \begin{cases} \theta_t, & t < s \\
            \frac{1}{t - s + 1} \sum_{k=s}^{t} \theta_k, & t \ge s \end{cases}

    Parameters
    ----------
    path : Trajectory or array_like, shape (steps + 1, ...)
        The iterates :math:`\theta_0, \theta_1, \dots`.
    start : int
        :math:`s`, the first iterate averaged (>= 0): skip the first, far-off iterates.
        ``ASGD(t0=t0)`` starts at :math:`s = t_0 + 2` (torch's counting).

    Returns
    -------
    ndarray, the shape of the iterates
        :math:`\bar\theta_t` for every :math:`t`; the last row is the one to evaluate.

    Examples
    --------
    >>> polyak_average([[0.0], [2.0], [4.0], [0.0]], start=1).ravel().tolist()
    [0.0, 2.0, 3.0, 2.0]
    """
    thetas = _thetas(path)
    if isinstance(start, bool) or not isinstance(start, (int, np.integer)) or start < 0:
        raise ValueError(f"start must be a whole number >= 0, got start={start!r}")
    if start >= thetas.shape[0]:
        raise ValueError(
            f"start must be below the number of iterates ({thetas.shape[0]}), got start={start!r}"
        )
    averages = thetas.copy()
    counts = np.arange(1, thetas.shape[0] - start + 1).reshape((-1,) + (1,) * (thetas.ndim - 1))
    averages[start:] = np.cumsum(thetas[start:], axis=0) / counts
    return averages


def ema_average(path: Any, beta: float) -> np.ndarray:
    r"""The exponential moving average of the iterates, started at :math:`\theta_0`.

    .. math::

        \tilde\theta_0 = \theta_0, \qquad
        \tilde\theta_t = \beta\,\tilde\theta_{t-1} + (1 - \beta)\,\theta_t

    Starting from :math:`\theta_0` rather than 0 leaves no bias to correct. It averages
    roughly the last :math:`1 / (1 - \beta)` iterates.

    Parameters
    ----------
    path : Trajectory or array_like, shape (steps + 1, ...)
        The iterates.
    beta : float
        :math:`\beta \in [0, 1)`: 0 returns the iterates themselves.

    Returns
    -------
    ndarray, the shape of the iterates

    Examples
    --------
    >>> ema_average([[0.0], [2.0], [2.0]], beta=0.5).ravel().tolist()
    [0.0, 1.0, 1.5]
    """
    thetas = _thetas(path)
    beta = check_number("beta", beta)
    if not 0.0 <= beta < 1.0:
        raise ValueError(f"beta must be in [0, 1), got beta={beta!r}")
    averages = np.empty_like(thetas)
    averages[0] = thetas[0]
    for t in range(1, thetas.shape[0]):
        averages[t] = beta * averages[t - 1] + (1.0 - beta) * thetas[t]
    return averages
