"""The views of a tuning study: each trial's metric against its first hyperparameter (a heat
map when two are gridded), the best so far in the order Optuna asked, each optimizer's best
setting beside its defaults over the seeds (box plots), and every trial ranked in a table,
diverged and pruned ones included. A click on a point or a double click on a row chooses
that trial (the dialog adds it to the race).

What they show is `TuningResult`'s trials and nothing else: the tests read each view back and
compare it with the trials table.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...studies.model import MODEL_PALETTE
from ...tuning.metrics import METRICS
from ...tuning.space import value_text
from ...tuning.study import TrialResult, TuningPlan, TuningResult
from ..shared.axes import cache_axes, label_axis, log_x
from ..shared.solid_grid import solid_axes, solid_grid
from ..shared.tables import read_only
from ..shared.themes import Theme, style_plot_item
from .box_plot import Box, draw_boxes
from .model_curves import LossAxis

MEAN_COLUMN = 3


def ranked(trials: list[TrialResult], metric: str) -> list[TrialResult]:
    """Best first, down to the trials that diverged or failed (the worst value there is), then
    the pruned ones (no value), each group's ties in the order asked."""
    sign = 1.0 if METRICS[metric] == "minimize" else -1.0

    def key(trial: TrialResult) -> tuple:
        score = math.inf if math.isnan(trial.value) else sign * trial.value
        return (trial.pruned, score, trial.optimizer, trial.number)

    return sorted(trials, key=key)


def mean_text(trial: TrialResult) -> str:
    """The table's Mean: the number, or what became of a trial that has none."""
    if trial.pruned:
        steps = min(s.get("steps", 0) for s in trial.seeds.values())
        return QCoreApplication.translate("TuningViews", "pruned at step {0}").format(steps)
    if any(str(s.get("status", "")).startswith("error") for s in trial.seeds.values()):
        return QCoreApplication.translate("TuningViews", "failed")
    if not math.isfinite(trial.value):
        return QCoreApplication.translate("TuningViews", "diverged")
    return f"{trial.value:.4g}"


def study_text(base: dict[str, Any]) -> str:
    """The network a study tuned, as its summary names it: "circle, hidden 4-2 tanh, batches
    of 10, 60 steps"."""
    dataset = str(base.get("dataset", ""))
    if dataset.startswith("csv:"):
        dataset = dataset[4:].replace("\\", "/").rsplit("/", 1)[-1]
    hidden = "-".join(str(h) for h in base.get("hidden", ()))
    activation = base.get("activation", "")
    if not isinstance(activation, str):
        activation = "/".join(activation)
    shape = (
        QCoreApplication.translate("TuningViews", "hidden {0} {1}").format(hidden, activation)
        if hidden
        else QCoreApplication.translate("TuningViews", "no hidden layer")
    )
    batch = base.get("batch_size")
    rows = (
        QCoreApplication.translate("TuningViews", "batches of {0}").format(batch)
        if batch
        else QCoreApplication.translate("TuningViews", "full batch")
    )
    return QCoreApplication.translate("TuningViews", "{0}, {1}, {2}, {3} steps").format(
        dataset, shape, rows, base.get("steps", "?")
    )


def same_network(base: dict[str, Any], settings: dict[str, Any]) -> bool:
    """Whether the lab's study (`network_settings`) is the one the study tuned."""

    def plain(value: Any) -> Any:
        return list(value) if isinstance(value, tuple) else value

    return all(plain(base.get(k)) == plain(v) for k, v in settings.items())


def axis_value(value: Any, dimension: Any) -> float:
    if dimension.choices:
        return float(dimension.choices.index(value))
    return float(value)


def nearest(values: list[Any], value: Any) -> int:
    """The grid index of a trial's value (a float drawn from the grid, or a listed choice)."""
    if value in values:
        return values.index(value)
    return int(np.argmin([abs(float(v) - float(value)) for v in values]))


