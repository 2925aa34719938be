"""Axes drawn from a cached picture of themselves between range changes.

An axis replays its tick labels (text, the costliest thing pyqtgraph paints) every time its
view repaints, which is every frame while runs move: a fifth of a frame's painting for the
map and the curves. Cached in device pixels, an axis is redrawn only when its range, size or
look changes. Figures turn the cache off while they render, so an SVG gets text, not pixels.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import QGraphicsItem

CACHED = QGraphicsItem.CacheMode.DeviceCoordinateCache


def cache_axes(plot: pg.PlotItem) -> None:
    for axis in plot.axes.values():
        axis["item"].setCacheMode(CACHED)


def set_axes_cached(items: list[QGraphicsItem], cached: bool) -> None:
    """Turn the cache of every axis among `items` on (the window) or off (a figure)."""
    mode = CACHED if cached else QGraphicsItem.CacheMode.NoCache
    for item in items:
        if isinstance(item, pg.AxisItem):
            item.setCacheMode(mode)


def plain_numbers(*items: pg.PlotItem | pg.AxisItem | pg.ColorBarItem) -> None:
    """Axes that print their values as they are: pyqtgraph otherwise scales small or large
    ranges by an SI factor written beside the label ("f (x0.001)" with ticks ±900 for f in
    [−1, 1]), which a student reads as the values themselves."""
    for item in items:
        if isinstance(item, pg.PlotItem):
            axes = [entry["item"] for entry in item.axes.values()]
        elif isinstance(item, pg.ColorBarItem):
            axes = [item.axis]
        else:
            axes = [item]
        for axis in axes:
            axis.enableAutoSIPrefix(False)


def label_axis(plot: pg.PlotItem | pg.PlotWidget, side: str, text: str) -> None:
    """Set an axis' label unless it already reads `text`: setting it, even to the same text,
    sizes the axis and lays its plot out again. The tuning views set theirs at every trial
    that came, in stalls of 50-60 ms while a study ran beside a race."""
    axis = plot.getAxis(side)
    if axis.labelText != text or not axis.label.isVisible():
        plot.setLabel(side, text)


def log_x(plot: pg.PlotItem | pg.PlotWidget, on: bool) -> None:
    """A logarithmic x axis (y linear), set only when it changes: setting it maps every item
    of the plot again."""
    if plot.getAxis("bottom").logMode != on or plot.getAxis("left").logMode:
        plot.setLogMode(x=on, y=False)
