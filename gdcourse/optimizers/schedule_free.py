"""Schedule-free SGD and AdamW: no learning-rate schedule, an average of the iterates instead."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from ._spec import (
    GradFn,
    Optimizer,
    Schedule,
    Step,
    beta2_field,
    eps_field,
    hyper,
    lr_field,
    weight_decay_field,
)


def warmup_steps_field() -> Any:
    """T_warmup: a whole number of warm-up steps >= 0 (0: no warm-up)."""
    return hyper(0, "T_warmup", r"T_{warmup}", "steps of linear warm-up (0: none)",
                 kind="whole", low=0)  # fmt: skip


def r_field() -> Any:
    """r >= 0: later iterates weigh (t+1)^r more in the average."""
    return hyper(0.0, "r", "r", "weight (t+1)^r of later iterates in the average", low=0.0)


def weight_lr_power_field() -> Any:
    """p >= 0: iterates are weighted by γ_max^p too."""
    return hyper(2.0, "p", "p", "weight γ_max^p of an iterate in the average", low=0.0)


def averaging_weight(
    optimizer: ScheduleFree, state: ScheduleFreeSGDState | ScheduleFreeAdamWState
) -> tuple[float, float, float, float]:
    r"""This step's learning rate :math:`\gamma_t`, the running maximum
    :math:`\gamma_{max}`, the weight sum and the averaging weight :math:`c_{t+1}`.

    :math:`\gamma_t = \gamma \min(1, (t+1)/T_{warmup})`,
    :math:`w_t = (t+1)^r \gamma_{max}^{p}`, :math:`c_{t+1} = w_t / \sum_{i \le t} w_i`
    (0-based :math:`t`; :math:`c = 0` while every weight is 0).
    """
    t, warmup_steps = state.t, optimizer.warmup_steps
    lr_t = optimizer.at("lr", t)
    if t < warmup_steps:
        lr_t = lr_t * (t + 1) / warmup_steps
    lr_max = max(lr_t, state.lr_max)
    weight = (t + 1) ** optimizer.r * lr_max**optimizer.weight_lr_power
    weight_sum = state.weight_sum + weight
    c = weight / weight_sum if weight_sum != 0 else 0.0
    return lr_t, lr_max, weight_sum, c


class ScheduleFreeSGDState(NamedTuple):
    r"""``z``: the SGD sequence :math:`z_t`; ``y``: the point where the last gradient
    was taken (:math:`\theta` itself before the first step); ``weight_sum``:
    :math:`\sum_i w_i`; ``lr_max``: the largest learning rate so far; ``t``: steps taken.
    The average :math:`x_t` is ``theta`` itself."""

    z: np.ndarray
    y: np.ndarray
    weight_sum: float
    lr_max: float
    t: int


class ScheduleFree(Optimizer):
    r"""The schedule-free method of Defazio et al. (2024) around a base step, written once
    for :class:`~gdcourse.optimizers.ScheduleFreeSGD` (whose base step it is) and
    :class:`~gdcourse.optimizers.ScheduleFreeAdamW` (which divides it by Adam's root).

    .. math::

        y_t = (1 - \beta)\, z_t + \beta\, x_t, \qquad
        z_{t+1} = z_t - \gamma_t u_t, \qquad
        x_{t+1} = (1 - c_{t+1})\, x_t + c_{t+1} z_{t+1} ,

    with :math:`u_t` the base step's direction from :math:`\nabla L(y_t)`
    (``direction``) and :math:`\gamma_t, c_{t+1}` from :func:`averaging_weight`.
    """

    #: The name of :math:`\beta`, the hyperparameter that puts :math:`y` between
    #: :math:`z` and :math:`x`.
    interpolation: ClassVar[str] = "beta"

    # Declared by each subclass (every schedule-free method has them).
    weight_decay: float
    warmup_steps: int
    r: float
    weight_lr_power: float

    def init(self, theta: ArrayLike) -> Any:
        # z_0 = y_0 = x_0 = theta; any other array (AdamW's v) and both sums start at 0.
        theta = self.start(theta)
        zeros = {
            name: np.zeros_like(theta)
            for name in self.State._fields
            if name not in ScheduleFreeSGDState._fields
        }
        return self.State(z=theta.copy(), y=theta.copy(), **zeros, weight_sum=0.0, lr_max=0.0, t=0)

    def update(self, theta: np.ndarray, state: Any, grad_fn: GradFn) -> Step[Any]:
        x = self.check_inputs(theta, state, grad_fn)
        lr_t, lr_max, weight_sum, c = averaging_weight(self, state)
        beta = getattr(self, self.interpolation)
        y = (1 - beta) * state.z + beta * x
        g = self.gradient(grad_fn, y, state.t)
        u, more = self.direction(g, y, state)
        z = state.z - lr_t * u
        x = (1 - c) * x + c * z
        t = state.t + 1
        return x, self.State(z=z, y=y, **more, weight_sum=weight_sum, lr_max=lr_max, t=t)

    def direction(
        self, g: np.ndarray, y: np.ndarray, state: Any
    ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        # SGD's: the gradient plus the L2 term, both at y; no state of its own.
        if self.weight_decay:
            g = g + self.weight_decay * y
        return g, {}


@dataclass(frozen=True, eq=False)
class ScheduleFreeSGD(ScheduleFree):
    r"""Schedule-free SGD (Defazio et al., 2024, "The Road Less Scheduled").

    Three sequences: :math:`z` takes plain SGD steps, :math:`x` (``theta``, the point
    one evaluates) is a weighted average of the :math:`z`'s, and the gradient is taken
    at :math:`y`, between the two:

    .. math::

        y_t &= (1 - \beta)\, z_t + \beta\, x_t \\
        z_{t+1} &= z_t - \gamma_t \left(\nabla L(y_t) + \lambda y_t\right) \\
        x_{t+1} &= (1 - c_{t+1})\, x_t + c_{t+1} z_{t+1} ,

    starting from :math:`z_0 = x_0 = \theta_0`, with
    :math:`c_{t+1} = w_t / \sum_{i \le t} w_i` and
    :math:`w_t = (t+1)^r \gamma_{max,t}^p`. With constant :math:`\gamma` and
    :math:`r = 0`, :math:`x_t` is the plain mean of :math:`z_1, \dots, z_t`. With
    :math:`\beta = 0` it is Polyak averaging of SGD; as :math:`\beta \to 1` it becomes
    primal averaging, which behaves like momentum.

    Parameters
    ----------
    lr : float or callable
        :math:`\gamma` (>= 0). No schedule is needed (that is the point), but one may
        be given as ``t -> gamma_t``.
    beta : float
        :math:`\beta` in [0, 1), the interpolation between :math:`z` and :math:`x` (the
        reference implementation's ``momentum``).
    weight_decay : float
        :math:`\lambda` (>= 0), an L2 term evaluated at :math:`y`.
    warmup_steps : int
        :math:`T_{warmup}` (whole number >= 0): the learning rate rises linearly over
        these first steps. 0 means no warm-up.
    r : float
        :math:`r` (>= 0): later iterates weigh :math:`(t+1)^r` more in the average.
    weight_lr_power : float
        :math:`p` (>= 0): iterates are also weighted by :math:`\gamma_{max}^p`, so the
        small steps of the warm-up count little.

    Notes
    -----
    Defaults ``lr=1.0, beta=0.9, weight_decay=0, warmup_steps=0, r=0, weight_lr_power=2``
    are those of the authors' ``SGDScheduleFree`` (facebookresearch/schedule_free),
    which stores :math:`y` in the model and recovers :math:`x` for evaluation; here
    ``theta`` is :math:`x` and ``grad_fn`` is called at :math:`y`. There is no
    torch.optim counterpart.
    """

    lr: float | Schedule = lr_field(1.0)
    beta: float = hyper(0.9, "β", r"\beta", "interpolation between z and x", low=0.0,
                        high=1.0, high_open=True, in_label=True)  # fmt: skip
    weight_decay: float = weight_decay_field(0.0, meaning="L2 penalty, taken at y")
    warmup_steps: int = warmup_steps_field()
    r: float = r_field()
    weight_lr_power: float = weight_lr_power_field()

    State = ScheduleFreeSGDState


class ScheduleFreeAdamWState(NamedTuple):
    """As :class:`~gdcourse.optimizers.ScheduleFreeSGDState`, plus ``v``: the moving
    average of squared gradients."""

    z: np.ndarray
    y: np.ndarray
    v: np.ndarray
    weight_sum: float
    lr_max: float
    t: int


@dataclass(frozen=True, eq=False)
class ScheduleFreeAdamW(ScheduleFree):
    r"""Schedule-free AdamW (Defazio et al., 2024, "The Road Less Scheduled").

    Schedule-free SGD whose :math:`z` step is divided by Adam's bias-corrected root
    second moment:

    .. math::

        y_t &= (1 - \beta_1)\, z_t + \beta_1 x_t \\
        v_t &= \beta_2 v_{t-1} + (1 - \beta_2)\, (\nabla L(y_t))^2 \\
        z_{t+1} &= z_t - \gamma_t \left(\frac{\nabla L(y_t)}
            {\sqrt{v_t / (1 - \beta_2^{t+1})} + \epsilon} + \lambda y_t\right) \\
        x_{t+1} &= (1 - c_{t+1})\, x_t + c_{t+1} z_{t+1} ,

    with :math:`c_{t+1}` as in :class:`~gdcourse.optimizers.ScheduleFreeSGD` and 0-based
    :math:`t`. There is no first moment: :math:`\beta_1` is the interpolation between
    :math:`z` and :math:`x`, which plays momentum's part.

    Parameters
    ----------
    lr : float or callable
        :math:`\gamma` (>= 0), or a schedule ``t -> gamma_t``.
    beta1 : float
        :math:`\beta_1` in [0, 1), the interpolation.
    beta2 : float
        :math:`\beta_2` in [0, 1), the decay of :math:`v`.
    eps : float
        :math:`\epsilon` (> 0), outside the root.
    weight_decay : float
        :math:`\lambda` (>= 0), decoupled (not divided by the root), evaluated at :math:`y`.
    warmup_steps, r, weight_lr_power : int, float, float
        :math:`T_{warmup}, r, p`: the warm-up of :math:`\gamma_t` and the weights
        :math:`w_t = (t+1)^r \gamma_{max}^p` of the average, as in
        :class:`~gdcourse.optimizers.ScheduleFreeSGD`.

    Notes
    -----
    Defaults ``lr=0.0025, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0,
    warmup_steps=0, r=0, weight_lr_power=2`` are those of the authors'
    ``AdamWScheduleFree``. Like the authors' code (and unlike the paper's Algorithm 1,
    which folds :math:`\sqrt{1-\beta_2^t}` into :math:`\gamma_t`), the bias correction
    sits under the root, and the averaging weights use :math:`\gamma_{max}` without it.
    There is no torch.optim counterpart.
    """

    lr: float | Schedule = lr_field(0.0025)
    beta1: float = hyper(0.9, "β₁", r"\beta_1", "interpolation between z and x", low=0.0,
                         high=1.0, high_open=True, in_label=True)  # fmt: skip
    beta2: float = beta2_field()
    eps: float = eps_field(1e-8)
    weight_decay: float = weight_decay_field(0.0, meaning="decoupled weight decay, taken at y")
    warmup_steps: int = warmup_steps_field()
    r: float = r_field()
    weight_lr_power: float = weight_lr_power_field()

    State = ScheduleFreeAdamWState
    interpolation = "beta1"

    def direction(
        self, g: np.ndarray, y: np.ndarray, state: ScheduleFreeAdamWState
    ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        # Adam's root (bias-corrected under the root, as the authors' code), then the decay.
        beta2 = self.beta2
        v = beta2 * state.v + (1 - beta2) * g**2
        u = g / (np.sqrt(v / (1 - beta2 ** (state.t + 1))) + self.eps)
        if self.weight_decay:
            u = u + self.weight_decay * y  # decoupled: not divided by the root
        return u, {"v": v}
