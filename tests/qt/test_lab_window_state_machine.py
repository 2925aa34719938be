"""The model lab as a user drives it: random sequences of actions, and after each one every view
(runs list, form, model panel, table, curves, boundaries) shows exactly the study's runs and
settings, in the runs' colours. A refused setting leaves the study as it was, with a message.
pytest-qt fails the test if any slot raised."""

import numpy as np
import pytest
import shiboken6
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from PySide6.QtCore import QPointF, QSettings, Qt
from PySide6.QtGui import QColor

from optstudio.engine.models.datasets import PLAYGROUND
from optstudio.engine.models.drawn_points import DEFAULT_DRAWN
from optstudio.engine.models.optimizers import model_optimizer_spec
from optstudio.qt.lab.lab_window import LAB_OPTIMIZERS
from optstudio.qt.lab.model_table import epoch_text
from optstudio.qt.windows import LabWindow
from optstudio.studies.model import ModelStudy

from ..engine.models.test_mlp import numpy_layers
from ..profile import window_machine_settings

ACTIVATION_NAMES = ["relu", "tanh", "sigmoid", "linear"]
WAIT_MS = 30_000
OPTIMIZER_NAMES = [name for name in LAB_OPTIMIZERS if name not in ("newton", "lbfgs")]
MODEL_SCENARIOS = ["model-xor-sgd-vs-adam", "model-spiral-depth", "model-overfitting-l2"]
"""Model scenarios on the Playground's sets (small enough for a sequence of actions)."""
LAYERS = [(), (3,), (4, 2), (6, 6, 3), (0,), (65,), (2,) * 7]
"""Hidden layers a user may ask for: the last three are refused (0 units, 65 units, 7 layers)."""


def _colour(pen) -> str:
    return QColor(pen.color()).name()


def settled(qtbot, window) -> dict:
    """Draw from the engine's latest snapshots once the lab's worker has caught up."""
    qtbot.waitUntil(
        lambda: window.probe is not None and window.study_settled() and window.lab.idle(),
        timeout=WAIT_MS,
    )
    window.refresh_views()
    qtbot.waitUntil(window.ready_to_draw, timeout=WAIT_MS)
    for _ in range(50):  # the views drawn from snapshots the engine did not replace meanwhile
        snapshots = window.engine.snapshots()
        window.refresh_views()
        if window.engine.snapshots() is snapshots and window.ready_to_draw():
            break
        qtbot.waitUntil(window.ready_to_draw, timeout=WAIT_MS)
    return snapshots


def check_views(qtbot, window) -> None:
    study = window.state
    ids = [r.run_id for r in study.runs]
    colours = window.run_colours()

    panel = window.runs_panel
    listed = [panel.list.item(i) for i in range(panel.list.count())]
    assert [int(item.data(256)) for item in listed] == ids
    assert [item.text() for item in listed] == [r.name for r in study.runs]
    current = panel.current_id()
    if study.runs:
        entry = study.run(current)
        assert panel.settings_box.toolTip().startswith(f"{entry.name}: ")  # title: cut short
        spec = model_optimizer_spec(entry.optimizer)
        assert set(panel.form.fields) == set(spec.hyperparam_names)
        lr = panel.form.fields["lr"]
        assert float(lr.entry.text()) == pytest.approx(entry.resolved_hyper()["lr"], rel=1e-3)
    else:
        assert current is None

    model = window.model_panel
    assert model.dataset.currentData() == study.dataset
    assert tuple(box.value() for box in model.unit_boxes) == study.hidden
    shared = study.activation if isinstance(study.activation, str) else None
    assert model.activation.currentData() == shared
    names = [box.currentData() for box in model.layer_activations]
    assert names == [study.activation] * len(study.hidden) or tuple(names) == study.activation
    assert model.seed.value() == study.seed

    snapshots = settled(qtbot, window)
    drawn = [run_id for run_id in ids if run_id in snapshots]
    names = {r.run_id: r.name for r in study.runs}
    assert [window.table.item(row, 0).text() for row in range(window.table.rowCount())] == [
        names[run_id] for run_id in drawn
    ]
    classes = window.probe.data.task != "regression"
    assert window.curves.accuracy_plot.isVisible() == classes
    for run_id in drawn:
        train, test, accuracy = window.curves.curve_items(run_id)
        for item in (train, test, accuracy) if classes else (train, test):
            assert _colour(item.opts["pen"]) == QColor(colours[run_id]).name()
            assert item.isVisible() == study.run(run_id).visible
    shown = {r.run_id for r in study.runs if r.visible and r.run_id in snapshots}
    if window.probe.data.points_train is not None:
        assert window.verdict_stack.currentWidget() is window.boundary
        qtbot.waitUntil(lambda: set(window.boundary.surfaces) == shown, timeout=WAIT_MS)
    else:  # a table of three or more columns is not a plane: no boundary is shown for it
        assert window.verdict_stack.currentWidget() is not window.boundary
    # the loss landscape never shows the path of a run removed or hidden since it was computed
    assert window.plane_view.shown_runs() <= {r.run_id for r in study.runs if r.visible}
    check_drawn(window)
    check_truth(window, snapshots)


