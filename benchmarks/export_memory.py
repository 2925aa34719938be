"""Memory of exporting a long run as CSV, JSON and NPZ, against the run's own arrays.

    python benchmarks/export_memory.py [ROWS]

Runs gradient descent on the quadratic bowl for ROWS steps (default 1,000,000, every step
recorded), then writes each format to a temporary folder while tracemalloc follows Python's and
numpy's allocations, and prints the peak beside the run's own memory. Exports stream in chunks,
so the ratio stays well under 1 whatever the length (before, it was 7 to 22).
"""

from __future__ import annotations

import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import optstudio
from optstudio.io.export import write_run


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    run = optstudio.simulate("quadratic", "gd", steps=rows, lr=1e-4)
    own = sum(a.nbytes for a in (run.path, run.loss_values, run.grad_norm, run.lr))
    own += run.steps.nbytes
    print(f"run: {len(run):,} rows, {own / 2**20:.1f} MiB of arrays")
    with tempfile.TemporaryDirectory() as folder:
        for extension in (".csv", ".json", ".npz"):
            target = Path(folder) / f"run{extension}"
            tracemalloc.start()
            began = time.perf_counter()
            write_run(run, target)
            seconds = time.perf_counter() - began
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(
                f"{extension:>5}: peak {peak / 2**20:7.1f} MiB ({peak / own:5.2f} x the run), "
                f"{target.stat().st_size / 2**20:7.1f} MiB file, {seconds:5.2f} s"
            )


if __name__ == "__main__":
    main()
