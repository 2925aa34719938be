"""The window's side of the live engine: commands to its process, snapshots back as signals.

`EngineWorker` is what the window calls `engine`: it starts `optstudio.live.process`, sends
each command as a name and values, and a listener thread turns what comes back into Qt
signals and an always-whole dict of snapshots the window reads without a lock. If the engine
process dies (killed, out of memory), `stopped_unexpectedly` says so once; the window starts a
new one and replays the runs to where they were.
"""

from __future__ import annotations

import contextlib
import itertools
import threading
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from ...engine.path_reduction import PixelGrid
from ...io.session import RunProgress
from ...live.process import start_engine
from ...live.snapshots import Snapshot
from ...studies.landscape import LandscapeStudy
from ...studies.model import ModelStudy
from ...studies.runs import RunEntry

STOP_SECONDS = 3.0
"""How long closing waits for the engine to stop by itself before terminating it."""


class _Listener(QThread):
    """Receives the engine's messages until the pipe closes."""

    message = Signal(tuple)
    ended = Signal()

    def __init__(self, worker: EngineWorker, connection: Any) -> None:
        super().__init__()
        self._worker = worker
        self._connection = connection

    def run(self) -> None:
        while True:
            try:
                message = self._connection.recv()
            except (EOFError, OSError):
                break
            if message[0] == "snapshots":
                self._worker._merge(*message[1:])
            elif message[0] == "configured":
                self._worker._configured(message[1])
            else:
                self.message.emit(message)
        self.ended.emit()


