"""Each step explained: stepping shows the update rule's numbers and arrows; the timeline
scrubs back through history and the markers, arrows and numbers follow it."""

import numpy as np
from PySide6.QtCore import Qt

from optstudio.engine.runner import simulate
from optstudio.studies.landscape import LandscapeStudy

from .test_landscape_window import WAIT_MS, press, snapshots, step_of


def _terms(window):
    explanation = window.explainer.panel.explanation
    return {t.symbol: t.value for t in explanation.terms}


def test_stepping_explains_each_step_with_the_engines_numbers(qtbot, make_window):
    state = LandscapeStudy(loss="rosenbrock", max_steps=100)
    run_id = state.add_run("adam", hyper={"lr": 0.05}).run_id
    window = make_window(state)
    window.explainer.dock.raise_()
    for expected in (1, 2, 3):
        press(qtbot, window, Qt.Key.Key_Right)
        qtbot.waitUntil(lambda e=expected: step_of(window, run_id) == e, timeout=WAIT_MS)
    panel = window.explainer.panel
    qtbot.waitUntil(
        lambda: panel.explanation is not None and panel.explanation.step == 4, timeout=WAIT_MS
    )
    reference = simulate("rosenbrock", "adam", steps=3, lr=0.05)
    assert panel.explanation.theta == reference.theta
    terms = _terms(window)
    state_after = simulate("rosenbrock", "adam", steps=4, lr=0.05)
    assert np.allclose(terms["m"], state_after.optimizer_state[0:2], rtol=1e-12)
    assert np.allclose(terms["v"], state_after.optimizer_state[2:4], rtol=1e-12)
    assert panel.explanation.theta_next == state_after.theta
    assert "Adam" in panel.title.text() and "step 4" in panel.title.text()
    rows = [panel.table.item(r, 0).text() for r in range(panel.table.rowCount())]
    assert any(row.startswith("m̂ = m / (1 − β₁ᵗ)") for row in rows)
    # three arrows on the map: -lr*g, momentum (lr * m-hat) and the update
    arrows = window.explainer.arrows
    shown = [name for name, line in arrows._lines.items() if line.isVisible()]
    assert sorted(shown) == sorted(["−lr·g", "momentum", "update"])
    x, y = arrows._lines["update"].getData()
    assert (x[0], y[0]) == reference.theta


def test_the_timeline_scrubs_back_and_the_map_follows(qtbot, make_window):
    state = LandscapeStudy(loss="quadratic", max_steps=40)
    first = state.add_run("momentum").run_id
    second = state.add_run("gd").run_id
    window = make_window(state)
    press(qtbot, window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: step_of(window, first) == 40, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.explainer.timeline.extent == 40, timeout=WAIT_MS)
    timeline = window.explainer.timeline
    timeline.slider.setValue(10)  # as a drag of the slider does
    assert timeline.step == 10 and "step 10 of 40" in timeline.label.text()
    qtbot.waitUntil(
        lambda: (e := window.explainer.panel.explanation) is not None and e.step == 11,
        timeout=WAIT_MS,
    )
    qtbot.wait(50)
    path = window.map.path_items()[first].getData()
    reference = simulate("quadratic", "momentum", steps=10)
    assert (path[0][-1], path[1][-1]) == reference.theta
    gd_path = window.map.path_items()[second].getData()
    assert len(gd_path[0]) == 11
    assert window.explainer.panel.explanation.theta == reference.theta
    # Left steps back one, Right forward one, End goes live again
    press(qtbot, window, Qt.Key.Key_Left)
    assert timeline.step == 9
    press(qtbot, window, Qt.Key.Key_Right)
    press(qtbot, window, Qt.Key.Key_Right)
    assert timeline.step == 11
    qtbot.waitUntil(lambda: window.explainer.panel.explanation.step == 12, timeout=WAIT_MS)
    assert snapshots(window)[first].step == 40, "scrubbing never moves the runs"
    press(qtbot, window, Qt.Key.Key_End)
    assert timeline.step is None
    qtbot.waitUntil(lambda: len(window.map.path_items()[first].getData()[0]) == 41)


