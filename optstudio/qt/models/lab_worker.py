"""The model lab's work off the GUI thread: checking a study, drawing what runs have learnt, and
the loss-landscape plane.

Each kind of job keeps only its latest request (a newer one replaces one that has not started,
and tells one that has started to stop where it can), so a burst of edits or of frames costs
one computation, and the window never waits: results come back as a signal on the GUI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

Work = Callable[[Callable[[], bool]], Any]
"""A job: called with `superseded()`, which turns true once a newer job of its kind waits."""


class LabWorker(QObject):
    finished = Signal(str, int, object)
    """(kind, the job's number, its result)"""
    failed = Signal(str, int, str)
    """(kind, the job's number, a one-line message)"""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pending: dict[str, tuple[int, Work]] = {}
        self._numbers: dict[str, int] = {}
        self._condition = threading.Condition()
        self._stopping = False
        self._busy = False
        self._thread = threading.Thread(target=self._serve, name="optstudio-lab", daemon=True)
        self._thread.start()

    def submit(self, kind: str, work: Work) -> int:
        """Queue `work` as the latest job of `kind`; returns its number (the result says it)."""
        with self._condition:
            number = self._numbers.get(kind, 0) + 1
            self._numbers[kind] = number
            self._pending[kind] = (number, work)
            self._condition.notify()
        return number

    def latest(self, kind: str) -> int:
        """The number of the last job of `kind` submitted (0 if none)."""
        return self._numbers.get(kind, 0)

    def idle(self) -> bool:
        """Nothing waiting and nothing running (tests wait for it)."""
        with self._condition:
            return not self._pending and not self._busy

    def stop(self) -> None:
        with self._condition:
            self._stopping = True
            self._pending.clear()
            self._condition.notify()
        self._thread.join(5.0)

    def _serve(self) -> None:
        while True:
            with self._condition:
                while not self._pending and not self._stopping:
                    self._condition.wait()
                if self._stopping:
                    return
                kind = next(iter(self._pending))
                number, work = self._pending.pop(kind)
                self._busy = True

            def superseded(kind: str = kind, number: int = number) -> bool:
                return self._stopping or self._numbers.get(kind, 0) != number

            try:
                result = work(superseded)
            except (ValueError, ArithmeticError, MemoryError, OSError) as error:
                if not self._stopping:
                    self.failed.emit(kind, number, str(error) or type(error).__name__)
            else:
                if not self._stopping and result is not None:
                    self.finished.emit(kind, number, result)
            finally:
                with self._condition:
                    self._busy = False
