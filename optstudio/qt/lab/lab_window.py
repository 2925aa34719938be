"""The model lab's window: a network trained on a data set, raced by every optimizer from the
same initial weights; docks and wiring only.

The window edits a `ModelStudy`. Runs train in the engine's process (`ModelLiveEngine`); the
window draws the engine's snapshots on its own timer, and everything that takes time (checking
a changed study, the boundaries and predictions of the runs, the loss-landscape plane) runs in
the lab's drawing process (`LabWorker`, `live.drawing`), so the window never waits.
"""

from __future__ import annotations

import math
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QSplitter, QStackedWidget, QTabWidget

from ...engine.models.mlp import fitted_activation
from ...engine.models.optimizers import MODEL_OPTIMIZERS, model_optimizer_spec
from ...engine.optimizers import OPTIMIZERS
from ...io.session import Session
from ...speed_scale import position_of
from ...studies.model import PLAYGROUND_BATCH, ModelStudy, default_model_study, new_run_batch
from ..lecture.presentation import COLOUR_BAR_AXIS_WIDTH
from ..shared.controls import Controls, KeyboardControl
from ..shared.icons import app_icon
from ..shared.runs_panel import RunsPanel
from ..shared.studio_window import StudioWindow
from ..shared.themes import Theme
from ..shared.view_menu import ViewMenu
from .boundary_view import BoundaryView
from .digits_view import DigitsView
from .kernel_warm_up import KernelWarmUp
from .lab_animation import LabAnimation
from .lab_drawing import LabDrawing
from .lab_timeline import LabTimeline
from .lab_worker import LabWorker
from .lr_finder import LrFinder
from .model_code_view import ModelCodeView
from .model_curves import ModelCurvesView
from .model_exports import ModelExports
from .model_panel import ModelPanel
from .model_table import ModelTable
from .network_view import NetworkView
from .plane_view import PlaneSurfaceView, PlaneView
from .tuning_launcher import TuningLauncher

FRAME_MS = 16
TABLE_SECONDS = 0.1
DOCK_WIDTH = 440
"""The side panels' width at first: the model panel's rows and the hyperparameter forms fit
without a horizontal scroll bar."""
LAB_OPTIMIZERS = {**OPTIMIZERS, **MODEL_OPTIMIZERS}


