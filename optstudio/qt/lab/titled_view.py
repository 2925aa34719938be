"""What the lab's pictures of a run (the boundary, the digits) have in common: a title above
them that names the run and the step shown, which an exported figure takes as its title."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from ..shared.steady_title import SteadyTitle


class TitledView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        holder = QWidget()
        self.title = SteadyTitle(holder)
        self.column.addWidget(holder)
