"""Theory beside the picture, and the 3-D tab where OpenGL is missing."""

import math

import numpy as np
import pytest
from PySide6.QtCore import Qt

from optstudio.engine.runner import simulate
from optstudio.studies.landscape import LandscapeStudy

from .test_landscape_window import WAIT_MS, press, snapshots, step_of


def test_the_theory_panel_states_the_bound_and_adds_the_optimal_runs(qtbot, make_window):
    state = LandscapeStudy(loss="booth", max_steps=300)
    state.add_run("gd")
    window = make_window(state)
    panel = window.theory.panel
    text = panel.summary.text()
    assert "κ = 9" in text and "2/λ<sub>max</sub> = 0.11111" in text
    axes = window.theory.axes
    assert all(axis.isVisible() for axis in axes)
    x, y = axes[1].getData()
    assert (x.mean(), y.mean()) == pytest.approx((1.0, 3.0))  # through the minimum
    panel.heavy_ball.click()
    ball = window.state.runs[-1]
    assert ball.optimizer == "momentum" and ball.name == "Heavy ball, best settings"
    assert ball.hyper["beta"] == pytest.approx(0.25)
    panel.optimal_gd.click()
    panel.too_large.click()
    ids = [r.run_id for r in window.state.runs]
    press(qtbot, window, Qt.Key.Key_Space)

    def finished():
        snaps = snapshots(window)
        assert all(i in snaps and snaps[i].status in ("max_steps", "diverged") for i in ids)

    qtbot.waitUntil(finished, timeout=WAIT_MS)
    snaps = snapshots(window)
    error = lambda i: math.hypot(snaps[i].theta[0] - 1.0, snaps[i].theta[1] - 3.0)  # noqa: E731
    assert error(ids[1]) < 1e-12 and error(ids[2]) < 1e-12
    # the heavy ball gets there in fewer steps than the best gradient descent
    assert snaps[ids[1]].steps_to_converge < 0.7 * snaps[ids[2]].steps_to_converge
    assert snaps[ids[3]].status == "diverged"
    press(qtbot, window, Qt.Key.Key_Space)


def test_the_momentum_conventions_part_under_a_schedule(qtbot, make_window):
    state = LandscapeStudy(loss="quadratic", max_steps=200)
    entry = state.add_run("sgd", hyper={"lr": 0.05, "momentum": 0.9})
    window = make_window(state)
    panel = window.theory.panel
    finals = [panel.conventions.item(r, 2).text() for r in range(3)]
    assert finals[0] == finals[1] and finals[0], "one method at a constant lr"
    window._options_changed(entry.run_id, {"schedule": "step:step_size=40,gamma=0.2"})
    finals = [panel.conventions.item(r, 2).text() for r in range(3)]
    assert finals[0] != finals[1]
    assert "part by up to" in panel.conventions_note.text()
    engine = simulate(
        "quadratic", "sgd", steps=200, lr=0.05, momentum=0.9, schedule="step:step_size=40,gamma=0.2"
    )
    shown = [float(v) for v in finals[0].strip("()").split(",")]
    assert np.allclose(shown, engine.theta, rtol=1e-4, atol=1e-12)
    panel.conventions_box.setChecked(True)
    assert all(item.isVisible() for item in window.theory.paths.values())


def test_a_non_quadratic_loss_is_analysed_at_its_minimum(qtbot, make_window):
    window = make_window(LandscapeStudy(loss="rosenbrock"))
    assert "Not quadratic" in window.theory.panel.summary.text()
    assert "(1, 1)" in window.theory.panel.summary.text()


def test_the_3d_tab_explains_when_opengl_is_missing(qtbot, make_window):
    state = LandscapeStudy(loss="himmelblau", max_steps=50)
    state.add_run("adam")
    window = make_window(state)
    window.views.setCurrentWidget(window.surface)
    if window.surface.view is None:  # offscreen: no OpenGL context
        assert window.surface.problem
        assert "not available here" in window.surface.message.text()
        assert window.surface.message.isVisible()
    press(qtbot, window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: step_of(window, 1) == 50, timeout=WAIT_MS)
    window.views.setCurrentWidget(window.map)
    assert window.map.isVisible()


def test_the_3d_path_breaks_where_the_map_path_breaks():
    """The 3-D view draws the map's stretches as pairs of points: a stretch the reduction left
    out (already drawn) is left out in 3-D too, and no stretch joins across a break."""
    import numpy as np

    from optstudio.qt.shared.surface_view import path_segments

    points = np.arange(15.0).reshape(5, 3)
    joined = np.array([False, True, False, True, True])
    pairs = path_segments(points, joined)
    np.testing.assert_array_equal(pairs, points[[0, 1, 2, 3, 3, 4]])
    np.testing.assert_array_equal(path_segments(points, None), points[[0, 1, 1, 2, 2, 3, 3, 4]])
    assert len(path_segments(points[:1], None)) == 2  # a lone start point: one dot


def test_the_3d_views_name_their_runs_and_their_height(qtbot):
    """The 3-D views had coloured lines and no word of what they were: a legend names each
    run in its colour, and says what the height measures, from what to what."""
    from optstudio.qt.shared.surface_view import SurfaceView

    view = SurfaceView()
    qtbot.addWidget(view)
    view._height_note = "height: loss (log scale), 7.11e-05 to 2.51e+03"
    view.show_legend({1: "Adam (lr=0.05)", 2: "a<b"}, {1: "#009e73", 2: "#d62728"})
    text = view.legend.text()
    assert "Adam (lr=0.05)" in text and "#009e73" in text and "a&lt;b" in text
    assert text.endswith("7.11e-05 to 2.51e+03")
