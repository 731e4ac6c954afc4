"""Argument checks shared by the whole library.

Every public function validates its arguments here so that a bad value fails at once,
before any numpy internals, with an error that names the argument, the value and what
to do (the habit of ``torch.optim``). There is one check of each kind: one for numbers,
one for random generators, one for plotting boxes, one for parameter vectors.

A value of the wrong kind (a class where an instance belongs, a string where numbers
belong) raises :class:`ArgumentTypeError`, which is both a ``TypeError`` and a
``ValueError``: ``except ValueError`` in older code still catches it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import numpy as np

T = TypeVar("T")


class ArgumentTypeError(TypeError, ValueError):
    """An argument of the wrong kind, e.g. text where numbers belong."""


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)


def check_number(name: str, value: Any) -> float:
    """Return ``value`` as a finite float or raise ``ValueError`` naming ``name``."""
    if not _is_number(value) or not math.isfinite(float(value)):
        raise ValueError(f"{name} must be a finite number, got {name}={value!r}")
    return float(value)


def check_positive(name: str, value: Any) -> float:
    """A finite number > 0 (epsilons, step sizes that may not vanish)."""
    value_f = check_number(name, value)
    if value_f <= 0:
        raise ValueError(f"{name} must be > 0, got {name}={value!r}")
    return value_f


def check_nonnegative(name: str, value: Any) -> float:
    """A finite number >= 0 (learning rates, weight decay)."""
    value_f = check_number(name, value)
    if value_f < 0:
        raise ValueError(f"{name} must be >= 0, got {name}={value!r}")
    return value_f


def check_positive_int(name: str, value: Any) -> int:
    """A whole number >= 1 (steps, epochs, batch sizes)."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a whole number >= 1, got {name}={value!r}")
    return int(value)


def check_flag(name: str, value: Any) -> bool:
    """True or False, nothing else (``shuffle="no"`` would otherwise count as true)."""
    if not isinstance(value, (bool, np.bool_)):
        raise ArgumentTypeError(f"{name} must be True or False, got {name}={value!r}")
    return bool(value)


def check_choice(name: str, value: Any, choices: Sequence[str]) -> str:
    """One of a few strings, e.g. ``on_divergence`` in ``("raise", "stop")``."""
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{name} must be one of {tuple(choices)}, got {name}={value!r}")
    return value


def check_rng(rng: Any, name: str = "rng") -> np.random.Generator:
    """The one source of randomness: a ``numpy.random.Generator`` passed in by the caller."""
    if not isinstance(rng, np.random.Generator):
        raise ArgumentTypeError(
            f"{name} must be a numpy.random.Generator, e.g. numpy.random.default_rng(0), "
            f"got {name}={rng!r}"
        )
    return rng


def check_callable(name: str, value: Any, what: str = "a function theta -> loss") -> Callable:
    """A function, not an array or a number (e.g. ``loss_fn`` or a gradient function)."""
    if isinstance(value, type) or not callable(value):
        raise ArgumentTypeError(f"{name} must be {what}, got {name}={_short(value)}")
    return value


def check_optimizer(optimizer: Any, name: str = "optimizer") -> Any:
    """An optimizer instance (``Adam(lr=0.01)``), not its class and not a name."""
    if isinstance(optimizer, type):
        cls = optimizer.__name__
        raise ArgumentTypeError(
            f"{name} must be an instance such as {cls}(lr=0.01), got the class {cls}"
        )
    if not (hasattr(optimizer, "init") and hasattr(optimizer, "update")):
        raise ArgumentTypeError(
            f"{name} must have init and update methods, e.g. gdcourse.optimizers.GD(lr=0.1), "
            f"got {name}={optimizer!r}"
        )
    return optimizer