def _plane_position(window, x1: float, x2: float):
    plot = window.boundary.plot
    return plot.mapFromScene(plot.getViewBox().mapViewToScene(QPointF(x1, x2)))


def check_drawn(window) -> None:
    """A drawn set's bar is up with the study's points on the plane (those not taken yet
    ringed apart); any other set has no drawing bar."""
    study, draw = window.state, window.boundary.draw
    assert (not draw.bar.isHidden()) == (study.dataset == "drawn")
    if study.dataset != "drawn":
        return
    assert draw.accepted == study.data_params["points"]
    view = window.boundary
    shown = [view.train_points.getData(), view.test_points.getData()]
    pairs = [pair for xs, ys in shown for pair in zip(xs, ys, strict=True)]
    assert sorted((round(float(x), 6), round(float(y), 6)) for x, y in pairs) == sorted(
        (round(float(p[0]), 6), round(float(p[1]), 6)) for p in study.data_params["points"]
    )
    waiting = draw.points != draw.accepted
    assert (len(draw.pending.getData()[0]) > 0) == (waiting and bool(draw.points))
    assert ("not trained on yet" in draw.count.text()) == (waiting and draw.problem() is not None)


def check_curves_framed(window) -> None:
    """The loss plot, fitting itself (no user zooms it here), frames every point of every
    shown run's train and test curves as drawn: its range rounds out in steps
    (`SteppedViewBox`), and no step may leave a point outside. The accuracy plot below it
    starts at the same x on screen, spans the same steps and keeps 0 to 1."""
    import numpy as np

    curves = window.curves
    curves.grab()  # a paint: the plot fits its range to the curves as they are now
    loss_view, accuracy_view = (plot.getViewBox() for plot in curves.plots())
    (x0, x1), (y0, y1) = loss_view.viewRange()
    if curves.accuracy_plot.isVisible():  # a step stands at one place in both plots
        assert loss_view.screenGeometry().x() == accuracy_view.screenGeometry().x()
        assert accuracy_view.viewRange()[0] == pytest.approx([x0, x1])
        assert accuracy_view.viewRange()[1] == pytest.approx([-0.02, 1.02])
    for run in window.state.runs:
        if not run.visible or run.run_id not in curves._curves:
            continue
        for item in curves.curve_items(run.run_id)[:2]:
            xs, ys = item.getData()  # as drawn: y in log10
            finite = np.isfinite(xs) & np.isfinite(ys)
            if finite.any():
                assert x0 <= xs[finite].min() and xs[finite].max() <= x1, (xs, x0, x1)
                assert y0 <= ys[finite].min() and ys[finite].max() <= y1, (ys, y0, y1)


