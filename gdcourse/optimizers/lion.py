"""Lion: the sign of an interpolated momentum."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._checks import check_learning_rate, check_nonnegative, check_unit_interval
from ._base import Optimizer, learning_rate


class LionState(NamedTuple):
    """``m``: moving average of gradients (the only state); ``t``: steps taken."""

    m: np.ndarray
    t: int


class Lion(Optimizer):
    r"""Lion, "EvoLved Sign Momentum" (Chen et al., 2023, "Symbolic Discovery of
    Optimization Algorithms").

    .. math::

        c_t &= \beta_1 m_{t-1} + (1 - \beta_1)\, g_t \\
        \theta_{t+1} &= \theta_t - \eta_t (\operatorname{sign}(c_t) + \lambda \theta_t) \\
        m_t &= \beta_2 m_{t-1} + (1 - \beta_2)\, g_t ,

    with :math:`g_t = \nabla L(\theta_t)` and :math:`m_0 = 0`.

    Parameters
    ----------
    lr : float or callable
        :math:`\eta` (>= 0), or a schedule ``t -> eta_t``. Every coordinate moves by
        exactly :math:`\eta` (plus the decay), so Lion wants an :math:`\eta` 3-10x smaller
        than AdamW's.
    beta1 : float
        :math:`\beta_1` in [0, 1): how much of the old momentum enters today's sign.
    beta2 : float
        :math:`\beta_2` in [0, 1): the decay of the stored momentum :math:`m`.
    weight_decay : float
        :math:`\lambda` (>= 0), decoupled as in AdamW: scaled by :math:`\eta_t`.

    Notes
    -----
    Defaults ``lr=1e-4, beta1=0.9, beta2=0.99, weight_decay=0`` are the paper's. The
    paper's pseudo-code writes the update as interpolate, sign, decay, then the
    momentum update; the two betas differ so that the step reacts faster to a new
    gradient than the stored momentum does. :math:`\operatorname{sign}(0) = 0`
    (numpy's, and the authors'). There is no torch.optim counterpart.
    """

    # Hyperparameters (name, symbol, default, valid range, schedulable?):
    #   lr            η    1e-4   [0, inf)   yes
    #   beta1         β1   0.9    [0, 1)     no
    #   beta2         β2   0.99   [0, 1)     no
    #   weight_decay  λ    0      [0, inf)   no

    State = LionState

    def __init__(self, lr=1e-4, beta1=0.9, beta2=0.99, weight_decay=0.0):
        self.lr = check_learning_rate("lr", lr)
        self.beta1 = check_unit_interval("beta1", beta1)
        self.beta2 = check_unit_interval("beta2", beta2)
        self.weight_decay = check_nonnegative("weight_decay", weight_decay)

    def init(self, theta) -> LionState:
        return LionState(m=np.zeros_like(self._start(theta)), t=0)

    def update(self, theta, state: LionState, grad_fn):
        theta = self._params(theta)
        g = self._grad(grad_fn, theta)
        lr = learning_rate(self.lr, state.t)
        c = self.beta1 * state.m + (1 - self.beta1) * g
        theta = theta - lr * (np.sign(c) + self.weight_decay * theta)
        m = self.beta2 * state.m + (1 - self.beta2) * g
        return theta, LionState(m=m, t=state.t + 1)
