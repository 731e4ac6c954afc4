"""Plain gradient descent."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._checks import check_learning_rate
from ._base import Optimizer, learning_rate, new_like


class GDState(NamedTuple):
    """``t``: number of steps taken so far."""

    t: int


class GD(Optimizer):
    r"""Vanilla gradient descent.

    .. math::

        \theta_{t+1} = \theta_t - \eta_t \nabla L(\theta_t)

    Parameters
    ----------
    lr : float or callable
        :math:`\eta`, the learning rate (>= 0), or a schedule ``t -> eta_t``.

    Notes
    -----
    Same as ``torch.optim.SGD(params, lr)`` with no momentum, including its default
    ``lr=1e-3``.
    """

    State = GDState

    def __init__(self, lr=0.001):
        self.lr = check_learning_rate("lr", lr)

    def init(self, theta) -> GDState:
        self._start(theta)
        return GDState(t=0)

    def update(self, theta, state: GDState, grad_fn):
        theta = self._params(theta)
        grad = self._grad(grad_fn, theta)
        eta = learning_rate(self.lr, state.t)
        step = np.multiply(grad, eta, out=new_like(theta))
        return np.subtract(theta, step, out=step), GDState(t=state.t + 1)