def check_truth(window, snapshots) -> None:
    """Every number and picture is the engine's at the step it names, for this study: the
    table's step, losses and accuracy are the run replayed independently to that step (the
    timeline's, or the latest), the curves are the record's up to it, the boundary is the
    network's at the parameters of the step its title names, and the plane is of this
    study's network."""
    import math

    import numpy as np

    from optstudio.engine.models.boundary import surface_of
    from optstudio.live.model_engine import _replayed, model_at_step
    from optstudio.live.snapshots import progress_until

    study, probe = window.state, window.probe
    names = {r.run_id: r.name for r in study.runs}
    at = window.timeline.step
    shown: dict = {}
    replays: dict = {}
    for row in range(window.table.rowCount()):
        run_id = next(k for k, name in names.items() if name == window.table.item(row, 0).text())
        snap = snapshots[run_id]
        if snap.error:
            continue
        if at is not None:
            latest, snap = snap, model_at_step(snap, at)
            assert snap.step <= at
            if snap.step < latest.step:  # on its way at the step shown, whatever it does now
                assert window.table.item(row, 6).text() == "in progress"
        shown[run_id] = snap
        assert window.table.item(row, 1).text() == f"{snap.step:,}"
        assert window.table.item(row, 3).text() == (
            f"{snap.train_loss:.6g}" if math.isfinite(snap.train_loss) else "—"
        )
        progress = snap.progress if at is None else progress_until(snap.progress, snap.step)
        replayed = _replayed(study, study.run(run_id), progress)
        replays[run_id] = replayed
        # the Playground's epoch: steps x batch / training rows, of the run as it was built
        rows = len(replayed.data.x_train)
        epoch = snap.step * (replayed.batch_size or rows) / rows
        assert window.table.item(row, 2).text() == epoch_text(epoch)
        assert abs(float(epoch_text(epoch).replace(",", "")) - epoch) <= 0.5
        assert replayed.step == snap.step
        assert replayed.train_loss[-1] == snap.train_loss or not math.isfinite(snap.train_loss)
        assert replayed.test_loss[-1] == snap.test_loss or not math.isfinite(snap.test_loss)
        if at is None:
            np.testing.assert_array_equal(replayed.params[-1], snap.params)
        train, _, _ = window.curves.curve_items(run_id)
        steps, losses = train.getOriginalDataset()
        if window.curves.by_epoch:  # each run's own epochs: steps x batch / training rows
            rows = len(replays[run_id].data.x_train)
            batch = replays[run_id].batch_size or rows
            np.testing.assert_array_equal(steps, snap.steps * batch / rows)
            assert window.curves.accuracy_plot.getAxis("bottom").labelText == "epoch"
        else:
            np.testing.assert_array_equal(steps, snap.steps)
            assert steps[-1] <= snap.step
        np.testing.assert_array_equal(losses, np.maximum(snap.train_curve, 1e-16))
    check_curves_framed(window)
    surfaces = window.boundary.surfaces
    if surfaces and probe.data.points_train is not None:
        selected = window.runs_panel.current_id()
        shown_id = selected if selected in surfaces else next(iter(surfaces))
        verdicts = {k: (step, rows) for k, step, rows in window.drawing.shown_verdicts}
        step, rows = verdicts[shown_id]
        assert f" at step {step:,}:" in window.boundary.title.text()
        assert window.drawing.verdicts.steps[shown_id] == step
        snap = shown.get(shown_id)
        if snap is not None and (snap.step, len(snap.steps)) == (step, rows):  # not moved on
            params = replays[shown_id].params[-1]
            expected = surface_of(probe.network, probe.data, params)
            np.testing.assert_array_equal(surfaces[shown_id].values, expected.values)
            drawn = window.boundary.image.image
            if window.boundary.discretize.isChecked():  # two colours: the class, or the sign
                middle = 0.5 if expected.kind == "probability" else 0.0
                low, high = window.boundary._levels(surfaces)  # the key's ends
                np.testing.assert_array_equal(drawn == high, expected.values > middle)
                assert set(np.unique(drawn)) <= {low, high}
            else:
                np.testing.assert_array_equal(drawn, expected.values)
        assert window.boundary.test_points.isVisible() == window.boundary.show_test.isChecked()
    check_network(window, shown, replays)
    check_matrix(window, shown, replays)
    plane = window.plane_view.plane
    if plane is not None:
        assert plane.center.shape == (probe.network.n_params,), "a plane of another study"
        assert len(plane.paths) == len(window.plane_view.run_ids)


