"""The step panel: the selected run's update rule with this step's numbers put in."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...engine.explain import StepExplanation, Vector
from ..shared.tables import first_column_stretches, read_only
from ..shared.texts import EXPLAIN_TEXTS, translated


def number(value: float) -> str:
    if math.isnan(value):
        return "nan"
    if value == 0.0:
        return "0"
    if abs(value) >= 1e5 or abs(value) < 1e-3:
        return f"{value:.3e}"
    return f"{value:.5g}"


def shown(value: float | Vector) -> str:
    """A value as the panel shows it; a vector's two numbers never part across lines."""
    if isinstance(value, tuple):
        return f"({number(value[0])},\u00a0{number(value[1])})"
    return number(value)


class StepPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.title)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([self.tr("quantity = rule"), self.tr("this step")])
        read_only(self.table, select_rows=False)
        # The numbers whole, on one line (a vector's two parted across lines and read as two
        # rows); a long rule wraps in the room that leaves, and is never cut.
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        first_column_stretches(self.table)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        self.footer = QLabel()
        self.footer.setWordWrap(True)
        layout.addWidget(self.footer)
        self.explanation: StepExplanation | None = None
        self.show_message(self.tr("Pause or step a run to see its next step explained."))

    def stopped_text(self, status: str) -> str:
        """Why the step explained is not taken, in words (not the engine's status names)."""
        if status == "diverged":
            return self.tr(
                "The run diverged here: this update leaves the finite numbers, so the engine "
                "stopped the run and does not take it."
            )
        if status == "converged":
            return self.tr(
                "The run has converged (its steps fell below the tolerance): this step is not "
                "taken."
            )
        return self.tr("The run has reached its step limit: this step is not taken.")

    def show_message(self, text: str) -> None:
        self.explanation = None
        self.title.setText(text)
        self.table.setRowCount(0)
        self.footer.setText("")

    def show_explanation(self, explanation: StepExplanation, name: str, colour: str) -> None:
        self.explanation = explanation
        settings = ", ".join(
            f"{key} = {number(value) if isinstance(value, float) else value}"
            for key, value in explanation.hyperparams
            if key != "lr" and value not in (0, 0.0, False)
        )
        self.title.setText(
            self.tr(
                '<b><span style="color:{0}">●</span> {1}</b>: step {2} (from the point after '
                "{3} steps), lr = {4}"
            ).format(
                colour,
                name,
                f"{explanation.step:,}",
                f"{explanation.step - 1:,}",
                number(explanation.lr),
            )
            + (f"<br><small>{settings}</small>" if settings else "")
        )
        rows = [("θ", self.tr("the current point"), explanation.theta, "")]
        rows += [
            (
                t.symbol,
                translated(EXPLAIN_TEXTS, t.rule),
                t.value,
                translated(EXPLAIN_TEXTS, t.meaning),
            )
            for t in explanation.terms
        ]
        self.table.setRowCount(len(rows))
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        for row, (symbol, rule, value, meaning) in enumerate(rows):
            cells = (f"{symbol} = {rule}", shown(value))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setFont(mono)
                if meaning:
                    item.setToolTip(meaning)
                if symbol == "Δθ":
                    item.setForeground(QColor(colour))
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(row, column, item)
        if explanation.theta_next is None:
            self.footer.setText(self.stopped_text(explanation.status))
        else:
            self.footer.setText(
                self.tr("θ + Δθ = {0}, where the engine moved.").format(
                    shown(explanation.theta_next)
                )
            )
