"""The learning-rate range test in the lab: "Find…" beside a run's lr runs the test on the
study's network and data with that run's optimizer and batches (in the lab's drawing process,
never on the GUI thread), shows the loss against lr on a log axis with the two suggestions,
and one click sets the run's lr to either.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ..shared.axes import cache_axes
from ..shared.solid_grid import solid_axes, solid_grid
from ..shared.themes import Theme, style_plot_item

TEST_SETTINGS = ("lr", "schedule", "steps", "record_every", "tol")
"""What the range test sets itself, taken out of the run's settings."""


class RangeTestDialog(QDialog):
    """The loss (raw, faint; smoothed, bold) against lr, the suggestions marked."""

    def __init__(self, parent: QWidget, run_name: str, theme: Theme) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Learning-rate range test: {0}").format(run_name))
        self.resize(720, 480)
        layout = QVBoxLayout(self)
        self.summary = QLabel(self.tr("Training while the lr grows from 1e-7 to 10…"))
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.plot = pg.PlotWidget(axisItems=solid_axes())
        self.plot.setLogMode(x=True, y=False)
        self.plot.setLabel("bottom", self.tr("learning rate"))
        self.plot.setLabel("left", self.tr("mini-batch loss"))
        solid_grid(self.plot)
        self.plot.setBackground(theme.plot_background)
        style_plot_item(self.plot.getPlotItem(), theme)
        cache_axes(self.plot.getPlotItem())
        legend = self.plot.addLegend(offset=(10, 10), labelTextColor=theme.legend_text)
        legend.setBrush(pg.mkBrush(theme.legend_background))
        self.raw = self.plot.plot(
            pen=pg.mkPen((128, 128, 128, 140), width=1), name=self.tr("each step")
        )
        self.smooth = self.plot.plot(
            pen=pg.mkPen("#0877bd", width=2.5), name=self.tr("smoothed (as fastai)")
        )
        self.marks: list[pg.InfiniteLine] = []
        layout.addWidget(self.plot, 1)
        buttons = QHBoxLayout()
        self.use_steepest = QPushButton()
        self.use_minimum = QPushButton()
        for button in (self.use_steepest, self.use_minimum):
            button.setEnabled(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.close)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.use_steepest.setText(self.tr("Use the steepest fall"))
        self.use_minimum.setText(self.tr("Use the minimum ÷ 10"))
        self.test: Any = None

    def show_test(self, test: Any) -> None:
        """Draw a finished test (`tuning.lr_range.RangeTest`)."""
        self.test = test
        self.raw.setData(test.lrs, test.losses)
        self.smooth.setData(test.lrs, test.smoothed)
        for mark in self.marks:
            self.plot.removeItem(mark)
        self.marks = []
        for value, colour, name, height in (
            (test.steepest, "#d62728", self.tr("steepest"), 0.92),
            (test.minimum_tenth, "#009e73", self.tr("minimum ÷ 10"), 0.8),
        ):
            mark = pg.InfiniteLine(
                pos=np.log10(value),
                angle=90,
                pen=pg.mkPen(colour, width=2, style=Qt.PenStyle.DashLine),
                label=f"{name} {value:.3g}",
                labelOpts={"position": height, "color": colour, "anchors": [(0, 0), (0, 0)]},
            )
            self.plot.addItem(mark)
            self.marks.append(mark)
        # every step's loss down to its lowest, up to the smoothed loss's first half (the
        # rise past the minimum goes off the top, where it says nothing new)
        low = float(min(np.min(test.losses), np.min(test.smoothed)))
        high = float(np.max(test.smoothed[: max(len(test.smoothed) // 2, 1)]))
        self.plot.setYRange(low - 0.1 * (high - low), high + 0.6 * (high - low))
        ended = (
            self.tr("stopped where the smoothed loss passed four times its lowest")
            if test.stopped == "diverged"
            else self.tr("reached lr {0:.3g}").format(float(test.lrs[-1]))
        )
        self.summary.setText(
            self.tr(
                "{0} steps, {1}. The smoothed loss falls fastest at lr {2:.3g}; its lowest is "
                "at lr {3:.3g}, a tenth of which is {4:.3g}."
            ).format(
                len(test.lrs), ended, test.steepest, test.minimum_tenth * 10, test.minimum_tenth
            )
        )
        self.use_steepest.setText(self.tr("Use lr = {0:.3g}").format(test.steepest))
        self.use_minimum.setText(self.tr("Use lr = {0:.3g}").format(test.minimum_tenth))
        for button in (self.use_steepest, self.use_minimum):
            button.setEnabled(True)

    def show_problem(self, text: str) -> None:
        self.summary.setText(self.tr("The range test could not run: {0}").format(text))


class LrFinder(QObject):
    """Runs the range test for the run whose "Find…" was pressed, and applies a suggestion."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: RangeTestDialog | None = None
        self.run_id: int | None = None
        window.runs_panel.form.offers_lr_finder = True
        window.runs_panel.lr_find_requested.connect(self.find)
        window.lab.finished.connect(self._finished)
        window.lab.failed.connect(self._failed)

    def find(self, run_id: int) -> None:
        window = self.window
        entry = window.state.run(run_id)
        config = window.state.run_config(entry)
        for name in TEST_SETTINGS:
            config.pop(name, None)
        self.run_id = run_id
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = RangeTestDialog(window, entry.name, window.view_menu.theme)
        self.dialog.use_steepest.clicked.connect(lambda: self.use("steepest"))
        self.dialog.use_minimum.clicked.connect(lambda: self.use("minimum_tenth"))
        self.dialog.show()
        window.lab.submit("lr_find", "range_test", config=config, tag=run_id)

    def use(self, which: str) -> None:
        """Set the run's lr to a suggestion, as if typed into its field."""
        test = None if self.dialog is None else self.dialog.test
        window = self.window
        if test is None or self.run_id not in {r.run_id for r in window.state.runs}:
            return
        value = float(f"{getattr(test, which):.3g}")
        window.set_hyperparameter(self.run_id, "lr", value)
        if window.runs_panel.current_id() == self.run_id:
            window.runs_panel.form.set_values(window.state.run(self.run_id).resolved_hyper())
        window.statusBar().showMessage(
            self.tr("{0}: lr set to {1:g}").format(window.state.run(self.run_id).name, value), 5000
        )

    def _finished(self, kind: str, number: int, result: Any) -> None:
        if kind != "lr_find" or number != self.window.lab.latest(kind) or self.dialog is None:
            return
        run_id, test = result
        if run_id == self.run_id:
            self.dialog.show_test(test)

    def _failed(self, kind: str, number: int, text: str) -> None:
        if kind == "lr_find" and self.dialog is not None:
            self.dialog.show_problem(text)
