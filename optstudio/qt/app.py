"""Start-up of the studio: the QApplication, the window, and a clean exit."""

from __future__ import annotations

import sys
from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtWidgets import QApplication

from .._version import __version__


def run_studio(argv: Sequence[str] | None = None, session_path: str | None = None) -> int:
    """Open the studio and run until its window closes; the exit status."""
    app = QApplication.instance() or QApplication(list(argv or sys.argv[:1]))
    app.setApplicationName("optstudio")
    app.setOrganizationName("optstudio")
    app.setApplicationVersion(__version__)
    pg.setConfigOptions(imageAxisOrder="row-major")
    window = open_window(session_path)  # noqa: F841 (kept alive until the loop ends)
    return app.exec()


def open_window(session_path: str | None = None, settings=None):
    """The studio window as a user starts it: the given session, or the gallery unless the
    user turned it off."""
    from .main_window import MainWindow

    window = MainWindow(settings=settings)
    window.show()
    window.files.start_autosave()
    if session_path is not None:
        window.files.open(session_path, ask=False)
    else:
        from .gallery import show_on_start

        if show_on_start(window.settings):
            window.files.show_gallery()
    return window
