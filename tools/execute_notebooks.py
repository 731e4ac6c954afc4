"""Execute course notebooks in place, each in a fresh kernel, and keep their outputs.

    python tools/execute_notebooks.py                      # every notebooks/*.ipynb
    python tools/execute_notebooks.py notebooks/04_momentum.ipynb
    python tools/execute_notebooks.py --check              # time only, write nothing

Each notebook runs top to bottom in a new ``python3`` kernel of the *running* Python
environment (not whatever kernelspec happens to be installed), with ``notebooks/`` as
the working directory and a per-cell timeout of 180 s. Before writing, the notebook is
cleaned of what should not be committed:

* ``metadata.widgets`` (saved widget state: the book would then load the widget
  manager from a CDN, and it changes on every run);
* per-cell execution timings (``metadata.execution``, ``metadata.ExecuteTime``).

Scrubbable figures draw every slider position here (``GDCOURSE_SCRUBBER_FRAMES=all``,
see :mod:`gdcourse.plotting.scrubber`): the book shows these outputs. A student's
kernel, and nbval's, draw only the starting picture; ``tools/nbval_sanitize.cfg`` lets
nbval compare the two (the frames are pictures, which nbval never compares).

Outputs stay: the book is built from them and nbval checks them. Prints each notebook's
execution time in seconds; the exit code is 1 if any notebook failed.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from traitlets import default

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
TIMEOUT = 180
CELL_TIMING_KEYS = ("execution", "ExecuteTime")


class CurrentEnvKernelSpecs(KernelSpecManager):
    """``python3`` is always the ipykernel of the running interpreter (sys.executable)."""

    def get_kernel_spec(self, kernel_name):
        if kernel_name == "python3":
            import ipykernel.kernelspec

            return self.kernel_spec_class(
                resource_dir=ipykernel.kernelspec.RESOURCES,
                **ipykernel.kernelspec.get_kernel_dict(),
            )
        return super().get_kernel_spec(kernel_name)


class CurrentEnvKernelManager(KernelManager):
    """A kernel manager that finds ``python3`` in the running environment."""

    @default("kernel_spec_manager")
    def _kernel_spec_manager_default(self):
        return CurrentEnvKernelSpecs(data_dir=self.data_dir)


#: The output of a live widget: a reference to a widget model of the kernel.
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def strip_metadata(notebook) -> None:
    """Drop saved widget state and per-cell timings; keep outputs (streams merged).

    Without the saved state a widget's view can only say "Error displaying widget: model
    not found" in JupyterLab, so it is dropped too: a reader who opens the notebook
    without running it sees the widget's HTML version (its scrubbable figure) or its
    text, as the book does; running the cell brings the live widget back. nbval does not
    compare widget views (their model ids are random), so strict nbval still passes.
    """
    notebook.metadata.pop("widgets", None)
    for cell in notebook.cells:
        for key in CELL_TIMING_KEYS:
            cell.metadata.pop(key, None)
        if cell.cell_type == "code":
            cell.outputs = merge_streams(cell.outputs)
            for output in cell.outputs:
                data = output.get("data", {})
                if WIDGET_VIEW in data and len(data) > 1:  # a fallback is there to show
                    del data[WIDGET_VIEW]


def merge_streams(outputs: list) -> list:
    """One output for each run of printed text on the same stream.

    How the kernel cuts ``print`` output into messages depends on timing, so the same
    text could be stored as one output or as two from run to run; merged, a re-executed
    notebook changes only where its text changes. (nbval merges them the same way
    before comparing.)
    """
    merged: list = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (
            output.get("output_type") == "stream"
            and previous is not None
            and previous.get("output_type") == "stream"
            and previous.get("name") == output.get("name")
        ):
            previous["text"] = "".join(previous["text"]) + "".join(output["text"])
        else:
            merged.append(output)
    return merged


def execute(
    path: Path, *, write: bool = True, timeout: int = TIMEOUT, cwd: Path | None = None
) -> float:
    """Run one notebook in a fresh kernel; return the seconds it took.

    Raises the nbclient error of a failing cell. Writes the cleaned notebook back to
    ``path`` when ``write`` is true.
    """
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        kernel_manager_class=CurrentEnvKernelManager,  # owned: shut down after the run
        timeout=timeout,
        kernel_name="python3",
        record_timing=False,
        # The kernel's own log (e.g. "running over TCP without encryption") is noise here;
        # what the cells print is kept in the outputs.
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
        resources={"metadata": {"path": str(cwd or NOTEBOOKS)}},
    )
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    if write:
        strip_metadata(notebook)
        nbformat.validate(notebook)
        nbformat.write(notebook, path)
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: notebooks/*.ipynb")
    parser.add_argument("--check", action="store_true", help="only time them; write nothing")
    parser.add_argument("--timeout", type=int, default=TIMEOUT, help="seconds per cell")
    args = parser.parse_args(argv)
    os.environ["GDCOURSE_SCRUBBER_FRAMES"] = "all"  # inherited by every kernel started here

    paths = args.notebooks or sorted(NOTEBOOKS.glob("*.ipynb"))
    if not paths:
        print(f"no notebooks in {NOTEBOOKS}", file=sys.stderr)
        return 1
    failed, total = [], 0.0
    for path in paths:
        try:
            seconds = execute(path, write=not args.check, timeout=args.timeout)
        except (CellExecutionError, CellTimeoutError, DeadKernelError) as error:
            failed.append(path.name)
            print(f"FAILED {path.name}:\n{error}", file=sys.stderr)
            continue
        total += seconds
        print(f"{seconds:7.2f} s  {path.name}", flush=True)
    action = "checked (not written)" if args.check else "executed and written"
    print(f"{total:7.2f} s  total, {len(paths) - len(failed)} notebooks {action}")
    if failed:
        print(f"{len(failed)} failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
