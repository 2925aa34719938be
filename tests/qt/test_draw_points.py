"""Data you draw, as a user draws it: clicks and drags on the boundary's plane add points of a
class, Erase takes them away, Clear empties the plane; each stroke restarts the runs once on
the new data, and the points are in the session and in the exported CSV."""

import numpy as np
from PySide6.QtCore import QPoint, QPointF, Qt

from optstudio.engine.models.drawn_points import DEFAULT_DRAWN
from optstudio.io.datasets import load_dataset
from optstudio.io.session import load_session, save_session
from optstudio.studies.model import ModelStudy

from .test_lab_window import settled


def _drawn_study() -> ModelStudy:
    study = ModelStudy(dataset="drawn", data_params={"points": [list(p) for p in DEFAULT_DRAWN]})
    study.max_steps = 100
    study.add_run("adam", hyper={"lr": 0.03})
    return study


def _at(window, x1: float, x2: float) -> QPoint:
    """Where the point (x1, x2) of the plane is on the plot's viewport."""
    plot = window.boundary.plot
    scene = plot.getViewBox().mapViewToScene(QPointF(x1, x2))
    return plot.mapFromScene(scene)


def _points(window) -> list:
    return window.state.data_params["points"]


def _shown_points(window) -> set:
    """The points the boundary view draws (training and test), as the study's data has them."""
    view = window.boundary
    shown = [view.train_points.getData(), view.test_points.getData()]
    pairs = [pair for xs, ys in shown for pair in zip(xs, ys, strict=True)]
    return {(round(float(x), 3), round(float(y), 3)) for x, y in pairs}


def _stroke(qtbot, window, path: list[tuple[float, float]]) -> None:
    viewport = window.boundary.plot.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=_at(window, *path[0]))
    for x1, x2 in path[1:]:
        qtbot.mouseMove(viewport, _at(window, x1, x2))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=_at(window, *path[-1]))


def test_clicks_drags_erase_and_clear_edit_the_study(qtbot, lab, tmp_path):
    window = lab(_drawn_study())
    settled(qtbot, window)
    draw = window.boundary.draw
    assert draw.bar.isVisible()
    assert len(_points(window)) == len(DEFAULT_DRAWN)
    # a click in Blue adds one blue point where it was made, and the runs restart on it
    run_id = window.state.runs[0].run_id

    def step() -> int:
        snap = window.engine.snapshots().get(run_id)
        return -1 if snap is None else snap.step

    window.controls.play_action.trigger()
    qtbot.waitUntil(lambda: step() > 0, timeout=20_000)
    window.controls.play_action.trigger()
    draw.buttons["blue"].click()
    checked = window._studies_checked
    qtbot.mouseClick(
        window.boundary.plot.viewport(), Qt.MouseButton.LeftButton, pos=_at(window, 1.0, 4.0)
    )
    qtbot.waitUntil(lambda: len(_points(window)) == len(DEFAULT_DRAWN) + 1, timeout=20_000)
    x1, x2, label = _points(window)[-1]
    assert abs(x1 - 1.0) < 0.1 and abs(x2 - 4.0) < 0.1 and label == 1
    assert window._studies_checked == checked + 1
    settled(qtbot, window)
    qtbot.waitUntil(lambda: step() == 0, timeout=20_000)
    assert (round(x1, 3), round(x2, 3)) in _shown_points(window)
    # a drag in Orange adds a point every SPACING along it, in one restart
    draw.buttons["orange"].click()
    checked = window._studies_checked
    _stroke(qtbot, window, [(-5.0 + 0.1 * i, -5.0) for i in range(31)])  # 3 units long
    qtbot.waitUntil(lambda: window._studies_checked == checked + 1, timeout=20_000)
    settled(qtbot, window)
    added = _points(window)[len(DEFAULT_DRAWN) + 1 :]
    assert 7 <= len(added) <= 10 and all(p[2] == 0 and abs(p[1] + 5.0) < 0.1 for p in added)
    assert window._studies_checked == checked + 1  # one stroke, one restart
    # Erase over the drag's start takes those points away
    draw.buttons["erase"].click()
    _stroke(qtbot, window, [(-5.0, -5.0), (-4.5, -5.0)])
    qtbot.waitUntil(lambda: len(_points(window)) < len(DEFAULT_DRAWN) + 1 + len(added))
    settled(qtbot, window)
    assert all(not (p[0] < -4.0 and p[1] < -4.5) for p in _points(window))
    # the session keeps the points, and opens with them
    session = window.current_session()
    save_session(session, tmp_path / "drawn.optstudio")
    reopened = load_session(tmp_path / "drawn.optstudio").state
    assert reopened.dataset == "drawn" and reopened.data_params["points"] == _points(window)
    # the data set as CSV: the points and classes, read back as a table on the plane
    window.exports.export_data(tmp_path / "drawn.csv")
    table = load_dataset(f"csv:{tmp_path / 'drawn.csv'}")
    written = np.concatenate([table.x_train, table.x_test])
    assert sorted(map(tuple, written.round(4))) == sorted(
        (round(p[0], 4), round(p[1], 4)) for p in _points(window)
    )
    # Clear: nothing to train on; the study keeps its data and the bar says why
    kept = list(_points(window))
    draw.clear_button.click()
    assert draw.points == [] and "not trained on yet" in draw.count.text()
    qtbot.wait(200)
    assert _points(window) == kept


def test_choosing_drawn_starts_from_the_set_on_the_plane(qtbot, lab):
    """The circle's points become the drawn set's, to add outliers to by hand."""
    study = ModelStudy(max_steps=50, data_params={"n_samples": 60})
    study.add_run("sgd")
    window = lab(study)
    settled(qtbot, window)
    circle = window.probe.data
    panel = window.model_panel
    panel.dataset.setCurrentIndex(panel.dataset.findData("drawn"))
    panel.dataset.activated.emit(panel.dataset.currentIndex())
    qtbot.waitUntil(lambda: window.state.dataset == "drawn", timeout=20_000)
    settled(qtbot, window)
    rows = np.array(_points(window))
    before = np.concatenate([circle.points_train, circle.points_test])
    assert len(rows) == 60
    np.testing.assert_allclose(np.sort(rows[:, :2], axis=0), np.sort(before, axis=0), atol=1e-6)
    assert window.boundary.draw.bar.isVisible()
    assert not panel.data_form.isRowVisible(panel.samples)  # its size is its points'
    # and back to a generated set: no drawing bar
    panel.dataset.setCurrentIndex(panel.dataset.findData("xor"))
    panel.dataset.activated.emit(panel.dataset.currentIndex())
    qtbot.waitUntil(lambda: window.state.dataset == "xor", timeout=20_000)
    settled(qtbot, window)
    assert not window.boundary.draw.bar.isVisible()
