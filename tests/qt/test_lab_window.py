"""The model lab's window, driven as a user drives it, against `optstudio.train` bit for bit."""

from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import QPointF, QSettings, Qt

import optstudio
from optstudio.io.session import load_session
from optstudio.live.snapshots import CURVE_POINTS, decimated_indices
from optstudio.qt import open_windows
from optstudio.qt.lab.kernel_warm_up import KernelWarmUp
from optstudio.qt.windows import LabWindow, LandscapeWindow
from optstudio.studies.model import ModelStudy, create_lab_run

WAIT_MS = 60_000


def settled(qtbot, window) -> None:
    """The lab's worker has checked the study and drawn what was asked."""
    qtbot.waitUntil(
        lambda: window.probe is not None and window.study_settled() and window.lab.idle(),
        timeout=WAIT_MS,
    )


def played(qtbot, window) -> dict:
    """Play every run to the study's end; the views drawn from the last snapshots."""
    window.controls.play_action.trigger()
    qtbot.waitUntil(
        lambda: (
            len(window.engine.snapshots()) == len(window.state.runs)
            and all(s.status != "running" for s in window.engine.snapshots().values())
        ),
        timeout=WAIT_MS,
    )
    window.refresh_views()
    qtbot.waitUntil(window.ready_to_draw, timeout=WAIT_MS)
    window.refresh_views()
    return window.engine.snapshots()


def show_the_plane(qtbot, window) -> None:
    """The Loss landscape tab in front, and its plane computed."""
    window.views.setCurrentWidget(window.plane_view)
    window.refresh_views()
    qtbot.waitUntil(lambda: window.plane_view.plane is not None, timeout=WAIT_MS)


def api_run(study: ModelStudy, entry):
    """The same run through the public API: train() with the lab's settings."""
    config = create_lab_run(study, entry).config
    config["steps"] = study.max_steps
    return optstudio.train(**config)


def small_study(**settings) -> ModelStudy:
    study = ModelStudy(max_steps=150, **settings)
    study.add_run("sgd", hyper={"lr": 0.03})
    study.add_run("adam", hyper={"lr": 0.03})
    return study


def test_spiral_with_a_layer_added_races_adam_and_sgd_as_train_does(qtbot, lab):
    window = lab(small_study())
    settled(qtbot, window)
    panel = window.model_panel
    # pick the spiral, as a user does in the data set list
    panel.dataset.setCurrentIndex(panel.dataset.findData("spiral"))
    panel.dataset.activated.emit(panel.dataset.currentIndex())
    qtbot.waitUntil(lambda: window.state.dataset == "spiral", timeout=WAIT_MS)
    settled(qtbot, window)
    panel.add_layer.click()
    qtbot.waitUntil(lambda: window.state.hidden == (4, 2, 2), timeout=WAIT_MS)
    assert len(panel.unit_boxes) == 3
    for run_id in [r.run_id for r in window.state.runs]:
        window.remove_run(run_id)
    window.runs_panel.add_requested.emit("adam")
    window.runs_panel.add_requested.emit("sgd")
    settled(qtbot, window)
    snapshots = played(qtbot, window)
    assert window.rate_label.text() == "", "a finished race has no steps a second"

    study = window.state
    assert [r.optimizer for r in study.runs] == ["adam", "sgd"]
    ids = {r.run_id for r in study.runs}
    qtbot.waitUntil(lambda: set(window.boundary.surfaces) == ids, timeout=WAIT_MS)
    for entry in study.runs:
        run = api_run(study, entry)
        snap = snapshots[entry.run_id]
        assert snap.step == run.step == study.max_steps
        assert snap.train_loss == run.train_loss[-1]
        assert snap.test_accuracy == run.test_accuracy[-1]
        index = decimated_indices(len(run), CURVE_POINTS)
        np.testing.assert_array_equal(snap.train_curve, run.train_loss[index])
        np.testing.assert_array_equal(snap.test_curve, run.test_loss[index])
        # the curves draw exactly those rows
        *_, accuracy_item = window.curves.curve_items(entry.run_id)
        np.testing.assert_array_equal(accuracy_item.yData, run.test_accuracy[index])
        # the table shows the same numbers
        assert window.table.cell_text(entry.name, 3) == f"{run.train_loss[-1]:.6g}"
        assert window.table.cell_text(entry.name, 5) == f"{run.test_accuracy[-1]:.1%}"
        # the boundary is the API's decision surface, bit for bit
        expected = optstudio.decision_surface(run, -1)
        np.testing.assert_array_equal(
            window.boundary.surfaces[entry.run_id].values, expected.values
        )


