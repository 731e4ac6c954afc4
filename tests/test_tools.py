"""The notebook tools: what they write is stable from run to run."""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from execute_notebooks import WIDGET_VIEW, merge_streams  # noqa: E402


def test_consecutive_prints_on_one_stream_become_one_output():
    outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="a\n"),
        nbformat.v4.new_output("stream", name="stdout", text=["b\n", "c\n"]),
        nbformat.v4.new_output("stream", name="stderr", text="warning\n"),
        nbformat.v4.new_output("display_data", data={"text/plain": "x"}),
        nbformat.v4.new_output("stream", name="stdout", text="d\n"),
    ]
    merged = merge_streams(outputs)
    assert [o["output_type"] for o in merged] == ["stream", "stream", "display_data", "stream"]
    assert merged[0]["text"] == "a\nb\nc\n"
    assert merged[1]["text"] == "warning\n" and merged[3]["text"] == "d\n"


def test_committed_notebooks_store_each_run_of_printed_text_once():
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        for index, cell in enumerate(notebook.cells):
            outputs = cell.get("outputs", [])
            assert merge_streams([dict(o) for o in outputs]) == [dict(o) for o in outputs], (
                f"{path.name} cell {index}: re-execute it with tools/execute_notebooks.py"
            )


def test_committed_notebooks_show_widgets_as_their_html_version_without_a_kernel():
    # No saved widget state, so no widget view (it could only say "model not found"):
    # the scrubbable figure or the text is what a reader sees before running the cell.
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        assert "widgets" not in notebook.metadata, path.name
        for index, cell in enumerate(notebook.cells):
            for output in cell.get("outputs", []):
                assert WIDGET_VIEW not in output.get("data", {}), (
                    f"{path.name} cell {index}: re-execute it with tools/execute_notebooks.py"
                )
