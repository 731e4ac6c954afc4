r"""Loss functions, each next to its gradient with respect to the prediction.

Shapes: the prediction :math:`\hat y` and the target :math:`y` are arrays of shape
``(n_samples, n_outputs)``. Every loss is an *average* over the batch, so its size does
not change the scale of the gradient (``torch.nn`` uses the same default,
``reduction="mean"``). Each ``*_grad`` returns :math:`\partial L / \partial \hat y`,
an array shaped like :math:`\hat y`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

__all__ = [
    "Loss",
    "LOSSES",
    "get_loss",
    "binary_cross_entropy",
    "binary_cross_entropy_grad",
    "cross_entropy",
    "cross_entropy_grad",
    "mse",
    "mse_grad",
    "mae",
    "mae_grad",
]

#: Probabilities are kept in [EPS, 1 - EPS] inside a logarithm, so log(0) never occurs.
EPS = 1e-12


def binary_cross_entropy(y_hat, y):
    r"""Binary cross-entropy (log loss), averaged over all entries.

    .. math::

        L = -\frac{1}{N}\sum_i \big(y_i \log \hat y_i + (1 - y_i)\log(1 - \hat y_i)\big)
    """
    p = np.clip(y_hat, EPS, 1.0 - EPS)
    return float(-np.mean(y * np.log(p) + (1.0 - y) * np.log(1.0 - p)))


def binary_cross_entropy_grad(y_hat, y):
    r"""The gradient of BCE with respect to the prediction.

    .. math::

        \frac{\partial L}{\partial \hat y_i}
        = \frac{1}{N}\,\frac{\hat y_i - y_i}{\hat y_i(1 - \hat y_i)}

    After a sigmoid, whose slope is :math:`\hat y(1 - \hat y)`, this becomes simply
    :math:`(\hat y - y)/N`: the pra-sami slides' :math:`\partial l/\partial z = a - y`.
    """
    p = np.clip(y_hat, EPS, 1.0 - EPS)
    return (p - y) / (p * (1.0 - p)) / np.size(p)


def cross_entropy(y_hat, y):
    r"""Multi-class cross-entropy with one-hot targets, averaged over the n samples.

    .. math::

        L = -\frac{1}{n}\sum_{i=1}^{n}\sum_{j=1}^{M} y_{ij} \log \hat y_{ij}
    """
    p = np.clip(y_hat, EPS, 1.0)
    return float(-np.sum(y * np.log(p)) / np.shape(p)[0])


def cross_entropy_grad(y_hat, y):
    r""":math:`\partial L/\partial \hat y_{ij} = -\frac{1}{n}\,y_{ij}/\hat y_{ij}`.

    After a softmax this becomes :math:`(\hat y - y)/n`.
    """
    p = np.clip(y_hat, EPS, 1.0)
    return -y / p / np.shape(p)[0]


def mse(y_hat, y):
    r"""Mean squared error (L2 loss): :math:`L = \frac{1}{N}\sum_i (y_i - \hat y_i)^2`."""
    return float(np.mean((y - y_hat) ** 2))


def mse_grad(y_hat, y):
    r""":math:`\partial L/\partial \hat y_i = \frac{2}{N}(\hat y_i - y_i)`: big errors pull hard."""
    return 2.0 * (y_hat - y) / np.size(y_hat)


def mae(y_hat, y):
    r"""Mean absolute error (L1 loss): :math:`L = \frac{1}{N}\sum_i |y_i - \hat y_i|`."""
    return float(np.mean(np.abs(y - y_hat)))


def mae_grad(y_hat, y):
    r""":math:`\partial L/\partial \hat y_i = \frac{1}{N}\operatorname{sign}(\hat y_i - y_i)`.

    Every error pulls equally hard, which is why MAE shrugs off outliers. At
    :math:`\hat y_i = y_i` the loss has a kink; we use the subgradient 0 there.
    """
    return np.sign(y_hat - y) / np.size(y_hat)


class Loss(NamedTuple):
    """A loss: its ``name``, ``value(y_hat, y) -> float`` and ``grad(y_hat, y) -> array``."""

    name: str
    value: Callable
    grad: Callable


LOSSES = {
    "bce": Loss("bce", binary_cross_entropy, binary_cross_entropy_grad),
    "cross_entropy": Loss("cross_entropy", cross_entropy, cross_entropy_grad),
    "mse": Loss("mse", mse, mse_grad),
    "mae": Loss("mae", mae, mae_grad),
}


def get_loss(name: str) -> Loss:
    """The :class:`Loss` called ``name`` (one of ``LOSSES``)."""
    if not isinstance(name, str) or name not in LOSSES:
        raise ValueError(f"loss must be one of {sorted(LOSSES)}, got loss={name!r}")
    return LOSSES[name]
