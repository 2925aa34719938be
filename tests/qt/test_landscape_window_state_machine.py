"""The window as a user drives it: random sequences of actions, and after each one every view
(runs list, form, standings table, legend, curves, map and its contour lines) shows exactly the
studio's runs and the selected run, in the runs' colours, and every number shown is the
engine's at the step shown (`check_truth`). pytest-qt fails the test if any slot raised.

Happy-path tests missed every window defect found when the studio was tried as a new user:
stale table rows after opening a scenario, a form left on the previous run after Add, curves in
the default grey after a run id was reused, projector colours left after the presentation view.
"""

from pathlib import Path

import numpy as np
import pytest
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor

from optstudio.engine.optimizers import OPTIMIZERS, optimizer_spec
from optstudio.qt.shared.event_waits import events_until
from optstudio.qt.shared.results_table import compared_step
from optstudio.studies.gallery import PRESETS, Preset, presets_folder
from optstudio.studies.landscape import LandscapeStudy

from ..profile import window_machine_settings
from .test_landscape_window import draw_settled

WAIT_MS = 15_000
OPTIMIZER_NAMES = [name for name in OPTIMIZERS if name != "newton"]


def _colour(pen) -> str:
    return QColor(pen.color()).name()


def check_views(window) -> None:
    """Every view against the studio's state (the one source of truth)."""
    state = window.state
    ids = [r.run_id for r in state.runs]
    colours = window.run_colours()

    panel = window.runs_panel
    listed = [panel.list.item(i) for i in range(panel.list.count())]
    assert [int(item.data(256)) for item in listed] == ids
    assert [item.text() for item in listed] == [r.name for r in state.runs]
    current = panel.current_id()
    if state.runs:
        assert current in ids
        entry = state.run(current)
        assert panel.settings_box.toolTip().startswith(f"{entry.name}: ")  # title: cut short
        assert set(panel.form.fields) == set(optimizer_spec(entry.optimizer).hyperparam_names)
        assert panel.seed.text() == str(entry.seed)
        lr = panel.form.fields["lr"]
        assert float(lr.entry.text()) == pytest.approx(entry.resolved_hyper()["lr"], rel=1e-3)
    else:
        assert current is None and not panel.settings_box.isVisible()

    snapshots = draw_settled(window)
    drawn = [run_id for run_id in ids if run_id in snapshots]
    assert sorted(window.table.run_ids()) == sorted(drawn)
    names = {r.run_id: r.name for r in state.runs}
    for row, run_id in enumerate(window.table.run_ids()):
        assert window.table.item(row, 0).text() == names[run_id]

    assert sorted(window.map.path_items()) == sorted(drawn)
    for run_id, item in window.map.path_items().items():
        if item.isVisible():
            assert _colour(item.opts["pen"]) == QColor(colours[run_id]).name()
    for run_id in drawn:
        for item in window.curves.curve_items(run_id):
            if item.isVisible():
                assert _colour(item.opts["pen"]) == QColor(colours[run_id]).name()
    from optstudio.live.snapshots import at_step

    scrubbed = window.explainer.timeline.step
    shown = {
        k: v if scrubbed is None else at_step(v, scrubbed)
        for k, v in snapshots.items()
        if k in colours
    }
    step = compared_step(shown)
    caption = window.standings.caption.text()
    if drawn:
        earlier = step is not None and any(
            s.status in ("converged", "diverged") and s.step < step for s in shown.values()
        )
        ended = all(s.status not in ("running", "max_steps") for s in shown.values())
        assert caption == (
            f"Standings at step {step:,}"
            + (" (runs that stopped earlier at their last step)" if earlier else "")
            if step is not None
            else "Every run has stopped, each at its last step"
            if ended
            else "Free running: each run at its own step"
        )
        if state.lockstep and all(s.status != "error" for s in shown.values()):
            going = {s.step for s in shown.values() if s.status in ("running", "max_steps")}
            assert step is not None or len(going) > 1, "lockstep is not called free running"
    assert window.controls.lockstep_box.isChecked() == state.lockstep
    # each run's label and colour; its name alone while the map is too narrow for the labels
    short = window.map._legend_short
    legend = [
        (label.text, _colour(sample.item.opts["pen"])) for sample, label in window.map.legend.items
    ]
    visible = [r for r in state.runs if r.visible and r.run_id in drawn]
    expected = [
        (entry.name if short else entry.label(), QColor(colours[entry.run_id]).name())
        for entry in visible
    ]
    assert sorted(legend) == sorted(expected)
    check_truth(window, snapshots)
    check_sweeps(window)


