"""How long a user's CSV takes to read: numpy's C parser (what the lab uses) against the cell
at a time checker (what it falls back to, to say where a damaged file is wrong), and a read
of the same file again (cached by path, size and modification time).

    python benchmarks/csv_read_speed.py [--rows 500000] [--columns 6]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import numpy as np

from optstudio.io import datasets


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=500_000)
    parser.add_argument("--columns", type=int, default=6)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    x = rng.normal(size=(args.rows, args.columns))
    table = np.column_stack([x, (x[:, 0] > 0).astype(int)])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "table.csv"
        with path.open("w") as handle:
            handle.write(",".join([*(f"x{i}" for i in range(args.columns)), "label"]) + "\n")
            np.savetxt(handle, table, delimiter=",", fmt="%.10g")
        size = path.stat().st_size / 2**20
        began = time.perf_counter()
        datasets.read_csv_table(path)
        fast = time.perf_counter() - began
        began = time.perf_counter()
        datasets.read_csv_table(path)
        cached = time.perf_counter() - began
        began = time.perf_counter()
        datasets._checked_table(path.read_text(), "benchmark")
        checked = time.perf_counter() - began
    print(f"load average {os.getloadavg()[0]:.2f}; {args.rows:,} rows x {args.columns + 1} columns")
    print(f"{size:.1f} MB: numpy's parser {fast:.2f} s, again (cached) {cached * 1000:.1f} ms")
    print(f"cell at a time {checked:.2f} s ({checked / fast:.1f}x the parser)")


if __name__ == "__main__":
    main()
