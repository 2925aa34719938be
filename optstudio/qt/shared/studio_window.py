"""What a landscape's window and the model lab's window share: the side panels' docks, the
runs list's actions (add, duplicate, remove, select, show or hide, rename, hyperparameters,
schedule and batch), the race's colours and the status bar's rate.

A subclass holds `state` (a `RunRoster`), `engine`, `runs_panel`, `presentation`, `controls`,
`rate_label` and `_engine_restarts` (a `RestartBudget`), and says what follows a change to a
run (`_run_changed`), whether a changed hyperparameter restarts it (`restarts_on_change`), and
how a selected run is shown (`_run_selected`).
"""

from __future__ import annotations

import math
import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QMessageBox, QScrollArea, QWidget

from ...speed_scale import speed_at
from .. import open_windows
from ..lecture.presentation import PROJECTOR_COLOURS, Presentation
from ..lecture.scenario_note import ScenarioNote
from . import wheel_guard
from .engine_restarts import RestartBudget
from .engine_worker import EngineWorker
from .session_actions import SessionActions

DOCK_MIN_WIDTH = 300
"""Smallest width of a side panel that keeps its forms readable."""


def scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    return area


FRAME_PACE_SECONDS = 0.014
"""The shortest time between the starts of two frames drawn as snapshots come (at most 71 a
second: a screen shows 60, and a timer set for 16 ms fires a little late). Drawn only at the
16 ms frame timer's ticks, a busy machine's 60 snapshots a second (their times jitter) made 52
frames, some ticks finding none and the next two; drawn as they come, 57 to 58
(benchmarks/window_speed.py --busy). The landscape counted the pace from a frame's end, which
added the frame's own few milliseconds to it: 56 to 58 frames a second however many
snapshots came; from its start, 62 to 66. The frame timer still draws what else changed (an
edit, a theme)."""


