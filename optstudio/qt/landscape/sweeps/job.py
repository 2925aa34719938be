"""A sweep or a basin map computed in a worker thread, reporting as batches finish.

The engine releases the GIL and uses every core; the window stays live, fills the picture in
as results arrive (at most ten times a second) and can cancel between batches.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from ....engine.sweep import Cancelled, ManyRuns

REPORT_SECONDS = 0.1


class Job(QObject):
    progressed = Signal(object, float)
    """(a copy of the results so far, the fraction done)"""
    finished = Signal(object)
    """The whole result."""
    cancelled = Signal(object)
    """The partial result."""
    failed = Signal(str)

    def __init__(self, work: Callable[[Callable[[ManyRuns, Any], bool]], Any], parent=None):
        super().__init__(parent)
        self._work = work
        self._stop = threading.Event()
        self.discarded = False
        """Set on the window's thread: what the job still reports is not to be shown."""
        self._last_report = 0.0
        self._thread = threading.Thread(target=self._run, name="optstudio-sweep", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self._stop.set()

    def discard(self) -> None:
        """Cancel, and mark everything the job reports from now on as not to be shown (the
        landscape it ran on is gone)."""
        self.discarded = True
        self._stop.set()

    def wait(self, seconds: float | None = None) -> bool:
        """True once the thread has ended."""
        self._thread.join(seconds)
        return not self._thread.is_alive()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _run(self) -> None:
        try:
            result = self._work(self._progress)
        except Cancelled as stop:
            self.cancelled.emit(stop.partial)
        except (ValueError, ArithmeticError, MemoryError) as error:
            self.failed.emit(str(error) or type(error).__name__)
        else:
            self.finished.emit(result)

    def _progress(self, runs: ManyRuns, _finished) -> bool:
        now = time.monotonic()
        if now - self._last_report >= REPORT_SECONDS:
            self._last_report = now
            copy = ManyRuns(
                runs.steps.copy(),
                runs.status.copy(),
                runs.final_loss.copy(),
                runs.grad_norm.copy(),
                runs.theta.copy(),
                runs.done.copy(),
            )
            self.progressed.emit(copy, float(runs.done.mean()))
        return not self._stop.is_set()
