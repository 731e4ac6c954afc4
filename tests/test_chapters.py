"""Every chapter's exercises and quiz, as the package defines them, and the notebooks' cells.

The answers live in ``gdcourse.chapters``; these tests make sure that each reference
solution passes its own check, that wrong answers get the specific feedback, that the
quizzes are valid and hide their explanations, and that no notebook cell gives an
answer away.
"""

from __future__ import annotations

import contextlib
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import numpy as np
import pytest

from gdcourse.chapters import CHAPTERS, load
from gdcourse.course import Exercise, ExerciseSet, make_quiz
from gdcourse.quiz import text_to_html

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
EXERCISES = [(n, exercise.name) for n in CHAPTERS for exercise in load(n).exercises]


def exercise_of(chapter: int, name: str) -> Exercise:
    return load(chapter).exercises[name]


def run_solution(chapter: int, exercise: Exercise):
    namespace = load(chapter).exercises.namespace()
    with contextlib.redirect_stdout(io.StringIO()):
        exec(exercise.solution_code, namespace)
    return namespace["answer"]


def is_number(value) -> bool:
    return not isinstance(value, (str, bool, np.bool_))


@pytest.mark.parametrize("chapter, name", EXERCISES)
def test_reference_solution_passes(chapter, name):
    exercise = exercise_of(chapter, name)
    result = exercise.check(run_solution(chapter, exercise))
    assert result.correct, result


@pytest.mark.parametrize("chapter, name", EXERCISES)
def test_wrong_answers_get_specific_feedback(chapter, name):
    exercise = exercise_of(chapter, name)
    expected = exercise.expected_value()
    assert repr(exercise.check(...)).endswith("not answered yet (replace ... with your answer)")
    assert exercise.check(None).status == "unanswered"
    if not is_number(expected):
        if isinstance(expected, str):
            assert "is not the right answer" in exercise.check("Z").message
            assert "expected text" in exercise.check(1.0).message
        return
    value = np.asarray(expected, dtype=float)
    assert "wrong sign" in exercise.check(-value).message
    assert "off by a factor of 2" in exercise.check(2 * value).message
    wrong_shape = np.append(value, 1.0) if value.ndim else np.array([value, value])
    assert "wrong shape" in exercise.check(wrong_shape).message
    assert exercise.check(str(float(value.flat[0]))).message.startswith("expected a number")


@pytest.mark.parametrize("chapter, name", EXERCISES)
def test_answer_typed_from_four_printed_digits_passes(chapter, name):
    # The default rtol=1e-3 accepts any answer rounded to four significant digits.
    exercise = exercise_of(chapter, name)
    expected = exercise.expected_value()
    if not is_number(expected) or exercise.rtol < 1e-3:
        pytest.skip("a text answer, or an answer meant to be computed, not typed")
    rounded = [float(f"{x:.4g}") for x in np.ravel(expected)]
    answer = rounded[0] if np.ndim(expected) == 0 else rounded
    assert exercise.check(answer).correct


@pytest.mark.parametrize(
    "answer",
    [None, ..., "0.5", "", [[1.0, 2.0], [3.0]], np.nan, [np.inf], 1j, [1j, 2.0], object(), {}],
    ids=repr,
)
def test_student_input_never_raises(answer):
    for chapter, name in EXERCISES[:12]:
        result = exercise_of(chapter, name).check(answer)
        assert not result.correct


@pytest.mark.parametrize("chapter, name", EXERCISES)
def test_hints_and_solution_are_shown_on_request_only(chapter, name):
    exercise = exercise_of(chapter, name)
    assert str(exercise.hint()) and str(exercise.hint(1)) == exercise.hints[0]
    assert "answer" in str(exercise.solution())
    html = exercise._repr_html_()
    assert html == exercise._repr_html_()  # the same text every time (nbval)
    assert " open" not in html and "<script" not in html
    outside = re.sub(r"<details.*?</details>", "", html, flags=re.DOTALL)
    assert "answer" not in outside and text_to_html(exercise.hints[0]) not in outside
    assert html.count("<details") == len(exercise.hints) + 1
    assert "answer" not in repr(exercise).replace(".check(answer)", "")


def test_exercise_sets_are_reached_by_name():
    exercises = load(10).exercises
    assert exercises.adam_first_step is exercises["adam_first_step"]
    with pytest.raises(AttributeError, match="adam_first_step"):
        exercises.no_such_exercise  # noqa: B018
    with pytest.raises(ValueError, match="chapter"):
        load(22)


@pytest.mark.parametrize("bad", [np.nan, np.inf, [1.0, np.nan], 1 + 2j, np.array([1j]), object()])
def test_a_broken_definition_is_refused(bad):
    exercise = Exercise("broken", lambda: bad, "answer = 1", ["a hint"])
    with pytest.raises(ValueError, match="broken"):
        exercise.check(1.0)


