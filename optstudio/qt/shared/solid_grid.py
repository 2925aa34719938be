"""A plot's grid in solid colours, behind its data.

pyqtgraph draws a grid as its axes' tick lines drawn across the plot in translucent pens, and
Qt's raster engine draws a translucent line some twenty times slower than a solid one: the 55
grid lines of a 700 x 400 plot took 6 ms against 0.3, so a repaint of the plot took 11 ms
against 0.2 without a grid, and the tuning views' three plots spent 30 of the 42 ms a redraw
took (while a study ran) on their grids. Here each grid line's colour is the translucent
pen's mixed with the plot's background, as blending would have made it, and the line is drawn
solid; the axes go behind the data, so that the curves cross over the grid (a translucent
line over a curve had tinted it). The grid looks as it did.

A figure keeps the translucent lines: on a transparent background, lines mixed with the
window's dark background would show dark on a white slide.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QColor, QPen

GRID_ALPHA = 0.2
"""How strongly a grid line shows against the background (pyqtgraph's showGrid alpha)."""
BEHIND_DATA = -0.5
"""The axes' z value: below the view's (0), where pyqtgraph puts them above it (0.5)."""


def mixed(colours: list[QColor], background: QColor) -> QColor:
    """`colours` (translucent) laid one over the other in order on an opaque `background`,
    as one solid colour: what blending them there makes."""
    channels = [background.redF(), background.greenF(), background.blueF()]
    for colour in colours:
        a = colour.alphaF()
        over = (colour.redF(), colour.greenF(), colour.blueF())
        channels = [under + (top - under) * a for top, under in zip(over, channels, strict=True)]
    return QColor.fromRgbF(*channels)


class SolidGridAxis(pg.AxisItem):
    """An axis whose grid lines are drawn in solid colours mixed with the plot's background
    (`solid_grid` turns the grid on)."""

    def _background(self) -> QColor | None:
        scene = self.scene()
        views = scene.views() if scene is not None else []
        if not views:
            return None
        colour = views[0].backgroundBrush().color()
        return colour if colour.alpha() == 255 else None

    def setExportMode(self, export, opts=None):  # pyqtgraph's name
        super().setExportMode(export, opts)
        self.picture = None  # drawn again, translucent for the figure and solid after it
        self.update()

    def generateDrawSpecs(self, p):  # pyqtgraph's name
        specs = super().generateDrawSpecs(p)
        exporting = bool(getattr(self, "_exportOpts", False))
        background = self._background() if self.grid is not False and not exporting else None
        if specs is None or background is None:
            return specs
        axis_spec, tick_specs, text_specs = specs
        # pyqtgraph draws a line at one place once for each level of ticks that has it (a log
        # axis's decades are in two): translucent, they darkened one another, so each place
        # gets one solid line of all its colours blended
        places: dict[tuple[int, ...], tuple[QPen, list[QColor], object, object]] = {}
        for pen, start, end in tick_specs:
            place = (round(start.x()), round(start.y()), round(end.x()), round(end.y()))
            if place not in places:
                places[place] = (pen, [], start, end)
            places[place][1].append(pen.color())
        lines = []
        for pen, colours, start, end in places.values():
            solid = QPen(pen)
            solid.setColor(mixed(colours, background))
            lines.append((solid, start, end))
        return axis_spec, lines, text_specs


def solid_axes() -> dict[str, SolidGridAxis]:
    """The left and bottom axes of a new plot (its axisItems) that `solid_grid` needs."""
    return {"left": SolidGridAxis("left"), "bottom": SolidGridAxis("bottom")}


def solid_grid(plot: pg.PlotItem | pg.PlotWidget) -> None:
    """Show the plot's grid (its axes are `SolidGridAxis`), drawn solid behind the data."""
    item = plot.getPlotItem() if isinstance(plot, pg.PlotWidget) else plot
    item.showGrid(x=True, y=True, alpha=GRID_ALPHA)
    for side in ("left", "bottom"):
        axis = item.getAxis(side)
        if not isinstance(axis, SolidGridAxis):
            raise TypeError(f"the plot's {side} axis draws a translucent grid: {axis!r}")
        axis.setZValue(BEHIND_DATA)
