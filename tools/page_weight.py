"""Weigh every page of the built book: its HTML plus the images it shows.

    python tools/page_weight.py [_build/html]

A page's weight is the size of its HTML file (which already holds any inline
``data:`` URIs, e.g. figures embedded as base64) plus every file under ``_images/``
that it references. Shared theme assets (``_static``) are cached across pages and not
counted. Prints a table, the median and the maximum against the targets (median <= 2 MB,
max <= 6 MB) and PASS or FAIL; the exit code is 1 on FAIL.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
MB = 1_000_000
MEDIAN_TARGET = 2 * MB
MAX_TARGET = 6 * MB
SKIP_DIRS = {"_static", "_sources", "_images", "_downloads"}
REFERENCE = re.compile(r"""(?:src|href|srcset|data)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
DATA_URI = re.compile(r"""data:[a-z]+/[a-z0-9.+-]+;base64,[A-Za-z0-9+/=\s]+""", re.IGNORECASE)


def weigh(page: Path, html_dir: Path) -> dict:
    """Sizes in bytes: the HTML, the inline data URIs within it, the referenced images."""
    text = page.read_text(encoding="utf-8", errors="replace")
    html_bytes = page.stat().st_size
    inline = sum(len(match.group(0)) for match in DATA_URI.finditer(text))
    images: set[Path] = set()
    for match in REFERENCE.finditer(text):
        for candidate in match.group(1).split(","):  # srcset: "a.png 1x, b.png 2x"
            url = candidate.strip().split(" ")[0]
            if not url or url.startswith(("data:", "http:", "https:", "#", "mailto:")):
                continue
            target = (page.parent / unquote(urlsplit(url).path)).resolve()
            if "_images" in target.parts and target.is_file():
                images.add(target)
    image_bytes = sum(path.stat().st_size for path in images)
    return {
        "page": page.relative_to(html_dir).as_posix(),
        "html": html_bytes,
        "inline": inline,
        "images": image_bytes,
        "total": html_bytes + image_bytes,
    }


def pages(html_dir: Path) -> list[Path]:
    return sorted(
        path
        for path in html_dir.rglob("*.html")
        if not SKIP_DIRS.intersection(path.relative_to(html_dir).parts)
    )


def report(html_dir: Path) -> bool:
    rows = [weigh(page, html_dir) for page in pages(html_dir)]
    if not rows:
        print(f"no pages in {html_dir}: run `make book` first")
        return False
    width = max(len(row["page"]) for row in rows)
    print(f"{'page':<{width}}  {'html KB':>9}  {'inline KB':>9}  {'images KB':>9}  {'total KB':>9}")
    for row in rows:
        print(
            f"{row['page']:<{width}}  {row['html'] / 1e3:9.1f}  {row['inline'] / 1e3:9.1f}  "
            f"{row['images'] / 1e3:9.1f}  {row['total'] / 1e3:9.1f}"
        )
    totals = [row["total"] for row in rows]
    median, largest = statistics.median(totals), max(totals)
    heaviest = max(rows, key=lambda row: row["total"])["page"]
    median_ok, max_ok = median <= MEDIAN_TARGET, largest <= MAX_TARGET
    print()
    print(f"pages: {len(rows)}")
    print(
        f"median page weight: {median / MB:.2f} MB (target <= {MEDIAN_TARGET / MB:.0f} MB) "
        f"{'PASS' if median_ok else 'FAIL'}"
    )
    print(
        f"max page weight:    {largest / MB:.2f} MB (target <= {MAX_TARGET / MB:.0f} MB) "
        f"{'PASS' if max_ok else 'FAIL'}  [{heaviest}]"
    )
    ok = median_ok and max_ok
    print(
        f"RESULT: page weight median {median / MB:.2f} MB, max {largest / MB:.2f} MB: "
        f"{'PASS' if ok else 'FAIL'}"
    )
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("html_dir", nargs="?", type=Path, default=ROOT / "_build" / "html")
    args = parser.parse_args(argv)
    return 0 if report(args.html_dir.resolve()) else 1


if __name__ == "__main__":
    sys.exit(main())