def test_playing_fast_asks_to_pause_instead_of_explaining(qtbot, make_window):
    state = LandscapeStudy(loss="rosenbrock", max_steps=5_000_000)
    state.add_run("gd")
    window = make_window(state)
    press(qtbot, window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: step_of(window, 1) > 1000, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "Pause" in window.explainer.panel.title.text(), timeout=WAIT_MS)
    assert window.explainer.panel.explanation is None
    press(qtbot, window, Qt.Key.Key_Space)
    # the panel explains the step where the run stopped (the engine's last snapshot after the
    # pause may come a moment after the button shows it)
    qtbot.waitUntil(
        lambda: (
            window.explainer.panel.explanation is not None
            and window.explainer.panel.explanation.step == step_of(window, 1) + 1
        ),
        timeout=WAIT_MS,
    )


def test_e_shows_the_step_panel_in_the_presentation_view(qtbot, make_window):
    state = LandscapeStudy(loss="quadratic", max_steps=40)
    state.add_run("momentum")
    window = make_window(state)
    press(qtbot, window, Qt.Key.Key_F11)
    assert not window.explainer.dock.isVisible()
    press(qtbot, window, Qt.Key.Key_E)
    assert window.explainer.dock.isVisible()
    press(qtbot, window, Qt.Key.Key_Escape)


def test_left_shows_every_number_of_the_step_it_names(qtbot, make_window):
    """Seen: after Left, 'Standings at step 285' beside the last step's loss, ‖∇f‖ and lr."""
    from optstudio.qt.shared.results_table import compared_step

    state = LandscapeStudy(loss="rosenbrock", max_steps=300)
    run_id = state.add_run("adam", hyper={"lr": 0.01}).run_id
    window = make_window(state)
    press(qtbot, window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: step_of(window, run_id) == 300, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.explainer.timeline.extent == 300, timeout=WAIT_MS)
    for _ in range(15):
        press(qtbot, window, Qt.Key.Key_Left)
    window.refresh_views()
    reference = simulate("rosenbrock", "adam", steps=300, lr=0.01)
    table = window.table
    assert table.cell_text("Adam", 1) == "285"
    assert table.cell_text("Adam", 2) == f"{reference.loss_values[285]:.6g}"
    assert table.cell_text("Adam", 3) == f"{reference.grad_norm[285]:.3g}"
    assert table.cell_text("Adam", 4) == f"{reference.lr[285]:.3g}"
    assert table.cell_text("Adam", 5) == "in progress", "not 'step limit' nor 'paused'"
    assert window.standings.caption.text() == "Standings at step 285"
    assert compared_step(window._shown) == 285
    steps, _ = window.curves.curve_items(run_id)[0].getData()
    assert steps[-1] == 285
    panel = window.explainer.panel
    qtbot.waitUntil(
        lambda: panel.explanation is not None and panel.explanation.step == 286, timeout=WAIT_MS
    )
    assert panel.explanation.theta == tuple(reference.path[285])


def test_the_step_panel_says_a_diverged_run_diverged_and_stops_at_the_limit(qtbot, make_window):
    """Seen: 'The run has stopped (max_steps)' for a run that diverged, and a step after the
    limit explained as where the engine moved."""
    state = LandscapeStudy(loss="rosenbrock", max_steps=50)
    wild = state.add_run("gd", hyper={"lr": 0.01}).run_id
    window = make_window(state)
    press(qtbot, window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: snapshots(window)[wild].status == "diverged", timeout=WAIT_MS)
    panel = window.explainer.panel
    window.explainer.dock.raise_()
    window.refresh_views()
    qtbot.waitUntil(lambda: "diverged here" in panel.footer.text(), timeout=WAIT_MS)
    assert "max_steps" not in panel.footer.text()

    state = LandscapeStudy(loss="rosenbrock", max_steps=50)
    calm = state.add_run("adam", hyper={"lr": 0.01}).run_id
    window = make_window(state)
    press(qtbot, window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: step_of(window, calm) == 50, timeout=WAIT_MS)
    window.refresh_views()
    qtbot.waitUntil(lambda: "step limit (50 steps)" in panel.title.text() or
                    "step limit (50 steps)" in window.explainer.panel.title.text(),
                    timeout=WAIT_MS)  # fmt: skip
    assert window.explainer.panel.explanation is None
