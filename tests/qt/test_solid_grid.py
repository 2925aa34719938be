"""Grids drawn solid, behind the data: the colour translucent grid lines had, at a twentieth of
their cost, and every plot with a grid in the studio's windows draws it so."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtGui import QColor, QImage

from optstudio.qt.lab.tuning_views import TuningViews
from optstudio.qt.shared.solid_grid import GRID_ALPHA, SolidGridAxis, mixed, solid_axes, solid_grid
from optstudio.qt.shared.themes import LIGHT

BACKGROUND = "#101418"


def _drawn(plot: pg.PlotWidget) -> np.ndarray:
    """The plot as its window shows it, RGB."""
    return _pixels(plot.grab().toImage())


def _pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    rows = np.frombuffer(image.constBits(), dtype=np.uint8).reshape(image.height(), -1)
    # as a copy of whole numbers (the image's memory goes with it; differences go negative)
    return rows[:, : 3 * image.width()].reshape(image.height(), image.width(), 3).astype(int)


def _plot(qtbot, grid: str, log: bool = False) -> pg.PlotWidget:
    plot = pg.PlotWidget(background=BACKGROUND, axisItems=solid_axes())
    plot.setLogMode(x=False, y=log)
    qtbot.addWidget(plot)
    plot.resize(500, 300)
    if grid == "solid":
        solid_grid(plot)
    else:
        plot.showGrid(x=True, y=True, alpha=GRID_ALPHA)
    plot.setRange(xRange=(0, 10), yRange=(-4, 2) if log else (0, 10), padding=0)
    plot.show()
    qtbot.waitExposed(plot)
    return plot


@pytest.mark.parametrize("log", [False, True])
def test_a_solid_grid_has_the_colours_the_translucent_one_had(qtbot, log):
    """The same plot with pyqtgraph's translucent grid and with the solid one: the grid lines
    are the same pixels in the same colours (within a rounding), the rest untouched. A log
    axis draws its decades' lines twice (two levels of ticks), which darkened them."""
    translucent = _drawn(_plot(qtbot, "translucent", log))
    solid = _drawn(_plot(qtbot, "solid", log))
    background = np.array(QColor(BACKGROUND).getRgb()[:3])
    lines = np.any(translucent != background, axis=2)
    assert lines.sum() > 2000, "no grid drawn to compare"
    assert np.abs(solid - translucent).max() <= 2
    assert np.array_equal(np.any(solid != background, axis=2), lines)


def test_the_landscapes_curves_show_the_grid_their_figure_shows(qtbot):
    """The landscape's three curves (log axes, whose decades pyqtgraph draws once for each of
    two levels of ticks) as the window draws them and as a figure draws them (translucent):
    each horizontal line has the same pixels, but where a vertical line crosses it
    (translucent, the two darkened each other there)."""
    from optstudio.qt.export.figures import render_image
    from optstudio.qt.landscape.curves import CurvesView

    view = CurvesView()
    qtbot.addWidget(view)
    view.resize(500, 600)
    view.apply_theme(LIGHT)
    view.show()
    qtbot.waitExposed(view)
    for plot in view.plots():
        plot.setXRange(0, 3000)
    qtbot.wait(50)
    window = _pixels(view.grab().toImage())
    figure = _pixels(render_image([view], 1, transparent=False))
    for plot in view.plots():
        area = (
            plot.getViewBox().sceneBoundingRect().toAlignedRect().adjusted(4, 4, -4, -4)
        )  # the lines' ends apart
        rows = slice(area.top(), area.bottom())
        columns = slice(area.left(), area.right())
        drawn, translucent = window[rows, columns], figure[rows, columns]
        background = np.median(translucent.reshape(-1, 3), axis=0)  # most pixels
        grid = np.any(translucent != background, axis=2)
        across = grid.mean(axis=1) > 0.5  # the rows of horizontal lines
        down = grid.mean(axis=0) > 0.5  # the columns of vertical ones
        assert across.sum() >= 4, "no horizontal grid lines"
        differs = np.abs(drawn - translucent).max(axis=2) > 2
        assert not np.any(differs[across][:, ~down]), "a grid line not as the figure has it"


def test_a_curve_crosses_over_the_grid(qtbot):
    """The axes (and their grid) lie behind the data: where a curve crosses a grid line, the
    curve's colour shows, not the grid's."""
    plot = _plot(qtbot, "solid")
    plot.plot([0, 10], [5, 5], pen=pg.mkPen("#ff0000", width=3))
    qtbot.wait(50)
    pixels = _drawn(plot)
    view = plot.getViewBox()
    for x in plot.getAxis("bottom").tickValues(0, 10, 500)[0][1]:
        if 0 < x < 10:
            at = view.mapViewToDevice(pg.Point(x, 5))
            assert tuple(pixels[round(at.y()), round(at.x())]) == (255, 0, 0)


def test_mixing_is_blending_over_the_background():
    colour = QColor(200, 100, 0, 51)
    assert mixed([colour], QColor(0, 0, 0)).getRgb() == (40, 20, 0, 255)
    assert mixed([colour], QColor(255, 255, 255)).getRgb() == (244, 224, 204, 255)
    twice = mixed([colour, colour], QColor(0, 0, 0))  # two lines at one place darken it more
    assert twice.getRgb() == (72, 36, 0, 255)


def test_every_grid_in_the_windows_is_solid(qtbot, lab, make_window):
    """The lab's curves, the landscape's three curves and data view, the tuning views (the
    axes shown: pyqtgraph gives its hidden right and top axes a grid too)."""
    windows = [lab(), make_window(), TuningViews(LIGHT)]
    qtbot.addWidget(windows[-1])
    gridded = [
        item
        for window in windows
        for view in window.findChildren(pg.GraphicsView)
        for item in view.scene().items()
        if isinstance(item, pg.AxisItem) and item.grid is not False and item.isVisible()
    ]
    assert len(gridded) >= 12
    assert all(isinstance(axis, SolidGridAxis) and axis.zValue() < 0 for axis in gridded)


def test_a_transparent_figure_keeps_the_grid_translucent(qtbot):
    """On a transparent figure the grid lines are the translucent pen's (mixed with the
    window's dark background they would show dark on a white slide), and the window draws
    them solid again after it."""
    from optstudio.qt.export.figures import render_image

    plot = _plot(qtbot, "solid")
    image = render_image([plot], 1, transparent=True).convertToFormat(QImage.Format.Format_ARGB32)
    alpha = np.array(
        [[image.pixelColor(x, y).alpha() for x in range(0, image.width(), 3)]
         for y in range(0, image.height(), 3)]
    )  # fmt: skip
    assert ((alpha > 0) & (alpha < 120)).sum() > 100, "no translucent grid line in the figure"
    solid = _drawn(plot)
    assert np.abs(solid - _drawn(_plot(qtbot, "translucent"))).max() <= 2
