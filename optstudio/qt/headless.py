"""The window's figures without a display: `optstudio plot` renders offscreen.

The same window draws the figure as on screen, so a figure made from the command line matches
the one exported from the studio.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from ..io.session import RunProgress, Session
from .shared.event_waits import events_until

TIMEOUT_SECONDS = 600


def render_session(
    session: Session,
    out: str | Path,
    *,
    part: str = "map",
    scale: int = 1,
    transparent: bool = False,
) -> Path:
    """Replay the session's runs (to their recorded steps, or to the step limit) and write
    the figure. Raises ValueError or OSError on failure."""
    return with_window(
        session, lambda window: window.exports.export_figure(out, part, scale, transparent), out
    )


def animate_session(
    session: Session,
    out: str | Path,
    *,
    fps: int = 25,
    seconds: float = 6.0,
    part: str = "both",
    progress=None,
) -> Path:
    """The same, as an animation (GIF or MP4) of the paths growing."""
    return with_window(
        session,
        lambda window: window.exports.export_animation(
            out, fps=fps, seconds=seconds, part=part, progress=progress
        ),
        out,
    )


OFFSCREEN_NOTICES = ("This plugin does not support",)
"""What Qt's offscreen platform says of features it lacks (window hints, a title bar): not
a problem of the figure, and not a user's to read under 'optstudio plot'."""


def quiet_offscreen_notices() -> None:
    """Drop the offscreen platform's notices; pass every other Qt message on to stderr."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def handler(kind: QtMsgType, _context, message: str) -> None:
        if kind == QtMsgType.QtFatalMsg or not message.startswith(OFFSCREEN_NOTICES):
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)


def with_window(session: Session, export, out: str | Path) -> Path:
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from .windows import LabWindow, LandscapeWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    quiet_offscreen_notices()
    for entry in session.state.runs:
        session.progress.setdefault(entry.run_id, RunProgress(session.state.max_steps))
    with tempfile.TemporaryDirectory() as folder:
        settings = QSettings(str(Path(folder) / "plot.ini"), QSettings.Format.IniFormat)
        kind = LabWindow if session.is_model else LandscapeWindow
        window = kind(state=session.state, settings=settings)
        problems: list[str] = []
        window.warn = lambda title, text: problems.append(text)
        window.files.ask = lambda title, question: "discard"
        window.resize(1400, 860)
        if not session.is_model:
            window.explainer.enabled = False  # figures show paths, not a step's arrows
        window.show()
        try:
            window.load_studio(session)
            _wait_until_drawn(app, window, session)
            if not export(window):
                raise ValueError(problems[-1] if problems else "nothing was written")
        finally:
            window.close()
    return Path(out)


def _wait_until_drawn(app, window, session: Session) -> None:
    targets = {r.run_id: session.progress[r.run_id].steps for r in session.state.runs}

    def drawn() -> bool:
        snapshots = window.engine.snapshots()
        done = all(
            run_id in snapshots
            and (snapshots[run_id].step >= steps or snapshots[run_id].status != "running")
            for run_id, steps in targets.items()
        )
        return done and window.ready_to_draw()

    if events_until(app, drawn, TIMEOUT_SECONDS):
        for _ in range(5):  # let the last snapshots reach the plots
            app.processEvents()
            window._draw()
            time.sleep(0.02)
        return
    raise ValueError("the runs did not finish in time")