class EngineWorker(QObject):
    """Owns the engine process; the window's only way to the runs."""

    snapshots_ready = Signal()
    busy_changed = Signal(str)
    playing_changed = Signal(bool)
    error = Signal(str)
    exported = Signal(list, str)
    trajectories = Signal(object, object)
    """A model study's runs' recorded (steps, parameters), asked for by `send_trajectories`,
    and the `until` they answer (None: every row)."""
    stopped_unexpectedly = Signal(str)

    def __init__(self, parent: Any = None, kind: str = "landscape") -> None:
        super().__init__(parent)
        self.kind = kind
        """The engine's kind of study: "landscape" or "model" (`live.process.ENGINE_KINDS`)."""
        self._snapshots: dict[int, Snapshot] = {}
        self._process: Any = None
        self._connection: Any = None
        self._listener: _Listener | None = None
        self._stopping = False
        self.steps_done = 0
        self.view: PixelGrid | None = None
        """The last view sent: the engine reduces paths for it."""
        self._configurations = itertools.count(1)
        self._awaited: int | None = None
        """The `configure` whose answer is awaited: snapshots until then are of an earlier
        study and are dropped."""
        self._merging = threading.Lock()

    # ----- life -----
    def start(self) -> None:
        self._stopping = False
        with self._merging:
            self._awaited = None  # a new process answers no earlier `configure`
        self._process, self._connection = start_engine(self.kind)
        self._listener = _Listener(self, self._connection)
        self._listener.message.connect(self._route)
        self._listener.ended.connect(self._ended)
        self._listener.start()
        if self.view is not None:
            self.set_view(self.view)

    def is_running(self) -> bool:
        return self._process is not None and self._process.is_alive()

    def stop(self) -> None:
        """End the engine process and the listener (called when the window closes)."""
        self._stopping = True
        process, connection, listener = self._process, self._connection, self._listener
        if process is None:
            return
        with contextlib.suppress(OSError, ValueError):
            connection.send(("stop",))
        process.join(STOP_SECONDS)
        if process.is_alive():
            process.terminate()
            process.join(1.0)
        if process.is_alive():
            process.kill()
            process.join()
        if listener is not None:  # the pipe's far end is closed now: it reads the end
            listener.wait(int(STOP_SECONDS * 1000))
        connection.close()
        self._process = self._connection = self._listener = None

    def _ended(self) -> None:
        if self._stopping or self._process is None:
            return
        self._process.join(1.0)
        code = self._process.exitcode
        if self._listener is not None:
            self._listener.wait()
        self._connection.close()
        self._process = self._connection = self._listener = None
        self.stopped_unexpectedly.emit(_describe_exit(code))

    # ----- what the window reads -----
    def snapshots(self) -> dict[int, Snapshot]:
        return self._snapshots

    def _merge(self, changed: dict[int, Snapshot], ids: tuple[int, ...], steps: int) -> None:
        """In the listener thread: the new whole dict replaces the old in one assignment."""
        with self._merging:
            if self._awaited is not None:
                return  # of the study before the last `configure`
            old = self._snapshots
            self._snapshots = {
                i: changed[i] if i in changed else old[i] for i in ids if i in changed or i in old
            }
            self.steps_done = steps
        self.snapshots_ready.emit()

    def _configured(self, number: int) -> None:
        with self._merging:
            if number == self._awaited:
                self._awaited = None

    def _route(self, message: tuple) -> None:
        kind, *values = message
        if kind == "compiling":
            self.busy_changed.emit(
                self.tr("Compiling {0} (once; later starts load it from the cache)…").format(
                    values[0]
                )
            )
        elif kind == "compiled":
            self.busy_changed.emit("")
        elif kind == "replaying":
            done, total = int(values[0]), int(values[1])
            self.busy_changed.emit(
                self.tr("Replaying the session's runs: {0}% of {1} steps (Reset stops it)…").format(
                    f"{100 * done / total:.0f}", f"{total:,}"
                )
                if total
                else ""
            )
        elif kind == "playing":
            self.playing_changed.emit(bool(values[0]))
        elif kind == "error":
            self.error.emit(str(values[0]))
        elif kind == "exported":
            self.exported.emit(list(values[0]), str(values[1]))
        elif kind == "trajectories":
            self.trajectories.emit(dict(values[0]), values[1] if len(values) > 1 else None)

    # ----- commands -----
    def _send(self, *command: Any) -> None:
        if self._connection is None:
            return
        with contextlib.suppress(OSError, ValueError):
            self._connection.send(command)

    def configure(
        self,
        state: LandscapeStudy | ModelStudy,
        progress: dict[int, RunProgress] | None = None,
        *,
        same_study: bool = False,
    ) -> None:
        """Replace the whole studio: every run restarts from the start point, or is replayed
        as far as `progress` says (a session being opened). The snapshots of the study
        before are gone at once, so that no view shows them beside or on the new one, unless
        `same_study` is replayed (a new engine after one died), whose last snapshots stay on
        screen until the replay's arrive."""
        number = next(self._configurations)
        with self._merging:
            self._awaited = number if self._connection is not None else None
            if not same_study:
                self._snapshots = {}
        self._send("configure", state.to_dict(), dict(progress or {}), number)

    def update_run(self, entry: RunEntry, *, restart: bool) -> None:
        copy = RunEntry(**{k: getattr(entry, k) for k in RunEntry.__dataclass_fields__})
        copy.hyper = dict(entry.hyper)
        self._send("update_run", copy, restart)

    def remove_run(self, run_id: int) -> None:
        self._send("remove_run", run_id)

    def export_runs(self, targets: dict[int, Any]) -> None:
        """Write runs at full resolution (CSV, JSON or NPZ by extension); `exported` reports."""
        self._send("export_runs", {k: str(v) for k, v in targets.items()})

    def send_trajectories(self, until: dict[int, int] | None = None) -> None:
        """Ask a model study's engine for its runs' parameters (`trajectories` answers), each
        up to its row at `until[run_id]` if given (the timeline's step)."""
        self._send("send_trajectories", until)

    def play(self) -> None:
        self._send("play")

    def pause(self) -> None:
        self._send("pause")

    def single_step(self) -> None:
        self._send("single_step")

    def reset(self) -> None:
        self._send("reset")

    def set_speed(self, steps_per_second: float) -> None:
        self._send("set_speed", float(steps_per_second))

    def set_view(self, grid: PixelGrid) -> None:
        """The map's view changed: paths are reduced again at its pixel size."""
        self.view = grid
        self._send("set_view", grid)

    def set_lockstep(self, on: bool) -> None:
        self._send("set_lockstep", bool(on))

    def set_max_steps(self, max_steps: int) -> None:
        self._send("set_max_steps", int(max_steps))


def _describe_exit(code: int | None) -> str:
    if code is not None and code < 0:
        import signal

        with contextlib.suppress(ValueError):
            return signal.Signals(-code).name
    return f"exit code {code}"
