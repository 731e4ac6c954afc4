"""Check that a built wheel carries every file of the gdcourse source tree.

    python tools/check_wheel.py dist/gdcourse-*.whl

The expected list is globbed from ``gdcourse/`` (every file except caches), so a data
file, a ``py.typed`` marker or a subpackage added later is checked without editing this
script. Exit 1 naming each missing file, e.g. ``gdcourse/data/iris.csv``: add its
pattern to ``[tool.setuptools.package-data]`` in pyproject.toml.
"""

from __future__ import annotations

import argparse
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "gdcourse"
IGNORED_DIRS = {"__pycache__", ".ipynb_checkpoints", ".mypy_cache"}
IGNORED_SUFFIXES = {".pyc", ".pyo"}


def expected_files(package: Path = PACKAGE) -> list[str]:
    """Paths (``gdcourse/...``, POSIX) of every file the installed package must have."""
    files = []
    for path in sorted(package.rglob("*")):
        relative = path.relative_to(package.parent)
        if path.is_dir() or IGNORED_DIRS & set(relative.parts):
            continue
        if path.suffix in IGNORED_SUFFIXES:
            continue
        files.append(relative.as_posix())
    return files


def missing_files(wheel: Path, package: Path = PACKAGE) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        present = set(archive.namelist())
    return [name for name in expected_files(package) if name not in present]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", type=Path)
    args = parser.parse_args(argv)
    expected = expected_files()
    missing = missing_files(args.wheel)
    if missing:
        for name in missing:
            print(
                f"{args.wheel.name}: missing {name} "
                "(add its pattern to [tool.setuptools.package-data] in pyproject.toml)"
            )
        return 1
    data = [name for name in expected if not name.endswith(".py")]
    print(
        f"{args.wheel.name}: all {len(expected)} files of gdcourse/ present "
        f"({len(data)} data files: {', '.join(data)})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
