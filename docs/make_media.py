"""Regenerate the README's screenshot and animation from the studio itself.

    python docs/make_media.py

writes docs/screenshot.png (the window on a scenario, its step explained), docs/race.gif
(a short race on the map) and docs/model-lab.png (the model lab on the spiral). Run it after
the window's look changes; offscreen, no display needed.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCREENSHOT_SCENARIO = "adam-vs-sgd-rosenbrock"
RACE_SCENARIO = "heavy-ball-vs-nesterov"
MODEL_SCENARIO = "model-spiral-depth"
SIZE = (1500, 920)


def screenshot(out: Path) -> None:
    from PySide6.QtCore import QSettings, QStandardPaths
    from PySide6.QtWidgets import QApplication

    from optstudio.qt.landscape.landscape_window import LandscapeWindow
    from optstudio.studies.gallery import load_preset

    QStandardPaths.setTestModeEnabled(True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        settings = QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat)
        window = LandscapeWindow(settings=settings)
        window.files.ask = lambda *_: "discard"
        window.resize(*SIZE)
        window.show()
        window.load_studio(load_preset(SCREENSHOT_SCENARIO))

        def pump(seconds: float) -> None:
            end = time.monotonic() + seconds
            while time.monotonic() < end:
                app.processEvents()
                time.sleep(0.01)

        pump(1.0)
        for _ in range(120):  # step through the start, as a lecturer would
            window.explainer.forward()
            pump(0.01)
        window.explainer.dock.raise_()
        pump(2.0)
        window.grab().save(str(out))
        window.close()


def model_lab(out: Path) -> None:
    """The model lab after its race: boundaries, curves and table."""
    from optstudio.qt.headless import with_window
    from optstudio.studies.gallery import load_preset

    def grab(window) -> bool:
        window.resize(*SIZE)
        window.refresh_views()
        return window.grab().save(str(out))

    with_window(load_preset(MODEL_SCENARIO), grab, out)


def race(out: Path) -> None:
    """The map alone, small and at 10 frames a second: a README animation, not a video."""
    from PySide6.QtWidgets import QApplication

    from optstudio.qt.export.animation import write_animation
    from optstudio.qt.headless import with_window
    from optstudio.studies.gallery import load_preset

    def animate(window) -> bool:
        window.resize(1100, 640)
        for _ in range(20):
            QApplication.processEvents()
        return write_animation(window, out, fps=10, seconds=4.0, part="map") is not None

    with_window(load_preset(RACE_SCENARIO), animate, out)


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    screenshot(HERE / "screenshot.png")
    race(HERE / "race.gif")
    model_lab(HERE / "model-lab.png")
    for name in ("screenshot.png", "race.gif", "model-lab.png"):
        path = HERE / name
        print(f"{path} ({path.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
