"""Loss, gradient norm and learning rate against step, one curve per run, x axes linked.

The loss is drawn on a log scale as its gap to the best known minimum (so that losses with
negative minima, like Styblinski-Tang's, can still be read on a log axis). Where no minimum is
known, the loss itself is drawn: on a log scale while every loss shown is positive, else on a
symmetric log scale (a loss below zero is not floored into a fake convergence). The axis label
says which.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg

from ...live.snapshots import Snapshot
from ..shared.aligned_axes import AlignedAxis, align
from ..shared.axes import cache_axes
from ..shared.solid_grid import solid_axes, solid_grid
from ..shared.themes import Theme, style_plot_item
from .symlog import SymlogAxis, symlog

FLOOR = 1e-16


class CurvesView(pg.GraphicsLayoutWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setBackground("#101418")
        self.loss_plot = self.addPlot(
            row=0, col=0, axisItems={**solid_axes(), "left": SymlogAxis("left")}
        )
        self.grad_plot = self.addPlot(
            row=1, col=0, axisItems={**solid_axes(), "left": AlignedAxis("left")}
        )
        self.lr_plot = self.addPlot(
            row=2, col=0, axisItems={**solid_axes(), "left": AlignedAxis("left")}
        )
        align(*(plot.getAxis("left") for plot in self.plots()))
        self.grad_plot.setLabel("left", self.tr("‖∇f‖"))
        self.lr_plot.setLabel("left", self.tr("learning rate"))
        self.lr_plot.setLabel("bottom", self.tr("step"))
        for plot in (self.loss_plot, self.grad_plot, self.lr_plot):
            plot.setLogMode(x=False, y=True)
            plot.getAxis("left").enableAutoSIPrefix(False)
            plot.getAxis("bottom").enableAutoSIPrefix(False)
            plot.setYRange(-4, 2, padding=0)
        for plot in (self.loss_plot, self.grad_plot, self.lr_plot):
            solid_grid(plot)
            plot.setClipToView(True)
        self.grad_plot.setXLink(self.loss_plot)
        self.lr_plot.setXLink(self.loss_plot)
        # The x axes are linked: the step axis under the last plot serves all three.
        self.loss_plot.hideAxis("bottom")
        self.grad_plot.hideAxis("bottom")
        for plot in self.plots():
            cache_axes(plot)
            plot.getViewBox().disableAutoRange()
            plot.getViewBox().sigRangeChangedManually.connect(self._user_moved)
        self.following = True
        self._ranges: dict[str, tuple[float, float]] = {}
        self._minimum: float | None = 0.0
        self.max_steps = 0
        self._curves: dict[int, tuple[pg.PlotCurveItem, ...]] = {}
        self._colours: dict[int, str] = {}
        self._drawn: dict[int, tuple | None] = {}
        """What each run's curves show (its snapshot, colour, floor and width)."""
        self.loss_scale = ""
        """"gap" (log of loss − the known minimum), "log" (log of the loss: no minimum known,
        every loss positive) or "symlog" (no minimum known, some loss at or below zero)."""
        self._set_loss_scale("gap")
        self.line_width = 1.0

    def set_minimum(self, value: float | None) -> None:
        """The loss's known minimum, or None where none is known."""
        self._minimum = value

    def _set_loss_scale(self, scale: str) -> None:
        if scale == self.loss_scale:
            return
        self.loss_scale = scale
        axis = self.loss_plot.getAxis("left")
        axis.scaled = scale == "symlog"
        self.loss_plot.setLogMode(x=False, y=scale != "symlog")
        # Short: the label runs along a plot a few hundred pixels high. The tooltip says why.
        label, why = {
            "gap": (
                self.tr("loss − min (log)"),
                self.tr("The loss's gap to its known minimum, on a log scale."),
            ),
            "log": (
                self.tr("loss (log)"),
                self.tr("No minimum of this loss is known: the loss itself, on a log scale."),
            ),
            "symlog": (
                self.tr("loss (signed log)"),
                self.tr(
                    "No minimum of this loss is known and it goes below zero: the loss itself, "
                    "on a symmetric log scale (linear near zero, logarithmic beyond ±1)."
                ),
            ),
        }[scale]
        self.loss_plot.setLabel("left", label)
        self.loss_plot.getAxis("left").setToolTip(why)
        self._drawn.clear()
        self._ranges.pop("loss", None)

    def _scale_for(self, snapshots: dict[int, Snapshot], visible: dict[int, bool]) -> str:
        if self._minimum is not None:
            return "gap"
        for run_id, snap in snapshots.items():
            if visible.get(run_id, True) and len(snap.loss_curve):
                with np.errstate(invalid="ignore"):
                    if np.any(snap.loss_curve <= 0):
                        return "symlog"
        return "log"

    def loss_y(self, losses: np.ndarray) -> np.ndarray:
        """The loss plot's y of each loss, on the scale in force."""
        if self.loss_scale == "symlog":
            return symlog(losses)
        minimum = self._minimum if self._minimum is not None else 0.0
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.log10(np.maximum(losses - minimum, FLOOR))

    def update_curves(
        self, snapshots: dict[int, Snapshot], colours: dict[int, str], visible: dict[int, bool]
    ) -> None:
        self._set_loss_scale(self._scale_for(snapshots, visible))
        for run_id in list(self._curves):
            if run_id not in snapshots:
                for plot, item in zip(self.plots(), self._curves.pop(run_id), strict=True):
                    plot.removeItem(item)
                self._colours.pop(run_id, None)  # a later run may take the same id
                self._drawn.pop(run_id, None)
        for run_id, snap in snapshots.items():
            if run_id not in self._curves:
                self._curves[run_id] = tuple(self._new_curve(plot) for plot in self.plots())
            shown = visible.get(run_id, True) and len(snap.steps) > 0
            colour = colours.get(run_id, "#ffffff")
            key = (snap, colour, self._minimum, self.line_width, self.loss_scale)
            drawn = self._drawn.get(run_id)
            if shown and drawn is not None and drawn[0] is snap and drawn[1:] == key[1:]:
                continue  # the engine did not replace this run's snapshot: nothing to redo
            with np.errstate(divide="ignore", invalid="ignore"):
                values = (
                    self.loss_y(snap.loss_curve),
                    np.log10(np.maximum(snap.grad_curve, FLOOR)),
                    np.log10(snap.lr_curve),
                )
            for item, y in zip(self._curves[run_id], values, strict=True):
                item.setVisible(shown)
                if shown:
                    if self._colours.get(run_id) != colour:
                        # A cosmetic one-pixel pen: thicker lines take Qt's slow stroking path.
                        item.setPen(pg.mkPen(colour, width=self.line_width))
                    item.setData(snap.steps, y)
            self._colours[run_id] = colour if shown else ""
            self._drawn[run_id] = key if shown else None
        if self.following:
            self._fit(snapshots, visible)

    @staticmethod
    def _new_curve(plot: pg.PlotItem) -> pg.PlotCurveItem:
        """A bare curve given log10 values (the plots' axes are logarithmic): pyqtgraph's
        PlotDataItem would map them itself, at three times the cost of the whole update,
        24 times a frame."""
        curve = pg.PlotCurveItem(antialias=False, connect="finite")
        plot.addItem(curve)
        return curve

    def _user_moved(self, *_args) -> None:
        """A zoom or pan by the user stops the automatic ranges until `follow()`."""
        self.following = False

    def follow(self) -> None:
        self.following = True
        self._ranges = {}

    def _fit(self, snapshots: dict[int, Snapshot], visible: dict[int, bool]) -> None:
        """Ranges that change in coarse jumps (x doubles, y moves by decades), so the axes,
        whose text is the costliest thing to draw, are redrawn rarely and not every frame."""
        shown = [s for k, s in snapshots.items() if visible.get(k, True) and len(s.steps)]
        if not shown:
            return
        last = max(int(s.steps[-1]) for s in shown)
        span = self._ranges.get("x", (0.0, 0.0))[1]
        if last > span or last < span / 8:
            span = float(2 ** math.ceil(math.log2(max(last, 8) * 1.05)))
            if self.max_steps >= last:
                span = min(span, float(self.max_steps))
            self._set(self.loss_plot, "x", (0.0, max(span, 1.0)))
        with np.errstate(divide="ignore", invalid="ignore"):
            series = {
                "loss": [self.loss_y(s.loss_curve) for s in shown],
                "grad": [np.log10(np.maximum(s.grad_curve, FLOOR)) for s in shown],
                "lr": [np.log10(s.lr_curve) for s in shown],
            }
        for key, plot in zip(series, self.plots(), strict=True):
            values = np.concatenate(series[key])
            values = values[np.isfinite(values)]
            if not values.size:
                continue
            if key == "loss" and self.loss_scale == "symlog":
                low, high = float(values.min()), float(values.max())
                pad = max(0.05 * (high - low), 0.05)
                span = (low - pad, high + pad)
                current = self._ranges.get(key)
                if (
                    current is None
                    or span[0] < current[0]
                    or span[1] > current[1]
                    or (current[1] - current[0] > 2 * (span[1] - span[0]) + 1)
                ):
                    self._set(plot, key, span)
                continue
            low = math.floor(values.min())
            high = math.ceil(values.max()) + 0.2
            if high - low < 3:  # a few decades at least, or the log axis crowds its labels
                low, high = math.floor((low + high) / 2) - 1.5, math.floor((low + high) / 2) + 1.7
            current = self._ranges.get(key)
            if (
                current is None
                or low < current[0]
                or high > current[1]
                or (current[1] - current[0] > 2 * (high - low) + 2)
            ):
                self._set(plot, key, (low - 0.5, high))

    def _set(self, plot: pg.PlotItem, key: str, span: tuple[float, float]) -> None:
        self._ranges[key] = span
        if key == "x":
            plot.setXRange(*span, padding=0)
        else:
            plot.setYRange(*span, padding=0)

    def set_line_width(self, width: float) -> None:
        self.line_width = width
        self._colours.clear()

    def apply_theme(self, theme: Theme) -> None:
        self.setBackground(theme.plot_background)
        for plot in self.plots():
            style_plot_item(plot, theme)

    def curve_items(self, run_id: int) -> tuple[pg.PlotCurveItem, ...]:
        """Each run's loss, gradient norm and learning-rate curves (the loss's y by `loss_y`,
        the others' in log10)."""
        return self._curves[run_id]

    def plots(self) -> tuple[pg.PlotItem, ...]:
        return (self.loss_plot, self.grad_plot, self.lr_plot)
