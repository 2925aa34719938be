"""Model runs as files: `optstudio train`'s CSV, JSON and NPZ (with the parameters).

The columns are a model run's recorded metrics; JSON and NPZ also carry every recorded row of
parameters (torch's Sequential layout) and the config that re-creates the run with
`optstudio.train(**config)`. Files are written whole or not at all (`atomic_write`).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO, Any

import numpy as np

from ..engine.models.runner import ModelRun
from .export import CHUNK_ROWS, json_numbers, run_metadata, write_by_extension

MODEL_COLUMNS = (
    "step",
    "train_loss",
    "test_loss",
    "objective",
    "train_accuracy",
    "test_accuracy",
    "grad_norm",
    "lr",
)
MODEL_FORMAT_NAME = "optstudio-model-run"
MODEL_FORMAT_VERSION = 1


def model_columns(run: ModelRun) -> dict[str, np.ndarray]:
    """The recorded rows' columns: the step, its epoch (step x batch / training rows), the
    metrics."""
    columns = {name: getattr(run, "steps" if name == "step" else name) for name in MODEL_COLUMNS}
    return {"step": columns.pop("step"), "epoch": run.epoch, **columns}


def model_metadata(run: ModelRun) -> dict[str, Any]:
    return {
        **run_metadata(run, MODEL_FORMAT_NAME, MODEL_FORMAT_VERSION),
        "layers": [list(layer) for layer in run.layers],
        "features": list(run.data.features),
    }


def write_model_csv(run: ModelRun, out: IO[str]) -> None:
    """One row per step, with its epoch (step x batch / training rows): `step_loss`, the
    objective of the data the step from there was taken on (its mini-batch), on every step
    the run kept it for, and the whole sets' metrics on the steps a row was recorded at (empty
    elsewhere: a pass over the sets costs more than a step, so a mini-batch run records them
    every so often). Floats as their shortest exact text, nan where a metric does not apply
    (accuracy of a regression)."""
    columns = model_columns(run)
    recorded = columns["step"]
    step_loss = run.step_loss
    steps = np.union1d(recorded, np.arange(len(step_loss), dtype=np.int64))
    row_of = np.searchsorted(recorded, steps)
    has_row = (row_of < len(recorded)) & (recorded[np.minimum(row_of, len(recorded) - 1)] == steps)
    out.write(",".join(("step", "epoch", *MODEL_COLUMNS[1:], "step_loss")) + "\n")
    for first in range(0, len(steps), CHUNK_ROWS):
        lines = []
        for k in range(first, min(first + CHUNK_ROWS, len(steps))):
            step = int(steps[k])
            if has_row[k]:
                row = int(row_of[k])
                cells = [repr(float(columns[name][row])) for name in MODEL_COLUMNS[1:]]
            else:
                cells = [""] * (len(MODEL_COLUMNS) - 1)
            loss = repr(float(step_loss[step])) if step < len(step_loss) else ""
            epoch = repr(float(run.epoch_of(step)))
            lines.append(",".join((str(step), epoch, *cells, loss)) + "\n")
        out.write("".join(lines))


def write_model_json(run: ModelRun, out: IO[str]) -> None:
    head = json.dumps(model_metadata(run), indent=1, allow_nan=False)
    out.write(head[:-2] + ',\n "columns": {')
    for index, (name, values) in enumerate(model_columns(run).items()):
        out.write(f"{',' if index else ''}\n  {json.dumps(name)}: [{json_numbers(values)}]")
    out.write(f'\n }},\n "step_loss": [{json_numbers(run.step_loss)}],\n "params": [')
    for row, params in enumerate(run.params):
        out.write(f"{',' if row else ''}\n  [{json_numbers(params)}]")
    out.write("\n ]\n}\n")


def write_model_run(run: ModelRun, path: str | os.PathLike[str]) -> Path:
    """Write a model run as CSV, JSON or NPZ (with the parameters), by the file's extension."""

    def arrays() -> dict[str, np.ndarray]:
        columns = {name: np.ascontiguousarray(v) for name, v in model_columns(run).items()}
        return {
            **columns,
            "step_loss": np.ascontiguousarray(run.step_loss),
            "params": np.ascontiguousarray(run.params),
        }

    return write_by_extension(
        path,
        lambda f: write_model_csv(run, f),
        lambda f: write_model_json(run, f),
        arrays,
        lambda: model_metadata(run),
    )
