"""Rprop: each coordinate moves by its own step size; only the gradient's sign counts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from ._spec import Optimizer, Slider, Step, hyper


class RpropState(NamedTuple):
    """``prev``: last gradient used (0 where its sign flipped); ``step_size``: per-coordinate
    step sizes; ``t``: steps taken."""

    prev: np.ndarray
    step_size: np.ndarray
    t: int


@dataclass(frozen=True, eq=False)
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
    lr : float
        :math:`\eta` (>= 0), the initial step size of every coordinate. Not a schedule:
        after the first step the step sizes adapt on their own.
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
    batches, not noisy mini-batches. It has no :math:`\epsilon` and no bias correction.
    """

    lr: float = hyper(0.01, "η", r"\eta", "initial step size", low=0.0,
                      slider=Slider(1e-4, 10.0, log=True), in_label=True)  # fmt: skip
    eta_minus: float = hyper(0.5, "η⁻", r"\eta^-", "shrink factor after a sign flip",
                             low=0.0, high=1.0, low_open=True, high_open=True)  # fmt: skip
    eta_plus: float = hyper(1.2, "η⁺", r"\eta^+", "growth factor while the sign holds",
                            low=1.0, low_open=True)  # fmt: skip
    step_min: float = hyper(1e-6, "Δmin", r"\Delta_{min}", "smallest step size", low=0.0)
    step_max: float = hyper(50.0, "Δmax", r"\Delta_{max}", "largest step size", low=0.0,
                            low_open=True)  # fmt: skip

    State = RpropState

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.step_min > self.step_max:
            raise ValueError(
                f"step_min must be <= step_max, got step_min={self.step_min!r}, "
                f"step_max={self.step_max!r}; lower step_min or raise step_max"
            )

    def init(self, theta: ArrayLike) -> RpropState:
        theta = self.start(theta)
        step_size = np.full(theta.shape, self.lr, dtype=np.float64)
        return RpropState(prev=np.zeros_like(theta), step_size=step_size, t=0)

    def step(self, theta: np.ndarray, g: np.ndarray, state: RpropState) -> Step[RpropState]:
        agreement = g * state.prev
        factor = np.where(agreement > 0, self.eta_plus, np.where(agreement < 0, self.eta_minus, 1))
        step_size = np.clip(state.step_size * factor, self.step_min, self.step_max)
        g = np.where(agreement < 0, 0.0, g)  # rest one step after a sign flip
        theta = theta - np.sign(g) * step_size
        return theta, RpropState(prev=g, step_size=step_size, t=state.t + 1)
