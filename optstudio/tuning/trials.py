"""One trial of a tuning study on one seed: `optstudio.train(**config)` and the metrics a study
ranks by. A plain function of plain data, so a Dask worker on any machine with optstudio
installed computes the same bits as the window's machine: the trial's settings and seed in,
its metrics and recorded test curve out.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .metrics import worst
from .pruning import rung_steps, worse

CURVE_POINTS = 200
"""A trial's test curve is sent back with at most this many points (its rows thinned)."""


def at_step(run: Any, metric: str) -> float:
    """The metric of `run` as it stands (its latest recorded row; the best so far for a
    best_ metric), the worst there is once it has diverged."""
    if run.status == "diverged":
        return worst(metric)
    losses = np.where(np.isfinite(run.test_loss), run.test_loss, np.inf)
    accuracy = np.nan_to_num(run.test_accuracy, nan=0.0)
    values = losses if "loss" in metric else accuracy
    return float(values.min() if metric == "best_test_loss" else
                 values.max() if metric == "best_test_accuracy" else values[-1])  # fmt: skip


def trial_config(base: dict[str, Any], values: dict[str, Any], seed: int) -> dict[str, Any]:
    """`optstudio.train`'s settings of a trial: the study's run with the trial's values and
    the seed (initial weights and batches; the data stay the study's)."""
    from .space import run_settings

    config = {**base, **run_settings(values), "seed": int(seed)}
    steps = int(config.get("steps", 1000))
    # a row evaluates the whole test set: CURVE_POINTS of them tell a trial's story (a row
    # at every step doubled a digits trial's time)
    config.setdefault("record_every", max(1, steps // CURVE_POINTS))
    return config


def run_trial(
    config: dict[str, Any],
    prune_at: dict[int, float] | None = None,
    metric: str = "final_test_loss",
    pruner: str = "none",
) -> dict[str, Any]:
    """Train one seed of a trial; its metrics (a diverged run's final loss is inf and its
    final accuracy 0: it is the worst there is, not missing; its best are what it reached
    before), status, steps, its metric at each rung and its test curve. With `prune_at`
    ({rung step: threshold}), it stops at a rung where its metric is worse than that
    rung's limit (`pruning.limits` of the runs before it): status "pruned". `pruner` says
    where the rungs are."""
    import numba

    from ..training import create_model_run

    # one core a trial: workers are one a core, and numba's threads on top of them fought
    # over the cores (a trial took 260 ms in a worker against 185 ms alone); the chunks a
    # batch is split into do not depend on the threads, so the bits do not either
    threads = numba.get_num_threads()
    numba.set_num_threads(1)
    steps = int(config.get("steps", 1000))
    rungs: dict[int, float] = {}
    pruned = False
    try:
        run = create_model_run(**config)
        done = 0
        for stop in [*rung_steps(pruner, steps, run.record_every), steps]:
            run.advance(stop - done)
            done = stop
            if stop == steps or run.status in ("converged", "diverged"):
                break  # (a part of the steps done leaves a run at "max_steps" of the part)
            rungs[stop] = at_step(run, metric)
            limit = (prune_at or {}).get(stop)
            if limit is not None and worse(rungs[stop], limit, metric):
                pruned = True
                break
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
        "status": "pruned" if pruned else run.status,
        "steps": int(run.step),
        "rungs": {str(step): value for step, value in rungs.items()},
        "limits": {str(step): value for step, value in (prune_at or {}).items()},
        "curve_steps": run.steps[rows].tolist(),
        "curve_test_loss": test_loss[rows].tolist(),
    }
