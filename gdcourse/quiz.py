r"""Multiple-choice quizzes that work with no kernel and no JavaScript.

A :class:`Quiz` displays as plain HTML. Each choice is a ``<details>`` element: clicking
its ``<summary>`` opens it and shows "Correct — ..." or "Not quite — ..." with the
explanation. Browsers do this by themselves, so the quiz works the same in JupyterLab
and in the static Jupyter Book, even after the kernel has gone.

Why the HTML looks the way it does:

* Only inline ``style=`` attributes, no ``<style>`` or ``<script>`` blocks: JupyterLab's
  sanitizer strips those from untrusted notebooks.
* No random ids, no counters that survive between calls: the notebook tests (nbval)
  compare the HTML output text exactly.
* Math written as ``$...$`` (or ``$$...$$``) is emitted as ``\(...\)`` (``\[...\]``),
  the delimiters that both JupyterLab and the book's MathJax look for, inside an element
  of class ``mathjax_process`` (the book tells MathJax to typeset only such elements).
  Everything else is HTML-escaped; text in backticks becomes ``<code>``.

Example
-------
>>> quiz = Quiz([
...     Question(
...         "What does the learning rate $\\eta$ control?",
...         ["The number of steps", "The size of each step"],
...         answer=1,
...         explanation="Each step moves $\\eta$ times the negative gradient.",
...     )
... ])
>>> quiz
Quiz('Check your understanding', 1 question)
"""

from __future__ import annotations

import html
import re
import string

__all__ = ["Question", "Quiz", "text_to_html"]

_CORRECT_COLOR = "#2e7d32"  # green and red that read on light and dark themes
_WRONG_COLOR = "#c62828"

# Pieces of text that are not escaped as plain text: an escaped dollar, display math,
# inline math, inline code. Display math is tried before inline math.
_TOKEN = re.compile(r"(\\\$|\$\$.+?\$\$|\$[^$]+?\$|`[^`]+`)", re.DOTALL)


def text_to_html(text: str) -> str:
    r"""HTML for a line of quiz text: math kept for MathJax, code in ``<code>``, rest escaped.

    >>> text_to_html("If $a < b$ then `a < b` & more")
    'If \\(a &lt; b\\) then <code>a &lt; b</code> &amp; more'
    """
    parts = []
    for index, piece in enumerate(_TOKEN.split(text)):
        if index % 2 == 0:  # ordinary text between tokens
            parts.append(html.escape(piece, quote=False))
        elif piece == "\\$":
            # A literal dollar in its own element, so MathJax cannot pair it with another.
            parts.append("<span>$</span>")
        elif piece.startswith("$$"):
            parts.append("\\[" + html.escape(piece[2:-2], quote=False) + "\\]")
        elif piece.startswith("$"):
            parts.append("\\(" + html.escape(piece[1:-1], quote=False) + "\\)")
        else:
            parts.append("<code>" + html.escape(piece[1:-1], quote=False) + "</code>")
    return "".join(parts)


def _check_text(name: str, value) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} must be a non-empty string, got {name}={value!r}")
    return value


