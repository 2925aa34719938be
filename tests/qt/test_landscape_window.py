"""The studio driven as a user drives it: pick, add, tune, play, pause, click, close."""

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

import optstudio
from optstudio.studies.landscape import LandscapeStudy

WAIT_MS = 20_000


def snapshots(window):
    return window.engine.snapshots()


def step_of(window, run_id):
    snap = snapshots(window).get(run_id)
    return -1 if snap is None else snap.step


def drawn(window, run, run_id: int = 1) -> np.ndarray:
    """The rows of `run`'s path the map draws now: those the reduction kept at the view the
    engine's snapshot was made for (the map is redrawn from that snapshot first)."""
    from optstudio.engine.path_reduction import reduced

    grid = draw_settled(window)[run_id].grid
    return run.path if grid is None else run.path[reduced(run.path, grid).rows]


def draw_settled(window) -> dict:
    """Redraw every view from snapshots the engine did not replace meanwhile (it publishes
    whole dicts, from its own thread), and return those snapshots."""
    for _ in range(50):
        snapshots = window.engine.snapshots()
        window.refresh_views()
        if window.engine.snapshots() is snapshots:
            break
    return snapshots


def wait_for_steps(qtbot, window, steps, run_ids=None):
    def reached():
        snaps = snapshots(window)
        ids = run_ids or [r.run_id for r in window.state.runs]
        assert all(
            i in snaps and (snaps[i].step >= steps or snaps[i].status == "diverged") for i in ids
        )

    qtbot.waitUntil(reached, timeout=WAIT_MS)
    qtbot.wait(50)


def press(qtbot, window, key):
    """A key press as the user makes it: delivered to the focused widget of the window."""
    qtbot.keyClick(window.focusWidget() or window, key)


def add_run_from_menu(window, optimizer):
    for action in window.runs_panel.add_button.menu().actions():
        if action.data() == optimizer:
            action.trigger()
            return window.state.runs[-1].run_id
    raise AssertionError(optimizer)


def type_into(qtbot, field, text):
    field.entry.selectAll()
    qtbot.keyClicks(field.entry, text)
    qtbot.keyClick(field.entry, Qt.Key.Key_Return)


def pick_loss(window, name):
    picker = window.loss_panel.picker
    index = picker.findData(name)
    picker.setCurrentIndex(index)
    picker.activated.emit(index)


def test_pick_loss_add_two_optimizers_tune_play_and_read_the_map(qtbot, make_window):
    window = make_window(LandscapeStudy(loss="rosenbrock", max_steps=300))
    pick_loss(window, "himmelblau")
    assert window.loss_panel.formula.text() == "f = (x² + y − 11)² + (x + y² − 7)²"
    adam = add_run_from_menu(window, "adam")
    momentum = add_run_from_menu(window, "momentum")
    window.runs_panel.list.setCurrentRow(0)
    type_into(qtbot, window.runs_panel.form.fields["lr"], "0.05")
    assert window.state.run(adam).hyper["lr"] == 0.05
    press(qtbot, window, Qt.Key.Key_Space)
    wait_for_steps(qtbot, window, 300)
    assert window.controls.play_action.isChecked() is False

    expected = {
        adam: optstudio.simulate("himmelblau", "adam", steps=300, lr=0.05),
        momentum: optstudio.simulate("himmelblau", "momentum", steps=300),
    }
    for run_id, run in expected.items():
        expected_path = drawn(window, run, run_id)
        x, y = window.map.path_items()[run_id].getData()
        np.testing.assert_array_equal(x, expected_path[:, 0])
        np.testing.assert_array_equal(y, expected_path[:, 1])
        curve = window.curves.curve_items(run_id)[0]
        steps, log_gap = curve.getData()
        np.testing.assert_array_equal(steps, np.arange(301))
        np.testing.assert_allclose(10**log_gap, np.maximum(run.loss_values, 1e-16), rtol=1e-12)
    window.table.update_rows(snapshots(window), {r.run_id: r.name for r in window.state.runs}, {})
    assert window.table.cell_text("Adam", 1) == "300"
    assert window.table.cell_text("Adam", 5) == "step limit"


