"""Runs as files: CSV, JSON and NPZ, each carrying the config that re-creates the run.

Files hold data only: JSON text, and NPZ arrays of numbers with the config stored as a JSON
string (read back with ``allow_pickle=False``). Writes are atomic: a crash mid-write leaves any
old file intact.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

import numpy as np

from ..engine.runner import Run
from .atomic import atomic_write

COLUMNS = ("step", "x", "y", "loss", "grad_norm", "lr")
FORMAT_NAME = "optstudio-run"
FORMAT_VERSION = 1
EXTENSIONS = (".csv", ".json", ".npz")


def run_columns(run: Run) -> dict[str, np.ndarray]:
    return {
        "step": run.steps,
        "x": run.path[:, 0],
        "y": run.path[:, 1],
        "loss": run.loss_values,
        "grad_norm": run.grad_norm,
        "lr": run.lr,
    }


def run_to_csv(run: Run) -> str:
    """The columns of `optstudio run`, floats written so that they read back exactly."""
    table = np.column_stack(
        [run.steps.astype(np.float64), run.path, run.loss_values, run.grad_norm, run.lr]
    )
    buffer = io.StringIO()
    buffer.write(",".join(COLUMNS) + "\n")
    if len(table):
        np.savetxt(buffer, table, fmt=["%d"] + ["%.17g"] * 5, delimiter=",")
    return buffer.getvalue()


def run_to_dict(run: Run) -> dict[str, Any]:
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "config": run.config,
        "status": run.status,
        "final_step": run.step,
        "columns": {name: values.tolist() for name, values in run_columns(run).items()},
    }


def write_run(run: Run, path: str | os.PathLike[str]) -> Path:
    """Write a run as CSV, JSON or NPZ, chosen by the file's extension."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in EXTENSIONS:
        raise ValueError(
            f"cannot tell the format of '{target}': use one of {', '.join(EXTENSIONS)}"
        )
    if suffix == ".csv":
        text = run_to_csv(run)
        atomic_write(target, lambda f: f.write(text), binary=False)
    elif suffix == ".json":
        text = json.dumps(run_to_dict(run), indent=1, allow_nan=False)
        atomic_write(target, lambda f: f.write(text), binary=False)
    else:
        arrays = {name: np.ascontiguousarray(v) for name, v in run_columns(run).items()}
        meta = json.dumps(
            {
                "format": FORMAT_NAME,
                "version": FORMAT_VERSION,
                "config": run.config,
                "status": run.status,
                "final_step": run.step,
            }
        )
        atomic_write(target, lambda f: np.savez(f, meta=np.array(meta), **arrays), binary=True)
    return target


def read_npz_run(path: str | os.PathLike[str]) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """The metadata and columns of an NPZ run file, never unpickling anything."""
    with np.load(path, allow_pickle=False) as data:
        meta = json.loads(str(data["meta"]))
        columns = {name: data[name] for name in COLUMNS}
    return meta, columns
