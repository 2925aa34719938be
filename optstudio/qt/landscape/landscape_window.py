"""The studio window: docks and wiring only; the maths lives in the engine.

The window edits a `LandscapeStudy`, hands every change to the engine thread, and redraws from
the thread's latest snapshots on its own timer (60 frames a second at most), so computing never
waits on drawing and drawing never waits on computing.
"""

from __future__ import annotations

import math
import sys
import time
from typing import Any

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import (
    QSplitter,
    QTabWidget,
)

from ...engine.losses import make_loss
from ...engine.path_reduction import PixelGrid
from ...io.session import Session
from ...live.snapshots import at_step
from ...speed_scale import position_of
from ...studies.landscape import LandscapeStudy
from ..export.export_actions import ExportActions
from ..lecture.step_explainer import StepExplainer
from ..lecture.theory_view import TheoryView
from ..shared.code_view import CodeView
from ..shared.controls import Controls, KeyboardControl
from ..shared.icons import app_icon
from ..shared.results_table import Standings
from ..shared.runs_panel import RunsPanel
from ..shared.session_actions import SessionActions
from ..shared.studio_window import StudioWindow
from ..shared.surface_view import SurfaceView
from ..shared.themes import Theme
from ..shared.view_menu import ViewMenu
from .curves import CurvesView
from .data_view import DataView
from .loss_panel import LossPanel
from .map_view import MapView
from .presentation_looks import restyle_landscape
from .remembered import remember, restore_layout, restored_study
from .sweeps.sweep_tab import SweepTab

FRAME_MS = 16
VIEW_SETTLE_MS = 80
MIN_CURVES_WIDTH = 300
MIN_MAP_WIDTH = 320
"""Smallest widths that keep axis labels readable; at 1024×700 the curves kept ~70 px."""
STANDINGS_WIDTH = 460
"""The right-hand pane's width at least, where the screen allows: the standings' seven
columns whole beside a readable run name (at 1280×800 it had 366 px, "Converged at" sat
beyond a scroll bar and "Gradient descent" read "Gra… desc…")."""
STANDINGS_SHARE = 0.45
TABLE_SECONDS = 0.1


