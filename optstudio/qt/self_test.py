"""`optstudio --self-test`: one command that tells a packager the build works.

It opens the studio offscreen, plays a scenario for a second, exports the map as a PNG into a
temporary folder, reads it back and checks that it is a picture; then it says what it did and
exits 0, or says what failed and exits 1.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

SCENARIO = "adam-vs-sgd-rosenbrock"
PLAY_SECONDS = 1.0
COMPILE_SECONDS = 300.0
"""A first start compiles the kernels; the self-test waits that long for the first steps."""


def _quiet_offscreen(_kind, _context, message: str) -> None:
    """Qt's offscreen platform warns that it cannot do what only real windows do; the rest
    still reaches stderr."""
    if "does not support" not in message:
        print(message, file=sys.stderr)


def self_test() -> tuple[bool, str]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings, QStandardPaths, qInstallMessageHandler
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QApplication

    from ..studies.gallery import load_preset
    from .landscape.landscape_window import LandscapeWindow

    QStandardPaths.setTestModeEnabled(True)  # no autosave or settings in the user's folders
    qInstallMessageHandler(_quiet_offscreen)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="optstudio-self-test-") as folder:
        settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
        window = LandscapeWindow(settings=settings)
        problems: list[str] = []
        window.warn = lambda title, text: problems.append(f"{title}: {text}")
        window.files.ask = lambda title, question: "discard"
        window.explainer.enabled = False
        window.show()
        try:
            window.load_studio(load_preset(SCENARIO))
            ids = [r.run_id for r in window.state.runs]
            window.controls.play_action.trigger()
            began = time.monotonic()

            def steps() -> list[int]:
                snaps = window.engine.snapshots()
                return [snaps[i].step if i in snaps else 0 for i in ids]

            while min(steps()) == 0 and time.monotonic() - began < COMPILE_SECONDS:
                app.processEvents()
                time.sleep(0.01)
            first_steps = time.monotonic() - began
            end = time.monotonic() + PLAY_SECONDS
            while time.monotonic() < end:
                app.processEvents()
                time.sleep(0.01)
            taken = steps()
            if min(taken) == 0:
                return False, f"the runs took no step in {COMPILE_SECONDS:.0f} s"
            for _ in range(5):
                app.processEvents()
                window._draw()
            figure = Path(folder) / "map.png"
            if not window.exports.export_figure(figure, "map", 1, False):
                return False, "exporting the figure failed: " + "; ".join(problems)
            image = QImage(str(figure))
            if image.isNull() or image.width() < 200 or image.height() < 200:
                return False, f"the exported figure is not a picture ({figure.stat().st_size} B)"
            colours = {
                image.pixel(x, y)
                for x in range(0, image.width(), 9)
                for y in range(0, image.height(), 9)
            }
            if len(colours) < 50:
                return False, f"the exported figure is nearly blank ({len(colours)} colours)"
        finally:
            window.close()
    model_seconds = _first_model_step()
    return True, (
        f"self-test passed: {SCENARIO} ran {len(taken)} runs to steps {taken} "
        f"(first steps after {first_steps:.1f} s, including any compiling); "
        f"the map exported as a {image.width()}x{image.height()} PNG with {len(colours)} "
        f"colours and read back; the first model step took {model_seconds:.2f} s "
        f"({os.environ.get('NUMBA_CPU_NAME', 'host')} kernels)"
    )


def _first_model_step() -> float:
    """Seconds to a network's first step, as the lab's first race takes it: the kernel
    loaded from numba's cache (a bundle ships it) or compiled."""
    from .. import train

    began = time.perf_counter()
    train("circle", "adam", steps=1)
    return time.perf_counter() - began
