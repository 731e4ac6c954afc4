"""Run every benchmark and print a summary: ``make bench``.

    python bench/run_all.py

Runs each ``bench/bench_*.py`` in turn, then ``tools/page_weight.py`` on ``_build/html``
(``make bench`` builds the book first), streaming their output. The summary lists each
script's exit status, wall time and result lines: lines that start with ``RESULT:``, or
the script's last line when it prints none. The whole report is also written to
``bench/results/latest.txt``. Exit code 1 if any script failed.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"


def run(script: Path) -> tuple[int, float, list[str]]:
    print(f"\n=== {script.relative_to(ROOT)} ===", flush=True)
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(script)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines = []
    for line in process.stdout:
        print(line, end="", flush=True)
        lines.append(line.rstrip())
    code = process.wait()
    return code, time.perf_counter() - start, lines


def result_lines(lines: list[str]) -> list[str]:
    results = [line.removeprefix("RESULT:").strip() for line in lines if line.startswith("RESULT:")]
    if not results:
        printed = [line for line in lines if line.strip()]
        results = printed[-1:] or ["(no output)"]
    return results


def main() -> int:
    scripts = sorted((ROOT / "bench").glob("bench_*.py")) + [ROOT / "tools" / "page_weight.py"]
    summary, failed = [], 0
    for script in scripts:
        code, seconds, lines = run(script)
        failed += code != 0
        status = "ok" if code == 0 else f"FAILED (exit {code})"
        summary.append((script.relative_to(ROOT).as_posix(), status, seconds, result_lines(lines)))

    report = ["", "=== summary ==="]
    for name, status, seconds, results in summary:
        report.append(f"{name:<28} {status:<16} {seconds:7.1f} s")
        report += [f"    {line}" for line in results]
    report.append(f"{len(scripts) - failed} of {len(scripts)} benchmark scripts succeeded")
    print("\n".join(report))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.txt").write_text("\n".join(report) + "\n", encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