def check_sweeps(window) -> None:
    """The sweeps tab shows only what belongs to the landscape on screen: a sweep from this
    loss and start (its curve the sweep's own numbers, a cell of it the engine's single run
    to the bit), a basin map of this loss, or nothing."""
    from PySide6.QtWidgets import QApplication

    from optstudio.engine.losses import make_loss
    from optstudio.engine.runner import simulate
    from optstudio.qt.landscape.sweeps.heatmap import metric_values

    tab = window.sweep_tab

    def ended() -> bool:
        return not tab.busy

    assert ended() or events_until(QApplication.instance(), ended, 60), "a sweep never ended"
    state = window.state
    result = tab.result
    x, y = tab.heatmap.curve.getData()
    if result is None:
        assert x is None or len(x) == 0, "a curve of no sweep"
    else:
        assert result.config["loss"] == state.loss, "a sweep of another loss"
        assert tuple(result.config["start"]) == tuple(state.start_point), "another start"
        lowest = make_loss(state.loss, state.loss_params).lowest
        values = metric_values(result.runs, tab.metric.currentData(), lowest or 0.0)
        runs = result.runs
        ok = runs.done & np.isfinite(values) & (np.array(runs.status_names()) != "diverged")
        np.testing.assert_array_equal(y, values[ok])
        cell = int(np.flatnonzero(runs.done)[0])
        single = simulate(**result.run_config(cell))
        assert single.theta == tuple(runs.theta[cell]), "a cell is not the engine's run"
    basins = tab.basin_map
    if basins is None:
        assert not tab.basin_overlay.image.isVisible(), "basins of no basin map"
    else:
        assert basins.config["loss"] == state.loss, "a basin map of another loss"


def check_truth(window, snapshots) -> None:
    """Every number on screen is the engine's at the step it names: the table's step, loss,
    ‖∇f‖ and lr, the caption's step, the curves' points and the map's path end are those of
    the run's record at the step shown (the live step, or the timeline's), and that record is
    the run replayed independently to that step."""
    from optstudio.io.session import replay_run
    from optstudio.live.snapshots import progress_until, recorded_step_at
    from optstudio.qt.landscape.symlog import symlog_inverse

    state = window.state
    timeline = window.explainer.timeline
    table = window.table
    names = {r.run_id: r.name for r in state.runs}
    shown_steps = set()
    for row, run_id in enumerate(table.run_ids()):
        full = snapshots[run_id]
        if full.error:
            continue
        step = int(table.item(row, 1).text().replace(",", ""))
        expected = full.step if timeline.step is None else recorded_step_at(full, timeline.step)
        assert step == expected, f"{names[run_id]}: the table's step is not the one shown"
        shown_steps.add((step, full.status if timeline.step is None else "running"))
        at = np.flatnonzero(full.steps == step)
        assert at.size == 1, f"{names[run_id]}: step {step} is not a recorded row"
        k = int(at[0])
        assert table.item(row, 2).text() == f"{full.loss_curve[k]:.6g}"
        assert table.item(row, 3).text() == f"{full.grad_curve[k]:.3g}"
        assert table.item(row, 4).text() == f"{full.lr_curve[k]:.3g}"
        if step < full.step:  # an earlier step: the run was on its way there, whatever now
            assert table.item(row, 5).text() == "in progress"
        replayed = replay_run(state, state.run(run_id), progress_until(full.progress, step))
        assert replayed.step == step or full.status == "diverged"
        assert replayed.loss_values[-1] == full.loss_curve[k], "the record is the engine's run"
        if full.status != "diverged":
            assert replayed.theta == tuple(full.theta_curve[k])
        entry = state.run(run_id)
        if entry.visible:
            steps, y = window.curves.curve_items(run_id)[0].getData()
            np.testing.assert_array_equal(steps, full.steps[: k + 1])
            losses = (
                symlog_inverse(y)
                if window.curves.loss_scale == "symlog"
                else 10.0**y + (window.curves._minimum or 0.0)
            )
            finite = np.isfinite(full.loss_curve[: k + 1]) & (
                full.loss_curve[: k + 1] - (window.curves._minimum or 0.0) > 1e-15
            )
            np.testing.assert_allclose(
                losses[finite], full.loss_curve[: k + 1][finite], rtol=1e-9, atol=1e-12
            )
            # the data set on it (pyqtgraph clips what it displays to a range about the view)
            x, yy = window.map.path_items()[run_id].getOriginalDataset()
            rows = max(1, int(np.searchsorted(full.path_steps, step, side="right")))
            assert len(x) == rows, "the map's path is cut at the step shown"
            assert (x[-1], yy[-1]) == tuple(full.path[rows - 1])
    axis = window.map.colour_bar.axis
    assert axis.autoSIPrefixScale == 1.0, "the colour bar prints its values as they are"
    check_contours(window.map)
    check_step_panel(window, snapshots)


