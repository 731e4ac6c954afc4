r"""A sigmoid neuron (logistic regression) on a data set of N points.

``LogisticRegression`` is the data problem of the stochastic, mini-batch and AdaGrad
chapters. Its loss is the **mean** over the points it is given (all N, or a
mini-batch), as in ``torch.nn.BCELoss`` / ``MSELoss`` with ``reduction="mean"``, so a
learning rate means the same thing whatever the batch size.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._checks import (
    as_batch,
    as_real_array,
    check_choice,
    check_number,
    check_positive_int,
    check_rng,
)
from ..nn.activations import sigmoid
from ._base import Problem

LOSSES = ("bce", "mse")


class LogisticRegression(Problem):
    r"""A sigmoid neuron :math:`f(x) = \sigma(w^\top x + b)` fitted to N points.

    With :math:`z_i = w^\top x_i + b`, :math:`f_i = \sigma(z_i)` and a batch
    :math:`\mathcal{B}` of indices (all points by default):

    .. math::

        L(w, b) = \frac{1}{|\mathcal{B}|} \sum_{i \in \mathcal{B}} \ell_i, \qquad
        \frac{\partial L}{\partial w} = \frac{1}{|\mathcal{B}|}
            \sum_{i \in \mathcal{B}} \delta_i x_i, \qquad
        \frac{\partial L}{\partial b} = \frac{1}{|\mathcal{B}|}
            \sum_{i \in \mathcal{B}} \delta_i

    where :math:`\delta_i = \partial \ell_i / \partial z_i` is

    * ``loss="bce"``: :math:`\ell_i = -y_i \log f_i - (1 - y_i) \log(1 - f_i)`, so
      :math:`\delta_i = f_i - y_i`;
    * ``loss="mse"``: :math:`\ell_i = \tfrac12 (y_i - f_i)^2` (the toy loss of Khapra's notes),
      so :math:`\delta_i = (f_i - y_i) f_i (1 - f_i)`.

    With ``loss="mse"`` this is :class:`~gdcourse.problems.SigmoidNeuron` divided by N
    (the toy sums over its points; here we average).

    Parameters
    ----------
    X : array_like, shape (N,) or (N, d)
        Inputs; a 1-D array means one feature.
    y : array_like, shape (N,)
        Targets, in [0, 1] for ``loss="bce"``.
    loss : {"bce", "mse"}
        Binary cross-entropy (default) or half squared error.
    name : str, optional
        Title for plots.

    Notes
    -----
    ``theta = [w_1, ..., w_d, b]``. With one feature the problem has two parameters
    ``(w, b)`` and, like every 2-parameter problem, accepts grids ``theta[0]``,
    ``theta[1]`` for contour plots. ``batch`` is an array of point indices.
    """

    #: The parameters the data were drawn from, when known (see :func:`make_points`).
    true_theta: np.ndarray | None = None

    def __init__(self, X: Any, y: Any, loss: str = "bce", name: str | None = None):
        X = as_real_array("X", X)
        if X.ndim == 1:
            X = X[:, None]
        if X.ndim != 2 or X.shape[0] == 0 or X.shape[1] == 0:
            raise ValueError(
                f"X must be a non-empty array of shape (N,) or (N, d), got X with shape {X.shape}"
            )
        if not np.all(np.isfinite(X)):
            raise ValueError("X must be finite, got X containing inf or nan")
        y = as_real_array("y", y)
        if y.shape != (X.shape[0],):
            raise ValueError(
                f"y must have shape ({X.shape[0]},), one target per row of X, "
                f"got y with shape {y.shape}"
            )
        if not np.all(np.isfinite(y)):
            raise ValueError("y must be finite, got y containing inf or nan")
        check_choice("loss", loss, LOSSES)
        if loss == "bce" and (np.any(y < 0) or np.any(y > 1)):
            raise ValueError("y must lie in [0, 1] for loss='bce', got values outside")
        self.X = X
        self.y = y
        self.loss_name = loss
        self.n_samples = X.shape[0]
        self.n_features = X.shape[1]
        d = self.n_features
        self.names = ("w", "b") if d == 1 else tuple(f"w{j}" for j in range(1, d + 1)) + ("b",)
        self.bounds = ((-6.0, 6.0), (-6.0, 6.0)) if d == 1 else None
        self.name = name or f"logistic regression ({loss}, N={self.n_samples})"

    def _batch(self, batch: Any) -> tuple[np.ndarray, np.ndarray]:
        if batch is None:
            return self.X, self.y
        index = as_batch(batch, len(self.X))
        return self.X[index], self.y[index]

    def _z(self, theta: Any, X: np.ndarray) -> np.ndarray:
        """z = w.x + b for every point; shape (*grid, n_batch)."""
        theta = self.check_theta(theta)
        w, b = theta[: self.n_features], theta[self.n_features]
        if w.ndim == 1:  # one parameter vector (a run): the same dot product, 7x quicker
            return np.dot(X, w) + b
        # tensordot over the feature axis keeps any grid axes of w in place.
        return np.moveaxis(np.tensordot(X, w, axes=([1], [0])), 0, -1) + b[..., None]

    def predict(self, theta: Any, X: Any) -> np.ndarray:
        """f(x) = sigma(w.x + b) for inputs ``X`` of shape (M,) or (M, d)."""
        X = as_real_array("X", X)
        return sigmoid(self._z(theta, X[:, None] if X.ndim == 1 else X))

    def loss(self, theta: Any, batch: Any = None) -> Any:
        """The mean loss over the batch (all points by default)."""
        X, y = self._batch(batch)
        z = self._z(theta, X)
        if self.loss_name == "bce":
            # -y log f - (1-y) log(1-f) = log(1 + e^z) - y z, stable for large |z|.
            per_point = np.logaddexp(0.0, z) - y * z
        else:
            per_point = 0.5 * (y - sigmoid(z)) ** 2
        return np.mean(per_point, axis=-1)

    def grad(self, theta: Any, batch: Any = None) -> np.ndarray:
        """The gradient ``[dL/dw..., dL/db]`` of the mean loss over the batch."""
        X, y = self._batch(batch)
        z = self._z(theta, X)
        f = sigmoid(z)
        delta = f - y if self.loss_name == "bce" else (f - y) * f * (1.0 - f)
        if delta.ndim == 1:  # one parameter vector: tensordot's dot without its reshaping
            grad_w = np.dot(delta, X) / len(y)
        else:
            grad_w = np.moveaxis(np.tensordot(delta, X, axes=([-1], [0])), -1, 0) / len(y)
        grad_b = np.mean(delta, axis=-1)
        return np.concatenate([grad_w, grad_b[None]])


def sparse_data(
    rng: np.random.Generator, n: int = 100, sparse_fraction: float = 0.8, loss: str = "mse"
) -> LogisticRegression:
    r"""The AdaGrad chapter's data: N points of which a fraction have ``x = 0``.

    Following Khapra's CS7015 notes: draw N random pairs :math:`(x_i, y_i)`, then set
    :math:`x_i = 0` for ``round(sparse_fraction * n)`` of them, chosen at random.
    Here :math:`x_i \sim U(-2, 2)` and :math:`y_i = \sigma(x_i - 1) + \varepsilon_i`
    (noise of standard deviation 0.1, clipped to [0, 1]) are drawn **before** the
    zeroing, so the zeroed points keep their targets.

    Why it matters: :math:`\partial \ell_i / \partial w = \delta_i x_i` is exactly 0 for
    every point with :math:`x_i = 0`, so ``w`` gets a gradient from only about 20 % of
    the points while ``b`` (whose input is always 1) gets one from all of them. GD and
    momentum therefore move mostly along ``b`` at first; AdaGrad rescales each
    coordinate by its own gradient history and moves ``w`` sooner.

    Parameters
    ----------
    rng : numpy.random.Generator
    n : int
        Number of points (Khapra's notes use 100).
    sparse_fraction : float
        Fraction of points with ``x = 0``, in [0, 1] (Khapra's 0.8).
    loss : {"mse", "bce"}
        ``"mse"`` is Khapra's half squared error (averaged here).

    Returns
    -------
    LogisticRegression
        Two parameters ``(w, b)``, with ``start = (-4, 2)`` and plotting window
        ``[-6, 6] x [-6, 6]``. With ``default_rng(0)``, 300 full-batch GD steps with
        :math:`\eta = 1` bring ``b`` from 2 to about -0.6 while ``w`` stays near -3.6;
        AdaGrad with :math:`\eta = 0.1` reaches ``w`` near 0.5 in the same 300 steps.
    """
    rng = check_rng(rng)
    n = check_positive_int("n", n)
    fraction = check_number("sparse_fraction", sparse_fraction)
    if not 0.0 <= fraction <= 1.0:
        raise ValueError(
            f"sparse_fraction must be in [0, 1], got sparse_fraction={sparse_fraction!r}"
        )
    x = rng.uniform(-2.0, 2.0, size=n)
    y = np.clip(sigmoid(x - 1.0) + 0.1 * rng.standard_normal(n), 0.0, 1.0)
    zeroed = rng.choice(n, size=round(fraction * n), replace=False)
    x[zeroed] = 0.0
    problem = LogisticRegression(x, y, loss=loss, name=f"sparse data ({fraction:.0%} with x = 0)")
    problem.start = np.array([-4.0, 2.0])
    return problem


def make_points(
    rng: np.random.Generator,
    n: int = 40,
    w: float = 2.0,
    b: float = -3.0,
    noise: float = 0.05,
    x_range: tuple[float, float] = (0.0, 3.0),
    loss: str = "mse",
) -> LogisticRegression:
    r"""Noisy points from a known sigmoid, for the stochastic and mini-batch chapters.

    :math:`x_i \sim U(x_{lo}, x_{hi})`,
    :math:`y_i = \mathrm{clip}(\sigma(w x_i + b) + \text{noise}\cdot\varepsilon_i, 0, 1)`
    with :math:`\varepsilon_i \sim N(0, 1)`.

    Parameters
    ----------
    rng : numpy.random.Generator
    n : int
        Number of points.
    w, b : float
        The true parameters (stored as ``true_theta``); the default sigmoid crosses
        0.5 at ``x = 1.5``, the middle of the default ``x_range``.
    noise : float
        Standard deviation of the target noise (>= 0).
    x_range : (float, float)
        Interval the inputs are drawn from.
    loss : {"mse", "bce"}

    Returns
    -------
    LogisticRegression
        Two parameters ``(w, b)``, with ``true_theta`` and ``start = (-2, -2)``.
    """
    rng = check_rng(rng)
    n = check_positive_int("n", n)
    w = check_number("w", w)
    b = check_number("b", b)
    noise = check_number("noise", noise)
    if noise < 0:
        raise ValueError(f"noise must be >= 0, got noise={noise!r}")
    if not (isinstance(x_range, (tuple, list)) and len(x_range) == 2):
        raise ValueError(f"x_range must be a pair (lo, hi), got x_range={x_range!r}")
    lo, hi = (check_number("x_range", value) for value in x_range)
    if not lo < hi:
        raise ValueError(f"x_range must satisfy lo < hi, got x_range={x_range!r}")
    x = rng.uniform(lo, hi, size=n)
    y = np.clip(sigmoid(w * x + b) + noise * rng.standard_normal(n), 0.0, 1.0)
    problem = LogisticRegression(x, y, loss=loss, name=f"{n} noisy points")
    problem.true_theta = np.array([w, b])
    problem.start = np.array([-2.0, -2.0])
    return problem


__all__ = ["LogisticRegression", "sparse_data", "make_points"]
