"""Fair race: every optimizer gets the same tuning budget before they race.

Comparisons mislead when only one optimizer was tuned. Each run in the studio has its learning
rate swept (and, if asked, its momentum-like hyperparameter), its best setting is taken by the
chosen measure, and the runs then race on the map at those settings, with a table of what was
tuned and what it gave.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QCheckBox, QGroupBox, QPushButton, QVBoxLayout

from ....engine.sweep import Axis, Cancelled, sweep

LR_COUNT = 32
SECOND_COUNT = 8
SECOND = {
    "sgd": ("momentum", 0.0, 0.99),
    "momentum": ("beta", 0.0, 0.99),
    "nesterov": ("beta", 0.0, 0.99),
    "adam": ("beta1", 0.5, 0.99),
    "adamw": ("beta1", 0.5, 0.99),
    "adamax": ("beta1", 0.5, 0.99),
    "nadam": ("beta1", 0.5, 0.99),
    "radam": ("beta1", 0.5, 0.99),
    "lion": ("beta1", 0.5, 0.99),
    "rmsprop": ("alpha", 0.5, 0.999),
    "adadelta": ("rho", 0.5, 0.999),
}
"""The second hyperparameter tuned where asked: each optimizer's momentum-like one."""


def lr_axis(optimizer: str) -> Axis:
    """The learning rates tried: Adadelta's lr is a multiplier near 1, the others' a step."""
    if optimizer == "adadelta":
        return Axis("lr", 1e-2, 10.0, LR_COUNT, True)
    return Axis("lr", 1e-5, 1.0, LR_COUNT, True)


def tuning_axes(optimizer: str, second: bool) -> list[Axis]:
    axes = [lr_axis(optimizer)]
    if second and optimizer in SECOND:
        name, low, high = SECOND[optimizer]
        axes.append(Axis(name, low, high, SECOND_COUNT))
    return axes


class FairRace(QObject):
    def __init__(self, tab: Any) -> None:
        super().__init__(tab)
        self.tab = tab
        self.box = QGroupBox(self.tr("Fair race"))
        layout = QVBoxLayout(self.box)
        # the names go in the tip: in the label they were cut off at 1920 x 1080
        self.second = QCheckBox(self.tr("also tune each one's momentum"))
        self.second.setToolTip(
            self.tr(
                "Each optimizer's momentum-like setting, tried with every learning rate:\n"
                "β₁ (the Adam family, Lion), momentum (SGD),\n"
                "β (heavy ball, Nesterov), α (RMSprop), ρ (Adadelta)"
            )
        )
        self.button = QPushButton(self.tr("Tune every run, then race them"))
        layout.addWidget(self.second)
        layout.addWidget(self.button)
        self.button.clicked.connect(self.start)

    def start(self) -> None:
        tab = self.tab
        window = tab.window
        if tab.busy or not window.state.runs:
            return
        metric = "steps" if tab.metric.currentData() == "steps" else "final_loss"
        try:
            tol = tab.sweep_tolerance()
            plans = [
                (
                    entry.run_id,
                    # tuned for the race it will run: the studio's own step limit
                    tab.config(entry, tol=tol, steps=window.state.max_steps),
                    tuning_axes(entry.optimizer, self.second.isChecked()),
                )
                for entry in window.state.runs
            ]
        except ValueError as error:
            tab.message.setText(str(error))
            return
        total = sum(
            len(axes[0].values) * ((len(axes) > 1 and axes[1].count) or 1) for _, _, axes in plans
        )

        def work(progress):
            results, done = [], 0
            for run_id, config, axes in plans:

                def scaled(runs, finished, offset=done):
                    runs_done = offset + int(runs.done.sum())
                    runs.done_fraction = runs_done / total
                    return progress(runs, finished)

                try:
                    results.append((run_id, sweep(config, axes, progress=scaled)))
                except Cancelled:
                    raise Cancelled(results) from None
                done += results[-1][1].runs.steps.size
            return results

        self.metric = metric
        tab.message.setText(
            self.tr("Tuning {0} runs: {1:,} runs in all…").format(len(plans), total)
        )
        tab._start(
            work,
            self.done,
            lambda runs, fraction: tab.progress.setValue(
                round(1000 * getattr(runs, "done_fraction", fraction))
            ),
        )

    def done(self, results, cancelled: bool = False) -> None:
        tab = self.tab
        window = tab.window
        if cancelled:
            tab.message.setText(self.tr("Fair race cancelled: nothing was changed."))
            return
        rows = []
        for run_id, result in results:
            entry = window.state.run(run_id)
            best = result.best(self.metric)
            if best is None:
                rows.append([entry.name, "—", "", self.tr("every setting diverged"), "", ""])
                continue
            tuned = result.settings(best)
            entry.hyper = {**entry.hyper, **tuned}
            values = ", ".join(f"{k} = {v:.4g}" for k, v in tuned.items())
            rows.append(
                [
                    entry.name,
                    values,
                    f"{result.runs.final_loss[best]:.4g}",
                    f"{int(result.runs.steps[best]):,}",
                    result.runs.status_names()[best],
                ]
            )
        tab.show_table(
            [
                self.tr("run"),
                self.tr("tuned"),
                self.tr("final loss"),
                self.tr("steps"),
                self.tr("status"),
            ],
            rows,
        )
        tab.message.setText(
            self.tr("Each run now has its best setting ({0}); they race on the map.").format(
                self.tr("fewest steps to the tolerance")
                if self.metric == "steps"
                else self.tr("lowest final loss")
            )
        )
        window.race_again()
