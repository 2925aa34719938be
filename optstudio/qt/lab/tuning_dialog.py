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

from PySide6.QtCore import Qt, QTimer
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
    QWidget,
)

from ...tuning.metrics import METRICS
from ...tuning.pruning import PRUNERS
from ...tuning.space import DEFAULT_LR_RANGE, STUDY_SETTINGS, optimizer_spaces
from ...tuning.study import SAMPLERS, TrialResult, TuningPlan, TuningResult
from ..shared.themes import Theme
from .tuning_thread import StudyThread
from .tuning_views import TuningViews

REDRAW_MS = 200
"""How often the views take in the trials that arrived since they were last drawn."""
RUN_SETTINGS = ("batch_size",)
"""A trial's values that a run of the race takes as its own (the rest are the optimizer's
hyperparameters, or the study's network, which every run shares)."""


class TuningDialog(QDialog):
    def __init__(self, window: Any, theme: Theme) -> None:
        super().__init__(window)
        self.lab = window
        """The lab window (QWidget.window() keeps its name)."""
        self.setWindowTitle(self.tr("Tune the optimizers"))
        room = window.screen().availableGeometry() if window.screen() else None
        fits = (room.width(), room.height()) if room is not None else (1600, 1000)
        self.resize(min(1400, int(fits[0] * 0.85)), min(900, int(fits[1] * 0.85)))
        self.study_thread: StudyThread | None = None
        self._before: tuple[TuningPlan | None, list[TrialResult]] = (None, [])
        """The study shown before Start, shown again if the new one fails to start."""
        self._arrived: list[TrialResult] = []
        self._redraw = QTimer(self)
        self._redraw.setSingleShot(True)
        self._redraw.setInterval(REDRAW_MS)
        self._redraw.timeout.connect(self._draw_arrived)
        layout = QHBoxLayout(self)
        layout.addWidget(self._settings(), 0)
        self.views = TuningViews(theme)
        self.views.trial_chosen.connect(self.add_trial)
        layout.addWidget(self.views, 1)

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
        self.batch = self._spin(0, 100_000, self._lab_batch(), self.tr(
            "Rows per step of every trial's run, as the lab's runs train (a space naming "
            "batch_size varies it)"))  # fmt: skip
        self.batch.setSpecialValueText(self.tr("full batch"))
        form.addRow(self.tr("batch"), self.batch)
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
        self.add_button.clicked.connect(lambda: self.add_to_race(self.views.table.currentRow()))
        form.addRow(self.add_button)
        self.save_button = QPushButton(self.tr("Save the trials…"))
        self.save_button.setToolTip(self.tr("Every trial and seed, as CSV or JSON"))
        self.save_button.clicked.connect(self.save_dialog)
        form.addRow(self.save_button)
        return box

    def _lab_batch(self) -> int:
        """The batch size most of the lab's runs train with (0: the full batch)."""
        sizes = [r.batch_size or 0 for r in self.lab.state.runs]
        return max(set(sizes), key=sizes.count) if sizes else 0

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
        base = self.lab.state.tuning_base(self.steps.value(), self.batch.value() or None)
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

    @property
    def plan(self) -> TuningPlan | None:
        return self.views.plan

    @property
    def trials(self) -> list[TrialResult]:
        return self.views.trials

    def show_study(self, plan: TuningPlan, trials: list[TrialResult]) -> None:
        """A finished study (a session's), its settings in the fields and its trials drawn."""
        for i in range(self.optimizers.count()):
            item = self.optimizers.item(i)
            chosen = item.text() in plan.spaces
            item.setCheckState(Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked)
        widest = max(plan.spaces.values(), key=len)
        self.space.setText(",".join(d.text() for d in widest))
        self.budget.setValue(plan.trials)
        self.seeds.setValue(plan.seeds)
        self.steps.setValue(int(plan.base.get("steps", self.steps.value())))
        self.batch.setValue(int(plan.base.get("batch_size") or 0))
        self.sampler.setCurrentText(plan.sampler)
        self.metric_box.setCurrentText(plan.metric)
        self.pruner.setCurrentText(plan.prune)
        self._show(plan, trials)
        done = len([t for t in trials if not t.is_defaults])
        self.progress_label.setText(self.tr("From the session: {0} trials").format(done))

    def _show(self, plan: TuningPlan | None, trials: list[TrialResult]) -> None:
        self.views.show_trials(plan, trials)
        self.views.mark_network(self.lab.state.network_settings())

    def network_changed(self) -> None:
        """The lab's network or data changed: the views say whether these trials tuned it."""
        self.views.mark_network(self.lab.state.network_settings())

    # ----- the study -----
    def begin(self) -> None:
        try:
            plan = self.make_plan()
        except ValueError as error:
            self.progress_label.setText(str(error))
            return
        self._before = (self.plan, list(self.trials))
        self._show(plan, [])
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
        if self.study_thread is not None and self.study_thread.isRunning():
            self.study_thread.stop_requested = True
            self.progress_label.setText(self.tr("Cancelling: the running trials stop…"))

    def running(self) -> bool:
        return self.study_thread is not None and self.study_thread.isRunning()

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
        """Trials arrive faster than the views are worth redrawing (a circle trial takes 50 ms
        a worker; redrawing for each of 500 kept the window busy for seconds): they are
        drawn together a few times a second."""
        self._arrived.append(trial)
        if not self._redraw.isActive():
            self._redraw.start()

    def _draw_arrived(self) -> None:
        if self._arrived:
            self.views.show_trials(self.plan, [*self.trials, *self._arrived])
            self._arrived = []

    def study_ended(self, result: TuningResult) -> None:
        self._redraw.stop()
        self._arrived = []
        self.views.show_trials(result.plan, list(result.trials))
        self.start.setEnabled(True)
        self.cancel.setEnabled(False)
        ended = self.tr("Cancelled") if result.cancelled else self.tr("Done")
        done = len([t for t in result.trials if not t.is_defaults])
        self.progress_label.setText(self.tr("{0}: {1} trials").format(ended, done))

    def study_failed(self, text: str) -> None:
        """A study that could not start (no scheduler there, a worker of another version)
        loses nothing: the study shown before it is shown again."""
        self._redraw.stop()
        self._draw_arrived()
        self.start.setEnabled(True)
        self.cancel.setEnabled(False)
        if not self.trials:
            self._show(*self._before)
        self.progress_label.setText(self.tr("The study stopped: {0}").format(text))

    def closeEvent(self, event) -> None:
        """Closing asks a running study to stop and does not wait for it (a trial may take
        seconds to end, a scheduler up to its deadline to answer): the window stays usable."""
        self.stop()
        super().closeEvent(event)

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
    def add_to_race(self, row: int) -> int | None:
        """The table's trial at `row` added to the race; its run's id."""
        trial = self.views.trial_at(row)
        return None if trial is None else self.add_trial(trial)

    def add_trial(self, trial: TrialResult) -> int:
        """A run of the race with the trial's optimizer and values (the study's own network
        and data); its id."""
        window = self.lab
        hyper = {k: v for k, v in trial.values.items() if k not in (*STUDY_SETTINGS,)}
        settings = {"batch_size": self.plan.base.get("batch_size") if self.plan else None}
        settings.update({k: trial.values[k] for k in RUN_SETTINGS if k in trial.values})
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