def test_space_pauses_and_right_steps_once(qtbot, make_window, empty_state):
    empty_state.add_run("gd")
    window = make_window(empty_state)
    window.controls.speed.setValue(20)  # 100 steps a second
    press(qtbot, window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: step_of(window, 1) > 5, timeout=WAIT_MS)
    press(qtbot, window, Qt.Key.Key_Space)
    qtbot.wait(100)
    paused_at = snapshots(window)[1].step
    qtbot.wait(300)
    assert snapshots(window)[1].step == paused_at
    press(qtbot, window, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: step_of(window, 1) == paused_at + 1, timeout=WAIT_MS)
    press(qtbot, window, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: step_of(window, 1) == 0, timeout=WAIT_MS)


def test_a_diverging_run_is_shown_in_red_while_the_other_finishes(qtbot, make_window):
    state = LandscapeStudy(loss="rosenbrock", max_steps=400)
    state.add_run("gd", hyper={"lr": 0.01})
    state.add_run("adam", hyper={"lr": 0.01})
    window = make_window(state)
    window.controls.play_action.trigger()
    wait_for_steps(qtbot, window, 400)
    gd, adam = snapshots(window)[1], snapshots(window)[2]
    assert gd.status == "diverged" and gd.step < 100
    assert adam.status == "max_steps" and adam.step == 400
    window.table.update_rows(snapshots(window), {1: "GD", 2: "Adam"}, {})
    text = window.table.cell_text("GD", 5)
    assert text == "diverged"  # where it diverged is the Step beside it
    assert window.table.cell_text("GD", 1) == f"{gd.step:,}"
    row = next(r for r in range(2) if window.table.item(r, 0).text() == "GD")
    assert window.table.item(row, 5).foreground().color().name() == "#e04040"


def test_clicking_the_map_moves_the_start_and_restarts_the_runs(qtbot, make_window, empty_state):
    empty_state.add_run("adam", hyper={"lr": 0.1})
    window = make_window(empty_state)
    qtbot.waitUntil(lambda: window.map.grid_ready, timeout=WAIT_MS)
    view = window.map.getViewBox()
    scene_point = view.mapViewToScene(QPointF(2.0, -1.5))
    widget_point = window.map.mapFromScene(scene_point)
    qtbot.mouseClick(window.map.viewport(), Qt.MouseButton.LeftButton, pos=widget_point)
    x, y = window.state.start
    assert x == pytest.approx(2.0, abs=0.05) and y == pytest.approx(-1.5, abs=0.05)
    assert window.loss_panel.start_x.value() == pytest.approx(x, abs=1e-4)
    window.controls.play_action.trigger()
    wait_for_steps(qtbot, window, 200)
    expected = optstudio.simulate("himmelblau", "adam", steps=200, lr=0.1, start=(x, y))
    expected_x = drawn(window, expected)[:, 0]
    path_x, path_y = window.map.path_items()[1].getData()
    assert (path_x[0], path_y[0]) == (x, y)
    np.testing.assert_array_equal(path_x, expected_x)


def test_changing_a_learning_rate_mid_run_keeps_the_optimizer_state(qtbot, make_window):
    state = LandscapeStudy(loss="rosenbrock", max_steps=100)
    state.add_run("adam", hyper={"lr": 0.01})
    window = make_window(state)
    window.controls.play_action.trigger()
    wait_for_steps(qtbot, window, 100)
    type_into(qtbot, window.runs_panel.form.fields["lr"], "0.03")
    window.controls.max_steps.setValue(250)
    window.controls.play_action.trigger()
    wait_for_steps(qtbot, window, 250)
    expected = optstudio.simulate(
        "rosenbrock", "adam", steps=250, lr=0.01, hyper_changes=[{"step": 100, "lr": 0.03}]
    )
    expected_path = drawn(window, expected)
    x, y = window.map.path_items()[1].getData()
    np.testing.assert_array_equal(np.column_stack([x, y]), expected_path)


def test_restart_on_change_starts_the_run_again(qtbot, make_window):
    state = LandscapeStudy(loss="rosenbrock", max_steps=100, restart_on_change=True)
    state.add_run("adam", hyper={"lr": 0.01})
    window = make_window(state)
    assert window.controls.restart_box.isChecked()
    window.controls.play_action.trigger()
    wait_for_steps(qtbot, window, 100)
    type_into(qtbot, window.runs_panel.form.fields["lr"], "0.03")
    qtbot.waitUntil(lambda: step_of(window, 1) == 0, timeout=WAIT_MS)


def test_a_refused_value_is_marked_and_changes_nothing(qtbot, make_window, empty_state):
    empty_state.add_run("adam")
    window = make_window(empty_state)
    field = window.runs_panel.form.fields["beta1"]
    type_into(qtbot, field, "1.5")
    assert "border" in field.entry.styleSheet()
    assert "beta1 must be in [0, 1)" in field.entry.toolTip()
    assert "beta1" not in window.state.run(1).hyper


