"""The lab's drawing kernels made ready as the first study shows: the drawing process compiles
them or loads them from numba's cache (ten seconds with an empty cache), and the status bar
says what is being prepared, how long it took last time, and when it is ready."""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QCoreApplication

WARM_SETTING = "lab/kernel_seconds"
"""How long the lab's drawing kernels took to get ready last time (said while they do)."""


def _seconds(value: object) -> float | None:
    """A number of seconds read back from the settings (None if it is not one)."""
    try:
        seconds = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return seconds if math.isfinite(seconds) else None


class KernelWarmUp:
    ready = False
    """The kernels were made ready once in this process: later labs say nothing of it."""

    def __init__(self, window: Any) -> None:
        self.window = window
        self.started = False

    def start(self, probe_key: str) -> None:
        """Ask the drawing process to make its kernels ready for the study kept under
        `probe_key`, saying so (and how long it took last time) the first time."""
        self.started = True
        window = self.window
        if not KernelWarmUp.ready:
            last = _seconds(window.settings.value(WARM_SETTING))
            took = (
                ""
                if last is None
                else QCoreApplication.translate("LabWindow", " (%s s last time)") % f"{last:.0f}"
            )
            window.statusBar().showMessage(
                QCoreApplication.translate(
                    "LabWindow", "Preparing the kernels that draw boundaries and planes{0}…"
                ).format(took)
            )
        window.lab.submit("warm", "warm_kernels", key=probe_key)

    def done(self, seconds: float) -> None:
        window = self.window
        if not KernelWarmUp.ready:  # how long the first lab of a process waited
            window.settings.setValue(WARM_SETTING, f"{seconds:.1f}")
        KernelWarmUp.ready = True
        window.statusBar().showMessage(
            QCoreApplication.translate("LabWindow", "Kernels ready ({0} s)").format(
                f"{seconds:.1f}"
            ),
            4000,
        )
