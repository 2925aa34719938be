"""A landscape study as plain data: the loss of two parameters, its start point and the runs.

No Qt here: the window edits a `LandscapeStudy`, the engine turns it into runs, and sessions (and
QSettings) store it as JSON through `to_dict` / `from_dict`.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import asdict, dataclass, field
from typing import Any

from ..engine.losses import loss_spec
from ..engine.optimizers import optimizer_spec
from ..engine.specs import OptimizerSpec
from .runs import RunEntry, RunRoster, stored_speed

DEFAULT_MAX_STEPS = 5000
DEFAULT_SPEED = 10**2.4
"""Steps a second of the first studio (a position of the speed control): 5,000 steps in 20 s."""
MAX_DISPLAY_ROWS = 1 << 20
"""Rows a studio run keeps at most (40 MB a run): a run of up to a million steps records every
step, so its path is drawn true to the pixel; longer runs record every k-th step."""


@dataclass
class LandscapeStudy(RunRoster):
    loss: str = "rosenbrock"
    loss_params: dict[str, Any] = field(default_factory=dict)
    start: tuple[float, float] | None = None
    runs: list[RunEntry] = field(default_factory=list)
    max_steps: int = DEFAULT_MAX_STEPS
    restart_on_change: bool = False
    lockstep: bool = True
    """The race advances every run to the same step before a frame is drawn (fair at equal
    steps); False: free running."""
    speed: float | None = None
    """Steps a second the studio is meant to be watched at (a scenario's own pace), or None
    for whatever the speed control is at."""
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1), repr=False)

    @property
    def start_point(self) -> tuple[float, float]:
        return self.start if self.start is not None else loss_spec(self.loss).default_start

    def record_every(self) -> int:
        return max(1, -(-self.max_steps // MAX_DISPLAY_ROWS))

    def optimizer_for(self, optimizer: str) -> OptimizerSpec:
        return optimizer_spec(optimizer)

    def to_dict(self) -> dict[str, Any]:
        return {
            "loss": self.loss,
            "loss_params": dict(self.loss_params),
            "start": None if self.start is None else list(self.start),
            "runs": [asdict(r) for r in self.runs],
            "max_steps": self.max_steps,
            "restart_on_change": self.restart_on_change,
            "lockstep": self.lockstep,
            "speed": self.speed,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LandscapeStudy:
        """Rebuild a state, refusing anything the specs refuse (ValueError)."""
        loss = str(data.get("loss", "rosenbrock"))
        loss_spec(loss).resolve(data.get("loss_params") or {})  # unknown names raise
        state = cls(
            loss=loss,
            loss_params=dict(data.get("loss_params") or {}),
            start=_start(data.get("start")),
            max_steps=int(data.get("max_steps", DEFAULT_MAX_STEPS)),
            restart_on_change=bool(data.get("restart_on_change", False)),
            lockstep=bool(data.get("lockstep", True)),
            speed=stored_speed(data.get("speed")),
        )
        state._read_runs(data.get("runs", []))
        return state


def _start(value: Any) -> tuple[float, float] | None:
    """A stored start point: None (the loss's own) or a list of two finite numbers."""
    if value is None:
        return None
    numbers = (
        isinstance(value, list | tuple)
        and len(value) == 2
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
    )
    if not numbers or not all(math.isfinite(float(v)) for v in value):
        raise ValueError(f"start must be two finite numbers [x, y] or null, got {value!r}")
    return float(value[0]), float(value[1])


def default_landscape_study() -> LandscapeStudy:
    """What a first start shows: a race on Rosenbrock, at a pace the eye can follow (at full
    speed it was over before a student could see it)."""
    state = LandscapeStudy(speed=DEFAULT_SPEED)
    state.add_run("gd", hyper={"lr": 1e-3})
    state.add_run("momentum", hyper={"lr": 1e-3, "beta": 0.9})
    state.add_run("adam", hyper={"lr": 0.05})
    return state