def test_stochastic_batches_on_linear_regression(qtbot, make_window):
    state = LandscapeStudy(loss="linreg", max_steps=150)
    state.add_run("sgd", hyper={"lr": 0.01})
    window = make_window(state)
    combo = window.runs_panel.batch_mode
    combo.setCurrentIndex(combo.findData("stochastic"))
    combo.activated.emit(combo.currentIndex())
    assert window.state.run(1).batch_size == 1
    window.controls.play_action.trigger()
    wait_for_steps(qtbot, window, 150)
    expected = optstudio.simulate("linreg", "sgd", steps=150, lr=0.01, batch_size=1)
    expected_x = drawn(window, expected)[:, 0]
    x, _ = window.map.path_items()[1].getData()
    np.testing.assert_array_equal(x, expected_x)


def test_zoom_evaluates_the_landscape_again(qtbot, make_window, empty_state):
    window = make_window(empty_state)
    qtbot.waitUntil(lambda: window.map.grid_ready, timeout=WAIT_MS)
    window.map.getViewBox().setRange(xRange=(2.5, 3.5), yRange=(1.5, 2.5), padding=0)
    window.map.getViewBox().sigRangeChangedManually.emit([True, True])
    qtbot.waitUntil(
        lambda: window.map.image.mapRectToView(window.map.image.boundingRect()).width() < 1.5,
        timeout=WAIT_MS,
    )
    assert window.map.image.image.shape == (320, 320)


def test_a_figure_waits_for_the_zoomed_view_to_be_drawn(qtbot, make_window):
    """Figures and thumbnails wait for `ready_to_draw`. It held as soon as a first landscape
    had come, so a figure taken just after a zoom could show the previous view's colours
    under paths reduced for it. After a zoom it holds only once the landscape is the one
    computed for the range on screen and every path is reduced at that view."""
    state = LandscapeStudy(loss="rosenbrock", max_steps=300)
    state.add_run("adam", hyper={"lr": 0.05})
    state.add_run("momentum", hyper={"lr": 0.001})
    window = make_window(state)
    window.controls.play_action.trigger()
    wait_for_steps(qtbot, window, 300)
    qtbot.waitUntil(window.ready_to_draw, timeout=WAIT_MS)
    view_box = window.map.getViewBox()
    view_box.setRange(xRange=(-0.5, 1.2), yRange=(-0.2, 1.1), padding=0)
    view_box.sigRangeChangedManually.emit([True, True])
    assert not window.ready_to_draw(), "the landscape and paths are still the last view's"
    qtbot.waitUntil(window.ready_to_draw, timeout=WAIT_MS)
    image = window.map.image.mapRectToView(window.map.image.boundingRect())
    (x0, x1), (y0, y1) = view_box.viewRange()
    assert (image.left(), image.right(), image.top(), image.bottom()) == pytest.approx(
        (x0, x1, y0, y1)
    )
    view = window.engine.view
    assert (view.x0, view.x1, view.y0, view.y1) == (x0, x1, y0, y1)
    assert all(s.grid == view for s in window.engine.snapshots().values())


def test_closing_mid_run_stops_the_engine_cleanly(qtbot, make_window):
    window = make_window(LandscapeStudy(loss="rastrigin", max_steps=10**8))
    window.add_run("adam")
    window.controls.play_action.trigger()
    qtbot.waitUntil(lambda: step_of(window, 1) > 1000, timeout=WAIT_MS)
    window.close()
    assert not window.engine.is_running()


def test_the_last_studio_is_remembered(qtbot, make_window):
    first = make_window(LandscapeStudy(loss="beale", max_steps=777))
    first.add_run("rmsprop")
    first.close()
    second = make_window()
    assert second.state.loss == "beale"
    assert second.state.max_steps == 777
    assert [r.optimizer for r in second.state.runs] == ["rmsprop"]
    assert second.loss_panel.picker.currentData() == "beale"
    second.settings.setValue("studio/speed", "fast")  # a settings file edited by hand
    second.settings.setValue("studio/state", "{not json")
    second.settings.sync()
    second.remember_on_close = lambda: None  # closing would write good values back
    second.close()
    third = make_window()  # opens on the first studio, at the control's own speed
    assert third.state.loss == "rosenbrock" and len(third.state.runs) == 3


