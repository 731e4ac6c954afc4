"""One declaration per hyperparameter: the optimizer spec.

Every optimizer is a frozen dataclass whose fields are declared with ``hyper``::

    rho: float = hyper(0.9, "ρ", r"\\rho", "decay of both averages", low=0.0, high=1.0,
                       high_open=True, slider=Slider(0.0, 0.999, step=0.001), in_label=True)

That one line is read by everything that needs to know about ``rho``: the constructor's
validation (:meth:`Hyperparameter.check`), ``repr``, plot labels
(:func:`gdcourse.plotting.label_for`), the widgets' sliders and the table on the
notation page. :meth:`Optimizer.hyperparameters` hands the declarations out. ``lr``,
``eps``, ``beta1`` and ``beta2``, shared by many optimizers, are declared once by
:func:`lr_field` and its neighbours.

The checks of what reaches ``init`` and ``update`` (parameters, gradient, state) live
here too, so that every optimizer refuses bad input with the same words.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from typing import Any, ClassVar, Literal, TypeVar

import numpy as np
from numpy.typing import ArrayLike

from .._checks import all_finite, as_real_array

#: A hyperparameter that changes with the step: ``t -> value`` (``t`` counts from 0).
Schedule = Callable[[int], float]

#: The gradient function an update calls: ``theta -> gradient`` (same shape as theta).
GradFn = Callable[[np.ndarray], ArrayLike]

StateT = TypeVar("StateT")

#: What ``update`` and ``step`` return: the parameters after one step, and the new state.
Step = tuple[np.ndarray, StateT]

Kind = Literal["number", "whole", "flag", "function", "numbers", "choice"]


@dataclasses.dataclass(frozen=True)
class Slider:
    """How a widget shows a hyperparameter: from ``low`` to ``high``, on a log scale or not.

    ``step`` is the slider's resolution (None: let the widget choose).
    """

    low: float
    high: float
    log: bool = False
    step: float | None = None


@dataclasses.dataclass(frozen=True)
class Hyperparameter:
    """What a constructor argument is, where it may lie and how it is shown.

    Attributes
    ----------
    name : str
        The constructor argument, e.g. ``"lr"``.
    symbol : str
        Plain-text symbol for labels and sliders, e.g. ``"η"``.
    latex : str
        The symbol in LaTeX for the notation page, e.g. ``r"\\eta"``.
    meaning : str
        A short phrase, e.g. ``"learning rate"``.
    default : object
        The constructor's default (``dataclasses.MISSING`` when it has none).
    kind : str
        ``"number"``, ``"whole"`` (a whole number, e.g. a count of steps), ``"flag"``
        (True/False), ``"function"``, ``"numbers"`` (a non-empty sequence of numbers,
        each in the range) or ``"choice"`` (one of ``choices``, e.g. a method's name).
    low, high : float or None
        The valid range of a number (None: unbounded on that side).
    low_open, high_open : bool
        Whether ``low`` / ``high`` themselves are excluded.
    schedulable : bool
        Whether the value may be a schedule, a callable ``t -> value``.
    slider : Slider or None
        How a widget shows it; None for hyperparameters that get no slider.
    in_label : bool
        Whether plot labels show it (:func:`gdcourse.plotting.label_for`);
        ``eps`` and the switches are left out, they rarely change a picture.
    optional : bool
        Whether ``None`` is accepted too (its meaning is said in ``meaning``, e.g.
        Adafactor's ``eps1=None``: the machine epsilon).
    choices : tuple
        The allowed values of a ``"choice"`` (compared by type and value, so ``1`` is
        not ``True``).
    size : int or None
        The required length of ``"numbers"`` (None: any length >= 1).
    """

    name: str
    symbol: str
    latex: str
    meaning: str
    default: Any = dataclasses.MISSING
    kind: Kind = "number"
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    schedulable: bool = False
    slider: Slider | None = None
    in_label: bool = False
    optional: bool = False
    choices: tuple[Any, ...] = ()
    size: int | None = None

    def range_text(self) -> str:
        """The valid values in words: ``"in [0, 1)"``, ``"> 0"``, ``"True or False"``."""
        if self.optional:
            plain = dataclasses.replace(self, optional=False).range_text()
            return f"None or {plain}"
        if self.kind == "choice":
            return "one of " + ", ".join(map(repr, self.choices))
        if self.kind == "whole":
            number = dataclasses.replace(self, kind="number").range_text()
            return "a whole number" + ("" if number == "any finite number" else f" {number}")
        if self.kind == "flag":
            return "True or False"
        if self.kind == "function":
            return "a callable"
        if self.kind == "numbers":
            each = dataclasses.replace(self, kind="number").range_text()
            if self.size is not None:
                each = "" if each == "any finite number" else f", each {each}"
                return f"{self.size} finite numbers{each}"
            return f"a non-empty sequence of finite numbers, each {each}"
        if self.low is not None and self.high is not None:
            left, right = "(" if self.low_open else "[", ")" if self.high_open else "]"
            return f"in {left}{self.low:g}, {self.high:g}{right}"
        if self.low is not None:
            return f"{'>' if self.low_open else '>='} {self.low:g}"
        if self.high is not None:
            return f"{'<' if self.high_open else '<='} {self.high:g}"
        return "any finite number"

    def _advice(self) -> str:
        example = (
            "" if self.default is dataclasses.MISSING else f", e.g. the default {self.default!r}"
        )
        if self.kind in ("numbers", "choice", "whole") or self.optional:
            return f"pass {self.range_text()}{example}"
        schedule = " or a schedule t -> value" if self.schedulable else ""
        return f"pass a number {self.range_text()}{schedule}{example}"

    def _refuse(
        self, value: object, problem: str, advice: str | None = None, label: str = ""
    ) -> ValueError:
        label = label or self.name
        return ValueError(
            f"{label} ({self.meaning}) {problem}, got {label}={value!r}; {advice or self._advice()}"
        )

    def in_range(self, number: float) -> bool:
        """Whether a finite ``number`` lies in the valid range."""
        if self.low is not None and (number < self.low or (self.low_open and number == self.low)):
            return False
        return not (
            self.high is not None
            and (number > self.high or (self.high_open and number == self.high))
        )

    def _number(self, value: object, label: str) -> float:
        if isinstance(value, np.ndarray) and value.ndim == 0:
            value = value.item()  # a schedule may compute with numpy
        if isinstance(value, (bool, np.bool_)) or not isinstance(
            value, (int, float, np.integer, np.floating)
        ):
            raise self._refuse(value, f"must be a number, not {type(value).__name__}", label=label)
        number = float(value)
        if not math.isfinite(number):
            raise self._refuse(value, "must be finite", label=label)
        if not self.in_range(number):
            raise self._refuse(value, f"must be {self.range_text()}", label=label)
        return number

    def check(self, value: object) -> Any:
        """``value`` validated (numbers as ``float``), or a ValueError saying what to do."""
        if self.optional and value is None:
            return None
        if self.kind == "choice":
            if isinstance(value, np.bool_):
                value = bool(value)
            for choice in self.choices:
                if value is choice or (type(value) is type(choice) and value == choice):
                    return choice
            raise self._refuse(value, f"must be {self.range_text()}")
        if self.kind == "whole":
            whole = isinstance(value, (int, np.integer)) and not isinstance(value, bool)
            if not whole:
                raise self._refuse(value, f"must be {self.range_text()}")
            return int(self._number(value, self.name))
        if self.kind == "flag":
            if not isinstance(value, (bool, np.bool_)):
                raise self._refuse(value, "must be True or False", "pass True or False")
            return bool(value)
        if self.kind == "function":
            if not callable(value):
                raise self._refuse(
                    value, "must be a callable", "pass a function, e.g. problem.loss"
                )
            return value
        if self.kind == "numbers":
            if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
                raise self._refuse(value, "must be a sequence of numbers")
            numbers = tuple(value)  # type: ignore[call-overload]
            if not numbers:
                raise self._refuse(value, "must not be empty")
            if self.size is not None and len(numbers) != self.size:
                raise self._refuse(value, f"must be {self.range_text()}, not {len(numbers)}")
            try:
                return tuple(self._number(number, self.name) for number in numbers)
            except ValueError:
                raise self._refuse(value, f"must be {self.range_text()}") from None
        if callable(value):
            if not self.schedulable:
                raise self._refuse(
                    value, "cannot be a schedule here", f"pass one number {self.range_text()}"
                )
            if isinstance(value, type):
                raise self._refuse(value, "is a class, not a schedule t -> value")
            return value
        return self._number(value, self.name)

    def at(self, value: Any, t: int) -> float:
        """The value for step ``t`` (0-based): ``value`` itself, or ``value(t)`` checked."""
        if not callable(value):
            return value
        return self._number(value(t), f"{self.name}({t})")


def hyper(
    default: Any = dataclasses.MISSING,
    symbol: str = "",
    latex: str = "",
    meaning: str = "",
    *,
    kind: Kind = "number",
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
    schedulable: bool = False,
    slider: Slider | None = None,
    in_label: bool = False,
    optional: bool = False,
    choices: tuple[Any, ...] = (),
    size: int | None = None,
) -> Any:
    """Declare a dataclass field as a hyperparameter (the name comes from the field)."""
    spec = Hyperparameter(
        "",
        symbol,
        latex,
        meaning,
        default,
        kind,
        low,
        high,
        low_open,
        high_open,
        schedulable,
        slider,
        in_label,
        optional,
        choices,
        size,
    )
    return dataclasses.field(default=default, metadata={"hyperparameter": spec})


def setting(default: Any, check: Callable[[str, Any], Any]) -> Any:
    """Declare a constructor argument that is *not* a hyperparameter: how the parameters
    are laid out (Muon's and Adafactor's ``shapes``), not a knob of the method.

    It gets no symbol, slider, plot label or notation row, and is left out of
    :meth:`Optimizer.hyperparameters`; ``check(name, value)`` validates it in
    ``__post_init__`` (returning the value to store).
    """
    return dataclasses.field(default=default, metadata={"setting": check})


# Declarations shared by many optimizers (each call makes a fresh field).
def lr_field(default: float, meaning: str = "learning rate", schedulable: bool = True) -> Any:
    """η: a number >= 0, or a schedule unless ``schedulable=False``."""
    slider = Slider(1e-4, 10.0, log=True)
    return hyper(default, "η", r"\eta", meaning, low=0.0, schedulable=schedulable,
                 slider=slider, in_label=True)  # fmt: skip


def eps_field(default: float) -> Any:
    """ε > 0, keeps a division finite."""
    slider = Slider(1e-10, 1e-1, log=True)
    return hyper(default, "ε", r"\epsilon", "keeps the division finite", low=0.0, low_open=True,
                 slider=slider)  # fmt: skip


def beta1_field(default: float = 0.9) -> Any:
    """β₁ in [0, 1), the decay of the first moment."""
    return hyper(default, "β₁", r"\beta_1", "decay of the average of gradients", low=0.0,
                 high=1.0, high_open=True, slider=Slider(0.0, 0.99), in_label=True)  # fmt: skip


def beta2_field(default: float = 0.999) -> Any:
    """β₂ in [0, 1), the decay of the second moment."""
    return hyper(default, "β₂", r"\beta_2", "decay of the average of squared gradients",
                 low=0.0, high=1.0, high_open=True,
                 slider=Slider(0.9, 0.9999, step=0.0001), in_label=True)  # fmt: skip


def flag_field(default: bool, symbol: str, meaning: str) -> Any:
    """A True/False option."""
    return hyper(default, symbol, "", meaning, kind="flag")


def weight_decay_field(default: float = 0.0, decoupled: bool = False, meaning: str = "") -> Any:
    """λ >= 0: an L2 term λθ added to the gradient (torch's ``weight_decay`` on SGD and
    Adam), or with ``decoupled=True`` a shrinking of θ by 1 - ηλ (AdamW)."""
    default_meaning = "decoupled weight decay" if decoupled else "L2 penalty added to the gradient"
    meaning = meaning or default_meaning
    return hyper(default, "λ", r"\lambda", meaning, low=0.0)


# ---------------------------------------------------------------- checks of init/update


def check_theta(theta: object) -> np.ndarray:
    """Parameters for ``update``: real numbers as float64 (no copy for a float64 array).

    Their finiteness is checked only through the gradient (one pass over memory instead
    of two): at a non-finite ``theta`` the gradient is non-finite too, and
    :func:`check_gradient` then names ``theta``.
    """
    return as_real_array("theta", theta)


def check_start(theta: object) -> np.ndarray:
    """A start point for ``init``: real, finite numbers."""
    return as_real_array("theta", theta, finite=True, nonempty=True)


def check_grad_fn(grad_fn: object) -> None:
    """``grad_fn`` must be a function ``theta -> gradient`` (not the gradient itself)."""
    if not callable(grad_fn):
        raise TypeError(
            f"grad_fn must be a callable theta -> gradient, got grad_fn={short(grad_fn)}; "
            "pass the function (e.g. problem.grad), not its value"
        )


class NonFiniteGradientError(ValueError, FloatingPointError):
    """``grad_fn`` returned inf or nan: the run has diverged (or the gradient is wrong).

    A ValueError (the gradient is a bad value) and a FloatingPointError, like
    ``gdcourse.DivergenceError``, so that a loop can treat it as a divergence.
    """


def check_gradient(g: object, theta: np.ndarray, t: int) -> np.ndarray:
    """The gradient ``grad_fn`` returned at step ``t``: real, finite, shaped like ``theta``."""
    array = g if isinstance(g, np.ndarray) else np.asarray(g)
    if array.dtype.kind not in "fiu":
        raise ValueError(
            f"grad_fn must return real numbers, but at step t={t} it returned {array.dtype} "
            f"values: {short(g)}; return a float array shaped like theta"
        )
    if array.shape != theta.shape:
        raise ValueError(
            f"grad_fn returned shape {array.shape} at step t={t}, but theta has shape "
            f"{theta.shape}: {short(g)}; the gradient must have the same shape as theta"
        )
    # One read of the gradient (all_finite): 0.18 ms for 10^6 entries in cache; a gradient
    # not in cache costs one read from memory (about 0.6 ms on a busy machine).
    if not all_finite(array):
        if not all_finite(theta):
            raise ValueError(
                f"theta must be finite, but at step t={t} theta={short(theta)}; the run had "
                "already diverged: restart from finite numbers with a lower lr"
            )
        raise NonFiniteGradientError(
            f"grad_fn returned a non-finite gradient at step t={t} (update {t + 1}): "
            f"{short(array)}; check the problem's gradient or lower lr"
        )
    return array if array.dtype == np.float64 else array.astype(np.float64)


def check_state(optimizer: Optimizer, state: object, theta: np.ndarray) -> None:
    """``state`` must come from this optimizer's ``init`` and match ``theta``'s shape."""
    expected = type(optimizer).State
    if not isinstance(state, expected):
        raise ValueError(
            f"state must come from {type(optimizer).__name__}.init (a {expected.__name__}), "
            f"got state={short(state)}; call init(theta) on this optimizer to start"
        )
    for field, value in zip(state._fields, state, strict=True):
        if isinstance(value, np.ndarray) and value.shape != theta.shape:
            raise ValueError(
                f"state.{field} has shape {value.shape}, but theta has shape {theta.shape}; "
                "the state must come from init(theta) with parameters of this shape"
            )
    t = state.t
    if isinstance(t, bool) or not isinstance(t, (int, np.integer)) or t < 0:
        raise ValueError(f"state.t must be a whole number >= 0 (steps taken), got state.t={t!r}")


def short(value: object) -> str:
    """A value for an error message: ``[nan, 3.0]``, long arrays abbreviated."""
    if isinstance(value, np.ndarray):
        flat = value.ravel().tolist()
        if len(flat) <= 8 and value.ndim <= 1:
            return str(flat)
        shown = ", ".join(map(str, flat[:3])) + ", ..., " + ", ".join(map(str, flat[-2:]))
        return f"[{shown}] (shape {value.shape})"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


# ---------------------------------------------------------------- the base class


class Optimizer:
    """Base of every optimizer: validation from the spec, the spec handed out, and the
    part of ``update`` that every method shares.

    A subclass is a ``@dataclass(frozen=True, eq=False)`` whose fields are declared with
    ``hyper``, sets ``State`` (its state's NamedTuple) and writes ``step``, its update
    equations, and ``init`` where its state does not start at zero. ``__post_init__``
    checks every field against its declaration; ``update`` checks the inputs, takes the
    gradient and calls ``step``. Methods that take their gradient elsewhere than at
    ``theta`` (NAG's look-ahead point, the schedule-free methods' :math:`y`) or more than
    once (L-BFGS) write ``update`` instead.

    Frozen, so that an optimizer cannot change under a state it made; compared by
    identity (``eq=False``), so that two runs of equal optimizers stay two keys of a
    dict of paths. ``update`` accepts a list for ``theta`` too.
    """

    #: The state's NamedTuple; ``update`` refuses any other state.
    State: ClassVar[type[Any]]

    #: True for methods that need the full-batch gradient and loss (L-BFGS compares
    #: gradients at two points): :func:`gdcourse.run` refuses mini-batches for them.
    full_batch_only: ClassVar[bool] = False

    #: True when, with its defaults, the optimizer takes only a matrix ``theta`` (Muon
    #: orthogonalizes matrix updates). Code that runs every registered optimizer on a
    #: flat parameter vector (races on the 2-D problems) leaves these out, or passes
    #: ``shapes``.
    needs_matrix: ClassVar[bool] = False

    #: The name of the hyperparameter that is an L2 penalty
    #: :math:`\tfrac{\lambda}{2}\|\theta\|^2` on the loss (torch's ``weight_decay`` on SGD
    #: and Adam): ``update`` adds its gradient :math:`\lambda\theta` to ``g`` before
    #: ``step``. None for methods without one, and for those whose decay is part of their
    #: equations (AdamW's decoupled decay, NAG's penalty at the look-ahead point).
    l2_penalty: ClassVar[str | None] = None

    def __post_init__(self) -> None:
        for spec in self.hyperparameters():
            object.__setattr__(self, spec.name, spec.check(getattr(self, spec.name)))
        fields: tuple[dataclasses.Field[Any], ...] = (
            dataclasses.fields(self) if dataclasses.is_dataclass(self) else ()
        )
        for field in fields:  # settings: constructor arguments that are no hyperparameter
            check: Callable[[str, Any], Any] | None = field.metadata.get("setting")
            if check is not None:
                object.__setattr__(self, field.name, check(field.name, getattr(self, field.name)))

    @classmethod
    def hyperparameters(cls) -> tuple[Hyperparameter, ...]:
        """The declarations of the constructor's arguments, in order.

        Empty for a subclass that is not a dataclass (it declares nothing).
        """
        found = cls.__dict__.get("_hyperparameters")
        if found is None:
            fields: tuple[dataclasses.Field[Any], ...] = (
                dataclasses.fields(cls) if dataclasses.is_dataclass(cls) else ()
            )
            found = tuple(
                dataclasses.replace(field.metadata["hyperparameter"], name=field.name)
                for field in fields
                if "hyperparameter" in field.metadata
            )
            cls._hyperparameters = found  # type: ignore[attr-defined]
        return found

    @classmethod
    def hyperparameter(cls, name: str) -> Hyperparameter:
        """The declaration of the argument ``name``."""
        for spec in cls.hyperparameters():
            if spec.name == name:
                return spec
        raise ValueError(f"{cls.__name__} has no hyperparameter {name!r}")

    def hyperparameter_values(self) -> dict[str, Any]:
        """This optimizer's hyperparameters by name (schedules as the callables given)."""
        return {spec.name: getattr(self, spec.name) for spec in self.hyperparameters()}

    def at(self, name: str, t: int) -> float:
        """The hyperparameter ``name`` for step ``t`` (0-based), a schedule evaluated."""
        value = getattr(self, name)
        return value if not callable(value) else self.hyperparameter(name).at(value, t)

    def start(self, theta: object) -> np.ndarray:
        """``theta`` checked as a start point (for ``init``)."""
        return check_start(theta)

    def check_inputs(self, theta: object, state: object, grad_fn: object) -> np.ndarray:
        """Check what ``update`` was given; return ``theta`` as float64."""
        theta = check_theta(theta)
        check_state(self, state, theta)
        check_grad_fn(grad_fn)
        return theta

    @staticmethod
    def gradient(grad_fn: Callable[[np.ndarray], Any], theta: np.ndarray, t: int) -> np.ndarray:
        """``grad_fn(theta)``, checked (see ``check_gradient``)."""
        return check_gradient(grad_fn(theta), theta, t)

    def init(self, theta: ArrayLike) -> Any:
        # The state before the first step. Most start with t=0 and every array at zero
        # (the papers' m_0 = v_0 = 0); an optimizer whose state starts otherwise writes
        # init itself.
        theta = self.start(theta)
        zeros = {name: np.zeros_like(theta) for name in self.State._fields if name != "t"}
        return self.State(**zeros, t=0)

    def update(self, theta: np.ndarray, state: Any, grad_fn: GradFn) -> Step[Any]:
        # One step, shared by every optimizer that takes one gradient, at theta: the
        # checks, the gradient (refused if inf or nan) and the L2 penalty's term, then the
        # optimizer's own equations.
        theta = self.check_inputs(theta, state, grad_fn)
        g = self.gradient(grad_fn, theta, state.t)
        if self.l2_penalty is not None:
            decay = getattr(self, self.l2_penalty)
            if decay:
                g = g + decay * theta  # the L2 penalty's gradient
        return self.step(theta, g, state)

    def step(self, theta: np.ndarray, g: np.ndarray, state: Any) -> Step[Any]:
        # The update equations: (theta, state) after one step along the gradient g (taken
        # at theta, with the L2 penalty's term where the optimizer has one).
        raise NotImplementedError(
            f"{type(self).__name__} must define step(theta, g, state), or update itself"
        )


def learning_rate(lr: float | Schedule, t: int) -> float:
    """The learning rate for step ``t`` (0-based): ``lr`` itself, or ``lr(t)`` checked.

    A schedule's value is checked like a constant one (a finite number >= 0), so a
    schedule that goes negative or non-finite stops the run at that step.

    >>> learning_rate(0.1, 5), learning_rate(lambda t: 0.1 / (1 + t), 4)
    (0.1, 0.02)
    """
    return LEARNING_RATE.at(lr, t)


#: The learning rate's declaration outside any optimizer (for :func:`learning_rate`).
LEARNING_RATE = dataclasses.replace(lr_field(0.001).metadata["hyperparameter"], name="lr")
