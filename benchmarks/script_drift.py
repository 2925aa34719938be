"""How far a network run's PyTorch script retraces the run before rounding parts them.

The Code tab says that a network's script "follows the run to 1e-7" for a while and then
drifts: the studio sums in its own order, torch in BLAS's, and training amplifies the last-bit
differences. This prints, for a few runs a lecturer makes, the first recorded step where the
script's parameters differ from the run's by more than 1e-7 (relative to the largest
parameter), and how far apart the two end (parameters, and the training loss they give).

    python benchmarks/script_drift.py        # needs torch (pip install torch==2.13.0)
"""

from __future__ import annotations

import runpy
import sys
import tempfile
from pathlib import Path

import numpy as np

import optstudio
from optstudio.codegen import generate_model
from optstudio.engine.models.mlp import objective

CASES = [
    ("circle", "sgd", {"steps": 5000, "lr": 0.03, "batch_size": 1}),
    ("circle", "adam", {"steps": 3000, "lr": 0.01}),
    ("xor", "sgd", {"steps": 3000, "lr": 0.1, "momentum": 0.9}),
    ("spiral", "sgd", {"steps": 3000, "lr": 0.1, "hidden": (8, 8), "batch_size": 10}),
    ("spiral", "lion", {"steps": 3000, "lr": 0.001, "hidden": (8, 8)}),
    ("circle", "sgd", {"steps": 3000, "lr": 0.03, "batch_size": 10}),
    ("circle", "adam", {"steps": 3000, "lr": 0.01, "batch_size": 10}),
    ("spiral", "adam", {"steps": 3000, "lr": 0.01, "hidden": (8, 8)}),
    ("digits", "rmsprop", {"steps": 1000, "lr": 0.002, "hidden": (32,), "batch_size": 64}),
]
TOLERANCE = 1e-7


def drift(dataset: str, optimizer: str, settings: dict) -> tuple[int | None, float, float]:
    """(first recorded step parted by more than TOLERANCE or None, the largest relative
    parameter gap at the end, the gap between the two training losses at the end)."""
    run = optstudio.train(dataset, optimizer, record_every=1, **settings)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "script.py"
        path.write_text(generate_model(run.config, "torch"))
        rows = runpy.run_path(str(path))["train"]().numpy()
    scale = np.abs(run.params).max(axis=1, keepdims=True)
    gaps = (np.abs(rows - run.params) / scale).max(axis=1)
    parted = np.flatnonzero(gaps > TOLERANCE)
    first = int(run.steps[parted[0]]) if parted.size else None
    data = run.data
    ours = objective(run.network, run.params[-1], data.x_train, data.y_train)[0]
    theirs = objective(run.network, rows[-1], data.x_train, data.y_train)[0]
    return first, float(gaps[-1]), abs(ours - theirs)


def main() -> int:
    try:
        import torch  # noqa: F401
    except ImportError:
        print("torch is not installed: pip install torch==2.13.0", file=sys.stderr)
        return 1
    print(f"{'run':<66} {'parts at step':>13} {'end gap':>9} {'loss gap':>9}")
    for dataset, optimizer, settings in CASES:
        first, end, loss = drift(dataset, optimizer, settings)
        name = f"{dataset} {optimizer} " + " ".join(f"{k}={v}" for k, v in settings.items())
        parted = "never" if first is None else str(first)
        print(f"{name:<66} {parted:>13} {end:9.1e} {loss:9.1e}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
