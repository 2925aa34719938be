"""The loss plot never draws a loss below zero as a converged run: where a loss has no known
minimum, the loss itself is drawn on a scale that shows negatives, and the axis says which."""

import numpy as np

import optstudio
from optstudio.qt.landscape.symlog import symlog, symlog_inverse, tick_values
from optstudio.studies.landscape import LandscapeStudy

from .test_landscape_window import draw_settled, press, wait_for_steps


def test_symlog_round_trips_and_labels_round_values():
    values = np.array([-1e8, -3.5, -0.2, 0.0, 1e-9, 0.7, 42.0, 1e12])
    np.testing.assert_allclose(symlog_inverse(symlog(values)), values, rtol=1e-9, atol=1e-15)
    wide = tick_values(-1e8, 1.0, 12)
    assert wide[0] == -1e8 and wide[-1] == 1.0 and 0.0 in wide and len(wide) <= 12
    assert all(v == 0 or np.log10(abs(v)).is_integer() for v in wide)
    assert len(tick_values(-1e8, 1.0, 5)) <= 5
    assert tick_values(-1.0, 1.0, 12)[0] == -1.0 and 0.0 in tick_values(-1.0, 1.0, 12)
    narrow = tick_values(0.30, 0.36, 6)
    assert 2 <= len(narrow) <= 6 and all(0.30 <= v <= 0.36 for v in narrow)


def test_a_saddle_run_going_below_zero_is_drawn_below_zero(qtbot, make_window):
    """Seen: "Escaping a saddle point" drew log10(loss − 0) floored at 1e-16, so runs whose
    loss fell below zero looked converged while the table said diverged."""
    from PySide6.QtCore import Qt

    state = LandscapeStudy(loss="saddle", max_steps=200, start=(-1.5, 1e-4), lockstep=True)
    state.add_run("momentum", hyper={"lr": 0.05, "beta": 0.9})
    window = make_window(state)
    press(qtbot, window, Qt.Key.Key_Space)
    wait_for_steps(qtbot, window, 200)
    snapshots = draw_settled(window)
    run = optstudio.simulate("saddle", "momentum", steps=200, lr=0.05, start=(-1.5, 1e-4))
    assert run.loss_values[-1] < -1  # the run really goes below zero
    curves = window.curves
    assert curves.loss_scale == "symlog"
    assert curves.loss_plot.getAxis("left").labelText == "loss (signed log)"
    assert "symmetric log" in curves.loss_plot.getAxis("left").toolTip()
    steps, y = curves.curve_items(1)[0].getData()
    np.testing.assert_array_equal(steps, snapshots[1].steps)
    np.testing.assert_allclose(symlog_inverse(y), run.loss_values[steps], rtol=1e-12)
    # The axis labels the loss's values: its lowest label is below zero.
    axis = curves.loss_plot.getAxis("left")
    (low, high) = curves.loss_plot.getViewBox().viewRange()[1]
    ticks = axis.tickValues(low, high, 300)[0][1]
    labels = axis.tickStrings(ticks, 1.0, 1.0)
    assert any(text.startswith("-") for text in labels)
    assert float(symlog_inverse(low)) <= run.loss_values.min()


def test_a_known_minimum_draws_the_gap_on_a_log_scale(qtbot, make_window):
    state = LandscapeStudy(loss="himmelblau", max_steps=50)
    state.add_run("adam")
    window = make_window(state)
    assert window.curves.loss_scale == "gap"
    assert window.curves.loss_plot.getAxis("left").labelText == "loss − min (log)"


def test_the_colour_bar_prints_a_formulas_values_as_they_are(qtbot, make_window):
    """Seen: "f (×0.001)" with ticks ±900 for sin(x)*cos(y), whose values lie in [−1, 1]."""
    state = LandscapeStudy(loss="expr:sin(x)*cos(y)", max_steps=50)
    window = make_window(state)
    qtbot.waitUntil(lambda: window.map.grid_ready, timeout=20_000)
    axis = window.map.colour_bar.axis
    assert axis.labelText == "f" and "x" not in axis.labelString().replace("f", "")
    low, high = window.map.colour_bar.levels()
    assert -1.0 <= low < 0 < high <= 1.0
    ticks = [v for _, values in axis.tickValues(low, high, 300) for v in values]
    labels = axis.tickStrings(ticks, axis.autoSIPrefixScale, 1.0)
    assert axis.autoSIPrefixScale == 1.0
    assert all(abs(float(text.replace("−", "-"))) <= 1.0 for text in labels)
