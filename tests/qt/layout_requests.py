"""Counting the layout requests a window gets while a race counts up: a label that changes
its size with its text lays the whole window out again at every frame."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QMainWindow, QSplitter, QWidget


class LayoutCounter(QObject):
    def __init__(self, *watched: QWidget) -> None:
        super().__init__()
        self.requests = 0
        for widget in watched:
            widget.installEventFilter(self)

    def eventFilter(self, _obj, event) -> bool:
        self.requests += event.type() == QEvent.Type.LayoutRequest
        return False


def in_a_split_window(qtbot, view: QWidget, width: int, height: int) -> tuple:
    """`view` in a splitter in a main window, as the studio holds its panes: (window,
    splitter), once the window is shown and settled."""
    window = QMainWindow()
    qtbot.addWidget(window)
    splitter = QSplitter()
    splitter.addWidget(view)
    window.setCentralWidget(splitter)
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(50)
    return window, splitter
