r"""Activation functions, each next to its derivative.

A layer computes the pre-activation :math:`z = a_\text{prev} W + b` and then
:math:`a = f(z)`. Backpropagation needs :math:`f'(z)`; for sigmoid and tanh it is
cheapest to write it with the output :math:`a` that the forward pass already computed,
so every derivative here takes both ``z`` and ``a``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

__all__ = [
    "Activation",
    "ACTIVATIONS",
    "get_activation",
    "sigmoid",
    "sigmoid_derivative",
    "tanh",
    "tanh_derivative",
    "relu",
    "relu_derivative",
    "linear",
    "linear_derivative",
    "softmax",
    "softmax_backward",
]


def sigmoid(z):
    r""":math:`\sigma(z) = 1 / (1 + e^{-z})`, safe for large :math:`|z|`."""
    z = np.asarray(z, dtype=np.float64)
    # exp(-|z|) never overflows; pick the algebraically equal form for each sign.
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_derivative(z, a):
    r""":math:`\sigma'(z) = \sigma(z)\,(1 - \sigma(z)) = a(1 - a)`; at most 1/4, at z = 0."""
    return a * (1.0 - a)


def tanh(z):
    r""":math:`\tanh(z) = (e^z - e^{-z}) / (e^z + e^{-z})`, with values in (-1, 1)."""
    return np.tanh(np.asarray(z, dtype=np.float64))


def tanh_derivative(z, a):
    r""":math:`\tanh'(z) = 1 - \tanh^2(z) = 1 - a^2`; at most 1, at z = 0."""
    return 1.0 - a * a


def relu(z):
    r""":math:`\operatorname{ReLU}(z) = \max(0, z)`."""
    return np.maximum(np.asarray(z, dtype=np.float64), 0.0)


def relu_derivative(z, a):
    r"""1 where :math:`z > 0`, else 0 (we take 0 at the kink z = 0, as PyTorch does)."""
    return (np.asarray(z) > 0).astype(np.float64)


def linear(z):
    """The identity :math:`f(z) = z`: a regression output with no squashing."""
    return np.asarray(z, dtype=np.float64)


def linear_derivative(z, a):
    """:math:`f'(z) = 1`."""
    return np.ones_like(np.asarray(z, dtype=np.float64))


def softmax(z):
    r"""Class probabilities :math:`p_j = e^{z_j} / \sum_k e^{z_k}` for each row of ``z``.

    Subtracting the row maximum first changes nothing mathematically (it cancels) but
    keeps :math:`e^{z}` from overflowing.
    """
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def softmax_backward(a, grad_a):
    r"""Back through softmax: :math:`\partial L/\partial z` given :math:`g = \partial L/\partial a`.

    Softmax mixes a row, :math:`\partial a_j/\partial z_k = a_j(\delta_{jk} - a_k)`, so

    .. math::

        \frac{\partial L}{\partial z_k} = a_k \Big(g_k - \sum_j g_j a_j\Big)
    """
    return a * (grad_a - np.sum(grad_a * a, axis=-1, keepdims=True))


class Activation(NamedTuple):
    """An activation: its ``name``, ``forward(z) -> a``, ``derivative(z, a) -> f'(z)``.

    ``max_slope`` is the largest value of :math:`f'`; a unit whose slope is below 1% of
    it counts as *saturated* (sigmoid/tanh) or *dead* (ReLU): almost no gradient passes.
    """

    name: str
    forward: Callable
    derivative: Callable
    max_slope: float


ACTIVATIONS = {
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_derivative, 0.25),
    "tanh": Activation("tanh", tanh, tanh_derivative, 1.0),
    "relu": Activation("relu", relu, relu_derivative, 1.0),
    "linear": Activation("linear", linear, linear_derivative, 1.0),
}


def get_activation(name: str, argument: str = "activation") -> Activation:
    """The :class:`Activation` called ``name``; ``argument`` names the caller's parameter."""
    if not isinstance(name, str) or name not in ACTIVATIONS:
        raise ValueError(
            f"{argument} must be one of {sorted(ACTIVATIONS)}, got {argument}={name!r}"
        )
    return ACTIVATIONS[name]