def check_contours(map_view) -> None:
    """Once the landscape of the view on screen has come from its worker thread, the contour
    lines are that landscape's, at the colour bar's levels (not a previous loss's or view's)."""
    from PySide6.QtWidgets import QApplication

    from optstudio.qt.landscape.contour_lines import contour_segments
    from optstudio.qt.landscape.map_view import CONTOUR_LEVELS

    def came() -> bool:
        return map_view.grid_ready and map_view.grid_current()

    assert came() or events_until(QApplication.instance(), came, 30), "no landscape of the view"
    low, high = map_view.colour_bar.levels()
    levels = np.linspace(low, high, CONTOUR_LEVELS + 2)[1:-1]
    x, y = map_view.contours.getData()
    expected_x, expected_y = contour_segments(map_view.image.image, levels)
    np.testing.assert_array_equal(x, expected_x)
    np.testing.assert_array_equal(y, expected_y)


def check_step_panel(window, snapshots) -> None:
    """The step panel explains the step after the one shown, from the point the run replayed
    independently reaches there (checked while paused: playing, it explains the live step)."""
    from PySide6.QtWidgets import QApplication

    from optstudio.io.session import replay_run
    from optstudio.live.snapshots import progress_until, recorded_step_at

    explainer = window.explainer
    if window.controls.play_action.isChecked():
        return

    def caught_up() -> bool:
        """The panel explains the engine's latest record: a record that arrived after the
        views were drawn (the first after a Reset, say) is drawn and explained first."""
        key = explainer._shown
        if explainer._requested is not None and explainer._requested != key:
            return False
        full = window.engine.snapshots().get(key[0]) if key is not None else None
        return full is None or key[5] == repr(progress_until(full.progress, key[1]))

    assert caught_up() or events_until(QApplication.instance(), caught_up, 30), (
        "the step panel never caught up"
    )
    explanation = explainer.panel.explanation
    key = explainer._shown
    if explanation is None or key is None:
        return
    run_id, step = key[0], key[1]  # the run and the step whose next step the panel explains
    assert explanation.step == step + 1, "the panel explains another step than it names"
    latest = window.engine.snapshots()
    full = latest.get(run_id)
    if full is None or full.error or full.status == "diverged":
        return
    state = window.state
    replayed = replay_run(state, state.run(run_id), progress_until(full.progress, step))
    assert explanation.theta == replayed.theta, "the panel's point is not the run's"
    if latest is snapshots and full.status == "running":  # the engine did not move since
        timeline = explainer.timeline
        shown = full.step if timeline.step is None else recorded_step_at(full, timeline.step)
        assert step == shown, "the panel explains a step the table does not show"


def engine_applied_the_edits(window) -> bool:
    """The engine has applied every change the window sent (an edit crosses a pipe): each run's
    latest record is the run replayed from the window's entry and the record's progress."""
    from optstudio.io.session import replay_run

    snapshots = window.engine.snapshots()
    for entry in window.state.runs:
        snap = snapshots.get(entry.run_id)
        if snap is None or snap.error or snap.progress is None:
            continue
        replayed = replay_run(window.state, entry, snap.progress)
        if replayed.loss_values[-1] != snap.loss_curve[-1] and snap.status != "diverged":
            return False
    return True


@pytest.fixture
def machine_window(qtbot, tmp_path):
    from optstudio.qt.landscape.landscape_window import LandscapeWindow

    windows = []

    def make():
        state = LandscapeStudy(loss="himmelblau", max_steps=300)
        state.add_run("adam", hyper={"lr": 0.05})
        settings_file = QSettings(str(tmp_path / "machine.ini"), QSettings.Format.IniFormat)
        window = LandscapeWindow(state=state, settings=settings_file)
        window.files.ask = lambda title, question: "discard"
        window.warn = lambda title, text: pytest.fail(f"{title}: {text}")
        qtbot.addWidget(window)
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()
        assert not window.engine.is_running()


