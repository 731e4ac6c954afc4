"""RMSProp: AdaGrad with a decaying average of squared gradients instead of a sum."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._checks import check_learning_rate, check_positive, check_unit_interval
from ._base import Optimizer, check_flag, learning_rate, new_like, root_denominator


class RMSPropState(NamedTuple):
    """``v``: moving average of squared gradients; ``t``: steps taken."""

    v: np.ndarray
    t: int


class RMSProp(Optimizer):
    r"""RMSProp (Hinton, Coursera lecture 6e, 2012).

    .. math::

        v_t = \beta v_{t-1} + (1 - \beta)(\nabla L(\theta_t))^2, \qquad
        \theta_{t+1} = \theta_t - \frac{\eta_t}{\sqrt{v_t} + \epsilon} \nabla L(\theta_t),
        \qquad v_{-1} = 0 .

    Parameters
    ----------
    lr : float or callable
        :math:`\eta` (>= 0), or a schedule ``t -> eta_t``.
    beta : float
        :math:`\beta` in [0, 1), the decay of the average (torch calls it ``alpha``).
    eps : float
        :math:`\epsilon` (> 0).
    eps_inside_sqrt : bool
        Use :math:`\eta / \sqrt{v_t + \epsilon}` (the lecture's form) instead of
        :math:`\eta / (\sqrt{v_t} + \epsilon)`.

    Notes
    -----
    Defaults and the :math:`\epsilon`-outside form are those of
    ``torch.optim.RMSprop(params, lr=0.01, alpha=0.99, eps=1e-8)`` (no momentum, not
    centered). Because the average forgets old gradients, the effective step
    :math:`\eta / \sqrt{v_t}` does not shrink for ever as AdaGrad's does. It equals
    ``Adam(beta1=0, beta2=beta, bias_correction=False)``.
    """

    State = RMSPropState

    def __init__(self, lr=0.01, beta=0.99, eps=1e-8, eps_inside_sqrt=False):
        self.lr = check_learning_rate("lr", lr)
        self.beta = check_unit_interval("beta", beta)
        self.eps = check_positive("eps", eps)
        self.eps_inside_sqrt = check_flag("eps_inside_sqrt", eps_inside_sqrt)

    def init(self, theta) -> RMSPropState:
        return RMSPropState(v=np.zeros_like(self._start(theta)), t=0)

    def update(self, theta, state: RMSPropState, grad_fn):
        theta = self._params(theta)
        grad = self._grad(grad_fn, theta)
        eta = learning_rate(self.lr, state.t)
        v = np.multiply(state.v, self.beta, out=new_like(theta))
        step = np.multiply(grad, grad, out=new_like(theta))
        np.multiply(step, 1.0 - self.beta, out=step)
        np.add(v, step, out=v)
        root_denominator(v, self.eps, self.eps_inside_sqrt, out=step)
        np.divide(grad, step, out=step)
        np.multiply(step, eta, out=step)
        return np.subtract(theta, step, out=step), RMSPropState(v=v, t=state.t + 1)