def test_data_panel_follows_the_model_and_rings_the_minibatch(qtbot, make_window):
    state = LandscapeStudy(loss="linreg", max_steps=40)
    state.add_run("sgd", hyper={"lr": 0.01}, batch_size=5)
    window = make_window(state)
    assert window.data_view.isVisible()
    window.controls.play_action.trigger()
    wait_for_steps(qtbot, window, 40)
    qtbot.wait(100)
    snap = snapshots(window)[1]
    w, b = snap.theta
    x, y = window.data_view.line_items()[1].getData()
    np.testing.assert_allclose(y, w * x + b)
    ringed_x, _ = window.data_view.batch.getData()
    assert len(ringed_x) == 5
    loss = optstudio.engine.make_loss("linreg")
    assert set(np.round(ringed_x, 12)) == set(np.round(loss.data[snap.batch, 0], 12))
    pick_loss(window, "rosenbrock")
    assert not window.data_view.isVisible()


def test_space_plays_even_when_a_button_or_the_run_list_has_the_focus(qtbot, make_window):
    state = LandscapeStudy(loss="booth", max_steps=50)
    state.add_run("gd")
    window = make_window(state)
    for widget in (window.runs_panel.list, window.runs_panel.duplicate_button):
        widget.setFocus()
        qtbot.waitUntil(widget.hasFocus)
        qtbot.keyClick(widget, Qt.Key.Key_Space)
        qtbot.waitUntil(lambda: window.controls.play_action.isChecked() or step_of(window, 1) > 0)
        qtbot.keyClick(widget, Qt.Key.Key_R)
        window.controls.show_playing(False)
        window.engine.pause()
    assert window.state.run(1).visible
    assert len(window.state.runs) == 1


def test_typing_a_space_in_a_field_does_not_play(qtbot, make_window, empty_state):
    empty_state.add_run("gd")
    window = make_window(empty_state)
    window.runs_panel.schedule.setFocus()
    qtbot.keyClick(window.runs_panel.schedule, Qt.Key.Key_Space)
    assert not window.controls.play_action.isChecked()
    assert window.runs_panel.schedule.text() == " "


def test_play_with_every_run_finished_leaves_the_button_off(qtbot, make_window):
    state = LandscapeStudy(loss="booth", max_steps=20)
    state.add_run("gd")
    window = make_window(state)
    window.controls.play_action.trigger()
    wait_for_steps(qtbot, window, 20)
    qtbot.waitUntil(lambda: not window.controls.play_action.isChecked())
    window.controls.play_action.trigger()
    qtbot.waitUntil(lambda: not window.controls.play_action.isChecked())
    assert window.controls.play_action.text() == "Play"


def type_formula(qtbot, panel, text: str) -> None:
    """Pick "Custom formula…", click into the field, type `text` and press Enter."""
    custom = panel.picker.findData("expr:")
    panel.picker.setCurrentIndex(custom)
    panel.picker.activated.emit(custom)
    panel.formula_entry.clear()
    panel.formula_entry.setFocus()  # an earlier Enter gave the keys back to the map
    qtbot.keyClicks(panel.formula_entry, text)
    qtbot.keyClick(panel.formula_entry, Qt.Key.Key_Return)


def test_a_typed_formula_becomes_the_landscape_with_its_derivatives(qtbot, make_window):
    state = LandscapeStudy(loss="booth", max_steps=200)
    state.add_run("adam", hyper={"lr": 0.05})
    window = make_window(state)
    panel = window.loss_panel
    type_formula(qtbot, panel, "x + os.getcwd()")
    qtbot.waitUntil(lambda: "attributes (a.b) are not allowed" in panel.formula_error.text())
    assert window.state.loss == "booth"
    type_formula(qtbot, panel, "x**2 + 10*sin(y)")
    qtbot.waitUntil(lambda: window.state.loss == "expr:x**2 + 10*sin(y)")
    qtbot.waitUntil(lambda: "10⋅cos(y)" in panel.derivatives.text())
    window.controls.play_action.trigger()
    wait_for_steps(qtbot, window, 200)
    expected = optstudio.simulate("expr:x**2 + 10*sin(y)", "adam", steps=200, lr=0.05)
    expected_x = drawn(window, expected)[:, 0]
    x, _ = window.map.path_items()[1].getData()
    np.testing.assert_array_equal(x, expected_x)


