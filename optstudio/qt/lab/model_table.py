"""The race table of a model study: each run's step and epoch (step x batch / training rows,
the Playground's counter), train and test loss, test accuracy and status, rebuilt from the
snapshots (a row per run, in the runs' order, sortable)."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

from ...live.model_engine import ModelSnapshot
from ..shared.results_table import NumberItem, status_text
from ..shared.tables import changed_at_once, fit_columns_to_width, read_only


def _number(value: float, text: str) -> NumberItem:
    item = NumberItem(text)
    item.setData(Qt.ItemDataRole.UserRole, value if math.isfinite(value) else math.inf)
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def epoch_text(epoch: float) -> str:
    """Epochs with the digits that tell runs apart: whole epochs as they are (a full batch's
    epoch is its step: "3,000.00" read as noise), a fraction to two decimals early on, where
    it is what a mini-batch run has seen, and fewer once there are tens or hundreds."""
    if epoch == math.floor(epoch):
        return f"{epoch:,.0f}"
    if epoch < 10:
        return f"{epoch:.2f}"
    if epoch < 100:
        return f"{epoch:.1f}"
    return f"{epoch:,.0f}"


class ModelTable(QTableWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(0, 7, parent)
        self.setHorizontalHeaderLabels(
            [
                self.tr("Run"),
                self.tr("Step"),
                self.tr("Epoch"),
                self.tr("Train\nloss"),
                self.tr("Test\nloss"),
                self.tr("Test\naccuracy"),
                self.tr("Status"),
            ]
        )
        read_only(self, select_rows=True)
        fit_columns_to_width(self)
        self.playing = False
        """Runs on their way show "running" while the race plays, "paused" otherwise."""
        self.rewound = False
        """The timeline shows an earlier step (a run on its way is "in progress" there)."""

    def update_rows(
        self,
        snapshots: dict[int, ModelSnapshot],
        names: dict[int, str],
        colours: dict[int, str],
        classes: bool,
    ) -> None:
        """Exactly the runs in `snapshots`, in their order."""
        sorting = self.isSortingEnabled()
        self.setSortingEnabled(False)
        self.setRowCount(len(snapshots))
        with changed_at_once(self):
            for row, (run_id, snap) in enumerate(snapshots.items()):
                self._fill(row, run_id, snap, names, colours, classes)
        self.setSortingEnabled(sorting)

    def _fill(
        self,
        row: int,
        run_id: int,
        snap: ModelSnapshot,
        names: dict[int, str],
        colours: dict[int, str],
        classes: bool,
    ) -> None:
        """One run's row, its cells made anew."""
        name = QTableWidgetItem(names.get(run_id, str(run_id)))
        name.setForeground(QColor(colours.get(run_id, "#888888")))
        name.setData(Qt.ItemDataRole.UserRole + 1, run_id)
        name.setToolTip(name.text())
        status = status_text(snap, self.playing, self.rewound)
        accuracy = snap.test_accuracy if classes else math.nan
        epoch = float(snap.epoch_of(snap.step))
        cells = (
            name,
            _number(float(snap.step), f"{snap.step:,}"),
            _number(epoch, epoch_text(epoch)),
            _number(snap.train_loss, _format(snap.train_loss)),
            _number(snap.test_loss, _format(snap.test_loss)),
            _number(accuracy, f"{accuracy:.1%}" if math.isfinite(accuracy) else "—"),
            QTableWidgetItem(status),
        )
        for column, item in enumerate(cells):
            self.setItem(row, column, item)

    def cell_text(self, run_name: str, column: int) -> str:
        for row in range(self.rowCount()):
            if self.item(row, 0).text() == run_name:
                return self.item(row, column).text()
        raise KeyError(run_name)


def _format(value: float) -> str:
    return f"{value:.6g}" if math.isfinite(value) else "—"
