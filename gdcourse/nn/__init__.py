"""A small numpy neural network for the course's initialization and gradient chapters.

* :class:`MLP`: a multi-layer perceptron whose parameters are one flat vector ``theta``.
* :class:`NetworkProblem`: a network plus data, trainable by :func:`gdcourse.run`.
* :mod:`~gdcourse.nn.activations`, :mod:`~gdcourse.nn.losses`: each function next to
  its derivative.
* :mod:`~gdcourse.nn.clipping`: gradient clipping by value or norm, and a wrapper that
  makes any optimizer see clipped gradients.
"""

from .activations import ACTIVATIONS, relu, sigmoid, softmax, tanh
from .clipping import ClippedOptimizer, clip_by_norm, clip_by_value, clip_grad_fn, clipped
from .losses import LOSSES, binary_cross_entropy, cross_entropy, mae, mse
from .mlp import MLP, LayerStats
from .problem import NetworkProblem

__all__ = [
    "MLP",
    "LayerStats",
    "NetworkProblem",
    "ACTIVATIONS",
    "LOSSES",
    "sigmoid",
    "tanh",
    "relu",
    "softmax",
    "binary_cross_entropy",
    "cross_entropy",
    "mse",
    "mae",
    "clip_by_value",
    "clip_by_norm",
    "clip_grad_fn",
    "clipped",
    "ClippedOptimizer",
]
