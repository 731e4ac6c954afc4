"""What every optimizer shares: the learning-rate lookup and the shape check.

An optimizer is a small object holding hyperparameters. It has two pure methods:

* ``init(theta) -> state``: a NamedTuple of zeros shaped like ``theta``;
* ``update(theta, state, grad_fn) -> (theta, state)``: one step. ``grad_fn(theta)``
  returns the gradient; optimizers that look ahead (NAG) call it elsewhere.

Neither method mutates its inputs, so any step can be replayed from a saved state.
"""

from __future__ import annotations

import numpy as np

from .._checks import as_start_point, check_gradient


def learning_rate(lr, t: int) -> float:
    """The learning rate for step ``t`` (0-based): ``lr`` itself, or ``lr(t)`` for a schedule."""
    return float(lr(t)) if callable(lr) else lr


class Optimizer:
    """Base class: subclasses set ``State`` and implement ``init`` and ``update``."""

    def __repr__(self) -> str:
        args = ", ".join(f"{key}={value!r}" for key, value in vars(self).items())
        return f"{type(self).__name__}({args})"

    @staticmethod
    def _start(theta) -> np.ndarray:
        return as_start_point("theta", theta)

    @staticmethod
    def _grad(grad_fn, theta: np.ndarray) -> np.ndarray:
        return check_gradient(grad_fn(theta), theta)
