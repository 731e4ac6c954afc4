"""The first code cell of every chapter: one BLAS thread, and gdcourse installed in Colab.

    python tools/colab_cell.py notebooks/*.ipynb           # insert or update the cell
    python tools/colab_cell.py --check notebooks/*.ipynb   # exit 1 if one is missing/stale

The cell first asks numpy's BLAS (OpenBLAS) for one thread, unless the environment says
otherwise: the course multiplies small matrices (layers of a few dozen units), which
one thread computes at least as fast as several, with less CPU (chapter 12: half of
it), and several times faster when the machine is busy (measured: 44 products of
300x100 by 100x100 matrices took 0.52 s with the default threads on a loaded 2-core
machine, 0.07 s with one). It must run before numpy is imported, hence the
first cell. In Google Colab a notebook opened from GitHub has no ``gdcourse``: the cell
then installs it (with the plotting extras) from the repository named in ``_config.yml``.
Anywhere else (a local clone, Binder, JupyterHub, nbval) it prints nothing and installs
nothing. It is plain Python, not ``%pip``, so that a test can run it in an ordinary
process.

The cell carries the tag ``remove-cell`` (the book does not show it) and the tag
``colab-install`` by which this script finds it again; it sits before the first code
cell. Run the script after the repository address changes; ``--check`` says whether the
notebooks are up to date.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from course_links import Repository  # noqa: E402

TAG = "colab-install"
TAGS = ["remove-cell", TAG]


def cell_source(repo: Repository | None = None) -> str:
    """The source of the Colab install cell for the repository in ``_config.yml``."""
    repo = repo or Repository.from_config()
    return (
        "# Set-up. The course multiplies small matrices: one BLAS thread does it at\n"
        "# least as fast as several, with less CPU, and several times faster on a busy\n"
        "# machine (Binder and Colab share theirs). Set before numpy is imported.\n"
        "import os\n"
        "import sys\n"
        "\n"
        'os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")\n'
        "\n"
        "# In Google Colab, install the course library; elsewhere: nothing more.\n"
        'if "google.colab" in sys.modules:\n'
        "    import subprocess\n"
        "\n"
        f'    repository = "{repo.url}.git@{repo.branch}"\n'
        '    package = f"gdcourse[plot] @ git+{repository}"\n'
        '    command = [sys.executable, "-m", "pip", "install", "--quiet", package]\n'
        "    subprocess.run(command, check=True)"
    )


def _find(notebook: nbformat.NotebookNode) -> int | None:
    for index, cell in enumerate(notebook.cells):
        if TAG in cell.get("metadata", {}).get("tags", []):
            return index
    return None


def update(notebook: nbformat.NotebookNode, source: str) -> bool:
    """Insert the cell before the first code cell, or refresh it; True if anything changed."""
    index = _find(notebook)
    if index is not None:
        cell = notebook.cells[index]
        changed = (
            cell.source != source or cell.outputs or list(cell.metadata.get("tags", [])) != TAGS
        )
        cell.source, cell.outputs, cell.execution_count = source, [], None
        cell.metadata["tags"] = list(TAGS)
        return bool(changed)
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": list(TAGS)})
    first_code = next(
        (i for i, c in enumerate(notebook.cells) if c.cell_type == "code"), len(notebook.cells)
    )
    notebook.cells.insert(first_code, cell)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if stale")
    args = parser.parse_args(argv)
    source = cell_source()
    stale = []
    for path in args.notebooks:
        notebook = nbformat.read(path, as_version=4)
        if update(notebook, source):
            stale.append(path)
            if not args.check:
                nbformat.validate(notebook)
                nbformat.write(notebook, path)
                print(f"{path}: Colab cell written")
    if args.check and stale:
        for path in stale:
            print(
                f"{path}: the Colab cell is missing or out of date "
                f"(run python tools/colab_cell.py {path})"
            )
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