def test_a_learning_rate_changed_mid_run_is_the_apis_set_hyperparameters(qtbot, lab):
    window = lab(small_study(dataset="xor"))
    settled(qtbot, window)
    first = window.state.runs[0]
    for _ in range(12):
        window.controls.step_action.trigger()
    qtbot.waitUntil(
        lambda: (
            window.engine.snapshots().get(first.run_id) is not None
            and window.engine.snapshots()[first.run_id].step == 12
        ),
        timeout=WAIT_MS,
    )
    window.runs_panel.hyper_changed.emit(first.run_id, "lr", 0.2)
    snapshots = played(qtbot, window)
    snap = snapshots[first.run_id]
    assert snap.progress.hyper_changes == [{"step": 12, "lr": 0.2}]
    # the API's run from the first lr, changed at step 12 with set_hyperparameters
    initial = replace(first, hyper={"lr": 0.03})
    api = optstudio.create_model_run(
        **{**create_lab_run(window.state, initial).config, "steps": 150}
    )
    api.advance(12)
    api.set_hyperparameters(lr=0.2)
    api.advance(150 - 12)
    assert snap.step == api.step == 150
    assert snap.train_loss == api.train_loss[-1]
    assert snap.test_loss == api.test_loss[-1]
    np.testing.assert_array_equal(snap.params, api.params[-1])


def test_a_model_session_saved_and_opened_in_a_landscape_window_replays_its_runs(
    qtbot, lab, tmp_path
):
    window = lab(small_study(dataset="gauss", data_params={"noise": 0.2}))
    settled(qtbot, window)
    window.state.max_steps = 80
    window.engine.configure(window.state)
    snapshots = played(qtbot, window)
    path = tmp_path / "lab.optstudio"
    window.files.choose_save = lambda: str(path)
    assert window.files.save_as()
    assert load_session(path).is_model

    landscape = lab(None, kind=LandscapeWindow)
    open_windows.keep(landscape)
    assert landscape.files.open(path)
    opened = open_windows.OPEN[-1]
    lab.quiet(opened)
    assert isinstance(opened, LabWindow) and opened is not landscape
    assert opened.files.path == path and not opened.files.modified()
    qtbot.waitUntil(
        lambda: (
            {k: s.step for k, s in opened.engine.snapshots().items()}
            == {k: s.step for k, s in snapshots.items()}
        ),
        timeout=WAIT_MS,
    )
    for run_id, snap in opened.engine.snapshots().items():
        np.testing.assert_array_equal(snap.train_curve, snapshots[run_id].train_curve)
        np.testing.assert_array_equal(snap.params, snapshots[run_id].params)


def test_the_landscape_view_is_the_apis_plane_through_the_runs(qtbot, lab):
    window = lab(small_study())
    settled(qtbot, window)
    played(qtbot, window)
    show_the_plane(qtbot, window)
    runs = [api_run(window.state, entry) for entry in window.state.runs]
    expected = optstudio.landscape_plane(runs, resolution=60, seed=window.state.seed)
    shown = window.plane_view.plane
    for path, api_path in zip(shown.paths, expected.paths, strict=True):
        np.testing.assert_array_equal(path, api_path)
    np.testing.assert_array_equal(shown.loss, expected.loss)
    assert shown.explained == expected.explained
    assert "%" in window.plane_view.caption.text()


