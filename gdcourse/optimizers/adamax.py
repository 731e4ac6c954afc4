"""AdaMax: Adam with the root-mean-square replaced by a decaying maximum."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._checks import check_learning_rate, check_positive, check_unit_interval
from ._base import Optimizer, first_moment, learning_rate, new_like


class AdaMaxState(NamedTuple):
    """``m``: moving average of gradients; ``u``: decaying maximum of :math:`|g|`; ``t``."""

    m: np.ndarray
    u: np.ndarray
    t: int


class AdaMax(Optimizer):
    r"""AdaMax (Kingma & Ba, 2015, section 7.1).

    .. math::

        m_t &= \beta_1 m_{t-1} + (1 - \beta_1) g_t, \qquad g_t = \nabla L(\theta_t) \\
        u_t &= \max(\beta_2 u_{t-1},\ |g_t| + \epsilon) \\
        \theta_{t+1} &= \theta_t - \frac{\eta_t}{1 - \beta_1^t} \frac{m_t}{u_t} ,

    with :math:`m, u` starting at 0. :math:`u_t` is the :math:`p \to \infty` limit of
    Adam's :math:`v^{1/p}`; it needs no bias correction.

    Parameters
    ----------
    lr : float or callable
        :math:`\eta` (>= 0), or a schedule ``t -> eta_t``.
    beta1, beta2 : float
        :math:`\beta_1, \beta_2` in [0, 1).
    eps : float
        :math:`\epsilon` (> 0).

    Notes
    -----
    Follows ``torch.optim.Adamax(params, lr=0.002, betas=(0.9, 0.999), eps=1e-8)``,
    which adds :math:`\epsilon` to :math:`|g_t|` inside the maximum (so :math:`u_t > 0`
    even for a zero gradient); Kingma & Ba's algorithm has no :math:`\epsilon`. The
    symbol :math:`u` is the paper's (it is not momentum's update :math:`u`).
    """

    State = AdaMaxState

    def __init__(self, lr=0.002, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr = check_learning_rate("lr", lr)
        self.beta1 = check_unit_interval("beta1", beta1)
        self.beta2 = check_unit_interval("beta2", beta2)
        self.eps = check_positive("eps", eps)

    def init(self, theta) -> AdaMaxState:
        zeros = np.zeros_like(self._start(theta))
        return AdaMaxState(m=zeros, u=zeros.copy(), t=0)

    def update(self, theta, state: AdaMaxState, grad_fn):
        theta = self._params(theta)
        grad = self._grad(grad_fn, theta)
        eta = learning_rate(self.lr, state.t)
        m, step = first_moment(state.m, grad, self.beta1, theta)
        u = np.multiply(state.u, self.beta2, out=new_like(theta))
        np.abs(grad, out=step)
        np.add(step, self.eps, out=step)
        np.maximum(u, step, out=u)
        t = state.t + 1
        np.divide(m, u, out=step)
        np.multiply(step, eta / (1.0 - self.beta1**t), out=step)
        return np.subtract(theta, step, out=step), AdaMaxState(m=m, u=u, t=t)
