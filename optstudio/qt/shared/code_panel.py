"""The Code view: the selected run as a PyTorch, Keras or optax script, ready to copy or save."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...codegen import FRAMEWORK_NAMES, FRAMEWORKS
from .python_highlighter import PythonHighlighter


class CodePanel(QWidget):
    framework_changed = Signal(str)
    save_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.framework = QComboBox()
        for framework in FRAMEWORKS:
            self.framework.addItem(FRAMEWORK_NAMES[framework], framework)
        self.copy_button = QPushButton(self.tr("Copy"))
        self.save_button = QPushButton(self.tr("Save as .py…"))
        row.addWidget(self.framework, 1)
        row.addWidget(self.copy_button)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.editor = QPlainTextEdit()
        self.editor.setReadOnly(True)
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.editor.setFont(font)
        self.highlighter = PythonHighlighter(self.editor.document())
        layout.addWidget(self.editor, 1)
        self.framework.currentIndexChanged.connect(
            lambda _i: self.framework_changed.emit(self.framework.currentData())
        )
        self.copy_button.clicked.connect(self.copy)
        self.save_button.clicked.connect(self.save_requested)

    def show_code(self, code: str, note: str) -> None:
        position = self.editor.verticalScrollBar().value()
        if code != self.editor.toPlainText():
            self.editor.setPlainText(code)
            self.editor.verticalScrollBar().setValue(position)
        self.note.setText(note)
        for button in (self.copy_button, self.save_button):
            button.setEnabled(bool(code))

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.editor.toPlainText())
        self.note.setText(self.tr("Copied to the clipboard."))
