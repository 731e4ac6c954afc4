"""How long the whole course takes to execute, against the floor of starting the stack.

    python bench/bench_course.py

Runs every ``notebooks/*.ipynb`` in a fresh kernel (as ``tools/execute_notebooks.py
--check`` does: nothing is written) and, in turns with them, as many one-cell notebooks
that only import the stack (numpy, matplotlib, ipywidgets and gdcourse's modules); each
twice, keeping the best time of each. Kernel start-up and imports are the floor no
chapter can beat; the ratio says what the chapters' own compute adds.
Target: ratio <= 1.8 (a student's run: scrubbable figures draw only their starting
picture, as they do without ``GDCOURSE_SCRUBBER_FRAMES=all``).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from execute_notebooks import NOTEBOOKS, execute  # noqa: E402

TARGET = 1.8
REPEATS = 2
# The stack every chapter imports: numpy, matplotlib, ipywidgets and gdcourse's modules.
FLOOR_SOURCE = (
    "import numpy, matplotlib.pyplot, ipywidgets\n"
    "import gdcourse, gdcourse.plotting, gdcourse.widgets, gdcourse.nn, gdcourse.quiz"
)


def floor_notebook(path: Path) -> None:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(FLOOR_SOURCE)]
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(notebook, path)


def main() -> int:
    chapters = sorted(NOTEBOOKS.glob("*.ipynb"))
    if not chapters:
        print("no notebooks to run")
        return 1
    # Chapters and floor notebooks run in turns, each twice, and the best time of each
    # counts: a shared machine's load then weighs on both sides alike.
    course = {path.name: float("inf") for path in chapters}
    with tempfile.TemporaryDirectory() as tmp:
        floor_path = Path(tmp) / "floor.ipynb"
        floor_notebook(floor_path)
        floor = [float("inf")] * len(chapters)
        for _ in range(REPEATS):
            for index, path in enumerate(chapters):
                course[path.name] = min(course[path.name], execute(path, write=False))
                floor[index] = min(floor[index], execute(floor_path, write=False, cwd=NOTEBOOKS))
    for name, seconds in course.items():
        print(f"{seconds:7.2f} s  {name}")
    course_total, floor_total = sum(course.values()), sum(floor)
    ratio = course_total / floor_total
    slowest = max(course, key=course.get)
    print()
    print(
        f"course:  {course_total:7.2f} s for {len(chapters)} notebooks "
        f"(slowest {slowest}: {course[slowest]:.2f} s)"
    )
    print(f"floor:   {floor_total:7.2f} s for {len(floor)} notebooks that only import the stack")
    status = "PASS" if ratio <= TARGET else "FAIL"
    print(f"RESULT: course execution ratio {ratio:.2f}x (target <= {TARGET:g}x): {status}")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
