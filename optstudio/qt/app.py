"""Start-up of the studio: the QApplication, the window, and a clean exit."""

from __future__ import annotations

import sys
from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtWidgets import QApplication

from .._version import __version__
from . import open_windows


def run_studio(
    argv: Sequence[str] | None = None,
    session_path: str | None = None,
    scenario_path: str | None = None,
) -> int:
    """Open the studio and run until its window closes; the exit status."""
    app = QApplication.instance() or QApplication(list(argv or sys.argv[:1]))
    app.setApplicationName("optstudio")
    app.setOrganizationName("optstudio")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("org.optstudio.optstudio")  # Wayland finds the icon through it
    pg.setConfigOptions(imageAxisOrder="row-major")
    if QApplication.platformName() in ("offscreen", "minimal"):
        from .headless import quiet_offscreen_notices

        quiet_offscreen_notices()
    _quit_on_sigterm(app)
    _say_when_ready()  # also while a question at start (restore the last studio?) is open
    window = open_window(session_path, scenario_path=scenario_path)  # noqa: F841 (kept alive)
    spare_the_collector_the_start_up()
    code = app.exec()
    _let_workers_finish()
    return code


def spare_the_collector_the_start_up() -> None:
    """Move every object made so far (modules, Qt's wrappers, pyqtgraph's items: the window
    as it opened) out of Python's garbage collector: they live as long as the studio, and a
    full collection walked all of them on the window's thread, a stall of 70-160 ms now and
    then while runs played (`benchmarks/window_speed.py`: none in 15-20 s once they are out)."""
    import gc

    gc.collect()
    gc.freeze()


WORKER_GRACE_MS = 10_000
"""How long quitting waits for work in flight (a landscape's grid, a check of a formula)."""


def _let_workers_finish() -> None:
    """Wait for the worker threads before Python tears the application down: a worker that
    finished after its signals' QObject was gone printed a traceback on quitting (seen when
    the studio was ended a few seconds after it opened)."""
    from PySide6.QtCore import QThreadPool

    QThreadPool.globalInstance().waitForDone(WORKER_GRACE_MS)


READY_FILE_VARIABLE = "OPTSTUDIO_READY_FILE"
"""Where the studio writes a line once its window is up and its event loop running (for
`.ci/run`, which opens the studio as README's first command does and checks it came up)."""


def _say_when_ready() -> None:
    import os

    from PySide6.QtCore import QTimer

    path = os.environ.get(READY_FILE_VARIABLE)
    if not path:
        return

    def ready() -> None:
        windows = [w for w in open_windows.OPEN if w.isVisible()]
        if not windows:
            QTimer.singleShot(200, ready)
            return
        window = windows[-1]
        with open(path, "w", encoding="utf-8") as out:
            out.write(f"shown {window.width()}x{window.height()} {window.windowTitle()}\n")

    QTimer.singleShot(500, ready)


def _quit_on_sigterm(app: QApplication) -> None:
    """SIGTERM (a logout, `kill`) ends the studio as a crash would not: the studio is saved
    for the restore offer of the next start, the engine threads stop, no file is left half
    written. Python runs the handler between events; the frame timer wakes it often."""
    import signal

    def terminate(signum: int, _frame: object) -> None:
        for window in list(open_windows.OPEN):
            window.files.autosave()
            window.stop_work()
        app.exit(128 + signum)

    signal.signal(signal.SIGTERM, terminate)


def open_window(session_path: str | None = None, settings=None, scenario_path: str | None = None):
    """The studio window as a user starts it: the given session, or a scenario of the gallery
    as an untitled copy, or the gallery unless the user turned it off."""
    from PySide6.QtCore import QSettings

    from .shared.i18n import LANGUAGE_SETTING, install_translators
    from .windows import LandscapeWindow

    settings = settings if settings is not None else QSettings("optstudio", "optstudio")
    install_translators(str(settings.value(LANGUAGE_SETTING, "system")))
    window = LandscapeWindow(settings=settings)
    open_windows.keep(window)
    window.show()
    window.files.start_autosave()
    if session_path is not None:
        window.files.open(session_path, ask=False)
    elif scenario_path is not None:
        window.files.open_scenario(scenario_path, ask=False, play=True)
    else:
        from .lecture.gallery import show_on_start

        if show_on_start(window.settings):
            window.files.show_gallery()
    return window
