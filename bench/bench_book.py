"""How long the book takes to build from stored outputs, against plain Markdown pages.

    python bench/bench_book.py

Builds the real book (notebooks are never executed: ``execute_notebooks: off``) into a
temporary directory, then a book with the same configuration and the same number of
pages where every page is a short plain Markdown page. The second build is the floor of
Jupyter Book itself; the ratio says what the notebooks' outputs, the API reference and
the bibliography add. Each build runs twice from scratch and the faster run counts.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"
REPEATS = 2
SHARED = ["_config.yml", "book/_ext", "book/_static", "book/_extra", "book/references.bib"]


def toc_files(toc: dict) -> list[str]:
    """Every file of a jb-book TOC, the root first."""
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [chapter["file"] for chapter in part.get("chapters", [])]
    files += [chapter["file"] for chapter in toc.get("chapters", [])]
    return files


def build_seconds(source: Path, output: Path) -> float:
    best = float("inf")
    for _ in range(REPEATS):
        shutil.rmtree(output, ignore_errors=True)
        start = time.perf_counter()
        result = subprocess.run(
            [str(JUPYTER_BOOK), "build", str(source), "--path-output", str(output), "--quiet"],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            sys.exit(f"build of {source} failed:\n{result.stdout}\n{result.stderr}")
        best = min(best, time.perf_counter() - start)
    return best


def plain_book(target: Path, count: int) -> None:
    """The same configuration with ``count`` short Markdown pages."""
    for name in SHARED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    files = [f"pages/page_{index:02d}" for index in range(count)]
    (target / "pages").mkdir()
    for index, name in enumerate(files):
        text = f"# Page {index}\n\nA plain page of text with no code, figures or math.\n"
        (target / f"{name}.md").write_text(text, encoding="utf-8")
    toc = {"format": "jb-book", "root": files[0], "chapters": [{"file": f} for f in files[1:]]}
    (target / "_toc.yml").write_text(yaml.safe_dump(toc), encoding="utf-8")


def main() -> int:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    count = len(toc_files(toc))
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        book = build_seconds(ROOT, tmp / "book_out")
        plain_book(tmp / "plain", count)
        plain = build_seconds(tmp / "plain", tmp / "plain_out")
    ratio = book / plain
    print(f"book build:  {book:6.2f} s for {count} pages (stored outputs, no execution)")
    print(f"plain build: {plain:6.2f} s for {count} plain Markdown pages, same configuration")
    print(f"RESULT: book build ratio {ratio:.2f}x of plain Markdown pages (informational)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
