"""Rprop: each coordinate moves by its own step size; only the gradient's sign counts."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._checks import check_learning_rate, check_nonnegative, check_positive
from ._base import Optimizer, learning_rate, new_like


class RpropState(NamedTuple):
    """``prev``: last gradient used (0 where its sign flipped); ``step_size``: per-coordinate
    step sizes; ``t``: steps taken."""

    prev: np.ndarray
    step_size: np.ndarray
    t: int


class Rprop(Optimizer):
    r"""Resilient backpropagation (Riedmiller & Braun, 1993), in torch.optim's form.

    For every coordinate, with :math:`g_t = \nabla L(\theta_t)` and step size
    :math:`\Delta_t`:

    .. math::

        \Delta_t &= \operatorname{clip}\big(\Delta_{t-1} \cdot
            \begin{cases} \eta^+ & g_t\, g_{t-1} > 0 \\
                          \eta^- & g_t\, g_{t-1} < 0 \\
                          1      & \text{otherwise} \end{cases},\
            \Delta_{min}, \Delta_{max}\big) \\
        g_t &\leftarrow 0 \quad \text{where } g_t\, g_{t-1} < 0 \\
        \theta_{t+1} &= \theta_t - \operatorname{sign}(g_t)\, \Delta_t ,

    starting from :math:`\Delta_{-1} = \eta` and :math:`g_{-1} = 0`.
    The same sign twice in a row means "keep going": the step grows by
    :math:`\eta^+`. A sign flip means the last step jumped over a minimum: the step
    shrinks by :math:`\eta^-` and the coordinate rests for one step (its stored
    gradient is set to 0, so the next step counts as "no information").

    Parameters
    ----------
    lr : float or callable
        :math:`\eta` (>= 0), the initial step size of every coordinate. A schedule is
        read once, at step 0: afterwards the step sizes adapt on their own.
    eta_minus, eta_plus : float
        :math:`\eta^-, \eta^+` with :math:`0 < \eta^- < 1 < \eta^+` (torch's ``etas``).
    step_min, step_max : float
        :math:`0 \le \Delta_{min} \le \Delta_{max}`, bounds on the step sizes (torch's
        ``step_sizes``).

    Notes
    -----
    Defaults and sign logic are those of ``torch.optim.Rprop(params, lr=0.01,
    etas=(0.5, 1.2), step_sizes=(1e-6, 50))`` (the variant without backtracking,
    often called Rprop-). Rprop ignores the size of the gradient, so it suits full
    batches, not noisy mini-batches.
    """

    State = RpropState

    def __init__(self, lr=0.01, eta_minus=0.5, eta_plus=1.2, step_min=1e-6, step_max=50.0):
        self.lr = check_learning_rate("lr", lr)
        self.eta_minus = check_positive("eta_minus", eta_minus)
        if not self.eta_minus < 1.0:
            raise ValueError(f"eta_minus must be in (0, 1), got eta_minus={eta_minus!r}")
        self.eta_plus = check_positive("eta_plus", eta_plus)
        if not self.eta_plus > 1.0:
            raise ValueError(f"eta_plus must be > 1, got eta_plus={eta_plus!r}")
        self.step_min = check_nonnegative("step_min", step_min)
        self.step_max = check_positive("step_max", step_max)
        if self.step_min > self.step_max:
            raise ValueError(
                f"step_min must be <= step_max, got step_min={step_min!r}, step_max={step_max!r}"
            )

    def init(self, theta) -> RpropState:
        theta = self._start(theta)
        step_size = np.full(theta.shape, learning_rate(self.lr, 0), dtype=np.float64)
        return RpropState(prev=np.zeros_like(theta), step_size=step_size, t=0)

    def update(self, theta, state: RpropState, grad_fn):
        theta = self._params(theta)
        grad = self._grad(grad_fn, theta)
        agreement = np.multiply(grad, state.prev, out=new_like(theta))
        flipped = agreement < 0
        factor = np.where(agreement > 0, self.eta_plus, 1.0)
        np.copyto(factor, self.eta_minus, where=flipped)
        step_size = np.multiply(state.step_size, factor, out=factor)
        np.maximum(step_size, self.step_min, out=step_size)
        np.minimum(step_size, self.step_max, out=step_size)
        prev = np.copy(grad)
        np.copyto(prev, 0.0, where=flipped)  # rest one step after a sign flip
        step = np.sign(prev, out=agreement)
        np.multiply(step, step_size, out=step)
        theta_new = np.subtract(theta, step, out=step)
        return theta_new, RpropState(prev=prev, step_size=step_size, t=state.t + 1)
