"""AdaGrad: divide each coordinate's step by the root of its summed squared gradients."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._checks import check_learning_rate, check_positive
from ._base import Optimizer, check_flag, learning_rate, new_like, root_denominator


class AdaGradState(NamedTuple):
    """``v``: sum of squared gradients so far; ``t``: steps taken."""

    v: np.ndarray
    t: int


class AdaGrad(Optimizer):
    r"""AdaGrad (Duchi, Hazan & Singer, 2011).

    .. math::

        v_t = v_{t-1} + (\nabla L(\theta_t))^2, \qquad
        \theta_{t+1} = \theta_t - \frac{\eta_t}{\sqrt{v_t} + \epsilon} \nabla L(\theta_t),
        \qquad v_{-1} = 0 ,

    all operations element-wise: a coordinate that has seen large (or many)
    gradients gets a small step, a rarely updated (sparse) one keeps a large step.

    Parameters
    ----------
    lr : float or callable
        :math:`\eta` (>= 0), or a schedule ``t -> eta_t``.
    eps : float
        :math:`\epsilon` (> 0), keeps the first steps finite when :math:`v = 0`.
    eps_inside_sqrt : bool
        Use :math:`\eta / \sqrt{v_t + \epsilon}` (the lecture's code, which used
        :math:`\epsilon = 10^{-8}`) instead of :math:`\eta / (\sqrt{v_t} + \epsilon)`.

    Notes
    -----
    Defaults and the :math:`\epsilon`-outside form are those of
    ``torch.optim.Adagrad(params, lr=0.01, eps=1e-10)`` (``lr_decay=0``,
    ``initial_accumulator_value=0``). torch's ``lr_decay=k`` is the schedule
    ``lr=lambda t: eta / (1 + t * k)``.

    Where :math:`\epsilon` sits matters only for tiny accumulated gradients: outside,
    it takes over once :math:`\sqrt{v}` is as small as :math:`\epsilon`
    (:math:`v \approx \epsilon^2`); inside, already once :math:`v \approx \epsilon`. For
    :math:`\epsilon < 1` the inside form therefore caps the step of a coordinate with
    tiny gradients at about :math:`\eta |g| / \sqrt{\epsilon}` instead of
    :math:`\eta |g| / \epsilon`.
    """

    State = AdaGradState

    def __init__(self, lr=0.01, eps=1e-10, eps_inside_sqrt=False):
        self.lr = check_learning_rate("lr", lr)
        self.eps = check_positive("eps", eps)
        self.eps_inside_sqrt = check_flag("eps_inside_sqrt", eps_inside_sqrt)

    def init(self, theta) -> AdaGradState:
        return AdaGradState(v=np.zeros_like(self._start(theta)), t=0)

    def update(self, theta, state: AdaGradState, grad_fn):
        theta = self._params(theta)
        grad = self._grad(grad_fn, theta)
        eta = learning_rate(self.lr, state.t)
        v = np.multiply(grad, grad, out=new_like(theta))
        np.add(state.v, v, out=v)
        step = root_denominator(v, self.eps, self.eps_inside_sqrt, out=new_like(theta))
        np.divide(grad, step, out=step)
        np.multiply(step, eta, out=step)
        return np.subtract(theta, step, out=step), AdaGradState(v=v, t=state.t + 1)
