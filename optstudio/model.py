"""What the studio holds, as plain data: the loss, its start point and the list of runs.

No Qt here: the window edits a `StudioState`, the engine thread turns it into runs, and
sessions (and QSettings) store it as JSON through `to_dict` / `from_dict`.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar

from .engine.losses import loss_spec
from .engine.models.optimizers import model_optimizer_spec
from .engine.optimizers import optimizer_spec
from .engine.specs import OptimizerSpec

# Okabe and Ito's colour-blind-safe palette (2008) without its yellow, which vanishes on the
# bright end of the viridis map, and Tableau's, in an order where no two of the first eight
# share a hue family (orange and vermilion, sky blue and blue, or two pinks side by side read
# as one run on a projector); none is white or near-white, which vanishes on the light theme's
# curves.
PALETTE = (
    "#e69f00",  # orange
    "#56b4e9",  # sky blue
    "#009e73",  # bluish green
    "#cc79a7",  # reddish purple
    "#d62728",  # red
    "#9467bd",  # violet
    "#8c564b",  # brown
    "#bcbd22",  # olive
    "#0072b2",  # blue
    "#17becf",  # cyan
    "#ff6db6",  # pink
    "#7f7f7f",  # grey
)
MODEL_PALETTE = (
    "#009e73",
    "#cc79a7",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#bcbd22",
    "#17becf",
    "#7f7f7f",
    "#ff6db6",
    "#e69f00",
    "#56b4e9",
    "#0072b2",
)
"""The model lab's run colours: the palette without the orange and blue families of the
Playground's two classes at its head (a run's curve in the colour of a class read as that
class's)."""
DEFAULT_MAX_STEPS = 5000
DEFAULT_SPEED = 10**2.4
"""Steps a second of the first studio (a position of the speed control): 5,000 steps in 20 s."""
MAX_DISPLAY_ROWS = 1 << 20
"""Rows a studio run keeps at most (40 MB a run): a run of up to a million steps records every
step, so its path is drawn true to the pixel; longer runs record every k-th step."""


@dataclass
class RunEntry:
    """One optimizer run as the user configured it."""

    run_id: int
    name: str
    optimizer: str
    colour: str
    hyper: dict[str, Any] = field(default_factory=dict)
    visible: bool = True
    schedule: str | None = None
    batch_size: int | None = None
    seed: int = 0

    def resolved_hyper(self) -> dict[str, Any]:
        return model_optimizer_spec(self.optimizer).resolve(self.hyper)

    def label(self) -> str:
        """Name, lr and up to two other hyperparameters set away from their defaults."""
        spec = model_optimizer_spec(self.optimizer)
        values = self.resolved_hyper()
        parts = [f"lr={values['lr']:g}"]
        for param in spec.hyperparams:
            value = values[param.name]
            if param.name != "lr" and value != param.default and len(parts) < 3:
                parts.append(
                    f"{param.name}={value:g}"
                    if isinstance(value, float)
                    else f"{param.name}={value}"
                )
        if self.schedule:
            parts.append(self.schedule.partition(":")[0])
        return f"{self.name} ({', '.join(parts)})"


def _check_entry_fields(raw: Any) -> None:
    """A run's settings from a file: a table whose ids, names, colours and flags have their
    types (the optimizer's spec checks the rest)."""
    if not isinstance(raw, dict):
        raise ValueError("a run is not a table of settings")
    for key in ("run_id", "seed"):
        value = raw.get(key, 0)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ValueError(f"run {key} must be a whole number >= 0, got {value!r}")
    if not isinstance(raw.get("name", ""), str) or not isinstance(raw.get("colour", ""), str):
        raise ValueError("a run's name and colour must be text")
    if not isinstance(raw.get("visible", True), bool):
        raise ValueError(f"a run's visible must be true or false, got {raw['visible']!r}")
    if not isinstance(raw.get("hyper", {}), dict):
        raise ValueError(f"a run's hyper must be a table, got {raw['hyper']!r}")
    for key in ("run_id", "name", "optimizer", "colour"):
        if key not in raw:
            raise ValueError(f"a run needs its {key}")


class RunRoster:
    """The runs of a study, as the runs panel edits them: each gets an id, a name not yet
    taken and a colour of the palette not yet used. A landscape (`StudioState`) and a model
    study (`ModelStudy`) both keep their runs so; each says which optimizers it takes."""

    runs: list[RunEntry]
    _ids: itertools.count

    def optimizer_for(self, optimizer: str) -> OptimizerSpec:
        """The spec of an optimizer this study can run (ValueError naming the valid ones)."""
        raise NotImplementedError

    palette: ClassVar[tuple[str, ...]] = PALETTE
    """The colours runs take, in order."""

    def next_colour(self) -> str:
        used = {r.colour for r in self.runs}
        for colour in self.palette:
            if colour not in used:
                return colour
        return self.palette[len(self.runs) % len(self.palette)]

    def add_run(self, optimizer: str, **changes: Any) -> RunEntry:
        spec = self.optimizer_for(optimizer)
        run_id = next(self._ids)
        taken = {r.name for r in self.runs}
        base = changes.pop("name", None) or spec.display_name
        name = base
        for n in itertools.count(2):
            if name not in taken:
                break
            name = f"{base} {n}"
        entry = RunEntry(run_id, name, optimizer, self.next_colour(), **changes)
        entry.resolved_hyper()
        self.runs.append(entry)
        return entry

    def duplicate_run(self, run_id: int) -> RunEntry:
        source = self.run(run_id)
        return self.add_run(
            source.optimizer,
            hyper=dict(source.hyper),
            schedule=source.schedule,
            batch_size=source.batch_size,
            seed=source.seed,
        )

    def remove_run(self, run_id: int) -> None:
        self.runs = [r for r in self.runs if r.run_id != run_id]

    def run(self, run_id: int) -> RunEntry:
        for entry in self.runs:
            if entry.run_id == run_id:
                return entry
        raise KeyError(run_id)

    def _read_runs(self, raw_runs: Any) -> None:
        """Entries from a file, each checked (its fields' types, its optimizer's spec, one id
        a run); ids continue after the largest."""
        if not isinstance(raw_runs, list):
            raise ValueError("its runs are not a list")
        for raw in raw_runs:
            _check_entry_fields(raw)
            self.optimizer_for(str(raw.get("optimizer")))
            entry = RunEntry(**{k: raw[k] for k in RunEntry.__dataclass_fields__ if k in raw})
            entry.resolved_hyper()
            self.runs.append(entry)
        ids = [entry.run_id for entry in self.runs]
        if len(ids) != len(set(ids)):
            raise ValueError("two runs share one run id")
        self._ids = itertools.count(max(ids, default=0) + 1)


@dataclass
class StudioState(RunRoster):
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
    def from_dict(cls, data: dict[str, Any]) -> StudioState:
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


def stored_speed(value: Any) -> float | None:
    """A stored speed: None, or steps a second from 1 to 10^6 (ValueError otherwise)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"speed must be steps a second or null, got {value!r}")
    if not 1 <= float(value) <= 1e6:
        raise ValueError(f"speed must be in [1, 1000000] steps a second, got {value!r}")
    return float(value)


def default_state() -> StudioState:
    """What a first start shows: a race on Rosenbrock, at a pace the eye can follow (at full
    speed it was over before a student could see it)."""
    state = StudioState(speed=DEFAULT_SPEED)
    state.add_run("gd", hyper={"lr": 1e-3})
    state.add_run("momentum", hyper={"lr": 1e-3, "beta": 0.9})
    state.add_run("adam", hyper={"lr": 0.05})
    return state