class LabWindow(StudioWindow):
    kind = "model"
    """The kind of study the window shows (`open_windows.KINDS`)."""
    dock_min_width = 340

    def __init__(self, state: ModelStudy | None = None, settings: QSettings | None = None):
        super().__init__()
        self.settings = settings if settings is not None else QSettings("optstudio", "optstudio")
        self.state = state if state is not None else default_model_study()
        self.setWindowTitle(self.tr("optstudio"))
        self.setWindowIcon(app_icon())
        self.resize(1500, 920)
        self.probe: Any = None
        """A run of the study at step 0: its data and network, for drawing the runs."""
        self._study_answered = 0
        """The number of the last study job whose answer came back (`study_settled`)."""
        self._build_views()
        self.model_panel = ModelPanel()
        self.runs_panel = RunsPanel(optimizers=LAB_OPTIMIZERS, spec_of=model_optimizer_spec)
        self.runs_panel.hide_seed()
        self.model_dock = self._dock(self.tr("Model"), "model", self.model_panel)
        self.runs_dock = self._dock(self.tr("Runs"), "model_runs", self.runs_panel)
        QTimer.singleShot(0, self._size_docks)  # once the window has its size
        self.controls = Controls(self)
        # an optimizer's change goes on mid-run; a network's restarts: nothing to choose
        self.controls.restart_action.setVisible(False)
        self.addToolBar(self.controls)
        self.keyboard = KeyboardControl(self, self.controls, home=self.views)
        self.timeline = LabTimeline(self)
        self.keyboard.keys.update(
            {
                Qt.Key.Key_Left: self.timeline.back,
                Qt.Key.Key_Right: self.timeline.forward,
                Qt.Key.Key_N: self.timeline.forward,
                Qt.Key.Key_End: self.timeline.go_live,
                Qt.Key.Key_E: self.timeline.toggle,
                **self.presentation_keys(),
            }
        )
        self._add_studio_parts("model", ModelExports)
        self.lab = LabWorker(self)
        self.code_view = ModelCodeView(self)
        self.lr_finder = LrFinder(self)
        self.tuning = TuningLauncher(self)
        self.drawing = LabDrawing(self)
        self.animation = LabAnimation(self)
        self.view_menu = ViewMenu(self)
        self.view_menu.apply_theme()
        self._dirty = True
        self._frames = 0
        self._table_time = 0.0
        self._reading = ""
        """The status bar's message while a CSV file is read ("" when none is)."""
        self._study_generation = 0
        """Counts the studies this window has shown: a plane computed for an earlier one is
        dropped when it arrives."""
        self._studies_checked = 0
        self._probe_key = ""
        """Under which key the drawing process keeps the probe of the study shown."""
        self.warm_up = KernelWarmUp(self)
        self._rate_clock = (time.perf_counter(), 0)
        self._wire()
        self.frame_timer = QTimer(self)
        self.frame_timer.setInterval(FRAME_MS)
        self.frame_timer.timeout.connect(self._frame_tick)
        self.engine.start()
        self.load_studio(Session(self.state))
        self.frame_timer.start()

    # ----- building -----
    def _build_views(self) -> None:
        self.boundary = BoundaryView()
        self.digits = DigitsView()
        self.no_picture = QLabel(
            self.tr(
                "This data set's inputs are not points in a plane, so there is no boundary "
                "to draw: the curves and the table show how the runs do."
            )
        )
        self.no_picture.setWordWrap(True)
        self.no_picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.verdict_stack = QStackedWidget()
        for widget in (self.boundary, self.digits, self.no_picture):
            self.verdict_stack.addWidget(widget)
        self.plane_view = PlaneView()
        self.plane_surface = PlaneSurfaceView()
        self.network = NetworkView()
        self.views = QTabWidget()
        self.views.setDocumentMode(True)
        self.views.addTab(self.verdict_stack, self.tr("What the network says"))
        self.views.addTab(self.plane_view, self.tr("Loss landscape"))
        self.views.addTab(self.plane_surface, self.tr("3-D landscape"))
        self.views.addTab(self.network, self.tr("Network"))
        self.views.setMinimumWidth(360)
        self.views.currentChanged.connect(self._view_changed)
        self.curves = ModelCurvesView()
        self.curves.setMinimumSize(300, 240)
        self.table = self.standings = ModelTable()  # what the presentation view keeps
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.curves.with_axis_choice())
        self.curves.epoch_box.toggled.connect(lambda _: self._mark_dirty())
        right.addWidget(self.standings)
        right.setSizes([600, 240])
        right.setChildrenCollapsible(False)
        central = QSplitter(Qt.Orientation.Horizontal)
        central.addWidget(self.views)
        central.addWidget(right)
        # the race table's seven columns whole beside the boundary at 1280 px across (at
        # 820:560 its Status sat beyond a scroll bar and the names were three letters; at
        # 700:620, "in progress" on the timeline; the Epoch column took 50 px more)
        central.setSizes([620, 700])
        central.setChildrenCollapsible(False)
        self.setCentralWidget(central)

    def _wire(self) -> None:
        self.model_panel.settings_edited.connect(self.edit_network)
        self.boundary.draw.points_drawn.connect(
            lambda rows: self.edit_network(
                {"data_params": {**self.state.data_params, "points": rows}}
            )
        )
        self._wire_runs()
        self._wire_controls_and_engine()
        self.engine.trajectories.connect(self.drawing.trajectories_arrived)
        self.lab.finished.connect(self._lab_finished)
        self.lab.failed.connect(self._lab_failed)
        self.plane_view.method_changed.connect(lambda _: self.drawing.ask_for_plane(force=True))

    def _size_docks(self) -> None:
        """The model panel, the longer (data, features, network), over the runs; both wide
        enough for their forms."""
        self.resizeDocks([self.model_dock, self.runs_dock], [560, 400], Qt.Orientation.Vertical)
        self.resizeDocks([self.model_dock], [DOCK_WIDTH], Qt.Orientation.Horizontal)

    # ----- sessions -----
    def _speed_changed(self, speed: float) -> None:
        self.state.speed = None if math.isinf(speed) else speed
        self.engine.set_speed(speed)

    def load_studio(self, session: Session) -> None:
        """Show a whole model study (a session opened, a scenario, a new one); its runs replay
        to their steps in the engine while the lab's drawing process reads its data."""
        assert isinstance(session.state, ModelStudy)
        self.state = session.state
        if self.state.speed is not None:  # a scenario plays at the pace it is meant for
            self.controls.speed.setValue(position_of(self.state.speed))
        self.probe = None
        self._forget_drawn()
        self._show_state()
        self.engine.configure(self.state, session.progress)
        self._submit_study(self.state.to_dict(), None)
        self.tuning.restore(session.tuning)

    def current_session(self) -> Session:
        progress = self.runs_progress()
        copy = ModelStudy.from_dict(self.state.to_dict())
        files = self.files
        runs, tuning = list(files.model_runs), self.tuning.saved()
        return Session(copy, progress, None, files.title, files.explanation, runs, tuning)

    # ----- user actions (also what tests drive) -----
    def new_run_settings(self, optimizer: str) -> dict:
        """A run added to the lab takes the Playground's mini-batches of ten (before the
        study's data are read, a Playground set or the digits have more rows than that)."""
        if self.probe is not None:
            rows = len(self.probe.data.x_train)
        else:
            rows = 0 if self.state.dataset.startswith("csv:") else PLAYGROUND_BATCH + 1
        return {"batch_size": new_run_batch(optimizer, rows)}

    def edit_network(self, settings: dict) -> None:
        """New data or a new network for the study: checked in the lab's drawing process (a CSV file
        may be large); the runs restart once it is accepted, else a message says why. A
        per-layer activation follows the layers added or taken away."""
        if "hidden" in settings:
            activation = settings.get("activation", self.state.activation)
            fitted = fitted_activation(activation, len(settings["hidden"]))
            settings = {**settings, "activation": fitted}
        self._submit_study({**self.state.to_dict(), **settings}, settings)

    def _submit_study(self, candidate: dict, settings: dict | None) -> None:
        """Check a study in the lab's drawing process (`settings`: the network settings that
        change, None for a whole study shown); while a CSV file is read, the status bar says
        which and how large (a large table takes a moment, and the window stays usable)."""
        self._studies_checked += 1
        key = f"study-{self._studies_checked}"
        self.lab.submit("study", "check_study", candidate=candidate, settings=settings, key=key)
        dataset = str(candidate.get("dataset", ""))
        self._reading = ""
        if dataset.startswith("csv:"):
            path = Path(dataset[4:])
            try:
                size = f" ({path.stat().st_size / 1e6:.1f} MB)"
            except OSError:
                size = ""
            self._reading = self.tr("Reading {0}{1}…").format(path.name, size)
            self.statusBar().showMessage(self._reading)

    # ----- helpers -----
    def _show_state(self) -> None:
        self.model_panel.show_study(self.state, None if self.probe is None else self.probe.data)
        self.controls.max_steps.blockSignals(True)
        self.controls.max_steps.setValue(self.state.max_steps)
        self.controls.max_steps.blockSignals(False)
        self.controls.show_lockstep(self.state.lockstep)
        self._show_data()
        self.show_runs()
        self.code_view.schedule()

    def _show_data(self) -> None:
        data = None if self.probe is None else self.probe.data
        if data is None:
            return
        self.boundary.set_data(data)
        self.boundary.show_drawing(self.state.dataset, self.state.data_params.get("points"))
        if data.points_train is not None:
            self.verdict_stack.setCurrentWidget(self.boundary)
        elif data.task != "regression":
            self.verdict_stack.setCurrentWidget(self.digits)
        else:
            self.verdict_stack.setCurrentWidget(self.no_picture)
        self.curves.show_accuracy(data.task != "regression")

    def study_settled(self) -> bool:
        """The last study asked for (a session, a scenario, an edit) is shown or refused:
        its answer has come back from the worker and been applied (tests wait for it)."""
        return self._study_answered == self.lab.latest("study")

    def _lab_finished(self, kind: str, number: int, result: Any) -> None:
        if kind == "study":
            self._study_answered = max(self._study_answered, number)
        if number != self.lab.latest(kind):
            return  # a newer request of its kind is on its way
        if kind == "study" and self._reading:
            if self.statusBar().currentMessage() == self._reading:
                self.statusBar().clearMessage()
            self._reading = ""
        if kind == "study":
            self._study_checked(*result)
        elif kind == "warm":
            self.warm_up.done(result)
        elif kind == "verdicts":
            (key, generation), verdicts_now = result
            if generation != self._study_generation:
                return  # computed for the study shown before this one (its data, its network)
            self.drawing.verdicts_arrived(key, verdicts_now)
        elif kind == "plane":
            (run_ids, generation), plane, seconds = result
            self.drawing.plane_took(seconds)
            if generation != self._study_generation:
                return  # computed for the study shown before this one
            colours = self.run_colours()
            self.plane_view.show_plane(plane, run_ids, colours)
            labels = {r.run_id: r.label() for r in self.state.runs}
            self.plane_surface.show_plane(plane, run_ids, colours, labels)

    def _lab_failed(self, kind: str, number: int, message: str) -> None:
        if kind == "study":
            self._study_answered = max(self._study_answered, number)
        if number != self.lab.latest(kind):
            return
        if kind == "study":  # the study stays as it was, and the panel shows it again
            self.statusBar().showMessage(message, 10_000)
            self.warn(self.tr("Cannot use these settings"), message)
            self.model_panel.show_study(self.state, None if self.probe is None else self.probe.data)
        else:
            self.statusBar().showMessage(message, 8000)

    def _study_checked(
        self, study: ModelStudy, probe: Any, settings: dict | None, key: str
    ) -> None:
        """A checked study: its network settings apply to the study as it is now (runs added
        meanwhile stay), and the runs restart on it. The drawing process keeps its probe
        under `key` for the boundaries and planes asked for from now on."""
        if settings is not None:
            for name, value in study.network_settings().items():
                setattr(self.state, name, tuple(value) if isinstance(value, list) else value)
        self.probe, self._probe_key = probe, key
        self.lab.remember(key, probe)
        if not self.warm_up.started:  # the window's first study: its drawing kernels now
            self.warm_up.start(key)
        self._forget_drawn()
        if settings is not None:  # the runs restart on the new network or data
            self.engine.configure(self.state)
            self._show_state()
            self.tuning.network_changed()
        else:
            self.model_panel.show_study(self.state, probe.data)
            self._show_data()
        self._dirty = True

    def _forget_drawn(self) -> None:
        """A new study: what was computed for the old one is asked for again."""
        self.drawing.forget()
        self._study_generation += 1
        # no boundary or prediction of the old study stays up: with no run to draw, none
        # would replace it (seen: a spiral study showing the plane study's boundary)
        self.boundary.show_surfaces({}, None, {}, {}, {})
        self.network.clear()
        self.digits.clear()
        self.plane_view.clear()
        self.plane_surface.clear()

    def _run_selected(self, run_id: int) -> None:
        self._dirty = True
        rows = len(self.probe.data.x_train) if self.probe is not None else 100_000
        self.runs_panel.show_settings(self.state.run(run_id), True, rows)
        self.drawing.redraw()
        self.code_view.schedule()

    def _visibility_changed(self, run_id: int, visible: bool) -> None:
        super()._visibility_changed(run_id, visible)
        self.drawing.show_verdicts(
            self.drawing.verdicts
        )  # the small boundaries show the visible runs

    def _max_steps_changed(self, value: int) -> None:
        """A new limit restarts the runs: it sets how often they record."""
        self.state.max_steps = int(value)
        self.engine.configure(self.state)
        self.code_view.schedule()

    def _view_changed(self, _index: int) -> None:
        if self.views.currentWidget() is self.plane_surface:
            self.plane_surface.ensure_built()
        self._dirty = True

    # ----- drawing -----
    def refresh_views(self) -> None:
        """Draw now from the engine's latest snapshots, the table included."""
        self._dirty = True
        self._table_time = 0.0
        self.drawing.now()
        self._draw()

    def _draw(self) -> None:
        if not self._dirty:
            return
        self._dirty = False
        self._frame_drawn()
        snapshots = self.timeline.shown(self.engine.snapshots())
        colours = self.run_colours()
        visible = {r.run_id: r.visible for r in self.state.runs}
        shown = {r.run_id: snapshots[r.run_id] for r in self.state.runs if r.run_id in snapshots}
        names = {r.run_id: r.name for r in self.state.runs}
        # the legend names each run with its settings, as the landscape's does
        labels = {r.run_id: r.label() for r in self.state.runs}
        self.curves.update_curves(shown, colours, visible, labels)
        self.plane_view.keep_runs({k for k, on in visible.items() if on})
        now = time.perf_counter()
        if now - self._table_time >= TABLE_SECONDS:
            self._table_time = now
            classes = self.probe is None or self.probe.data.task != "regression"
            self.table.playing = self.controls.play_action.isChecked()
            self.table.rewound = self.timeline.step is not None
            self.table.update_rows(shown, names, colours, classes)
            self._show_rate(self.engine.snapshots())  # the race now, not the step shown
        else:
            self._dirty = True  # the table catches up on a later frame
        self.drawing.ask_for_verdicts()
        self.drawing.ask_for_plane()

    def ready_to_draw(self) -> bool:
        """The boundaries or predictions shown are those of the runs' latest snapshots (figures
        and tests wait for it; it asks for them if they are not)."""
        return self.drawing.ready()

    # ----- animations (`LabAnimation`) -----
    def before_animation(self) -> None:
        self.animation.before()

    def after_animation(self) -> None:
        self.animation.after()

    def show_at_step(self, snapshots: dict, step: int) -> None:
        self.animation.show_at_step(snapshots, step)

    # ----- looks -----
    def apply_plot_theme(self, theme: Theme) -> None:
        views = (self.boundary, self.digits, self.curves, self.plane_view, self.network)
        for view in (*views, self.model_panel, self.tuning):
            view.apply_theme(theme)
        self.drawing.redraw()  # in the new colours; nothing to compute again
        self._dirty = True

    def restyle(
        self, font: QFont, presenting: bool, path_width: float, curve_width: float, legend: int
    ) -> None:
        """The plots' text and lines at the presentation view's size, or back."""
        plots = [
            self.boundary.plot.getPlotItem(),
            self.plane_view.plot.getPlotItem(),
            self.digits.matrix_plot.getPlotItem(),
            self.network.detail.getPlotItem(),
            *self.curves.plots(),
        ]
        # the curves' labels run along plots a few hundred pixels high: smaller than the
        # ticks on the projector, as the landscape's are (they ran into one another)
        label_font = QFont(font)
        if presenting:
            label_font.setPointSize(max(font.pointSize() - 6, 9))
        curves = self.curves.plots()
        for plot in plots:
            for name in ("left", "bottom"):
                axis = plot.getAxis(name)
                axis.setStyle(tickFont=font)
                axis.label.setFont(label_font if plot in curves else font)
        self.curves.fit_labels()
        self.plane_view.bar.axis.setStyle(tickFont=font)
        self.plane_view.bar.axis.label.setFont(font)
        key = self.boundary.key.getAxis("right")  # the boundary's colour key, as large
        key.setStyle(tickFont=font)
        key.label.setFont(font)
        key.setWidth(None if presenting else COLOUR_BAR_AXIS_WIDTH)
        self.plane_view.bar.axis.setWidth(None if presenting else COLOUR_BAR_AXIS_WIDTH)
        label_font = f"font-size: {font.pointSize()}pt;" if presenting else ""
        for label in (
            self.boundary.title,
            self.digits.title,
            self.network.title,
            self.plane_view.caption,
        ):
            label.setStyleSheet(label_font)
        self.network.set_header_font(font)
        self.curves.set_line_width(curve_width + 1.0)
        self.curves.set_legend_size(legend)
        self.boundary.label_points = font.pointSize() - 4 if presenting else 9
        self.boundary.set_point_size(11 if presenting else 7)
        self.digits.text_points = font.pointSize() - 6 if presenting else 9
        self.drawing.redraw()  # at the new sizes and colours
        self._dirty = True

    # ----- life -----
    def stop_work(self) -> None:
        self.frame_timer.stop()
        self.tuning.stop()
        self.lab.stop()
        self.engine.stop()
