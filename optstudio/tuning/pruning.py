"""Pruning: where a trial is judged (its rungs) and the limit it must meet at each, from the
runs of its optimizer that passed the rung before it was handed out.

- "median" (Optuna's MedianPruner): rungs at a quarter, half and three quarters of the steps;
  a run stops where it is worse than the median of the runs before it, once five have passed.
- "halving" (asynchronous successive halving, Li et al. 2020; Optuna's
  SuccessiveHalvingPruner): rungs at a 27th, a 9th and a third of the steps, each three times
  the last; a run goes on from a rung only if it is among the best third of the runs there,
  itself counted (the first runs: only if it is the best so far).

The limit is worked out where the study runs and sent with the task, so a worker judges a run
by plain numbers and any worker judges it alike.
"""

from __future__ import annotations

import numpy as np

from .metrics import METRICS

PRUNERS = ("none", "median", "halving")
RUNG_FRACTIONS = {
    "none": (0.25, 0.5, 0.75),
    "median": (0.25, 0.5, 0.75),
    "halving": (1 / 27, 1 / 9, 1 / 3),
}
"""Where a trial is judged, as shares of its steps (its metric is recorded there whether it
may be pruned or not)."""
MEDIAN_STARTUP = 5
"""A rung prunes by the median once this many runs have passed it (Optuna's MedianPruner
waits for five trials too)."""
REDUCTION = 3
"""Successive halving keeps the best third at each rung (the paper's η)."""


def rung_steps(pruner: str, steps: int, every: int) -> list[int]:
    """The steps a trial is judged at: recorded rows, so every trial is judged alike."""
    rungs = {round(steps * f / every) * every for f in RUNG_FRACTIONS[pruner]}
    return sorted(r for r in rungs if 0 < r < steps)


def limits(pruner: str, passed: dict[int, list[float]], metric: str) -> dict[int, float] | None:
    """Each rung's limit for the next run, from the metrics of the runs that passed it."""
    if pruner == "none":
        return None
    rule = _median if pruner == "median" else _halving
    out = {step: rule(values, metric) for step, values in passed.items()}
    return {step: limit for step, limit in out.items() if limit is not None}


def worse(value: float, limit: float, metric: str) -> bool:
    """Whether a run's metric at a rung misses the rung's limit (a tie goes on)."""
    return value > limit if METRICS[metric] == "minimize" else value < limit


def _median(values: list[float], metric: str) -> float | None:
    return float(np.median(values)) if len(values) >= MEDIAN_STARTUP else None


def _halving(values: list[float], metric: str) -> float | None:
    """The k-th best of the runs before: with the run itself among n + 1, the best
    max((n + 1) // 3, 1) go on, so the run goes on unless k runs before it were better."""
    keep = max((len(values) + 1) // REDUCTION, 1)
    if len(values) < keep:
        return None
    best_first = sorted(values, reverse=METRICS[metric] == "maximize")
    return float(best_first[keep - 1])
