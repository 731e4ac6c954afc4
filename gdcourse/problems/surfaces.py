r"""Two-parameter test surfaces with analytic gradients.

Each factory returns a :class:`Surface` (or :class:`QuadraticBowl`): a problem in
``theta = [x, y]`` whose ``loss`` and ``grad`` accept grids, so a contour plot is one
vectorized call::

    X, Y = np.meshgrid(np.linspace(-2, 2, 101), np.linspace(-1, 3, 101))
    Z = rosenbrock().loss([X, Y])          # shape (101, 101)
    G = rosenbrock().grad([X, Y])          # shape (2, 101, 101)

Every surface carries ``bounds`` (a plotting window), ``minimum`` (a minimizer, or
``None`` when there is none) and ``start`` (a start point that makes a good demo).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from .._checks import check_bounds, check_number, check_positive
from ._base import Bounds, Problem

#: ``f(x, y)`` written with numpy operations, so ``x`` and ``y`` may be grids.
XYFunction = Callable[[np.ndarray, np.ndarray], Any]


class Surface(Problem):
    """A loss of two variables ``(x, y)`` given by a formula and its gradient.

    Parameters
    ----------
    name : str
        What the surface is called in titles.
    loss_xy, grad_xy : callable
        ``loss_xy(x, y)`` and ``grad_xy(x, y) -> (dL/dx, dL/dy)``, written with numpy
        operations so that ``x`` and ``y`` may be grids.
    bounds : ((float, float), (float, float))
        Default plotting window.
    minimum : array_like or None
        A minimizer, or None when the surface is unbounded below.
    start : array_like
        A good start point for demos.
    """

    names = ("x", "y")

    def __init__(
        self,
        name: str,
        loss_xy: XYFunction,
        grad_xy: XYFunction,
        bounds: Bounds,
        minimum: Any,
        start: Any,
    ):
        self.name = name
        self._loss_xy = loss_xy
        self._grad_xy = grad_xy
        box = check_bounds(bounds, 2)
        self.bounds = tuple((float(lo), float(hi)) for lo, hi in box)
        self.minimum = None if minimum is None else np.array(minimum, dtype=np.float64)
        self.start = np.array(start, dtype=np.float64)

    def _xy(self, theta: Any, batch: Any) -> tuple[np.ndarray, np.ndarray]:
        """``x`` and ``y`` (numbers or grids of one shape) from a checked ``theta``."""
        # A formula has no data points, so a mini-batch request is a mistake in the caller.
        if batch is not None:
            raise ValueError(f"a surface has no data points to batch, got batch={batch!r}")
        x, y = self.check_theta(theta)
        return x, y

    def loss(self, theta: Any, batch: Any = None) -> Any:
        """``L(x, y)``; a grid of values for grids ``theta = [X, Y]``."""
        value = self._loss_xy(*self._xy(theta, batch))
        return value[()] if isinstance(value, np.ndarray) else value

    def grad(self, theta: Any, batch: Any = None) -> np.ndarray:
        """``(dL/dx, dL/dy)``, shape ``(2, *grid)``."""
        x, y = self._xy(theta, batch)
        dx, dy = self._grad_xy(x, y)
        if np.ndim(x) == 0:  # one point (every step of a run): two numbers
            return np.array([dx, dy], dtype=np.float64)
        # broadcast_arrays: a partial derivative that is constant (e.g. 2x has no y)
        # must still come back with the grid's shape.
        dx, dy = np.broadcast_arrays(dx, dy, x, y)[:2]
        return np.stack([dx, dy]).astype(np.float64)


class QuadraticBowl(Surface):
    r"""The quadratic :math:`L(\theta) = \tfrac12 \theta^\top H \theta` with minimum at 0.

    .. math::

        H = R(\alpha) \begin{pmatrix} \lambda_1 & 0 \\ 0 & \lambda_2 \end{pmatrix}
            R(\alpha)^\top, \qquad \nabla L = H \theta

    where :math:`R(\alpha)` rotates by ``angle`` :math:`\alpha` (radians). The condition
    number :math:`\kappa = \lambda_2 / \lambda_1` sets how stretched the level sets are;
    plain GD is stable only for :math:`\eta < 2 / \lambda_{\max}`.

    Attributes
    ----------
    hessian : ndarray, shape (2, 2)
        :math:`H`, the same at every point.
    eigenvalues : ndarray, shape (2,)
        :math:`(\lambda_1, \lambda_2)`.
    """

    def __init__(
        self,
        eigenvalues: tuple[float, float],
        angle: float,
        name: str,
        bounds: Bounds,
        start: Any,
    ):
        lam1, lam2 = eigenvalues
        c, s = math.cos(angle), math.sin(angle)
        rotation = np.array([[c, -s], [s, c]])
        self.eigenvalues = np.array([lam1, lam2], dtype=np.float64)
        self.hessian = rotation @ np.diag(self.eigenvalues) @ rotation.T
        self.condition_number = lam2 / lam1
        self.angle = angle
        h = self.hessian

        def loss_xy(x, y):
            return 0.5 * (h[0, 0] * x**2 + 2.0 * h[0, 1] * x * y + h[1, 1] * y**2)

        def grad_xy(x, y):
            return h[0, 0] * x + h[0, 1] * y, h[1, 0] * x + h[1, 1] * y

        super().__init__(name, loss_xy, grad_xy, bounds, minimum=(0.0, 0.0), start=start)


def quadratic_bowl(condition_number: float = 10.0, angle: float = 0.0) -> QuadraticBowl:
    r"""A bowl with eigenvalues 1 and :math:`\kappa` = ``condition_number``, rotated by ``angle``.

    Parameters
    ----------
    condition_number : float
        :math:`\kappa \ge 1`: the curvature along the steep axis (the flat axis has 1).
    angle : float
        Rotation of the axes in radians (0: the steep direction is ``y``).

    Notes
    -----
    The start point ``(-2.5, 1.5)`` lies off both axes, so GD with a step near
    :math:`2/\kappa` zig-zags across the steep direction while crawling along the flat
    one. With :math:`\eta > 2/\kappa` GD diverges.
    """
    kappa = check_number("condition_number", condition_number)
    if kappa < 1.0:
        raise ValueError(
            f"condition_number must be >= 1, got condition_number={condition_number!r}"
        )
    alpha = check_number("angle", angle)
    return QuadraticBowl(
        eigenvalues=(1.0, kappa),
        angle=alpha,
        name=f"quadratic bowl (kappa={kappa:g})",
        bounds=((-3.0, 3.0), (-3.0, 3.0)),
        start=(-2.5, 1.5),
    )


def narrow_valley() -> QuadraticBowl:
    r"""A long, narrow valley: :math:`L = \tfrac12 (0.02\,x^2 + 4\,y^2)`, :math:`\kappa = 200`.

    The floor runs along ``x`` with a gentle slope; the walls (``y``) are steep.

    Notes
    -----
    Start point ``(-10, 1)``. The largest stable GD step is :math:`2/4 = 0.5`. With
    :math:`\eta = 0.45` for 100 iterations:

    * GD shrinks ``x`` by :math:`1 - 0.45 \cdot 0.02 = 0.991` per step, so it is still
      near ``x = -4`` (loss about 0.16) after 100 steps;
    * momentum (:math:`\gamma = 0.9`, same :math:`\eta`) contracts every direction by
      about :math:`\sqrt{\gamma} \approx 0.95` per step and ends within 0.1 of the
      minimum (loss below 1e-3).
    """
    return QuadraticBowl(
        eigenvalues=(0.02, 4.0),
        angle=0.0,
        name="narrow valley",
        bounds=((-11.0, 3.0), (-2.0, 2.0)),
        start=(-10.0, 1.0),
    )


def rosenbrock(a: float = 1.0, b: float = 100.0) -> Surface:
    r"""Rosenbrock's banana :math:`L = (a - x)^2 + b\,(y - x^2)^2`, minimum at :math:`(a, a^2)`.

    .. math::

        \frac{\partial L}{\partial x} = -2(a - x) - 4 b x (y - x^2), \qquad
        \frac{\partial L}{\partial y} = 2 b (y - x^2)

    Start point ``(-1.2, 1)``, the classic one: the path must follow a curved,
    flat-bottomed valley round to the minimum.

    Examples
    --------
    >>> banana = rosenbrock()
    >>> banana.n_params, banana.names, float(banana.loss(banana.minimum))
    (2, ('x', 'y'), 0.0)
    >>> banana.grad([2.0, 4.0]).tolist()  # dL/dx = -2(1 - 2) = 2 on the valley floor
    [2.0, 0.0]
    >>> banana.loss([1.0, 1.0, 1.0])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: theta must hold 2 parameters (x, y), got theta with shape (3,)...
    """
    a = check_number("a", a)
    b = check_positive("b", b)

    def loss_xy(x, y):
        return (a - x) ** 2 + b * (y - x**2) ** 2

    def grad_xy(x, y):
        return -2.0 * (a - x) - 4.0 * b * x * (y - x**2), 2.0 * b * (y - x**2)

    return Surface(
        name=f"Rosenbrock (a={a:g}, b={b:g})",
        loss_xy=loss_xy,
        grad_xy=grad_xy,
        # Wide enough for the classic start (-1.2, 1) and the minimum (a, a^2).
        bounds=(
            (min(-2.0, a - 3.0), max(2.0, a + 1.0)),
            (min(-1.0, a**2 - 2.0), max(3.0, a**2 + 2.0)),
        ),
        minimum=(a, a**2),
        start=(-1.2, 1.0),
    )


_BEALE_C = (1.5, 2.25, 2.625)


def beale() -> Surface:
    r"""Beale's function, minimum :math:`L = 0` at ``(3, 0.5)``.

    .. math::

        L = \sum_{k=1}^{3} r_k^2, \qquad r_k = c_k - x + x y^k, \qquad
        c = (1.5,\ 2.25,\ 2.625)

    .. math::

        \frac{\partial L}{\partial x} = \sum_k 2 r_k (y^k - 1), \qquad
        \frac{\partial L}{\partial y} = \sum_k 2 r_k\, k\, x\, y^{k-1}

    Start point ``(1, 1.5)``: flat plateaus and steep ridges (the :math:`y^3` term)
    make a fixed step size hard to choose, which is where adaptive methods shine.
    """

    def loss_xy(x, y):
        return sum((c - x + x * y**k) ** 2 for k, c in enumerate(_BEALE_C, start=1))

    def grad_xy(x, y):
        dx = 0.0
        dy = 0.0
        for k, c in enumerate(_BEALE_C, start=1):
            r = c - x + x * y**k
            dx = dx + 2.0 * r * (y**k - 1.0)
            dy = dy + 2.0 * r * k * x * y ** (k - 1)
        return dx, dy

    return Surface(
        name="Beale",
        loss_xy=loss_xy,
        grad_xy=grad_xy,
        bounds=((-4.5, 4.5), (-4.5, 4.5)),
        minimum=(3.0, 0.5),
        start=(1.0, 1.5),
    )


def saddle(quartic: float = 0.0) -> Surface:
    r"""A saddle at the origin: :math:`L = x^2 - y^2 + q\, y^4`.

    .. math::

        \frac{\partial L}{\partial x} = 2x, \qquad
        \frac{\partial L}{\partial y} = -2y + 4 q y^3

    Parameters
    ----------
    quartic : float
        :math:`q \ge 0`. With the default 0 the surface is the textbook saddle and is
        unbounded below (``minimum`` is None): a long run slides off to
        :math:`y \to \pm\infty` and eventually diverges. With :math:`q > 0` two minima
        appear at :math:`(0, \pm 1/\sqrt{2q})`; ``minimum`` is the one with ``y > 0``.

    Notes
    -----
    Start point ``(1.5, 0.01)``: almost on the ridge line ``y = 0``. The gradient
    pulls ``x`` to 0 quickly, while ``y`` grows only by the factor
    :math:`1 + 2\eta` per GD step, so GD lingers near the saddle before escaping.
    """
    q = check_number("quartic", quartic)
    if q < 0:
        raise ValueError(f"quartic must be >= 0, got quartic={quartic!r}")

    def loss_xy(x, y):
        return x**2 - y**2 + q * y**4

    def grad_xy(x, y):
        return 2.0 * x, -2.0 * y + 4.0 * q * y**3

    return Surface(
        name="saddle" if q == 0 else f"saddle (quartic={q:g})",
        loss_xy=loss_xy,
        grad_xy=grad_xy,
        bounds=((-2.0, 2.0), (-2.0, 2.0)),
        minimum=None if q == 0 else (0.0, 1.0 / math.sqrt(2.0 * q)),
        start=(1.5, 0.01),
    )