class StudioWindow(QMainWindow):
    dock_min_width = DOCK_MIN_WIDTH

    def __init__(self) -> None:
        super().__init__()
        wheel_guard.install()
        self._clamped = False
        self._frame_queued = False
        self._frame_time = 0.0

    def showEvent(self, event) -> None:
        """The first time it shows, the window fits the screen it is on: a default or saved
        size larger than a projector's 1280×800 opened partly off screen."""
        super().showEvent(event)
        if not self._clamped:
            self._clamped = True
            self.fit_to_screen()
            # again once the window manager has framed it (its title bar counts then)
            QTimer.singleShot(300, self._fit_and_size)

    def _fit_and_size(self) -> None:
        self.fit_to_screen()
        self.size_panes()

    def size_panes(self) -> None:
        """Share the window's width between its views once it has its size on screen (a
        window whose panes need it says how)."""

    def fit_to_screen(self) -> None:
        """Shrink and move the window into its screen's available area (not while maximised
        or full screen, where the window manager sizes it, nor offscreen, where a figure is
        drawn at the size asked for)."""
        if self.isMaximized() or self.isFullScreen():
            return
        if QGuiApplication.platformName() in ("offscreen", "minimal"):
            return
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        available = screen.availableGeometry()
        frame = self.frameGeometry()
        extra_w = max(frame.width() - self.width(), 0)
        extra_h = max(frame.height() - self.height(), 0)
        width = min(self.width(), available.width() - extra_w)
        height = min(self.height(), available.height() - extra_h)
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)
        frame = self.frameGeometry()
        x = min(max(frame.x(), available.left()), available.right() + 1 - frame.width())
        y = min(max(frame.y(), available.top()), available.bottom() + 1 - frame.height())
        if (x, y) != (frame.x(), frame.y()):
            self.move(max(x, available.left()), max(y, available.top()))

    # ----- what a subclass says -----
    def restarts_on_change(self) -> bool:
        """Whether a changed hyperparameter restarts its run (else it goes on mid-run)."""
        return False

    def _run_changed(self) -> None:
        """A run's settings changed: the views that show its settings follow."""
        self.code_view.schedule()

    def _run_selected(self, run_id: int) -> None:
        raise NotImplementedError

    def remember_on_close(self) -> None:
        """What the window keeps for the next start when it closes (nothing by default)."""

    def presentation_keys(self) -> dict:
        """F11 toggles the presentation view, Escape leaves it, Page Down and Page Up step
        through the scenarios (`KeyboardControl.keys`)."""
        return {  # looked up when pressed: the window may make its presentation later
            Qt.Key.Key_F11: lambda: self.presentation.toggle(),
            Qt.Key.Key_Escape: lambda: self.presentation.active and self.presentation.leave(),
            Qt.Key.Key_PageDown: lambda: self.presentation.next_scenario(1),
            Qt.Key.Key_PageUp: lambda: self.presentation.next_scenario(-1),
        }

    # ----- building -----
    def _add_studio_parts(self, engine_kind: str, exports: type) -> None:
        """What every studio window has, in this order (its menus appear so): the status bar's
        busy and rate labels, the engine of `engine_kind` and its restart budget, how problems
        reach the user (a message box; tests replace it), the File menu with `exports` and
        Quit, and the presentation view."""
        self.busy_label = QLabel()
        self.rate_label = QLabel()
        self.statusBar().addWidget(self.busy_label, 1)
        self.statusBar().addPermanentWidget(self.rate_label)
        self.engine = EngineWorker(self, kind=engine_kind)
        self._engine_restarts = RestartBudget()
        self.warn = lambda title, text: QMessageBox.warning(self, title, text)
        self.files = SessionActions(self, self.settings)
        self.exports = exports(self, self.files.menu)
        self.files.add_quit()
        self.presentation = Presentation(self)

    def _dock(self, title: str, name: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(scrolled(widget))
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        dock.setMinimumWidth(self.dock_min_width)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        return dock

    def _wire_runs(self) -> None:
        runs = self.runs_panel
        runs.add_requested.connect(self.add_run)
        runs.duplicate_requested.connect(self.duplicate_run)
        runs.remove_requested.connect(self.remove_run)
        runs.selected.connect(self._run_selected)
        runs.visibility_changed.connect(self._visibility_changed)
        runs.renamed.connect(self._renamed)
        runs.hyper_changed.connect(self.set_hyperparameter)
        runs.hyper_reset.connect(self._hyper_reset)
        runs.options_changed.connect(self._options_changed)

    def runs_progress(self) -> dict:
        """Each run's recorded progress, as a session saves it (runs not built yet have none)."""
        snapshots = self.engine.snapshots()
        return {
            entry.run_id: snapshots[entry.run_id].progress
            for entry in self.state.runs
            if entry.run_id in snapshots and snapshots[entry.run_id].progress is not None
        }

    def _wire_controls_and_engine(self) -> None:
        """The toolbar drives the engine; the engine's news reach the views and status bar."""
        controls, engine = self.controls, self.engine
        controls.play_toggled.connect(lambda on: engine.play() if on else engine.pause())
        controls.step_requested.connect(engine.single_step)
        controls.reset_requested.connect(engine.reset)
        controls.speed_changed.connect(self._speed_changed)
        controls.max_steps_changed.connect(self._max_steps_changed)
        controls.lockstep_toggled.connect(self._lockstep_toggled)
        engine.snapshots_ready.connect(self._mark_dirty)
        engine.busy_changed.connect(self.busy_label.setText)
        engine.playing_changed.connect(controls.show_playing)
        engine.error.connect(lambda text: self.statusBar().showMessage(text, 8000))
        engine.stopped_unexpectedly.connect(self._engine_stopped)

    # ----- the runs (also what tests drive) -----
    def add_run(self, optimizer: str) -> int:
        """A new run starts at step 0 beside the others, which keep their steps (in
        lockstep it catches up with them); Add once restarted the whole race."""
        entry = self.state.add_run(optimizer, **self.new_run_settings(optimizer))
        self.engine.update_run(entry, restart=True)
        self.show_runs(select=entry.run_id)
        return entry.run_id

    def new_run_settings(self, optimizer: str) -> dict:
        """What a run added with Add starts with besides its optimizer's defaults."""
        return {}

    def duplicate_run(self, run_id: int) -> int:
        entry = self.state.duplicate_run(run_id)
        self.engine.update_run(entry, restart=True)
        self.show_runs(select=entry.run_id)
        return entry.run_id

    def remove_run(self, run_id: int) -> None:
        self.state.remove_run(run_id)
        self.engine.remove_run(run_id)
        self.show_runs()

    def show_runs(self, select: int | None = None) -> None:
        """The runs list from the state, and the selected run's form and the views of it:
        the form always belongs to the run the list selects (edits land on that run)."""
        self.runs_panel.show_runs(self.state.runs, select=select)
        current = self.runs_panel.current_id()
        if current is not None:
            self._run_selected(current)
        self._dirty = True

    def set_hyperparameter(self, run_id: int, name: str, value) -> None:
        """A value typed into the form: checked against the optimizer's spec, then sent to
        the run (mid-run, as `set_hyperparameters` changes it, unless runs restart)."""
        entry = self.state.run(run_id)
        candidate = {**entry.hyper, name: value}
        try:
            entry.__class__(**{**entry.__dict__, "hyper": candidate}).resolved_hyper()
        except ValueError as error:
            self.statusBar().showMessage(str(error), 8000)
            self.runs_panel.form.set_values(entry.resolved_hyper())
            return
        entry.hyper = candidate
        self.engine.update_run(entry, restart=self.restarts_on_change())
        self._run_changed()

    def _hyper_reset(self, run_id: int) -> None:
        entry = self.state.run(run_id)
        entry.hyper = {}
        self._run_selected(run_id)
        self.engine.update_run(entry, restart=self.restarts_on_change())

    def _options_changed(self, run_id: int, options: dict) -> None:
        """A schedule, batch mode or seed: the run starts again with it."""
        entry = self.state.run(run_id)
        for key, value in options.items():
            setattr(entry, key, value)
        self.engine.update_run(entry, restart=True)
        self._run_changed()

    def _visibility_changed(self, run_id: int, visible: bool) -> None:
        self.state.run(run_id).visible = visible
        self._dirty = True

    def _renamed(self, run_id: int, name: str) -> None:
        self.state.run(run_id).name = name
        if run_id == self.runs_panel.current_id():
            self.runs_panel.show_title(self.state.run(run_id))
        self._dirty = True

    def run_colours(self) -> dict[int, str]:
        """Each run's colour: its own, or the projector palette in the presentation view."""
        if self.presentation.active:
            return {
                r.run_id: PROJECTOR_COLOURS[i % len(PROJECTOR_COLOURS)]
                for i, r in enumerate(self.state.runs)
            }
        return {r.run_id: r.colour for r in self.state.runs}

    # ----- the race -----
    def engine_speed(self) -> float:
        """Steps a second the runs advance while playing (inf: as fast as they can)."""
        return speed_at(self.controls.speed.value())

    def _lockstep_toggled(self, on: bool) -> None:
        self.state.lockstep = on
        self.engine.set_lockstep(on)

    def _mark_dirty(self) -> None:
        """New snapshots: a frame is drawn as they come, or FRAME_PACE_SECONDS after the last
        frame if they come sooner."""
        self._dirty = True
        if self._frame_queued:
            return
        self._frame_queued = True
        wait = FRAME_PACE_SECONDS - (time.perf_counter() - self._frame_time)
        QTimer.singleShot(max(0, math.ceil(wait * 1000)), self, self._draw_queued)

    def _draw_queued(self) -> None:
        self._frame_queued = False
        self._draw()

    def _frame_tick(self) -> None:
        """The frame timer: draws what changed otherwise (an edit, a theme), unless a frame
        for new snapshots is on its way or was just drawn (two frames in one screen refresh
        would be work nobody sees)."""
        if self._frame_queued or time.perf_counter() - self._frame_time < FRAME_PACE_SECONDS:
            return
        self._draw()

    def _frame_drawn(self) -> None:
        """Count a frame and note when it began (the pace of `_mark_dirty`): called as a
        frame starts drawing."""
        self._frames += 1
        self._frame_time = time.perf_counter()

    def _show_rate(self, snapshots: dict) -> None:
        """Steps a second of each run (the engine's total over the runs still running)."""
        began, steps = self._rate_clock
        now = time.perf_counter()
        running = sum(1 for snap in snapshots.values() if snap.status == "running")
        if not running:  # at once: a finished race showed its last rate until the next run
            self.rate_label.setText("")
        if now - began > 0.5:
            rate = (self.engine.steps_done - steps) / (now - began) / max(running, 1)
            self.rate_label.setText(
                self.tr("{0:,.0f} steps/s per run").format(rate) if rate >= 1 and running else ""
            )
            self._rate_clock = (now, self.engine.steps_done)

    # ----- life -----
    def _engine_stopped(self, reason: str) -> None:
        """The engine process died (killed, out of memory): a new one replays every run to
        the step it had reached, unless that keeps failing (`RestartBudget`)."""
        self.controls.show_playing(False)
        if not self._engine_restarts.spend():
            self.warn(
                self.tr("The engine stopped"),
                self.tr(
                    "The engine stopped again ({0}). Save the session and open it again."
                ).format(reason),
            )
            return
        progress = self.current_session().progress
        self.engine.start()
        self.engine.set_speed(self.engine_speed())
        self.engine.configure(self.state, progress, same_study=True)
        self.statusBar().showMessage(
            self.tr("The engine stopped ({0}); a new one replayed the runs.").format(reason), 8000
        )

    def rebuild_in_language(self, choice: str) -> StudioWindow:
        """This window rebuilt in another language, with the same studio, file and title;
        the new one takes this one's place (`open_windows.hand_over`) and this one closes."""
        from .i18n import LANGUAGE_SETTING, install_translators

        session = self.current_session()
        files = self.files
        path, saved, title, explanation = (
            files.path,
            files._saved_setup,
            files.title,
            (files.explanation),
        )
        note = self.findChild(ScenarioNote)
        noted = note is not None and note.isVisible()
        self.settings.setValue(LANGUAGE_SETTING, choice)
        install_translators(choice)
        selected = self.runs_panel.current_id()
        replacement = open_windows.hand_over(self, type(self), session)
        replacement.files.path, replacement.files._saved_setup = path, saved
        replacement.files.title, replacement.files.explanation = title, explanation
        if noted:  # in the new language, unless the lecturer had closed it
            replacement.files.show_explanation()
        if selected is not None:  # the run being discussed stays the selected one
            replacement.show_runs(select=selected)
        return replacement

    def closeEvent(self, event) -> None:
        """Closing asks about unsaved changes; then the threads and the engine stop before
        the window goes, and nothing is left to restore."""
        if not self.files.may_discard():
            event.ignore()
            return
        self.files.discard_autosave()
        self.stop_work()
        self.remember_on_close()
        super().closeEvent(event)
