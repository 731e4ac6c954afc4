"""Packaging: one version, a valid citation, Binder's pins, the Colab cell, the wheel check."""

from __future__ import annotations

import contextlib
import fnmatch
import io
import os
import shutil
import subprocess
import sys
import zipfile
from importlib.metadata import version
from pathlib import Path

import nbformat
import pytest
import yaml
from packaging.version import Version

import gdcourse

tomllib = pytest.importorskip("tomllib")  # Python 3.11+ (CI and Binder run 3.11)
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import binder_pins  # noqa: E402
import check_wheel  # noqa: E402
import colab_cell  # noqa: E402
from course_links import Repository  # noqa: E402

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
CITATION = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
WORKFLOWS = ROOT / ".github" / "workflows"


# ---- one version ---------------------------------------------------------------------
def test_the_version_is_written_once():
    project = PYPROJECT["project"]
    assert "version" not in project and "version" in project["dynamic"]
    attr = PYPROJECT["tool"]["setuptools"]["dynamic"]["version"]["attr"]
    assert attr == "gdcourse.__version__"
    Version(gdcourse.__version__)  # a valid version number


def test_citation_and_changelog_follow_the_version():
    assert str(CITATION["version"]) == gdcourse.__version__
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## [Unreleased]" in changelog
    assert f"## [{gdcourse.__version__}]" in changelog


def test_citation_is_complete_and_points_at_the_repository():
    repo = Repository.from_config()
    assert CITATION["cff-version"] == "1.2.0"
    assert CITATION["repository-code"] == repo.url
    assert CITATION["url"] == repo.pages()
    assert set(CITATION["license"]) == {"MIT", "CC-BY-4.0"}
    assert CITATION["title"] and CITATION["authors"] and CITATION["message"]


def _cffconvert() -> str | None:
    # make lint installs cffconvert in a venv of its own (it pins jsonschema<4).
    local = ROOT / ".venv" / "cffconvert" / "bin" / "cffconvert"
    return str(local) if local.exists() else shutil.which("cffconvert")


@pytest.mark.skipif(
    _cffconvert() is None, reason="cffconvert not installed (make lint installs it)"
)
def test_citation_is_valid_cff(tmp_path):
    command = [_cffconvert(), "--validate", "--infile"]
    ok = subprocess.run([*command, str(ROOT / "CITATION.cff")], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    broken = tmp_path / "CITATION.cff"
    broken.write_text((ROOT / "CITATION.cff").read_text().replace("title:", "titel:"))
    assert subprocess.run([*command, str(broken)], capture_output=True).returncode != 0


# ---- Binder ----------------------------------------------------------------------------
def test_binder_pins_every_runtime_package_within_its_range():
    pins = binder_pins.read_pins()
    requirements = {req.name: req for req in binder_pins.runtime_requirements()}
    assert set(pins) == set(requirements), "run `make binder-pins`"
    for name, pinned in pins.items():
        assert requirements[name].specifier.contains(pinned), f"{name}=={pinned}"
    lines = (ROOT / "binder" / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert ".[plot]" in lines


def test_binder_pins_are_the_tested_versions():
    # make installs the test venv with the pins as constraints, so on CI this holds by
    # construction; locally it fails after a manual upgrade: run `make binder-pins`.
    drift = {
        name: (pinned, version(name))
        for name, pinned in binder_pins.read_pins().items()
        if version(name) != pinned
    }
    assert not drift, f"pinned vs installed: {drift}; run `make binder-pins` then `make test`"


def test_binder_and_student_installs_leave_out_the_toolchain():
    toolchain = {"jupyter-book", "nbval", "pytest", "ruff", "mypy", "playwright", "sphinx"}
    for path in [ROOT / "binder" / "requirements.txt", ROOT / "requirements-runtime.txt"]:
        text = path.read_text(encoding="utf-8").lower()
        assert not [tool for tool in toolchain if tool in text], path


def test_binder_python_is_the_ci_python():
    runtime = (ROOT / "binder" / "runtime.txt").read_text(encoding="utf-8").strip()
    assert runtime.startswith("python-")
    python = runtime.removeprefix("python-")
    test = yaml.safe_load((WORKFLOWS / "test.yml").read_text(encoding="utf-8"))
    assert test["jobs"]["test"]["container"] == f"python:{python}-bookworm"
    book = yaml.safe_load((WORKFLOWS / "book.yml").read_text(encoding="utf-8"))
    setup = [s for s in book["jobs"]["build"]["steps"] if "setup-python" in s.get("uses", "")]
    assert setup[0]["with"]["python-version"] == python
    assert Version(python) >= Version(PYPROJECT["project"]["requires-python"].lstrip(">="))


# ---- the workflows ---------------------------------------------------------------------
def test_workflows_run_ci_and_publish_the_book():
    test = (WORKFLOWS / "test.yml").read_text(encoding="utf-8")
    assert "bash .ci/run" in test
    book = yaml.safe_load((WORKFLOWS / "book.yml").read_text(encoding="utf-8"))
    assert book["permissions"]["pages"] == "write" and book["permissions"]["id-token"] == "write"
    steps = [step.get("uses", step.get("run", "")) for step in book["jobs"]["build"]["steps"]]
    assert "make book" in steps
    upload = next(s for s in book["jobs"]["build"]["steps"] if "upload-pages" in s.get("uses", ""))
    assert upload["with"]["path"] == "_build/html"
    deploy = book["jobs"]["deploy"]["steps"]
    assert any(step["uses"].startswith("actions/deploy-pages@") for step in deploy)


# ---- the Colab cell --------------------------------------------------------------------
def _run_cell(source: str, monkeypatch, in_colab: bool) -> tuple[list[list[str]], str]:
    commands: list[list[str]] = []

    def fake_run(command, **kwargs):
        commands.append(list(command))
        assert kwargs.get("check") is True
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(subprocess, "run", fake_run)
    if in_colab:
        monkeypatch.setitem(sys.modules, "google.colab", type(sys)("google.colab"))
    else:
        monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
        exec(compile(source, "<colab cell>", "exec"), {"__name__": "__main__"})
    return commands, printed.getvalue()


def test_colab_cell_installs_nothing_outside_colab_and_asks_for_one_blas_thread(monkeypatch):
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    commands, printed = _run_cell(colab_cell.cell_source(), monkeypatch, in_colab=False)
    assert commands == [] and printed == ""
    assert os.environ["OPENBLAS_NUM_THREADS"] == "1"


def test_colab_cell_keeps_a_blas_thread_count_already_chosen(monkeypatch):
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "4")
    _run_cell(colab_cell.cell_source(), monkeypatch, in_colab=False)
    assert os.environ["OPENBLAS_NUM_THREADS"] == "4"


def test_colab_cell_installs_the_course_from_the_repository(monkeypatch):
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)  # restored afterwards
    repo = Repository.from_config()
    commands, printed = _run_cell(colab_cell.cell_source(), monkeypatch, in_colab=True)
    assert commands == [
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            f"gdcourse[plot] @ git+{repo.url}.git@{repo.branch}",
        ]
    ]
    assert printed == ""