def test_random_sequences_of_user_actions_keep_every_view_true(qtbot, tmp_path, machine_window):
    class Studio(RuleBasedStateMachine):
        @initialize()
        def open_window(self):
            self.window = machine_window()
            self.saved = tmp_path / "machine.optstudio"
            self.synced()

        def synced(self):
            """Wait for the engine thread to hold exactly the studio's runs."""
            window = self.window
            qtbot.waitUntil(
                lambda: set(window.engine.snapshots()) == {r.run_id for r in window.state.runs},
                timeout=WAIT_MS,
            )

        @rule(name=st.sampled_from([p.name for p in PRESETS if isinstance(p, Preset)]))
        def open_scenario(self, name):
            assert self.window.files.open_scenario(presets_folder() / f"{name}.optstudio")
            self.synced()

        @rule(optimizer=st.sampled_from(OPTIMIZER_NAMES))
        def add(self, optimizer):
            run_id = self.window.add_run(optimizer)
            assert self.window.runs_panel.current_id() == run_id
            self.synced()

        @precondition(lambda self: self.window.state.runs)
        @rule()
        def duplicate(self):
            run_id = self.window.runs_panel.current_id()
            self.window.runs_panel.duplicate_button.click()
            assert self.window.runs_panel.current_id() != run_id
            self.synced()

        @precondition(lambda self: self.window.state.runs)
        @rule()
        def remove(self):
            self.window.runs_panel.remove_button.click()
            self.synced()

        @precondition(lambda self: self.window.state.runs)
        @rule(index=st.integers(0, 20))
        def select(self, index):
            panel = self.window.runs_panel
            panel.list.setCurrentRow(index % panel.list.count())

        @precondition(lambda self: self.window.state.runs)
        @rule(factor=st.sampled_from([0.5, 2.0, 10.0]))
        def edit_lr(self, factor):
            """Type a new lr into the form: it must land on the run the list selects."""
            window = self.window
            run_id = window.runs_panel.current_id()
            old = window.state.run(run_id).resolved_hyper()["lr"]
            field = window.runs_panel.form.fields["lr"]
            field.entry.setText(f"{old * factor:g}")
            field.entry.editingFinished.emit()
            assert window.state.run(run_id).resolved_hyper()["lr"] == pytest.approx(
                float(f"{old * factor:g}")
            )
            qtbot.waitUntil(lambda: engine_applied_the_edits(window), timeout=WAIT_MS)

        @precondition(lambda self: self.window.state.runs)
        @rule(count=st.integers(2, 6))
        def sweep_the_learning_rate(self, count):
            """A small sweep over the selected run's lr, on the Sweeps and basins tab."""
            tab = self.window.sweep_tab
            tab.second_on.setChecked(False)
            tab.first.name.setCurrentText("lr")
            tab.first.count.setValue(count)
            tab.run_button.click()

        @precondition(lambda self: self.window.state.runs)
        @rule(resolution=st.integers(4, 12))
        def compute_the_basins(self, resolution):
            """A small basin map over the view: which minimum each start ends in."""
            tab = self.window.sweep_tab
            tab.resolution.setValue(resolution)
            tab.basin_button.click()

        @precondition(lambda self: self.window.state.runs)
        @rule(pick=st.integers(0, 10))
        def pick_a_choice(self, pick):
            """Pick an entry of a choice in the form (L-BFGS's line search, with its "none"):
            it must land on the selected run, unset for "none"."""
            from PySide6.QtWidgets import QComboBox

            window = self.window
            run_id = window.runs_panel.current_id()
            fields = window.runs_panel.form.fields
            combos = {n: f for n, f in fields.items() if isinstance(f, QComboBox)}
            if not combos:
                return
            name = sorted(combos)[pick % len(combos)]
            combo = combos[name]
            combo.setCurrentIndex(pick % combo.count())
            chosen = combo.currentText()
            value = window.state.run(run_id).resolved_hyper()[name]
            assert value == (None if chosen == "none" else chosen)
            qtbot.waitUntil(lambda: engine_applied_the_edits(window), timeout=WAIT_MS)

        @rule()
        def play_or_pause(self):
            self.window.controls.play_action.trigger()

        @rule()
        def step(self):
            self.window.controls.step_requested.emit()

        @rule()
        def reset(self):
            self.window.controls.reset_requested.emit()
            self.synced()

        @rule()
        def toggle_lockstep(self):
            self.window.controls.lockstep_box.click()

        @rule(position=st.integers(0, 60))
        def set_speed(self, position):
            self.window.controls.speed.setValue(position)

        @rule(theme=st.sampled_from(["light", "dark", "system"]))
        def switch_theme(self, theme):
            self.window.view_menu.choose_theme(theme)

        @rule()
        def toggle_presentation(self):
            self.window.presentation.toggle()

        @precondition(lambda self: self.window.state.runs)
        @rule(presses=st.integers(1, 30))
        def timeline_left(self, presses):
            """Left through the history, with the focus on the map, as a lecturer does."""
            window = self.window
            window.map.setFocus()
            for _ in range(presses):
                qtbot.keyClick(window.map, Qt.Key.Key_Left)

        @rule()
        def timeline_end(self):
            self.window.map.setFocus()
            qtbot.keyClick(self.window.map, Qt.Key.Key_End)

        @precondition(lambda self: self.window.state.runs)
        @rule(fraction=st.floats(0, 1))
        def drag_the_timeline(self, fraction):
            slider = self.window.explainer.timeline.slider
            slider.setValue(round(fraction * slider.maximum()))

        @rule(which=st.integers(0, 1000), notches=st.sampled_from([-3, -1, 1, 3]))
        def wheel_over_a_side_panel(self, which, notches):
            """A wheel notch over a field of the side panels changes nothing but the scroll
            position (the field has no focus)."""
            from .test_wheel_guard import wheel_over_a_field_changes_nothing

            self.window.map.setFocus()
            wheel_over_a_field_changes_nothing(self.window, which, notches)

        @rule(notches=st.sampled_from([-2, -1, 1, 2]))
        def zoom_with_the_wheel_over_the_map(self, notches):
            """The map zooms about the pointer; its landscape and contour lines follow
            (`check_contours`)."""
            from .test_wheel_guard import wheel

            wheel(self.window.map.viewport(), notches)

        @rule(key=st.sampled_from([Qt.Key.Key_PageDown, Qt.Key.Key_PageUp]))
        def page_through_the_scenarios(self, key):
            window = self.window
            window.map.setFocus()
            qtbot.keyClick(window.map, key)
            assert window.windowTitle().split(" — ")[0] in {p.title for p in PRESETS}
            self.synced()

        @rule()
        def save_and_reopen(self):
            window = self.window
            window.files.choose_save = lambda: str(self.saved)
            assert window.files.save_as()
            before = window.state.to_dict()
            assert window.files.open(self.saved, ask=False)
            assert window.state.to_dict() == before
            self.synced()

        @invariant()
        def views_show_the_studio(self):
            if hasattr(self, "window"):
                check_views(self.window)

        def teardown(self):
            if hasattr(self, "window"):
                if self.window.presentation.active:
                    self.window.presentation.leave()
                if self.window.controls.play_action.isChecked():
                    self.window.controls.play_action.trigger()
                # each example's window (and its engine process) ends with the example
                self.window.close()
                assert not self.window.engine.is_running()

    Studio.TestCase.settings = window_machine_settings(quick=6, thorough=40, steps=14)
    Studio.TestCase().runTest()


