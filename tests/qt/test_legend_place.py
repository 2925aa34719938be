"""The map's legend keeps off the start point, the minima and the paths, until dragged."""

import numpy as np

from optstudio.qt.landscape.legend_place import emptiest_corner
from optstudio.studies.landscape import LandscapeStudy

from .conftest import engine_caught_up
from .test_landscape_window import wait_for_steps


def test_the_emptiest_corner_avoids_the_start_and_then_the_paths():
    bounds = (-2.0, 2.0, -1.0, 3.0)
    start = np.array([[-1.8, 2.8]])  # top left
    path = np.array([[1.8, y] for y in np.linspace(2.9, 2.0, 50)])  # along the top right
    assert emptiest_corner(np.zeros((0, 2)), bounds, (0.3, 0.2)) == (0, 0)
    assert emptiest_corner(np.zeros((0, 2)), bounds, (0.3, 0.2), start) == (1, 0)
    assert emptiest_corner(path, bounds, (0.3, 0.2), start) == (0, 1)


def test_the_legend_moves_off_a_start_in_its_corner_and_stays_where_dragged(qtbot, make_window):
    state = LandscapeStudy(loss="quadratic", max_steps=50, start=(-2.5, 2.5))  # top left
    state.add_run("gd", hyper={"lr": 0.1})
    window = make_window(state)
    window.controls.play_action.trigger()
    wait_for_steps(qtbot, window, 50)
    window.refresh_views()
    legend = window.map.legend.sceneBoundingRect()
    start = window.map.getViewBox().mapViewToScene(window.map.start_marker.pos())
    assert not legend.contains(start)
    window.map.legend.placed_by_user = True  # what a drag sets
    before = window.map.legend.pos()
    window.set_start(2.5, 2.5)  # into the legend's corner: a dragged legend stays all the same
    # the runs start again from there: the engine's first snapshots of them are drawn
    qtbot.waitUntil(lambda: engine_caught_up(window), timeout=20_000)
    window.refresh_views()
    assert window.map.legend.pos() == before


def test_a_click_on_the_legend_does_not_move_the_start(qtbot, make_window):
    from PySide6.QtCore import QPoint, Qt

    state = LandscapeStudy(loss="quadratic", max_steps=20)
    state.add_run("gd", hyper={"lr": 0.1})
    window = make_window(state)
    window.controls.play_action.trigger()
    wait_for_steps(qtbot, window, 20)
    window.refresh_views()
    box = window.map.legend.sceneBoundingRect()
    inside = window.map.mapFromScene(box.center())
    before = window.state.start_point
    qtbot.mouseClick(window.map.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(inside))
    assert window.state.start_point == before


def test_on_a_narrow_map_the_legend_names_the_runs_without_their_settings(qtbot, make_window):
    """At 1024×700 the legend, with each run's settings, ran past the map's right edge."""
    from optstudio.studies.landscape import default_landscape_study

    window = make_window(default_landscape_study())
    window.resize(1500, 920)
    window.controls.step_action.trigger()
    qtbot.waitUntil(lambda: len(window.map.legend.items) == 3)
    texts = [label.text for _, label in window.map.legend.items]
    assert texts[0] == "Gradient descent (lr=0.001)"
    window.resize(1024, 700)
    view = window.map.getViewBox()
    qtbot.waitUntil(lambda: window.map.legend.items[0][1].text == "Gradient descent")
    assert window.map.legend.width() <= view.width()
    window.resize(1500, 920)
    qtbot.waitUntil(lambda: window.map.legend.items[0][1].text == texts[0])