def test_digits_show_predictions_and_the_apis_confusion_matrix(qtbot, lab):
    study = ModelStudy(dataset="digits", data_params={"test_fraction": 0.2}, hidden=(16,),
                       activation="relu", max_steps=30)  # fmt: skip
    study.add_run("adam", hyper={"lr": 0.01})
    window = lab(study)
    settled(qtbot, window)
    played(qtbot, window)
    assert window.verdict_stack.currentWidget() is window.digits
    qtbot.waitUntil(lambda: window.digits.counts is not None and
                    window.digits.counts.sum() == 360, timeout=WAIT_MS)  # fmt: skip
    run = api_run(window.state, window.state.runs[0])
    np.testing.assert_array_equal(window.digits.counts, optstudio.confusion_matrix(run))
    assert "of 360 test rows right" in window.digits.title.text()


def test_bad_settings_show_a_message_and_change_nothing(qtbot, lab, tmp_path):
    window = lab(small_study())
    settled(qtbot, window)
    before = window.state.to_dict()
    box = window.model_panel.unit_boxes[0]
    box.setValue(0)  # the box does not go below one unit (it took 0, then a modal error)
    assert box.value() == 1 and box.minimum() == 1
    window.edit_network({**window.model_panel._settings(), "hidden": [0]})  # from a file, say
    qtbot.waitUntil(lambda: bool(window.messages), timeout=WAIT_MS)
    assert "1 to 64 units" in window.messages[-1]
    box.setValue(4)
    settled(qtbot, window)
    assert window.state.to_dict() == before

    table = tmp_path / "words.csv"
    table.write_text("a,b,label\n1,x,0\n2,y,1\n", encoding="utf-8")
    window.model_panel.choose_csv = lambda: str(table)
    panel = window.model_panel
    panel.dataset.setCurrentIndex(panel.dataset.findData("csv"))
    panel.dataset.activated.emit(panel.dataset.currentIndex())
    qtbot.waitUntil(lambda: len(window.messages) == 2, timeout=WAIT_MS)
    assert "\n" not in window.messages[-1] and "words.csv" in window.messages[-1]
    assert window.state.to_dict() == before
    assert panel.dataset.currentData() == "circle"

    good = tmp_path / "points.csv"
    good.write_text("a,b,label\n" + "".join(f"{i},{i % 3},{i % 2}\n" for i in range(20)))
    window.model_panel.choose_csv = lambda: str(good)
    panel.dataset.setCurrentIndex(panel.dataset.findData("csv"))
    panel.dataset.activated.emit(panel.dataset.currentIndex())
    assert window.statusBar().currentMessage().startswith("Reading points.csv (")  # it says
    qtbot.waitUntil(lambda: window.state.dataset == f"csv:{good}", timeout=WAIT_MS)
    settled(qtbot, window)
    assert panel.dataset.currentText() == "points.csv (CSV)"  # the box names the loaded file
    assert not window.statusBar().currentMessage().startswith("Reading")  # read: it goes
    assert panel.dataset.currentData() == f"csv:{good}"
    # its two columns are a plane: the boundary is drawn over its points, axes named by them
    assert window.verdict_stack.currentWidget() is window.boundary
    qtbot.waitUntil(lambda: bool(window.boundary.surfaces), timeout=WAIT_MS)
    plot = window.boundary.plot.getPlotItem()
    assert plot.getAxis("bottom").labelText == "a" and plot.getAxis("left").labelText == "b"
    surface = next(iter(window.boundary.surfaces.values()))
    assert surface.x1[0] < 0 < 19 < surface.x1[-1] and surface.x2[0] < 0 < 2 < surface.x2[-1]


def test_file_new_model_study_opens_the_lab_in_place_of_a_landscape(qtbot, lab):
    landscape = lab(None, kind=LandscapeWindow)
    open_windows.keep(landscape)
    landscape.files.new_model()
    window = open_windows.OPEN[-1]
    lab.quiet(window)
    assert isinstance(window, LabWindow)
    assert [r.optimizer for r in window.state.runs] == ["sgd", "adam"]
    window.files.new()
    assert isinstance(open_windows.OPEN[-1], LandscapeWindow)


