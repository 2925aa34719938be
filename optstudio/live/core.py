"""The live engine's loop: runs advance in chunks, commands apply between them.

The window never touches a `Run`. It sends commands (play, change a learning rate, restart),
each a name and its arguments, so that they cross a pipe; the engine applies them between
chunks, advances the runs and publishes `Snapshot`s of the runs that changed. What it says
back goes through one `emit(kind, *values)`:

    ("snapshots", changed, run_ids, steps_done)   the runs that moved, and which runs exist
    ("compiling", optimizer_name) / ("compiled",)  a kernel is being compiled (once)
    ("playing", bool)                              play was started or stopped (or refused)
    ("error", text)                                one line for the status bar
    ("exported", written_paths, error_text)        an export of runs ended
    ("configured", number)                         the `configure` numbered so is in force:
                                                   snapshots after it are of its study

`run` is the loop; `optstudio.live.process` runs it in a child process, and a test can drive
it in its own thread with a queue.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from ..engine.path_reduction import PathReducer, PixelGrid
from ..engine.runner import Run
from ..io.session import RunProgress, replay_run
from ..studies.landscape import LandscapeStudy
from ..studies.runs import RunEntry
from .replay import REPLAY_AT_ONCE, REPLAY_SLICE_SECONDS, Replay
from .snapshots import CONVERGENCE_GRAD_NORM, Snapshot, error_snapshot, take_snapshot

PUBLISH_SECONDS = 1 / 90
"""At most this often a snapshot; publishing is checked after each kernel call (free running)
or each round (lockstep), so with calls of TARGET_CALL_SECONDS a new snapshot is ready every
12 ms or so: a window drawing 60 frames a second has a new one for each frame."""
TARGET_CALL_SECONDS = 0.004
"""Time of one kernel call at full speed (free running: one run's; lockstep: one round of all
runs): a command (pause, a new learning rate) applies within one call, and two or three calls
fit between publishes. Calls are timed by the clock on the wall, so beside a busy process,
where the engine waits for a core, a round takes longer than its work: at 6 ms the landscape's
eight runs published 59 snapshots a second there, at 4 ms 62 (and 75 on a quiet machine,
with the same steps a second)."""
STALE_SECONDS = 0.5
"""In lockstep a run catching up a long way is still shown this often, so nothing looks
frozen."""


class Inbox(Protocol):
    def get(self, timeout: float) -> tuple | None:
        """The next command, waiting up to `timeout` seconds (0: do not wait); None if there
        is none. Raises EOFError once the window is gone."""


Emit = Callable[..., None]


@dataclass
class _Live:
    entry: RunEntry
    run: Run | None
    error: str | None = None
    scanned_rows: int = 0
    steps_to_converge: int | None = None
    kernel_key: tuple[str, bool] = ("", False)
    chunk: int = 256
    """Steps per kernel call at full speed, tuned per run (optimizers differ 10-fold)."""
    seconds_per_step: float = 0.0
    """Measured cost of one step (0 until measured): sizes the rounds of the lockstep race."""
    reducer: PathReducer = field(default_factory=PathReducer)
    """The rows of the path drawn at the map's pixel size, followed as the run grows."""
    published: tuple | None = None
    """What the last published snapshot showed (step, rows, status, view): unchanged runs are
    not sent again."""
    replay: Replay | None = None
    """A session's run still on its way back to the step it was saved at (None once there)."""


@dataclass
class _Settings:
    playing: bool = False
    speed: float = math.inf
    pending_steps: int = 0
    state: LandscapeStudy = field(default_factory=LandscapeStudy)
    grid: PixelGrid | None = None
    """The map's view and size in pixels: paths are reduced to what shows at that size."""


COMMANDS = frozenset(
    {
        "configure",
        "update_run",
        "remove_run",
        "export_runs",
        "send_trajectories",
        "play",
        "pause",
        "single_step",
        "reset",
        "set_speed",
        "set_view",
        "set_lockstep",
        "set_max_steps",
        "stop",
    }
)
"""The commands the window may send: `LiveEngine` methods of the same names."""


