"""Exercises that keep their answers in the package, the way Kaggle Learn's learntools does.

A chapter module (``gdcourse.chapters.ch10``) defines its exercises once; the notebook only
holds the task and the student's answer::

    from gdcourse.chapters import ch10
    ex = ch10.exercises

    answer = ...                    # the student's result
    ex.adam_first_step.check(answer)

``ex.adam_first_step.hint()`` and ``ex.adam_first_step.solution()`` show the rest on
request. The expected value is computed from the library when it is first needed (so
importing a chapter stays fast) and checked once: a non-finite or complex value is a
defect of the course, not the student's fault, and raises.

Displayed on its own (``ex.adam_first_step`` last in a cell), an exercise shows its hints
and its solution as closed ``<details>`` blocks: pure HTML, so they open in JupyterLab
and in the static book alike, with no kernel and no JavaScript. The book's cell carries
the tag ``remove-input``, so only these closed blocks appear on the page.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .exercises import CheckResult, check
from .quiz import Question, Quiz, text_to_html

__all__ = ["Code", "Exercise", "ExerciseSet", "Text", "make_quiz"]

_NOT_COMPUTED = object()


class Text(str):
    """A string shown as itself in JupyterLab and the book (``hint()`` returns one)."""

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        return f'<div class="gdhint mathjax_process">{text_to_html(str(self))}</div>'


class Code(str):
    """Solution code: plain text in a terminal, a code block in a notebook."""

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        return f"<pre><code>{html.escape(str(self), quote=False)}</code></pre>"


def _validated(name: str, value: Any) -> Any:
    """The expected value, refused if it is not finite and real (a defect in the course)."""
    if isinstance(value, (str, bool, np.bool_)):
        return value
    array = np.asarray(value)
    if array.dtype.kind == "c" or not np.issubdtype(array.dtype, np.number):
        raise ValueError(
            f"exercise {name!r}: the expected value must be real numbers, got {value!r}; "
            "fix the exercise's definition in gdcourse.chapters"
        )
    if not np.all(np.isfinite(array)):
        raise ValueError(
            f"exercise {name!r}: the expected value must be finite, got {value!r}; "
            "fix the exercise's definition in gdcourse.chapters"
        )
    return value


@dataclass
class Exercise:
    """One exercise: how its answer is computed, how close an answer must be, hints, solution.

    Parameters
    ----------
    name : str
        The name shown in the verdict, also the attribute name in an :class:`ExerciseSet`.
    expected : callable
        Computes the right answer from the library (called once, at the first check).
    solution_code : str
        The solution: code that computes ``answer``; it runs in the chapter's notebook namespace
        (the tests run it in :meth:`ExerciseSet.namespace`).
    hints : sequence of str
        One or more hints, gentlest first; ``$...$`` for math.
    rtol, atol : float
        The tolerance of :func:`gdcourse.exercises.check`. The default ``rtol=1e-3``
        accepts any answer rounded to four significant digits.
    """

    name: str
    expected: Callable[[], Any]
    solution_code: str
    hints: Sequence[str]
    rtol: float = 1e-3
    atol: float = 1e-8
    _value: Any = field(default=_NOT_COMPUTED, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.name.isidentifier():
            raise ValueError(f"name must be a Python identifier, got name={self.name!r}")
        if isinstance(self.hints, str) or len(self.hints) == 0:
            raise ValueError(f"exercise {self.name!r}: hints must be a non-empty list of str")
        self.hints = tuple(self.hints)
        self.solution_code = self.solution_code.strip("\n")

    def expected_value(self) -> Any:
        """The right answer, computed once and checked to be finite and real."""
        if self._value is _NOT_COMPUTED:
            self._value = _validated(self.name, self.expected())
        return self._value

    def check(self, answer: Any) -> CheckResult:
        """Compare ``answer`` with the right answer and say what, if anything, is off."""
        if answer is None or answer is Ellipsis:
            # Not answered yet: say so without computing the answer (some take seconds).
            return check(self.name, answer, 0.0)
        expected = self.expected_value()
        hint = self.hints[0]
        try:
            return check(self.name, answer, expected, rtol=self.rtol, atol=self.atol, hint=hint)
        except (TypeError, ValueError, OverflowError):
            # Whatever the student typed, the answer is feedback, never a traceback.
            return CheckResult(
                self.name, "wrong", "could not read your answer as a number or an array", hint
            )

    def hint(self, number: int | None = None) -> Text:
        """All hints (or hint ``number``, counted from 1)."""
        if number is None:
            return Text("\n".join(self.hints))
        if not 1 <= number <= len(self.hints):
            raise ValueError(f"number must be 1 to {len(self.hints)}, got number={number!r}")
        return Text(self.hints[number - 1])

    def solution(self) -> Code:
        """The solution code, shown as a code block."""
        return Code(self.solution_code)

    def __repr__(self) -> str:
        return (
            f"Exercise({self.name!r}): .check(answer), .hint(), .solution() "
            f"({len(self.hints)} hint{'s' if len(self.hints) != 1 else ''})"
        )

    def _repr_html_(self) -> str:
        blocks = []
        for number, text in enumerate(self.hints, start=1):
            title = "Hint" if len(self.hints) == 1 else f"Hint {number}"
            blocks.append(_details(title, f"<p>{text_to_html(text)}</p>", "gdexercise-hint"))
        code = f"<pre><code>{html.escape(self.solution_code, quote=False)}</code></pre>"
        blocks.append(_details("Solution", code, "gdexercise-solution"))
        return (
            f'<div class="gdexercise mathjax_process" data-exercise="{self.name}" '
            'style="margin:0.3em 0">' + "".join(blocks) + "</div>"
        )


def _details(title: str, body: str, css_class: str) -> str:
    return (
        f'<details class="{css_class}" style="margin:0.2em 0">'
        f'<summary style="cursor:pointer">{title}</summary>'
        f'<div style="margin:0.3em 0 0.3em 1.2em">{body}</div></details>'
    )


class ExerciseSet:
    """A chapter's exercises, reached by name: ``ex.adam_first_step.check(answer)``.

    A chapter module adds each exercise with :meth:`add`, over the function that
    computes its answer::

        exercises = ExerciseSet(namespace={"np": np})

        @exercises.add(hint="...", solution_code="answer = ...")
        def adam_first_step() -> float:
            ...

    Parameters
    ----------
    exercises : sequence of Exercise
        Exercises to start with (more come with :meth:`add`).
    namespace : dict or callable
        The notebook variables the solutions use, or a function that returns them (for
        variables that take time to compute); see :meth:`namespace`.
    """

    def __init__(
        self,
        exercises: Sequence[Exercise] = (),
        namespace: Mapping[str, Any] | Callable[[], Mapping[str, Any]] | None = None,
    ):
        self._by_name: dict[str, Exercise] = {}
        self._namespace = namespace
        for exercise in exercises:
            self._append(exercise)

    def namespace(self) -> dict[str, Any]:
        """The notebook variables the solutions use, as a new dict: the tests run each
        solution in it (``exec(exercise.solution_code, namespace)`` sets ``answer``)."""
        names = self._namespace() if callable(self._namespace) else self._namespace
        return dict(names or {})

    def _append(self, exercise: Exercise) -> None:
        if exercise.name in self._by_name:
            raise ValueError(f"two exercises are named {exercise.name!r}")
        if hasattr(ExerciseSet, exercise.name):  # ex.add must stay the method
            raise ValueError(f"an exercise cannot be named {exercise.name!r}; rename it")
        self._by_name[exercise.name] = exercise

    def add(
        self,
        *,
        hint: str | None = None,
        hints: Sequence[str] | None = None,
        solution_code: str,
        rtol: float = 1e-3,
        atol: float = 1e-8,
    ) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
        """A decorator: the function below computes the answer of a new exercise, named
        after the function (see :class:`Exercise` for the arguments). The function itself
        is returned unchanged.

        As in learntools, an exercise with one hint gives ``hint="..."`` and one with
        several gives ``hints=[...]``, gentlest first; exactly one of the two."""
        if isinstance(hint, str) and hints is None:
            all_hints: Sequence[str] = [hint]
        elif hint is None and hints is not None:
            all_hints = hints
        else:
            raise ValueError(
                "give one hint as hint='...' or several as hints=[...], "
                f"got hint={hint!r} and hints={hints!r}"
            )

        def register(expected: Callable[[], Any]) -> Callable[[], Any]:
            self._append(
                Exercise(expected.__name__, expected, solution_code, all_hints, rtol, atol)
            )
            return expected

        return register

    def add_letters(self, name: str, letters: str, hint: str, reason: str) -> None:
        """An exercise answered by letters (a picture read, choices picked): the answer is
        the letters themselves, the solution ``answer = "..."`` after the ``reason``."""
        solution = f'# {reason}\nanswer = "{letters}"'
        self._append(Exercise(name, lambda: letters, solution, [hint]))

    def __getattr__(self, name: str) -> Exercise:
        try:
            return self.__dict__["_by_name"][name]
        except KeyError:
            known = ", ".join(self.__dict__.get("_by_name", {}))
            raise AttributeError(f"no exercise named {name!r}; this chapter has: {known}") from None

    def __getitem__(self, name: str) -> Exercise:
        return self._by_name[name]

    def __iter__(self) -> Iterator[Exercise]:
        return iter(self._by_name.values())

    def __len__(self) -> int:
        return len(self._by_name)

    def __dir__(self) -> list[str]:
        return [*super().__dir__(), *self._by_name]

    def __repr__(self) -> str:
        return f"ExerciseSet({', '.join(self._by_name)})"


def make_quiz(bank: Sequence[dict[str, Any]], title: str = "Check your understanding") -> Quiz:
    """Build a :class:`~gdcourse.quiz.Quiz` from a question bank.

    Parameters
    ----------
    bank : sequence of dict
        One dict per question, holding the arguments of :class:`~gdcourse.quiz.Question`
        (``text``, ``choices``, ``answer``, ``explanation`` and optionally ``feedback``).
        A bad entry (an answer index out of range, two choices that differ only in
        spaces) raises ValueError.
    title : str
        The quiz's title.
    """
    return Quiz([Question(**entry) for entry in bank], title=title)
