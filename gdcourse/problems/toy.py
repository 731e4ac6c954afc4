"""The toy of Khapra's CS7015 notes: one sigmoid neuron fitted to two points."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._checks import as_batch, as_real_array
from ..nn.activations import sigmoid  # the package's one sigmoid, next to its derivative
from ._base import Problem

__all__ = ["SigmoidNeuron", "sigmoid", "sigmoid_neuron"]


class SigmoidNeuron(Problem):
    r"""Squared error of one sigmoid neuron :math:`f(x) = \sigma(wx + b)` on a few points.

    .. math::

        L(w, b) = \tfrac12 \sum_i (y_i - f(x_i))^2, \qquad
        \frac{\partial L}{\partial w} = \sum_i (f_i - y_i) f_i (1 - f_i) x_i, \qquad
        \frac{\partial L}{\partial b} = \sum_i (f_i - y_i) f_i (1 - f_i)

    ``theta = [w, b]``; ``w`` and ``b`` may be arrays of a common shape (a grid).
    """

    names = ("w", "b")
    bounds = ((-6.0, 6.0), (-6.0, 6.0))

    def __init__(self, x: Any, y: Any, name: str = "sigmoid neuron"):
        self.x = as_real_array("x", x)
        self.y = as_real_array("y", y)
        if self.x.ndim != 1 or self.x.size == 0:
            raise ValueError(f"x must be a non-empty 1-D array, got x={x!r}")
        if self.y.shape != self.x.shape:
            raise ValueError(f"y must have the shape of x {self.x.shape}, got y={y!r}")
        self.name = name
        self.n_samples = self.x.size

    def _split(self, theta: Any, batch: Any) -> tuple[np.ndarray, ...]:
        w, b = self.check_theta(theta)[..., None]  # a trailing axis for the points
        if batch is None:
            return w, b, self.x, self.y
        index = as_batch(batch, self.x.size)
        return w, b, self.x[index], self.y[index]

    def predict(self, theta: Any, x: Any) -> np.ndarray:
        """f(x) for parameters ``theta = [w, b]``."""
        w, b = self.check_theta(theta)
        return sigmoid(w * as_real_array("x", x) + b)

    def loss(self, theta: Any, batch: Any = None) -> Any:
        """Half the summed squared error; a grid of values for grids ``theta = [W, B]``."""
        w, b, x, y = self._split(theta, batch)
        f = sigmoid(w * x + b)
        return 0.5 * np.sum((y - f) ** 2, axis=-1)

    def grad(self, theta: Any, batch: Any = None) -> np.ndarray:
        """``(dL/dw, dL/db)``, shape ``(2, *grid)``."""
        w, b, x, y = self._split(theta, batch)
        f = sigmoid(w * x + b)
        delta = (f - y) * f * (1.0 - f)  # dL/dz for each point
        return np.stack([np.sum(delta * x, axis=-1), np.sum(delta, axis=-1)])


def _logit(p: float) -> float:
    return float(np.log(p / (1.0 - p)))


def sigmoid_neuron() -> SigmoidNeuron:
    """The toy of Khapra's CS7015 notes: data (0.5, 0.2) and (2.5, 0.9), ``theta = [w, b]``.

    Two points and two parameters, so the neuron can pass through both exactly: the
    minimum (loss 0) solves ``0.5 w + b = logit(0.2)``, ``2.5 w + b = logit(0.9)``,
    giving ``w = 1.7918``, ``b = -2.2822``. ``start`` is Khapra's ``(-2, -2)``.

    Examples
    --------
    >>> toy = sigmoid_neuron()
    >>> toy.names, round(float(toy.loss(toy.start)), 4)
    (('w', 'b'), 0.4158)
    >>> toy.loss(np.zeros(5))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: theta must hold 2 parameters (w, b), got theta with shape (5,)...
    """
    problem = SigmoidNeuron(x=[0.5, 2.5], y=[0.2, 0.9], name="toy sigmoid neuron")
    w = (_logit(0.9) - _logit(0.2)) / (2.5 - 0.5)
    problem.minimum = np.array([w, _logit(0.2) - 0.5 * w])
    problem.start = np.array([-2.0, -2.0])
    return problem
