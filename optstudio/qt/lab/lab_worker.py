"""The window's side of the model lab's drawing process (`live.drawing`): jobs out, results
back as signals on the GUI thread.

Checking a study, drawing what the runs have learnt and the loss-landscape plane run in a
process of their own, so the window never waits and never shares its interpreter's lock with
them. Each kind of job keeps only its latest request there. If the process dies, a new one is
started, given back what the window had it keep (the study's probe) and the latest job of
each kind that had no answer.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from typing import Any

from PySide6.QtCore import QObject, Signal

from ...live.process import start_engine

STOP_SECONDS = 2.0
"""How long closing waits for the process to stop by itself before ending it."""
RESTARTS = 3
"""New processes started after one died, at most (a process that keeps dying says so)."""


class LabWorker(QObject):
    finished = Signal(str, int, object)
    """(kind, the job's number, its result)"""
    failed = Signal(str, int, str)
    """(kind, the job's number, a one-line message)"""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._numbers: dict[str, int] = {}
        self._unanswered: dict[str, tuple] = {}
        """The latest job of each kind the process has not answered: sent again to a new one."""
        self._kept: dict[str, Any] = {}
        """What the window had the process keep, by key: handed to a new process."""
        self._lock = threading.Lock()
        self._stopping = False
        self._restarts = 0
        self._process: Any = None
        self._connection: Any = None
        self._outgoing: queue.SimpleQueue[tuple | None] = queue.SimpleQueue()
        """Messages for the process, sent by a thread of their own: a plane's paths are
        megabytes, and the window must not wait while the process is busy reading none."""
        threading.Thread(target=self._send_all, name="optstudio-lab-out", daemon=True).start()
        self._start()

    # ----- the window's calls -----
    def submit(self, kind: str, job: str, **args: Any) -> int:
        """Ask for `job` (a name in `live.drawing.JOBS`) with `args` as the latest of `kind`;
        returns its number (the answer says it)."""
        with self._lock:
            number = self._numbers.get(kind, 0) + 1
            self._numbers[kind] = number
            message = ("job", kind, number, job, args)
            self._unanswered[kind] = message
        self._outgoing.put(message)
        return number

    def remember(self, key: str, value: Any, keep: int = 3) -> None:
        """The process kept `value` under `key` (a job did): remembered, to be handed to a
        process started after this one died (only the last `keep` keys)."""
        with self._lock:
            self._kept.pop(key, None)
            self._kept[key] = value
            while len(self._kept) > keep:
                self._kept.pop(next(iter(self._kept)))

    def latest(self, kind: str) -> int:
        """The number of the last job of `kind` submitted (0 if none)."""
        return self._numbers.get(kind, 0)

    def idle(self) -> bool:
        """Every job submitted is answered (tests wait for it)."""
        with self._lock:
            return not self._unanswered

    def stop(self) -> None:
        with self._lock:
            self._stopping = True
            process, connection = self._process, self._connection
        self._outgoing.put(("stop",))
        self._outgoing.put(None)  # the sender's end, after the stop
        if process is None:
            return
        process.join(STOP_SECONDS)
        if process.is_alive():
            process.kill()
            process.join()
        with contextlib.suppress(OSError):
            connection.close()

    # ----- the process -----
    def _start(self) -> None:
        process, connection = start_engine("drawing")
        with self._lock:
            self._process, self._connection = process, connection
            resend = [("keep", key, value) for key, value in self._kept.items()]
            resend += list(self._unanswered.values())
        listener = threading.Thread(
            target=self._listen, args=(connection,), name="optstudio-lab", daemon=True
        )
        listener.start()
        for message in resend:
            self._outgoing.put(message)

    def _send_all(self) -> None:
        """Send each message to the process of the moment; a broken pipe is the listener's to
        notice (it starts a new process, and sends again what had no answer)."""
        while (message := self._outgoing.get()) is not None:
            with self._lock:
                connection = self._connection
            with contextlib.suppress(OSError, ValueError, EOFError):
                connection.send(message)

    def _listen(self, connection: Any) -> None:
        while True:
            try:
                message = connection.recv()
            except (EOFError, OSError):
                break
            outcome, kind, number, *result = message
            with self._lock:
                if kind in self._unanswered and self._unanswered[kind][2] == number:
                    del self._unanswered[kind]
                stopping = self._stopping
            if stopping:
                continue
            if outcome == "done":
                self.finished.emit(kind, number, result[0])
            elif outcome == "failed":
                self.failed.emit(kind, number, result[0])
        self._ended()

    def _ended(self) -> None:
        """The process's end of the pipe closed: a new process unless the window is closing."""
        with self._lock:
            if self._stopping:
                return
            self._restarts += 1
            exhausted = self._restarts > RESTARTS
            unanswered = dict(self._unanswered)
            if exhausted:
                self._unanswered.clear()
        if exhausted:
            for kind, message in unanswered.items():
                self.failed.emit(kind, message[2], "the lab's drawing process keeps stopping")
            return
        self._start()