def test_figures_runs_and_code_of_a_model_study_export(qtbot, lab, tmp_path):
    window = lab(small_study())
    settled(qtbot, window)
    played(qtbot, window)
    for part, name in (("map", "boundary.png"), ("both", "both.svg"), ("curves", "c.png")):
        assert window.exports.export_figure(tmp_path / name, part)
        assert (tmp_path / name).stat().st_size > 1000
    svg = (tmp_path / "both.svg").read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml")
    # the figure says what it shows: the run and the step of the boundary, as its title does
    title = window.boundary.title.text()
    assert " at step " in title and title.split(":")[0] in svg
    assert not window.boundary.plot.getPlotItem().titleLabel.isVisible()  # on screen: the label
    window.exports.export_runs(tmp_path / "runs.npz")
    qtbot.waitUntil(lambda: len(window.exports.last_export) == 2, timeout=WAIT_MS)
    for entry in window.state.runs:
        with np.load(tmp_path / f"runs-{entry.name}.npz") as saved:
            shown = window.engine.snapshots()[entry.run_id]
            np.testing.assert_array_equal(saved["params"][-1], shown.params)
    # the Code tab writes the script that trains the selected run
    window.code_view.dock.show()
    window.code_view.dock.raise_()
    window.code_view.refresh()
    from optstudio.codegen import generate_model

    code = window.code_view.panel.editor.toPlainText()
    selected = window.state.run(window.runs_panel.current_id())
    config = {**create_lab_run(window.state, selected).config, "steps": window.state.max_steps}
    assert code == generate_model(config, "torch") and "import torch" in code
    # it says how far it retraces the run, as measured by benchmarks/script_drift.py
    note = window.code_view.panel.note.text()
    assert "to 1e-7" in note and "parts the two" in note


def test_a_model_session_renders_from_the_command_line_code(tmp_path):
    from optstudio.qt.headless import render_session
    from optstudio.studies.gallery import load_preset

    out = render_session(load_preset("model-xor-sgd-vs-adam"), tmp_path / "xor.png")
    assert out.stat().st_size > 5000


def test_a_killed_engine_is_replaced_and_the_runs_replay_to_their_steps(qtbot, lab):
    window = lab(small_study())
    settled(qtbot, window)
    before = played(qtbot, window)
    old = window.engine._process
    old.kill()
    qtbot.waitUntil(
        lambda: window.engine._process is not None and window.engine._process is not old,
        timeout=WAIT_MS,
    )
    qtbot.waitUntil(
        lambda: (
            {k: s.step for k, s in window.engine.snapshots().items()}
            == {k: s.step for k, s in before.items()}
            and window.engine._process is not old
        ),
        timeout=WAIT_MS,
    )
    for run_id, snap in window.engine.snapshots().items():
        np.testing.assert_array_equal(snap.params, before[run_id].params)
    assert "replayed" in window.statusBar().currentMessage()


def test_a_killed_drawing_process_is_replaced_and_the_boundaries_come_back(qtbot, lab):
    """The new process is handed the study's probe and the job that had no answer."""
    window = lab(small_study())
    settled(qtbot, window)
    final = played(qtbot, window)
    old = window.lab._process
    old.kill()
    qtbot.waitUntil(lambda: window.lab._process is not old, timeout=WAIT_MS)
    window.runs_panel.remove_requested.emit(window.state.runs[0].run_id)  # a boundary asked for
    qtbot.waitUntil(lambda: window.lab.idle() and window.ready_to_draw(), timeout=WAIT_MS)
    (entry,) = window.state.runs
    assert set(window.boundary.surfaces) == {entry.run_id}
    expected = optstudio.decision_surface(api_run(window.state, entry), resolution=100)
    np.testing.assert_array_equal(window.boundary.surfaces[entry.run_id].values, expected.values)
    assert final[entry.run_id].step == window.state.max_steps
    assert window.messages == []