def test_colab_cell_runs_as_plain_python_in_a_fresh_process():
    source = colab_cell.cell_source()
    result = subprocess.run([sys.executable, "-c", source], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout == "" and result.stderr == ""


def test_colab_cell_is_inserted_once_before_the_first_code_cell():
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell("# 1. Title"), nbformat.v4.new_code_cell("x")]
    source = colab_cell.cell_source()
    assert colab_cell.update(notebook, source) is True
    assert [c.cell_type for c in notebook.cells] == ["markdown", "code", "code"]
    assert notebook.cells[1].source == source
    assert notebook.cells[1].metadata["tags"] == ["remove-cell", "colab-install"]
    assert colab_cell.update(notebook, source) is False  # already there, unchanged
    assert colab_cell.update(notebook, source + "\n# new") is True
    assert len(notebook.cells) == 3
    nbformat.validate(notebook)


def test_notebooks_carry_the_current_colab_cell():
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    source = colab_cell.cell_source()
    with_cell = {
        path.name: [
            c
            for c in nbformat.read(path, as_version=4).cells
            if colab_cell.TAG in c.metadata.get("tags", [])
        ]
        for path in notebooks
    }
    if not any(with_cell.values()):
        pytest.skip("no notebook has the Colab cell yet (python tools/colab_cell.py notebooks/*)")
    for name, cells in with_cell.items():
        assert len(cells) == 1, f"{name}: {len(cells)} Colab cells; run tools/colab_cell.py"
        assert cells[0].source == source, f"{name}: stale Colab cell; run tools/colab_cell.py"


# ---- the wheel check -------------------------------------------------------------------
def test_wheel_check_expects_every_package_file():
    expected = check_wheel.expected_files()
    for name in [
        "gdcourse/__init__.py",
        "gdcourse/py.typed",
        "gdcourse/data/iris.csv",
        "gdcourse/data/README.md",
    ]:
        assert name in expected
    assert not [name for name in expected if "__pycache__" in name or name.endswith(".pyc")]


def test_wheel_check_names_a_missing_data_file(tmp_path, capsys):
    package = tmp_path / "gdcourse"
    (package / "data").mkdir(parents=True)
    for name in ["__init__.py", "py.typed", "data/iris.csv"]:
        (package / name).write_text("")
    wheel = tmp_path / "gdcourse-0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("gdcourse/__init__.py", "")
        archive.writestr("gdcourse/py.typed", "")
    assert check_wheel.missing_files(wheel, package) == ["gdcourse/data/iris.csv"]


def test_package_data_patterns_cover_the_data_files():
    patterns = PYPROJECT["tool"]["setuptools"]["package-data"]["gdcourse"]
    data = [n for n in check_wheel.expected_files() if not n.endswith(".py")]
    for name in data:
        path = Path(name).relative_to("gdcourse").as_posix()
        globs = patterns + [p.removeprefix("**/") for p in patterns]  # `**/` may match nothing
        assert any(fnmatch.fnmatch(path, p) for p in globs), (
            f"{name} matches no pattern of [tool.setuptools.package-data]"
        )
