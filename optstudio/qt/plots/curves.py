"""Loss, gradient norm and learning rate against step, one curve per run, x axes linked.

The loss is drawn on a log scale as its gap to the best known minimum (so that losses with
negative minima, like Styblinski-Tang's, can still be read on a log axis).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication

from ..engine_thread import Snapshot

FLOOR = 1e-16


def _tr(text: str) -> str:
    return QCoreApplication.translate("CurvesView", text)


class CurvesView(pg.GraphicsLayoutWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setBackground("#101418")
        self.loss_plot = self.addPlot(row=0, col=0)
        self.grad_plot = self.addPlot(row=1, col=0)
        self.lr_plot = self.addPlot(row=2, col=0)
        self.loss_plot.setLabel("left", _tr("loss − min"))
        self.grad_plot.setLabel("left", _tr("‖∇f‖"))
        self.lr_plot.setLabel("left", _tr("learning rate"))
        self.lr_plot.setLabel("bottom", _tr("step"))
        for plot in (self.loss_plot, self.grad_plot):
            plot.setLogMode(x=False, y=True)
        for plot in (self.loss_plot, self.grad_plot, self.lr_plot):
            plot.showGrid(x=True, y=True, alpha=0.2)
            plot.setClipToView(True)
        self.grad_plot.setXLink(self.loss_plot)
        self.lr_plot.setXLink(self.loss_plot)
        self._minimum = 0.0
        self._curves: dict[int, tuple[pg.PlotDataItem, ...]] = {}

    def set_minimum(self, value: float) -> None:
        self._minimum = value

    def update_curves(
        self, snapshots: dict[int, Snapshot], colours: dict[int, str], visible: dict[int, bool]
    ) -> None:
        for run_id in list(self._curves):
            if run_id not in snapshots:
                for plot, item in zip(self._plots(), self._curves.pop(run_id), strict=True):
                    plot.removeItem(item)
        for run_id, snap in snapshots.items():
            if run_id not in self._curves:
                self._curves[run_id] = tuple(plot.plot([], []) for plot in self._plots())
            shown = visible.get(run_id, True) and len(snap.steps) > 0
            pen = pg.mkPen(colours.get(run_id, "#ffffff"), width=2)
            gap = np.maximum(snap.loss_curve - self._minimum, FLOOR)
            values = (gap, np.maximum(snap.grad_curve, FLOOR), snap.lr_curve)
            for item, y in zip(self._curves[run_id], values, strict=True):
                item.setVisible(shown)
                if shown:
                    item.setPen(pen)
                    item.setData(snap.steps, y)

    def curve_items(self, run_id: int) -> tuple[pg.PlotDataItem, ...]:
        return self._curves[run_id]

    def _plots(self) -> tuple[pg.PlotItem, ...]:
        return (self.loss_plot, self.grad_plot, self.lr_plot)
