"""RMSProp: AdaGrad with a decaying average of squared gradients instead of a sum."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from ._spec import Optimizer, Schedule, Slider, Step, eps_field, hyper, lr_field
from .adagrad import denominator, eps_inside_sqrt_field


class RMSPropState(NamedTuple):
    """``v``: moving average of squared gradients; ``t``: steps taken."""

    v: np.ndarray
    t: int


@dataclass(frozen=True, eq=False)
class RMSProp(Optimizer):
    r"""RMSProp (Hinton, Coursera lecture 6e, 2012).

    .. math::

        g_t = \nabla L(\theta_t), \qquad
        v_t = \beta v_{t-1} + (1 - \beta) g_t^2, \qquad
        \theta_{t+1} = \theta_t - \eta_t \frac{g_t}{\sqrt{v_t} + \epsilon},
        \qquad v_{-1} = 0 .

    Parameters
    ----------
    lr : float or callable
        :math:`\eta` (>= 0), or a schedule ``t -> eta_t``.
    beta : float
        :math:`\beta` in [0, 1), the decay of the average (torch calls it ``alpha``).
    eps : float
        :math:`\epsilon` (> 0).
    eps_inside_sqrt : bool
        Use :math:`\eta\, g_t / \sqrt{v_t + \epsilon}` (Khapra's CS7015 form) instead of
        :math:`\eta\, g_t / (\sqrt{v_t} + \epsilon)`.

    Notes
    -----
    Defaults and the :math:`\epsilon`-outside form are those of
    ``torch.optim.RMSprop(params, lr=0.01, alpha=0.99, eps=1e-8)`` (no momentum, not
    centered). Because the average forgets old gradients, the effective step
    :math:`\eta / \sqrt{v_t}` does not shrink for ever as AdaGrad's does. It equals
    ``Adam(beta1=0, beta2=beta, bias_correction=False)``. Like torch's, and Hinton's,
    RMSProp has no bias correction: its :math:`v` starts at 0, so the first steps are
    larger (by up to :math:`1/\sqrt{1-\beta}`) than the later ones; Adam corrects that.
    """

    lr: float | Schedule = lr_field(0.01)
    beta: float = hyper(0.99, "β", r"\beta", "decay of the average of squared gradients",
                        low=0.0, high=1.0, high_open=True,
                        slider=Slider(0.0, 0.999, step=0.001), in_label=True)  # fmt: skip
    eps: float = eps_field(1e-8)
    eps_inside_sqrt: bool = eps_inside_sqrt_field()

    State = RMSPropState

    def step(self, theta: np.ndarray, g: np.ndarray, state: RMSPropState) -> Step[RMSPropState]:
        lr, beta = self.at("lr", state.t), self.beta
        v = beta * state.v + (1 - beta) * g**2
        theta = theta - lr * g / denominator(v, self.eps, self.eps_inside_sqrt)
        return theta, RMSPropState(v=v, t=state.t + 1)
