"""The race's standings: each run's step, loss, gradient norm, status and steps to converge."""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...live.snapshots import CONVERGENCE_GRAD_NORM, Snapshot
from .steady_title import SteadyTitle
from .tables import changed_at_once, fit_columns_to_width, read_only

DIVERGED = QColor("#e04040")
ROLE_RUN = Qt.ItemDataRole.UserRole + 1
ROLE_COLOUR = Qt.ItemDataRole.UserRole + 2


def status_text(snap, playing: bool, rewound: bool = False) -> str:
    """A run's status as the tables show it (a landscape's runs and a model study's alike).
    With the timeline on an earlier step, a run that had not ended there is "in progress":
    "paused" or "running" would describe the race now, not the step shown."""

    status = snap.status
    if status == "running":
        if rewound:
            return QCoreApplication.translate("ResultsTable", "in progress")
        return (
            QCoreApplication.translate("ResultsTable", "running")
            if playing
            else (QCoreApplication.translate("ResultsTable", "paused"))
        )
    if status == "max_steps":
        return QCoreApplication.translate("ResultsTable", "step limit")
    if status == "diverged":  # where: the Step beside it ("at step N" pushed a column away)
        return QCoreApplication.translate("ResultsTable", "diverged")
    if status == "error":
        return QCoreApplication.translate("ResultsTable", "error: {0}").format(snap.error)
    return status


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
                self.tr("Converged\nat"),
            ]
        )
        self.horizontalHeaderItem(6).setToolTip(
            self.tr("First step with a gradient norm below {0:g}").format(CONVERGENCE_GRAD_NORM)
        )
        read_only(self, select_rows=True)
        fit_columns_to_width(self)
        self._sort_again()
        self.sortByColumn(2, Qt.SortOrder.AscendingOrder)
        self.playing = False
        self.rewound = False
        """The timeline shows an earlier step (a run on its way is "in progress" there)."""

    def update_rows(
        self, snapshots: dict[int, Snapshot], names: dict[int, str], colours: dict[int, str]
    ) -> None:
        """Show exactly the runs in `snapshots`: a row keeps its place while its run lives (so
        the sort order and a selection hold), a row whose run is gone is reused or dropped."""
        self.setSortingEnabled(False)
        rows: dict[int, int] = {}
        for r in range(self.rowCount()):
            item = self.item(r, 0)
            run_id = None if item is None else item.data(ROLE_RUN)
            if run_id in snapshots and run_id not in rows:
                rows[run_id] = r
        stale = [r for r in range(self.rowCount()) if r not in rows.values()]
        missing = [run_id for run_id in snapshots if run_id not in rows]
        for run_id in missing:
            if stale:
                rows[run_id] = stale.pop(0)
            else:
                rows[run_id] = self.rowCount()
                self.insertRow(self.rowCount())
        for r in reversed(stale):
            self.removeRow(r)
            rows = {k: (v - 1 if v > r else v) for k, v in rows.items()}
        with changed_at_once(self):
            for run_id, snap in snapshots.items():
                self._fill(rows[run_id], run_id, snap, names, colours)
        self._sort_again()

    def _sort_again(self) -> None:
        """Sorting on, without the header's sort arrow: the arrow's room, kept in every column,
        pushed the last ones out of sight (`Standings` names the order in words instead)."""
        self.setSortingEnabled(True)
        self.horizontalHeader().setSortIndicatorShown(False)

    def sort_description(self) -> str:
        header = self.horizontalHeader()
        column = header.sortIndicatorSection()
        if not 0 <= column < self.columnCount():
            return ""
        name = self.horizontalHeaderItem(column).text().replace("\n", " ")
        ascending = header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
        arrow = "▲" if ascending else "▼"
        return self.tr("sorted by {0} {1}").format(name, arrow)

    def run_ids(self) -> list[int]:
        """The runs the table shows, top to bottom."""
        return [self.item(r, 0).data(ROLE_RUN) for r in range(self.rowCount())]

    def _fill(
        self, row: int, run_id: int, snap: Snapshot, names: dict[int, str], colours: dict[int, str]
    ) -> None:
        status = status_text(snap, self.playing, self.rewound)
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
        failed = snap.status in ("diverged", "error")
        for column, (text, number) in enumerate(cells):
            item = self.item(row, column)
            if item is None or item.data(ROLE_RUN) != run_id:
                item = NumberItem(text) if column else QTableWidgetItem(text)
                item.setData(ROLE_RUN, run_id)
                self.setItem(row, column, item)
            elif item.text() != text:
                item.setText(text)
            if column == 0 and item.toolTip() != text:
                item.setToolTip(text)  # the whole name, where the column cuts it short
            if column:
                sortable = (
                    number
                    if isinstance(number, int | float)
                    and not (isinstance(number, float) and math.isnan(number))
                    else None
                )
                if item.data(Qt.ItemDataRole.UserRole) != sortable:  # a sort key, set once
                    item.setData(Qt.ItemDataRole.UserRole, sortable)
            colour = (
                colours.get(run_id, "#ffffff")
                if column == 0
                else (DIVERGED.name() if failed else "")
            )
            if item.data(ROLE_COLOUR) != colour:
                item.setData(ROLE_COLOUR, colour)
                item.setForeground(QBrush(QColor(colour)) if colour else QBrush())

    def cell_text(self, run_name: str, column: int) -> str:
        for row in range(self.rowCount()):
            if self.item(row, 0).text() == run_name:
                return self.item(row, column).text()
        raise KeyError(run_name)


