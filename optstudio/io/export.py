"""Runs as files: CSV, JSON and NPZ, each carrying the config that re-creates the run.

Files hold data only: JSON text, and NPZ arrays of numbers with the config stored as a JSON
string (read back with ``allow_pickle=False``). Writes are atomic: a crash mid-write leaves any
old file intact.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

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


CHUNK_ROWS = 65_536
"""Rows formatted at a time: exports stream, so their memory does not grow with the run (a
whole table as text took 7 to 22 times the run's own memory)."""


def write_csv(run: Run, out: IO[str]) -> None:
    """The columns of `optstudio run`; floats as their shortest exact text (repr), so that
    they read back bit for bit."""
    out.write(",".join(COLUMNS) + "\n")
    for first in range(0, len(run), CHUNK_ROWS):
        last = min(first + CHUNK_ROWS, len(run))
        columns = (
            run.steps_at(np.arange(first, last)).tolist(),
            run.path[first:last, 0].tolist(),
            run.path[first:last, 1].tolist(),
            run.loss_values[first:last].tolist(),
            run.grad_norm[first:last].tolist(),
            run.lr[first:last].tolist(),
        )
        out.write(
            "".join(
                f"{s},{x!r},{y!r},{f!r},{g!r},{r!r}\n"
                for s, x, y, f, g, r in zip(*columns, strict=True)
            )
        )


def run_metadata(
    run: Any, format_name: str = FORMAT_NAME, version: int = FORMAT_VERSION
) -> dict[str, Any]:
    """What a run file says of its run (of either kind) besides the columns: the config that
    re-creates it."""
    return {
        "format": format_name,
        "version": version,
        "config": run.config,
        "status": run.status,
        "final_step": run.step,
    }


def json_numbers(values: np.ndarray) -> str:
    """Numbers as JSON reads them back exactly (repr), with null where not finite."""
    items = values.tolist()
    if values.dtype.kind == "f" and not np.isfinite(values).all():
        return ",".join(repr(v) if math.isfinite(v) else "null" for v in items)
    return ",".join(map(repr, items))


def write_json(run: Run, out: IO[str]) -> None:
    """The run's metadata, then each column streamed in chunks (non-finite values as null)."""
    head = json.dumps(run_metadata(run), indent=1, allow_nan=False)
    out.write(head[:-2] + ',\n "columns": {')
    columns = run_columns(run)
    for index, (name, values) in enumerate(columns.items()):
        out.write(f"{',' if index else ''}\n  {json.dumps(name)}: [")
        for first in range(0, len(values), CHUNK_ROWS):
            out.write(("," if first else "") + json_numbers(values[first : first + CHUNK_ROWS]))
        out.write("]")
    out.write("\n }\n}\n")


def write_run(run: Run, path: str | os.PathLike[str]) -> Path:
    """Write a run as CSV, JSON or NPZ, chosen by the file's extension."""
    return write_by_extension(
        path,
        lambda f: write_csv(run, f),
        lambda f: write_json(run, f),
        lambda: {name: np.ascontiguousarray(v) for name, v in run_columns(run).items()},
        lambda: run_metadata(run),
    )


def write_by_extension(
    path: str | os.PathLike[str],
    csv: Callable[[IO[str]], None],
    json_text: Callable[[IO[str]], None],
    arrays: Callable[[], dict[str, np.ndarray]],
    metadata: Callable[[], dict[str, Any]],
) -> Path:
    """Write CSV, JSON or NPZ (the arrays and the metadata as JSON) by the file's extension,
    whole or not at all."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in EXTENSIONS:
        raise ValueError(
            f"cannot tell the format of '{target}': use one of {', '.join(EXTENSIONS)}"
        )
    if suffix == ".csv":
        atomic_write(target, csv, binary=False)
    elif suffix == ".json":
        atomic_write(target, json_text, binary=False)
    else:
        columns = arrays()
        meta = json.dumps(metadata())
        atomic_write(target, lambda f: np.savez(f, meta=np.array(meta), **columns), binary=True)
    return target


def read_npz_run(path: str | os.PathLike[str]) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """The metadata and columns of an NPZ run file, never unpickling anything."""
    with np.load(path, allow_pickle=False) as data:
        meta = json.loads(str(data["meta"]))
        columns = {name: data[name] for name in COLUMNS}
    return meta, columns
