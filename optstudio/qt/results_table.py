"""The race's standings: each run's step, loss, gradient norm, status and steps to converge."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from .engine_thread import CONVERGENCE_GRAD_NORM, Snapshot

DIVERGED = QColor("#e04040")


class NumberItem(QTableWidgetItem):
    """Sorts by number, with missing values last."""

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine = self.data(Qt.ItemDataRole.UserRole)
        theirs = other.data(Qt.ItemDataRole.UserRole)
        mine = math.inf if mine is None else mine
        theirs = math.inf if theirs is None else theirs
        return mine < theirs


class ResultsTable(QTableWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(0, 7, parent)
        self.setHorizontalHeaderLabels(
            [
                self.tr("Run"),
                self.tr("Step"),
                self.tr("Loss"),
                self.tr("‖∇f‖"),
                self.tr("lr"),
                self.tr("Status"),
                self.tr("Converged at"),
            ]
        )
        self.horizontalHeaderItem(6).setToolTip(
            self.tr("First step with a gradient norm below {0:g}").format(CONVERGENCE_GRAD_NORM)
        )
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)
        self.setSortingEnabled(True)
        self.sortByColumn(2, Qt.SortOrder.AscendingOrder)

    def update_rows(
        self, snapshots: dict[int, Snapshot], names: dict[int, str], colours: dict[int, str]
    ) -> None:
        self.setSortingEnabled(False)
        self.setRowCount(len(snapshots))
        for row, (run_id, snap) in enumerate(snapshots.items()):
            status = snap.status
            if status == "diverged":
                status = self.tr("diverged at step {0}").format(snap.step)
            elif status == "error":
                status = self.tr("error: {0}").format(snap.error)
            cells = [
                (names.get(run_id, "?"), None),
                (f"{snap.step:,}", snap.step),
                (f"{snap.loss:.6g}", snap.loss),
                (f"{snap.grad_norm:.3g}", snap.grad_norm),
                (f"{snap.lr:.3g}", snap.lr),
                (status, None),
                (
                    "" if snap.steps_to_converge is None else f"{snap.steps_to_converge:,}",
                    snap.steps_to_converge,
                ),
            ]
            for column, (text, number) in enumerate(cells):
                item = NumberItem(text) if column else QTableWidgetItem(text)
                if column:
                    sortable = (
                        number
                        if isinstance(number, int | float)
                        and not (isinstance(number, float) and math.isnan(number))
                        else None
                    )
                    item.setData(Qt.ItemDataRole.UserRole, sortable)
                item.setData(Qt.ItemDataRole.UserRole + 1, run_id)
                if snap.status in ("diverged", "error"):
                    item.setForeground(QBrush(DIVERGED))
                if column == 0:
                    item.setForeground(QBrush(QColor(colours.get(run_id, "#ffffff"))))
                self.setItem(row, column, item)
        self.setSortingEnabled(True)

    def cell_text(self, run_name: str, column: int) -> str:
        for row in range(self.rowCount()):
            if self.item(row, 0).text() == run_name:
                return self.item(row, column).text()
        raise KeyError(run_name)
