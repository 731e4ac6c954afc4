"""Adadelta: RMSProp whose step size is itself a running RMS of past updates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from ._spec import Optimizer, Schedule, Slider, Step, eps_field, hyper, lr_field


class AdadeltaState(NamedTuple):
    r"""``v``: :math:`E[g^2]_t`, the moving average of squared gradients;
    ``delta``: :math:`E[\Delta\theta^2]_t`, the moving average of squared updates;
    ``t``: steps taken."""

    v: np.ndarray
    delta: np.ndarray
    t: int


@dataclass(frozen=True, eq=False)
class Adadelta(Optimizer):
    r"""Adadelta (Zeiler, 2012).

    .. math::

        E[g^2]_t &= \rho E[g^2]_{t-1} + (1 - \rho) g_t^2, \qquad g_t = \nabla L(\theta_t) \\
        \Delta\theta_t &= \frac{\sqrt{E[\Delta\theta^2]_{t-1} + \epsilon}}
                               {\sqrt{E[g^2]_t + \epsilon}}\, g_t \\
        E[\Delta\theta^2]_t &= \rho E[\Delta\theta^2]_{t-1} + (1 - \rho) \Delta\theta_t^2 \\
        \theta_{t+1} &= \theta_t - \eta_t \Delta\theta_t ,

    with both averages starting at 0.

    Parameters
    ----------
    lr : float or callable
        :math:`\eta` (>= 0), a factor on the update, or a schedule; Zeiler's method has
        none (1.0).
    rho : float
        :math:`\rho` in [0, 1), the decay of both averages.
    eps : float
        :math:`\epsilon` (> 0); it also sets the size of the very first steps
        (about :math:`\sqrt{\epsilon / (1-\rho)}`), since :math:`E[\Delta\theta^2]` starts at 0.

    Notes
    -----
    Defaults are those of ``torch.optim.Adadelta(params, lr=1.0, rho=0.9, eps=1e-6)``,
    in the same order. Here :math:`\epsilon` is always inside the roots (both are "RMS"
    values as Zeiler defines them; there is no ``eps_inside_sqrt`` switch), and there is
    no bias correction (Zeiler has none, nor has torch). The ratio of the two RMS values
    carries the units of :math:`\theta`, which is why Adadelta needs no learning rate.
    State: ``v`` is :math:`E[g^2]`, ``delta`` is :math:`E[\Delta\theta^2]`.
    """

    lr: float | Schedule = lr_field(1.0, "factor on the update")
    rho: float = hyper(0.9, "ρ", r"\rho", "decay of both averages", low=0.0, high=1.0,
                       high_open=True, slider=Slider(0.0, 0.999, step=0.001),
                       in_label=True)  # fmt: skip
    eps: float = eps_field(1e-6)

    State = AdadeltaState

    def step(self, theta: np.ndarray, g: np.ndarray, state: AdadeltaState) -> Step[AdadeltaState]:
        lr, rho, eps = self.at("lr", state.t), self.rho, self.eps
        v = rho * state.v + (1 - rho) * g**2
        delta_theta = np.sqrt(state.delta + eps) / np.sqrt(v + eps) * g
        delta = rho * state.delta + (1 - rho) * delta_theta**2
        theta = theta - lr * delta_theta
        return theta, AdadeltaState(v=v, delta=delta, t=state.t + 1)
