"""Sweeps, fair races and basin maps in the studio, driven as a user drives them."""

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor

from optstudio.engine.runner import simulate
from optstudio.studies.landscape import LandscapeStudy

from .test_landscape_window import WAIT_MS, snapshots

JOB_MS = 120_000


def _wait_for_job(qtbot, tab):
    qtbot.waitUntil(lambda: tab.job is not None and not tab.job.running, timeout=JOB_MS)
    qtbot.waitUntil(lambda: not tab.cancel_button.isEnabled(), timeout=WAIT_MS)


def _click_plot(qtbot, plot, x, y):
    scene = plot.getViewBox().mapViewToScene(QPointF(x, y))
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=plot.mapFromScene(scene))


def test_a_1d_sweep_draws_a_curve_and_a_click_adds_that_run(qtbot, make_window):
    state = LandscapeStudy(loss="quadratic", max_steps=300)
    source = state.add_run("gd")
    window = make_window(state)
    tab = window.sweep_tab
    window.views.setCurrentWidget(tab)
    tab.first.name.setCurrentText("lr")
    tab.first.low.setText("0.01")
    tab.first.high.setText("0.3")
    tab.first.log.setChecked(False)
    tab.first.count.setValue(30)
    qtbot.mouseClick(tab.run_button, Qt.MouseButton.LeftButton)
    _wait_for_job(qtbot, tab)
    result = tab.result
    assert result.runs.done.all() and result.runs.steps.size == 30
    lrs = result.axes[0].values
    statuses = np.array(result.runs.status_names())
    assert (statuses[lrs > 0.2] == "diverged").all() and (statuses[lrs < 0.2] != "diverged").all()
    x, _ = tab.heatmap.curve.getData()
    assert len(x) == int((statuses != "diverged").sum())
    assert len(tab.heatmap.diverged.data) == int((statuses == "diverged").sum())
    assert "Best: lr = " in tab.message.text()

    qtbot.wait(50)
    _click_plot(qtbot, tab.heatmap, float(lrs[5]), 0.0)
    added = window.state.runs[-1]
    assert added.run_id != source.run_id
    assert added.hyper["lr"] == pytest.approx(lrs[5])
    assert window.views.currentWidget() is window.map
    qtbot.waitUntil(
        lambda: (
            snapshots(window).get(added.run_id) is not None
            and snapshots(window)[added.run_id].step == 300
        ),
        timeout=WAIT_MS,
    )
    single = simulate(**result.run_config(5))
    assert snapshots(window)[added.run_id].theta == single.theta
    window.controls.play_action.isChecked() and window.controls.play_action.trigger()


def test_a_2d_sweep_fills_a_heat_map_and_cancel_stops_it(qtbot, make_window):
    state = LandscapeStudy(loss="rosenbrock", max_steps=100)
    state.add_run("adam")
    window = make_window(state)
    tab = window.sweep_tab
    tab.second_on.setChecked(True)
    tab.second.name.setCurrentText("beta1")
    tab.first.count.setValue(256)
    tab.second.count.setValue(256)
    tab.steps.setValue(200_000)
    tab.run_button.click()
    qtbot.waitUntil(lambda: tab.progress.value() > 0, timeout=JOB_MS)
    qtbot.mouseClick(tab.cancel_button, Qt.MouseButton.LeftButton)
    _wait_for_job(qtbot, tab)
    assert tab.message.text().startswith("Cancelled:")
    done = tab.result.runs.done
    assert 0 < done.sum() < done.size
    assert tab.heatmap.image.image is not None
    assert tab.run_button.isEnabled()

    tab.first.count.setValue(12)
    tab.second.count.setValue(10)
    tab.steps.setValue(300)
    tab.run_button.click()
    _wait_for_job(qtbot, tab)
    assert tab.heatmap.image.image.shape == (10, 12, 4)  # rows: beta1, columns: lr
    best = tab.result.best()
    single = simulate(**tab.result.run_config(best))
    assert single.loss_values[-1] == tab.result.runs.final_loss[best]


def test_bad_sweep_settings_are_said_and_nothing_runs(qtbot, make_window):
    state = LandscapeStudy(loss="rosenbrock", max_steps=100)
    state.add_run("adam")
    window = make_window(state)
    tab = window.sweep_tab
    tab.first.low.setText("zero")
    tab.run_button.click()
    assert "two numbers" in tab.message.text() and tab.job is None
    tab.first.low.setText("0")
    tab.first.log.setChecked(True)
    tab.run_button.click()
    assert "positive" in tab.message.text() and tab.job is None
    tab.first.low.setText("0.5")
    tab.first.high.setText("2")
    tab.first.log.setChecked(False)
    tab.first.name.setCurrentText("beta1")
    tab.first.low.setText("0.5")
    tab.first.high.setText("1.5")
    tab.run_button.click()
    _wait_for_job(qtbot, tab)
    assert "beta1 must be in" in tab.message.text()


def test_the_fair_race_tunes_every_run_then_races_them(qtbot, make_window):
    state = LandscapeStudy(loss="quadratic", max_steps=150)
    state.add_run("gd", hyper={"lr": 0.001})
    state.add_run("momentum", hyper={"lr": 0.001})
    window = make_window(state)
    tab = window.sweep_tab
    qtbot.mouseClick(tab.race.button, Qt.MouseButton.LeftButton)
    _wait_for_job(qtbot, tab)
    assert not tab.table.isHidden() and tab.table.rowCount() == 2
    tuned = [r.hyper["lr"] for r in window.state.runs]
    assert all(lr != 0.001 for lr in tuned)
    assert tab.table.item(0, 1).text().startswith("lr = ")
    # the tuned gradient descent is the best of the 32 learning rates tried
    from optstudio.qt.landscape.sweeps.fair_race import lr_axis

    finals = [
        simulate("quadratic", "gd", steps=150, lr=float(lr)).loss_values[-1]
        for lr in lr_axis("gd").values
    ]
    assert tuned[0] == pytest.approx(lr_axis("gd").values[int(np.nanargmin(finals))])
    assert window.views.currentWidget() is window.map
    ids = [r.run_id for r in window.state.runs]
    qtbot.waitUntil(
        lambda: all(
            snapshots(window).get(i) is not None and snapshots(window)[i].step == 150 for i in ids
        ),
        timeout=WAIT_MS,
    )


