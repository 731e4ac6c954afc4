"""Argument checks shared by the whole library.

Every public constructor validates its hyperparameters here so that a bad value
fails at once with a ``ValueError`` that names the argument, the value and the
allowed range (the habit of ``torch.optim``).
"""

from __future__ import annotations

import math

import numpy as np


def _is_number(value) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)


def check_number(name: str, value) -> float:
    """Return ``value`` as a finite float or raise ``ValueError`` naming ``name``."""
    if not _is_number(value) or not math.isfinite(float(value)):
        raise ValueError(f"{name} must be a finite number, got {name}={value!r}")
    return float(value)


def check_positive(name: str, value) -> float:
    """A finite number > 0 (epsilons, step sizes that may not vanish)."""
    value_f = check_number(name, value)
    if value_f <= 0:
        raise ValueError(f"{name} must be > 0, got {name}={value!r}")
    return value_f


def check_nonnegative(name: str, value) -> float:
    """A finite number >= 0 (learning rates, weight decay)."""
    value_f = check_number(name, value)
    if value_f < 0:
        raise ValueError(f"{name} must be >= 0, got {name}={value!r}")
    return value_f


def check_unit_interval(name: str, value) -> float:
    """A decay rate in [0, 1): 1 would freeze the average, above 1 it explodes."""
    value_f = check_number(name, value)
    if not 0.0 <= value_f < 1.0:
        raise ValueError(f"{name} must be in [0, 1), got {name}={value!r}")
    return value_f


def check_positive_int(name: str, value) -> int:
    """A whole number >= 1 (steps, epochs, batch sizes)."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a whole number >= 1, got {name}={value!r}")
    return int(value)


def check_rng(rng) -> np.random.Generator:
    """The one source of randomness: a ``numpy.random.Generator`` passed in by the caller."""
    if not isinstance(rng, np.random.Generator):
        raise ValueError(
            "rng must be a numpy.random.Generator, e.g. numpy.random.default_rng(0), "
            f"got rng={rng!r}"
        )
    return rng


def check_learning_rate(name: str, value):
    """A learning rate is a number >= 0 or a schedule: a callable ``step -> rate``."""
    if callable(value):
        return value
    return check_nonnegative(name, value)


def as_start_point(name: str, theta) -> np.ndarray:
    """A float64 copy of a start point, refused when empty or not finite."""
    try:
        array = np.array(theta, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be an array of numbers, got {name}={theta!r}") from error
    if array.size == 0:
        raise ValueError(f"{name} must not be empty, got {name}={theta!r}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite, got {name}={theta!r}")
    return array


def check_gradient(grad, theta: np.ndarray) -> np.ndarray:
    """A gradient must have the shape of the parameters it differentiates."""
    grad = np.asarray(grad, dtype=np.float64)
    if grad.shape != theta.shape:
        raise ValueError(
            f"grad_fn returned shape {grad.shape}, but theta has shape {theta.shape}; "
            "the gradient must have the same shape as theta"
        )
    return grad


def as_real_array(name: str, value, *, finite: bool = True) -> np.ndarray:
    """``value`` as a float64 array (no copy when it already is one), refused with a
    ValueError naming ``name`` when it is empty or holds booleans, complex numbers,
    strings or objects (numpy would cast those silently or fail later), or, with
    ``finite``, inf or nan."""
    if isinstance(value, np.ndarray):
        array = value
    else:
        try:
            array = np.asarray(value)
        except ValueError as error:  # ragged nested lists
            raise ValueError(
                f"{name} must be a rectangular array of numbers, got {name}={value!r}; "
                "give every row the same length"
            ) from error
        if array.dtype.kind in "fiu" and any(
            isinstance(x, (bool, np.bool_)) for x in np.asarray(value, dtype=object).flat
        ):
            array = np.asarray(value, dtype=bool)  # refused below, not read as 0.0 / 1.0
    if array.dtype.kind not in "fiu":
        kinds = {"b": "booleans", "c": "complex numbers", "U": "strings", "S": "bytes"}
        raise ValueError(
            f"{name} must be an array of real numbers, got "
            f"{kinds.get(array.dtype.kind, f'{array.dtype} values')}: {name}={value!r}; "
            "pass floats, e.g. numpy.array([1.0, -2.0])"
        )
    if array.size == 0:
        raise ValueError(
            f"{name} must not be empty, got {name}={value!r}; pass at least one number"
        )
    if finite and not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite, got {name}={value!r}; use finite numbers")
    return array if array.dtype == np.float64 else array.astype(np.float64)
