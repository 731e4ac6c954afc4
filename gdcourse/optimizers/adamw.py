"""AdamW: Adam with weight decay taken out of the gradient (decoupled weight decay)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from ._spec import Step, flag_field, weight_decay_field
from .adam import AdamFamily


class AdamWState(NamedTuple):
    """``m``: moving average of gradients; ``v``: of squared gradients; ``v_max``: the
    largest ``v`` so far (with ``amsgrad=True``; ``None`` without, as it is not needed);
    ``t``: steps taken."""

    m: np.ndarray
    v: np.ndarray
    v_max: np.ndarray | None
    t: int


@dataclass(frozen=True, eq=False)
class AdamW(AdamFamily):
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

    weight_decay: float = weight_decay_field(0.01, decoupled=True)
    amsgrad: bool = flag_field(False, "AMSGrad", "divide by the largest v so far")

    State = AdamWState

    def init(self, theta: ArrayLike) -> AdamWState:
        zeros = np.zeros_like(self.start(theta))
        v_max = zeros.copy() if self.amsgrad else None
        return AdamWState(m=zeros, v=zeros.copy(), v_max=v_max, t=0)

    def step(self, theta: np.ndarray, g: np.ndarray, state: AdamWState) -> Step[AdamWState]:
        lr, t = self.at("lr", state.t), state.t + 1
        theta = theta * (1 - lr * self.weight_decay)
        m = self.first_moment(state.m, g)
        v = self.second_moment(state.v, g)
        v_max = np.maximum(amsgrad_v_max(state), v) if self.amsgrad else None
        step_size = lr / (1 - self.beta1**t)
        denominator = np.sqrt(v if v_max is None else v_max) / (1 - self.beta2**t) ** 0.5 + self.eps
        theta = theta - step_size * (m / denominator)
        return theta, AdamWState(m=m, v=v, v_max=v_max, t=t)


def amsgrad_v_max(state: AdamWState) -> np.ndarray:
    """``state.v_max``, which only a state of ``AdamW(amsgrad=True)`` has."""
    if state.v_max is None:
        raise ValueError(
            "state.v_max is None: the state comes from AdamW(amsgrad=False); "
            "call init(theta) on this optimizer to start"
        )
    return state.v_max