def test_definitions_are_validated():
    with pytest.raises(ValueError, match="hints"):
        Exercise("x", lambda: 1.0, "answer = 1", [])
    with pytest.raises(ValueError, match="name"):
        Exercise("not a name", lambda: 1.0, "answer = 1", ["h"])
    same = Exercise("x", lambda: 1.0, "answer = 1", ["h"])
    with pytest.raises(ValueError, match="two exercises"):
        ExerciseSet([same, same])


def test_one_hint_is_hint_and_several_are_hints():
    exercises = ExerciseSet()

    @exercises.add(hint="one", solution_code="answer = 1")
    def with_one_hint() -> float:
        return 1.0

    @exercises.add(hints=["first", "second"], solution_code="answer = 2")
    def with_two_hints() -> float:
        return 2.0

    assert [e.hints for e in exercises] == [("one",), ("first", "second")]
    for bad in [{}, {"hint": "a", "hints": ["b"]}, {"hint": ["a list"]}]:
        with pytest.raises(ValueError, match="hint"):
            exercises.add(solution_code="answer = 1", **bad)


class DetailsTracker(HTMLParser):
    """Collects the text that lies outside every <details> element."""

    def __init__(self):
        super().__init__()
        self.depth, self.outside = 0, []

    def handle_starttag(self, tag, attrs):
        if tag == "details":
            assert "open" not in dict(attrs)
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == "details":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth == 0:
            self.outside.append(data)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_quiz_is_valid_and_hides_its_explanations(chapter):
    module = load(chapter)
    quiz = module.quiz()
    assert 3 <= len(quiz.questions) == len(module.QUIZ) <= 6
    html = quiz.to_html()
    tracker = DetailsTracker()
    tracker.feed(html)
    outside = " ".join(tracker.outside)
    for question in quiz.questions:
        assert question.answers and all(0 <= i < len(question.choices) for i in question.answers)
        first_words = " ".join(question.explanation.replace("$", " ").split()[:3])
        assert first_words not in outside
    assert "Correct" not in outside and "Not quite" not in outside


@pytest.mark.parametrize(
    "entry, match",
    [
        ({"answer": 2}, "answer"),
        ({"choices": ["same", " same "]}, "different"),
        ({"choices": ["a  b", "a b"]}, "different"),
    ],
)
def test_a_bad_question_bank_is_refused(entry, match):
    question = {"text": "Q?", "choices": ["A", "B"], "answer": 0, "explanation": "E."}
    with pytest.raises(ValueError, match=match):
        make_quiz([{**question, **entry}])


def code_cells(path):
    return [cell for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code"]


NOTEBOOK_PATHS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=lambda p: p.name)
def test_notebooks_give_no_answer_away(path):
    for cell in code_cells(path):
        source, tags = cell.source, cell.metadata.get("tags", [])
        assert not re.search(r"\bcheck\(\s*[\"']", source), source  # check("name", answer, ...)
        assert not re.search(r"\b(Quiz|Question)\(", source), source
        assert not re.search(r"\banswer\s*=\s*\d", source), source
        assert "hide-cell" not in tags or not re.search(r"\banswer\b", source), source


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=lambda p: p.name)
def test_notebooks_use_every_exercise_and_the_quiz(path):
    chapter = int(path.name[:2])
    module = load(chapter)
    cells = code_cells(path)
    sources = [cell.source for cell in cells]
    for exercise in module.exercises:
        student = [i for i, s in enumerate(sources) if f"ex.{exercise.name}.check(answer)" in s]
        assert len(student) == 1, exercise.name
        assert "answer = ..." in sources[student[0]]
        reveal = cells[student[0] + 1]  # the hints and solution, closed, right below
        assert reveal.source == f"ex.{exercise.name}"
        assert "remove-input" in reveal.metadata.get("tags", [])
    quizzes = [cell for cell in cells if cell.source == f"ch{chapter:02d}.quiz()"]
    assert len(quizzes) == 1 and "remove-input" in quizzes[0].metadata.get("tags", [])


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=lambda p: p.name)
def test_stored_hints_solutions_and_quiz_match_the_package(path):
    # The book shows the stored outputs: they must be what the package renders now.
    module = load(int(path.name[:2]))
    for cell in code_cells(path):
        if cell.source.startswith("ex.") and "(" not in cell.source:
            shown = module.exercises[cell.source[3:]]._repr_html_()
        elif cell.source.endswith(".quiz()"):
            shown = module.quiz().to_html()
        else:
            continue
        stored = [output for output in cell.outputs if "text/html" in output.get("data", {})]
        assert [output["data"]["text/html"] for output in stored] == [shown], cell.source
