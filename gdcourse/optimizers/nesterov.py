"""Nesterov accelerated gradient: take the gradient where momentum is about to carry you."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from ._spec import GradFn, Optimizer, Schedule, Step, lr_field, weight_decay_field
from .momentum import gamma_field


class NAGState(NamedTuple):
    """``u``: the last update :math:`u_t`; ``t``: steps taken."""

    u: np.ndarray
    t: int


@dataclass(frozen=True, eq=False)
class NAG(Optimizer):
    r"""Nesterov accelerated gradient, in the look-ahead form of Khapra's CS7015 notes.

    .. math::

        \theta_{look} = \theta_t - \gamma\, u_{t-1}, \qquad
        u_t = \gamma\, u_{t-1} + \eta_t \nabla L(\theta_{look}), \qquad
        \theta_{t+1} = \theta_t - u_t, \qquad u_{-1} = 0 .

    Parameters
    ----------
    lr : float or callable
        :math:`\eta`, the learning rate (>= 0), or a schedule ``t -> eta_t``.
    gamma : float or callable
        :math:`\gamma`, the momentum in [0, 1), or a schedule ``t -> gamma_t``.
    weight_decay : float
        :math:`\lambda` (>= 0): an L2 penalty :math:`\tfrac{\lambda}{2}\|\theta\|^2` on the
        loss, added to the gradient first, :math:`g \leftarrow g + \lambda \theta`
        (torch's ``weight_decay`` on ``SGD``), at the look-ahead point where the gradient
        is taken. 0 (the default) adds nothing.

    Notes
    -----
    One gradient per step, taken at the look-ahead point rather than at
    :math:`\theta_t`. With :math:`\gamma = 0` this is plain gradient descent.

    **torch.optim's form.** ``SGD(params, lr, momentum=gamma, nesterov=True)`` takes
    the gradient at its own iterate :math:`p_t` and steps

    .. math::

        b_t = \gamma b_{t-1} + \nabla L(p_t), \qquad
        p_{t+1} = p_t - \eta\,(\nabla L(p_t) + \gamma b_t) .

    It is the same method written in the shifted variable
    :math:`p_t = \theta_t - \gamma u_{t-1}` (the look-ahead point), with
    :math:`u_t = \eta b_t`: both start at :math:`p_0 = \theta_0`, and torch's iterates are
    exactly this class's look-ahead points (for constant :math:`\eta, \gamma`; the
    tests check it). Sutskever et al. (2013) write NAG in the look-ahead form; the
    shifted form (Bengio et al., 2013) needs the gradient only at the point it stores,
    which is why libraries use it.
    """

    lr: float | Schedule = lr_field(0.001)
    gamma: float | Schedule = gamma_field()
    weight_decay: float = weight_decay_field()

    State = NAGState

    def update(self, theta: np.ndarray, state: NAGState, grad_fn: GradFn) -> Step[NAGState]:
        theta = self.check_inputs(theta, state, grad_fn)
        lr, gamma = self.at("lr", state.t), self.at("gamma", state.t)
        u_carried = gamma * state.u  # the part of u_t already known: gamma u_{t-1}
        theta_look = theta - u_carried
        g = self.gradient(grad_fn, theta_look, state.t)
        if self.weight_decay:  # at the look-ahead point, torch's iterate
            g = g + self.weight_decay * theta_look
        u = u_carried + lr * g
        theta = theta - u
        return theta, NAGState(u=u, t=state.t + 1)
