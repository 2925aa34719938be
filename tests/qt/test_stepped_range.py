"""The model lab's curves keep their frame still while a race grows inside it: the frame
moves only when the curves outgrow it, and every point is always inside it."""

import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from optstudio.qt.shared.stepped_range import SLACK, round_up, rounded_out


@given(st.floats(1e-9, 1e12))
def test_a_round_value_is_above_the_value_and_within_a_third_of_it(value):
    rounded = round_up(value)
    assert value * (1 - 1e-12) <= rounded <= value * 4 / 3 * (1 + 1e-12)
    assert round_up(rounded) == rounded  # a round value stays


@given(
    st.floats(-1e6, 1e6), st.floats(0, 1e6), st.booleans(),
)  # fmt: skip
def test_rounded_bounds_hold_the_data(low, width, log):
    high = low + width
    new_low, new_high = rounded_out(low, high, log)
    slack = SLACK * max(abs(low), abs(high)) + 1e-9  # a pen's width, which padding shows
    assert new_low <= low + slack and new_high >= high - slack


def test_a_race_of_a_thousand_steps_moves_the_frame_a_handful_of_times(qtbot):
    from PySide6.QtWidgets import QApplication

    from optstudio.qt.lab.model_curves import ModelCurvesView

    view = ModelCurvesView()
    qtbot.addWidget(view)
    view.resize(500, 600)
    view.show()
    curve = view.loss_plot.plot()
    ranges = set()
    for last in range(5, 1001, 5):
        steps = np.arange(0, last + 1, dtype=np.float64)
        loss = 2.0 * np.exp(-steps / 150.0) + 0.01
        curve.setData(steps, loss)
        QApplication.processEvents()  # the plot fits its range before it paints
        view.repaint()
        (x0, x1), (y0, y1) = view.loss_plot.getViewBox().viewRange()
        assert x0 <= 0 and x1 >= last  # every step inside the frame
        assert y0 <= math.log10(loss.min()) and y1 >= math.log10(loss.max())
        ranges.add((round(x0, 6), round(x1, 6), round(y0, 6), round(y1, 6)))
    # fitted to the data, the frame moved with every one of the 200 updates (each move lays
    # out and draws the axes and grid again): now at the round values only, ten a decade of
    # steps and four a decade of loss
    assert len(ranges) <= 40