def test_the_window_process_never_runs_a_numba_kernel_for_the_lab(tmp_path):
    """The boundaries, the predictions and the plane are drawn in the lab's drawing process:
    in the window's, numba's first call ran 300 ms of Python that stalled every paint."""
    import os
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent(
        """
        import gc, os
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        from optstudio.qt.lab.lab_window import LabWindow
        window = LabWindow(settings=QSettings(os.environ["LAB_INI"], QSettings.Format.IniFormat))
        window.show()
        window.views.setCurrentWidget(window.plane_view)
        window.controls.play_action.trigger()
        import time
        began = time.monotonic()
        while time.monotonic() - began < 120 and not (
            window.boundary.surfaces and window.plane_view.plane is not None
        ):
            app.processEvents()
            time.sleep(0.005)
        from numba.core.registry import CPUDispatcher
        used = [o.py_func.__name__ for o in gc.get_objects()
                if isinstance(o, CPUDispatcher) and o.overloads]
        print(bool(window.boundary.surfaces), window.plane_view.plane is not None, used)
        window.close()
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "LAB_INI": str(tmp_path / "lab.ini")},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.stdout.strip().splitlines()[-1] == "True True []", done.stderr[-2000:]


def test_an_animation_of_the_lab_shows_the_boundary_and_curves_growing(qtbot, lab, tmp_path):
    import imageio.v2 as imageio

    window = lab(small_study())
    settled(qtbot, window)
    played(qtbot, window)
    final = dict(window.boundary.surfaces)
    path = tmp_path / "race.gif"
    assert window.exports.export_animation(path, fps=5, seconds=1.0, part="both")
    frames = imageio.mimread(path)
    assert len(frames) == 5
    assert not np.array_equal(frames[0], frames[-1])  # the boundary and curves grew
    # afterwards the views are the runs' latest again
    qtbot.waitUntil(window.ready_to_draw, timeout=WAIT_MS)
    for run_id, surface in final.items():
        np.testing.assert_array_equal(window.boundary.surfaces[run_id].values, surface.values)


def test_a_new_network_clears_the_plane_and_draws_only_its_own(qtbot, lab):
    """Seen: the Loss landscape and 3-D tabs kept the previous study's plane and paths after
    a scenario was opened or the network changed."""
    window = lab(small_study())
    settled(qtbot, window)
    played(qtbot, window)
    show_the_plane(qtbot, window)
    old_params = window.plane_view.plane.center.size
    window.edit_network({"hidden": [6, 3]})
    qtbot.waitUntil(window.study_settled, timeout=WAIT_MS)
    view = window.plane_view
    assert view.plane is None and view.shown_runs() == set()
    assert view.image.image is None
    assert "computed once" in view.caption.text()
    assert all(len(s.params) != old_params for s in window.engine.snapshots().values())
    played(qtbot, window)
    window.refresh_views()
    qtbot.waitUntil(lambda: window.plane_view.plane is not None, timeout=WAIT_MS)
    runs = [api_run(window.state, entry) for entry in window.state.runs]
    expected = optstudio.landscape_plane(runs, resolution=60, seed=window.state.seed)
    np.testing.assert_array_equal(view.plane.loss, expected.loss)
    assert view.plane.center.size != old_params


def test_a_new_study_with_no_runs_shows_no_boundary_or_prediction_of_the_last(qtbot, lab, tmp_path):
    """Found by the stateful test: with every run removed, a new data set asks for no
    boundary, and the previous study's boundary stayed up over the spiral's points."""
    window = lab(small_study(dataset="xor"))
    settled(qtbot, window)
    played(qtbot, window)
    qtbot.waitUntil(lambda: len(window.boundary.surfaces) == 2, timeout=WAIT_MS)
    assert window.boundary.image.image is not None
    for entry in list(window.state.runs):
        window.runs_panel.remove_requested.emit(entry.run_id)
    window.edit_network({"dataset": "spiral"})
    settled(qtbot, window)
    window.refresh_views()
    assert window.boundary.surfaces == {} and window.boundary.image.image is None
    assert "appears once a run has a step" in window.boundary.title.text()
    window.edit_network({"dataset": "digits"})  # the predictions' view likewise
    settled(qtbot, window)
    window.refresh_views()
    assert window.digits.counts is None and window.digits.grid_image.image is None


def test_left_shows_the_lab_at_an_earlier_recorded_step_in_every_view(qtbot, lab):
    """The lab's timeline: Left goes back to the last recorded row before the end, and the
    table, the curves and the boundary show that row, the runs "in progress" there."""
    window = lab(small_study(dataset="xor"))
    settled(qtbot, window)
    final = played(qtbot, window)
    window.views.setFocus()
    for _ in range(3):
        qtbot.keyClick(window.views, Qt.Key.Key_Left)
    at = window.timeline.step
    rows = np.unique(np.concatenate([s.steps for s in final.values()]))
    assert at == rows[-4]
    qtbot.waitUntil(lambda: window.lab.idle() and window.ready_to_draw(), timeout=WAIT_MS)
    window.refresh_views()
    qtbot.waitUntil(lambda: window.lab.idle() and window.ready_to_draw(), timeout=WAIT_MS)
    for entry in window.state.runs:
        snap = final[entry.run_id]
        k = int(np.searchsorted(snap.steps, at, side="right")) - 1
        reference = api_run(window.state, entry)
        assert window.table.cell_text(entry.name, 1) == f"{snap.steps[k]:,}"
        assert window.table.cell_text(entry.name, 3) == f"{snap.train_curve[k]:.6g}"
        assert window.table.cell_text(entry.name, 6) == "in progress"
        steps, _ = window.curves.curve_items(entry.run_id)[0].getOriginalDataset()
        assert steps[-1] == snap.steps[k]
        row = int(np.flatnonzero(reference.steps == snap.steps[k])[0])
        assert snap.train_curve[k] == reference.train_loss[row]
    selected = window.runs_panel.current_id()
    shown = final[selected]
    step = int(shown.steps[np.searchsorted(shown.steps, at, side="right") - 1])
    assert f" at step {step:,}:" in window.boundary.title.text()
    qtbot.keyClick(window.views, Qt.Key.Key_End)
    window.refresh_views()
    name = window.state.run(selected).name
    assert window.table.cell_text(name, 1) == f"{shown.step:,}"
    assert window.table.cell_text(name, 6) != "in progress"


def test_a_dragged_timeline_names_the_step_its_views_show(qtbot, lab):
    """Seen on the xor race: the slider dropped between two recorded rows read "step 297 of
    1,000" while the table and the boundary's title showed step 296. A drag lands on the
    recorded row at or before it, so the label and every view name one step."""
    study = ModelStudy(max_steps=1000, dataset="xor")  # more steps than a curve has points
    study.add_run("sgd", hyper={"lr": 0.03})
    study.add_run("adam", hyper={"lr": 0.03})
    window = lab(study)
    settled(qtbot, window)
    final = played(qtbot, window)
    rows = np.unique(np.concatenate([s.steps for s in final.values()]))
    between = [int(a) + 1 for a, b in itertools.pairwise(rows) if b - a > 1]
    assert between, rows  # the record is sparse enough to drop the slider between rows
    target = between[len(between) // 2]
    window.timeline.bar.slider.setValue(target)
    at = window.timeline.step
    assert at == int(rows[rows <= target][-1]) < target
    assert window.timeline.bar.label.text() == f"step {at:,} of {rows[-1]:,}"
    qtbot.waitUntil(lambda: window.lab.idle() and window.ready_to_draw(), timeout=WAIT_MS)
    window.refresh_views()
    for entry in window.state.runs:
        assert window.table.cell_text(entry.name, 1) == f"{at:,}"
    assert f" at step {at:,}:" in window.boundary.title.text()


def test_a_stochastic_run_shows_the_loss_of_every_step_it_took(qtbot, lab):
    """Seen: batch 1 on the circle recorded a row every 167 steps, so the curves, the table
    and the export hid the noise a lecture on SGD is about."""
    study = ModelStudy(max_steps=2000)
    entry = study.add_run("sgd", hyper={"lr": 0.03}, batch_size=1)
    window = lab(study)
    settled(qtbot, window)
    played(qtbot, window)
    run = api_run(window.state, entry)
    assert run.record_every > 1  # whole-set rows are sparse, as they cost a pass each
    item = window.curves.step_loss_item(entry.run_id)
    assert item.isVisible()
    steps, losses = item.getOriginalDataset()  # the plot shows them on a log axis
    assert len(steps) >= 1000  # an envelope of the 2,000 steps, not 13 rows
    np.testing.assert_array_equal(losses, np.maximum(run.step_loss[steps.astype(int) - 1], 1e-16))
    assert losses.max() == np.maximum(run.step_loss, 1e-16).max()  # every spike's height
    assert losses.min() == np.maximum(run.step_loss, 1e-16).min()
    axis = window.curves.loss_plot.getAxis("left")
    title = window.curves.loss_plot.titleLabel.text
    key = axis.labelText if axis.labelText != "loss" else title  # along the axis, or above
    assert key == "loss (— train, - - test, faint: batch)"
    assert "at every step" in axis.toolTip()


def test_the_loss_key_goes_above_a_plot_too_short_for_it(qtbot):
    """Seen at 1280x800 with a scenario's explanation open, and on the projector: the loss
    label ran along the plot into the accuracy's label ("test accuracyloss (— train…")."""
    from optstudio.qt.lab.model_curves import ModelCurvesView

    view = ModelCurvesView()
    qtbot.addWidget(view)
    view._set_loss_label(True)
    key = "loss (— train, - - test, faint: batch)"
    axis = view.loss_plot.getAxis("left")
    view.resize(500, 900)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: axis.labelText == key)
    assert view.loss_plot.titleLabel.text == ""
    view.resize(500, 330)
    qtbot.waitUntil(lambda: axis.labelText == "loss")
    assert view.loss_plot.titleLabel.text == key

    def label_above_the_accuracy() -> bool:
        label = axis.label.mapRectToScene(axis.label.boundingRect())
        return label.bottom() <= view.accuracy_plot.sceneBoundingRect().top() + 1

    qtbot.waitUntil(label_above_the_accuracy)


