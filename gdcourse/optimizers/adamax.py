"""AdaMax: Adam with the root-mean-square replaced by a decaying maximum."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from ._spec import Schedule, Step, lr_field
from .adam import AdamFamily, bias_correction_field


class AdaMaxState(NamedTuple):
    """``m``: moving average of gradients; ``u``: decaying maximum of :math:`|g|`; ``t``."""

    m: np.ndarray
    u: np.ndarray
    t: int


@dataclass(frozen=True, eq=False)
class AdaMax(AdamFamily):
    r"""AdaMax (Kingma & Ba, 2015, section 7.1).

    .. math::

        g_t &= \nabla L(\theta_t) \\
        m_t &= \beta_1 m_{t-1} + (1 - \beta_1) g_t \\
        u_t &= \max(\beta_2 u_{t-1},\ |g_t| + \epsilon) \\
        \hat m_t &= \frac{m_t}{1 - \beta_1^t} \\
        \theta_{t+1} &= \theta_t - \eta_t \frac{\hat m_t}{u_t} ,

    with :math:`m, u` starting at 0. :math:`u_t` is the :math:`p \to \infty` limit of
    Adam's :math:`v^{1/p}`; it needs no bias correction.

    Parameters
    ----------
    lr : float or callable
        :math:`\eta` (>= 0), or a schedule ``t -> eta_t``.
    beta1, beta2 : float
        :math:`\beta_1, \beta_2` in [0, 1): the decay of :math:`m`, and that of the
        maximum :math:`u` (torch's ``betas``).
    eps : float
        :math:`\epsilon` (> 0), added to :math:`|g_t|` inside the maximum.
    bias_correction : bool
        Divide :math:`m_t` by :math:`1 - \beta_1^t` (the only correction AdaMax has).

    Notes
    -----
    Follows ``torch.optim.Adamax(params, lr=0.002, betas=(0.9, 0.999), eps=1e-8)``,
    which adds :math:`\epsilon` to :math:`|g_t|` inside the maximum (so :math:`u_t > 0`
    even for a zero gradient); Kingma & Ba's algorithm has no :math:`\epsilon`. There is
    no square root, so no ``eps_inside_sqrt``. The symbol :math:`u` is the paper's (it is
    not momentum's update :math:`u`).
    """

    lr: float | Schedule = lr_field(0.002)
    bias_correction: bool = bias_correction_field()

    State = AdaMaxState

    def step(self, theta: np.ndarray, g: np.ndarray, state: AdaMaxState) -> Step[AdaMaxState]:
        lr, t = self.at("lr", state.t), state.t + 1
        m = self.first_moment(state.m, g)
        u = np.maximum(self.beta2 * state.u, np.abs(g) + self.eps)
        c1, _ = self.corrections(t, self.bias_correction)  # m_hat = m / c1
        theta = theta - lr / c1 * m / u  # lr * m_hat / u, c1 applied to lr (as torch does)
        return theta, AdaMaxState(m=m, u=u, t=t)
