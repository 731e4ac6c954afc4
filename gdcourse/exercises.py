"""Check a student's answer and say what is off, without giving the answer away.

In a chapter notebook::

    answer = ...            # the student replaces ... with their result
    check("gd_step", answer, expected)

shows ``✎ gd_step: not answered yet`` until the cell is filled in, then either
``✔ gd_step: correct`` or what is wrong: the shape, the sign, a constant factor, or the
relative error. The text is the same on every run (no timings, no memory addresses),
because the notebook tests compare outputs exactly.
"""

from __future__ import annotations

import html
from typing import Any, NamedTuple

import numpy as np

from ._checks import check_nonnegative
from .quiz import text_to_html

__all__ = ["CheckResult", "check"]

_SYMBOLS = {"correct": "✔", "wrong": "✘", "unanswered": "✎"}
_COLORS = {"correct": "#2e7d32", "wrong": "#c62828", "unanswered": "#9e9e9e"}
_LARGEST_FACTOR = 1000  # "off by a factor of k" is named for whole k up to this


class CheckResult(NamedTuple):
    """The verdict of :func:`check`.

    Attributes
    ----------
    name : str
        The exercise's name.
    status : {"correct", "wrong", "unanswered"}
    message : str
        ``"correct"``, ``"not answered yet"`` or what is off.
    hint : str or None
        Shown only when the answer is wrong.

    ``bool(result)`` is True only when the answer is correct.
    """

    name: str
    status: str
    message: str
    hint: str | None = None

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    def __bool__(self) -> bool:
        return self.correct

    def __repr__(self) -> str:
        text = f"{_SYMBOLS[self.status]} {self.name}: {self.message}"
        if self.status == "wrong" and self.hint:
            text += f"\n  Hint: {self.hint}"
        return text

    def __str__(self) -> str:
        return repr(self)

    def _repr_html_(self) -> str:
        color = _COLORS[self.status]
        body = (
            f'<span style="color:{color};font-weight:bold">{_SYMBOLS[self.status]}</span> '
            f"<b>{html.escape(self.name, quote=False)}</b>: "
            f"{html.escape(self.message, quote=False)}"
        )
        if self.status == "wrong" and self.hint:
            body += f"<br><i>Hint:</i> {text_to_html(self.hint)}"
        return (
            f'<div class="gdcheck gdcheck-{self.status} mathjax_process" '
            f'style="margin:0.3em 0;padding:0.2em 0.7em;border-left:4px solid {color}">'
            f"{body}</div>"
        )


def _is_bool(value) -> bool:
    return isinstance(value, (bool, np.bool_))


def _normalize_choice(text: str) -> str:
    # "B", " b ", "(b)" and "B." all mean choice B.
    return text.strip().strip("().").strip().casefold()


def _describe_type(value) -> str:
    if isinstance(value, str):
        return f"the text {value!r}"
    kind = type(value).__name__
    return f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}"


def _nice_factor(ratio: float, rtol: float) -> int | None:
    """k when ``|ratio|`` is close to a whole number k >= 2 or to 1/k, else None."""
    size = abs(ratio)
    if size == 0 or not np.isfinite(size):
        return None
    big = size if size > 1 else 1.0 / size
    k = round(big)
    if 2 <= k <= _LARGEST_FACTOR and abs(big - k) <= max(rtol, 1e-9) * k:
        return k
    return None


