"""Tune… in the lab: a tuning study of the lab's network and data (`optstudio.tuning`), its
trials drawn as they arrive, each optimizer's best setting beside its defaults, and a trial
added to the race with a double click.

The study runs in a thread of its own that only waits on Dask (the trials train in worker
processes, on this machine or a cluster), so the window keeps drawing; Cancel stops it, and no
worker process outlives it.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...studies.model import MODEL_PALETTE
from ...tuning.metrics import METRICS
from ...tuning.pruning import PRUNERS
from ...tuning.space import DEFAULT_LR_RANGE, STUDY_SETTINGS, optimizer_spaces, value_text
from ...tuning.study import SAMPLERS, TrialResult, TuningPlan, TuningResult
from ..shared.tables import read_only
from ..shared.themes import Theme, style_plot_item
from .box_plot import Box, draw_boxes
from .model_curves import LossAxis
from .tuning_thread import StudyThread, axis_value, nearest

RUN_SETTINGS = ("batch_size",)
"""A trial's values that a run of the race takes as its own (the rest are the optimizer's
hyperparameters, or the study's network, which every run shares)."""


class TuningDialog(QDialog):
    def __init__(self, window: Any, theme: Theme) -> None:
        super().__init__(window)
        self.lab = window
        """The lab window (QWidget.window() keeps its name)."""
        self.setWindowTitle(self.tr("Tune the optimizers"))
        self.resize(1100, 680)
        self.study_thread: StudyThread | None = None
        self.trials: list[TrialResult] = []
        self.plan: TuningPlan | None = None
        layout = QHBoxLayout(self)
        layout.addWidget(self._settings(), 0)
        views = QSplitter(Qt.Orientation.Vertical)
        # lr on a log axis labelled 0.01, 0.02, 0.05 (not "2·10¹" under "(x0.001)")
        self.scatter = pg.PlotWidget(axisItems={"bottom": LossAxis("bottom")})
        self.history = pg.PlotWidget()
        self.compare = pg.PlotWidget()
        for plot in (self.scatter, self.history, self.compare):
            plot.setBackground(theme.plot_background)
            style_plot_item(plot.getPlotItem(), theme)
            plot.showGrid(x=True, y=True, alpha=0.2)
            for side in ("left", "bottom"):  # values as they are, not "(x0.001)"
                plot.getAxis(side).enableAutoSIPrefix(False)
            plot.addLegend(offset=(-10, 10), labelTextColor=theme.legend_text)
        self.history.setLabel("bottom", self.tr("trials finished"))
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Optimizer"), self.tr("Trial"), self.tr("Values"), self.tr("Mean"),
             self.tr("± over seeds")]
        )  # fmt: skip
        read_only(self.table, select_rows=True)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.cellDoubleClicked.connect(lambda row, _c: self.add_to_race(row))
        views.addWidget(self.scatter)
        below = QSplitter(Qt.Orientation.Horizontal)
        below.addWidget(self.history)
        below.addWidget(self.compare)
        views.addWidget(below)
        views.addWidget(self.table)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel(self.tr("Pick optimizers, a space and a budget, then Start."))
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.summary)
        column.addWidget(views, 1)
        layout.addWidget(right, 1)

    # ----- the settings -----
    def _settings(self) -> QWidget:
        box = QWidget()
        form = QFormLayout(box)
        self.optimizers = QListWidget()
        used = {r.optimizer for r in self.lab.state.runs}
        for name in self.lab.runs_panel.offered:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in used else Qt.CheckState.Unchecked)
            self.optimizers.addItem(item)
        self.optimizers.setMaximumHeight(170)
        form.addRow(self.tr("optimizers"), self.optimizers)
        self.space = QLineEdit(DEFAULT_LR_RANGE)
        self.space.setToolTip(
            self.tr("NAME=LOW:HIGH, NAME=LOW:HIGH:log or NAME=A|B|C, comma-separated: an "
                    "optimizer's hyperparameter, or batch_size, hidden, activation")
        )  # fmt: skip
        form.addRow(self.tr("space"), self.space)
        self.budget = self._spin(1, 1000, 20, self.tr("Trials per optimizer: the same budget"))
        form.addRow(self.tr("trials"), self.budget)
        self.seeds = self._spin(1, 20, 3, self.tr("Seeds per trial; the metric is their mean"))
        form.addRow(self.tr("seeds"), self.seeds)
        steps = min(self.lab.state.max_steps, 500)
        self.steps = self._spin(10, 100_000, steps, self.tr("Steps of every trial's run"))
        form.addRow(self.tr("steps"), self.steps)
        self.sampler = QComboBox()
        self.sampler.addItems(SAMPLERS)
        self.sampler.setCurrentText("tpe")
        form.addRow(self.tr("sampler"), self.sampler)
        self.pruner = QComboBox()
        self.pruner.addItems(PRUNERS)
        self.pruner.setToolTip(
            self.tr("median: a run stops at a quarter, half or three quarters of its steps "
                    "where it is worse than the median of the runs before it\n"
                    "halving (successive halving): a run is judged at a 27th, a 9th and a "
                    "third of its steps and goes on only among the best third there")
        )  # fmt: skip
        form.addRow(self.tr("prune"), self.pruner)
        self.metric_box = QComboBox()
        self.metric_box.addItems(tuple(METRICS))
        form.addRow(self.tr("metric"), self.metric_box)
        self.scheduler = QLineEdit()
        self.scheduler.setPlaceholderText(self.tr("this machine, a worker a core"))
        self.scheduler.setToolTip(self.tr("A Dask scheduler's address, tcp://HOST:8786"))
        form.addRow(self.tr("Dask"), self.scheduler)
        buttons = QHBoxLayout()
        self.start = QPushButton(self.tr("Start"))
        self.start.clicked.connect(self.begin)
        self.cancel = QPushButton(self.tr("Cancel"))
        self.cancel.setEnabled(False)
        self.cancel.clicked.connect(self.stop)
        buttons.addWidget(self.start)
        buttons.addWidget(self.cancel)
        form.addRow(buttons)
        self.progress_label = QLabel()
        self.progress_label.setWordWrap(True)
        form.addRow(self.progress_label)
        self.add_button = QPushButton(self.tr("Add the selected trial to the race"))
        self.add_button.clicked.connect(lambda: self.add_to_race(self.table.currentRow()))
        form.addRow(self.add_button)
        self.save_button = QPushButton(self.tr("Save the trials…"))
        self.save_button.setToolTip(self.tr("Every trial and seed, as CSV or JSON"))
        self.save_button.clicked.connect(self.save_dialog)
        form.addRow(self.save_button)
        return box

    def _spin(self, low: int, high: int, value: int, tip: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(low, high)
        spin.setValue(value)
        spin.setToolTip(tip)
        return spin

    def chosen_optimizers(self) -> list[str]:
        return [
            self.optimizers.item(i).text()
            for i in range(self.optimizers.count())
            if self.optimizers.item(i).checkState() == Qt.CheckState.Checked
        ]

    def make_plan(self) -> TuningPlan:
        """The study the settings describe (ValueError, one line, for what it cannot be)."""
        names = self.chosen_optimizers()
        if not names:
            raise ValueError("tick one or more optimizers")
        spaces = optimizer_spaces(names, self.space.text())
        base = self.lab.state.network_settings()
        base["steps"] = self.steps.value()
        return TuningPlan(
            base=base,
            spaces=spaces,
            trials=self.budget.value(),
            seeds=self.seeds.value(),
            sampler=self.sampler.currentText(),
            metric=self.metric_box.currentText(),
            sampler_seed=int(self.lab.state.seed),
            prune=self.pruner.currentText(),
        )

    def show_study(self, plan: TuningPlan, trials: list[TrialResult]) -> None:
        """A finished study (a session's), its settings in the fields and its trials drawn."""
        self.plan, self.trials = plan, list(trials)
        for i in range(self.optimizers.count()):
            item = self.optimizers.item(i)
            chosen = item.text() in plan.spaces
            item.setCheckState(Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked)
        widest = max(plan.spaces.values(), key=len)
        self.space.setText(",".join(d.text() for d in widest))
        self.budget.setValue(plan.trials)
        self.seeds.setValue(plan.seeds)
        self.steps.setValue(int(plan.base.get("steps", self.steps.value())))
        self.sampler.setCurrentText(plan.sampler)
        self.metric_box.setCurrentText(plan.metric)
        self.pruner.setCurrentText(plan.prune)
        self._draw()
        self.summary.setText(self._comparison(TuningResult(plan, self.trials)))
        done = len([t for t in self.trials if not t.is_defaults])
        self.progress_label.setText(self.tr("From the session: {0} trials").format(done))

    # ----- the study -----
    def begin(self) -> None:
        try:
            plan = self.make_plan()
        except ValueError as error:
            self.progress_label.setText(str(error))
            return
        self.plan, self.trials = plan, []
        self.table.setRowCount(0)
        self.scatter.clear()
        self.history.clear()
        self.study_thread = StudyThread(plan, self.scheduler.text().strip(), self)
        self.study_thread.trial_done.connect(self.trial_arrived)
        self.study_thread.progress.connect(self.show_progress)
        self.study_thread.ended.connect(self.study_ended)
        self.study_thread.failed.connect(self.study_failed)
        self.start.setEnabled(False)
        self.cancel.setEnabled(True)
        self.progress_label.setText(self.tr("Starting the workers…"))
        self.study_thread.start()

    def stop(self) -> None:
        if self.study_thread is not None:
            self.study_thread.stop_requested = True
            self.progress_label.setText(self.tr("Cancelling: the running trials stop…"))

    def show_progress(self, progress: Any) -> None:
        left = progress.left_seconds
        eta = "" if math.isnan(left) else self.tr(", about {0:.0f} s left").format(left)
        self.progress_label.setText(
            self.tr("{0} of {1} runs done, {2} running, {3} pruned, {4} failed{5}").format(
                progress.done,
                progress.total,
                progress.running,
                progress.pruned,
                progress.failed,
                eta,
            )
        )

    def trial_arrived(self, trial: TrialResult) -> None:
        self.trials.append(trial)
        self._draw()

    def study_ended(self, result: TuningResult) -> None:
        self.trials = list(result.trials)
        self._draw()
        self.start.setEnabled(True)
        self.cancel.setEnabled(False)
        ended = self.tr("Cancelled") if result.cancelled else self.tr("Done")
        self.progress_label.setText(
            self.tr("{0}: {1} trials").format(
                ended, len([t for t in self.trials if not t.is_defaults])
            )
        )
        self.summary.setText(self._comparison(result))

    def study_failed(self, text: str) -> None:
        self.start.setEnabled(True)
        self.cancel.setEnabled(False)
        self.progress_label.setText(self.tr("The study stopped: {0}").format(text))

    def closeEvent(self, event) -> None:
        self.stop()
        if self.study_thread is not None:
            self.study_thread.wait()
        super().closeEvent(event)

    # ----- drawing -----
    def _colour(self, optimizer: str) -> str:
        names = list(self.plan.spaces) if self.plan else [optimizer]
        return MODEL_PALETTE[names.index(optimizer) % len(MODEL_PALETTE)]

    def _draw(self) -> None:
        if self.plan is None:
            return
        metric = self.plan.metric
        first = next(iter(self.plan.spaces.values()))[0]
        self.scatter.clear()
        self.history.clear()
        self._draw_comparison()
        if self._draw_heat_map():
            return self._fill_table()
        self.scatter.setLabel("left", metric.replace("_", " "))
        self.scatter.setLabel("bottom", first.name)
        self.scatter.setLogMode(x=first.log and not first.choices, y=False)
        self.history.setLabel("left", self.tr("best {0} so far").format(metric.replace("_", " ")))
        better = np.minimum if METRICS[metric] == "minimize" else np.maximum
        for name in self.plan.spaces:
            tried = [t for t in self.trials if t.optimizer == name and not t.is_defaults]
            shown = [t for t in tried if math.isfinite(t.value) and first.name in t.values]
            colour = QColor(self._colour(name))
            if shown:
                xs = np.array([axis_value(t.values[first.name], first) for t in shown])
                ys = np.array([t.value for t in shown])
                spread = np.nan_to_num(np.array([t.spread for t in shown]))
                self.scatter.addItem(pg.ErrorBarItem(x=np.log10(xs) if first.log else xs, y=ys,
                                                     height=2 * spread, pen=colour))  # fmt: skip
                points = self.scatter.plot(xs, ys, pen=None, symbol="o", symbolBrush=colour,
                                           symbolPen=None, name=name, data=shown)  # fmt: skip
                # a click on a trial's point adds it to the race, as a double click in the table
                points.sigPointsClicked.connect(self._point_clicked)
            values = [t.value for t in tried]
            if values:
                finite = np.where(np.isfinite(values), values, np.nan)
                running = better.accumulate(
                    np.nan_to_num(finite, nan=np.inf if METRICS[metric] == "minimize" else 0.0)
                )
                self.history.plot(np.arange(1, len(running) + 1), running,
                                  pen=pg.mkPen(colour, width=2), name=name)  # fmt: skip
        self._fill_table()

    def _fill_table(self) -> None:
        metric = self.plan.metric
        ranked = sorted(
            [t for t in self.trials if math.isfinite(t.value)],
            key=lambda t: t.value if METRICS[metric] == "minimize" else -t.value,
        )
        self.table.setRowCount(len(ranked))
        for row, trial in enumerate(ranked):
            values = ", ".join(f"{k}={value_text(v)}" for k, v in sorted(trial.values.items()))
            cells = (
                trial.optimizer,
                self.tr("defaults") if trial.is_defaults else str(trial.number),
                values or self.tr("its defaults"),
                f"{trial.value:.4g}",
                f"{trial.spread:.2g}",
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, trial)
                if column == 0:
                    item.setForeground(QColor(self._colour(trial.optimizer)))
                self.table.setItem(row, column, item)

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
        for trial in self.trials:
            if trial.optimizer == name and not trial.is_defaults and math.isfinite(trial.value):
                i = nearest(ys, trial.values[second.name])
                j = nearest(xs, trial.values[first.name])
                grid[i, j] = trial.value
        self.scatter.setLogMode(x=False, y=False)
        finite = grid[np.isfinite(grid)]
        levels = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
        image = pg.ImageItem(grid.T, axisOrder="col-major", levels=levels)
        image.setColorMap(pg.colormap.get("viridis"))
        self.scatter.addItem(image)
        self.scatter.getAxis("bottom").setTicks(
            [[(j + 0.5, value_text(v)) for j, v in enumerate(xs)]]
        )
        self.scatter.getAxis("left").setTicks(
            [[(i + 0.5, value_text(v)) for i, v in enumerate(ys)]]
        )
        self.scatter.setLabel("bottom", first.name)
        self.scatter.setLabel(
            "left",
            self.tr("{0} ({1}: {2}, dark is low)").format(
                second.name, name, plan.metric.replace("_", " ")
            ),
        )
        return True

    def _draw_comparison(self) -> None:
        """Each optimizer's best trial (filled) and its defaults (hollow) over the seeds, as
        box plots: the comparison Schmidt, Schneider & Hennig draw."""
        self.compare.clear()
        if self.plan is None:
            return
        result = TuningResult(self.plan, list(self.trials))
        boxes, ticks = [], []
        for i, name in enumerate(self.plan.spaces):
            colour = self._colour(name)
            for offset, trial, filled in ((0.0, result.best(name), True),
                                          (0.8, result.defaults(name), False)):  # fmt: skip
                if trial is not None and trial.seeds:
                    values = tuple(s[self.plan.metric] for s in trial.seeds.values())
                    boxes.append(Box(2.0 * i + offset, values, colour, filled))
            ticks.append((2.0 * i + 0.4, name))
        draw_boxes(self.compare.getPlotItem(), boxes)
        self.compare.getAxis("bottom").setTicks([ticks])
        self.compare.setLabel(
            "left", self.tr("{0}, each seed").format(self.plan.metric.replace("_", " "))
        )
        self.compare.setLabel("bottom", self.tr("tuned (filled) and defaults (hollow)"))

    def _comparison(self, result: TuningResult) -> str:
        lines = []
        for name in result.plan.spaces:
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
        seeds = len(result.plan.seed_list())
        head = self.tr("{0} over {1} seeds, the same budget for each:").format(
            result.plan.metric.replace("_", " "), seeds
        )
        return "\n".join([head, *lines])

    # ----- files -----
    def save_trials(self, path: str) -> int | None:
        """Every finished trial and seed to `path` (CSV, or JSON by its extension)."""
        from ...tuning.files import write_trials

        if self.plan is None or not self.trials:
            self.progress_label.setText(self.tr("No trial has finished yet"))
            return None
        try:
            rows = write_trials(TuningResult(self.plan, list(self.trials)), path)
        except OSError as error:
            self.progress_label.setText(self.tr("Cannot save: {0}").format(error.strerror or error))
            return None
        self.progress_label.setText(self.tr("Wrote {0} rows").format(rows))
        return rows

    def save_dialog(self) -> None:
        path = self.lab.exports.ask_save_path(
            self.tr("Save the trials"), "trials", "CSV (*.csv);;JSON (*.json)"
        )
        if path:
            self.save_trials(path)

    # ----- back to the race -----
    def _point_clicked(self, _item: Any, points: Any, _event: Any) -> None:
        """pyqtgraph hands the points under the click as an array (several where trials'
        points overlap): the first is added."""
        if len(points):
            self.add_trial(points[0].data())

    def add_to_race(self, row: int) -> int | None:
        """The table's trial at `row` added to the race; its run's id."""
        item = self.table.item(row, 0) if row >= 0 else None
        if item is None:
            return None
        return self.add_trial(item.data(Qt.ItemDataRole.UserRole))

    def add_trial(self, trial: TrialResult) -> int:
        """A run of the race with the trial's optimizer and values (the study's own network
        and data); its id."""
        window = self.lab
        hyper = {k: v for k, v in trial.values.items() if k not in (*STUDY_SETTINGS,)}
        settings = {k: trial.values[k] for k in RUN_SETTINGS if k in trial.values}
        label = (
            self.tr("defaults") if trial.is_defaults else self.tr("trial {0}").format(trial.number)
        )
        entry = window.state.add_run(
            trial.optimizer, name=f"{trial.optimizer} {label}", hyper=hyper, **settings
        )
        window.engine.update_run(entry, restart=True)
        window.show_runs(select=entry.run_id)
        shared = sorted(set(trial.values) & set(STUDY_SETTINGS) - set(RUN_SETTINGS))
        if shared:
            window.statusBar().showMessage(
                self.tr("{0} belong to the study's network: set them in the Model panel").format(
                    ", ".join(shared)
                ),
                8000,
            )
        return entry.run_id
