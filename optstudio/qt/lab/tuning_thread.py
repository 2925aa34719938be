"""A tuning study's thread in the lab.

The study runs in a process of its own (`optstudio.live.study_service`: the Dask client, the
local cluster's scheduler and the study's loop; the trials train in the cluster's workers).
This thread only starts it, passes a cancel on, and turns what the process says into Qt
signals, so nothing of the study holds the window's interpreter.
"""

from __future__ import annotations

import contextlib
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from ...live.process import start_engine
from ...tuning.study import TuningPlan

WORKER_NICENESS = 19
"""How much lower the study's local workers are scheduled than the window and its engine:
the lowest there is. Against 10, with the lab racing on digits on 2 cores
(`benchmarks/window_speed.py --model --tune`), the frames went from 55 to 58 a second and the
stalls over 50 ms from 1-3 to 1 in ten seconds, and the study from 0.8 to 0.35 trials a second
while the race runs (a paused race leaves the workers every core)."""
POLL_SECONDS = 0.05
"""How often the thread looks for a cancel to pass on while the process is quiet."""
STOP_SECONDS = 10.0
"""How long a process that was told to stop (or that finished) has to end before it is
ended: it closes its cluster first."""


class StudyThread(QThread):
    """A study's process, its trials and progress sent to the window as signals."""

    trial_done = Signal(object)
    progress = Signal(object)
    ended = Signal(object)
    failed = Signal(str)

    def __init__(self, plan: TuningPlan, scheduler: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.plan, self.scheduler = plan, scheduler
        self.stop_requested = False

    def run(self) -> None:
        try:
            process, connection = start_engine("tuning")
        except OSError as error:
            self.failed.emit(f"the study could not start: {error}")
            return
        try:
            connection.send(("study", self.plan, self.scheduler, WORKER_NICENESS))
            signal, value = self._listen(process, connection)
        except (EOFError, OSError):
            signal, value = self.failed, _gone(process)
        finally:
            connection.close()
            process.join(STOP_SECONDS)
            if process.is_alive():
                process.terminate()
                process.join(STOP_SECONDS)
        # the last thing the thread does, as when the study ran here: once the window hears
        # the end, the study is no longer running (a session saved then keeps it)
        signal.emit(value)

    def _listen(self, process, connection) -> tuple[Any, Any]:
        """Pass trials and progress on until the process says how the study ended: that
        end's signal and its value."""
        stop_sent = False
        while True:
            if self.stop_requested and not stop_sent:
                connection.send(("stop",))
                stop_sent = True
            if not connection.poll(POLL_SECONDS):
                if not process.is_alive():
                    return self.failed, _gone(process)
                continue
            kind, *values = connection.recv()
            if kind == "trial":
                self.trial_done.emit(values[0])
            elif kind == "progress":
                self.progress.emit(values[0])
            elif kind == "ended":
                return self.ended, values[0]
            elif kind == "failed":
                return self.failed, values[0]


def _gone(process) -> str:
    """One line for a study process that ended without saying how."""
    code = None
    with contextlib.suppress(Exception):
        code = process.exitcode
    return f"the study's process ended unexpectedly (exit code {code})"