def _compare_numbers(answer, expected, rtol: float, atol: float) -> str | None:
    """None when the numbers match, else a sentence on what is off."""
    if isinstance(answer, str) or _is_bool(answer):
        return f"expected a number, got {_describe_type(answer)}"
    try:
        raw = np.asarray(answer)
    except (TypeError, ValueError):  # ragged lists
        return f"expected a number or an array of numbers, got {_describe_type(answer)}"
    if raw.dtype.kind == "c":  # float() would silently drop the imaginary part
        return "expected real numbers, got complex numbers"
    if raw.dtype.kind not in "iuf":
        return f"expected a number or an array of numbers, got {_describe_type(answer)}"
    a = raw.astype(np.float64)
    e = np.asarray(expected, dtype=np.float64)
    if a.shape != e.shape:
        if a.size == 1 and e.size == 1:  # 0.5 and array([0.5]) are the same answer
            a, e = a.reshape(()), e.reshape(())
        else:
            return f"wrong shape: expected {e.shape}, got {a.shape}"
    if not np.all(np.isfinite(a)):
        return "your answer contains nan or inf"
    if np.allclose(a, e, rtol=rtol, atol=atol):
        return None

    if np.any(np.abs(e) > atol) and np.allclose(-a, e, rtol=rtol, atol=atol):
        return "wrong sign: your answer is the negative of the right one"

    # A constant ratio answer / expected means a missing or extra factor.
    nonzero = np.abs(e) > atol
    if np.any(nonzero) and np.allclose(a[~nonzero], e[~nonzero], rtol=rtol, atol=atol):
        ratios = a[nonzero] / e[nonzero]
        ratio = float(ratios.flat[0])
        if ratio != 0 and np.allclose(ratios, ratio, rtol=rtol, atol=0.0):
            sign = "wrong sign and " if ratio < 0 else ""
            k = _nice_factor(ratio, rtol)
            if k is not None:
                direction = "too large" if abs(ratio) > 1 else "too small"
                return f"{sign}off by a factor of {k}: your answer is {k} times {direction}"
            if a.size > 1:
                return (
                    f"{sign}every entry is {abs(ratio):.4g} times the right value "
                    "(a missing factor?)"
                )

    scale = float(np.linalg.norm(e))
    error = float(np.linalg.norm(a - e))
    if scale > 0:
        message = f"relative error {error / scale:.3g} (allowed: {rtol:g})"
    else:
        message = f"absolute error {error:.3g} (allowed: {atol:g})"
    if a.size > 1:
        off = int(np.sum(~np.isclose(a, e, rtol=rtol, atol=atol)))
        message += f"; {off} of {a.size} entries are off"
    return message


def _check_expected_numbers(expected: Any) -> None:
    """The course's own expected value must be finite real numbers (a defect otherwise)."""
    try:
        values = np.asarray(expected)
    except (TypeError, ValueError):
        values = np.asarray(None)
    if values.dtype.kind not in "iuf" or values.size == 0:
        raise ValueError(
            "expected must be a number, an array of numbers, a string or a bool, "
            f"got expected={expected!r}"
        )
    if not np.all(np.isfinite(values)):
        raise ValueError(f"expected must be finite (no nan or inf), got expected={expected!r}")


def check(
    name: str,
    answer: Any,
    expected: Any,
    rtol: float = 1e-3,
    atol: float = 1e-8,
    hint: str | None = None,
) -> CheckResult:
    """Compare ``answer`` with ``expected`` and say what, if anything, is off.

    Parameters
    ----------
    name : str
        The exercise's name, shown in the verdict.
    answer : number, array_like, str, bool, ``...`` or None
        The student's answer. ``...`` (the placeholder) and None count as not answered.
    expected : number, array_like, str or bool
        The right answer. A string is compared ignoring case, surrounding spaces and
        brackets, so ``"b"``, ``"B."`` and ``"(B)"`` all match ``"B"``. A bool must be
        answered with a bool.
    rtol, atol : float
        Numbers match when ``|answer - expected| <= atol + rtol * |expected|`` entry by
        entry (``numpy.allclose``).
    hint : str, optional
        Shown under a wrong answer; ``$...$`` math is rendered.

    Returns
    -------
    CheckResult
        Displays as one line, e.g. ``✔ gd_step: correct``; ``bool(result)`` is True
        only when correct.
    """
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"name must be a non-empty string, got name={name!r}")
    rtol = check_nonnegative("rtol", rtol)
    atol = check_nonnegative("atol", atol)
    if hint is not None and not isinstance(hint, str):
        raise ValueError(f"hint must be a string or None, got hint={hint!r}")
    if expected is None or expected is Ellipsis:
        raise ValueError(f"expected must be the right answer, got expected={expected!r}")

    if answer is Ellipsis or answer is None:
        return CheckResult(name, "unanswered", "not answered yet (replace ... with your answer)")

    problem: str | None
    if _is_bool(expected):
        if not _is_bool(answer):
            problem = f"expected True or False, got {_describe_type(answer)}"
        else:
            problem = None if bool(answer) == bool(expected) else "not quite"
    elif isinstance(expected, str):
        if not isinstance(answer, str):
            problem = f"expected text such as 'A', got {_describe_type(answer)}"
        else:
            same = _normalize_choice(answer) == _normalize_choice(expected)
            problem = None if same else f"{answer.strip()!r} is not the right answer"
    else:
        _check_expected_numbers(expected)
        problem = _compare_numbers(answer, expected, rtol, atol)

    if problem is None:
        return CheckResult(name, "correct", "correct")
    return CheckResult(name, "wrong", problem, hint)
