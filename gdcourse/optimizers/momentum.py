"""Momentum: keep moving in the direction of the past updates."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._checks import check_learning_rate
from ._base import (
    Optimizer,
    check_decay_or_schedule,
    check_flag,
    decay_rate,
    learning_rate,
    new_like,
)


class MomentumState(NamedTuple):
    """``u``: the last update (or the gradient average with ``ema=True``); ``t``: steps taken."""

    u: np.ndarray
    t: int


class Momentum(Optimizer):
    r"""Momentum-based gradient descent.

    Default form (the lecture's "history" of updates, seed 004):

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
        :math:`\gamma_t = \min(1 - 2^{-1-\log_2(\lfloor t/250 \rfloor + 1)}, \gamma_{max})`.
    ema : bool
        Use the moving-average form instead of the default.

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

    State = MomentumState

    def __init__(self, lr=0.001, gamma=0.9, ema=False):
        self.lr = check_learning_rate("lr", lr)
        self.gamma = check_decay_or_schedule("gamma", gamma)
        self.ema = check_flag("ema", ema)

    def init(self, theta) -> MomentumState:
        return MomentumState(u=np.zeros_like(self._start(theta)), t=0)

    def update(self, theta, state: MomentumState, grad_fn):
        theta = self._params(theta)
        grad = self._grad(grad_fn, theta)
        eta = learning_rate(self.lr, state.t)
        gamma = decay_rate("gamma", self.gamma, state.t)
        # u = gamma * u + scale * grad, written into fresh arrays (the state is not touched)
        u = np.multiply(state.u, gamma, out=new_like(theta))
        buffer = np.multiply(grad, (1.0 - gamma) if self.ema else eta, out=new_like(theta))
        np.add(u, buffer, out=u)
        if self.ema:
            np.multiply(u, eta, out=buffer)  # the step is eta * V
            theta_new = np.subtract(theta, buffer, out=buffer)
        else:
            theta_new = np.subtract(theta, u, out=buffer)
        return theta_new, MomentumState(u=u, t=state.t + 1)
