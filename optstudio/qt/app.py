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
    from .main_window import MainWindow

    window = MainWindow()
    window.show()
    window.files.start_autosave()
    if session_path is not None:
        window.files.open(session_path, ask=False)
    return app.exec()
