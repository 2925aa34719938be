"""Fixtures that drive the real studio window offscreen."""

import pytest
import shiboken6
from PySide6.QtCore import QSettings, QStandardPaths

from optstudio.qt import open_windows
from optstudio.qt.windows import LabWindow
from optstudio.studies.landscape import LandscapeStudy
from optstudio.studies.model import ModelStudy

# Autosave and other user folders go to Qt's test locations, never the user's own.
QStandardPaths.setTestModeEnabled(True)


def engine_caught_up(window) -> bool:
    """Every run of the studio has a snapshot from the engine, reduced at the map's view."""
    snapshots = window.engine.snapshots()
    return (
        window.engine.view is not None
        and set(snapshots) == {r.run_id for r in window.state.runs}
        and all(s.grid is not None or s.status == "error" for s in snapshots.values())
    )


@pytest.fixture
def make_window(qtbot, tmp_path):
    """Build windows on a private settings file; each must end with its engine thread stopped."""
    from optstudio.qt.landscape.landscape_window import LandscapeWindow

    windows = []
    messages: list[str] = []

    def make(state: LandscapeStudy | None = None, settings_name: str = "settings.ini"):
        settings = QSettings(str(tmp_path / settings_name), QSettings.Format.IniFormat)
        window = LandscapeWindow(state=state, settings=settings)
        window.files.ask = lambda title, question: "discard"  # no modal dialogs in tests
        window.warn = lambda title, text: messages.append(text)
        window.messages = messages
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        # Paths are drawn as reduced at the map's pixel size once the engine knows the view;
        # the engine's process has started and shows every run.
        qtbot.waitUntil(lambda: engine_caught_up(window), timeout=20_000)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()
        assert not window.engine.is_running(), "a test left the engine process running"


@pytest.fixture
def empty_state():
    return LandscapeStudy(loss="himmelblau", max_steps=200)


@pytest.fixture
def lab(qtbot, tmp_path):
    """Build model windows on a private settings file; every window (also one that took
    another's place) ends with its engine and worker stopped."""
    made: list = []
    messages: list[str] = []

    def quiet(window) -> None:
        window.files.ask = lambda title, question: "discard"
        window.warn = lambda title, text: messages.append(text)
        window.messages = messages

    def make(study: ModelStudy | None = None, kind: type = LabWindow):
        settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
        window = kind(state=study, settings=settings)
        quiet(window)
        qtbot.addWidget(window)
        window.show()
        made.append(window)
        return window

    make.quiet = quiet
    make.made = made
    yield make
    for window in [*made, *open_windows.OPEN]:
        if not shiboken6.isValid(window):
            continue  # closed and deleted by Qt already (another test's window, say)
        window.files.ask = lambda *_: "discard"
        window.close()
        assert not window.engine.is_running(), "a test left the engine process running"
    open_windows.OPEN.clear()