def all_finite(values: Any) -> bool:
    """Whether every entry of a real array (or number) is finite, in one cheap pass.

    A sum of squares of finite numbers is finite unless it overflows (entries beyond about
    1e154), so one BLAS pass, ``np.vdot``, answers for nearly every array: about 0.2 ms
    for 10^6 entries in cache, where ``np.all(np.isfinite(...))`` takes about 0.3 ms and
    makes a boolean array. Only when the sum is not finite are the entries looked at one
    by one.
    Integers are always finite.
    """
    if isinstance(values, float):  # a loss value, every step of a run: no array needed
        return math.isfinite(values)
    array = np.asarray(values)
    if array.dtype.kind in "iub":
        return True
    return math.isfinite(np.vdot(array, array)) or bool(np.all(np.isfinite(array)))


def _short(value: Any) -> str:
    """``repr`` cut to one line, so a big array does not flood the message."""
    text = " ".join(repr(value).split())
    return text if len(text) <= 80 else text[:77] + "..."


def as_real_array(
    name: str, value: Any, *, finite: bool = False, nonempty: bool = False
) -> np.ndarray:
    """``value`` as a float64 array (no copy when it already is one).

    Text, booleans, complex numbers, objects and None are refused with an
    :class:`ArgumentTypeError` naming ``name``: ``np.asarray(True, float)`` is 1.0 and
    ``np.asarray(1 + 2j, float)`` keeps only the real part (with a warning), silent wrong
    answers, so we look at the kind first. With ``nonempty`` an empty array and with
    ``finite`` inf or nan are refused too (a ``ValueError``).
    """
    if isinstance(value, np.ndarray):
        array = value
    else:
        try:
            array = np.asarray(value)
        except (TypeError, ValueError) as error:  # ragged nested lists
            raise ArgumentTypeError(
                f"{name} must be a rectangular array of real numbers, got "
                f"{name}={_short(value)}; give every row the same length"
            ) from error
        if (
            array.dtype.kind in "iuf"
            and array.ndim > 0
            and any(isinstance(x, (bool, np.bool_)) for x in np.asarray(value, dtype=object).flat)
        ):
            array = np.asarray(value, dtype=bool)  # a True among numbers: refused below
    if array.dtype.kind not in "iuf":
        kinds = {"b": "booleans", "c": "complex numbers", "U": "text", "S": "text"}
        got = kinds.get(array.dtype.kind, f"objects of type {type(value).__name__}")
        raise ArgumentTypeError(
            f"{name} must hold real numbers, got {got}: {name}={_short(value)}; "
            "pass floats, e.g. numpy.array([1.0, -2.0])"
        )
    if nonempty and array.size == 0:
        raise ValueError(f"{name} must not be empty, got {name}={_short(value)}")
    if finite and not all_finite(array):
        raise ValueError(f"{name} must be finite, got {name}={_short(value)}; use finite numbers")
    return array if array.dtype == np.float64 else array.astype(np.float64)


def as_start_point(name: str, theta: Any) -> np.ndarray:
    """A float64 copy of a start point, refused when empty, not real or not finite."""
    array = np.array(as_real_array(name, theta), dtype=np.float64)
    if array.size == 0:
        raise ValueError(f"{name} must not be empty, got {name}={theta!r}")
    if not all_finite(array):
        raise ValueError(f"{name} must be finite, got {name}={_short(theta)}")
    return array


def describe_parameters(n_params: int, names: Sequence[str] = ()) -> str:
    """``"2 parameters (w, b)"``: how an error message states what a problem expects."""
    listed = f" ({', '.join(names)})" if names and len(names) <= 8 else ""
    return f"{n_params} parameter{'s' if n_params != 1 else ''}{listed}"