def test_the_presets_folder_is_found():
    assert Path(presets_folder()).is_dir()


def test_the_step_panel_after_reset_explains_the_new_start(qtbot, machine_window):
    """Found by the machine: paused mid-run, an lr edit, then Reset. Until the engine's first
    record after the Reset arrives, the panel still explains the old step; once it has, the
    panel explains step 1 from the start point, with the lr the form shows."""
    window = machine_window()
    window.controls.play_action.trigger()
    qtbot.waitUntil(lambda: window.engine.snapshots().get(1, None) is not None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.engine.snapshots()[1].step >= 10, timeout=WAIT_MS)
    window.controls.play_action.trigger()
    field = window.runs_panel.form.fields["lr"]
    field.entry.setText("0.1")
    field.entry.editingFinished.emit()
    qtbot.waitUntil(lambda: engine_applied_the_edits(window), timeout=WAIT_MS)
    window.controls.reset_requested.emit()
    check_views(window)  # right away: the check waits for the panel to catch up

    def explains_the_start() -> bool:
        explanation = window.explainer.panel.explanation
        return explanation is not None and explanation.step == 1

    qtbot.waitUntil(explains_the_start, timeout=WAIT_MS)  # the frame after the new record
    check_views(window)
    explanation = window.explainer.panel.explanation
    assert explanation.step == 1
    snap = window.engine.snapshots()[1]
    assert snap.step == 0
    assert explanation.theta == snap.theta
    assert explanation.lr == 0.1
