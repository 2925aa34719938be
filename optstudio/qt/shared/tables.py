"""How the studio's tables are set up: read, not edited, with no row numbers, and columns that
fit the window (the standings of either window, the step panel, the theory panel)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget

NAME_MIN_WIDTH = 48
"""No column narrower (a run's name keeps a few letters beside its colour)."""


def read_only(table: QTableWidget, *, select_rows: bool) -> None:
    """A table the user reads: no editing and no row numbers; a click selects a whole row (a
    run in the standings) or, for a panel of numbers, nothing."""
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    if select_rows:
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    else:
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.verticalHeader().setVisible(False)


def first_column_stretches(table: QTableWidget) -> None:
    """The first column takes the room the others, as wide as their contents, leave."""
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)


def fit_columns_to_width(table: QTableWidget) -> None:
    """The numbers' columns as wide as their contents, and the run's name in what is left
    (cut short, whole in its tooltip): at the window's first size the last columns (Status,
    Converged at) sat beyond a horizontal scroll bar behind long names."""
    first_column_stretches(table)
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    header.setMinimumSectionSize(NAME_MIN_WIDTH)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)


@contextmanager
def changed_at_once(table: QTableWidget) -> Iterator[None]:
    """Change many cells, then tell the view once: told of each change on its own, the view
    sized its columns to their contents again before the next (ResizeToContents), 0.16 ms a
    cell, 5-6 ms for the standings of eight runs ten times a second. Rows are added or taken
    away outside it (the view must hear of those)."""
    model = table.model()
    blocked = model.blockSignals(True)
    try:
        yield
    finally:
        model.blockSignals(blocked)
        rows, columns = table.rowCount(), table.columnCount()
        if rows and columns:
            model.dataChanged.emit(model.index(0, 0), model.index(rows - 1, columns - 1))