def as_parameters(
    name: str, theta: Any, n_params: int, names: Sequence[str] = (), *, grid: bool = True
) -> np.ndarray:
    """Parameters of a problem with ``n_params`` entries, as a float64 array.

    With ``grid=True`` each ``theta[k]`` may itself be an array (all of one shape, or
    numbers that broadcast): the result then has shape ``(n_params, *grid_shape)``, the
    convention that lets a contour plot evaluate a whole grid in one call. Non-finite
    values pass (a diverging run evaluates its loss at inf); the count never does.
    """
    if isinstance(theta, np.ndarray) and theta.dtype == np.float64 and theta.ndim == 1:
        if theta.shape[0] == n_params:  # the common case inside a run: nothing to convert
            return theta
    if grid and isinstance(theta, (list, tuple)) and len(theta) == n_params:
        # [X, Y] grids, or a grid with a number: convert each entry, then broadcast.
        parts = [as_real_array(name, part) for part in theta]
        try:
            return np.stack(np.broadcast_arrays(*parts))
        except ValueError as error:
            shapes = [part.shape for part in parts]
            raise ValueError(
                f"{name}'s entries must have one shape (a grid), got shapes {shapes}"
            ) from error
    array = as_real_array(name, theta)
    if array.ndim == 0 or array.shape[0] != n_params or (not grid and array.ndim != 1):
        expected = describe_parameters(n_params, names)
        raise ValueError(
            f"{name} must hold {expected}, got {name} with shape {array.shape}"
            + ("; for a grid, theta[k] may be an array" if grid else "")
        )
    return array


def check_bounds(bounds: Any, n_params: int | None = None, name: str = "bounds") -> np.ndarray:
    """A box ``((lo0, hi0), (lo1, hi1), ...)`` with finite ``lo < hi``, as an (n, 2) array."""
    try:
        box = np.array(bounds, dtype=np.float64)
    except (TypeError, ValueError):
        box = np.empty((0, 0))
    wanted = "pairs (lo, hi)" if n_params is None else f"{n_params} pairs (lo, hi)"
    if (
        box.ndim != 2
        or box.shape[1] != 2
        or box.shape[0] == 0
        or (n_params is not None and box.shape[0] != n_params)
    ):
        raise ValueError(f"{name} must be {wanted}, one per parameter, got {name}={bounds!r}")
    if not np.all(np.isfinite(box)) or np.any(box[:, 0] >= box[:, 1]):
        raise ValueError(f"{name} must be finite with lo < hi, got {name}={bounds!r}")
    return box


def check_gradient(grad: Any, theta: np.ndarray, name: str = "grad_fn") -> np.ndarray:
    """A gradient must hold real numbers and have the shape of the parameters."""
    if not (isinstance(grad, np.ndarray) and grad.dtype == np.float64):
        grad = as_real_array(f"the gradient returned by {name}", grad)
    if grad.shape != theta.shape:
        raise ValueError(
            f"{name} returned shape {grad.shape}, but theta has shape {theta.shape}; "
            "the gradient must have the same shape as theta"
        )
    return grad


def check_scalar_loss(value: Any, name: str = "loss") -> float:
    """A loss is one real number; a vector of per-point losses needs a mean first."""
    if isinstance(value, float):  # also numpy.float64, the usual case
        return float(value)
    if isinstance(value, (bool, np.bool_)) or np.ndim(value) != 0:
        shape = np.shape(value)
        raise ValueError(
            f"{name} must return one number, got {_short(value)} of shape {shape}; "
            "average per-point losses with np.mean"
        )
    array = as_real_array(f"the value returned by {name}", value)
    return float(array)


def as_batch(batch: Any, n_samples: int) -> np.ndarray:
    """Indices of a mini-batch: whole numbers in ``0 .. n_samples - 1``, at least one.

    A boolean mask or float "indices" would select something else than meant, so both
    are refused.
    """
    index = np.asarray(batch)
    if index.dtype.kind not in "iu" or index.ndim != 1 or index.size == 0:
        raise ValueError(
            f"batch must be a non-empty 1-D array of point indices, got batch={_short(batch)}"
        )
    if index.min() < 0 or index.max() >= n_samples:
        raise ValueError(f"batch must hold indices 0..{n_samples - 1}, got batch={_short(batch)}")
    return index
