"""The course's exercises and quizzes, one module per chapter (``ch00`` to ``ch21``).

Each module holds ``exercises`` (a :class:`~gdcourse.course.ExerciseSet`: each exercise is
the function that computes its answer, with its hints and solution; and the notebook
variables the solutions use), ``QUIZ`` (the question bank as data) and ``quiz()``. The
answers live here, not in the notebook (see :mod:`gdcourse.course`). A chapter notebook
starts with::

    from gdcourse.chapters import ch10
    ex = ch10.exercises
"""

from __future__ import annotations

import importlib
from types import ModuleType

__all__ = ["CHAPTERS", "load"]

CHAPTERS = tuple(range(22))


def load(chapter: int) -> ModuleType:
    """The module of chapter ``chapter`` (one of ``CHAPTERS``, 0 to 21)."""
    if isinstance(chapter, bool) or not isinstance(chapter, int) or chapter not in CHAPTERS:
        raise ValueError(f"chapter must be one of {CHAPTERS}, got chapter={chapter!r}")
    return importlib.import_module(f"{__name__}.ch{chapter:02d}")
