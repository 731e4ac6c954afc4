"""Adadelta: RMSProp whose step size is itself a running RMS of past updates."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._checks import check_learning_rate, check_positive, check_unit_interval
from ._base import Optimizer, learning_rate, new_like


class AdadeltaState(NamedTuple):
    r"""``v``: :math:`E[g^2]_t`, the moving average of squared gradients;
    ``delta``: :math:`E[\Delta\theta^2]_t`, the moving average of squared updates;
    ``t``: steps taken."""

    v: np.ndarray
    delta: np.ndarray
    t: int


class Adadelta(Optimizer):
    r"""Adadelta (Zeiler, 2012).

    .. math::

        E[g^2]_t &= \rho E[g^2]_{t-1} + (1 - \rho) g_t^2, \qquad g_t = \nabla L(\theta_t) \\
        \Delta\theta_t &= \frac{\sqrt{E[\Delta\theta^2]_{t-1} + \epsilon}}
                               {\sqrt{E[g^2]_t + \epsilon}}\, g_t \\
        E[\Delta\theta^2]_t &= \rho E[\Delta\theta^2]_{t-1} + (1 - \rho) \Delta\theta_t^2 \\
        \theta_{t+1} &= \theta_t - \eta_t \Delta\theta_t ,

    with both averages starting at 0.

    Parameters
    ----------
    rho : float
        :math:`\rho` in [0, 1), the decay of both averages.
    eps : float
        :math:`\epsilon` (> 0); it also sets the size of the very first steps
        (about :math:`\sqrt{\epsilon / (1-\rho)}`), since :math:`E[\Delta\theta^2]` starts at 0.
    lr : float or callable
        :math:`\eta` (>= 0), a factor on the update; Zeiler's method has none (1.0).

    Notes
    -----
    Defaults and order of operations are those of
    ``torch.optim.Adadelta(params, lr=1.0, rho=0.9, eps=1e-6)``. Here :math:`\epsilon` is
    always inside the roots (both are "RMS" values as Zeiler defines them). The ratio of
    the two RMS values carries the units of :math:`\theta`, which is why Adadelta needs
    no learning rate. State: ``v`` is :math:`E[g^2]`, ``delta`` is :math:`E[\Delta\theta^2]`.
    """

    State = AdadeltaState

    def __init__(self, rho=0.9, eps=1e-6, lr=1.0):
        self.rho = check_unit_interval("rho", rho)
        self.eps = check_positive("eps", eps)
        self.lr = check_learning_rate("lr", lr)

    def init(self, theta) -> AdadeltaState:
        zeros = np.zeros_like(self._start(theta))
        return AdadeltaState(v=zeros, delta=zeros.copy(), t=0)

    def update(self, theta, state: AdadeltaState, grad_fn):
        theta = self._params(theta)
        grad = self._grad(grad_fn, theta)
        eta = learning_rate(self.lr, state.t)
        rho = self.rho
        v = np.multiply(state.v, rho, out=new_like(theta))
        buffer = np.multiply(grad, grad, out=new_like(theta))
        np.multiply(buffer, 1.0 - rho, out=buffer)
        np.add(v, buffer, out=v)
        # buffer <- RMS[g]_t ; change <- RMS[dtheta]_{t-1} / RMS[g]_t * g
        np.add(v, self.eps, out=buffer)
        np.sqrt(buffer, out=buffer)
        change = np.add(state.delta, self.eps, out=new_like(theta))
        np.sqrt(change, out=change)
        np.divide(change, buffer, out=change)
        np.multiply(change, grad, out=change)
        delta = np.multiply(state.delta, rho, out=new_like(theta))
        np.multiply(change, change, out=buffer)
        np.multiply(buffer, 1.0 - rho, out=buffer)
        np.add(delta, buffer, out=delta)
        np.multiply(change, eta, out=change)
        theta_new = np.subtract(theta, change, out=change)
        return theta_new, AdadeltaState(v=v, delta=delta, t=state.t + 1)
