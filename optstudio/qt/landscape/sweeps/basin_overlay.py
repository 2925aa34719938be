"""The basin map drawn over the landscape, in the colours of io.basin_colours."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF

from ....io.basin_colours import basin_rgb

OPACITY = 1.0
"""Opaque: at 0.75 the landscape's colours mixed into the basins', and the map's colours were
not the legend's (the contours and the paths are drawn above it all the same)."""


class BasinOverlay:
    def __init__(self, plot: pg.PlotWidget) -> None:
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setOpacity(OPACITY)
        self.image.setZValue(-15)  # above the landscape's colours, below paths and contours
        self.image.setVisible(False)
        plot.addItem(self.image)

    def show(self, labels: np.ndarray, steps: np.ndarray, total_steps: int, bounds) -> None:
        picture = basin_rgb(labels, steps, total_steps)  # rows from the lowest y, as the view
        self.image.setImage(np.ascontiguousarray(picture), autoLevels=False, levels=(0, 255))
        x0, x1, y0, y1 = bounds
        n = labels.shape[0]
        dx, dy = (x1 - x0) / max(n - 1, 1), (y1 - y0) / max(n - 1, 1)
        # grid points are cell centres
        self.image.setRect(QRectF(x0 - dx / 2, y0 - dy / 2, dx * n, dy * n))
        self.image.setVisible(True)

    def set_visible(self, visible: bool) -> None:
        self.image.setVisible(visible)

    def clear(self) -> None:
        self.image.clear()
        self.image.setVisible(False)