class LandscapeWindow(StudioWindow):
    kind = "landscape"
    """The kind of study the window shows (`open_windows.KINDS`)."""

    def __init__(self, state: LandscapeStudy | None = None, settings: QSettings | None = None):
        super().__init__()
        # The engine thread needs the GIL back quickly after each kernel call; Python's default
        # 5 ms switch interval made it wait that long per run while the window drew.
        sys.setswitchinterval(0.0005)
        self.settings = settings if settings is not None else QSettings("optstudio", "optstudio")
        self.state = state if state is not None else restored_study(self.settings)
        self.setWindowTitle(self.tr("optstudio"))
        self.setWindowIcon(app_icon())
        self.resize(1500, 920)

        self.map = MapView()
        self.curves = CurvesView()
        self.standings = Standings()
        self.table = self.standings.table
        self.data_view = DataView()
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.curves)
        right.addWidget(self.data_view)
        right.addWidget(self.standings)
        right.setSizes([520, 300, 220])
        right.setChildrenCollapsible(False)
        self.curves.setMinimumSize(MIN_CURVES_WIDTH, 240)
        self.surface = SurfaceView()
        self.views = QTabWidget()
        self.views.setDocumentMode(True)
        self.views.addTab(self.map, self.tr("Map"))
        self.views.addTab(self.surface, self.tr("3-D surface"))
        self.sweep_tab = SweepTab(self)
        self.views.addTab(self.sweep_tab, self.tr("Sweeps and basins"))
        self.views.currentChanged.connect(self._view_changed)
        central = QSplitter(Qt.Orientation.Horizontal)
        central.addWidget(self.views)
        central.addWidget(right)
        central.setSizes([720, 620])
        central.setChildrenCollapsible(False)
        self.views.setMinimumWidth(MIN_MAP_WIDTH)
        self.setCentralWidget(central)

        self.loss_panel = LossPanel()
        self.runs_panel = RunsPanel()
        self.loss_dock = self._dock(self.tr("Loss"), "loss", self.loss_panel)
        self.runs_dock = self._dock(self.tr("Runs"), "runs", self.runs_panel)
        self.controls = Controls(self)
        self.addToolBar(self.controls)
        self.keyboard = KeyboardControl(self, self.controls, home=self.map)
        self._add_studio_parts("landscape", ExportActions)
        self.explainer = StepExplainer(self)
        self.theory = TheoryView(self)
        self.code_view = CodeView(self)
        self.view_menu = ViewMenu(self)
        self.view_menu.apply_theme()
        self.keyboard.keys.update(
            {
                Qt.Key.Key_Left: self.explainer.back,
                Qt.Key.Key_Right: self.explainer.forward,
                Qt.Key.Key_N: self.explainer.forward,
                Qt.Key.Key_E: self.explainer.toggle_panel,
                Qt.Key.Key_End: self.explainer.go_live,
                **self.presentation_keys(),
            }
        )
        self._wire()
        self._dirty = False
        self._legend_key: tuple = ()
        self._frames = 0
        self._shown: dict = {}
        self._table_time = 0.0
        self._table_behind = False
        self._rate_clock = (time.perf_counter(), 0)
        # Paths are reduced at the map's pixel size: its view goes to the engine, shortly
        # after the user stops zooming or resizing.
        self.view_timer = QTimer(self)
        self.view_timer.setSingleShot(True)
        self.view_timer.setInterval(VIEW_SETTLE_MS)
        self.view_timer.timeout.connect(self._send_view)
        view_box = self.map.getViewBox()
        view_box.sigRangeChanged.connect(lambda *_: self.view_timer.start())
        view_box.sigResized.connect(lambda *_: self.view_timer.start())
        self.frame_timer = QTimer(self)
        self.frame_timer.setInterval(FRAME_MS)
        self.frame_timer.timeout.connect(self._frame_tick)

        self._show_state(reset_view=True, evaluate_grid=False)
        if self.state.speed is not None:  # the first studio plays at a pace the eye follows
            self.controls.speed.setValue(position_of(self.state.speed))
        self.engine.start()
        self.engine.configure(self.state)
        # the speed set above went nowhere (no engine yet): the engine played at full speed
        # while the control said 251/s
        self.engine.set_speed(self.engine_speed())
        self.frame_timer.start()
        restore_layout(self)
        # The landscape is evaluated once the window is up: compiling never delays it showing.
        QTimer.singleShot(0, self.map.evaluate_grid)
        self.map.setFocus()

    def _wire(self) -> None:
        loss = self.loss_panel
        loss.loss_selected.connect(self.select_loss)
        loss.param_changed.connect(self._loss_param_changed)
        loss.params_reset.connect(self._loss_params_reset)
        loss.start_typed.connect(self.set_start)
        loss.start_reset.connect(lambda: self.set_start(None))
        self.map.start_changed.connect(self.set_start)
        self._wire_runs()
        self._wire_controls_and_engine()
        self.controls.restart_on_change_toggled.connect(
            lambda on: setattr(self.state, "restart_on_change", on)
        )

    # ----- sessions -----
    def load_studio(self, session: Session) -> None:
        """Show a whole studio (a session opened, or a new one); runs replay to their steps."""
        self.state = session.state
        if self.state.speed is not None:  # a scenario plays at the pace it is meant for
            self.controls.speed.setValue(position_of(self.state.speed))
        self._show_state(reset_view=session.view is None)
        if session.view is not None:
            x0, x1, y0, y1 = session.view
            self.map.getViewBox().setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
            self.map.evaluate_grid()
        self.curves.follow()
        self.engine.configure(self.state, session.progress)

    def current_session(self) -> Session:
        progress = self.runs_progress()
        (x0, x1), (y0, y1) = self.map.getViewBox().viewRange()
        copy = LandscapeStudy.from_dict(self.state.to_dict())
        view = (float(x0), float(x1), float(y0), float(y1))
        title, explanation = self.files.title, self.files.explanation
        return Session(copy, progress, view, title, explanation, list(self.files.model_runs))

    def dragEnterEvent(self, event) -> None:
        if SessionActions.dropped_session(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        path = SessionActions.dropped_session(event.mimeData())
        if path:
            event.acceptProposedAction()
            self.files.open(path)

    # ----- user actions (also what tests drive) -----
    def select_loss(self, name: str) -> None:
        if name == self.state.loss:
            return
        self.state.loss = name
        self.state.loss_params = {}
        self.state.start = None
        self._restart_all(reset_view=True)

    def set_start(self, x: float | None, y: float | None = None) -> None:
        self.state.start = None if x is None or y is None else (float(x), float(y))
        self.loss_panel.show_start(self.state.start_point)
        self.map.set_start(self.state.start_point)
        self.sweep_tab.forget_result()
        self.engine.configure(self.state)

    # ----- helpers -----
    def _restart_all(self, *, reset_view: bool) -> None:
        self._show_state(reset_view=reset_view)
        self.engine.configure(self.state)

    def _show_state(self, *, reset_view: bool, evaluate_grid: bool = True) -> None:
        loss = make_loss(self.state.loss, self.state.loss_params)
        self.loss_panel.show_loss(self.state.loss, dict(loss.params), self.state.start_point)
        self.map.set_loss(
            loss, self.state.start_point, reset_view=reset_view, evaluate=evaluate_grid
        )
        self.surface.set_loss(loss)
        self.data_view.setVisible(loss.spec.is_data)
        if loss.spec.is_data:
            self.data_view.set_loss(loss)
        self.curves.set_minimum(loss.lowest)
        self.curves.max_steps = self.state.max_steps
        self.controls.max_steps.blockSignals(True)
        self.controls.max_steps.setValue(self.state.max_steps)
        self.controls.max_steps.blockSignals(False)
        self.controls.restart_box.setChecked(self.state.restart_on_change)
        self.controls.show_lockstep(self.state.lockstep)  # the engine has it with the state
        self.theory.update_loss()
        self.sweep_tab.forget_landscape()
        self.sweep_tab.follow_studio()
        self.show_runs()  # the selected run's theory, sweep and code follow it
        if self.runs_panel.current_id() is None:
            self.theory.update_run()
            self.sweep_tab.refresh()
            self.code_view.schedule()

    def _loss_param_changed(self, name: str, value) -> None:
        try:
            make_loss(self.state.loss, {**self.state.loss_params, name: value})
        except ValueError as error:
            self.statusBar().showMessage(str(error), 8000)
            return
        self.state.loss_params[name] = value
        self._restart_all(reset_view=False)

    def _loss_params_reset(self) -> None:
        self.state.loss_params = {}
        self._restart_all(reset_view=False)

    def _view_changed(self, _index: int) -> None:
        if self.views.currentWidget() is self.surface and self.surface.ensure_built():
            self._dirty = True

    def add_configured_run(self, source, hyper: dict, name: str) -> int:
        """A copy of run `source` with some hyperparameters changed, added and selected."""
        entry = self.state.duplicate_run(source.run_id)
        entry.hyper = {**entry.hyper, **hyper}
        entry.name = name
        self.engine.update_run(entry, restart=True)
        self.show_runs(select=entry.run_id)
        if not self.controls.play_action.isChecked():
            self.controls.play_action.trigger()
        return entry.run_id

    def race_again(self) -> None:
        """Every run from the start with its current settings, playing on the map."""
        self.engine.configure(self.state)
        self.show_runs(select=self.runs_panel.current_id())
        self.views.setCurrentWidget(self.map)
        if not self.controls.play_action.isChecked():
            self.controls.play_action.trigger()

    def restarts_on_change(self) -> bool:
        return self.state.restart_on_change

    def _run_changed(self) -> None:
        self.theory.update_run()
        self.code_view.schedule()

    def _run_selected(self, run_id: int) -> None:
        self._dirty = True
        loss = make_loss(self.state.loss, self.state.loss_params)
        self.runs_panel.show_settings(self.state.run(run_id), loss.spec.is_data, loss.n_samples)
        self.theory.update_run()
        self.sweep_tab.refresh()
        self.code_view.schedule()

    def _max_steps_changed(self, value: int) -> None:
        """A new limit lets runs go on, unless it changes how often rows are recorded."""
        record_every = self.state.record_every()
        self.state.max_steps = int(value)
        self.curves.max_steps = self.state.max_steps
        self.sweep_tab.follow_studio()
        self.code_view.schedule()
        if self.state.record_every() == record_every:
            self.engine.set_max_steps(self.state.max_steps)
        else:
            self.engine.configure(self.state)

    def _speed_changed(self, speed: float) -> None:
        self.state.speed = None if math.isinf(speed) else speed
        self.engine.set_speed(speed)

    def _send_view(self) -> None:
        view_box = self.map.getViewBox()
        (x0, x1), (y0, y1) = view_box.viewRange()
        width, height = int(view_box.width()), int(view_box.height())
        if width > 0 and height > 0 and x1 > x0 and y1 > y0:
            self.engine.set_view(PixelGrid(x0, x1, y0, y1, width, height))

    def refresh_views(self) -> None:
        """Draw every view now from the engine's latest snapshots, the table included (a
        frame refreshes the table only every few frames)."""
        self._dirty = True
        self._draw(table=True)

    def _draw(self, table: bool = False) -> None:
        if not self._dirty:
            if self._table_behind and time.perf_counter() - self._table_time >= TABLE_SECONDS:
                self._update_table(self._shown)  # the last frame's numbers, once they settle
            return
        self._dirty = False
        self._frame_drawn()  # the pace counts from a frame's start, as in the lab
        snapshots = self.engine.snapshots()
        colours = self.run_colours()
        visible = {r.run_id: r.visible for r in self.state.runs}
        current = {k: v for k, v in snapshots.items() if k in colours}
        shown = self.explainer.shown_snapshots(current)
        self.map.update_paths(shown, colours, visible)
        self._update_legend()
        self.curves.update_curves(shown, colours, visible)
        if self.data_view.isVisible():
            batches = {k: v.batch for k, v in shown.items()}
            self.data_view.update_models(shown, colours, visible, batches)
        self.explainer.update(current)
        if self.views.currentWidget() is self.surface:
            labels = {r.run_id: r.label() for r in self.state.runs}
            self.surface.update_paths(
                {k: v for k, v in shown.items() if visible.get(k, True)}, colours, labels
            )
        self._shown = shown
        self._table_behind = True
        if table or time.perf_counter() - self._table_time >= TABLE_SECONDS:
            self._update_table(shown)

    def _update_table(self, shown: dict) -> None:
        """The standings (text, the costliest thing a frame draws) a few times a second, and
        always once more after the last frame, so they never stay behind the map."""
        self._table_time = time.perf_counter()
        self._table_behind = False
        names = {r.run_id: r.name for r in self.state.runs}
        self.table.playing = self.controls.play_action.isChecked()
        self.table.rewound = self.explainer.scrubbing
        self.standings.update_rows(shown, names, self.run_colours())
        self._show_rate(self.engine.snapshots())  # the race now, not the step shown

    def before_animation(self) -> None:
        """The frames show paths, not a step's arrows."""
        self.explainer.arrows.clear()

    def after_animation(self) -> None:
        self.explainer.redraw()

    def show_at_step(self, snapshots: dict, step: int) -> None:
        """Draw every run as it was at `step` (a frame of an animation: every run at the same
        step; a run that ended before it, as it ended), keeping the axes where the whole runs
        put them."""
        colours = self.run_colours()
        visible = {r.run_id: r.visible for r in self.state.runs}
        partial = {
            run_id: at_step(snap, step) for run_id, snap in snapshots.items() if run_id in colours
        }
        following = self.curves.following
        self.curves.following = False
        self.map.update_paths(partial, colours, visible)
        self.curves.update_curves(partial, colours, visible)
        self.curves.following = following

    def _update_legend(self) -> None:
        """Labels are built (and their hyperparameters resolved) only when a run's setup
        changed, not every frame."""
        drawn = self.map.path_items()  # a run enters the legend once its path exists
        key = tuple(
            (r.run_id, r.name, r.optimizer, tuple(sorted(r.hyper.items())), r.schedule)
            for r in self.state.runs
            if r.visible and r.run_id in drawn
        )
        if key != self._legend_key:
            self._legend_key = key
            visible = [r for r in self.state.runs if r.visible]
            self.map.set_legend(
                {r.run_id: r.label() for r in visible}, {r.run_id: r.name for r in visible}
            )

    def ready_to_draw(self) -> bool:
        """A figure taken now shows the view on screen (figures and thumbnails wait for it):
        the landscape behind the paths is the one computed for that range, no change of the
        view waits to reach the engine, and every path is reduced at that view. Before, only
        a first landscape was waited for, and a figure taken just after a zoom or resize
        could show the previous view's colours or paths."""
        if not (self.map.grid_ready and self.map.grid_current()) or self.view_timer.isActive():
            return False
        view = self.engine.view
        runs = self.engine.snapshots().values()
        return all(s.grid == view for s in runs if s.status != "error")

    # ----- settings -----
    def size_panes(self) -> None:
        """The map and the right-hand pane (curves, data, standings) share the width, the
        right getting STANDINGS_WIDTH at least and the map MIN_MAP_WIDTH."""
        central = self.centralWidget()
        total = sum(central.sizes())
        right = max(int(total * STANDINGS_SHARE), STANDINGS_WIDTH)
        right = max(min(right, total - MIN_MAP_WIDTH), 0)
        central.setSizes([total - right, right])

    def restyle(self, *looks: Any) -> None:
        """The plots' text and lines at the presentation view's size, or back: `looks` are
        `restyle_landscape`'s (font, presenting, path and curve widths, legend size), as
        `Presentation` gives them."""
        restyle_landscape(self, *looks)
        self._legend_key = ()
        self._dirty = True

    def apply_plot_theme(self, theme: Theme) -> None:
        """The plots' colours (pyqtgraph does not read Qt's palette; `ViewMenu.apply_theme`)."""
        self.map.apply_theme(theme)
        self.curves.apply_theme(theme)
        self.data_view.apply_theme(theme)
        self.sweep_tab.heatmap.apply_theme(theme)
        self._legend_key = ()
        self._dirty = True

    def stop_work(self) -> None:
        """Stop drawing, sweeping and computing: the threads end before the window goes."""
        self.frame_timer.stop()
        self.sweep_tab.stop()
        self.engine.stop()

    def remember_on_close(self) -> None:
        """The layout, the studio and the speed for the next start."""
        remember(self)