def forward_by_layer(network, data, params, x1, x2):
    """Every layer's outputs over the grid (x1[j], x2[i]), by the tests' own numpy network
    (`numpy_layers`), the inputs first."""
    g1, g2 = np.meshgrid(x1, x2)
    a = data.plane_inputs(np.column_stack([g1.ravel(), g2.ravel()]))
    outputs = [a, *numpy_layers(network, params, a)]
    return [layer.T.reshape(-1, len(x2), len(x1)) for layer in outputs]


def check_matrix(window, shown, replays) -> None:
    """Classes of a table with no plane (a CSV of three or more features): the confusion matrix
    is the run's it names at the step it names, each count the test rows of its true class
    that the network, at that step's parameters, puts in its predicted class, and each cell
    is drawn on its classes' ticks with its count at its centre."""
    from PySide6.QtCore import QRectF

    from optstudio.engine.models.boundary import classes_of, counts_of

    view, probe = window.digits, window.probe
    if probe.data.points_train is not None or probe.data.task == "regression":
        return
    assert window.verdict_stack.currentWidget() is view
    verdicts = window.drawing.verdicts
    if view.counts is None or verdicts is None or not verdicts.predicted:
        return
    visible = [r.run_id for r in window.state.runs if r.visible and r.run_id in verdicts.predicted]
    selected = window.runs_panel.current_id()
    shown_id = selected if selected in visible else visible[0]
    names = {r.run_id: r.name for r in window.state.runs}
    step = verdicts.steps[shown_id]
    assert view.title.text().startswith(f"{names[shown_id]} at step {step:,}:")
    counts = view.counts
    np.testing.assert_array_equal(counts, verdicts.counts[shown_id])
    k = len(counts)
    image = view.matrix_image
    assert image.mapRectToView(image.boundingRect()) == QRectF(-0.5, -0.5, k, k)
    for true in range(k):
        for guess in range(k):
            text = view._counts[true * k + guess]
            assert (text.pos().x(), text.pos().y()) == (guess, true)
            assert text.toPlainText() == (str(counts[true, guess]) if counts[true, guess] else "")
    rows = {key: n for key, at, n in window.drawing.shown_verdicts}
    snap = shown.get(shown_id)
    if snap is not None and (snap.step, len(snap.steps)) == (step, rows[shown_id]):
        params = replays[shown_id].params[-1]
        expected = counts_of(probe.data, classes_of(probe.network, probe.data, params))
        np.testing.assert_array_equal(counts, expected)


def check_network(window, shown, replays) -> None:
    """The network view draws the run it names at the step it names: each unit's map is that
    unit's output by a forward pass of the run's parameters at that step."""
    view, probe = window.network, window.probe
    if view.maps is None or view.run_id not in shown:
        return
    assert f"at step {view.step:,}:" in view.title.text()
    if view.shown_unit == view.default_unit() and probe.data.task != "binary":
        assert "probability" not in view.title.text(), "a value or logit named a probability"
    snap = shown[view.run_id]
    if snap.step != view.step or view.run_id not in replays:  # moved on since
        return
    params = replays[view.run_id].params[-1]
    maps = view.maps
    if maps.inputs is None:  # no plane: the first layer's weights
        n_in, n_out = probe.network.layers[0]
        np.testing.assert_array_equal(maps.weights[0], params[: n_out * n_in].reshape(n_out, n_in))
        return
    layers = forward_by_layer(probe.network, probe.data, params, maps.x1, maps.x2)
    for drawn, expected in zip([maps.inputs, *maps.hidden, maps.output], layers, strict=True):
        np.testing.assert_allclose(drawn, expected, rtol=1e-9, atol=1e-12)
    if view.shown_unit is not None:
        column, unit = view.shown_unit
        assert maps.unit(column, unit) is not None


