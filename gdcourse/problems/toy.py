"""The lecture's toy: one sigmoid neuron fitted to two points."""

from __future__ import annotations

import numpy as np

from ._base import Problem


def sigmoid(z):
    """The logistic function 1 / (1 + exp(-z)), safe for large ``|z|``."""
    z = np.asarray(z, dtype=np.float64)
    # Split by sign so exp never overflows: for z < 0 use exp(z) / (1 + exp(z)).
    out = np.empty_like(z)
    positive = z >= 0
    out[positive] = 1.0 / (1.0 + np.exp(-z[positive]))
    exp_z = np.exp(z[~positive])
    out[~positive] = exp_z / (1.0 + exp_z)
    return out


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

    def __init__(self, x, y, name="sigmoid neuron"):
        self.x = np.asarray(x, dtype=np.float64)
        self.y = np.asarray(y, dtype=np.float64)
        if self.x.ndim != 1 or self.x.size == 0:
            raise ValueError(f"x must be a non-empty 1-D array, got x={x!r}")
        if self.y.shape != self.x.shape:
            raise ValueError(f"y must have the shape of x {self.x.shape}, got y={y!r}")
        self.name = name
        self.n_samples = self.x.size

    def _split(self, theta, batch):
        w = np.asarray(theta[0], dtype=np.float64)[..., None]
        b = np.asarray(theta[1], dtype=np.float64)[..., None]
        x, y = (self.x, self.y) if batch is None else (self.x[batch], self.y[batch])
        return w, b, x, y

    def predict(self, theta, x):
        """f(x) for parameters ``theta = [w, b]``."""
        return sigmoid(theta[0] * np.asarray(x, dtype=np.float64) + theta[1])

    def loss(self, theta, batch=None):
        w, b, x, y = self._split(theta, batch)
        f = sigmoid(w * x + b)
        return 0.5 * np.sum((y - f) ** 2, axis=-1)

    def grad(self, theta, batch=None):
        w, b, x, y = self._split(theta, batch)
        f = sigmoid(w * x + b)
        delta = (f - y) * f * (1.0 - f)  # dL/dz for each point
        return np.stack([np.sum(delta * x, axis=-1), np.sum(delta, axis=-1)])


def _logit(p: float) -> float:
    return float(np.log(p / (1.0 - p)))


def sigmoid_neuron() -> SigmoidNeuron:
    """The lecture's toy: data (0.5, 0.2) and (2.5, 0.9), ``theta = [w, b]``.

    Two points and two parameters, so the neuron can pass through both exactly: the
    minimum (loss 0) solves ``0.5 w + b = logit(0.2)``, ``2.5 w + b = logit(0.9)``,
    giving ``w = 1.7918``, ``b = -2.2822``. ``start`` is the lecture's ``(-2, -2)``.
    """
    problem = SigmoidNeuron(x=[0.5, 2.5], y=[0.2, 0.9], name="toy sigmoid neuron")
    w = (_logit(0.9) - _logit(0.2)) / (2.5 - 0.5)
    problem.minimum = np.array([w, _logit(0.2) - 0.5 * w])
    problem.start = np.array([-2.0, -2.0])
    return problem
