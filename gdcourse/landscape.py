r"""Looking at a loss with many parameters along one line, and how sharp a minimum is.

A network has too many parameters for a contour map. Two cheap views remain:

* :func:`interpolate`: the loss along the straight line
  :math:`\theta(\alpha) = (1 - \alpha)\,\theta_a + \alpha\,\theta_b` between two parameter
  vectors (Goodfellow et al.'s 1-D interpolation, used by Keskar et al. to compare the
  minima found by small- and large-batch training);
* :func:`sharpness`: the average rise of the loss at random points at distance
  ``radius`` from a minimum (a flat minimum rises little).

Both depend on how the network is parametrized: rescaling the weights of a ReLU layer by
:math:`c` and the next layer by :math:`1/c` changes neither the function nor the loss,
but changes both pictures (Dinh et al., 2017).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

from ._checks import (
    as_real_array,
    as_start_point,
    check_callable,
    check_positive,
    check_positive_int,
    check_rng,
)

__all__ = ["Interpolation", "interpolate", "sharpness"]


class Interpolation(NamedTuple):
    r"""The loss along a line: ``losses[i]`` at :math:`\theta(\alpha_i)`."""

    alphas: np.ndarray
    losses: np.ndarray


def _loss_function(problem: Any) -> Callable[[np.ndarray], Any]:
    if hasattr(problem, "loss"):
        return problem.loss  # type: ignore[no-any-return]
    return check_callable("problem", problem, "a Problem or a function theta -> loss")


def interpolate(problem: Any, theta_a: Any, theta_b: Any, alphas: Any = None) -> Interpolation:
    r"""The loss at :math:`(1 - \alpha)\,\theta_a + \alpha\,\theta_b` for each :math:`\alpha`.

    Parameters
    ----------
    problem : Problem or callable
        A problem (its ``loss`` is used) or a function ``theta -> loss``.
    theta_a, theta_b : array_like
        The two ends (:math:`\alpha = 0` and :math:`\alpha = 1`), of one shape.
    alphas : array_like, optional
        Where to evaluate; default 41 points from -0.5 to 1.5 (a little beyond each end,
        to see the walls around each solution).

    Returns
    -------
    Interpolation

    Examples
    --------
    >>> line = interpolate(lambda theta: float(np.sum(theta**2)), [-1.0], [1.0], [0, 0.5, 1])
    >>> line.losses.tolist()
    [1.0, 0.0, 1.0]
    """
    loss = _loss_function(problem)
    a, b = as_start_point("theta_a", theta_a), as_start_point("theta_b", theta_b)
    if a.shape != b.shape:
        raise ValueError(f"theta_a and theta_b must have one shape, got {a.shape} and {b.shape}")
    if alphas is None:
        alphas = np.linspace(-0.5, 1.5, 41)
    alphas = as_real_array("alphas", alphas, finite=True, nonempty=True)
    if alphas.ndim != 1:
        raise ValueError(f"alphas must be a 1-D array, got shape {alphas.shape}")
    losses = np.array([float(loss((1.0 - x) * a + x * b)) for x in alphas])
    return Interpolation(alphas.copy(), losses)


def sharpness(
    problem: Any,
    theta: Any,
    radius: float,
    rng: np.random.Generator,
    directions: int = 20,
) -> float:
    r"""The mean rise of the loss at ``directions`` random points at distance ``radius``.

    .. math::

        S = \frac{1}{m} \sum_{j=1}^{m} \bigl(L(\theta + r\, d_j) - L(\theta)\bigr),
        \qquad d_j \text{ uniform on the unit sphere}

    For a quadratic bowl with Hessian :math:`H` in :math:`n` dimensions this is about
    :math:`\tfrac{r^2}{2n}\operatorname{tr} H`: the mean curvature, measured at one scale.

    Parameters
    ----------
    problem : Problem or callable
        A problem or a function ``theta -> loss``.
    theta : array_like
        The point (usually a minimum found by training).
    radius : float
        :math:`r` > 0, in parameter units.
    rng : numpy.random.Generator
        Source of the directions.
    directions : int
        :math:`m` >= 1.

    Returns
    -------
    float
        :math:`S`, in units of the loss.

    Examples
    --------
    >>> import numpy as np
    >>> bowl = lambda theta: float(np.sum(theta**2))   # rises by r^2 in every direction
    >>> round(sharpness(bowl, [0.0, 0.0], 0.1, np.random.default_rng(0)), 6)
    0.01
    """
    loss = _loss_function(problem)
    point = as_start_point("theta", theta)
    radius = check_positive("radius", radius)
    check_rng(rng)
    directions = check_positive_int("directions", directions)
    base = float(loss(point))
    rises = np.empty(directions)
    for j in range(directions):
        d = rng.standard_normal(point.shape)
        d *= radius / np.linalg.norm(d)
        rises[j] = float(loss(point + d)) - base
    return float(rises.mean())
