"""The data set of a data loss and each run's current model, moving live.

Linear regression: the points (a, t) and each run's line t = w a + b. Logistic regression:
the two clusters and each run's decision boundary w1 a + w2 b = 0. The samples of the
mini-batch the next step uses are ringed, so the noise of stochastic steps can be seen.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from ...engine.losses import Loss
from ...live.snapshots import Snapshot
from ..shared.point_styles import brush
from ..shared.solid_grid import solid_axes, solid_grid
from ..shared.themes import Theme, style_plot_item

CLASS_COLOURS = ("#8da0cb", "#fc8d62")


class DataView(pg.PlotWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent, background="#101418", axisItems=solid_axes())
        solid_grid(self)
        self.points = pg.ScatterPlotItem(size=7, pen=None)
        self.addItem(self.points)
        self.batch = pg.ScatterPlotItem(size=13, brush=None, pen=pg.mkPen("w", width=2))
        self.batch.setZValue(5)
        self.addItem(self.batch)
        self._lines: dict[int, pg.PlotDataItem] = {}
        self._loss: Loss | None = None
        self._span = (0.0, 1.0)
        self._title = ""
        self._title_colour = "#dddddd"
        self._title_size = "9pt"

    def apply_theme(self, theme: Theme) -> None:
        self.setBackground(theme.plot_background)
        style_plot_item(self.getPlotItem(), theme)
        self._title_colour = theme.plot_foreground
        self._show_title()
        self.batch.setPen(pg.mkPen(theme.plot_foreground, width=2))

    def set_title_size(self, points: int) -> None:
        """The title's size (large in the presentation view)."""
        self._title_size = f"{points}pt"
        self._show_title()

    def _show_title(self, text: str | None = None) -> None:
        """The title in the theme's colour: set anew without it, it came back dark grey (on
        the presentation view's black)."""
        if text is not None:
            self._title = text
        self.setTitle(self._title, color=self._title_colour, size=self._title_size)

    def set_loss(self, loss: Loss) -> None:
        self._loss = loss
        data = loss.data
        if loss.name == "linreg":
            self._show_title(self.tr("Data and fitted lines"))
            self.setLabel("bottom", "a")
            self.setLabel("left", "t")
            self.points.setData(data[:, 0], data[:, 2], brush=pg.mkBrush("#9a9a9a"))
            self._span = (float(data[:, 0].min()), float(data[:, 0].max()))
        else:
            self._show_title(self.tr("Two classes and decision boundaries"))
            self.setLabel("bottom", "a")
            self.setLabel("left", "b")
            brushes = [brush(CLASS_COLOURS[int(label)]) for label in data[:, 2]]
            self.points.setData(data[:, 0], data[:, 1], brush=brushes)
            reach = float(np.abs(data[:, :2]).max())
            self._span = (-reach, reach)
        self.autoRange()

    def update_models(
        self,
        snapshots: dict[int, Snapshot],
        colours: dict[int, str],
        visible: dict[int, bool],
        batches: dict[int, np.ndarray | None],
    ) -> None:
        if self._loss is None:
            return
        for run_id in list(self._lines):
            if run_id not in snapshots:
                self.removeItem(self._lines.pop(run_id))
        ringed: list[int] = []
        low, high = self._span
        for run_id, snap in snapshots.items():
            if run_id not in self._lines:
                self._lines[run_id] = self.plot([], [])
                self._lines[run_id].setZValue(3)
            line = self._lines[run_id]
            shown = visible.get(run_id, True) and len(snap.path) > 0
            line.setVisible(shown)
            if not shown:
                continue
            w1, w2 = snap.theta
            line.setPen(pg.mkPen(colours.get(run_id, "#ffffff"), width=2.5))
            if self._loss.name == "linreg":
                line.setData([low, high], [w1 * low + w2, w1 * high + w2])
            else:
                norm = float(np.hypot(w1, w2)) or 1.0
                direction = np.array([-w2, w1]) / norm * high * 1.5
                line.setData([-direction[0], direction[0]], [-direction[1], direction[1]])
            if batches.get(run_id) is not None:
                ringed.extend(batches[run_id].tolist())
        data = self._loss.data
        if ringed:
            rows = data[np.unique(ringed)]
            y = rows[:, 2] if self._loss.name == "linreg" else rows[:, 1]
            self.batch.setData(rows[:, 0], y)
        else:
            self.batch.clear()

    def line_items(self) -> dict[int, pg.PlotDataItem]:
        return self._lines