def _short(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


class Question:
    """One multiple-choice question.

    Parameters
    ----------
    text : str
        The question; ``$...$`` for math, backticks for code.
    choices : sequence of str
        At least two distinct choices, shown as A, B, C, ...
    answer : int or sequence of int
        Index of the correct choice (0 for A), or a list of indices when several
        choices are correct (the question then says "select all that apply").
    explanation : str
        Why the answer is right; shown under every choice once it is opened.
    feedback : sequence of (str or None), optional
        One message per choice, shown before the explanation, e.g. why a tempting
        wrong choice is wrong.
    """

    def __init__(self, text, choices, answer, explanation, feedback=None):
        self.text = _check_text("text", text)
        if isinstance(choices, str) or not isinstance(choices, (list, tuple)):
            raise ValueError(f"choices must be a list of strings, got choices={choices!r}")
        if not 2 <= len(choices) <= len(string.ascii_uppercase):
            raise ValueError(
                f"choices must hold 2 to 26 choices, got {len(choices)}: choices={choices!r}"
            )
        self.choices = tuple(
            _check_text(f"choices[{i}]", choice) for i, choice in enumerate(choices)
        )
        # "a b" and " a  b " read the same to a student: compare without extra spaces.
        if len({" ".join(choice.split()) for choice in self.choices}) != len(self.choices):
            raise ValueError(f"choices must be different from each other, got choices={choices!r}")

        self.multiple = isinstance(answer, (list, tuple))
        indices = list(answer) if self.multiple else [answer]
        valid = len(indices) > 0 and all(
            isinstance(i, int) and not isinstance(i, bool) and 0 <= i < len(self.choices)
            for i in indices
        )
        if not valid or len(set(indices)) != len(indices):
            raise ValueError(
                f"answer must be an index 0..{len(self.choices) - 1} or a list of distinct "
                f"indices, got answer={answer!r}"
            )
        self.answers = tuple(sorted(indices))
        self.explanation = _check_text("explanation", explanation)

        if feedback is not None:
            if isinstance(feedback, str) or len(feedback) != len(self.choices):
                raise ValueError(
                    f"feedback must be a list with one entry (str or None) per choice "
                    f"({len(self.choices)}), got feedback={feedback!r}"
                )
            for i, message in enumerate(feedback):
                if message is not None:
                    _check_text(f"feedback[{i}]", message)
            feedback = tuple(feedback)
        self.feedback = feedback

    def __repr__(self) -> str:
        return f"Question({_short(self.text)!r}, {len(self.choices)} choices)"

    def is_correct(self, index: int) -> bool:
        """Whether choice ``index`` is (one of) the right answer(s)."""
        return index in self.answers

    def to_html(self, number: int) -> str:
        """The question as HTML, numbered ``number``."""
        lines = [
            '<div class="gdquiz-question" style="margin:0.8em 0 0.4em 0">',
            f'<p style="margin:0.2em 0"><b>{number}.</b> {text_to_html(self.text)}</p>',
        ]
        if self.multiple:
            lines.append(
                '<p style="margin:0.1em 0 0.3em 0;font-size:0.9em;opacity:0.8">'
                "Select all that apply: open each choice to check it.</p>"
            )
        for index, choice in enumerate(self.choices):
            correct = self.is_correct(index)
            color = _CORRECT_COLOR if correct else _WRONG_COLOR
            verdict = "Correct" if correct else "Not quite"
            message = ""
            if self.feedback is not None and self.feedback[index] is not None:
                message = text_to_html(self.feedback[index]) + " "
            lines += [
                f'<details class="gdquiz-choice" data-correct="{str(correct).lower()}" '
                'style="margin:0.15em 0 0.15em 1em">',
                f'<summary style="cursor:pointer">{string.ascii_uppercase[index]}. '
                f"{text_to_html(choice)}</summary>",
                f'<div class="gdquiz-feedback" style="margin:0.25em 0 0.5em 1.2em;'
                f'padding:0.2em 0.6em;border-left:3px solid {color}">',
                f'<b style="color:{color}">{verdict}</b> — '
                f"{message}{text_to_html(self.explanation)}",
                "</div>",
                "</details>",
            ]
        lines.append("</div>")
        return "\n".join(lines)


class Quiz:
    """A titled list of :class:`Question` objects that displays itself as HTML.

    Put it last in a cell; ``Quiz(...)`` then shows in the notebook and in the book.
    """

    def __init__(self, questions, title: str = "Check your understanding"):
        if isinstance(questions, Question):
            questions = [questions]
        if not isinstance(questions, (list, tuple)) or len(questions) == 0:
            raise ValueError(
                f"questions must be a non-empty list of Question, got questions={questions!r}"
            )
        for i, question in enumerate(questions):
            if not isinstance(question, Question):
                raise ValueError(f"questions[{i}] must be a Question, got {question!r}")
        self.questions = tuple(questions)
        self.title = _check_text("title", title)

    def __repr__(self) -> str:
        count = len(self.questions)
        return f"Quiz({self.title!r}, {count} question{'s' if count != 1 else ''})"

    def to_html(self) -> str:
        """The whole quiz as one HTML fragment (the same string every time)."""
        lines = [
            '<div class="gdquiz mathjax_process" style="border:1px solid #9e9e9e;'
            'border-radius:6px;padding:0.5em 1em;margin:0.8em 0">',
            f'<p class="gdquiz-title" style="margin:0.2em 0;font-weight:bold">'
            f"{text_to_html(self.title)}</p>",
            '<p style="margin:0.2em 0;font-size:0.9em;opacity:0.8">'
            "Click a choice to see whether it is right.</p>",
        ]
        lines += [question.to_html(n) for n, question in enumerate(self.questions, start=1)]
        lines.append("</div>")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return self.to_html()