@pytest.mark.parametrize("optimizer", ["adafactor", "muon", "lbfgs"])
def test_a_long_update_rule_or_name_keeps_the_runs_form_in_its_dock(qtbot, lab, optimizer):
    """Adafactor's, Muon's and L-BFGS's rules, and a long run name, widened the form past its
    dock: the Remove button and the fields went out of sight behind a scroll bar."""
    window = lab(small_study())
    run_id = window.add_run(optimizer)
    # the Playground's mini-batches of ten; L-BFGS takes the whole data set
    expected = None if optimizer == "lbfgs" else 10
    assert window.state.run(run_id).batch_size == expected
    window.state.run(run_id).name = "A run named at length for the lecture on Tuesday"
    window.show_runs(select=run_id)
    panel = window.runs_panel
    qtbot.waitUntil(lambda: panel.rule.text() != "")
    assert panel.minimumSizeHint().width() <= window.runs_dock.width()
    assert panel.settings_box.toolTip().startswith("A run named at length for the lecture")


def test_the_first_lab_says_what_it_prepares_and_how_long_it_took_last_time(
    qtbot, lab, tmp_path, monkeypatch
):
    """The first lab of a process gets the kernels that draw boundaries and planes ready (with
    an empty cache: ten seconds) and says so, instead of an empty status bar."""
    monkeypatch.setattr(KernelWarmUp, "ready", False)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("lab/kernel_seconds", "9.4")
    settings.sync()
    window = lab(small_study())
    qtbot.waitUntil(lambda: "Preparing the kernels" in window.statusBar().currentMessage())
    assert "(9 s last time)" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Kernels ready"))
    assert KernelWarmUp.ready
    assert float(window.settings.value("lab/kernel_seconds")) < 60


