"""The runs of a study as plain data: each run's settings (`RunEntry`) and the list a study
keeps (`RunRoster`), with the colours runs take. Shared by the landscape study and the model
study; no Qt here.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ..engine.models.optimizers import model_optimizer_spec
from ..engine.specs import OptimizerSpec

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
    taken and a colour of the palette not yet used. A landscape (`LandscapeStudy`) and a model
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


def stored_speed(value: Any) -> float | None:
    """A stored speed: None, or steps a second from 1 to 10^6 (ValueError otherwise)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"speed must be steps a second or null, got {value!r}")
    if not 1 <= float(value) <= 1e6:
        raise ValueError(f"speed must be in [1, 1000000] steps a second, got {value!r}")
    return float(value)
