"""ASGD: gradient descent with a decaying step, plus a running (Polyak) average of the iterates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from ._spec import Optimizer, Step, hyper, lr_field


class ASGDState(NamedTuple):
    r"""``theta_bar``: the average :math:`\bar\theta` of the iterates (torch's ``ax``);
    ``eta``: the step size for the next step; ``mu``: the averaging weight for the next
    step; ``t``: steps taken."""

    theta_bar: np.ndarray
    eta: float
    mu: float
    t: int


@dataclass(frozen=True, eq=False)
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

    lr: float = lr_field(0.01, "first step size", schedulable=False)
    lambd: float = hyper(1e-4, "λ", r"\lambda", "decay of the step size (and of θ)", low=0.0)
    alpha: float = hyper(0.75, "α", r"\alpha", "power of the step-size decay", low=0.0)
    t0: float = hyper(1e6, "t₀", "t_0", "step at which averaging starts", low=0.0)
    weight_decay: float = hyper(0.0, "λ₂", r"\lambda_2", "L2 penalty added to the gradient",
                                low=0.0)  # fmt: skip

    State = ASGDState
    l2_penalty = "weight_decay"

    def init(self, theta: ArrayLike) -> ASGDState:
        theta_bar = np.zeros_like(self.start(theta))
        return ASGDState(theta_bar=theta_bar, eta=self.lr, mu=1.0, t=0)

    def step(self, theta: np.ndarray, g: np.ndarray, state: ASGDState) -> Step[ASGDState]:
        eta, mu, lambd = state.eta, state.mu, self.lambd
        t = state.t + 1
        theta = (1 - lambd * eta) * theta - eta * g
        theta_bar = state.theta_bar + mu * (theta - state.theta_bar) if mu != 1 else theta.copy()
        new_state = ASGDState(
            theta_bar=theta_bar,
            eta=self.lr / (1 + lambd * self.lr * t) ** self.alpha,
            mu=1 / max(1, t - self.t0),
            t=t,
        )
        return theta, new_state
