"""Plain gradient descent."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from ._spec import Optimizer, Schedule, Step, lr_field, weight_decay_field


class GDState(NamedTuple):
    """``t``: number of steps taken so far."""

    t: int


@dataclass(frozen=True, eq=False)
class GD(Optimizer):
    r"""Vanilla gradient descent.

    .. math::

        \theta_{t+1} = \theta_t - \eta_t \nabla L(\theta_t)

    Parameters
    ----------
    lr : float or callable
        :math:`\eta`, the learning rate (>= 0), or a schedule ``t -> eta_t``.
    weight_decay : float
        :math:`\lambda` (>= 0): an L2 penalty :math:`\tfrac{\lambda}{2}\|\theta\|^2` on the
        loss, added to the gradient first, :math:`g \leftarrow g + \lambda \theta`
        (torch's ``weight_decay``). 0 (the default) adds nothing.

    Notes
    -----
    Same as ``torch.optim.SGD(params, lr)`` with no momentum, including its default
    ``lr=1e-3``.

    Examples
    --------
    One step on :math:`L(\theta) = \tfrac12 \|\theta\|^2`, whose gradient is :math:`\theta`:

    >>> import numpy as np
    >>> gd = GD(lr=0.1)
    >>> theta, state = gd.update(np.array([1.0, -2.0]), gd.init([1.0, -2.0]), lambda th: th)
    >>> theta, state.t
    (array([ 0.9, -1.8]), 1)
    """

    lr: float | Schedule = lr_field(0.001)
    weight_decay: float = weight_decay_field()

    State = GDState
    l2_penalty = "weight_decay"

    def step(self, theta: np.ndarray, g: np.ndarray, state: GDState) -> Step[GDState]:
        lr = self.at("lr", state.t)
        theta = theta - lr * g
        return theta, GDState(t=state.t + 1)
