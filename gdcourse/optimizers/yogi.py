"""Yogi: Adam whose second moment changes additively, so it cannot collapse quickly."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from ._spec import Schedule, Step, eps_field, hyper, lr_field
from .adagrad import denominator, eps_inside_sqrt_field
from .adam import AdamFamily, bias_correction_field


class YogiState(NamedTuple):
    """``m``: moving average of gradients; ``v``: Yogi's second moment; ``t``: steps taken."""

    m: np.ndarray
    v: np.ndarray
    t: int


@dataclass(frozen=True, eq=False)
class Yogi(AdamFamily):
    r"""Yogi (Zaheer, Reddi, Sachan, Kale & Kumar, NeurIPS 2018).

    .. math::

        g_t &= \nabla L(\theta_t) \\
        m_t &= \beta_1 m_{t-1} + (1 - \beta_1) g_t \\
        v_t &= v_{t-1} - (1 - \beta_2)\, \operatorname{sign}(v_{t-1} - g_t^2)\, g_t^2 \\
        \hat m_t &= \frac{m_t}{1 - \beta_1^{t}}, \qquad
        \hat v_t = \frac{v_t}{1 - \beta_2^{t}} \\
        \theta_{t+1} &= \theta_t - \eta_t \frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon} .

    Adam's change of :math:`v`, :math:`(1-\beta_2)(g_t^2 - v_{t-1})`, is proportional to
    :math:`v` itself when :math:`v \gg g^2`: :math:`v` decays geometrically and the
    effective learning rate :math:`\eta/\sqrt{v}` can grow fast. Yogi's change is
    :math:`\pm(1-\beta_2) g_t^2` with the same sign, so :math:`v` falls only as fast
    as the gradients allow.

    Parameters
    ----------
    lr : float or callable
        :math:`\eta` (>= 0), or a schedule ``t -> eta_t``. The paper suggests 0.01
        (about 10x Adam's).
    beta1, beta2 : float
        :math:`\beta_1, \beta_2` in [0, 1).
    eps : float
        :math:`\epsilon` (> 0); the paper uses :math:`10^{-3}`.
    initial_v : float
        :math:`v_0` (>= 0), the same in every coordinate.
    bias_correction : bool
        Divide by :math:`1 - \beta_1^t` and :math:`1 - \beta_2^t` as Adam does.
    eps_inside_sqrt : bool
        Use :math:`\sqrt{\hat v_t + \epsilon}` instead of :math:`\sqrt{\hat v_t} + \epsilon`.

    Notes
    -----
    There is no torch.optim Yogi, so two choices are ours. (1) :math:`v` starts at
    ``initial_v = 1e-6`` in every coordinate, the default of common implementations
    (optax, TensorFlow Federated, torch-optimizer); :math:`m` starts at 0. (2) Adam's
    bias correction is on by default, as in those implementations. The paper's
    Algorithm 2 has no bias correction and starts :math:`v` at 0:
    ``Yogi(initial_v=0, bias_correction=False)``. With :math:`v_0 = 0` the first
    second moment is Adam's, :math:`v_1 = (1-\beta_2) g_1^2`, so the first step equals
    Adam's with the same ``bias_correction``.
    """

    lr: float | Schedule = lr_field(0.01)
    eps: float = eps_field(1e-3)
    initial_v: float = hyper(1e-6, "v₀", "v_0", "start of the second moment", low=0.0)
    bias_correction: bool = bias_correction_field()
    eps_inside_sqrt: bool = eps_inside_sqrt_field()

    State = YogiState

    def init(self, theta: ArrayLike) -> YogiState:
        theta = self.start(theta)
        v = np.full(theta.shape, self.initial_v, dtype=np.float64)
        return YogiState(m=np.zeros_like(theta), v=v, t=0)

    def step(self, theta: np.ndarray, g: np.ndarray, state: YogiState) -> Step[YogiState]:
        lr, t = self.at("lr", state.t), state.t + 1
        m = self.first_moment(state.m, g)
        g2 = g**2
        v = state.v - (1 - self.beta2) * np.sign(state.v - g2) * g2  # Yogi's additive change
        c1, c2 = self.corrections(t, self.bias_correction)  # m_hat = m / c1, v_hat = v / c2
        # theta - lr * m_hat / (sqrt(v_hat) + eps), c1 and c2 applied to lr and the root
        theta = theta - lr / c1 * m / denominator(v, self.eps, self.eps_inside_sqrt, c2)
        return theta, YogiState(m=m, v=v, t=t)
