"""Run the parts of ``make test`` in lanes side by side, then a table of their times.

    python3 tools/test_parts.py --make make --setup test-env "lint unit" "book-clean browser"

``--setup`` is made first, on its own, with its output as it comes (the installs): if it
fails, nothing else runs. Then each argument is a lane: its parts (``make <part>``) run
one after the other, every part even when an earlier one failed (as ``make -k`` would),
while the lanes run at the same time. A part's output goes to a log file (named when the
part starts, to follow it with ``tail -f``) and is printed whole when the part ends,
between ``==== make <part>`` and a line with its result, so two lanes never interleave.

The table at the end gives each part's time (parts of two lanes overlap: on 2 cores
they slow each other down, so a part takes longer here than alone), the total and the
machine's load average at the start and the end (at the start: what other programs
already use; two lanes of make test alone keep about 4 processes busy). The exit
status is 1 when any part failed, and the last line names them.

Standard library only: it runs with the system's python3 before ``.venv`` exists.
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Result:
    part: str
    lane: int
    ok: bool
    seconds: float


class Runner:
    def __init__(self, make: list[str], log_dir: Path):
        self.make = make
        self.log_dir = log_dir
        self.print_lock = threading.Lock()
        self.results: list[Result] = []

    def say(self, text: str) -> None:
        with self.print_lock:
            print(text, flush=True)

    def run_part(self, part: str, lane: int) -> Result:
        log = self.log_dir / f"{part}.log"
        self.say(f"---- make {part}: started (lane {lane}, log {log})")
        start = time.monotonic()
        with open(log, "wb") as out:
            # Same process group as make test: Ctrl-C stops every part too.
            process = subprocess.Popen([*self.make, part], stdout=out, stderr=subprocess.STDOUT)
            process.wait()
        result = Result(part, lane, process.returncode == 0, time.monotonic() - start)
        verdict = "passed" if result.ok else f"FAILED (exit {process.returncode})"
        with self.print_lock:
            print(f"\n==== make {part} ====", flush=True)
            sys.stdout.buffer.write(log.read_bytes())
            print(
                f"---- make {part}: {verdict} in {result.seconds:.0f} s (lane {lane})",
                flush=True,
            )
        self.results.append(result)
        return result

    def run_lane(self, parts: list[str], lane: int) -> None:
        for part in parts:
            self.run_part(part, lane)


def load() -> str:
    """The 1-minute load average: above the number of cores, other programs share them."""
    return f"{os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else "?"


def table(results: list[Result], setup: tuple[str, float] | None, total: float) -> str:
    lines = ["", "==== make test: times ====", f"{'part':<12} {'lane':>4} {'time':>7}"]
    if setup:
        lines.append(f"{setup[0]:<12} {'-':>4} {setup[1]:>6.0f}s")
    for result in sorted(results, key=lambda r: r.lane):  # each lane in its order
        status = "" if result.ok else "  FAILED"
        lines.append(f"{result.part:<12} {result.lane:>4} {result.seconds:>6.0f}s{status}")
    lines.append(f"{'total':<12} {'':>4} {total:>6.0f}s")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("lanes", nargs="+", help='a lane: parts separated by spaces, "a b c"')
    parser.add_argument("--make", default="make", help="the make command (make passes $(MAKE))")
    parser.add_argument("--setup", help="a target made first, alone (the installs)")
    args = parser.parse_args(argv)
    make = shlex.split(args.make)
    lanes = [lane.split() for lane in args.lanes]

    start = time.monotonic()
    load_at_start = load()
    setup = None
    if args.setup:
        print(f"==== make {args.setup} ====", flush=True)
        if subprocess.run([*make, args.setup]).returncode != 0:
            print(f"make test FAILED in: {args.setup} (nothing else ran)", flush=True)
            return 1
        setup = (args.setup, time.monotonic() - start)

    with tempfile.TemporaryDirectory(prefix="make-test-") as log_dir:
        runner = Runner(make, Path(log_dir))
        threads = [
            threading.Thread(target=runner.run_lane, args=(parts, number), daemon=True)
            for number, parts in enumerate(lanes, start=1)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    print(table(runner.results, setup, time.monotonic() - start))
    cores = os.cpu_count()
    print(f"load average at the start {load_at_start}, at the end {load()} ({cores} cores)")
    order = [part for parts in lanes for part in parts]
    failed = sorted((r.part for r in runner.results if not r.ok), key=order.index)
    if failed:
        print(f"make test FAILED in: {' '.join(failed)}")
        return 1
    print("make test: all parts passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
