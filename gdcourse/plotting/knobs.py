"""Optimizers by name and the range of each hyperparameter's slider.

Shared by the static figures (:mod:`gdcourse.plotting.figures`), the scrubbable
figures (:mod:`gdcourse.plotting.scrubber`) and the live widgets (:mod:`gdcourse.widgets`),
so that all three build the same optimizer from the same values and refuse the same
out-of-range values. Needs neither matplotlib nor ipywidgets.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from .. import optimizers as optimizer_module
from .._checks import check_number
from .surfaces import problem_bounds


@dataclass(frozen=True)
class SliderSpec:
    """How a hyperparameter is shown: its symbol, its range and whether the scale is log.

    Attributes
    ----------
    symbol : str
        The course's symbol, e.g. ``"η"``.
    low, high : float
        The slider's ends (both allowed).
    default : float
        The value a widget starts at when none is given.
    log : bool
        Move in powers of ten (learning rates, epsilons span decades).
    step : float or None
        A linear slider's resolution; None: ``10 ** -decimals``.
    """

    symbol: str
    low: float
    high: float
    default: float
    log: bool = False
    step: float | None = None

    @property
    def decimals(self) -> int:
        """Decimals a linear slider shows: enough to write its ends and step (at least 2)."""
        found = 2
        for end in (self.low, self.high, self.step or 0.0):
            text = f"{end:.6f}".rstrip("0")
            found = max(found, len(text.split(".")[1]) if "." in text else 0)
        return found

    def check(self, name: str, value: Any) -> float:
        """``value`` as a float, or a ``ValueError`` naming it and the slider's range."""
        number = check_number(name, value)
        if not self.low <= number <= self.high:
            raise ValueError(
                f"{name}={value!r} is outside the {self.symbol} slider's range "
                f"[{self.low:g}, {self.high:g}]; pick a value in that range"
            )
        return number


def slider_specs(cls: type) -> dict[str, SliderSpec]:
    """The sliders of optimizer class ``cls``, by constructor argument, in its order.

    Read from the class's one declaration of its hyperparameters
    (``cls.hyperparameters()``, each with a ``slider`` or None).
    """
    specs = {}
    for hyper in cls.hyperparameters():  # type: ignore[attr-defined]
        slider = getattr(hyper, "slider", None)
        if slider is not None and isinstance(hyper.default, (int, float)):
            step = getattr(slider, "step", None)
            specs[hyper.name] = SliderSpec(
                hyper.symbol, float(slider.low), float(slider.high), float(hyper.default),
                log=bool(slider.log), step=None if step is None else float(step),
            )  # fmt: skip
    return specs


def available_optimizers() -> list[str]:
    """Names of the optimizers a widget can run on a flat parameter vector, in course
    order (``gdcourse.optimizers.REGISTRY``; Muon, which needs weight matrices, is left out).
    """
    return [
        name
        for name, cls in optimizer_module.REGISTRY.items()
        if not getattr(cls, "needs_matrix", False)
    ]


def optimizer_class(name: str) -> type:
    """The optimizer class called ``name``, or a ``ValueError`` listing the known ones."""
    known = available_optimizers()
    if not isinstance(name, str) or name not in known:
        raise ValueError(f"optimizer must be one of {known}, got optimizer={name!r}")
    return optimizer_module.REGISTRY[name]


def hyperparameters(name: str) -> dict[str, float]:
    """The slider hyperparameters of optimizer ``name``, with their defaults.

    >>> hyperparameters("GD")
    {'lr': 0.001}
    """
    return {key: spec.default for key, spec in slider_specs(optimizer_class(name)).items()}


def make_optimizer(name: str, problem: Any = None, **values: Any) -> Any:
    """Build the optimizer ``name`` with the given hyperparameters.

    Parameters
    ----------
    name : str
        A name of :func:`available_optimizers`, e.g. ``"Momentum"``.
    problem : Problem, optional
        Gives ``loss_fn=problem.loss`` to optimizers that need the loss (line search).
    **values
        Hyperparameters; names the constructor does not take are refused.
    """
    cls = optimizer_class(name)
    accepted = inspect.signature(cls.__init__).parameters  # type: ignore[misc]
    unknown = sorted(set(values) - set(accepted))
    if unknown:
        known = sorted(key for key in accepted if key != "self")
        raise ValueError(f"{name} takes {known}, got unknown hyperparameters {unknown}")
    if "loss_fn" in accepted and "loss_fn" not in values:
        if problem is None:
            raise ValueError(f"{name} needs the loss: pass problem=... or loss_fn=...")
        values["loss_fn"] = problem.loss
    return cls(**values)


def check_slider_values(name: str, values: Mapping[str, Any]) -> dict[str, float]:
    """``values`` checked against the sliders of optimizer ``name`` (none clipped).

    Raises ``ValueError`` for a hyperparameter without a slider (listing those that have
    one) or a value outside its slider's range (naming the value and the range).
    """
    specs = slider_specs(optimizer_class(name))
    unknown = sorted(set(values) - set(specs))
    if unknown:
        raise ValueError(f"{name} has sliders for {sorted(specs)}, got {unknown}")
    return {key: specs[key].check(key, value) for key, value in values.items()}


def start_point(problem: Any, start: Any = None) -> np.ndarray:
    """``start``, else ``problem.start``, else a third of the way in from the lower-left corner.

    For the toy neuron's window (-6, 6) x (-6, 6) the last rule gives Khapra's
    start (-2, -2).
    """
    if start is None:
        start = getattr(problem, "start", None)
    if start is None:
        (x_lo, x_hi), (y_lo, y_hi) = problem_bounds(problem)
        start = (x_lo + (x_hi - x_lo) / 3, y_lo + (y_hi - y_lo) / 3)
    try:
        point = np.asarray(start, dtype=np.float64)
    except (TypeError, ValueError):
        point = np.array([math.nan])
    if point.shape != (2,) or not np.all(np.isfinite(point)):
        raise ValueError(f"start must be two finite numbers, got start={start!r}")
    return point


def resolve_optimizer(optimizer: Any, problem: Any, lr: float | None = None) -> Any:
    """An optimizer instance from a name (with ``lr`` when given) or an instance as is."""
    if isinstance(optimizer, str):
        has_lr = "lr" in hyperparameters(optimizer)
        values = {"lr": lr} if lr is not None and has_lr else {}
        return make_optimizer(optimizer, problem, **values)
    if isinstance(optimizer, type) or not (
        hasattr(optimizer, "init") and hasattr(optimizer, "update")
    ):
        raise ValueError(
            f"optimizer must be a name such as 'GD' or an optimizer instance such as GD(lr=0.1), "
            f"got optimizer={optimizer!r}"
        )
    return optimizer