@pytest.fixture
def lab_window(qtbot, tmp_path):
    windows = []

    def make():
        study = ModelStudy(dataset="xor", max_steps=200)
        study.add_run("adam", hyper={"lr": 0.03})
        settings_file = QSettings(str(tmp_path / "lab.ini"), QSettings.Format.IniFormat)
        window = LabWindow(state=study, settings=settings_file)
        window.files.ask = lambda title, question: "discard"
        window.messages = []
        window.warn = lambda title, text: window.messages.append(text)
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        if shiboken6.isValid(window):  # an example's window is deleted when it ends
            window.close()
            assert not window.engine.is_running()


def test_random_sequences_of_user_actions_keep_every_view_of_the_lab_true(
    qtbot, tmp_path, lab_window
):
    class Lab(RuleBasedStateMachine):
        @initialize()
        def open_window(self):
            self.window = lab_window()
            self.saved = tmp_path / "lab.optstudio"
            self.synced()

        def synced(self):
            window = self.window
            qtbot.waitUntil(
                lambda: (
                    set(window.engine.snapshots()) == {r.run_id for r in window.state.runs}
                    and window.study_settled()
                    and window.lab.idle()
                ),
                timeout=WAIT_MS,
            )

        @rule(optimizer=st.sampled_from(OPTIMIZER_NAMES))
        def add(self, optimizer):
            self.window.runs_panel.add_requested.emit(optimizer)
            self.synced()

        @rule()
        def duplicate(self):
            current = self.window.runs_panel.current_id()
            if current is not None:
                self.window.runs_panel.duplicate_requested.emit(current)
                self.synced()

        @rule()
        def remove(self):
            current = self.window.runs_panel.current_id()
            if current is not None:
                self.window.runs_panel.remove_requested.emit(current)
                self.synced()

        @rule(index=st.integers(0, 10))
        def select(self, index):
            panel = self.window.runs_panel
            if panel.list.count():
                panel.list.setCurrentRow(index % panel.list.count())

        @rule(index=st.integers(0, 10))
        def toggle_visibility(self, index):
            panel = self.window.runs_panel
            if panel.list.count():
                item = panel.list.item(index % panel.list.count())
                checked = item.checkState().value
                item.setCheckState(type(item.checkState())(2 - checked))

        @rule(factor=st.sampled_from([0.5, 2.0]))
        def edit_lr(self, factor):
            window = self.window
            current = window.runs_panel.current_id()
            if current is None:
                return
            lr = window.state.run(current).resolved_hyper()["lr"]
            field = window.runs_panel.form.fields["lr"]  # typed into the form, as a user does
            field.entry.setText(f"{lr * factor:g}")
            field.entry.editingFinished.emit()
            new = float(f"{lr * factor:g}")
            assert window.state.run(current).resolved_hyper()["lr"] == pytest.approx(new)

            def applied() -> bool:
                """The engine took the change: its record says so (or the run starts again)."""
                snap = window.engine.snapshots().get(current)
                if snap is None or snap.error or snap.progress is None:
                    return snap is not None
                lrs = [c["lr"] for c in snap.progress.hyper_changes if "lr" in c]
                if lrs:
                    return lrs[-1] == pytest.approx(new)
                # no change recorded: the run started again with the new lr (at step 0)
                scheduled = window.state.run(current).schedule is not None
                return snap.progress.steps == 0 or scheduled or snap.lr == pytest.approx(new)

            qtbot.waitUntil(applied, timeout=WAIT_MS)  # the table shows numbers of the new lr

        @rule(dataset=st.sampled_from(PLAYGROUND), layers=st.sampled_from(LAYERS))
        def edit_network(self, dataset, layers):
            window = self.window
            before = window.state.to_dict()
            heard = len(window.messages)
            settings = window.model_panel._settings()
            # the panel's parameters of the set shown, less those of one set only (a typed
            # boundary, drawn points), which another set refuses
            params = settings["data_params"]
            params = {k: v for k, v in params.items() if k not in ("boundary", "points")}
            if dataset == "drawn":  # a drawn set comes with its points
                params["points"] = [list(p) for p in DEFAULT_DRAWN]
            settings["data_params"] = params
            window.edit_network({**settings, "dataset": dataset, "hidden": list(layers)})
            qtbot.waitUntil(window.study_settled, timeout=WAIT_MS)
            accepted = not layers or (min(layers) >= 1 and max(layers) <= 64 and len(layers) <= 6)
            # a set with fewer training rows than a run's batch is refused too (ten drawn
            # points against a run's batch of ten, say)
            refused = len(window.messages) > heard
            if not accepted or refused:
                assert len(window.messages) == heard + 1, "a refused network says why"
                assert "\n" not in window.messages[-1]
                assert window.state.to_dict() == before
            else:
                assert window.state.dataset == dataset and window.state.hidden == layers
            self.synced()

        @rule(dataset=st.sampled_from(PLAYGROUND))
        def pick_a_data_set(self, dataset):
            """In the panel's list, as a user picks one."""
            window = self.window
            panel = window.model_panel
            heard = len(window.messages)
            panel.dataset.setCurrentIndex(panel.dataset.findData(dataset))
            panel.dataset.activated.emit(panel.dataset.currentIndex())
            qtbot.waitUntil(window.study_settled, timeout=WAIT_MS)
            # the drawn set's few points, fewer than a run's batch, are refused in one line
            if len(window.messages) == heard:
                assert window.state.dataset == dataset
            else:
                assert len(window.messages) == heard + 1 and "\n" not in window.messages[-1]
            self.synced()

        @rule(add=st.booleans())
        def press_a_layer_button(self, add):
            """+ or − beside the hidden layers: refused past six layers, never below none."""
            window = self.window
            before = window.state.hidden
            button = window.model_panel.add_layer if add else window.model_panel.remove_layer
            if not button.isEnabled():
                assert len(before) == (6 if add else 0)
                return
            button.click()
            qtbot.waitUntil(window.study_settled, timeout=WAIT_MS)
            assert len(window.state.hidden) == len(before) + (1 if add else -1)
            self.synced()

        @rule(layer=st.integers(-1, 5), name=st.sampled_from(ACTIVATION_NAMES))
        def pick_an_activation(self, layer, name):
            """In the activation row: the first box (layer -1) sets every hidden layer, the
            others one layer each; the study takes one name, or one per layer."""
            window = self.window
            panel = window.model_panel
            boxes = panel.layer_activations
            if layer >= len(boxes):
                return
            box = panel.activation if layer < 0 else boxes[layer]
            expected = [name] * len(boxes) if layer < 0 else [b.currentData() for b in boxes]
            if layer >= 0:
                expected[layer] = name
            box.setCurrentIndex(box.findData(name))
            box.activated.emit(box.currentIndex())
            qtbot.waitUntil(window.study_settled, timeout=WAIT_MS)
            assert list(window.state.network_settings()["activation"]) == expected or (
                len(set(expected)) <= 1 and window.state.activation == (expected or [name])[0]
            )
            self.synced()

        @rule(typed=st.sampled_from(["y > sin(2*x)", "x^2 + y^2 < 9", "x*y", "y > z", "y >"]))
        def type_a_boundary(self, typed):
            """The typed data set: a formula that parses becomes the study's boundary; one
            that does not is refused in one line, the study as it was."""
            window = self.window
            panel = window.model_panel
            panel.dataset.setCurrentIndex(panel.dataset.findData("boundary"))
            panel.dataset.activated.emit(panel.dataset.currentIndex())
            qtbot.waitUntil(window.study_settled, timeout=WAIT_MS)
            self.synced()
            before, heard = window.state.to_dict(), len(window.messages)
            panel.boundary.setText(typed)
            panel.boundary.editingFinished.emit()
            qtbot.waitUntil(window.study_settled, timeout=WAIT_MS)
            if typed in ("y > z", "y >"):
                assert len(window.messages) == heard + 1 and "\n" not in window.messages[-1]
                assert window.state.to_dict() == before
            else:
                assert window.state.data_params["boundary"] == typed
            assert panel.boundary.text() == window.state.data_params.get("boundary", typed)
            self.synced()

        @rule(
            mode=st.sampled_from(["orange", "blue", "erase"]),
            spots=st.lists(st.tuples(st.floats(-5.5, 5.5), st.floats(-5.5, 5.5)), max_size=4),
            drag=st.booleans(),
        )
        def draw_points(self, mode, spots, drag):
            """Data drawn by hand: clicks (or one drag through the spots) in a mode on the
            boundary's plane; the study takes the points if it can train on them, in one
            restart per stroke."""
            window = self.window
            if window.state.dataset != "drawn":
                self.pick_a_data_set("drawn")
            draw = window.boundary.draw
            draw.buttons[mode].click()
            viewport = window.boundary.plot.viewport()
            strokes = [spots] if drag and spots else [[spot] for spot in spots]
            for stroke in strokes:
                checked = window._studies_checked
                at = [_plane_position(window, *spot) for spot in stroke]
                qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=at[0])
                for where in at[1:]:
                    qtbot.mouseMove(viewport, where)
                qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=at[-1])
                assert window._studies_checked <= checked + 1  # a stroke, one restart at most
                qtbot.waitUntil(window.study_settled, timeout=WAIT_MS)
            if draw.problem() is None:
                assert window.state.data_params["points"] == draw.points
            draw.set_mode("off")
            self.synced()

        @rule()
        def epochs_along_the_x_axis(self):
            self.window.curves.epoch_box.click()

        @rule(which=st.sampled_from(["show_test", "discretize"]))
        def toggle_under_the_boundary(self, which):
            """The Playground's toggles: show test data, discretize output."""
            window = self.window
            window.views.setCurrentIndex(0)
            getattr(window.boundary, which).click()

        @rule(column=st.integers(0, 7), unit=st.integers(0, 70))
        def pick_a_unit(self, column, unit):
            """A click on a unit of the network view keeps its map large; a click beside the
            units (a unit past the column's last) goes back to the output."""
            view = self.window.network
            self.window.views.setCurrentWidget(view)
            places = view._places
            if not places:
                return
            column %= len(places)
            target = (column, unit) if unit < len(places[column]) else None
            view.pick(target)
            expected = target or view.default_unit()
            if view._columns(view.maps)[expected[0]] is not None:
                assert view.shown_unit == expected

        @rule(tab=st.integers(0, 3))
        def show_a_tab(self, tab):
            self.window.views.setCurrentIndex(tab)

        @rule(name=st.sampled_from(MODEL_SCENARIOS), tab=st.integers(0, 3))
        def open_a_scenario(self, name, tab):
            """From the Scenarios menu, with any tab in front (the Loss landscape and 3-D tabs
            kept the previous study's plane)."""
            from optstudio.studies.gallery import presets_folder

            window = self.window
            window.views.setCurrentIndex(tab)
            assert window.files.open_scenario(presets_folder() / f"{name}.optstudio")
            self.synced()

        @rule(columns=st.integers(2, 4), rows=st.integers(12, 80))
        def load_a_csv(self, columns, rows):
            """A table of the user's: two to four features and a label."""
            import numpy as np

            window = self.window
            path = tmp_path / f"table-{columns}-{rows}.csv"
            points = np.random.default_rng(rows).normal(size=(rows, columns))
            labels = (points[:, 0] * points[:, 1] > 0).astype(int)
            header = ",".join([*(f"f{i}" for i in range(columns)), "label"])
            body = "\n".join(
                ",".join([*(f"{v:.6g}" for v in p), str(y)])
                for p, y in zip(points, labels, strict=True)
            )
            path.write_text(header + "\n" + body + "\n")
            panel = window.model_panel  # "CSV file…" in the panel's list, then the file
            panel.choose_csv = lambda: str(path)
            before, heard = window.state.to_dict(), len(window.messages)
            panel.dataset.setCurrentIndex(panel.dataset.findData("csv"))
            panel.dataset.activated.emit(panel.dataset.currentIndex())
            qtbot.waitUntil(window.study_settled, timeout=WAIT_MS)
            if window.state.dataset == f"csv:{path}":
                assert panel.dataset.currentText() == f"{path.name} (CSV)"
            else:  # refused (a run's batch larger than the table, say): one line, no change
                assert len(window.messages) == heard + 1 and "\n" not in window.messages[-1]
                assert window.state.to_dict() == before
            self.synced()

        @rule(which=st.integers(0, 1000), notches=st.sampled_from([-3, -1, 1, 3]))
        def wheel_over_a_side_panel(self, which, notches):
            """A wheel notch over a field of the side panels changes nothing but the scroll
            position (the field has no focus)."""
            from .test_wheel_guard import wheel_over_a_field_changes_nothing

            self.window.views.setFocus()
            wheel_over_a_field_changes_nothing(self.window, which, notches)

        @rule(key=st.sampled_from([Qt.Key.Key_PageDown, Qt.Key.Key_PageUp]))
        def page_through_the_scenarios(self, key):
            window = self.window
            window.views.setFocus()
            qtbot.keyClick(window.views, key)
            assert isinstance(window.state, ModelStudy), "Page Down stays with model studies"
            self.synced()

        @rule(key=st.sampled_from([Qt.Key.Key_Left, Qt.Key.Key_Left, Qt.Key.Key_End]),
              presses=st.integers(1, 4))  # fmt: skip
        def walk_the_timeline(self, key, presses):
            """Left back through the recorded steps, End back to the live runs."""
            window = self.window
            window.views.setFocus()
            for _ in range(presses):
                qtbot.keyClick(window.views, key)

        @rule(fraction=st.floats(0.0, 1.0))
        def drag_the_timeline(self, fraction):
            """A drag lands on a step some run recorded (or 0), so the timeline's label names
            the step the table and curves show, not one between two rows."""

            def recorded() -> set[int]:
                snapshots = self.window.engine.snapshots().values()
                return {int(t) for s in snapshots if s.error is None for t in s.steps}

            bar = self.window.timeline.bar
            before = recorded()  # a run still finishing its step may thin its rows after
            bar.slider.setValue(round(fraction * bar.slider.maximum()))
            if bar.step is None:
                return
            recorded = before | recorded()
            assert bar.step == 0 or bar.step in recorded, (bar.step, sorted(recorded)[-5:])
            assert f"step {bar.step:,} of" in bar.label.text()

        @rule()
        def new_model_study(self):
            """File > New model study, in a model window: the lab's first study, in place."""
            window = self.window
            window.files.new_model()
            assert [r.optimizer for r in window.state.runs] == ["sgd", "adam"]
            self.synced()

        @rule()
        def play_or_pause(self):
            self.window.controls.play_action.trigger()

        @rule()
        def step(self):
            self.window.controls.step_action.trigger()

        @rule()
        def reset(self):
            self.window.controls.reset_action.trigger()
            self.synced()

        @rule()
        def toggle_lockstep(self):
            self.window.controls.lockstep_box.click()

        @rule(theme=st.sampled_from(["light", "dark"]))
        def switch_theme(self, theme):
            self.window.view_menu.choose_theme(theme)

        @rule()
        def toggle_presentation(self):
            self.window.presentation.toggle()

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
        def views_show_the_study(self):
            if hasattr(self, "window"):
                check_views(qtbot, self.window)

        def teardown(self):
            if hasattr(self, "window"):
                if self.window.presentation.active:
                    self.window.presentation.leave()
                self.window.close()
                assert not self.window.engine.is_running()
                self.window.deleteLater()  # each example's widgets go with it

    Lab.TestCase.settings = window_machine_settings(quick=5, thorough=40, steps=12)
    Lab.TestCase().runTest()


def test_epochs_read_with_the_digits_that_matter():
    """A full batch's epoch is its step, whole (it read "3,000.00"); a mini-batch run's
    fraction shows early, where it is what the run has seen."""
    assert [epoch_text(e) for e in (3000.0, 0.0, 0.4, 2.125, 12.34, 1234.4)] == [
        "3,000",
        "0",
        "0.40",
        "2.12",
        "12.3",
        "1,234",
    ]
