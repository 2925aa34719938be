"""Session files (`.optstudio`): the whole studio as versioned JSON, reopened bit for bit.

A session stores what the user set up, not the computed paths: the loss, start point and runs
(with their optimizer, hyperparameters, schedule, batch mode and seed), how far each run went,
every hyperparameter change made while it ran with its step, and the view; model runs (a
network on a data set) as their configs (`ModelRun.config`: settings, steps and changes),
checked on loading by building each run. The engine is deterministic, so replaying that record
reproduces every array exactly. A file holds data only:
it is read as JSON and checked against the specs; nothing in it is ever executed.
"""

from __future__ import annotations

import itertools
import json
import math
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._version import __version__
from ..engine.runner import Run, create_run
from ..engine.validation import validated_changes
from ..studies.landscape import LandscapeStudy
from ..studies.model import ModelStudy
from ..studies.runs import RunEntry
from .atomic import atomic_write

FORMAT_NAME = "optstudio-session"
FORMAT_VERSION = 3
"""Version 2 adds model runs, version 3 model studies (the model lab's network, data and
runs); a session without either is still written as version 1."""
EXTENSION = ".optstudio"
MAX_BYTES = 20 * 1024 * 1024
MAX_QT_ID = 2**31 - 1


class SessionError(ValueError):
    """A session file that cannot be read; the message says which file and what is wrong."""


@dataclass
class RunProgress:
    """How far a run went, and the hyperparameter changes made along the way."""

    steps: int = 0
    hyper_changes: list[dict[str, Any]] = field(default_factory=list)
    initial_hyper: dict[str, Any] | None = None
    """The hyperparameters the run started with, when they were changed later (the run's
    entry holds the values in force now)."""


@dataclass
class Session:
    state: LandscapeStudy | ModelStudy
    """A landscape (`LandscapeStudy`) or a model lab (`ModelStudy`): a session holds either."""
    progress: dict[int, RunProgress] = field(default_factory=dict)
    view: tuple[float, float, float, float] | None = None
    title: str = ""
    explanation: str = ""
    """A scenario's title and its two or three sentences for the audience (presets)."""
    model_runs: list[dict[str, Any]] = field(default_factory=list)
    """Model runs' configs (`ModelRun.config`), replayed by `replay_model_runs`."""
    tuning: dict[str, Any] | None = None
    """A model study's tuning study, its plan and finished trials (`tuning.saved`)."""

    @property
    def is_model(self) -> bool:
        return isinstance(self.state, ModelStudy)

    def to_dict(self) -> dict[str, Any]:
        extra: dict[str, Any] = {"model_runs": self.model_runs} if self.model_runs else {}
        if self.tuning is not None:
            extra["tuning"] = self.tuning
        version = 2 if self.model_runs else 1
        if self.is_model:
            extra["model_study"] = self.state.to_dict()
            version = FORMAT_VERSION
        else:
            extra["studio"] = self.state.to_dict()
        return {
            "format": FORMAT_NAME,
            "version": version,
            **extra,
            "saved_by": f"optstudio {__version__}",
            "progress": {
                str(run_id): {
                    "steps": p.steps,
                    "hyper_changes": p.hyper_changes,
                    "initial_hyper": p.initial_hyper,
                }
                for run_id, p in self.progress.items()
            },
            "view": None if self.view is None else list(self.view),
            "title": self.title,
            "explanation": self.explanation,
        }


def save_session(session: Session, path: str | os.PathLike[str]) -> Path:
    """Write atomically; OSError (an unwritable folder, a full disk) leaves any old file."""
    target = Path(path)
    text = json.dumps(session.to_dict(), indent=1, allow_nan=False)
    atomic_write(target, lambda f: f.write(text), binary=False)
    return target


