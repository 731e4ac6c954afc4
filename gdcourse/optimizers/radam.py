"""RAdam: Adam whose adaptive step is switched on only once its variance is tame."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from ._spec import Step, flag_field, weight_decay_field
from .adam import AdamFamily


class RAdamState(NamedTuple):
    """``m``: moving average of gradients; ``v``: of squared gradients; ``t``: steps taken."""

    m: np.ndarray
    v: np.ndarray
    t: int


@dataclass(frozen=True, eq=False)
class RAdam(AdamFamily):
    r"""Rectified Adam (Liu et al., 2020, "On the Variance of the Adaptive Learning Rate").

    .. math::

        m_t &= \beta_1 m_{t-1} + (1 - \beta_1) g_t, \qquad
        v_t = \beta_2 v_{t-1} + (1 - \beta_2) g_t^2, \qquad
        \hat m_t = \frac{m_t}{1 - \beta_1^t} \\
        \rho_\infty &= \frac{2}{1 - \beta_2} - 1, \qquad
        \rho_t = \rho_\infty - \frac{2 t \beta_2^t}{1 - \beta_2^t} \\
        \theta_{t+1} &= \theta_t - \eta_t\, \hat m_t \, r_t\,
            \frac{\sqrt{1 - \beta_2^t}}{\sqrt{v_t} + \epsilon}
            \quad\text{if } \rho_t > 5, \qquad
        r_t = \sqrt{\frac{(\rho_t - 4)(\rho_t - 2)\rho_\infty}
            {(\rho_\infty - 4)(\rho_\infty - 2)\rho_t}} \\
        \theta_{t+1} &= \theta_t - \eta_t\, \hat m_t \quad\text{otherwise}
            \text{ (momentum SGD while the variance of } 1/\sqrt{v} \text{ is not defined).}

    :math:`\rho_t` is the length of the simple moving average that :math:`v_t`
    approximates; :math:`r_t` rises from 0 towards 1 and acts as a built-in warm-up.
    With the default :math:`\beta_2 = 0.999`, the first 5 steps are plain momentum steps.

    Parameters
    ----------
    lr : float or callable
        :math:`\eta` (>= 0), or a schedule ``t -> eta_t``.
    beta1, beta2 : float
        :math:`\beta_1, \beta_2` in [0, 1) (torch's ``betas``).
    eps : float
        :math:`\epsilon` (> 0).
    weight_decay : float
        :math:`\lambda` (>= 0): L2, :math:`g_t = \nabla L(\theta_t) + \lambda\theta_t`,
        or, with ``decoupled_weight_decay``, :math:`\theta_t \leftarrow (1 - \eta_t\lambda)\theta_t`
        before the step, as in :class:`~gdcourse.optimizers.AdamW`.
    decoupled_weight_decay : bool
        Decay the weights instead of adding :math:`\lambda\theta` to the gradient.

    Notes
    -----
    Follows ``torch.optim.RAdam(params, lr=0.001, betas=(0.9, 0.999), eps=1e-8,
    weight_decay=0, decoupled_weight_decay=False)`` and its order of operations:
    :math:`\epsilon` is added to :math:`\sqrt{v_t}`, before the bias correction
    :math:`\sqrt{1-\beta_2^t}` multiplies (Adam adds it after). The paper's threshold
    is :math:`\rho_t > 4`; torch (and this class) use 5.
    """

    weight_decay: float = weight_decay_field(
        0.0, meaning="L2 penalty, or decoupled decay with decoupled_weight_decay"
    )
    decoupled_weight_decay: bool = flag_field(
        False, "decoupled", "decay the weights instead of adding λθ to the gradient"
    )

    State = RAdamState

    def step(self, theta: np.ndarray, g: np.ndarray, state: RAdamState) -> Step[RAdamState]:
        lr, t = self.at("lr", state.t), state.t + 1
        beta2, decay = self.beta2, self.weight_decay
        if decay != 0 and self.decoupled_weight_decay:
            theta = theta * (1 - lr * decay)
        elif decay != 0:
            g = g + decay * theta
        m = self.first_moment(state.m, g)
        v = self.second_moment(state.v, g)
        c1, c2 = self.corrections(t)  # m_hat = m / c1; c1 is applied to the numbers below
        rho_inf = 2 / (1 - beta2) - 1
        rho_t = rho_inf - 2 * t * beta2**t / (1 - beta2**t)
        if rho_t > 5.0:  # the adaptive step's variance is finite: rectify it by r
            r = (
                (rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)
            ) ** 0.5
            # theta - lr * m_hat * r * sqrt(c2) / (sqrt(v) + eps)
            theta = theta - lr * r * c2**0.5 / c1 * m / (np.sqrt(v) + self.eps)
        else:  # plain momentum while it is not: theta - lr * m_hat
            theta = theta - lr / c1 * m
        return theta, RAdamState(m=m, v=v, t=t)
