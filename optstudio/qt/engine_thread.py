"""The engine in a background thread: runs advance in chunks while the window draws.

The window never touches a `Run`. It posts commands (play, change a learning rate, restart)
onto a queue; the thread applies them between chunks, advances the runs (the jitted kernel
releases the GIL) and publishes immutable `Snapshot`s: decimated copies of each run's rows,
swapped in as a whole so the window can read them at any time without a lock.
"""

from __future__ import annotations

import math
import queue
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from PySide6.QtCore import QThread, Signal

from ..engine.path_reduction import PathReducer, PixelGrid
from ..engine.runner import Run
from ..io.session import RunProgress, progress_of, replay_run
from ..model import RunEntry, StudioState

PATH_POINTS = 1500
CURVE_POINTS = 600
"""Points per path and per curve handed to the window (a curve spans a few hundred pixels):
drawing cost never grows with the length of a run."""
PUBLISH_SECONDS = 0.8 / 60
"""Snapshots a little faster than 60 a second, since they are only checked between runs."""
TARGET_CALL_SECONDS = 0.012
"""Time of one run's kernel call at full speed. Each call ends by taking the GIL back from the
window, which may be painting; a dozen milliseconds makes that wait small beside the work, and
a command (pause, a new learning rate) is still applied within one call."""
CONVERGENCE_GRAD_NORM = 1e-4
"""The results table's "steps to converge": first step with a gradient norm below this."""


@dataclass(frozen=True)
class Snapshot:
    run_id: int
    step: int
    status: str
    theta: tuple[float, float]
    loss: float
    grad_norm: float
    lr: float
    steps: np.ndarray
    path: np.ndarray
    loss_curve: np.ndarray
    grad_curve: np.ndarray
    lr_curve: np.ndarray
    steps_to_converge: int | None = None
    error: str | None = None
    batch: np.ndarray | None = None
    progress: RunProgress | None = None
    path_steps: np.ndarray | None = None
    """The step of each path point (paths and curves are decimated differently)."""
    grid: PixelGrid | None = None
    """The map's view the path was reduced for (None: evenly strided)."""


def decimated_indices(n: int, limit: int) -> np.ndarray:
    """At most `limit` row indices, evenly strided, always keeping the first and last rows."""
    if n <= limit:
        return np.arange(n)
    stride = math.ceil(n / (limit - 1))
    return np.unique(np.append(np.arange(0, n, stride), n - 1))


def take_snapshot(
    run_id: int,
    run: Run,
    steps_to_converge: int | None,
    max_steps: int,
    path_index: np.ndarray | None = None,
    grid: PixelGrid | None = None,
) -> Snapshot:
    """`path_index`: the rows of the path to draw, reduced for `grid`; else evenly strided."""
    n = len(run)
    index = decimated_indices(n, CURVE_POINTS)
    if path_index is None:
        path_index = decimated_indices(n, PATH_POINTS)
    status = run.status if run.finished else "max_steps" if run.step >= max_steps else "running"
    return Snapshot(
        run_id=run_id,
        step=run.step,
        status=status,
        theta=run.theta,
        loss=float(run.loss_values[-1]) if n else math.nan,
        grad_norm=float(run.grad_norm[-1]) if n else math.nan,
        lr=float(run.lr[-1]) if n else math.nan,
        steps=run.steps_at(index),
        path=run.path[path_index].copy(),
        loss_curve=run.loss_values[index].copy(),
        grad_curve=run.grad_norm[index].copy(),
        lr_curve=run.lr[index].copy(),
        steps_to_converge=steps_to_converge,
        batch=run.current_batch(),
        progress=progress_of(run),
        path_steps=run.steps_at(path_index),
        grid=grid,
    )


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


@dataclass
class _Settings:
    playing: bool = False
    speed: float = math.inf
    pending_steps: int = 0
    state: StudioState = field(default_factory=StudioState)
    grid: PixelGrid | None = None
    """The map's view and size in pixels: paths are reduced to what shows at that size."""


