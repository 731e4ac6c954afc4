"""AdamW: Adam with weight decay taken out of the gradient (decoupled weight decay)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._checks import check_learning_rate, check_nonnegative, check_positive, check_unit_interval
from ._base import Optimizer, check_flag, learning_rate


class AdamWState(NamedTuple):
    """``m``: moving average of gradients; ``v``: of squared gradients; ``v_max``: the
    largest ``v`` so far (used with ``amsgrad=True``, else stays 0); ``t``: steps taken."""

    m: np.ndarray
    v: np.ndarray
    v_max: np.ndarray
    t: int


class AdamW(Optimizer):
    r"""AdamW (Loshchilov & Hutter, 2019): Adam plus a decay of the weights themselves.

    .. math::

        \theta'_t &= (1 - \eta_t \lambda)\, \theta_t \\
        m_t &= \beta_1 m_{t-1} + (1 - \beta_1) \nabla L(\theta_t) \\
        v_t &= \beta_2 v_{t-1} + (1 - \beta_2) (\nabla L(\theta_t))^2 \\
        \theta_{t+1} &= \theta'_t - \frac{\eta_t}{1 - \beta_1^t}
            \frac{m_t}{\sqrt{v_t} / \sqrt{1 - \beta_2^t} + \epsilon} ,

    with :math:`m, v` starting at 0 and :math:`t` counting from 1 in the corrections.
    The gradient is taken at :math:`\theta_t`, before the decay.

    Parameters
    ----------
    lr : float or callable
        :math:`\eta` (>= 0), or a schedule ``t -> eta_t``.
    beta1, beta2 : float
        :math:`\beta_1, \beta_2` in [0, 1) (torch's ``betas=(beta1, beta2)``).
    eps : float
        :math:`\epsilon` (> 0), outside the root.
    weight_decay : float
        :math:`\lambda` (>= 0). Each step shrinks :math:`\theta` by the factor
        :math:`1 - \eta_t \lambda`, whatever the gradient's scale.
    amsgrad : bool
        Use the running maximum :math:`v^{max}_t = \max(v^{max}_{t-1}, v_t)` in the
        denominator, as :class:`~gdcourse.optimizers.AMSGrad` does.

    Notes
    -----
    Follows ``torch.optim.AdamW(params, lr=0.001, betas=(0.9, 0.999), eps=1e-8,
    weight_decay=0.01, amsgrad=False)``, defaults and order of operations included.
    Adam's ``weight_decay`` (an L2 term :math:`\lambda\theta` added to the gradient) is
    rescaled by :math:`1/\sqrt{\hat v}` like the rest of the gradient; here the decay
    is not. The paper writes the decay as :math:`\eta_t \lambda \theta` with a separate
    schedule multiplier; torch (and this class) multiply by the learning rate
    :math:`\eta_t`, so the effective decay per step is ``lr * weight_decay``.
    With ``weight_decay=0`` AdamW is :class:`~gdcourse.optimizers.Adam`.
    """

    # Hyperparameters (name, symbol, default, valid range, schedulable?):
    #   lr            η    1e-3   [0, inf)   yes
    #   beta1         β1   0.9    [0, 1)     no
    #   beta2         β2   0.999  [0, 1)     no
    #   eps           ε    1e-8   (0, inf)   no
    #   weight_decay  λ    1e-2   [0, inf)   no
    #   amsgrad       -    False  flag       no

    State = AdamWState

    def __init__(
        self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.01, amsgrad=False
    ):
        self.lr = check_learning_rate("lr", lr)
        self.beta1 = check_unit_interval("beta1", beta1)
        self.beta2 = check_unit_interval("beta2", beta2)
        self.eps = check_positive("eps", eps)
        self.weight_decay = check_nonnegative("weight_decay", weight_decay)
        self.amsgrad = check_flag("amsgrad", amsgrad)

    def init(self, theta) -> AdamWState:
        zeros = np.zeros_like(self._start(theta))
        return AdamWState(m=zeros, v=zeros.copy(), v_max=zeros.copy(), t=0)

    def update(self, theta, state: AdamWState, grad_fn):
        theta = self._params(theta)
        g = self._grad(grad_fn, theta)
        lr = learning_rate(self.lr, state.t)
        beta1, beta2, eps = self.beta1, self.beta2, self.eps
        t = state.t + 1
        theta = theta * (1 - lr * self.weight_decay)
        m = beta1 * state.m + (1 - beta1) * g
        v = beta2 * state.v + (1 - beta2) * g**2
        v_max = np.maximum(state.v_max, v) if self.amsgrad else state.v_max
        step_size = lr / (1 - beta1**t)
        denominator = np.sqrt(v_max if self.amsgrad else v) / (1 - beta2**t) ** 0.5 + eps
        theta = theta - step_size * (m / denominator)
        return theta, AdamWState(m=m, v=v, v_max=v_max, t=t)
