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

import numpy as np
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QLabel,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...engine.models.optimizers import MODEL_OPTIMIZERS, model_optimizer_spec
from ...engine.optimizers import OPTIMIZERS
from ...io.session import Session
from ...live.model_engine import model_at_step
from ...live.verdicts import Verdicts, verdicts
from ...speed_scale import position_of
from ...studies.model import ModelStudy, default_model_study
from ..lecture.presentation import COLOUR_BAR_AXIS_WIDTH, Presentation
from ..shared.code_view import CodeView
from ..shared.controls import Controls, KeyboardControl
from ..shared.engine_restarts import RestartBudget
from ..shared.engine_worker import EngineWorker
from ..shared.icons import app_icon
from ..shared.runs_panel import RunsPanel
from ..shared.session_actions import SessionActions
from ..shared.studio_window import StudioWindow
from ..shared.themes import Theme
from ..shared.view_menu import ViewMenu
from .boundary_view import BoundaryView
from .digits_view import DigitsView
from .lab_timeline import LabTimeline
from .lab_worker import LabWorker
from .model_curves import ModelCurvesView
from .model_exports import ModelExports
from .model_panel import ModelPanel
from .model_table import ModelTable
from .plane_view import PlaneSurfaceView, PlaneView

FRAME_MS = 16
TABLE_SECONDS = 0.1
VERDICT_SECONDS = 0.1
"""The boundaries and predictions are recomputed at most this often while runs move."""
PLANE_SECONDS = 1.5
"""The loss-landscape plane is recomputed at most this often while runs move (a grid of
3,600 passes over the training set)."""
ANIMATION_WAIT_MS = 10_000
"""How long an animation waits for the engine to send the runs' parameters."""
PLANE_DUTY = 3.0
PLANE_RESOLUTION = 60
DOCK_WIDTH = 440
"""The side panels' width at first: the model panel's rows and the hyperparameter forms fit
without a horizontal scroll bar."""
LAB_OPTIMIZERS = {**OPTIMIZERS, **MODEL_OPTIMIZERS}
WARM_SETTING = "lab/kernel_seconds"
"""How long the lab's drawing kernels took to get ready last time (said while they do)."""


def _seconds(value: object) -> float | None:
    """A number of seconds read back from the settings (None if it is not one)."""
    try:
        seconds = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return seconds if math.isfinite(seconds) else None


def _verdict_key(snapshots: dict) -> tuple:
    """What a verdict is computed from: each run and the row its parameters come from."""
    return tuple((k, s.step, len(s.steps)) for k, s in snapshots.items())


class ModelCodeView(CodeView):
    """The Code dock for a model run: the script that trains the same network the same way."""

    def config(self) -> dict | None:
        from ...studies.model import create_lab_run

        window = self.window
        run_id = window.runs_panel.current_id()
        if run_id is None:
            return None
        config = create_lab_run(window.state, window.state.run(run_id)).config
        config["steps"] = window.state.max_steps
        snap = window.engine.snapshots().get(run_id)
        if snap is not None and snap.progress is not None and snap.progress.hyper_changes:
            config["hyper_changes"] = snap.progress.hyper_changes
            config.update(snap.progress.initial_hyper or {})
        return config

    def generate_code(self, config: dict) -> str:
        from ...codegen import generate_model

        return generate_model(config, self.framework)