class LiveEngine:
    """Owns every Run of the studio; driven by commands, reports through `emit`."""

    def __init__(self, emit: Emit) -> None:
        self._emit = emit
        self._live: dict[int, _Live] = {}
        self._settings = _Settings()
        self._stopping = False
        self._compiled: set[tuple[str, bool]] = set()
        self._last_publish = 0.0
        self._known_ids: tuple[int, ...] = ()
        self.steps_done = 0

    # ----- commands -----
    def apply(self, command: tuple) -> None:
        name, *values = command
        if name not in COMMANDS:
            raise ValueError(f"unknown engine command {name!r}")
        getattr(self, name)(*values)

    study_kind: Any = LandscapeStudy
    """The kind of study `configure` reads (a model study's engine reads a `ModelStudy`)."""

    def configure(
        self, state: dict[str, Any], progress: dict[int, RunProgress], number: int = 0
    ) -> None:
        """Replace the whole studio (`LandscapeStudy.to_dict()`): every run restarts from the
        start point, or is replayed as far as `progress` says (a session being opened). Says
        back ("configured", number) before any snapshot of the new studio: the window drops
        the ones before, so that no view shows a run of the previous study beside, or on, the
        new one."""
        self._settings.state = self.study_kind.from_dict(state)
        self._live = {
            entry.run_id: self._build(entry, progress.get(entry.run_id))
            for entry in self._settings.state.runs
        }
        self._emit("configured", number)

    def update_run(self, entry: RunEntry, restart: bool) -> None:
        live = self._live.get(entry.run_id)
        if live is None or live.run is None or restart or _needs_restart(live.entry, entry):
            self._live[entry.run_id] = self._build(entry)
            return
        live.run.set_hyperparameters(**entry.resolved_hyper())
        live.entry = entry
        live.published = None

    def remove_run(self, run_id: int) -> None:
        self._live.pop(run_id, None)

    def export_runs(self, targets: dict[int, Any]) -> None:
        """Write runs at full resolution (CSV, JSON or NPZ by extension)."""
        written: list[str] = []
        try:
            for run_id, path in targets.items():
                live = self._live.get(run_id)
                if live is None or live.run is None:
                    continue
                written.append(str(self._write_run(live.run, path)))
        except (OSError, ValueError) as error:
            self._emit("exported", written, getattr(error, "strerror", None) or str(error))
            return
        self._emit("exported", written, "")

    def send_trajectories(self, until: dict[int, int] | None = None) -> None:
        """Every run's recorded parameters, for the window's loss-landscape plane: a
        landscape's runs have their paths in their snapshots, so it sends none."""
        self._emit("trajectories", {}, until)

    def _write_run(self, run: Any, path: Any) -> Any:
        from ..io.export import write_run

        return write_run(run, path)

    def play(self) -> None:
        self._set_playing(True)

    def pause(self) -> None:
        self._set_playing(False)

    def single_step(self) -> None:
        self._set_playing(False)
        self._settings.pending_steps += 1

    def reset(self) -> None:
        self._live = {run_id: self._build(live.entry) for run_id, live in self._live.items()}

    def set_speed(self, steps_per_second: float) -> None:
        self._settings.speed = float(steps_per_second)

    def set_view(self, grid: PixelGrid) -> None:
        """The map's view changed: paths are reduced again at its pixel size."""
        self._settings.grid = grid

    def set_lockstep(self, on: bool) -> None:
        """Race in lockstep (the studio's `lockstep`) or let each run go as fast as it can."""
        self._settings.state.lockstep = bool(on)

    def set_max_steps(self, max_steps: int) -> None:
        self._settings.state.max_steps = int(max_steps)

    def stop(self) -> None:
        self._stopping = True

    # ----- the loop -----
    def run(self, inbox: Inbox) -> None:
        """Advance and publish until `stop` arrives or the inbox reports the window gone."""
        budget = 0.0
        last = time.perf_counter()
        try:
            while not self._stopping:
                active = self._active()
                moving = self._settings.playing and bool(active)
                waiting = not (moving or self._settings.pending_steps)
                if self._drain(inbox, timeout=0.05 if waiting else 0.0):
                    budget = 0.0
                    last = time.perf_counter()
                    self._publish_all()
                    continue
                if self._replay_some():  # a session's runs on their way back, first
                    self._publish_all()
                    last = time.perf_counter()
                    continue
                now = time.perf_counter()
                steps = self._settings.pending_steps
                self._settings.pending_steps = 0
                full_speed = moving and math.isinf(self._settings.speed)
                if moving and not full_speed:
                    budget = min(budget + self._settings.speed * (now - last), 1e9)
                    whole = int(budget)
                    budget -= whole
                    steps += whole
                last = now
                if (steps or full_speed) and active:
                    # steps == 0 at full speed: each run takes its own tuned chunk
                    self._advance(inbox, active, 0 if full_speed else steps)
                elif moving:
                    time.sleep(min(0.01, 1.0 / max(self._settings.speed, 1.0)))
                if not self._active() and self._settings.playing:
                    self._set_playing(False)
                since = time.perf_counter() - self._last_publish
                # In lockstep a frame shows every live run at one step.
                due = since >= PUBLISH_SECONDS and self._in_step()
                if due or since > STALE_SECONDS or not moving:
                    self._publish_all()
        except EOFError:
            return

    def _drain(self, inbox: Inbox, timeout: float) -> bool:
        """Apply every queued command; True if there was one."""
        command = inbox.get(timeout)
        if command is None:
            return False
        while command is not None:
            try:
                self.apply(command)
            except Exception as error:  # a bad command must never end the engine
                self._emit("error", str(error) or type(error).__name__)
            command = inbox.get(0.0)
        return True

    def _active(self) -> list[_Live]:
        """The runs that play: not ended, not at the step limit, not still being replayed."""
        limit = self._settings.state.max_steps
        return [
            live
            for live in self._live.values()
            if live.run is not None
            and live.replay is None
            and not live.run.finished
            and live.run.step < limit
        ]

    def _advance(self, inbox: Inbox, active: list[_Live], steps: int) -> None:
        """Advance the active runs: by `steps` each, or at full speed (steps == 0) by each
        run's tuned chunk; in lockstep, by one round's chunk (`lockstep_chunk`), after the
        runs behind (a run restarted, or one a command interrupted) have caught up."""
        limit = self._settings.state.max_steps
        full_speed = self._settings.playing and math.isinf(self._settings.speed)
        lockstep = self._settings.state.lockstep
        targets: dict[int, int] = {}
        if lockstep:
            lead = max(live.run.step for live in active if live.run is not None)
            behind = [live for live in active if live.run is not None and live.run.step < lead]
            if behind:
                for live in behind:
                    targets[id(live)] = min(lead - live.run.step, steps or live.chunk)
                active = behind
            elif not steps:
                steps = lockstep_chunk(active)
        for live in active:
            run = live.run
            assert run is not None
            if live.kernel_key not in self._compiled:
                self._emit("compiling", run.optimizer.display_name)
            began = time.perf_counter()
            todo = min(targets.get(id(live)) or steps or live.chunk, limit - run.step)
            try:
                run.advance(todo)
            except Exception as error:  # memory, or a bug: show it, keep the others going
                live.error = str(error) or type(error).__name__
                live.run = None
                self._emit("error", f"{live.entry.name}: {live.error}")
                continue
            if live.kernel_key not in self._compiled:
                self._compiled.add(live.kernel_key)
                self._emit("compiled")
            elif full_speed and (lockstep or not steps):
                seconds = time.perf_counter() - began
                live.chunk = tuned_chunk(live.chunk, seconds * live.chunk / todo)
                live.seconds_per_step = seconds / todo
            self.steps_done += todo
            self._scan_convergence(live)
            if not lockstep and time.perf_counter() - self._last_publish >= PUBLISH_SECONDS:
                self._publish_all()
            if not lockstep and self._drain(inbox, 0.0):
                return  # the user's command first; the other runs go on next time
            # in lockstep a round (a few milliseconds) ends before a command applies, so a
            # pause leaves every run at one step

    def _in_step(self) -> bool:
        """Whether snapshots may be published now: always when free running; in lockstep,
        when every live run is at the same step (runs that ended wait at their end)."""
        if not self._settings.state.lockstep:
            return True
        return len({live.run.step for live in self._active() if live.run is not None}) <= 1

    def _scan_convergence(self, live: _Live) -> None:
        if live.steps_to_converge is not None or live.run is None:
            return
        grad = live.run.grad_norm
        below = np.flatnonzero(grad[live.scanned_rows :] < CONVERGENCE_GRAD_NORM)
        if below.size:
            live.steps_to_converge = int(live.run.steps[live.scanned_rows + below[0]])
        live.scanned_rows = max(len(grad) - 1, 0)

    def snapshot(self, run_id: int) -> Snapshot:
        """The run as the window would see it now."""
        live = self._live[run_id]
        if live.run is None:
            return error_snapshot(run_id, live.error or "not started")
        grid = self._settings.grid
        reduction = None if grid is None else live.reducer.reduce(live.run.path, grid)
        return take_snapshot(
            run_id,
            live.run,
            live.steps_to_converge,
            self._settings.state.max_steps,
            reduction,
            grid,
        )

    def _publish_all(self) -> None:
        """Send the snapshots of the runs that changed since the last publish (and which runs
        exist), so a finished run costs nothing per frame."""
        self._last_publish = time.perf_counter()
        changed: dict[int, Snapshot] = {}
        for run_id, live in self._live.items():
            run = live.run
            key = (
                (live.error,)
                if run is None
                else (run.step, len(run), run.status, self._settings.grid, live.steps_to_converge)
            )
            if key != live.published:
                live.published = key
                changed[run_id] = self.snapshot(run_id)
        ids = tuple(self._live)
        if changed or ids != self._known_ids:
            self._known_ids = ids
            self._emit("snapshots", changed, ids, self.steps_done)

    def _set_playing(self, requested: bool) -> None:
        playing = requested and bool(self._active())
        if playing != self._settings.playing or playing != requested:
            # Also when a request is refused (nothing left to run), so the button shows it.
            self._settings.playing = playing
            self._emit("playing", playing)

    def _build(self, entry: RunEntry, progress: RunProgress | None = None) -> _Live:
        """The entry's run at its start, or as far as `progress` says: at once if that is
        short, else built at its start and replayed later (`_replay_some`)."""
        later = None
        try:
            if progress is not None and progress.steps > REPLAY_AT_ONCE:
                later = Replay.of(progress)
                progress = RunProgress(0, [], progress.initial_hyper)
            run = self._rebuilt(entry, progress)
        except ValueError as error:
            self._emit("error", f"{entry.name}: {error}")
            return _Live(entry, None, error=str(error))
        live = self._live_of(entry, run)
        live.replay = later
        self._scan_convergence(live)
        return live

    def _rebuilt(self, entry: RunEntry, progress: RunProgress | None) -> Any:
        """The entry's run taken as far as `progress` says (a model study's engine builds
        its own kind of run)."""
        return replay_run(self._settings.state, entry, progress)

    def _live_of(self, entry: RunEntry, run: Any) -> _Live:
        return _Live(entry, run, kernel_key=(entry.optimizer, run.loss.spec.is_data))

    def _replay_some(self) -> bool:
        """Take the runs of an opened session a slice of time further toward the steps they
        were saved at, applying each change at its step; says how far ("replaying") and when
        done. False when nothing is left to replay. Reset or a new study stops it."""
        pending = [live for live in self._live.values() if live.replay and live.run is not None]
        if not pending:
            return False
        began = time.perf_counter()
        for live in pending:
            run, replay = live.run, live.replay
            assert run is not None and replay is not None
            while time.perf_counter() - began < REPLAY_SLICE_SECONDS:
                stop = replay.next_stop()
                todo = min(stop - run.requested_steps, live.chunk * 16)
                if todo > 0:
                    called = time.perf_counter()
                    run.advance(todo)
                    live.chunk = tuned_chunk(live.chunk, (time.perf_counter() - called) / 16)
                if run.requested_steps < stop:
                    continue
                if replay.changes:
                    change = replay.changes.pop(0)
                    run.set_hyperparameters(**{k: v for k, v in change.items() if k != "step"})
                    continue
                live.replay = None
                self._scan_convergence(live)
                break
        left = [live for live in self._live.values() if live.replay and live.run is not None]
        done = sum(live.run.requested_steps for live in left if live.run is not None)
        total = sum(live.replay.target for live in left if live.replay is not None)
        self._emit("replaying", done, total)
        return True


def lockstep_chunk(active: list[_Live]) -> int:
    """Steps every run takes in one round of the lockstep race: the whole round (all runs)
    lasts about TARGET_CALL_SECONDS. Until each run's cost is measured, the smallest tuned
    chunk."""
    costs = [live.seconds_per_step for live in active]
    if not all(costs):
        return min(live.chunk for live in active)
    return max(1, min(1 << 24, int(TARGET_CALL_SECONDS / sum(costs))))


def tuned_chunk(chunk: int, seconds: float) -> int:
    """Double or halve a run's chunk towards TARGET_CALL_SECONDS per kernel call."""
    if seconds < TARGET_CALL_SECONDS / 2 and chunk < 1 << 24:
        return chunk * 2
    if seconds > TARGET_CALL_SECONDS * 2 and chunk > 1:
        return chunk // 2
    return chunk


def _needs_restart(old: RunEntry, new: RunEntry) -> bool:
    """Hyperparameters change mid-run; what the engine fixes at the start needs a restart."""
    return (
        old.optimizer != new.optimizer
        or old.schedule != new.schedule
        or old.batch_size != new.batch_size
        or old.seed != new.seed
    )
