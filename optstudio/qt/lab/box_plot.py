"""Box plots on a pyqtgraph plot (it has none): each group's quartiles as a box, its median as
a line across it, whiskers to its lowest and highest value, and every value as a dot, as the
fair comparisons of optimizers draw their spread over seeds."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor

BOX_WIDTH = 0.6


@dataclass(frozen=True)
class Box:
    x: float
    values: tuple[float, ...]
    colour: str
    filled: bool = True


def draw_boxes(plot: pg.PlotItem, boxes: list[Box]) -> None:
    """Each box at its x; infinite values (a diverged run) are left out of the box and drawn
    as nothing, and a group with none finite is not drawn. Four items a box: its body, its
    median and its whiskers as line pairs, its values (seven items a box, redrawn a few times
    a second while a study ran, cost the window 38 ms a redraw)."""
    for box in boxes:
        values = np.array([v for v in box.values if np.isfinite(v)], dtype=float)
        if values.size == 0:
            continue
        low, q1, median, q3, high = np.percentile(values, [0, 25, 50, 75, 100])
        colour = QColor(box.colour)
        fill = QColor(colour)
        fill.setAlpha(110 if box.filled else 0)
        half = BOX_WIDTH / 2
        x = box.x
        plot.addItem(pg.BarGraphItem(x=[x], y0=[q1], height=[max(q3 - q1, 1e-12)],
                                     width=BOX_WIDTH, brush=fill,
                                     pen=pg.mkPen(colour, width=1.5)))  # fmt: skip
        plot.addItem(pg.PlotCurveItem([x - half, x + half], [median, median],
                                      pen=pg.mkPen(colour, width=2.5)))  # fmt: skip
        cap = half / 2
        whiskers_x = [x, x, x, x, x - cap, x + cap, x - cap, x + cap]
        whiskers_y = [low, q1, high, q3, low, low, high, high]
        plot.addItem(pg.PlotCurveItem(whiskers_x, whiskers_y, connect="pairs",
                                      pen=pg.mkPen(colour)))  # fmt: skip
        spread = np.linspace(-cap, cap, values.size) if values.size > 1 else [0.0]
        plot.addItem(pg.ScatterPlotItem(x=x + np.asarray(spread), y=values, size=6,
                                        brush=pg.mkBrush(colour) if box.filled else None,
                                        pen=pg.mkPen(colour)))  # fmt: skip