def load_session(path: str | os.PathLike[str]) -> Session:
    """Read and check a session file; SessionError names the file and what is wrong."""
    source = Path(path)
    where = f"cannot open '{source.name}'"
    try:
        found = source.stat()
        if not stat.S_ISREG(found.st_mode):  # a FIFO hung the loader, /dev/zero never ended
            raise SessionError(f"{where}: it is not a regular file")
        if found.st_size > MAX_BYTES:
            raise SessionError(f"{where}: {found.st_size:,} bytes is too large for a session file")
        with source.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise SessionError(f"{where}: it is too large for a session file")
        text = raw.decode("utf-8")
    except OSError as error:
        raise SessionError(f"{where}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise SessionError(f"{where}: it is not a text file") from None
    try:
        return session_from_dict(json.loads(text))
    except json.JSONDecodeError as error:
        raise SessionError(
            f"{where}: not valid JSON (line {error.lineno}, column {error.colno}: {error.msg}); "
            "the file may be truncated or corrupt"
        ) from None
    except (SessionError, ValueError, TypeError, KeyError, IndexError, OverflowError) as error:
        # One line, whatever the file held (a name with a line break in it, say).
        raise SessionError(f"{where}: {error}".replace("\r", "\\r").replace("\n", "\\n")) from None
    except RecursionError:  # in the JSON decoder or in the checks
        raise SessionError(f"{where}: it is nested too deeply to be a session") from None


def session_from_dict(data: Any) -> Session:
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise SessionError("it is not an optstudio session file")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SessionError(f"its version {version!r} is not a version number")
    if version > FORMAT_VERSION:
        raise SessionError(
            f"it was written by a newer optstudio (session version {version}; this one reads "
            f"up to {FORMAT_VERSION})"
        )
    state: LandscapeStudy | ModelStudy
    if "model_study" in data:
        state = ModelStudy.from_dict(data["model_study"])  # every run is built: ValueError
    else:
        studio = data.get("studio")
        if not isinstance(studio, dict):
            raise SessionError("it has no studio section")
        state = _checked_state(studio)
    progress = {}
    raw_progress = data.get("progress") or {}
    if not isinstance(raw_progress, dict):
        raise SessionError("its progress section is not a table of runs")
    entries = {entry.run_id: entry for entry in state.runs}
    for key, value in raw_progress.items():
        run_id = _whole(key, "a run id in progress")
        if run_id not in entries:
            raise SessionError(f"progress names run {run_id}, which the session does not have")
        progress[run_id] = _checked_progress(value, state, entries[run_id])
    title, explanation = data.get("title", ""), data.get("explanation", "")
    if not isinstance(title, str) or not isinstance(explanation, str):
        raise SessionError("the title and explanation must be text")
    state, progress = _renumbered(state, progress)
    model_runs = _checked_model_runs(data.get("model_runs", []))
    view = _checked_view(data.get("view"))
    tuning = _checked_tuning(data.get("tuning"))
    return Session(state, progress, view, title, explanation, model_runs, tuning)


def _checked_tuning(raw: Any) -> dict[str, Any] | None:
    """A tuning study as saved, checked by reading it back (`tuning.saved`)."""
    if raw is None:
        return None
    from ..tuning.saved import study_from_dict, study_to_dict

    try:
        plan, trials = study_from_dict(raw)
    except ValueError as error:
        raise SessionError(f"its tuning study: {error}") from None
    return study_to_dict(plan, trials)


MAX_MODEL_RUNS = 64


def _checked_model_runs(raw: Any) -> list[dict[str, Any]]:
    from ..training import checked_model_config

    if not isinstance(raw, list):
        raise SessionError("its model_runs section is not a list of runs")
    if len(raw) > MAX_MODEL_RUNS:
        raise SessionError(
            f"it has {len(raw)} model runs; a session holds at most {MAX_MODEL_RUNS}"
        )
    checked = []
    for index, config in enumerate(raw, start=1):
        try:
            checked.append(checked_model_config(config))
        except ValueError as error:
            raise SessionError(f"model run {index}: {error}") from None
    return checked


def replay_model_runs(session: Session) -> list[Any]:
    """The session's model runs, trained again bit for bit (`optstudio.train`)."""
    from ..training import train

    return [train(**config) for config in session.model_runs]


def _renumbered(
    state: LandscapeStudy | ModelStudy, progress: dict[int, RunProgress]
) -> tuple[LandscapeStudy | ModelStudy, dict[int, RunProgress]]:
    """Run ids 1, 2, 3 ... in the file's order where a file's ids would not fit Qt's signals,
    which carry 32-bit integers (ids are the studio's own handles; any whole number is valid
    in a file). Ids that fit are kept, so a session saved and reopened is the same studio."""
    if all(0 < entry.run_id < MAX_QT_ID for entry in state.runs):
        return state, progress
    numbering = {entry.run_id: number for number, entry in enumerate(state.runs, start=1)}
    for entry in state.runs:
        entry.run_id = numbering[entry.run_id]
    state._ids = itertools.count(len(state.runs) + 1)
    return state, {numbering[run_id]: p for run_id, p in progress.items()}


def _whole(value: Any, what: str) -> int:
    if isinstance(value, bool):
        raise SessionError(f"{what} must be a whole number, got {value!r}")
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise SessionError(f"{what} must be a whole number, got {value!r}") from None
    if str(number) != str(value).strip() and number != value:
        raise SessionError(f"{what} must be a whole number, got {value!r}")
    return number


def _checked_state(studio: dict[str, Any]) -> LandscapeStudy:
    max_steps = studio.get("max_steps", 5000)
    if (
        not isinstance(max_steps, int)
        or isinstance(max_steps, bool)
        or not (1 <= max_steps <= 2_000_000_000)
    ):
        raise SessionError(
            f"max_steps must be a whole number in [1, 2000000000], got {max_steps!r}"
        )
    state = LandscapeStudy.from_dict(studio)
    for entry in state.runs:
        # Build each run once: the engine checks start, schedule, batch size and seed.
        build_run(state, entry)
    return state


def _checked_progress(
    value: Any, roster: LandscapeStudy | ModelStudy, entry: RunEntry
) -> RunProgress:
    """Everything a replay will do, checked now against the optimizer's spec: a session that
    loads also replays (nothing is found wrong half-way through, in the engine's thread)."""
    if not isinstance(value, dict):
        raise SessionError("a run's progress is not a table")
    max_steps = roster.max_steps
    steps = _whole(value.get("steps", 0), "progress steps")
    if not 0 <= steps <= max_steps:
        raise SessionError(f"progress steps must be in [0, {max_steps}], got {steps}")
    changes = value.get("hyper_changes") or []
    if not isinstance(changes, list) or not all(isinstance(c, dict) for c in changes):
        raise SessionError("hyper_changes must be a list of tables")
    initial = value.get("initial_hyper")
    if initial is not None and not isinstance(initial, dict):
        raise SessionError("initial_hyper must be a table of hyperparameters")
    spec = roster.optimizer_for(entry.optimizer)
    start = spec.resolve(entry.hyper if initial is None else initial)
    for step, _ in validated_changes(changes, spec, start):
        if step > steps:
            raise SessionError(f"hyper_changes step {step} is past the run's end ({steps})")
    return RunProgress(steps, [dict(c) for c in changes], initial)


def _checked_view(view: Any) -> tuple[float, float, float, float] | None:
    if view is None:
        return None
    if not isinstance(view, list) or len(view) != 4:
        raise SessionError("the view must be four numbers [xmin, xmax, ymin, ymax]")
    try:
        x0, x1, y0, y1 = (float(v) for v in view)
    except (TypeError, ValueError):
        raise SessionError("the view must be four numbers [xmin, xmax, ymin, ymax]") from None
    if not all(map(math.isfinite, (x0, x1, y0, y1))) or x1 <= x0 or y1 <= y0:
        raise SessionError(f"the view {view} is not a finite, non-empty window")
    return x0, x1, y0, y1


def build_run(state: LandscapeStudy, entry: RunEntry, hyper: dict[str, Any] | None = None) -> Run:
    """The engine run of one studio run, at step 0 (ValueError on anything the specs refuse).

    `hyper` replaces the entry's hyperparameters (a replay starts from the initial ones)."""
    return create_run(
        state.loss,
        entry.optimizer,
        steps=state.max_steps,
        start=state.start_point,
        seed=entry.seed,
        batch_size=entry.batch_size,
        schedule=entry.schedule,
        record_every=state.record_every(),
        loss_params=state.loss_params,
        **(entry.hyper if hyper is None else hyper),
    )


def replay_run(state: LandscapeStudy, entry: RunEntry, progress: RunProgress | None) -> Run:
    """Rebuild a run and take it as far as it went, applying each change at its step."""
    if progress is None:
        return build_run(state, entry)
    # The entry holds the values in force now; a run changed on its way starts from the first.
    run = build_run(state, entry, progress.initial_hyper)
    for change in progress.hyper_changes:
        step = _whole(change.get("step"), "a hyper_changes step")
        if step < run.requested_steps or step > progress.steps:
            raise SessionError(f"hyper_changes step {step} is out of order or past the run's end")
        run.advance(step - run.requested_steps)
        run.set_hyperparameters(**{k: v for k, v in change.items() if k != "step"})
    run.advance(progress.steps - run.requested_steps)
    return run


def progress_of(run: Run) -> RunProgress:
    """What a session records of a run: its steps asked for and its changes."""
    changes = run.changes
    initial = None
    if changes:
        initial = {k: v for k, v in changes[0]["before"].items() if v is not None}
    return RunProgress(
        run.requested_steps,
        [{"step": c["step"], **c["values"]} for c in changes],
        initial,
    )