class LabWindow(StudioWindow):
    kind = "model"
    """The kind of study the window shows (`open_windows.KINDS`)."""
    _kernels_ready = False
    """Whether this process has its drawing kernels (the first lab window of a process gets
    them ready and says so)."""
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
        self.verdicts = Verdicts()
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
        self.busy_label = QLabel()
        self.rate_label = QLabel()
        self.statusBar().addWidget(self.busy_label, 1)
        self.statusBar().addPermanentWidget(self.rate_label)
        self.engine = EngineWorker(self, kind="model")
        self._engine_restarts = RestartBudget()
        self.lab = LabWorker(self)
        self.warn = lambda title, text: QMessageBox.warning(self, title, text)
        self.files = SessionActions(self, self.settings)
        self.exports = ModelExports(self, self.files.menu)
        self.files.add_quit()
        self.presentation = Presentation(self)
        self.code_view = ModelCodeView(self)
        self.view_menu = ViewMenu(self)
        self.view_menu.apply_theme()
        self._dirty = True
        self._frames = 0
        self._table_time = 0.0
        self._verdict_time = 0.0
        self._verdict_key: tuple = ()
        self.shown_verdicts: tuple = ()
        """Which snapshots the boundaries or predictions on screen belong to."""
        self._plane_time = 0.0
        self._plane_key: tuple = ()
        self._until: dict[int, int] | None = None
        """The rows last asked of the engine for the timeline's step (run id: step)."""
        self._reading = ""
        """The status bar's message while a CSV file is read ("" when none is)."""
        self._plane_seconds = 0.0
        """How long the last plane took to compute (the next waits PLANE_DUTY times that)."""
        self._study_generation = 0
        """Counts the studies this window has shown: a plane computed for an earlier one is
        dropped when it arrives."""
        self._studies_checked = 0
        self._probe_key = ""
        """Under which key the drawing process keeps the probe of the study shown."""
        self._warmed = False
        self._animation_rows: dict = {}
        """The runs' recorded (steps, parameters) while an animation is drawn."""
        self._rate_clock = (time.perf_counter(), 0)
        self._wire()
        self.frame_timer = QTimer(self)
        self.frame_timer.setInterval(FRAME_MS)
        self.frame_timer.timeout.connect(self._draw)
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
        self.views = QTabWidget()
        self.views.setDocumentMode(True)
        self.views.addTab(self.verdict_stack, self.tr("What the network says"))
        self.views.addTab(self.plane_view, self.tr("Loss landscape"))
        self.views.addTab(self.plane_surface, self.tr("3-D landscape"))
        self.views.setMinimumWidth(360)
        self.views.currentChanged.connect(self._view_changed)
        self.curves = ModelCurvesView()
        self.curves.setMinimumSize(300, 240)
        self.table = ModelTable()
        self.standings = QWidget()
        layout = QVBoxLayout(self.standings)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.curves)
        right.addWidget(self.standings)
        right.setSizes([600, 240])
        right.setChildrenCollapsible(False)
        central = QSplitter(Qt.Orientation.Horizontal)
        central.addWidget(self.views)
        central.addWidget(right)
        # the race table's six columns whole beside the boundary at 1280 px across (at
        # 820:560 its Status sat beyond a scroll bar and the names were three letters)
        central.setSizes([700, 620])
        central.setChildrenCollapsible(False)
        self.setCentralWidget(central)

    def _wire(self) -> None:
        self.model_panel.settings_edited.connect(self.edit_network)
        self._wire_runs()
        controls = self.controls
        controls.play_toggled.connect(lambda on: self.engine.play() if on else self.engine.pause())
        controls.step_requested.connect(self.engine.single_step)
        controls.reset_requested.connect(self.engine.reset)
        controls.speed_changed.connect(self._speed_changed)
        controls.max_steps_changed.connect(self._max_steps_changed)
        controls.lockstep_toggled.connect(self._lockstep_toggled)
        self.engine.snapshots_ready.connect(self._mark_dirty)
        self.engine.busy_changed.connect(self.busy_label.setText)
        self.engine.playing_changed.connect(self.controls.show_playing)
        self.engine.error.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.engine.trajectories.connect(self._trajectories_arrived)
        self.engine.stopped_unexpectedly.connect(self._engine_stopped)
        self.lab.finished.connect(self._lab_finished)
        self.lab.failed.connect(self._lab_failed)
        self.plane_view.method_changed.connect(lambda _: self._ask_for_plane(force=True))

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

    def current_session(self) -> Session:
        snapshots = self.engine.snapshots()
        progress = {
            entry.run_id: snapshots[entry.run_id].progress
            for entry in self.state.runs
            if entry.run_id in snapshots and snapshots[entry.run_id].progress is not None
        }
        copy = ModelStudy.from_dict(self.state.to_dict())
        return Session(
            copy,
            progress,
            None,
            self.files.title,
            self.files.explanation,
            list(self.files.model_runs),
        )

    # ----- user actions (also what tests drive) -----
    def edit_network(self, settings: dict) -> None:
        """New data or a new network for the study: checked in the lab's drawing process (a CSV file
        may be large); the runs restart once it is accepted, else a message says why."""
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
            if not LabWindow._kernels_ready:  # how long the first lab of a process waited
                self.settings.setValue(WARM_SETTING, f"{result:.1f}")
            LabWindow._kernels_ready = True
            self.statusBar().showMessage(
                self.tr("Kernels ready ({0} s)").format(f"{result:.1f}"), 4000
            )
        elif kind == "verdicts":
            (key, generation), verdicts_now = result
            if generation != self._study_generation:
                return  # computed for the study shown before this one (its data, its network)
            self.shown_verdicts = key
            self._show_verdicts(verdicts_now)
        elif kind == "plane":
            (run_ids, generation), plane, seconds = result
            self._plane_seconds = seconds
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
                setattr(self.state, name, tuple(value) if name == "hidden" else value)
        self.probe, self._probe_key = probe, key
        self.lab.remember(key, probe)
        if not self._warmed:  # the window's first study: its drawing kernels ready now
            self._warm_up()
        self._forget_drawn()
        if settings is not None:  # the runs restart on the new network or data
            self.engine.configure(self.state)
            self._show_state()
        else:
            self.model_panel.show_study(self.state, probe.data)
            self._show_data()
        self._dirty = True

    def _warm_up(self) -> None:
        """Say what is being prepared, and how long it took last time, while the lab's
        drawing process gets its kernels ready (before any boundary or plane is asked for)."""
        self._warmed = True
        if not LabWindow._kernels_ready:
            last = _seconds(self.settings.value(WARM_SETTING))
            took = "" if last is None else self.tr(" (%s s last time)") % f"{last:.0f}"
            self.statusBar().showMessage(
                self.tr("Preparing the kernels that draw boundaries and planes{0}…").format(took)
            )
        self.lab.submit("warm", "warm_kernels", key=self._probe_key)

    def _forget_drawn(self) -> None:
        """A new study: what was computed for the old one is asked for again."""
        self.verdicts = Verdicts()
        self._verdict_key = self._plane_key = self.shown_verdicts = ()
        self._until = None
        self._study_generation += 1
        # no boundary or prediction of the old study stays up: with no run to draw, none
        # would replace it (seen: a spiral study showing the plane study's boundary)
        self.boundary.show_surfaces({}, None, {}, {}, {})
        self.digits.clear()
        self.plane_view.clear()
        self.plane_surface.clear()

    def _run_selected(self, run_id: int) -> None:
        self._dirty = True
        rows = len(self.probe.data.x_train) if self.probe is not None else 100_000
        self.runs_panel.show_settings(self.state.run(run_id), True, rows)
        self._show_verdicts(self.verdicts)
        self.code_view.schedule()

    def _visibility_changed(self, run_id: int, visible: bool) -> None:
        super()._visibility_changed(run_id, visible)
        self._show_verdicts(self.verdicts)  # the small boundaries show the visible runs

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
        self._verdict_time = 0.0
        self._draw()

    def _draw(self) -> None:
        if not self._dirty:
            return
        self._dirty = False
        self._frames += 1
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
            self._show_rate(shown)
        else:
            self._dirty = True  # the table catches up on a later frame
        self._ask_for_verdicts()
        self._ask_for_plane()

    def _live_snapshots(self) -> dict:
        """The snapshot of each run of the study that could be built, in its order, as the
        timeline shows it (the latest, unless the timeline is on an earlier step)."""
        snapshots = self.timeline.shown(self.engine.snapshots())
        return {
            r.run_id: snapshots[r.run_id]
            for r in self.state.runs
            if r.run_id in snapshots and snapshots[r.run_id].error is None
        }

    def _ask_for_verdicts(self) -> None:
        """The runs' boundaries or predictions, recomputed in the worker when a run moved."""
        if self.probe is None:
            self._dirty = True
            return
        live = self._live_snapshots()
        key = _verdict_key(live)
        if key == self._verdict_key:
            return
        now = time.perf_counter()
        if now - self._verdict_time < VERDICT_SECONDS:
            self._dirty = True
            return
        self._verdict_time = now
        self._verdict_key = key
        if self.timeline.step is not None:  # the rows at the timeline's step, from the engine
            self._until = None  # asked again: the runs' rows may have moved on since
            self._ask_for_rows({k: s.step for k, s in live.items()})
            return
        params = {k: s.params for k, s in live.items()}
        self._submit_verdicts(key, params, {k: s.step for k, s in live.items()})

    def _submit_verdicts(self, key: tuple, params: dict, steps: dict[int, int]) -> None:
        self._ask_to_draw("verdicts", "draw_verdicts", key, params=params, steps=steps)

    def _ask_to_draw(self, kind: str, job: str, tag: Any, **args: Any) -> None:
        """A drawing job on the study shown: through its probe (kept in the drawing process),
        tagged with the study's generation (an answer for an earlier study is dropped)."""
        tag = (tag, self._study_generation)
        self.lab.submit(kind, job, key=self._probe_key, tag=tag, **args)

    def _ask_for_rows(self, until: dict[int, int]) -> None:
        """The runs' rows up to the timeline's step (`_trajectories_arrived` draws them)."""
        if until != self._until:
            self._until = until
            self.engine.send_trajectories(until)

    def _show_verdicts(self, result: Verdicts) -> None:
        """Draw the runs' boundaries or predictions, each titled with the step its parameters
        were recorded at."""
        self.verdicts = result
        if self.probe is None:
            return
        names = {r.run_id: r.name for r in self.state.runs}
        steps = result.steps
        order = [r.run_id for r in self.state.runs if r.visible]
        selected = self.runs_panel.current_id()
        data = self.probe.data
        if data.points_train is not None:
            surfaces = {k: result.surfaces[k] for k in order if k in result.surfaces}
            self.boundary.show_surfaces(surfaces, selected, names, self.run_colours(), steps)
        elif data.task != "regression":
            predicted = {k: result.predicted[k] for k in order if k in result.predicted}
            self.digits.show_verdict(data, predicted, result.counts, selected, names, steps)

    def _ask_for_plane(self, force: bool = False) -> None:
        """While a landscape tab shows, the plane follows the runs (at most every
        PLANE_SECONDS): the engine sends their recorded parameters, the worker computes."""
        if self.views.currentWidget() not in (self.plane_view, self.plane_surface):
            return
        if self.probe is None:
            return
        if self.timeline.step is not None:  # the plane of the paths up to the timeline's step
            live = self._live_snapshots()
            until = {k: s.step for k, s in live.items()}
            key = (self.plane_view.method_name, "until", tuple(until.items()))
            if force or key != self._plane_key:
                self._plane_key = key
                self._until = None  # asked again: the answer draws the plane too
                self._ask_for_rows(until)
            return
        snapshots = self.engine.snapshots()
        key = (
            self.plane_view.method_name,
            tuple((r.run_id, snapshots[r.run_id].step) for r in self.state.runs
                  if r.run_id in snapshots and r.visible),
        )  # fmt: skip
        now = time.perf_counter()
        # a plane that took long waits longer: the worker keeps a third of a core at most
        interval = max(PLANE_SECONDS, PLANE_DUTY * self._plane_seconds)
        if not force and (key == self._plane_key or now - self._plane_time < interval):
            if key != self._plane_key:
                self._dirty = True  # ask again once the interval has passed
            return
        self._plane_key, self._plane_time = key, now
        self.engine.send_trajectories()

    def _trajectories_arrived(self, trajectories: dict, until: dict | None = None) -> None:
        if until is not None:
            self._rows_arrived(trajectories, until)
            return
        if self.timeline.step is not None:
            return  # the whole runs: the timeline shows an earlier step
        self._compute_plane(trajectories)

    def _rows_arrived(self, trajectories: dict, until: dict) -> None:
        """The runs' rows up to the timeline's step: each run's boundary or predictions from
        its row there, and the plane of the paths up to it."""
        if until != self._until or self.timeline.step is None or self.probe is None:
            return  # asked for an earlier step, or the runs are followed live again
        rows = {k: v for k, v in trajectories.items() if len(v[0])}
        if any(np.shape(v[1])[1:] != (self.probe.network.n_params,) for v in rows.values()):
            return  # the engine's rows of the runs before a change of network or data
        params = {k: v[1][-1] for k, v in rows.items()}
        steps = {k: int(v[0][-1]) for k, v in rows.items()}
        self._submit_verdicts(self._verdict_key, params, steps)
        if self.views.currentWidget() in (self.plane_view, self.plane_surface):
            self._compute_plane(rows)

    def _compute_plane(self, trajectories: dict) -> None:
        order = [
            r.run_id
            for r in self.state.runs
            if r.visible and r.run_id in trajectories and len(trajectories[r.run_id][1]) >= 2
        ]
        if not order or self.probe is None:
            return
        probe, method = self.probe, self.plane_view.method_name
        paths = [trajectories[k][1] for k in order]
        if any(np.shape(path)[1:] != (probe.network.n_params,) for path in paths):
            return  # the engine's rows of the runs before a change of network or data
        self._ask_to_draw("plane", "draw_plane", order, paths=paths, method=method,
                          resolution=PLANE_RESOLUTION, seed=self.state.seed)  # fmt: skip

    def ready_to_draw(self) -> bool:
        """The boundaries or predictions shown are those of the runs' latest snapshots (figures
        and tests wait for it; it asks for them if they are not)."""
        self._draw()
        if self.probe is None or not self.lab.idle():
            return False
        if self.shown_verdicts != _verdict_key(self._live_snapshots()):
            self._verdict_time = 0.0
            self._dirty = True
            return False
        return True

    # ----- animations -----
    def before_animation(self) -> None:
        """The runs' recorded parameters from the engine (waited for: an animation is drawn
        with a progress dialog), and the curves' axes held where the whole runs put them."""
        from PySide6.QtCore import QEventLoop

        arrived: dict = {}
        loop = QEventLoop()

        def keep(trajectories: dict) -> None:
            arrived.update(trajectories)
            loop.quit()

        self.engine.trajectories.connect(keep)
        QTimer.singleShot(ANIMATION_WAIT_MS, loop.quit)
        self.engine.send_trajectories()
        loop.exec()
        self.engine.trajectories.disconnect(keep)
        self._animation_rows = arrived
        for plot in self.curves.plots():
            plot.getViewBox().disableAutoRange()

    def after_animation(self) -> None:
        self._animation_rows = {}
        for plot in self.curves.plots():
            plot.getViewBox().enableAutoRange()
        self.refresh_views()

    def show_at_step(self, snapshots: dict, step: int) -> None:
        """Every run as it was at `step` (an animation's frame: every run at the same step, a
        run that ended before it as it ended): its curves up to that step, and its boundary or
        predictions from the row recorded there."""
        colours = self.run_colours()
        visible = {r.run_id: r.visible for r in self.state.runs}
        labels = {r.run_id: r.label() for r in self.state.runs}
        partial, params, steps = {}, {}, {}
        for run_id, snap in snapshots.items():
            if run_id not in colours:
                continue
            partial[run_id] = model_at_step(snap, step)
            rows = self._animation_rows.get(run_id)
            if rows is not None and len(rows[0]):
                row = max(int(np.searchsorted(rows[0], step, side="right")) - 1, 0)
                params[run_id], steps[run_id] = rows[1][row], int(rows[0][row])
        self.curves.update_curves(partial, colours, visible, labels)
        if self.probe is not None and params:
            result = verdicts(self.probe, params, lambda: False, steps)
            if result is not None:
                self._show_verdicts(result)

    # ----- looks -----
    def apply_plot_theme(self, theme: Theme) -> None:
        for view in (self.boundary, self.digits, self.curves, self.plane_view, self.model_panel):
            view.apply_theme(theme)
        self._show_verdicts(self.verdicts)  # in the new colours; nothing to compute again
        self._dirty = True

    def restyle(
        self, font: QFont, presenting: bool, path_width: float, curve_width: float, legend: int
    ) -> None:
        """The plots' text and lines at the presentation view's size, or back."""
        plots = [
            self.boundary.plot.getPlotItem(),
            self.plane_view.plot.getPlotItem(),
            self.digits.matrix_plot.getPlotItem(),
            *self.curves.plots(),
        ]
        for plot in plots:
            for name in ("left", "bottom"):
                axis = plot.getAxis(name)
                axis.setStyle(tickFont=font)
                axis.label.setFont(font)
        self.plane_view.bar.axis.setStyle(tickFont=font)
        self.plane_view.bar.axis.label.setFont(font)
        key = self.boundary.key.getAxis("right")  # the boundary's colour key, as large
        key.setStyle(tickFont=font)
        key.label.setFont(font)
        key.setWidth(None if presenting else COLOUR_BAR_AXIS_WIDTH)
        self.plane_view.bar.axis.setWidth(None if presenting else COLOUR_BAR_AXIS_WIDTH)
        label_font = f"font-size: {font.pointSize()}pt;" if presenting else ""
        for label in (self.boundary.title, self.digits.title, self.plane_view.caption):
            label.setStyleSheet(label_font)
        self.curves.set_line_width(curve_width + 1.0)
        self.curves.set_legend_size(legend)
        self.boundary.label_points = font.pointSize() - 4 if presenting else 9
        self.digits.text_points = font.pointSize() - 6 if presenting else 9
        self._show_verdicts(self.verdicts)  # at the new sizes and colours
        self._dirty = True

    # ----- life -----
    def stop_work(self) -> None:
        self.frame_timer.stop()
        self.lab.stop()
        self.engine.stop()
