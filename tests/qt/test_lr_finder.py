"""Find… beside a run's lr in the lab: the range test of that run's settings, computed away
from the GUI thread, drawn on a log axis with its two suggestions; a click sets the run's lr."""

import numpy as np

from optstudio.studies.model import ModelStudy
from optstudio.tuning.lr_range import range_test

from .test_lab_window import settled


def test_find_runs_the_range_test_of_the_selected_run_and_sets_its_lr(qtbot, lab):
    study = ModelStudy(max_steps=100)
    study.add_run("sgd", hyper={"lr": 0.03}, batch_size=10)
    entry = study.add_run("adam", hyper={"lr": 0.03, "beta1": 0.8}, batch_size=10)
    window = lab(study)
    settled(qtbot, window)
    window.show_runs(select=entry.run_id)
    form = window.runs_panel.form
    qtbot.waitUntil(lambda: form.finder_button.isVisibleTo(window.runs_panel))  # beside lr
    form.finder_button.click()
    dialog = window.lr_finder.dialog
    qtbot.waitUntil(lambda: dialog.test is not None, timeout=60_000)
    expected = range_test("circle", "adam", batch_size=10, hidden=(4, 2), beta1=0.8, data_params={})
    test = dialog.test
    np.testing.assert_array_equal(test.losses, expected.losses)  # this run's settings
    assert test.steepest == expected.steepest
    xs, ys = dialog.smooth.getData()
    np.testing.assert_allclose(10**xs, test.lrs)  # a log axis, the smoothed loss on it
    np.testing.assert_array_equal(ys, test.smoothed)
    marks = sorted(10 ** mark.value() for mark in dialog.marks)
    np.testing.assert_allclose(marks, sorted([test.steepest, test.minimum_tenth]))
    assert f"{test.steepest:.3g}" in dialog.use_steepest.text()
    dialog.use_steepest.click()
    lr = window.state.run(entry.run_id).hyper["lr"]
    assert lr == float(f"{test.steepest:.3g}")
    assert float(form.fields["lr"].entry.text()) == lr  # the field says it too
    other = window.state.runs[0]
    assert other.hyper["lr"] == 0.03  # the other run keeps its own