def compared_step(snapshots: dict[int, Snapshot]) -> int | None:
    """The step at which the runs are compared: the one step every run still going (or at
    the step limit) shares (the race in lockstep), else None (free running). Runs that
    converged or diverged earlier are left out: they stay at their last step, and a lockstep
    race with one of them was once called free running."""
    going = {s.step for s in snapshots.values() if s.status in ("running", "max_steps")}
    if len(going) == 1:
        return going.pop()
    if not going:
        steps = {snap.step for snap in snapshots.values() if snap.status != "error"}
        return steps.pop() if len(steps) == 1 else None
    return None


def stopped_earlier(snapshots: dict[int, Snapshot], step: int) -> bool:
    return any(s.status in ("converged", "diverged") and s.step < step for s in snapshots.values())


class Standings(QWidget):
    """The table with a caption that says at which step the runs are compared."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        holder = QWidget()
        self.caption = SteadyTitle(holder, Qt.AlignmentFlag.AlignLeft)
        """Names the step compared, so it changes ten times a second in a race."""
        self.caption.setContentsMargins(4, 2, 4, 0)
        self.order = QLabel()
        """Which column the rows are sorted by (a click on a header sorts by it)."""
        self.order.setContentsMargins(4, 2, 4, 0)
        self.order.setEnabled(False)  # quieter than the caption
        self.table = ResultsTable()
        top = QHBoxLayout()
        top.addWidget(holder, 1)
        top.addWidget(self.order)
        layout.addLayout(top)
        layout.addWidget(self.table)
        header = self.table.horizontalHeader()
        header.sortIndicatorChanged.connect(lambda *_: self._show_order())
        self._show_order()

    def _show_order(self) -> None:
        self.order.setText(self.table.sort_description())

    def update_rows(
        self, snapshots: dict[int, Snapshot], names: dict[int, str], colours: dict[int, str]
    ) -> None:
        self.table.update_rows(snapshots, names, colours)
        step = compared_step(snapshots)
        ended = all(s.status not in ("running", "max_steps") for s in snapshots.values())
        text = (
            self.tr("Standings at step {0}").format(f"{step:,}")
            if step is not None
            else self.tr("Every run has stopped, each at its last step")
            if ended
            else self.tr("Free running: each run at its own step")
        )
        if step is not None and stopped_earlier(snapshots, step):
            text += self.tr(" (runs that stopped earlier at their last step)")
        if not snapshots:
            text = ""
        if self.caption.text() != text:
            self.caption.setText(text)