def test_choosing_custom_formula_shows_that_formula_not_the_loss_before(qtbot, make_window):
    """The panel kept Rosenbrock's description and sliders under "Custom formula…": the
    formula in the box becomes the loss at once, with its own parameters and derivatives,
    each on one line (x**y printed raised powers over fraction bars)."""
    window = make_window(LandscapeStudy(loss="rosenbrock", max_steps=200))
    panel = window.loss_panel
    custom = panel.picker.findData("expr:")
    panel.picker.setCurrentIndex(custom)
    panel.picker.activated.emit(custom)
    qtbot.waitUntil(lambda: window.state.loss.startswith("expr:"), timeout=10_000)
    assert "Rosenbrock" not in panel.description.text()
    assert set(panel.params.fields) == {"a", "grad_noise"}  # the example's own, and noise
    type_formula(qtbot, panel, "x**y + y**2")
    qtbot.waitUntil(lambda: "df/dx = x^y⋅y/x" in panel.derivatives.text(), timeout=10_000)
    assert all("─" not in line for line in panel.derivatives.text().splitlines())
    assert panel.derivatives_box.maximumHeight() < 12 * panel.fontMetrics().lineSpacing()


def test_a_formula_that_would_freeze_the_window_is_refused_while_the_window_stays_live(
    qtbot, make_window
):
    """9**9**9**9 made sympy compute an integer with millions of digits on the GUI thread."""
    window = make_window(LandscapeStudy(loss="booth", max_steps=200))
    panel = window.loss_panel
    type_formula(qtbot, panel, "9**9**9**9 + x")
    qtbot.waitUntil(lambda: "too large" in panel.formula_error.text(), timeout=5000)
    assert window.state.loss == "booth"


def test_after_enter_in_a_field_space_plays_again(qtbot, make_window):
    state = LandscapeStudy(loss="booth", max_steps=100_000)
    state.add_run("adam", hyper={"lr": 0.05})
    window = make_window(state)
    field = window.runs_panel.form.fields["lr"].entry
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    field.setText("0.02")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not field.hasFocus())
    assert window.state.runs[0].hyper["lr"] == 0.02
    qtbot.keyClick(window.map, Qt.Key.Key_Space)
    assert window.controls.play_action.isChecked()
    window.controls.play_action.trigger()


def test_ctrl_q_quits(qtbot, make_window):
    window = make_window()
    assert window.files.quit_action.shortcut().toString() == "Ctrl+Q"
    window.files.quit_action.trigger()
    qtbot.waitUntil(lambda: not window.isVisible())


def test_the_standings_show_the_finish_of_a_race_that_ended_by_itself(qtbot, make_window):
    """The table is refreshed a few times a second while runs move, and once more after the
    last frame: a race that ends between two refreshes does not leave it stale or empty."""
    state = LandscapeStudy(loss="quadratic", max_steps=500, start=(-2.5, 1.5))
    state.add_run("gd", hyper={"lr": 0.198})
    state.add_run("momentum", hyper={"lr": 0.02})
    window = make_window(state)
    window.controls.play_action.trigger()
    qtbot.waitUntil(
        lambda: all(s.step == 500 for s in window.engine.snapshots().values()), timeout=20_000
    )
    qtbot.waitUntil(lambda: len(window.table.run_ids()) == 2, timeout=2_000)
    qtbot.waitUntil(lambda: window.table.cell_text("Gradient descent", 1) == "500", timeout=2_000)
    assert window.table.cell_text("Momentum (heavy ball)", 1) == "500"


def test_an_lbfgs_run_shows_its_unset_settings_and_takes_a_line_search(qtbot, make_window):
    """Its form has an optional whole number (max_eval) and an optional choice
    (line_search_fn): the window once failed to open a session with such a run."""
    state = LandscapeStudy(loss="rosenbrock", max_steps=12)
    state.add_run("lbfgs")
    window = make_window(state)
    form = window.runs_panel.form
    assert form.fields["max_eval"].enabled_box is not None
    assert not form.fields["max_eval"].enabled_box.isChecked()
    assert form.fields["line_search_fn"].currentText() == "none"
    form.fields["line_search_fn"].setCurrentText("strong_wolfe")
    assert window.state.runs[0].hyper["line_search_fn"] == "strong_wolfe"
    window.controls.play_action.trigger()
    wait_for_steps(qtbot, window, 12)
    expected = optstudio.simulate("rosenbrock", "lbfgs", steps=12, line_search_fn="strong_wolfe")
    x, y = window.map.path_items()[1].getData()
    np.testing.assert_array_equal(np.column_stack([x, y]), drawn(window, expected))
    form.fields["line_search_fn"].setCurrentText("none")
    assert window.state.runs[0].hyper["line_search_fn"] is None


