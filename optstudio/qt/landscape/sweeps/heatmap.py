"""The sweep's picture: a heat map over two hyperparameters, or a curve over one.

Log-spaced axes are drawn in log10 of the value (so cells are square); diverged cells are red,
cells not computed yet stay empty. A click on a cell emits its index.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, Signal

from ....engine import _ids
from ....engine.sweep import Axis, ManyRuns
from ...shared.axes import plain_numbers
from ...shared.themes import Theme, style_plot_item

DIVERGED_RGBA = (220, 40, 40, 255)
METRICS = ("final_loss", "steps", "diverged")


def metric_values(runs: ManyRuns, metric: str, minimum: float) -> np.ndarray:
    """What a cell shows: log10 of the final loss's gap to the minimum, the steps taken to
    converge (NaN where the run did not), or 1 for diverged and 0 for the rest."""
    if metric == "steps":
        values = runs.steps.astype(float)
        values[runs.status != _ids.CONVERGED] = math.nan
        return values
    if metric == "diverged":
        return (runs.status == _ids.DIVERGED).astype(float)
    gap = np.maximum(runs.final_loss - minimum, 1e-16)
    return np.log10(gap)


def _axis_coordinates(axis: Axis) -> tuple[np.ndarray, str]:
    values = axis.values
    return (np.log10(values), f"log₁₀ {axis.name}") if axis.log else (values, axis.name)


class HeatMap(pg.PlotWidget):
    cell_clicked = Signal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.addItem(self.image)
        self.curve = self.plot([], [], pen=pg.mkPen("#56b4e9", width=2), symbol="o", symbolSize=5)
        self.diverged = pg.ScatterPlotItem(symbol="x", size=10, pen=pg.mkPen("#dc2828", width=2))
        self.addItem(self.diverged)
        self.marker = pg.ScatterPlotItem(
            symbol="s", size=14, brush=None, pen=pg.mkPen("w", width=2)
        )
        self.marker.setZValue(10)
        self.addItem(self.marker)
        self.colour_map = pg.colormap.get("viridis")
        self.colour_bar = pg.ColorBarItem(
            values=(0, 1), colorMap=self.colour_map, interactive=False, width=14
        )
        plot = self.getPlotItem()
        plot.layout.addItem(self.colour_bar, 2, 5)
        plain_numbers(plot, self.colour_bar)
        self.axes: tuple[Axis, ...] = ()
        self.scene().sigMouseClicked.connect(self._clicked)
        self._coordinates: list[np.ndarray] = []
        self._values = np.zeros(0)
        # Before the first sweep (and after the loss changes) the plot says what to do,
        # rather than being an empty black square.
        self.hint = pg.TextItem("", color="#bbbbbb", anchor=(0.5, 0.5))
        self.addItem(self.hint, ignoreBounds=True)
        self.clear_sweep(self.tr("Choose what to sweep below and press Run sweep."))

    def apply_theme(self, theme: Theme) -> None:
        self.setBackground(theme.plot_background)
        style_plot_item(self.getPlotItem(), theme)
        self.colour_bar.axis.setPen(pg.mkPen(theme.plot_foreground))
        self.colour_bar.axis.setTextPen(pg.mkPen(theme.plot_foreground))
        self.hint.setColor(theme.plot_foreground)
        self.marker.setPen(pg.mkPen(theme.plot_foreground, width=2))

    def clear_sweep(self, hint: str) -> None:
        """No sweep to show: empty axes with `hint` in the middle."""
        self.axes = ()
        self._coordinates = []
        self._values = np.zeros(0)
        self.image.clear()
        self.curve.setData([], [])
        self.diverged.clear()
        self.marker.clear()
        self.colour_bar.setVisible(False)
        plot = self.getPlotItem()
        for side in ("bottom", "left"):
            plot.setLabel(side, "")
            plot.hideAxis(side)  # no 0-to-1 ticks of nothing
        self.setRange(xRange=(0, 1), yRange=(0, 1), padding=0)
        self.hint.setText(hint)
        self.hint.setPos(0.5, 0.5)
        self.hint.setVisible(True)

    def show_axes(self, axes: tuple[Axis, ...], metric: str) -> None:
        self.hint.setVisible(False)
        for side in ("bottom", "left"):
            self.getPlotItem().showAxis(side)
        self.axes = axes
        self._coordinates = []
        labels = {
            "final_loss": self.tr("log₁₀(final loss − min)"),
            "steps": self.tr("steps to converge"),
            "diverged": self.tr("diverged"),
        }
        plot = self.getPlotItem()
        for axis, side in zip(axes, ("bottom", "left"), strict=False):
            coordinates, label = _axis_coordinates(axis)
            self._coordinates.append(coordinates)
            plot.setLabel(side, label)
        one = len(axes) == 1
        self.image.setVisible(not one)
        self.curve.setVisible(one)
        self.colour_bar.setVisible(not one)
        if one:
            plot.setLabel("left", labels[metric])
        self.colour_bar.axis.setLabel(labels[metric])
        self.image.clear()
        self.curve.setData([], [])
        self.diverged.clear()
        self.marker.clear()
        self._set_range()

    def _set_range(self) -> None:
        if not self._coordinates:
            return
        x = self._coordinates[0]
        dx = (x[-1] - x[0]) / max(len(x) - 1, 1) or 1.0
        if len(self._coordinates) == 2:
            y = self._coordinates[1]
            dy = (y[-1] - y[0]) / max(len(y) - 1, 1) or 1.0
            self.setRange(
                xRange=(x[0] - dx / 2, x[-1] + dx / 2),
                yRange=(y[0] - dy / 2, y[-1] + dy / 2),
                padding=0.02,
            )
            self.image.setRect(QRectF(x[0] - dx / 2, y[0] - dy / 2, dx * len(x), dy * len(y)))
        else:
            self.setXRange(x[0] - dx / 2, x[-1] + dx / 2, padding=0.02)

    def show_values(self, values: np.ndarray, runs: ManyRuns) -> None:
        """Values per run (row-major over the axes); NaN where there is nothing to show."""
        self._values = values
        done = runs.done
        diverged = done & (runs.status == _ids.DIVERGED)
        if len(self.axes) == 1:
            x = self._coordinates[0]
            ok = done & np.isfinite(values) & ~diverged
            self.curve.setData(x[ok], values[ok])
            self.diverged.setData(x[diverged], np.full(int(diverged.sum()), _top(values, ok)))
            self._fit_values(values[ok])
            return
        shape = (self.axes[0].count, self.axes[1].count)
        shown = done & np.isfinite(values)
        finite = values[shown & ~diverged]
        low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
        if high <= low:
            high = low + 1.0
        rgba = np.zeros((values.size, 4), dtype=np.ubyte)
        scaled = np.clip((np.nan_to_num(values, nan=low) - low) / (high - low), 0.0, 1.0)
        rgba[shown] = self.colour_map.map(scaled[shown], mode="byte")
        rgba[diverged] = DIVERGED_RGBA
        # row-major image: rows are the second axis (y), columns the first (x)
        picture = rgba.reshape(*shape, 4).transpose(1, 0, 2)
        self.image.setImage(np.ascontiguousarray(picture), autoLevels=False)
        self._set_range()
        self.colour_bar.setLevels((low, high))

    def _fit_values(self, shown: np.ndarray) -> None:
        """The y range of a curve from its own values (a 2-D sweep or another metric before
        left a range in which this curve was off the plot)."""
        if not shown.size:
            self.setYRange(0.0, 1.0, padding=0.05)
            return
        low, high = float(shown.min()), float(shown.max())
        if high - low < 1e-12:
            low, high = low - 0.5, high + 0.5
        self.setYRange(low, high, padding=0.08)

    def mark(self, index: int | None) -> None:
        if index is None or not self._coordinates:
            self.marker.clear()
            return
        position = np.unravel_index(index, tuple(a.count for a in self.axes))
        x = self._coordinates[0][position[0]]
        if len(self.axes) == 2:
            y = self._coordinates[1][position[1]]
        else:  # on the curve, at the cell's own value
            y = self._values[index] if math.isfinite(self._values[index]) else 0.0
        self.marker.setData([x], [y])

    def cell_at(self, x: float, y: float) -> int | None:
        if not self._coordinates:
            return None
        i = int(np.argmin(np.abs(self._coordinates[0] - x)))
        if len(self.axes) == 1:
            return i
        j = int(np.argmin(np.abs(self._coordinates[1] - y)))
        return int(np.ravel_multi_index((i, j), (self.axes[0].count, self.axes[1].count)))

    def _clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        view = self.getViewBox()
        if not view.sceneBoundingRect().contains(event.scenePos()):
            return
        point = view.mapSceneToView(event.scenePos())
        index = self.cell_at(point.x(), point.y())
        if index is not None:
            self.cell_clicked.emit(index)


def _top(values: np.ndarray, ok: np.ndarray) -> float:
    finite = values[ok]
    return float(finite.max()) if finite.size else 0.0