class TuningViews(QWidget):
    trial_chosen = Signal(object)

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self.plan: TuningPlan | None = None
        self.trials: list[TrialResult] = []
        self._compared: tuple | None = None
        """The box plots as drawn (they are drawn again only when a best trial changes)."""
        self._laid_out: TuningPlan | None = None
        self._points: dict[str, tuple[pg.ErrorBarItem, pg.PlotDataItem]] = {}
        self._lines: dict[str, pg.PlotDataItem] = {}
        self._image: pg.ImageItem | None = None
        """A study's items, made once and given new data as trials arrive (making them anew
        five times a second took 20 ms of the window's time each)."""
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel(self.tr("Pick optimizers, a space and a budget, then Start."))
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note = QLabel()  # the lab now trains another network than these trials tuned
        self.note.setWordWrap(True)
        self.note.setStyleSheet("font-weight: bold;")
        self.note.hide()
        # lr on a log axis labelled 0.01, 0.02, 0.05 (not "2·10¹" under "(x0.001)")
        self.scatter = pg.PlotWidget(axisItems={**solid_axes(), "bottom": LossAxis("bottom")})
        self.history = pg.PlotWidget(axisItems=solid_axes())
        self.compare = pg.PlotWidget(axisItems=solid_axes())
        for plot in (self.scatter, self.history, self.compare):
            solid_grid(plot)
            cache_axes(plot.getPlotItem())
            for side in ("left", "bottom"):  # values as they are, not "(x0.001)"
                plot.getAxis(side).enableAutoSIPrefix(False)
            plot.addLegend(offset=(-10, 10))
        self.history.setLabel("bottom", self.tr("trial, in the order asked"))
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Optimizer"),
                self.tr("Trial"),
                self.tr("Values"),
                self.tr("Mean"),
                self.tr("± over seeds"),
            ]
        )
        read_only(self.table, select_rows=True)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.cellDoubleClicked.connect(lambda row, _c: self._choose(self.trial_at(row)))
        views = QSplitter(Qt.Orientation.Vertical)
        views.addWidget(self.scatter)
        below = QSplitter(Qt.Orientation.Horizontal)
        below.addWidget(self.history)
        below.addWidget(self.compare)
        views.addWidget(below)
        views.addWidget(self.table)
        views.setSizes([4000, 3000, 3000])  # shares of the height: the table shows ten trials
        column.addWidget(self.summary)
        column.addWidget(self.note)
        column.addWidget(views, 1)
        self.apply_theme(theme)

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        self._compared = self._laid_out = None  # every item in the new colours
        for plot in (self.scatter, self.history, self.compare):
            plot.setBackground(theme.plot_background)
            style_plot_item(plot.getPlotItem(), theme)
            plot.getPlotItem().legend.setLabelTextColor(theme.legend_text)
            plot.getPlotItem().legend.setBrush(pg.mkBrush(*theme.legend_background))
        self.show_trials(self.plan, self.trials)

    # ----- what is shown -----
    def show_trials(self, plan: TuningPlan | None, trials: list[TrialResult]) -> None:
        self.plan, self.trials = plan, list(trials)
        if plan is not self._laid_out:  # a new study: new items (the old ones' legends go)
            self._laid_out = plan
            for plot in (self.scatter, self.history):
                plot.clear()
            self._points, self._lines, self._image = {}, {}, None
        self._fill_table()
        if plan is None:
            self.compare.clear()
            self._compared = None
            return
        self._draw_comparison()
        if not self._draw_heat_map():
            self._draw_scatter()
        self._draw_history()
        self.summary.setText(self._summary())

    def mark_network(self, settings: dict[str, Any]) -> None:
        """Say so when the lab trains another network or data than these trials tuned."""
        stale = self.plan is not None and not same_network(self.plan.base, settings)
        self.note.setVisible(stale)
        if stale:
            self.note.setText(
                self.tr("These trials tuned {0}; the lab's network or data have changed since. "
                    "Start again to tune the lab's.").format(study_text(self.plan.base))
            )  # fmt: skip

    def trial_at(self, row: int) -> TrialResult | None:
        item = self.table.item(row, 0) if row >= 0 else None
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def colour(self, optimizer: str) -> str:
        names = list(self.plan.spaces) if self.plan else [optimizer]
        index = names.index(optimizer) if optimizer in names else 0
        return MODEL_PALETTE[index % len(MODEL_PALETTE)]

    # ----- drawing -----
    def _tried(self, name: str) -> list[TrialResult]:
        return [t for t in self.trials if t.optimizer == name and not t.is_defaults]

    def _draw_scatter(self) -> None:
        plan = self.plan
        first = next(iter(plan.spaces.values()))[0]
        self.scatter.getAxis("bottom").setTicks(None)
        self.scatter.getAxis("left").setTicks(None)
        label_axis(self.scatter, "left", plan.metric.replace("_", " "))
        label_axis(self.scatter, "bottom", first.name)
        log_x(self.scatter, first.log and not first.choices)
        for name in plan.spaces:
            shown = [
                t for t in self._tried(name) if math.isfinite(t.value) and first.name in t.values
            ]
            xs = np.array([axis_value(t.values[first.name], first) for t in shown], dtype=float)
            ys = np.array([t.value for t in shown], dtype=float)
            spread = np.nan_to_num(np.array([t.spread for t in shown], dtype=float))
            if name not in self._points:
                if not shown:
                    continue
                colour = QColor(self.colour(name))
                bars = pg.ErrorBarItem(x=xs[:0], y=ys[:0], height=ys[:0], pen=colour)
                self.scatter.addItem(bars)
                points = self.scatter.plot([], [], pen=None, symbol="o", symbolBrush=colour,
                                           symbolPen=None, name=name)  # fmt: skip
                # a click on a trial's point adds it to the race, as a double click in the table
                points.sigPointsClicked.connect(self._point_clicked)
                self._points[name] = (bars, points)
            bars, points = self._points[name]
            bars.setData(x=np.log10(xs) if first.log else xs, y=ys, height=2 * spread)
            points.setData(xs, ys, data=shown)

    def _draw_history(self) -> None:
        """Each optimizer's best metric among its trials up to each trial number (Optuna's
        order of asking, the same however the trials were spread over workers)."""
        metric = self.plan.metric
        minimize = METRICS[metric] == "minimize"
        best = self.tr("best {0} so far").format(metric.replace("_", " "))
        label_axis(self.history, "left", best)
        last = max((t.number + 1 for t in self.trials if not t.is_defaults), default=0)
        # trial numbers are whole: ticks at 1.5 and 2.5 read as trials that were not
        whole = [[(n, str(n)) for n in range(1, last + 1)]] if 0 < last <= 20 else None
        self.history.getAxis("bottom").setTicks(whole)
        for name in self.plan.spaces:
            tried = sorted(self._tried(name), key=lambda t: t.number)
            if not tried:
                continue
            values = np.array([t.value for t in tried], dtype=float)
            values = np.nan_to_num(values, nan=np.inf if minimize else 0.0)  # pruned: no best
            running = (np.minimum if minimize else np.maximum).accumulate(values)
            numbers = np.array([t.number + 1 for t in tried], dtype=float)
            if name not in self._lines:
                self._lines[name] = self.history.plot(
                    pen=pg.mkPen(self.colour(name), width=2), name=name, connect="finite"
                )
            self._lines[name].setData(numbers, running)

    def _draw_heat_map(self) -> bool:
        """With a grid over two dimensions, the first optimizer's mean metric as a heat map
        over the grid (cells not tried yet left empty); False if the space is not that."""
        plan = self.plan
        name = next(iter(plan.spaces))
        space = plan.spaces[name]
        if plan.sampler != "grid" or len(space) != 2:
            return False
        first, second = space
        xs, ys = first.grid(plan.grid_points), second.grid(plan.grid_points)
        grid = np.full((len(ys), len(xs)), np.nan)
        for trial in self._tried(name):
            if math.isfinite(trial.value):
                i = nearest(ys, trial.values[second.name])
                j = nearest(xs, trial.values[first.name])
                grid[i, j] = trial.value
        log_x(self.scatter, False)
        finite = grid[np.isfinite(grid)]
        levels = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
        if self._image is None:
            self._image = pg.ImageItem(axisOrder="col-major")
            self._image.setColorMap(pg.colormap.get("viridis"))
            self.scatter.addItem(self._image)
        self._image.setImage(grid.T, levels=levels)
        self.scatter.getAxis("bottom").setTicks(
            [[(j + 0.5, value_text(v)) for j, v in enumerate(xs)]]
        )
        self.scatter.getAxis("left").setTicks(
            [[(i + 0.5, value_text(v)) for i, v in enumerate(ys)]]
        )
        label_axis(self.scatter, "bottom", first.name)
        label_axis(
            self.scatter,
            "left",
            self.tr("{0} ({1}: {2}, dark is low)").format(
                second.name, name, plan.metric.replace("_", " ")
            ),
        )
        return True

    def _draw_comparison(self) -> None:
        """Each optimizer's best trial (filled) and its defaults (hollow) over the seeds, as
        box plots: the comparison Schmidt, Schneider & Hennig draw."""
        result = TuningResult(self.plan, list(self.trials))
        boxes, ticks = [], []
        for i, name in enumerate(self.plan.spaces):
            colour = self.colour(name)
            for offset, trial, filled in ((0.0, result.best(name), True),
                                          (0.8, result.defaults(name), False)):  # fmt: skip
                if trial is not None and trial.seeds:
                    values = tuple(s[self.plan.metric] for s in trial.seeds.values())
                    boxes.append(Box(2.0 * i + offset, values, colour, filled))
            ticks.append((2.0 * i + 0.4, name))
        if (boxes, ticks, self.plan.metric) == self._compared:
            return  # the best trials are as drawn: a new trial that is not best changes nothing
        self._compared = (boxes, ticks, self.plan.metric)
        self.compare.clear()
        draw_boxes(self.compare.getPlotItem(), boxes)
        self.compare.getAxis("bottom").setTicks([ticks])
        metric = self.plan.metric.replace("_", " ")
        label_axis(self.compare, "left", self.tr("{0}, each seed").format(metric))
        label_axis(self.compare, "bottom", self.tr("tuned (filled) and defaults (hollow)"))

    def _fill_table(self) -> None:
        shown = ranked(self.trials, self.plan.metric) if self.plan else []
        self.table.setRowCount(len(shown))
        for row, trial in enumerate(shown):
            values = ", ".join(f"{k}={value_text(v)}" for k, v in sorted(trial.values.items()))
            spread = f"{trial.spread:.2g}" if math.isfinite(trial.spread) else "–"
            cells = (
                trial.optimizer,
                self.tr("defaults") if trial.is_defaults else str(trial.number),
                values or self.tr("its defaults"),
                mean_text(trial),
                spread,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, trial)
                if column == 0:
                    item.setForeground(QColor(self.colour(trial.optimizer)))
                self.table.setItem(row, column, item)

    def _summary(self) -> str:
        result = TuningResult(self.plan, list(self.trials))
        lines = []
        for name in self.plan.spaces:
            best, defaults = result.best(name), result.defaults(name)
            if best is None:
                continue
            values = ", ".join(f"{k}={value_text(v)}" for k, v in sorted(best.values.items()))
            text = self.tr("{0}: tuned {1:.4g} ± {2:.2g} ({3})").format(
                name, best.value, best.spread, values
            )
            if defaults is not None and math.isfinite(defaults.value):
                text += self.tr("; defaults {0:.4g} ± {1:.2g}").format(
                    defaults.value, defaults.spread
                )
            lines.append(text)
        head = self.tr("{0} over {1} seeds, the same budget of {2} trials for each; {3}:").format(
            self.plan.metric.replace("_", " "),
            len(self.plan.seed_list()),
            self.plan.trials,
            study_text(self.plan.base),
        )
        return "\n".join([head, *lines])

    # ----- choosing a trial -----
    def _point_clicked(self, _item: Any, points: Any, _event: Any) -> None:
        """pyqtgraph hands the points under the click as an array (several where trials'
        points overlap): the first is chosen."""
        if len(points):
            self._choose(points[0].data())

    def _choose(self, trial: TrialResult | None) -> None:
        if trial is not None:
            self.trial_chosen.emit(trial)
