"""Train and test loss (solid and dashed in each run's colour) and test accuracy against step,
for every run of a model study: how the race goes, and where a network starts to overfit
(its test loss turns up while its training loss goes on down)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QCheckBox, QVBoxLayout, QWidget

from ...live.model_engine import ModelSnapshot
from ..shared.aligned_axes import AlignedAxis, align
from ..shared.axes import cache_axes
from ..shared.solid_grid import solid_axes, solid_grid
from ..shared.stepped_range import SteppedViewBox
from ..shared.themes import Theme, style_plot_item

FLOOR = 1e-16
"""Losses are drawn on a log scale; an exact zero sits at this floor."""
LEGEND_COLUMNS = 2
"""Runs side by side in the legend's row (a run's name and its settings fit twice across)."""
STEP_LOSS_ALPHA = 90
"""Each step's mini-batch loss is drawn in the run's colour at this opacity (of 255): the
noise shows without hiding the whole-set curves drawn over it."""


class LossAxis(AlignedAxis):
    """A log axis that labels only 1, 2 and 5 of each decade: pyqtgraph labels every minor
    tick where a decade has room, and at a projector's font size 0.09, 0.08, 0.07 ran into
    one another."""

    def logTickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        strings = super().logTickStrings(values, scale, spacing)
        plain = []
        for value, text in zip(values, strings, strict=True):
            rounded = round(10**value, -int(np.floor(value + 1e-9)))  # one significant digit
            plain.append(f"{rounded:.10g}" if 1e-4 <= 10**value < 1e5 else text)  # 20, not 2·10¹
        pairs = zip(values, plain, strict=True)
        kept = [text if _is_one_two_five(value) else "" for value, text in pairs]
        # a narrow range (less than a decade) keeps every label rather than one or none
        return kept if sum(bool(text) for text in kept) >= 2 else plain


def _is_one_two_five(value: float) -> bool:
    mantissa = 10 ** (value - np.floor(value + 1e-9))
    return any(abs(mantissa - m) < 1e-6 * m for m in (1.0, 2.0, 5.0))


def _floored(values: np.ndarray) -> np.ndarray:
    """Losses for the log axis (the plot takes the log): an exact zero sits at FLOOR."""
    return np.maximum(values, FLOOR)


class ModelCurvesView(pg.GraphicsLayoutWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        # the legend in a row of its own above the plots: inside the loss plot it sat on a
        # run's curve in whichever corner it went (a falling loss crosses them all)
        self.legend = pg.LegendItem(labelTextSize="9pt", colCount=LEGEND_COLUMNS)
        self.addItem(self.legend, row=0, col=0)
        self.loss_plot = self.addPlot(
            row=1,
            col=0,
            axisItems={**solid_axes(), "left": LossAxis("left")},
            viewBox=SteppedViewBox(),
        )
        self.accuracy_plot = self.addPlot(
            row=2,
            col=0,
            axisItems={**solid_axes(), "left": AlignedAxis("left")},
            viewBox=SteppedViewBox(),
        )
        align(self.loss_plot.getAxis("left"), self.accuracy_plot.getAxis("left"))
        self.loss_plot.setLabel("left", self.tr("loss (— train, - - test)"))
        self._mini_batches = False
        self.loss_plot.geometryChanged.connect(self.fit_labels)
        self.accuracy_plot.setLabel("left", self.tr("test accuracy"))
        self.accuracy_plot.setLabel("bottom", self.tr("step"))
        self.loss_plot.setLogMode(x=False, y=True)
        self.accuracy_plot.setYRange(0.0, 1.0, padding=0.02)
        self.accuracy_plot.setXLink(self.loss_plot)
        self.loss_plot.hideAxis("bottom")
        for plot in self.plots():
            solid_grid(plot)
            plot.getAxis("left").enableAutoSIPrefix(False)
            plot.getAxis("bottom").enableAutoSIPrefix(False)
            cache_axes(plot)
            # no step before the first: at step 0 the axis ran from -1,500
            plot.getViewBox().setLimits(xMin=0)
        self._curves: dict[int, tuple[pg.PlotDataItem, pg.PlotDataItem, pg.PlotDataItem]] = {}
        self._step_curves: dict[int, pg.PlotDataItem] = {}
        self._drawn: dict[int, tuple[Any, tuple]] = {}
        """Each run's snapshot as last drawn, and how: a frame sets again only what changed
        (setting a dozen curves' data every frame was most of a lab frame's Python)."""
        """Each mini-batch run's loss of every step, faint beneath its curves."""
        self.line_width = 2.0
        self._legend_key: tuple = ()
        self.by_epoch = False
        """The x axis in epochs (step x batch / training rows, each run's own), not steps."""

    def set_by_epoch(self, on: bool) -> None:
        """Steps or epochs along the x axis (the next update draws the curves so)."""
        self.by_epoch = bool(on)
        self.accuracy_plot.setLabel("bottom", self._x_text())
        if not self.accuracy_plot.isVisible():
            self.loss_plot.setLabel("bottom", self._x_text())
        # The loss plot frames the curves in the new unit (its x spans the accuracy's: its
        # faint curve of each step runs on past the last recorded row); the accuracy plot
        # follows its x through the link and keeps its 0 to 1. Both fitting themselves, the
        # one that fitted last set the other's x, and the accuracy's y left 0 to 1.
        self.loss_plot.enableAutoRange()

    def _x_text(self) -> str:
        return self.tr("epoch") if self.by_epoch else self.tr("step")

    def with_axis_choice(self) -> QWidget:
        """The curves with a box under them that puts epochs along the x axis."""
        box = QCheckBox(self.tr("Epochs along the x axis"))
        box.setToolTip(
            self.tr("An epoch is a pass over the training set: steps x batch / training rows")
        )
        box.toggled.connect(self.set_by_epoch)
        self.epoch_box = box
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self, 1)
        column.addWidget(box, 0, Qt.AlignmentFlag.AlignRight)
        return holder

    def plots(self) -> tuple[pg.PlotItem, ...]:
        return (self.loss_plot, self.accuracy_plot)

    def show_accuracy(self, shown: bool) -> None:
        """A regression has no accuracy: its plot goes and the loss plot takes the room."""
        self.accuracy_plot.setVisible(shown)
        if shown:
            self.loss_plot.hideAxis("bottom")
        else:
            self.loss_plot.showAxis("bottom")
            self.loss_plot.setLabel(
                "bottom", self.tr("epoch") if self.by_epoch else self.tr("step")
            )

    def update_curves(
        self,
        snapshots: dict[int, ModelSnapshot],
        colours: dict[int, str],
        visible: dict[int, bool],
        names: dict[int, str] | None = None,
    ) -> None:
        for run_id in list(self._curves):
            if run_id not in snapshots:
                self._drawn.pop(run_id, None)
                for item in (*self._curves.pop(run_id), self._step_curves.pop(run_id)):
                    item.getViewBox() and item.getViewBox().removeItem(item)
        for run_id, snap in snapshots.items():
            if run_id not in self._curves:
                self._curves[run_id] = (
                    self.loss_plot.plot(),
                    self.loss_plot.plot(),
                    self.accuracy_plot.plot(),
                )
                self._step_curves[run_id] = self.loss_plot.plot()
                self._step_curves[run_id].setZValue(-5)
            train, test, accuracy = self._curves[run_id]
            each_step = self._step_curves[run_id]
            colour = colours.get(run_id, "#888888")
            style = (colour, self.line_width, visible.get(run_id, True), self.by_epoch)
            drawn = self._drawn.get(run_id)
            if drawn is not None and drawn[0] is snap and drawn[1] == style:
                continue  # the same snapshot, drawn alike: its curves stand as they are
            self._drawn[run_id] = (snap, style)
            solid = pg.mkPen(colour, width=self.line_width)
            dashed = pg.mkPen(colour, width=self.line_width, style=Qt.PenStyle.DashLine)
            shown = visible.get(run_id, True)
            steps = snap.steps.astype(np.float64)
            if self.by_epoch:
                steps = snap.epoch_of(snap.steps)
            train.setData(steps, _floored(snap.train_curve), pen=solid)
            test.setData(steps, _floored(snap.test_curve), pen=dashed)
            accuracy.setData(steps, snap.accuracy_curve, pen=solid)
            for item in (train, test, accuracy):
                item.setVisible(shown)
            if snap.step_loss_steps is not None and len(snap.step_loss_steps):
                faint = pg.mkColor(colour)
                faint.setAlpha(STEP_LOSS_ALPHA)
                each_step.setData(
                    snap.epoch_of(snap.step_loss_steps)
                    if self.by_epoch
                    else snap.step_loss_steps.astype(np.float64),
                    _floored(snap.step_loss_curve),
                    pen=pg.mkPen(faint, width=1),
                )
                each_step.setVisible(shown)
            else:
                each_step.setData([], [])
                each_step.setVisible(False)
        self._set_loss_label(any(s.step_loss_steps is not None for s in snapshots.values()))
        self._show_legend(snapshots, colours, visible, names or {})

    def _show_legend(self, snapshots, colours, visible, names) -> None:
        """Each shown run's name beside its colour (rebuilt only when that changes), so that
        an exported figure says which curve is which."""
        key = tuple(
            (k, names.get(k, ""), colours.get(k), visible.get(k, True), self.line_width)
            for k in snapshots
        )
        if key == self._legend_key:
            return
        self._legend_key = key
        self.legend.clear()
        for run_id in snapshots:
            if visible.get(run_id, True) and run_id in self._curves:
                self.legend.addItem(self._curves[run_id][0], names.get(run_id, str(run_id)))

    def _set_loss_label(self, mini_batches: bool) -> None:
        """The loss axis's label says which line is which. Where it does not fit along the
        plot (at 1280x800 with a scenario's explanation open, on the projector) it ran into
        the accuracy's label: then the axis says "loss" and the key goes above the plot,
        where a line of text has the plot's width."""
        key = (
            self.tr("loss (— train, - - test, faint: batch)")
            if mini_batches
            else self.tr("loss (— train, - - test)")
        )
        axis = self.loss_plot.getAxis("left")
        along = QFontMetrics(axis.label.font()).horizontalAdvance(key)
        fits = along <= self.loss_plot.height() - 10
        label = key if fits else self.tr("loss")
        title = "" if fits else key
        if self.loss_plot.titleLabel.text != title:
            points = axis.label.font().pointSize()
            self.loss_plot.setTitle(title or None, size=f"{points}pt")
        self._mini_batches = mini_batches
        axis = self.loss_plot.getAxis("left")
        if axis.labelText != label:
            self.loss_plot.setLabel("left", label)
            axis.setToolTip(
                self.tr(
                    "Solid: the loss over the whole training set; dashed: over the test set, "
                    "both at the steps where a row was recorded. Faint: the loss of the "
                    "mini-batch each step was taken on, at every step."
                )
                if mini_batches
                else ""
            )

    def step_loss_item(self, run_id: int) -> pg.PlotDataItem:
        """The run's loss of each step (empty and hidden for a full-batch run)."""
        return self._step_curves[run_id]

    def curve_items(self, run_id: int) -> tuple[pg.PlotDataItem, ...]:
        """The run's train loss, test loss and test accuracy curves."""
        return self._curves[run_id]

    def set_line_width(self, width: float) -> None:
        self.line_width = width

    def fit_labels(self) -> None:
        """The loss label again, for the plot's height and the label's font now."""
        self._set_loss_label(self._mini_batches)

    def set_legend_size(self, points: int) -> None:
        self.legend.setLabelTextSize(f"{points}pt")
        self._legend_key = ()

    def apply_theme(self, theme: Theme) -> None:
        self.setBackground(theme.plot_background)
        self.legend.setBrush(pg.mkBrush(theme.legend_background))
        self.legend.setLabelTextColor(theme.legend_text)
        self._legend_key = ()
        for plot in self.plots():
            style_plot_item(plot, theme)