class EngineThread(QThread):
    """Owns every Run; driven by commands from the window."""

    snapshots_ready = Signal()
    busy_changed = Signal(str)
    playing_changed = Signal(bool)
    error = Signal(str)
    exported = Signal(list, str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._commands: queue.Queue[Callable[[], None]] = queue.Queue()
        self._live: dict[int, _Live] = {}
        self._settings = _Settings()
        self._snapshots: dict[int, Snapshot] = {}
        self._stopping = False
        self._compiled: set[tuple[str, bool]] = set()
        self._last_publish = 0.0
        self.steps_done = 0

    # ----- commands, called from the window's thread -----
    def snapshots(self) -> dict[int, Snapshot]:
        return self._snapshots

    def configure(self, state: StudioState, progress: dict[int, RunProgress] | None = None) -> None:
        """Replace the whole studio: every run restarts from the start point, or is replayed
        as far as `progress` says (a session being opened)."""
        copy = StudioState.from_dict(state.to_dict())
        self._post(lambda: self._configure(copy, progress or {}))

    def update_run(self, entry: RunEntry, *, restart: bool) -> None:
        copy = RunEntry(**{k: getattr(entry, k) for k in RunEntry.__dataclass_fields__})
        copy.hyper = dict(entry.hyper)
        self._post(lambda: self._update_run(copy, restart))

    def remove_run(self, run_id: int) -> None:
        self._post(lambda: self._remove(run_id))

    def export_runs(self, targets: dict[int, Any]) -> None:
        """Write runs at full resolution (CSV, JSON or NPZ by extension); `exported` reports."""
        self._post(lambda: self._export(dict(targets)))

    def _export(self, targets: dict[int, Any]) -> None:
        from ..io.export import write_run

        written: list[str] = []
        try:
            for run_id, path in targets.items():
                live = self._live.get(run_id)
                if live is None or live.run is None:
                    continue
                written.append(str(write_run(live.run, path)))
        except (OSError, ValueError) as error:
            self.exported.emit(written, getattr(error, "strerror", None) or str(error))
            return
        self.exported.emit(written, "")

    def play(self) -> None:
        self._post(lambda: self._set_playing(True))

    def pause(self) -> None:
        self._post(lambda: self._set_playing(False))

    def single_step(self) -> None:
        def step() -> None:
            self._set_playing(False)
            self._settings.pending_steps += 1

        self._post(step)

    def reset(self) -> None:
        self._post(self._reset)

    def set_speed(self, steps_per_second: float) -> None:
        self._post(lambda: setattr(self._settings, "speed", steps_per_second))

    def set_view(self, grid: PixelGrid) -> None:
        """The map's view changed: paths are reduced again at its pixel size."""
        self._post(lambda: setattr(self._settings, "grid", grid))

    def set_lockstep(self, on: bool) -> None:
        """Race in lockstep (the studio's `lockstep`) or let each run go as fast as it can."""
        self._post(lambda: setattr(self._settings.state, "lockstep", bool(on)))

    def set_max_steps(self, max_steps: int) -> None:
        self._post(lambda: setattr(self._settings.state, "max_steps", int(max_steps)))

    def stop(self) -> None:
        """Ask the loop to end and wait for it (called when the window closes)."""
        self._stopping = True
        self._commands.put(lambda: None)
        self.wait()

    def _post(self, command: Callable[[], None]) -> None:
        self._commands.put(command)

    # ----- the loop, in the engine thread -----
    def run(self) -> None:
        budget = 0.0
        last = time.perf_counter()
        while not self._stopping:
            active = self._active()
            moving = self._settings.playing and bool(active)
            if self._drain(timeout=0.0 if moving or self._settings.pending_steps else 0.05):
                budget = 0.0
                last = time.perf_counter()
                self._publish_all()
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
                self._advance(active, 0 if full_speed else steps)
            elif moving:
                time.sleep(min(0.01, 1.0 / max(self._settings.speed, 1.0)))
            if not self._active() and self._settings.playing:
                self._set_playing(False)
            since = time.perf_counter() - self._last_publish
            # In lockstep a frame shows every live run at one step; a run catching up a long
            # way is still shown now and then, so the window never looks frozen.
            if (since >= PUBLISH_SECONDS and self._in_step()) or since > 0.5 or not moving:
                self._publish_all()

    def _drain(self, timeout: float) -> bool:
        """Apply every queued command; True if there was one."""
        try:
            command = (
                self._commands.get(timeout=timeout) if timeout else self._commands.get_nowait()
            )
        except queue.Empty:
            return False
        while True:
            try:
                command()
            except Exception as error:  # a bad command must never kill the engine thread
                self.error.emit(str(error))
            try:
                command = self._commands.get_nowait()
            except queue.Empty:
                return True

    def _active(self) -> list[_Live]:
        limit = self._settings.state.max_steps
        return [
            live
            for live in self._live.values()
            if live.run is not None and not live.run.finished and live.run.step < limit
        ]

    def _advance(self, active: list[_Live], steps: int) -> None:
        """Advance the active runs: by `steps` each, or at full speed (steps == 0) by each
        run's tuned chunk; in lockstep, by one round's chunk (`_lockstep_chunk`), after the
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
                steps = _lockstep_chunk(active)
        for live in active:
            run = live.run
            assert run is not None
            if live.kernel_key not in self._compiled:
                self.busy_changed.emit(
                    self.tr("Compiling {0} (once; later starts load it from the cache)…").format(
                        run.optimizer.display_name
                    )
                )
            began = time.perf_counter()
            todo = min(targets.get(id(live)) or steps or live.chunk, limit - run.step)
            try:
                run.advance(todo)
            except Exception as error:  # memory, or a bug: show it, keep the others going
                live.error = str(error) or type(error).__name__
                live.run = None
                self.error.emit(f"{live.entry.name}: {live.error}")
                continue
            if live.kernel_key not in self._compiled:
                self._compiled.add(live.kernel_key)
                self.busy_changed.emit("")
            elif full_speed and (lockstep or not steps):
                seconds = time.perf_counter() - began
                live.chunk = _tuned(live.chunk, seconds * live.chunk / todo)
                live.seconds_per_step = seconds / todo
            self.steps_done += todo
            self._scan_convergence(live)
            if not lockstep and time.perf_counter() - self._last_publish >= PUBLISH_SECONDS:
                self._publish_all()
            if not self._commands.empty():
                return  # apply the user's command before the other runs go on (they catch up)

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

    def _publish_all(self) -> None:
        self._last_publish = time.perf_counter()
        snapshots = {}
        for run_id, live in self._live.items():
            if live.run is None:
                snapshots[run_id] = _error_snapshot(run_id, live.error or "not started")
            else:
                grid = self._settings.grid
                rows = None if grid is None else live.reducer.indices(live.run.path, grid)
                snapshots[run_id] = take_snapshot(
                    run_id,
                    live.run,
                    live.steps_to_converge,
                    self._settings.state.max_steps,
                    rows,
                    grid,
                )
        self._snapshots = snapshots
        self.snapshots_ready.emit()

    def _set_playing(self, requested: bool) -> None:
        playing = requested and bool(self._active())
        if playing != self._settings.playing or playing != requested:
            # Also when a request is refused (nothing left to run), so the button shows it.
            self._settings.playing = playing
            self.playing_changed.emit(playing)

    def _configure(self, state: StudioState, progress: dict[int, RunProgress]) -> None:
        self._settings.state = state
        self._live = {
            entry.run_id: self._build(entry, progress.get(entry.run_id)) for entry in state.runs
        }

    def _reset(self) -> None:
        self._live = {run_id: self._build(live.entry) for run_id, live in self._live.items()}

    def _update_run(self, entry: RunEntry, restart: bool) -> None:
        live = self._live.get(entry.run_id)
        if live is None or live.run is None or restart or _needs_restart(live.entry, entry):
            self._live[entry.run_id] = self._build(entry)
            return
        live.run.set_hyperparameters(**entry.resolved_hyper())
        live.entry = entry

    def _remove(self, run_id: int) -> None:
        self._live.pop(run_id, None)

    def _build(self, entry: RunEntry, progress: RunProgress | None = None) -> _Live:
        state = self._settings.state
        try:
            run = replay_run(state, entry, progress)
        except ValueError as error:
            self.error.emit(f"{entry.name}: {error}")
            return _Live(entry, None, error=str(error))
        live = _Live(entry, run, kernel_key=(entry.optimizer, run.loss.spec.is_data))
        self._scan_convergence(live)
        return live


def _lockstep_chunk(active: list[_Live]) -> int:
    """Steps every run takes in one round of the lockstep race: the whole round (all runs)
    lasts about TARGET_CALL_SECONDS, so a frame can show it as often as free running does.
    Until each run's cost is measured, the smallest tuned chunk."""
    costs = [live.seconds_per_step for live in active]
    if not all(costs):
        return min(live.chunk for live in active)
    return max(1, min(1 << 24, int(TARGET_CALL_SECONDS / sum(costs))))


def _tuned(chunk: int, seconds: float) -> int:
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


def _error_snapshot(run_id: int, message: str) -> Snapshot:
    empty = np.zeros(0)
    return Snapshot(
        run_id,
        0,
        "error",
        (math.nan, math.nan),
        math.nan,
        math.nan,
        math.nan,
        empty.astype(np.int64),
        np.zeros((0, 2)),
        empty,
        empty,
        empty,
        None,
        message,
    )