def test_the_basin_map_colours_the_view_and_a_click_starts_from_there(qtbot, make_window):
    state = LandscapeStudy(loss="himmelblau", max_steps=1500)
    state.add_run("gd", hyper={"lr": 0.01})
    window = make_window(state)
    tab = window.sweep_tab
    tab.resolution.setValue(40)
    tab.tol.setText("1e-8")
    qtbot.mouseClick(tab.basin_button, Qt.MouseButton.LeftButton)
    _wait_for_job(qtbot, tab)
    overlay = tab.basin_overlay.image
    assert overlay.isVisible() and overlay.image.shape == (40, 40, 3)
    assert set(np.unique(tab.basin_map.labels)) == {0, 1, 2, 3}
    assert tab.basin_legend.text().count("■") == 4
    # the map shows the legend's colours: the overlay is opaque (at 0.75 the landscape mixed
    # in), and no basin takes a run's colour
    assert overlay.opacity() == 1.0
    from optstudio.io.basin_colours import BASIN_COLOURS
    from optstudio.studies.runs import PALETTE

    runs = np.array([QColor(c).getRgb()[:3] for c in PALETTE], dtype=float)
    nearest = np.linalg.norm(BASIN_COLOURS[:, None, :] - runs[None, :, :], axis=2).min()
    assert nearest > 60
    assert window.views.currentWidget() is window.map
    # a click on the map starts the runs from that point
    _click_plot(qtbot, window.map, 2.5, 2.5)
    assert window.state.start == pytest.approx((2.5, 2.5), abs=0.05)
    tab.basin_shown.setChecked(False)
    assert not overlay.isVisible()


def test_a_1d_sweep_after_a_2d_one_is_on_the_plot_and_a_new_loss_clears_it(qtbot, make_window):
    """The 1-D curve kept the 2-D sweep's y range (off the plot), and a sweep of the previous
    loss stayed on show after the loss changed."""
    state = LandscapeStudy(loss="quadratic", max_steps=200)
    state.add_run("momentum")
    window = make_window(state)
    tab = window.sweep_tab
    window.views.setCurrentWidget(tab)
    assert tab.heatmap.hint.isVisible() and "Run sweep" in tab.heatmap.hint.textItem.toPlainText()
    tab.first.name.setCurrentText("lr")
    tab.first.count.setValue(12)
    tab.second_on.setChecked(True)
    tab.second.name.setCurrentText("beta")
    tab.second.count.setValue(8)
    tab.run_button.click()
    _wait_for_job(qtbot, tab)
    assert not tab.heatmap.hint.isVisible()
    tab.second_on.setChecked(False)
    tab.run_button.click()
    _wait_for_job(qtbot, tab)
    for metric in ("final_loss", "diverged", "final_loss"):
        tab.metric.setCurrentIndex(tab.metric.findData(metric))
        _, y = tab.heatmap.curve.getData()
        (_, _), (low, high) = tab.heatmap.getViewBox().viewRange()
        assert len(y) and low <= float(np.min(y)) and float(np.max(y)) <= high

    window.select_loss("booth")
    assert tab.result is None
    assert "loss changed" in tab.heatmap.hint.textItem.toPlainText()
    assert tab.heatmap.hint.isVisible()


@pytest.mark.parametrize("work", ["sweep", "basins", "race"])
def test_a_new_loss_mid_sweep_leaves_nothing_of_the_old_one(qtbot, make_window, work):
    """A sweep, basin map or fair race still running when the loss changes is stopped, and
    what it had done is of the old landscape: none of it is drawn over the new one, said or
    applied to the runs. (A partial Rosenbrock sweep and basin map were drawn over
    Himmelblau, and a progress report that came after the loss changed raised IndexError.)"""
    state = LandscapeStudy(loss="rosenbrock", max_steps=200_000)
    state.add_run("adam", hyper={"lr": 0.001})
    window = make_window(state)
    tab = window.sweep_tab
    if work == "sweep":
        tab.second_on.setChecked(True)
        tab.second.name.setCurrentText("beta1")
        tab.first.count.setValue(256)
        tab.second.count.setValue(256)
        tab.steps.setValue(20_000)  # 1.3e9 steps in all: still running when the loss changes
        tab.run_button.click()
    elif work == "basins":
        tab.resolution.setValue(200)
        tab.tol.setText("0")
        tab.steps.setValue(20_000)
        tab.basin_button.click()
    else:
        tab.race.button.click()
    qtbot.waitUntil(lambda: tab.progress.value() > 0, timeout=JOB_MS)
    window.select_loss("himmelblau")
    _wait_for_job(qtbot, tab)
    qtbot.wait(100)  # anything the job still had to say has been said
    assert tab.result is None and tab.basin_map is None
    assert tab.heatmap.image.image is None or not tab.heatmap.image.image.size
    assert len(tab.heatmap.curve.getData()[0] or []) == 0
    assert not tab.basin_overlay.image.isVisible()
    assert "ancelled" not in tab.message.text() and tab.message.text() == ""
    assert tab.run_button.isEnabled() and not tab.busy
    assert window.state.runs[0].hyper["lr"] == 0.001
