"""The Sweep tab: which learning rate? which start ends where? which optimizer, fairly tuned?

Every computation starts from the selected run's settings (loss, start, schedule, batch, seed,
its other hyperparameters) and runs in a worker thread on every core; the picture fills in as
results arrive, and Cancel stops between batches. Clicking a cell adds that run to the studio.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ....engine.sweep import MAX_RESOLUTION, basins, classify, sweep
from ....io.session import build_run
from .axis_form import AxisForm
from .basin_overlay import BasinOverlay
from .fair_race import FairRace
from .heatmap import HeatMap, metric_values
from .job import Job


class SweepTab(QWidget):
    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.job: Job | None = None
        self._job_uses_the_start = False
        """The running job's result depends on the start (a sweep, a fair race), not only on
        the loss (a basin map, whose runs start everywhere)."""
        self.busy = False
        """A job is running (set until its last signal is handled, not until its thread ends)."""
        self.result = None
        self.basin_map = None
        self.basin_overlay = BasinOverlay(window.map)

        controls = QWidget()
        columns = QHBoxLayout(controls)
        form_layout = QVBoxLayout()
        side = QVBoxLayout()
        columns.addLayout(form_layout, 1)
        columns.addLayout(side, 1)
        self.target = QLabel()
        self.target.setWordWrap(True)
        form_layout.addWidget(self.target)

        sweep_box = QGroupBox(self.tr("Hyperparameter sweep"))
        form = QFormLayout(sweep_box)
        self.first = AxisForm()
        self.second = AxisForm()
        self.second_on = QCheckBox(self.tr("and"))
        self.second_on.toggled.connect(self.second.setEnabled)
        self.second.setEnabled(False)
        form.addRow(self.tr("sweep"), self.first)
        form.addRow(self.second_on, self.second)
        self.steps = QSpinBox()
        self.steps.setRange(1, 1_000_000)
        self.steps.setGroupSeparatorShown(True)
        form.addRow(self.tr("steps"), self.steps)
        self.metric = QComboBox()
        self.metric.addItem(self.tr("final loss"), "final_loss")
        self.metric.addItem(self.tr("steps to the tolerance"), "steps")
        self.metric.addItem(self.tr("diverged"), "diverged")
        form.addRow(self.tr("show"), self.metric)
        self.tol = QLineEdit("1e-6")
        self.tol.setToolTip(
            self.tr(
                "A run has converged when its gradient norm falls below this (for steps to "
                "the tolerance and for basin maps)"
            )
        )
        form.addRow(self.tr("tolerance"), self.tol)
        self.run_button = QPushButton(self.tr("Run sweep"))
        form.addRow(self.run_button)
        form_layout.addWidget(sweep_box)

        self.race = FairRace(self)
        side.addWidget(self.race.box)

        basin_box = QGroupBox(self.tr("Basin map"))
        basin_form = QFormLayout(basin_box)
        self.resolution = QSpinBox()
        self.resolution.setRange(8, MAX_RESOLUTION)
        self.resolution.setValue(128)
        basin_form.addRow(self.tr("resolution"), self.resolution)
        self.basin_button = QPushButton(self.tr("Compute the basin map over the view"))
        basin_form.addRow(self.basin_button)
        self.basin_shown = QCheckBox(self.tr("Show it on the map"))
        self.basin_shown.setChecked(True)
        self.basin_shown.toggled.connect(self.basin_overlay.set_visible)
        basin_form.addRow(self.basin_shown)
        self.basin_legend = QLabel()
        self.basin_legend.setWordWrap(True)
        self.basin_legend.setTextFormat(Qt.TextFormat.RichText)
        basin_form.addRow(self.basin_legend)
        side.addWidget(basin_box)

        status = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setEnabled(False)
        status.addWidget(self.progress, 1)
        status.addWidget(self.cancel_button)
        form_layout.addLayout(status)
        self.message = QLabel()
        self.message.setWordWrap(True)
        form_layout.addWidget(self.message)
        self.table = QTableWidget(0, 0)
        self.table.setVisible(False)
        self.table.setMinimumHeight(120)
        side.addWidget(self.table, 1)
        form_layout.addStretch(1)
        side.addStretch(0)

        self.heatmap = HeatMap()
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.heatmap)
        splitter.addWidget(controls)
        splitter.setSizes([480, 380])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        self.run_button.clicked.connect(self.start_sweep)
        self.basin_button.clicked.connect(self.start_basins)
        self.cancel_button.clicked.connect(self.cancel)
        self.heatmap.cell_clicked.connect(self.add_cell_run)
        self.metric.currentIndexChanged.connect(lambda _i: self._show_result(self.result))

    # ----- what is swept -----
    def entry(self):
        run_id = self.window.runs_panel.current_id()
        return self.window.state.run(run_id) if run_id is not None else None

    def refresh(self) -> None:
        """Follow the selected run (its optimizer's hyperparameters) and the step limit."""
        entry = self.entry()
        busy = self.busy
        for button in (self.run_button, self.basin_button, self.race.button):
            button.setEnabled(not busy and bool(self.window.state.runs))
        if entry is None:
            self.target.setText(self.tr("Add a run: sweeps start from its settings."))
            return
        values = entry.resolved_hyper()
        self.target.setText(
            self.tr("From the selected run, <b>{0}</b>: every other setting is its own.").format(
                entry.name
            )
        )
        self.first.set_optimizer(entry.optimizer, values, prefer="lr")
        second = [
            n
            for n in ("beta1", "momentum", "beta", "alpha", "rho", "damping")
            if n in {p for p in values}
        ]
        self.second.set_optimizer(entry.optimizer, values, prefer=second[0] if second else None)
        if self.steps.value() <= 1:
            self.follow_studio()

    def follow_studio(self) -> None:
        """Sweep as many steps as the studio's runs take (a new studio or step limit)."""
        self.steps.setValue(self.window.state.max_steps)

    def forget_landscape(self) -> None:
        """A new loss (or a studio opened): no basin map of the old landscape, finished or
        still running, is drawn over this one, and no sweep."""
        if self.busy:
            self._discard_job()
        self.basin_map = None
        self.basin_overlay.clear()
        self.basin_legend.setText("")
        self.forget_result()

    def forget_result(self) -> None:
        """The loss or start changed: an earlier sweep's cells are not of this landscape, nor
        are a running sweep's or fair race's (a basin map still holds for a new start)."""
        if self.busy and self._job_uses_the_start:
            self._discard_job()
        had_result = self.result is not None
        self.result = None
        self.heatmap.clear_sweep(
            self.tr("The loss changed: run the sweep again.")
            if had_result
            else self.tr("Choose what to sweep below and press Run sweep.")
        )
        if had_result:
            self.message.setText("")

    def config(self, entry, *, tol: float | None = None, steps: int | None = None) -> dict:
        """simulate's arguments for a run like `entry` (ValueError on bad settings)."""
        config = build_run(self.window.state, entry).config  # a fresh run: no changes
        config["steps"] = self.steps.value() if steps is None else steps
        if tol is not None:
            config["tol"] = tol
        return config

    def sweep_tolerance(self) -> float:
        """The tolerance applies to "steps to the tolerance"; otherwise runs go their full
        length, as the studio's own runs do (a clicked cell then replays exactly)."""
        return self._tolerance() if self.metric.currentData() == "steps" else 0.0

    def _tolerance(self) -> float:
        try:
            tol = float(self.tol.text())
        except ValueError:
            raise ValueError(self.tr("the tolerance must be a number")) from None
        if not (tol >= 0 and math.isfinite(tol)):
            raise ValueError(self.tr("the tolerance must be 0 or more"))
        return tol

    # ----- sweeps -----
    def start_sweep(self) -> None:
        entry = self.entry()
        if entry is None or self.busy:
            return
        try:
            axes = [self.first.axis()] + (
                [self.second.axis()] if self.second_on.isChecked() else []
            )
            config = self.config(entry, tol=self.sweep_tolerance())
            if len(axes) == 2 and axes[0].name == axes[1].name:
                raise ValueError(self.tr("{0} is swept twice").format(axes[0].name))
        except ValueError as error:
            self.message.setText(str(error))
            return
        self.result = None
        self.heatmap.show_axes(tuple(axes), self.metric.currentData())
        self.heatmap.mark(None)
        self._start(
            lambda progress: sweep(config, axes, progress=progress),
            self._sweep_done,
            self._sweep_progress,
        )
        self.message.setText(
            self.tr("Running {0:,} runs of {1:,} steps on every core…").format(
                math.prod(a.count for a in axes), config["steps"]
            )
        )

    def _sweep_progress(self, runs, fraction: float) -> None:
        self.progress.setValue(round(1000 * fraction))
        values = metric_values(runs, self.metric.currentData(), self._minimum())
        self.heatmap.show_values(values, runs)

    def _sweep_done(self, result, cancelled: bool = False) -> None:
        self.result = result
        self._show_result(result)
        best = result.best("steps" if self.metric.currentData() == "steps" else "final_loss")
        self.heatmap.mark(best)
        if best is None:
            text = self.tr("No run converged without diverging.")
        else:
            settings = ", ".join(f"{k} = {v:.4g}" for k, v in result.settings(best).items())
            text = self.tr(
                "Best: {0} (final loss {1:.4g}, {2:,} steps). Click a cell to add "
                "that run to the studio."
            ).format(settings, result.runs.final_loss[best], int(result.runs.steps[best]))
        if cancelled:
            text = (
                self.tr("Cancelled: {0:,} of {1:,} runs done. ").format(
                    int(result.runs.done.sum()), result.runs.done.size
                )
                + text
            )
        self.message.setText(text)

    def _show_result(self, result) -> None:
        if result is None:
            return
        if self.metric.currentData() == "steps" and not result.config.get("tol"):
            self.message.setText(
                self.tr(
                    "This sweep ran without a tolerance: run it again to count the steps "
                    "to the tolerance."
                )
            )
        self.heatmap.show_axes(result.axes, self.metric.currentData())
        values = metric_values(result.runs, self.metric.currentData(), self._minimum())
        self.heatmap.show_values(values, result.runs)

    def _minimum(self) -> float:
        from ....engine.losses import make_loss

        state = self.window.state
        lowest = make_loss(state.loss, state.loss_params).lowest
        return 0.0 if lowest is None else lowest

    def add_cell_run(self, index: int) -> None:
        """Add the clicked cell's run to the studio and show its path on the map."""
        result, entry = self.result, self.entry()
        if result is None or entry is None:
            return
        if not result.runs.done[index]:
            return
        settings = result.settings(index)
        label = ", ".join(f"{k}={v:.3g}" for k, v in settings.items())
        self.heatmap.mark(index)
        self.window.add_configured_run(entry, settings, f"{entry.name} ({label})")
        self.window.views.setCurrentWidget(self.window.map)

    # ----- basins -----
    def start_basins(self) -> None:
        entry = self.entry()
        if entry is None or self.busy:
            return
        try:
            config = self.config(entry, tol=self._tolerance())
        except ValueError as error:
            self.message.setText(str(error))
            return
        (x0, x1), (y0, y1) = self.window.map.getViewBox().viewRange()
        bounds = (float(x0), float(x1), float(y0), float(y1))
        resolution = self.resolution.value()
        self._basin_bounds = bounds
        self._basin_steps = config["steps"]
        self._basin_minima = [p.point for p in build_run(self.window.state, entry).loss.minima]
        self._start(
            lambda progress: basins(
                config, resolution=resolution, bounds=bounds, progress=progress
            ),
            self._basins_done,
            self._basins_progress,
            uses_the_start=False,
        )
        self.message.setText(
            self.tr("Starting {0:,} runs over the view…").format(resolution * resolution)
        )

    def _basins_progress(self, runs, fraction: float) -> None:
        self.progress.setValue(round(1000 * fraction))
        labels = classify(runs, self._basin_minima, self._basin_bounds)  # not done: not converged
        n = round(math.sqrt(labels.size))
        labels = labels.reshape(n, n)
        self.basin_overlay.show(
            labels, runs.steps.reshape(n, n), self._basin_steps, self._basin_bounds
        )

    def _basins_done(self, result, cancelled: bool = False) -> None:
        self.basin_map = result
        self.basin_overlay.show(result.labels, result.steps, self._basin_steps, result.bounds)
        self.basin_overlay.set_visible(self.basin_shown.isChecked())
        self.window.views.setCurrentWidget(self.window.map)
        from ....io.basin_colours import BASIN_COLOURS

        counts = {
            int(k): int(v)
            for k, v in zip(*np.unique(result.labels, return_counts=True), strict=True)
        }
        rows = []
        for k, count in sorted(counts.items()):
            if k >= 0:
                r, g, b = BASIN_COLOURS[k % len(BASIN_COLOURS)].astype(int)
                x, y = result.minima[k]
                rows.append(
                    f'<span style="color:rgb({r},{g},{b})">■</span> ({x:.3g}, {y:.3g}): {count:,}'
                )
        from ....io.basin_colours import DIVERGED_COLOUR, NOT_CONVERGED_COLOUR

        names = {-1: self.tr("not converged"), -2: self.tr("diverged")}
        swatches = {-1: NOT_CONVERGED_COLOUR, -2: DIVERGED_COLOUR}
        for k in (-1, -2):
            if k in counts:
                r, g, b = swatches[k].astype(int)
                rows.append(
                    f'<span style="color:rgb({r},{g},{b})">■</span> {names[k]}: {counts[k]:,}'
                )
        rows.append(self.tr("(darker: more steps to get there)"))
        self.basin_legend.setText("<br>".join(rows))
        prefix = self.tr("Cancelled. ") if cancelled else ""
        self.message.setText(
            prefix
            + self.tr(
                "Each start coloured by the minimum it ends in, darker the longer "
                "it took. Click the map to start the runs from a point."
            )
        )

    # ----- the worker -----
    def _start(self, work, done, progressed, *, uses_the_start: bool = True) -> None:
        job = self.job = Job(work, self)
        self._job_uses_the_start = uses_the_start

        def kept(handler):
            """`handler`, unless the job was discarded: then what it reports (progress
            queued before the cancel, a partial or even a whole result) is of a landscape
            no longer shown, and is dropped."""
            return lambda *args: None if job.discarded else handler(*args)

        job.progressed.connect(kept(progressed))
        job.finished.connect(lambda result: (kept(done)(result), self._ended()))
        job.cancelled.connect(lambda partial: (kept(done)(partial, True), self._ended()))
        job.failed.connect(lambda text: (kept(self.message.setText)(text), self._ended()))
        self.progress.setValue(0)
        self.cancel_button.setEnabled(True)
        self.busy = True
        self.job.start()
        self.refresh()

    def _ended(self) -> None:
        self.busy = False
        self.cancel_button.setEnabled(False)
        self.progress.setValue(1000)
        self.refresh()

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _discard_job(self) -> None:
        """Stop the running job and drop whatever it still reports; the tab stays busy until
        its thread has ended (it stops between batches)."""
        self.job.discard()
        self.message.setText("")

    def stop(self) -> None:
        """Cancel any work and wait for the worker (the window is closing)."""
        if self.job is not None:
            self.job.cancel()
            self.job.wait(30.0)

    def show_table(self, headers: list[str], rows: list[list[str]]) -> None:
        self.table.setColumnCount(len(headers))
        self.table.setRowCount(len(rows))
        self.table.setHorizontalHeaderLabels(headers)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.setVisible(True)
