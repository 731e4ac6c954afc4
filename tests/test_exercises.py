"""The exercise checker: one exact line of feedback for every kind of answer."""

import numpy as np
import pytest

from gdcourse.exercises import CheckResult, check

CASES = [
    # answer, expected, keyword arguments, exact text
    (0.5, 0.5, {}, "✔ q: correct"),
    (0.50004, 0.5, {}, "✔ q: correct"),
    (np.array([0.5]), 0.5, {}, "✔ q: correct"),
    ([1.0, 2.0], np.array([1.0, 2.0]), {}, "✔ q: correct"),
    (3, 3.0, {}, "✔ q: correct"),
    (..., 1.0, {}, "✎ q: not answered yet (replace ... with your answer)"),
    (None, "B", {}, "✎ q: not answered yet (replace ... with your answer)"),
    (-0.5, 0.5, {}, "✘ q: wrong sign: your answer is the negative of the right one"),
    (1.0, 0.5, {}, "✘ q: off by a factor of 2: your answer is 2 times too large"),
    (0.05, 0.5, {}, "✘ q: off by a factor of 10: your answer is 10 times too small"),
    (-1.5, 0.5, {}, "✘ q: wrong sign and off by a factor of 3: your answer is 3 times too large"),
    (0.6, 0.5, {}, "✘ q: relative error 0.2 (allowed: 0.001)"),
    (0.6, 0.5, {"rtol": 0.5}, "✔ q: correct"),
    (1e-3, 0.0, {}, "✘ q: absolute error 0.001 (allowed: 1e-08)"),
    (
        [1.0, 2.0, 3.0],
        [1.0, 2.0, 4.0],
        {},
        "✘ q: relative error 0.218 (allowed: 0.001); 1 of 3 entries are off",
    ),
    (
        [1.37, 2.74],
        [1.0, 2.0],
        {},
        "✘ q: every entry is 1.37 times the right value (a missing factor?)",
    ),
    (
        [2.0, 4.0, 0.0],
        [1.0, 2.0, 0.0],
        {},
        "✘ q: off by a factor of 2: your answer is 2 times too large",
    ),
    ([[1.0, 2.0]], [1.0, 2.0], {}, "✘ q: wrong shape: expected (2,), got (1, 2)"),
    ([np.nan, 1.0], [1.0, 1.0], {}, "✘ q: your answer contains nan or inf"),
    ("0.5", 0.5, {}, "✘ q: expected a number, got the text '0.5'"),
    (True, 1.0, {}, "✘ q: expected a number, got a bool"),
    ({"a": 1}, 1.0, {}, "✘ q: expected a number or an array of numbers, got a dict"),
    ("b", "B", {}, "✔ q: correct"),
    (" (B). ", "B", {}, "✔ q: correct"),
    ("C", "B", {}, "✘ q: 'C' is not the right answer"),
    (2, "B", {}, "✘ q: expected text such as 'A', got an int"),
    (True, True, {}, "✔ q: correct"),
    (np.bool_(False), False, {}, "✔ q: correct"),
    (False, True, {}, "✘ q: not quite"),
    (1, True, {}, "✘ q: expected True or False, got an int"),
    (
        0.6,
        0.5,
        {"hint": "Divide by $n$."},
        "✘ q: relative error 0.2 (allowed: 0.001)\n  Hint: Divide by $n$.",
    ),
    (0.5, 0.5, {"hint": "never shown"}, "✔ q: correct"),
]


@pytest.mark.parametrize("answer, expected, kwargs, text", CASES, ids=[c[3] for c in CASES])
def test_verdicts(answer, expected, kwargs, text):
    result = check("q", answer, expected, **kwargs)
    assert repr(result) == text
    assert str(result) == text
    assert bool(result) == text.startswith("✔")


def test_result_fields_and_status():
    result = check("step", 1.0, 0.5, hint="h")
    assert isinstance(result, CheckResult)
    assert (result.name, result.status, result.correct, result.hint) == (
        "step",
        "wrong",
        False,
        "h",
    )
    assert check("step", ..., 0.5).status == "unanswered"


def test_html_is_deterministic_and_escaped():
    result = check("a<b", "C", "B", hint="use $x < y$")
    html = result._repr_html_()
    assert html == check("a<b", "C", "B", hint="use $x < y$")._repr_html_()
    assert html.startswith('<div class="gdcheck gdcheck-wrong mathjax_process"')
    assert "<b>a&lt;b</b>" in html and "\\(x &lt; y\\)" in html and "✘" in html
    assert "0x" not in html
    correct = check("ok", 1, 1)._repr_html_()
    assert "✔" in correct and "correct" in correct and "Hint" not in correct


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"name": ""}, "name"),
        ({"name": 3}, "name"),
        ({"rtol": -1.0}, "rtol"),
        ({"atol": float("nan")}, "atol"),
        ({"hint": 5}, "hint"),
        ({"expected": None}, "expected"),
        ({"expected": ...}, "expected"),
        ({"expected": {"a": 1}}, "expected"),
    ],
)
def test_bad_arguments_raise(kwargs, match):
    args = {"name": "q", "answer": 1.0, "expected": 1.0}
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        check(**args)
