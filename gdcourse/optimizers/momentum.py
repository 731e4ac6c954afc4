"""Momentum: keep moving in the direction of the past updates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from ._spec import (
    Optimizer,
    Schedule,
    Slider,
    Step,
    flag_field,
    hyper,
    lr_field,
    weight_decay_field,
)


class MomentumState(NamedTuple):
    """``u``: the last update (or the gradient average with ``ema=True``); ``t``: steps taken."""

    u: np.ndarray
    t: int


def gamma_field() -> float | Schedule:
    """γ in [0, 1) or a schedule (Sutskever et al. schedule it), shared with NAG."""
    return hyper(0.9, "γ", r"\gamma", "momentum coefficient", low=0.0, high=1.0,
                 high_open=True, schedulable=True, slider=Slider(0.0, 0.99),
                 in_label=True)  # fmt: skip


@dataclass(frozen=True, eq=False)
class Momentum(Optimizer):
    r"""Momentum-based gradient descent.

    Default form (the "history" of updates in Khapra's CS7015 notes):

    .. math::

        u_t = \gamma\, u_{t-1} + \eta_t \nabla L(\theta_t), \qquad
        \theta_{t+1} = \theta_t - u_t, \qquad u_{-1} = 0 .

    With ``ema=True`` (exponential moving average of the gradients, seeds 000/002):

    .. math::

        V_t = \beta V_{t-1} + (1 - \beta) \nabla L(\theta_t), \qquad
        \theta_{t+1} = \theta_t - \eta_t V_t, \qquad V_{-1} = 0 .

    Parameters
    ----------
    lr : float or callable
        :math:`\eta`, the learning rate (>= 0), or a schedule ``t -> eta_t``.
    gamma : float or callable
        :math:`\gamma` (or :math:`\beta` with ``ema=True``), the momentum in [0, 1),
        or a schedule ``t -> gamma_t`` such as Sutskever et al.'s
        :math:`\gamma_t = \min(1 - 2^{-1-\log_2(\lfloor t/250 \rfloor + 1)}, \gamma_{max})`
        (:func:`gdcourse.schedules.sutskever_momentum`).
    ema : bool
        Use the moving-average form instead of the default.
    weight_decay : float
        :math:`\lambda` (>= 0): an L2 penalty :math:`\tfrac{\lambda}{2}\|\theta\|^2` on the
        loss, added to the gradient first, :math:`g \leftarrow g + \lambda \theta`
        (torch's ``weight_decay`` on ``SGD``). 0 (the default) adds nothing.

    Notes
    -----
    **State.** ``u`` holds :math:`u_t` (a step, in units of :math:`\theta`) in the
    default form and :math:`V_t` (an average gradient) with ``ema=True``.

    **The two forms.** Multiplying the average form by a constant :math:`\eta` gives
    :math:`\eta V_t = \beta\, \eta V_{t-1} + \eta(1-\beta)\nabla L`, the default form with
    :math:`u = \eta V` and learning rate :math:`\eta_{default} = \eta (1 - \beta)`. So
    ``Momentum(lr * (1 - beta), beta)`` and ``Momentum(lr, beta, ema=True)`` take the
    same path; the average form just needs a learning rate :math:`1/(1-\beta)` times
    larger (10x for :math:`\beta = 0.9`) to move as fast.

    **torch.optim.** ``SGD(params, lr, momentum=gamma)`` (dampening 0) keeps
    :math:`b_t = \gamma b_{t-1} + \nabla L(\theta_t)` and steps
    :math:`\theta_{t+1} = \theta_t - \eta_t b_t`. With a constant learning rate
    :math:`u_t = \eta b_t` and the paths agree (to round-off). Under a schedule they
    differ: torch multiplies the whole accumulated :math:`b_t` by today's
    :math:`\eta_t`, while here every gradient keeps the learning rate of the step that
    produced it. torch's ``dampening=beta`` resembles ``ema=True`` except on the first
    step, where torch sets :math:`b_1 = \nabla L` instead of :math:`(1-\beta)\nabla L`.
    """

    lr: float | Schedule = lr_field(0.001)
    gamma: float | Schedule = gamma_field()
    ema: bool = flag_field(False, "EMA", "average the gradients instead of summing the steps")
    weight_decay: float = weight_decay_field()

    State = MomentumState
    l2_penalty = "weight_decay"

    def step(self, theta: np.ndarray, g: np.ndarray, state: MomentumState) -> Step[MomentumState]:
        lr, gamma = self.at("lr", state.t), self.at("gamma", state.t)
        if self.ema:
            u = gamma * state.u + (1 - gamma) * g  # V_t
            theta = theta - lr * u
        else:
            u = gamma * state.u + lr * g
            theta = theta - u
        return theta, MomentumState(u=u, t=state.t + 1)
