"""NAdam: Adam with a Nesterov-style look-ahead on the first moment."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from ._spec import Schedule, Step, hyper, lr_field
from .adagrad import denominator, eps_inside_sqrt_field
from .adam import AdamFamily, bias_correction_field


class NAdamState(NamedTuple):
    r"""``m``, ``v``: moving averages of :math:`g` and :math:`g^2`;
    ``mu_product``: :math:`\prod_{i \le t} \mu_i`; ``t``: steps taken."""

    m: np.ndarray
    v: np.ndarray
    mu_product: float
    t: int


@dataclass(frozen=True, eq=False)
class NAdam(AdamFamily):
    r"""NAdam (Dozat, 2016), in torch.optim's form.

    .. math::

        \mu_t &= \beta_1 \left(1 - \tfrac12\, 0.96^{\,t \psi}\right) \qquad
        (t = 1, 2, \dots) \\
        m_t &= \beta_1 m_{t-1} + (1 - \beta_1) g_t, \qquad
        v_t = \beta_2 v_{t-1} + (1 - \beta_2) g_t^2 \\
        \hat v_t &= \frac{v_t}{1 - \beta_2^t} \\
        \theta_{t+1} &= \theta_t
            - \eta_t \frac{1 - \mu_t}{1 - \prod_{i \le t}\mu_i}
              \frac{g_t}{\sqrt{\hat v_t} + \epsilon}
            - \eta_t \frac{\mu_{t+1}}{1 - \prod_{i \le t+1}\mu_i}
              \frac{m_t}{\sqrt{\hat v_t} + \epsilon} .

    The second term uses next step's :math:`\mu_{t+1}`: like NAG, it applies the
    momentum of the coming step now.

    Parameters
    ----------
    lr : float or callable
        :math:`\eta` (>= 0), or a schedule ``t -> eta_t``.
    beta1, beta2 : float
        :math:`\beta_1, \beta_2` in [0, 1): :math:`\beta_1` sets the momentum
        :math:`\mu_t` (and the decay of :math:`m`), :math:`\beta_2` the decay of :math:`v`.
    eps : float
        :math:`\epsilon` (> 0), added to the root of :math:`\hat v_t`.
    momentum_decay : float
        :math:`\psi` (>= 0) in the warm-up of :math:`\mu_t`; 0 gives a constant
        :math:`\mu = \beta_1 / 2`.
    bias_correction : bool
        Divide by :math:`1 - \prod \mu_i` and :math:`1 - \beta_2^t` (torch, Dozat); with
        ``False`` the two coefficients are :math:`\eta_t (1-\mu_t)` and
        :math:`\eta_t \mu_{t+1}`, and :math:`\hat v_t = v_t`.
    eps_inside_sqrt : bool
        Use :math:`\sqrt{\hat v_t + \epsilon}` instead of :math:`\sqrt{\hat v_t} + \epsilon`.

    Notes
    -----
    Defaults are those of ``torch.optim.NAdam(params, lr=0.002, betas=(0.9, 0.999),
    eps=1e-8, momentum_decay=0.004)``, including its :math:`\mu_t` schedule and its
    product of all :math:`\mu_i` for the bias correction of :math:`m`. torch divides each
    of the two terms by the root; here they share one division (the same step to
    round-off, one pass over the arrays fewer).
    """

    lr: float | Schedule = lr_field(0.002)
    momentum_decay: float = hyper(0.004, "ψ", r"\psi", "warm-up of the momentum mu_t", low=0.0)
    bias_correction: bool = bias_correction_field()
    eps_inside_sqrt: bool = eps_inside_sqrt_field()

    State = NAdamState

    def init(self, theta: ArrayLike) -> NAdamState:
        zeros = np.zeros_like(self.start(theta))
        return NAdamState(m=zeros, v=zeros.copy(), mu_product=1.0, t=0)

    def mu(self, t: int) -> float:
        r""":math:`\mu_t = \beta_1 (1 - \frac12 0.96^{t\psi})`, the momentum of step ``t``."""
        return self.beta1 * (1.0 - 0.5 * (0.96 ** (t * self.momentum_decay)))

    def step(self, theta: np.ndarray, g: np.ndarray, state: NAdamState) -> Step[NAdamState]:
        lr, t = self.at("lr", state.t), state.t + 1
        mu, mu_next = self.mu(t), self.mu(t + 1)
        mu_product = state.mu_product * mu
        m = self.first_moment(state.m, g)
        v = self.second_moment(state.v, g)
        _, c2 = self.corrections(t, self.bias_correction)  # v_hat = v / c2
        if self.bias_correction:
            c_g = lr * (1 - mu) / (1 - mu_product)
            c_m = lr * mu_next / (1 - mu_product * mu_next)
        else:
            c_g, c_m = lr * (1 - mu), lr * mu_next
        # the gradient now and the momentum of the next step, over one root
        theta = theta - (c_g * g + c_m * m) / denominator(v, self.eps, self.eps_inside_sqrt, c2)
        return theta, NAdamState(m=m, v=v, mu_product=mu_product, t=t)
