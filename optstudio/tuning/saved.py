"""A tuning study in a session file: its plan (space, budget, seeds, sampler and its seed,
metric, the base run) and every finished trial with each seed's metrics, so that a saved study
reopens with its results, not by running again.

A session file is untrusted input: everything read back is checked, the plan as the command
line's options are (the space parsed again, the base run built by `optstudio.train`'s checks),
the trials as numbers and words of bounded size; anything else is one line naming what.
"""

from __future__ import annotations

import math
from typing import Any

from .metrics import METRICS
from .space import STUDY_SETTINGS, parse_space
from .study import DEFAULTS_TRIAL, TrialResult, TuningPlan, settle

MAX_TRIALS = 20_000
SEED_KEYS = (*METRICS, "final_train_loss", "status", "steps")
"""What a saved trial keeps of each seed (its curve is not kept: a session stays small)."""


def study_to_dict(plan: TuningPlan, trials: list[TrialResult]) -> dict[str, Any]:
    return {
        "base": plan.base,
        "spaces": {name: [d.text() for d in space] for name, space in plan.spaces.items()},
        "trials": plan.trials,
        "seeds": plan.seeds,
        "sampler": plan.sampler,
        "metric": plan.metric,
        "sampler_seed": plan.sampler_seed,
        "grid_points": plan.grid_points,
        "with_defaults": plan.with_defaults,
        "prune": plan.prune,
        "finished": [
            {
                "optimizer": t.optimizer,
                "number": t.number,
                "values": t.values,
                "seeds": {
                    str(s): {k: _plain(m[k]) for k in SEED_KEYS if k in m}
                    for s, m in sorted(t.seeds.items())
                },
            }
            for t in trials
            if len(t.seeds) == plan.seeds
        ],
    }


def study_from_dict(data: Any) -> tuple[TuningPlan, list[TrialResult]]:
    """The plan and finished trials of a saved study (ValueError, one line, otherwise)."""
    from ..engine.models.optimizers import model_optimizer_spec
    from ..training import checked_model_config

    if not isinstance(data, dict):
        raise ValueError("its tuning study is not a table")
    spaces_raw = data.get("spaces")
    if not isinstance(spaces_raw, dict) or not 1 <= len(spaces_raw) <= 32:
        raise ValueError("its tuning study names no optimizers")
    spaces = {}
    for name, texts in spaces_raw.items():
        spec = model_optimizer_spec(str(name))
        if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
            raise ValueError(f"its tuning space of {name} is not a list of dimensions")
        allowed = (*spec.hyperparam_names, *STUDY_SETTINGS)
        spaces[spec.name] = parse_space(",".join(texts), allowed) if texts else ()
    base = data.get("base")
    if not isinstance(base, dict):
        raise ValueError("its tuning study has no base run")
    first = next(iter(spaces))
    checked_model_config({**base, "optimizer": first})  # the network, data and steps
    plan = TuningPlan(
        base=dict(base),
        spaces=spaces,
        trials=data.get("trials"),
        seeds=data.get("seeds"),
        sampler=data.get("sampler"),
        metric=data.get("metric"),
        sampler_seed=_whole(data.get("sampler_seed", 0), "sampler_seed"),
        grid_points=_whole(data.get("grid_points", 5), "grid_points", 1, 64),
        with_defaults=bool(data.get("with_defaults", True)),
        prune=data.get("prune", "none"),
    )
    finished = data.get("finished", [])
    if not isinstance(finished, list) or len(finished) > MAX_TRIALS:
        raise ValueError(f"its tuning study's trials are not a list of at most {MAX_TRIALS:,}")
    trials = [_trial(raw, plan) for raw in finished]
    return plan, trials


def _trial(raw: Any, plan: TuningPlan) -> TrialResult:
    if not isinstance(raw, dict):
        raise ValueError("a tuning trial is not a table")
    optimizer = raw.get("optimizer")
    if optimizer not in plan.spaces:
        raise ValueError(f"a tuning trial's optimizer {optimizer!r} is not in the study")
    number = _whole(raw.get("number"), "a tuning trial's number", DEFAULTS_TRIAL, MAX_TRIALS)
    names = {d.name for d in plan.spaces[optimizer]}
    values = raw.get("values")
    if not isinstance(values, dict) or not set(values) <= names:
        raise ValueError(f"tuning trial {number} of {optimizer} has values outside its space")
    for value in values.values():
        if not (value is None or isinstance(value, int | float | str)) or isinstance(value, bool):
            raise ValueError(f"tuning trial {number} of {optimizer} has a value {value!r}")
    seeds_raw = raw.get("seeds")
    if not isinstance(seeds_raw, dict) or len(seeds_raw) != plan.seeds:
        raise ValueError(f"tuning trial {number} of {optimizer} has not its {plan.seeds} seeds")
    seeds = {}
    for key, metrics in seeds_raw.items():
        seed = _whole(key, "a tuning seed")
        if not isinstance(metrics, dict) or not set(metrics) <= set(SEED_KEYS):
            raise ValueError(f"tuning trial {number}, seed {seed}: not a table of metrics")
        for name in METRICS:
            value = metrics.get(name)
            if value is not None and not isinstance(value, int | float):
                raise ValueError(f"tuning trial {number}, seed {seed}: {name} is not a number")
        seeds[seed] = {
            **{name: _metric(metrics.get(name), name) for name in METRICS},
            "final_train_loss": _number(metrics.get("final_train_loss")),
            "status": str(metrics.get("status", ""))[:200],
            "steps": _whole(metrics.get("steps", 0), "a tuning trial's steps"),
        }
    trial = TrialResult(str(optimizer), number, dict(values), seeds)
    settle(trial, plan.metric)
    return trial


def _plain(value: Any) -> Any:
    """JSON keeps no inf or nan: a diverged run's loss is saved as None and read back as
    the worst there is."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _metric(value: Any, name: str) -> float:
    """A saved metric: None was a loss past every number (a diverged run) or an accuracy a
    regression has not."""
    if value is None:
        return math.inf if METRICS[name] == "minimize" else math.nan
    return float(value)


def _number(value: Any) -> float:
    if value is None:
        return math.inf
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{value!r} is not a number")
    return float(value)


def _whole(value: Any, what: str, low: int = 0, high: int = 2**31) -> int:
    """A whole number in [low, high]; a seed is a key of a JSON table, so it comes as text."""
    if isinstance(value, str) and value.lstrip("-").isdigit() and len(value) < 12:
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{what} must be a whole number in [{low}, {high}], got {value!r}")
    return value
