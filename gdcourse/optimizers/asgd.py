"""ASGD: gradient descent with a decaying step, plus a running (Polyak) average of the iterates."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._checks import check_nonnegative
from ._base import Optimizer


class ASGDState(NamedTuple):
    r"""``theta_bar``: the average :math:`\bar\theta` of the iterates (torch's ``ax``);
    ``eta``: the step size for the next step; ``mu``: the averaging weight for the next
    step; ``t``: steps taken."""

    theta_bar: np.ndarray
    eta: float
    mu: float
    t: int


class ASGD(Optimizer):
    r"""Averaged stochastic gradient descent (Polyak & Juditsky, 1992; Bottou, 2012),
    as in ``torch.optim.ASGD``.

    .. math::

        \theta_{t+1} &= (1 - \lambda \eta_t)\, \theta_t - \eta_t\, \nabla L(\theta_t) \\
        \bar\theta_{t+1} &= \bar\theta_t + \mu_t (\theta_{t+1} - \bar\theta_t) \\
        \eta_{t+1} &= \frac{\eta_0}{(1 + \lambda \eta_0 (t+1))^{\alpha}}, \qquad
        \mu_{t+1} = \frac{1}{\max(1, t + 1 - t_0)} ,

    starting from :math:`\eta_0 = ` ``lr`` and :math:`\mu_0 = 1` (:math:`t` counts steps
    from 0). While :math:`\mu = 1` (the first :math:`t_0` steps) the "average" is simply
    the latest iterate; after that it is the mean of the iterates since step :math:`t_0`.

    Parameters
    ----------
    lr : float
        :math:`\eta_0` (>= 0), the first step size. ASGD computes its own decaying
        schedule, so ``lr`` is a number, not a schedule.
    lambd : float
        :math:`\lambda` (>= 0): sets how fast :math:`\eta_t` decays, and also shrinks
        :math:`\theta` by :math:`1 - \lambda\eta_t` each step.
    alpha : float
        :math:`\alpha` (>= 0), the power of the decay of :math:`\eta_t`.
    t0 : float
        :math:`t_0` (>= 0): the step at which averaging starts.
    weight_decay : float
        An L2 term :math:`\lambda_2 \theta` added to the gradient (>= 0).

    Notes
    -----
    Follows ``torch.optim.ASGD(params, lr=0.01, lambd=1e-4, alpha=0.75, t0=1e6,
    weight_decay=0)``. Like torch, ``update`` returns the plain iterate
    :math:`\theta_{t+1}`; the average, which is what one evaluates at the end, is
    ``state.theta_bar``. With the default ``t0=1e6`` no averaging happens in a short
    run; pass a small ``t0`` to see it.
    """

    # Hyperparameters (name, symbol, default, valid range, schedulable?):
    #   lr            η0   1e-2   [0, inf)   no (eta_t is ASGD's own schedule)
    #   lambd         λ    1e-4   [0, inf)   no
    #   alpha         α    0.75   [0, inf)   no
    #   t0            t0   1e6    [0, inf)   no
    #   weight_decay  λ2   0      [0, inf)   no

    State = ASGDState

    def __init__(self, lr=0.01, lambd=1e-4, alpha=0.75, t0=1e6, weight_decay=0.0):
        self.lr = check_nonnegative("lr", lr)
        self.lambd = check_nonnegative("lambd", lambd)
        self.alpha = check_nonnegative("alpha", alpha)
        self.t0 = check_nonnegative("t0", t0)
        self.weight_decay = check_nonnegative("weight_decay", weight_decay)

    def init(self, theta) -> ASGDState:
        theta_bar = np.zeros_like(self._start(theta))
        return ASGDState(theta_bar=theta_bar, eta=self.lr, mu=1.0, t=0)

    def update(self, theta, state: ASGDState, grad_fn):
        theta = self._params(theta)
        g = self._grad(grad_fn, theta)
        eta, mu, lambd = state.eta, state.mu, self.lambd
        t = state.t + 1
        if self.weight_decay != 0:
            g = g + self.weight_decay * theta
        theta = theta * (1 - lambd * eta)
        theta = theta - eta * g
        theta_bar = state.theta_bar + mu * (theta - state.theta_bar) if mu != 1 else theta.copy()
        new_state = ASGDState(
            theta_bar=theta_bar,
            eta=self.lr / (1 + lambd * self.lr * t) ** self.alpha,
            mu=1 / max(1, t - self.t0),
            t=t,
        )
        return theta, new_state