def test_the_first_studio_plays_at_a_pace_the_eye_can_follow(qtbot, make_window):
    """The first studio's speed was in its state but the control stayed at "max": the race
    was over before a student could see it."""
    from optstudio.speed_scale import nearest_speed
    from optstudio.studies.landscape import DEFAULT_SPEED

    window = make_window()
    assert window.state.speed == DEFAULT_SPEED
    assert window.engine_speed() == nearest_speed(DEFAULT_SPEED)
    assert window.controls.speed_label.text() == "251/s"
    # and the engine plays at that pace (it ran at full speed while the control said 251/s)
    import time

    window.controls.play_action.trigger()
    began = time.perf_counter()
    qtbot.waitUntil(lambda: min(s.step for s in window.engine.snapshots().values()) >= 100)
    window.controls.play_action.trigger()
    elapsed = time.perf_counter() - began
    steps = max(s.step for s in window.engine.snapshots().values())
    assert steps < 2 * 251 * elapsed + 100  # 5,000 steps came in a fraction of a second


def test_every_standings_column_is_in_sight_at_the_first_size(qtbot, make_window):
    """Status and "Converged at" sat behind a horizontal scroll bar at the window's first size
    (long names took the room): the names are cut short instead, whole in their tooltips."""
    from optstudio.studies.landscape import default_landscape_study

    state = default_landscape_study()
    state.add_run("adamw")
    state.run(state.runs[-1].run_id).name = "AdamW with a long name for the lecture"
    window = make_window(state)
    window.resize(1500, 920)
    window.controls.play_action.trigger()
    wait_for_steps(qtbot, window, 30)
    window.controls.play_action.trigger()
    window.refresh_views()
    table = window.table
    qtbot.waitUntil(lambda: table.rowCount() == 4)
    header = table.horizontalHeader()
    widths = [header.sectionSize(c) for c in range(table.columnCount())]
    assert sum(widths) <= table.viewport().width(), str(widths)
    assert widths[0] >= 70, str(widths)  # a name's first words
    assert window.standings.order.text() == "sorted by Loss ▲"  # the order, in words
    header = table.horizontalHeader()
    middle = header.sectionViewportPosition(1) + header.sectionSize(1) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(middle, 5))
    assert window.standings.order.text() == "sorted by Step ▲"
    steps = [int(table.item(r, 1).text().replace(",", "")) for r in range(4)]
    assert steps == sorted(steps)
    assert table.horizontalScrollBar().maximum() == 0
    long = next(r for r in range(4) if table.item(r, 0).text().startswith("AdamW"))
    assert table.item(long, 0).toolTip() == "AdamW with a long name for the lecture"


def test_a_figure_exported_straight_after_a_zoom_shows_the_zoomed_landscape(
    qtbot, make_window, tmp_path, monkeypatch
):
    """The menu's figure and the clipboard waited for nothing: one taken within the tenth of
    a second after a zoom drew the previous range's landscape under the new axes."""
    from optstudio.qt.export import export_actions

    state = LandscapeStudy(loss="rosenbrock", max_steps=200)
    state.add_run("adam", hyper={"lr": 0.05})
    window = make_window(state)
    window.controls.play_action.trigger()
    wait_for_steps(qtbot, window, 200)
    qtbot.waitUntil(window.ready_to_draw, timeout=WAIT_MS)
    drawn_when_taken = []
    real_write, real_render = export_actions.write_figure, export_actions.render_image

    def write(widgets, path, **options):
        drawn_when_taken.append(window.map.grid_current() and window.ready_to_draw())
        return real_write(widgets, path, **options)

    def render(widgets, scale, transparent):
        drawn_when_taken.append(window.map.grid_current() and window.ready_to_draw())
        return real_render(widgets, scale, transparent)

    monkeypatch.setattr(export_actions, "write_figure", write)
    monkeypatch.setattr(export_actions, "render_image", render)
    view_box = window.map.getViewBox()
    for x_range, take in (
        ((-0.5, 1.2), lambda: window.exports.export_figure(tmp_path / "zoomed.png")),
        ((-1.5, 1.5), lambda: window.exports.copy_figure()),
    ):
        view_box.setRange(xRange=x_range, yRange=(-0.2, 1.1), padding=0)
        view_box.sigRangeChangedManually.emit([True, True])
        assert not window.ready_to_draw()
        take()
    assert drawn_when_taken == [True, True]
    assert (tmp_path / "zoomed.png").stat().st_size > 0
