r"""Schedules: a hyperparameter that changes with the step number.

Each function here checks its arguments and returns a :class:`Schedule`, a callable
``t -> value`` for the 0-based step ``t`` (the optimizer's own counter). Pass it
wherever a learning rate is accepted::

    GD(lr=schedules.step_decay(0.1, drop=0.5, every=5, steps_per_epoch=10))

A schedule also accepts an integer array, which is how a notebook plots it:
``schedule(np.arange(1000))``.

Epoch-based schedules (the decays of the source notes, counted in epochs) take
``steps_per_epoch``: they use ``epoch = t // steps_per_epoch``, so with mini-batches
the rate changes once per pass over the data. With the default 1 they change every
step. Each docstring names the ``torch.optim.lr_scheduler`` class it matches when
that scheduler is stepped once per epoch (or per step for the per-step ones).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ._checks import (
    ArgumentTypeError,
    check_callable,
    check_nonnegative,
    check_number,
    check_positive,
    check_positive_int,
)


class Schedule:
    """A callable ``t -> value`` with a readable ``repr``.

    Parameters
    ----------
    formula : callable
        Maps an integer array of steps (all >= 0) to an array of values.
    description : str
        Shown by ``repr``, e.g. ``"step_decay(lr0=0.1, drop=0.5, every=5)"``.
    """

    def __init__(self, formula: Callable[[np.ndarray], Any], description: str):
        self._formula = check_callable("formula", formula, "a function of the step array")
        self.description = description

    def __call__(self, t: Any) -> Any:
        if type(t) is int and t >= 0:  # one step, as a run asks every step: nothing to check
            steps = np.array(t, dtype=np.int64)
        else:
            steps = np.asarray(t)
            whole = steps.dtype != bool and np.issubdtype(steps.dtype, np.integer)
            if not whole or np.any(steps < 0):
                raise ValueError(f"t must be a whole number >= 0 (the step count), got t={t!r}")
            steps = steps.astype(np.int64)
        values = np.asarray(self._formula(steps), dtype=np.float64)
        return float(values) if values.ndim == 0 else values

    def __repr__(self) -> str:
        return self.description


def _describe(name: str, **kwargs: Any) -> str:
    return f"{name}(" + ", ".join(f"{key}={value!r}" for key, value in kwargs.items()) + ")"


def _check_factor(name: str, value: Any) -> float:
    """A multiplier in (0, 1]: 0 would kill the rate at once, above 1 it grows."""
    value_f = check_number(name, value)
    if not 0.0 < value_f <= 1.0:
        raise ValueError(f"{name} must be in (0, 1], got {name}={value!r}")
    return value_f


def constant(lr: float) -> Schedule:
    r""":math:`\eta_t = \eta` for every step (``torch``: no scheduler)."""
    lr = check_nonnegative("lr", lr)
    return Schedule(lambda t: np.full(t.shape, lr), _describe("constant", lr=lr))


def step_decay(lr0: float, drop: float = 0.5, every: int = 5, steps_per_epoch: int = 1) -> Schedule:
    r"""Multiply the rate by ``drop`` every ``every`` epochs.

    .. math::

        \eta_t = \eta_0 \cdot \text{drop}^{\lfloor e / \text{every} \rfloor},
        \qquad e = \lfloor t / \text{steps\_per\_epoch} \rfloor

    The defaults are Khapra's "halve the learning rate every 5 epochs".
    Matches ``torch.optim.lr_scheduler.StepLR(step_size=every, gamma=drop)``.
    """
    lr0 = check_nonnegative("lr0", lr0)
    drop = _check_factor("drop", drop)
    every = check_positive_int("every", every)
    per_epoch = check_positive_int("steps_per_epoch", steps_per_epoch)
    return Schedule(
        lambda t: lr0 * drop ** ((t // per_epoch) // every),
        _describe("step_decay", lr0=lr0, drop=drop, every=every, steps_per_epoch=per_epoch),
    )


def exponential_decay(lr0: float, rate: float = 0.95, steps_per_epoch: int = 1) -> Schedule:
    r"""Shrink the rate by a constant factor every epoch.

    .. math::

        \eta_t = \eta_0 \cdot \text{rate}^{\,e}, \qquad
        e = \lfloor t / \text{steps\_per\_epoch} \rfloor

    The default ``rate=0.95`` is the pra-sami slides' :math:`0.95^{\text{epoch}}`. The form
    :math:`\eta_0 e^{-k e}` is the same schedule with :math:`\text{rate} = e^{-k}`.
    Matches ``torch.optim.lr_scheduler.ExponentialLR(gamma=rate)``.
    """
    lr0 = check_nonnegative("lr0", lr0)
    rate = _check_factor("rate", rate)
    per_epoch = check_positive_int("steps_per_epoch", steps_per_epoch)
    return Schedule(
        lambda t: lr0 * rate ** (t // per_epoch),
        _describe("exponential_decay", lr0=lr0, rate=rate, steps_per_epoch=per_epoch),
    )


def inverse_time_decay(lr0: float, decay: float, steps_per_epoch: int = 1) -> Schedule:
    r"""The 1/t decay of Khapra's notes and the pra-sami slides.

    .. math::

        \eta_t = \frac{\eta_0}{1 + \text{decay} \cdot e}, \qquad
        e = \lfloor t / \text{steps\_per\_epoch} \rfloor

    Equals ``torch.optim.lr_scheduler.LambdaLR(lambda e: 1 / (1 + decay * e))``.
    """
    lr0 = check_nonnegative("lr0", lr0)
    decay = check_nonnegative("decay", decay)
    per_epoch = check_positive_int("steps_per_epoch", steps_per_epoch)
    return Schedule(
        lambda t: lr0 / (1.0 + decay * (t // per_epoch)),
        _describe("inverse_time_decay", lr0=lr0, decay=decay, steps_per_epoch=per_epoch),
    )


def inverse_sqrt_decay(k: float, steps_per_epoch: int = 1) -> Schedule:
    r"""The pra-sami slides' :math:`k / \sqrt{\text{epoch}}` decay, counted from epoch 1.

    .. math::

        \eta_t = \frac{k}{\sqrt{e + 1}}, \qquad
        e = \lfloor t / \text{steps\_per\_epoch} \rfloor

    Our epochs start at 0, so the slides' :math:`\sqrt{\text{epoch}}` becomes
    :math:`\sqrt{e + 1}` (no division by zero in the first epoch; the first rate is
    ``k``). The slides also multiply by an initial rate :math:`\eta_0`; fold it
    into ``k``.
    """
    k = check_nonnegative("k", k)
    per_epoch = check_positive_int("steps_per_epoch", steps_per_epoch)
    return Schedule(
        lambda t: k / np.sqrt(t // per_epoch + 1.0),
        _describe("inverse_sqrt_decay", k=k, steps_per_epoch=per_epoch),
    )


def sutskever_momentum(gamma_max: float = 0.995, every: int = 250) -> Schedule:
    r"""Sutskever et al. (2013)'s schedule for the momentum :math:`\gamma`.

    .. math::

        \gamma_t = \min\left(1 - 2^{-1 - \log_2(\lfloor t / 250 \rfloor + 1)},
        \ \gamma_{\max}\right)

    The exponent simplifies to :math:`\gamma_t = 1 - \tfrac{1}{2(\lfloor t/250 \rfloor + 1)}`:
    0.5 for the first 250 steps, then 0.75, 0.8333, 0.875, ... creeping towards 1
    until capped at :math:`\gamma_{\max}` (the paper tried 0.999, 0.995, 0.99, 0.9
    and 0). ``every`` is the 250.
    """
    gamma_max = check_number("gamma_max", gamma_max)
    if not 0.0 <= gamma_max < 1.0:
        raise ValueError(f"gamma_max must be in [0, 1), got gamma_max={gamma_max!r}")
    every = check_positive_int("every", every)
    return Schedule(
        lambda t: np.minimum(1.0 - 2.0 ** (-1.0 - np.log2(t // every + 1.0)), gamma_max),
        _describe("sutskever_momentum", gamma_max=gamma_max, every=every),
    )


def linear_warmup(lr: float, warmup_steps: int, start_factor: float = 0.0) -> Schedule:
    r"""Ramp the rate linearly up to ``lr`` over ``warmup_steps`` steps, then hold it.

    .. math::

        \eta_t = \eta \left(s + (1 - s) \frac{\min(t, W)}{W}\right)

    with :math:`s` = ``start_factor`` and :math:`W` = ``warmup_steps``. Matches
    ``torch.optim.lr_scheduler.LinearLR(start_factor=s, total_iters=W)`` (whose default
    :math:`s` is 1/3; here 0, as ``optax.linear_schedule(0, lr, W)``, so the very first
    step has rate 0).
    """
    lr = check_nonnegative("lr", lr)
    warmup_steps = check_positive_int("warmup_steps", warmup_steps)
    s = check_number("start_factor", start_factor)
    if not 0.0 <= s <= 1.0:
        raise ValueError(f"start_factor must be in [0, 1], got start_factor={start_factor!r}")
    return Schedule(
        lambda t: lr * (s + (1.0 - s) * np.minimum(t, warmup_steps) / warmup_steps),
        _describe("linear_warmup", lr=lr, warmup_steps=warmup_steps, start_factor=s),
    )


def _cosine(lr_max, lr_min, fraction):
    """lr_max at fraction 0, lr_min at fraction 1, along half a cosine wave."""
    return lr_min + 0.5 * (lr_max - lr_min) * (1.0 + np.cos(np.pi * fraction))


def _check_range(lr_max: float, lr_min: float) -> tuple[float, float]:
    lr_max = check_nonnegative("lr_max", lr_max)
    lr_min = check_nonnegative("lr_min", lr_min)
    if lr_min > lr_max:
        raise ValueError(f"lr_min must be <= lr_max={lr_max!r}, got lr_min={lr_min!r}")
    return lr_max, lr_min


def cosine_annealing(lr_max: float, total_steps: int, lr_min: float = 0.0) -> Schedule:
    r"""Half a cosine from ``lr_max`` down to ``lr_min`` over ``total_steps`` steps.

    .. math::

        \eta_t = \eta_{\min} + \tfrac12 (\eta_{\max} - \eta_{\min})
                 \left(1 + \cos\frac{\pi \min(t, T)}{T}\right)

    Matches ``torch.optim.lr_scheduler.CosineAnnealingLR(T_max=T, eta_min=lr_min)`` for
    :math:`t \le T`; afterwards torch climbs back up, we hold :math:`\eta_{\min}`.
    """
    lr_max, lr_min = _check_range(lr_max, lr_min)
    total_steps = check_positive_int("total_steps", total_steps)
    return Schedule(
        lambda t: _cosine(lr_max, lr_min, np.minimum(t, total_steps) / total_steps),
        _describe("cosine_annealing", lr_max=lr_max, total_steps=total_steps, lr_min=lr_min),
    )


def cosine_with_restarts(
    lr_max: float, period: int, lr_min: float = 0.0, mult: int = 1
) -> Schedule:
    r"""SGDR (Loshchilov & Hutter): cosine annealing restarted every cycle.

    .. math::

        \eta_t = \eta_{\min} + \tfrac12 (\eta_{\max} - \eta_{\min})
                 \left(1 + \cos\frac{\pi\, T_{cur}}{T_i}\right)

    where :math:`T_{cur}` counts steps since the last restart and the cycles have
    lengths :math:`T_0, T_0 m, T_0 m^2, \dots` (:math:`T_0` = ``period``,
    :math:`m` = ``mult``, a whole number >= 1). At each restart the rate jumps back
    to ``lr_max``. Matches ``torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(
    T_0=period, T_mult=mult, eta_min=lr_min)``.
    """
    lr_max, lr_min = _check_range(lr_max, lr_min)
    period = check_positive_int("period", period)
    mult = check_positive_int("mult", mult)

    def formula(t):
        if mult == 1:
            return _cosine(lr_max, lr_min, (t % period) / period)
        # Peel off whole cycles; cycle lengths grow geometrically, so this loops
        # only about log_mult(t / period) times.
        t_cur = np.array(t, dtype=np.int64, copy=True)
        cycle = np.full(t_cur.shape, period, dtype=np.int64)
        finished = t_cur >= cycle
        while np.any(finished):
            t_cur[finished] -= cycle[finished]
            cycle[finished] *= mult
            finished = t_cur >= cycle
        return _cosine(lr_max, lr_min, t_cur / cycle)

    return Schedule(
        formula,
        _describe("cosine_with_restarts", lr_max=lr_max, period=period, lr_min=lr_min, mult=mult),
    )


def one_cycle(
    lr_max: float,
    total_steps: int,
    pct_start: float = 0.3,
    div_factor: float = 25.0,
    final_div_factor: float = 1e4,
) -> Schedule:
    r"""The 1cycle policy (Smith & Topin), with cosine warm-up and cool-down.

    The rate rises from :math:`\eta_0 = \eta_{\max} / \text{div\_factor}` to
    :math:`\eta_{\max}` over the first ``pct_start`` of the run, then falls to
    :math:`\eta_0 / \text{final\_div\_factor}`; both legs are half cosines
    :math:`a(p) = \text{end} + \tfrac12(\text{start} - \text{end})(1 + \cos \pi p)`.
    With :math:`T` = ``total_steps`` and the peak at step
    :math:`t_{peak} = \text{pct\_start} \cdot T - 1`:

    .. math::

        \eta_t = \begin{cases}
            a\!\left(t / t_{peak}\right) \text{ from } \eta_0 \text{ to } \eta_{\max},
                & t \le t_{peak} \\
            a\!\left(\frac{t - t_{peak}}{T - 1 - t_{peak}}\right)
                \text{ from } \eta_{\max} \text{ to } \eta_0 / \text{final\_div\_factor},
                & t > t_{peak}
        \end{cases}

    This is exactly ``torch.optim.lr_scheduler.OneCycleLR(max_lr, total_steps,
    pct_start, anneal_strategy="cos", div_factor, final_div_factor,
    three_phase=False)`` for steps ``0 .. T-1`` (the ``- 1`` in :math:`t_{peak}` is
    torch's). Torch refuses to go on past the end; we hold the final rate. Torch also
    cycles the momentum inversely; here that would be a second schedule.
    """
    lr_max = check_nonnegative("lr_max", lr_max)
    total_steps = check_positive_int("total_steps", total_steps)
    pct_start = check_number("pct_start", pct_start)
    if not 0.0 < pct_start < 1.0:
        raise ValueError(f"pct_start must be in (0, 1), got pct_start={pct_start!r}")
    peak = pct_start * total_steps - 1.0
    if peak <= 0.0 or peak >= total_steps - 1:
        raise ValueError(
            "pct_start * total_steps - 1 (the step of the peak) must lie strictly between 0 "
            f"and total_steps - 1, got pct_start={pct_start!r}, total_steps={total_steps!r}"
        )
    div_factor = check_positive("div_factor", div_factor)
    final_div_factor = check_positive("final_div_factor", final_div_factor)
    lr_start = lr_max / div_factor
    lr_end = lr_start / final_div_factor
    last = total_steps - 1

    def formula(t):
        t = np.minimum(t, last).astype(np.float64)
        warming = t <= peak
        up = _cosine(lr_start, lr_max, t / peak)  # _cosine(a, b, p) goes a -> b
        down = _cosine(lr_max, lr_end, (t - peak) / (last - peak))
        return np.where(warming, up, down)

    return Schedule(
        formula,
        _describe(
            "one_cycle",
            lr_max=lr_max,
            total_steps=total_steps,
            pct_start=pct_start,
            div_factor=div_factor,
            final_div_factor=final_div_factor,
        ),
    )


def sequential(schedules: Sequence[Callable], milestones: Sequence[int]) -> Schedule:
    """Use ``schedules[0]`` until ``milestones[0]``, then ``schedules[1]``, and so on.

    Each schedule restarts its own count at its milestone: at step ``t`` in the
    ``k``-th stretch the value is ``schedules[k](t - milestones[k-1])``, as
    ``torch.optim.lr_scheduler.SequentialLR`` does.

    Parameters
    ----------
    schedules : sequence of callable
        Each ``t -> value``; one more than there are milestones.
    milestones : sequence of int
        Strictly increasing steps >= 1 at which to switch.
    """
    for name, value in (("schedules", schedules), ("milestones", milestones)):
        if not isinstance(value, (list, tuple)):
            raise ArgumentTypeError(f"{name} must be a list, got {name}={value!r}")
    schedules = list(schedules)
    milestones = [check_positive_int("milestones", m) for m in milestones]
    if len(schedules) != len(milestones) + 1:
        raise ValueError(
            f"schedules must have one more entry than milestones, got {len(schedules)} "
            f"schedules and milestones={milestones!r}"
        )
    if any(not callable(s) for s in schedules):
        raise ValueError(f"schedules must all be callables t -> value, got schedules={schedules!r}")
    if any(b <= a for a, b in zip(milestones[:-1], milestones[1:], strict=True)):
        raise ValueError(f"milestones must be strictly increasing, got milestones={milestones!r}")
    starts = [0, *milestones]

    def formula(t):
        values = np.empty(t.shape, dtype=np.float64)
        for k, (schedule, start) in enumerate(zip(schedules, starts, strict=True)):
            end = starts[k + 1] if k + 1 < len(starts) else None
            here = (t >= start) if end is None else ((t >= start) & (t < end))
            if np.any(here):
                values[here] = np.asarray([float(schedule(int(step) - start)) for step in t[here]])
        return values

    return Schedule(formula, f"sequential({schedules!r}, milestones={milestones!r})")


def warmup_then(schedule, warmup_steps, start_factor=0.0) -> Schedule:
    r"""Linear warm-up to ``schedule(0)`` over ``warmup_steps`` steps, then ``schedule``.

    .. math::

        \eta_t = \begin{cases}
            \eta^{s}_0 \left(s + (1 - s)\, t / W\right), & t < W \\
            \eta^{s}_{t - W}, & t \ge W
        \end{cases}

    where :math:`\eta^s` is the wrapped schedule (it starts its own count after the
    warm-up). The same as ``SequentialLR([LinearLR(...), other], milestones=[W])``.
    """
    if not callable(schedule):
        raise ValueError(f"schedule must be a callable t -> value, got schedule={schedule!r}")
    warmup = linear_warmup(float(schedule(0)), warmup_steps, start_factor)
    return sequential([warmup, schedule], [warmup_steps])


__all__ = [
    "Schedule",
    "constant",
    "step_decay",
    "exponential_decay",
    "inverse_time_decay",
    "inverse_sqrt_decay",
    "sutskever_momentum",
    "linear_warmup",
    "cosine_annealing",
    "cosine_with_restarts",
    "one_cycle",
    "sequential",
    "warmup_then",
]
