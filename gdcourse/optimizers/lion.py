"""Lion: the sign of an interpolated momentum."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from ._spec import Optimizer, Schedule, Step, hyper, lr_field, weight_decay_field


class LionState(NamedTuple):
    """``m``: moving average of gradients (the only state); ``t``: steps taken."""

    m: np.ndarray
    t: int


@dataclass(frozen=True, eq=False)
class Lion(Optimizer):
    r"""Lion, "EvoLved Sign Momentum" (Chen et al., 2023, "Symbolic Discovery of
    Optimization Algorithms").

    .. math::

        c_t &= \beta_1 m_{t-1} + (1 - \beta_1)\, g_t \\
        \theta_{t+1} &= \theta_t - \eta_t (\operatorname{sign}(c_t) + \lambda \theta_t)
            = (1 - \eta_t \lambda)\, \theta_t - \eta_t \operatorname{sign}(c_t) \\
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

    lr: float | Schedule = lr_field(1e-4)
    beta1: float = hyper(0.9, "β₁", r"\beta_1", "weight of the momentum in the sign",
                         low=0.0, high=1.0, high_open=True, in_label=True)  # fmt: skip
    beta2: float = hyper(0.99, "β₂", r"\beta_2", "decay of the stored momentum",
                         low=0.0, high=1.0, high_open=True, in_label=True)  # fmt: skip
    weight_decay: float = weight_decay_field(0.0, decoupled=True)

    State = LionState

    def step(self, theta: np.ndarray, g: np.ndarray, state: LionState) -> Step[LionState]:
        lr = self.at("lr", state.t)
        c = self.beta1 * state.m + (1 - self.beta1) * g
        if self.weight_decay:  # lr * lambda * theta, decoupled as in AdamW
            theta = (1 - lr * self.weight_decay) * theta
        theta = theta - lr * np.sign(c)
        m = self.beta2 * state.m + (1 - self.beta2) * g
        return theta, LionState(m=m, t=state.t + 1)
