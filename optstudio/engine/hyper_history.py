"""What two-parameter runs and model runs share about their hyperparameters over time.

- `LearningRates`: the learning rate of every step, the schedule's value at the current base
  lr, cut from blocks aligned to step 0 so that a run cut into chunks sees the rates one long
  call would.
- `HyperHistory`: the optimizer's values now, and the changes made mid-run (the way torch
  takes a new value in a parameter group: the optimizer state is kept). A change before the
  first step is a new start, not a change; the history gives the config that replays it.
- `replay`, which takes a run (of either kind) to its steps through its recorded changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from . import _ids
from .schedules import BLOCK, Schedule
from .specs import OptimizerSpec, Value

STATUS_NAMES = {_ids.RUNNING: "max_steps", _ids.CONVERGED: "converged", _ids.DIVERGED: "diverged"}


class LearningRates:
    def __init__(self, schedule: Schedule | None) -> None:
        self.schedule = schedule
        self._block: tuple[float, int, np.ndarray] | None = None

    def array(self, base: float, first: int, n: int) -> tuple[np.ndarray, int]:
        """Rates of steps [first, first + n) as (rates, stride): stride 0 means rates[0] is
        every step's rate (no schedule)."""
        if self.schedule is None:
            return np.array([base]), 0
        pieces = []
        for index in range(first // BLOCK, (first + n - 1) // BLOCK + 1):
            cached = self._block
            if cached is None or cached[0] != base or cached[1] != index:
                cached = (base, index, self.schedule.block(base, index))
                self._block = cached
            pieces.append(cached[2])
        offset = first - (first // BLOCK) * BLOCK
        return np.ascontiguousarray(np.concatenate(pieces)[offset : offset + n]), 1

    def at(self, base: float, step: int) -> float:
        return float(self.array(base, step, 1)[0][0])


class HyperHistory:
    def __init__(self, spec: OptimizerSpec, values: Mapping[str, Value]) -> None:
        self.spec = spec
        self.values = dict(values)
        self.changes: list[dict[str, Any]] = []

    @property
    def base_lr(self) -> float:
        return float(self.values["lr"])  # type: ignore[arg-type]

    def change(self, step: int, changes: Mapping[str, Any]) -> str:
        """Apply `changes` from `step` on. Returns "none" (nothing changed), "restart" (before
        the first step: the run starts from the new values) or "changed"."""
        if not changes:
            return "none"
        before = dict(self.values)
        values = self.spec.resolve({**self.values, **changes})
        changed = {k: values[k] for k in changes if values[k] != before[k]}
        if not changed:
            return "none"
        self.values = values
        if step == 0 and not self.changes:
            return "restart"
        if self.changes and self.changes[-1]["step"] == step:
            self.changes[-1]["values"].update(changed)
        else:
            self.changes.append({"step": step, "values": changed, "before": before})
        return "changed"

    def config(self) -> dict[str, Any]:
        """The first values and, if any, `hyper_changes` to replay: for a run's config."""
        config: dict[str, Any] = dict(self.changes[0]["before"] if self.changes else self.values)
        if self.changes:
            config["hyper_changes"] = [{"step": c["step"], **c["values"]} for c in self.changes]
        return config


def replay(run: Any, changes: list[tuple[int, dict[str, Any]]], total: int) -> None:
    """Advance `run` (at step 0) to `total` steps, making each recorded change at its step."""
    for step, updates in changes:
        if step > total:
            raise ValueError(f"hyper_changes step {step} lies beyond steps={total}")
        run.advance(step - run.requested_steps)
        if run.finished:
            break
        run.set_hyperparameters(**updates)
    run.advance(total - run.requested_steps)
