"""The open scenario's explanation, whole, under the views.

A scenario's two or three sentences are its lesson. They were a status-bar message: one line,
cut at the window's edge ("…escaping direction and ge") and gone after 30 seconds. Here they
wrap to the window's width and stay until closed or another study opens.
"""

from __future__ import annotations

import html
import math

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QToolBar, QToolButton, QWidget


class ScenarioNote(QToolBar):
    """A bottom bar of its own line with the scenario's title and explanation, wrapped."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setObjectName("scenario_note")
        self.setWindowTitle(self.tr("Scenario"))
        self.setMovable(False)
        self.body = QWidget()
        layout = QHBoxLayout(self.body)
        layout.setContentsMargins(8, 4, 4, 4)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.close_button = QToolButton()
        self.close_button.setText("×")
        self.close_button.setToolTip(self.tr("Hide the scenario's explanation"))
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self.hide)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.addWidget(self.body)
        self._plain = ""
        bottom = Qt.ToolBarArea.BottomToolBarArea
        window.addToolBarBreak(bottom)  # a line of its own: the later line, the one above
        window.addToolBar(bottom, self)
        self.hide()

    @classmethod
    def of(cls, window: QMainWindow) -> ScenarioNote:
        """The window's note, made the first time a scenario asks for it (the timeline is
        there by then, so the note takes the line above it)."""
        note = window.findChild(ScenarioNote)
        return note if note is not None else cls(window)

    def show_explanation(self, title: str, explanation: str) -> None:
        """Show `explanation` under its `title` (both already in the user's language); an
        empty explanation hides the bar."""
        if not explanation:
            self.label.clear()
            self._plain = ""
            self.hide()
            return
        stop = "" if title[-1:] in ".?!:。？！：" else "."
        heading = f"<b>{html.escape(title)}{stop}</b> " if title else ""
        self.label.setText(heading + html.escape(explanation))
        self._plain = f"{title}{stop} {explanation}" if title else explanation
        self.show()
        self._fit()

    def set_font(self, font) -> None:
        """The explanation's type (larger on the projector), its height fitted again."""
        self.label.setFont(font)
        self._fit()

    def text(self) -> str:
        """What the bar says, as plain text (tests read it)."""
        return self._plain

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def _text_height(self, width: int) -> int:
        """The wrapped text's height at `width` in the label's font now (QLabel's own
        heightForWidth kept the projector's font's answer after the font changed back)."""
        document = QTextDocument()
        document.setDefaultFont(self.label.font())
        document.setDocumentMargin(0)
        document.setHtml(self.label.text())
        document.setTextWidth(width)
        return math.ceil(document.size().height())

    def _fit(self) -> None:
        """A tool bar lays out by size hints, not by height for width: the wrapped label is
        given the height its text takes at the width it has (less the close button)."""
        width = self.width() - self.close_button.sizeHint().width() - 24
        height = self._text_height(max(width, 200))
        if height > 0 and self.label.height() != height:
            self.label.setFixedHeight(height)
            self.body.adjustSize()
            self.updateGeometry()  # the window's layout gives the bar its new height
