"""One trial of a tuning study on one seed: `optstudio.train(**config)` and the metrics a study
ranks by. A plain function of plain data, so a Dask worker on any machine with optstudio
installed computes the same bits as the window's machine: the trial's settings and seed in,
its metrics and recorded test curve out.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

METRICS = {
    "final_test_loss": "minimize",
    "best_test_loss": "minimize",
    "final_test_accuracy": "maximize",
    "best_test_accuracy": "maximize",
}
"""What a study ranks trials by, and which way is better."""
CURVE_POINTS = 200
"""A trial's test curve is sent back with at most this many points (its rows thinned)."""


def trial_config(base: dict[str, Any], values: dict[str, Any], seed: int) -> dict[str, Any]:
    """`optstudio.train`'s settings of a trial: the study's run with the trial's values and
    the seed (initial weights and batches; the data stay the study's)."""
    from .space import run_settings

    config = {**base, **run_settings(values), "seed": int(seed)}
    return config


def run_trial(config: dict[str, Any]) -> dict[str, Any]:
    """Train one seed of a trial; its metrics (a diverged run's final loss is inf and its
    final accuracy 0: it is the worst there is, not missing; its best are what it reached
    before), status, steps and test curve."""
    import numba

    from ..training import train

    # one core a trial: workers are one a core, and numba's threads on top of them fought
    # over the cores (a trial took 260 ms in a worker against 185 ms alone); the chunks a
    # batch is split into do not depend on the threads, so the bits do not either
    threads = numba.get_num_threads()
    numba.set_num_threads(1)
    try:
        run = train(**config)
    finally:
        numba.set_num_threads(threads)
    test_loss = np.where(np.isfinite(run.test_loss), run.test_loss, np.inf)
    accuracy = np.nan_to_num(run.test_accuracy, nan=0.0)
    classes = run.data.task != "regression"
    rows = np.unique(np.linspace(0, len(run.steps) - 1, CURVE_POINTS).astype(int))
    diverged = run.status == "diverged"  # it ends where its loss is no longer a number
    return {
        "final_test_loss": math.inf if diverged else float(test_loss[-1]),
        "best_test_loss": float(test_loss.min()),
        "final_test_accuracy": (0.0 if diverged else float(accuracy[-1])) if classes else math.nan,
        "best_test_accuracy": float(accuracy.max()) if classes else math.nan,
        "final_train_loss": float(run.train_loss[-1]),
        "status": run.status,
        "steps": int(run.step),
        "curve_steps": run.steps[rows].tolist(),
        "curve_test_loss": test_loss[rows].tolist(),
    }


def worst(metric: str) -> float:
    """The value a failed trial counts as."""
    return math.inf if METRICS[metric] == "minimize" else 0.0