def test_the_loss_legend_sits_where_the_curves_are_not(qtbot, lab):
    """The legend sat in the bottom left corner, over a run whose loss fell there (and in
    every corner some curve passes): it has a row of its own above the plots."""
    study = ModelStudy(dataset="spiral", hidden=(8, 8, 8), max_steps=1500)
    study.add_run("adam", hyper={"lr": 0.01})
    study.add_run("sgd", hyper={"lr": 0.1})
    window = lab(study)
    window.resize(1500, 920)
    settled(qtbot, window)
    played(qtbot, window)
    curves = window.curves
    view = curves.loss_plot.getViewBox()
    legend = curves.legend.sceneBoundingRect()
    points = [
        view.mapViewToScene(QPointF(x, y))
        for run_id in (r.run_id for r in window.state.runs)
        for item in curves.curve_items(run_id)[:2]
        for x, y in zip(*item.getData(), strict=True)
    ]
    assert not any(legend.contains(p) for p in points)
    assert not legend.intersects(view.sceneBoundingRect())  # a row of its own, above
    assert len(curves.legend.items) == 2


def test_the_loss_and_accuracy_plots_show_a_step_at_one_place_in_steps_and_epochs(qtbot, lab):
    """The two plots' x axes are linked, and pyqtgraph lines linked views up from where each
    starts on screen: the loss axis, 15 pixels wider, put a step at two places, and after a
    switch to epochs the loss plot's range began past its first points (the lab's stateful
    test failed so now and then). Epochs along the x axis also let the accuracy plot fit its
    own y, leaving 0 to 1."""
    study = ModelStudy(max_steps=120)
    study.add_run("adam", hyper={"lr": 0.03}, batch_size=10)
    study.add_run("sgd", hyper={"lr": 0.1}, batch_size=25)
    window = lab(study)
    settled(qtbot, window)
    played(qtbot, window)
    curves = window.curves
    loss_view, accuracy_view = (plot.getViewBox() for plot in curves.plots())
    for by_epoch in (False, True, False):
        if curves.epoch_box.isChecked() != by_epoch:
            curves.epoch_box.click()
        window.refresh_views()
        curves.grab()  # a paint: the plots fit their ranges
        assert loss_view.viewRange()[0] == pytest.approx(accuracy_view.viewRange()[0])
        (x0, x1), _ = loss_view.viewRange()
        for x in (x0, (x0 + x1) / 2, x1):
            at_loss = loss_view.mapViewToScene(QPointF(x, 0.0)).x()
            at_accuracy = accuracy_view.mapViewToScene(QPointF(x, 0.5)).x()
            assert at_loss == pytest.approx(at_accuracy, abs=0.5), "a step at two places"
        for run in window.state.runs:
            for item in (*curves.curve_items(run.run_id), curves.step_loss_item(run.run_id)):
                xs, _ = item.getData()
                if xs is not None and len(xs):
                    assert x0 <= xs.min() and xs.max() <= x1, (by_epoch, xs.min(), xs.max())
        assert accuracy_view.viewRange()[1] == pytest.approx([-0.02, 1.02])


def test_curves_whose_loss_ticks_are_wider_still_line_the_plots_up(qtbot):
    """Losses over three decades label the loss axis 1, 0.1, 0.01, 0.001: wider than the
    accuracy's 0 to 1, which set the loss plot 15 pixels right of the accuracy plot."""
    from optstudio.qt.lab.model_curves import ModelCurvesView

    view = ModelCurvesView()
    qtbot.addWidget(view)
    view.resize(500, 500)
    view.show()
    qtbot.waitExposed(view)
    steps = np.arange(100.0)
    view.loss_plot.plot(steps, np.logspace(0, -3, 100))
    view.accuracy_plot.plot(steps, np.linspace(0, 1, 100))
    qtbot.wait(20)
    view.grab()
    loss_view, accuracy_view = (plot.getViewBox() for plot in view.plots())
    assert loss_view.screenGeometry().x() == accuracy_view.screenGeometry().x()
    for step in (0.0, 50.0, 99.0):
        at_loss = loss_view.mapViewToScene(QPointF(step, 0.0)).x()
        assert at_loss == pytest.approx(accuracy_view.mapViewToScene(QPointF(step, 0.5)).x())
