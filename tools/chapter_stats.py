"""Words, code lines, exercises and quiz questions of every chapter, for the instructor's guide.

    python tools/chapter_stats.py            # prints the Markdown rows of book/instructors.md

Words of prose (a formula counts as one word), lines of code (no comments, blank lines or
the Colab cell), exercises and quiz questions (from ``gdcourse.chapters``). Reading time:
150 words a minute for technical prose with formulas, plus 20 s per line of code; working
time: 10 minutes per exercise and 1 per quiz question.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

from gdcourse.chapters import load

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
MATH = re.compile(r"\$\$.*?\$\$|\$[^$]*\$", re.S)


def stats(path: Path) -> tuple[str, int, int]:
    notebook = nbformat.read(path, as_version=4)
    title, words, code = "", 0, 0
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            text = MATH.sub(" formula ", cell.source)
            title = title or re.sub(r"^#\s*\d+\.\s*", "", text.splitlines()[0])
            words += len(re.findall(r"[\w'’-]+", text))
        elif "colab-install" not in cell.metadata.get("tags", []):
            lines = [line for line in cell.source.splitlines() if line.strip()]
            code += sum(not line.lstrip().startswith("#") for line in lines)
    return title, words, code


def main() -> None:
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        number = int(path.name[:2])
        title, words, code = stats(path)
        chapter = load(number)
        exercises, questions = len(list(chapter.exercises)), len(chapter.QUIZ)
        reading = round(words / 150 + code / 6)
        working = 10 * exercises + questions
        print(
            f"| {number} {title} | {words} | {code} | {exercises} | {questions} | "
            f"{reading} min | {working} min |"
        )


if __name__ == "__main__":
    main()
