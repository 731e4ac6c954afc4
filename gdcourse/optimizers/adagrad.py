"""AdaGrad: divide each coordinate's step by the root of its summed squared gradients."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from ._spec import Optimizer, Schedule, Step, eps_field, flag_field, lr_field


class AdaGradState(NamedTuple):
    """``v``: sum of squared gradients so far; ``t``: steps taken."""

    v: np.ndarray
    t: int


def eps_inside_sqrt_field() -> bool:
    """Where ε sits: inside the root, or (the default, torch's) added after it."""
    return flag_field(False, "ε inside √", "put eps inside the square root")


def denominator(
    v: np.ndarray, eps: float, eps_inside_sqrt: bool, correction: float = 1.0
) -> np.ndarray:
    r""":math:`\sqrt{\hat v} + \epsilon`, or :math:`\sqrt{\hat v + \epsilon}` with
    ``eps_inside_sqrt``: the root that AdaGrad, RMSProp and Adam's family divide by, with
    :math:`\hat v = v / c` for Adam's bias ``correction`` :math:`c = 1 - \beta_2^t`.

    With :math:`\epsilon` outside, :math:`\sqrt{v / c} = \sqrt{v} / \sqrt{c}` divides the
    root by a number instead of first dividing the array :math:`v` (torch's order of
    operations, and one pass over the array fewer).
    """
    if correction == 1:
        return np.sqrt(v + eps) if eps_inside_sqrt else np.sqrt(v) + eps
    if eps_inside_sqrt:
        return np.sqrt(v / correction + eps)
    return np.sqrt(v) / math.sqrt(correction) + eps


@dataclass(frozen=True, eq=False)
class AdaGrad(Optimizer):
    r"""AdaGrad (Duchi, Hazan & Singer, 2011).

    .. math::

        g_t = \nabla L(\theta_t), \qquad
        v_t = v_{t-1} + g_t^2, \qquad
        \theta_{t+1} = \theta_t - \eta_t \frac{g_t}{\sqrt{v_t} + \epsilon},
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
        Use :math:`\eta\, g_t / \sqrt{v_t + \epsilon}` (Khapra's CS7015 code, which used
        :math:`\epsilon = 10^{-8}`) instead of :math:`\eta\, g_t / (\sqrt{v_t} + \epsilon)`.

    Notes
    -----
    Defaults and the :math:`\epsilon`-outside form are those of
    ``torch.optim.Adagrad(params, lr=0.01, eps=1e-10)`` (``lr_decay=0``,
    ``initial_accumulator_value=0``). torch's ``lr_decay=k`` is the schedule
    ``lr=lambda t: eta / (1 + t * k)``. AdaGrad has no bias correction: :math:`v` is a
    sum, not an average that starts too small.

    Where :math:`\epsilon` sits matters only for tiny accumulated gradients: outside,
    it takes over once :math:`\sqrt{v}` is as small as :math:`\epsilon`
    (:math:`v \approx \epsilon^2`); inside, already once :math:`v \approx \epsilon`. For
    :math:`\epsilon < 1` the inside form therefore caps the step of a coordinate with
    tiny gradients at about :math:`\eta |g| / \sqrt{\epsilon}` instead of
    :math:`\eta |g| / \epsilon`.
    """

    lr: float | Schedule = lr_field(0.01)
    eps: float = eps_field(1e-10)
    eps_inside_sqrt: bool = eps_inside_sqrt_field()

    State = AdaGradState

    def step(self, theta: np.ndarray, g: np.ndarray, state: AdaGradState) -> Step[AdaGradState]:
        lr = self.at("lr", state.t)
        v = state.v + g**2
        theta = theta - lr * g / denominator(v, self.eps, self.eps_inside_sqrt)
        return theta, AdaGradState(v=v, t=state.t + 1)
