"""Checks of a run's own settings (steps, start, seed, batch size, tolerance, changes), with
messages that name the setting and its valid range, as the specs do for hyperparameters."""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from .hyper_history import replay
from .losses import Loss
from .specs import OptimizerSpec, Value

MAX_STEPS = 1 << 62
MAX_RUN_STEPS = 2_000_000_000
"""The most steps one run of the command line or the studio takes: about a minute at full
speed (tens of millions of steps a second), never hours."""
MAX_SWEEP_STEPS = 20_000_000_000
"""The most steps all runs of one sweep or basin map take together (a few minutes on 2 cores)."""
SEED_LIMIT = 2**64 - 1
"""Seeds are 64-bit: the counter-based generator mixes all of their bits."""


def whole_number(value: Any, name: str, low: int, high: int = MAX_STEPS) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer | float):
        raise ValueError(f"{name} must be a whole number in [{low}, {high}], got {value!r}")
    if isinstance(value, float) and not value.is_integer():
        raise ValueError(f"{name} must be a whole number in [{low}, {high}], got {value!r}")
    number = int(value)
    if not low <= number <= high:
        raise ValueError(f"{name} must be a whole number in [{low}, {high}], got {value!r}")
    return number


def run_steps(value: Any) -> int:
    """The steps asked of one run, by the API and the command line alike: none (the start
    alone) up to what a run takes in about a minute at full speed, never hours."""
    whole = isinstance(value, int | np.integer) and not isinstance(value, bool)
    if whole and not 0 <= value <= MAX_RUN_STEPS:
        raise ValueError(
            f"steps must be a whole number in [0, {MAX_RUN_STEPS:,}] (a run of "
            f"{MAX_RUN_STEPS:,} steps takes about a minute at full speed), got {value:,}"
        )
    return whole_number(value, "steps", 0, MAX_RUN_STEPS)


def start_point(start: Any, loss: Loss) -> tuple[float, float]:
    if start is None:
        return loss.spec.default_start
    try:
        x, y = (float(v) for v in start)
    except (TypeError, ValueError):
        raise ValueError(f"start must be two numbers (x, y), got {start!r}") from None
    if not (math.isfinite(x) and math.isfinite(y)):
        raise ValueError(f"start must be finite, got {start!r}")
    return x, y


def tolerance(tol: Any) -> float:
    try:
        value = float(tol)
    except (TypeError, ValueError):
        raise ValueError(f"tol must be a number >= 0, got {tol!r}") from None
    if not (math.isfinite(value) and value >= 0.0):
        raise ValueError(f"tol must be a finite number >= 0, got {tol!r}")
    return value


def batch_size_for(batch_size: Any, loss: Loss) -> int | None:
    if batch_size is None:
        return None
    if not loss.spec.is_data:
        raise ValueError(
            f"batch_size applies to data losses (linreg, logreg), not to {loss.name}; "
            "use grad_noise for noisy gradients"
        )
    return whole_number(batch_size, "batch_size", 1, loss.n_samples)


def validated_changes(
    changes: Any, spec: OptimizerSpec, values: Mapping[str, Value]
) -> list[tuple[int, dict[str, Any]]]:
    if not changes:
        return []
    result: list[tuple[int, dict[str, Any]]] = []
    current = dict(values)
    last = -1
    for change in changes:
        if not isinstance(change, Mapping) or "step" not in change:
            raise ValueError("each hyper_changes entry needs a 'step' and the values it sets")
        step = whole_number(change["step"], "hyper_changes step", 0)
        if step < last:
            raise ValueError("hyper_changes must be in step order")
        last = step
        updates = {k: v for k, v in change.items() if k != "step"}
        current = spec.resolve({**current, **updates})
        result.append((step, updates))
    return result


def settings_of(function: Callable[..., Any]) -> dict[str, Any]:
    """The keyword-only settings of `function` (simulate, train) and their defaults: written
    once, in its signature, and read here by the functions that take the same settings."""
    parameters = inspect.signature(function).parameters.values()
    return {p.name: p.default for p in parameters if p.kind is p.KEYWORD_ONLY}


def at_start(built: tuple[Any, list[Any]], replayed_by: str) -> Any:
    """The run of `built` (a run at step 0 and the hyperparameter changes to replay), for a
    caller that drives it itself: changes are refused, only `replayed_by` replays them."""
    run, changes = built
    if changes:
        raise ValueError(f"hyper_changes are replayed by {replayed_by}(), not at the start")
    return run


def replayed(built: tuple[Any, list[Any]], steps: Any) -> Any:
    """The run of `built` (a run at step 0 and the hyperparameter changes to replay) taken
    to `steps` (checked), each change made at its step."""
    run, changes = built
    replay(run, changes, run_steps(steps))
    return run
