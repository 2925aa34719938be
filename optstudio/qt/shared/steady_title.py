"""A title that changes with every step shown, without laying out the window each time (the
lab's view titles, the standings' caption)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel, QWidget


class SteadyTitle(QLabel):
    """A title that names the step shown: word-wrapped across its view (in the presentation
    view's type it was cut at both ends otherwise), in a holder of its own that the view's
    layout sizes, and whose height is set again only when the title's lines change.

    A race changes its text ten times a second. A label in the view's layout asks the window
    to lay itself out again at every change of its text: the lab's splitter, tabs and plots
    were laid out ten times a second, and a plot that moved by it redrew its axes (frames of
    50-60 ms in `benchmarks/window_speed.py --model`); the standings' caption laid out the
    landscape's right-hand pane as often. The holder has no layout: a change of the text asks
    nothing of the window's."""

    def __init__(
        self, holder: QWidget, alignment: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignCenter
    ) -> None:
        super().__init__(holder)
        self.setAlignment(alignment)
        self.setWordWrap(True)
        holder.installEventFilter(self)

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._fit()
        return False

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the presentation view's type
            self._fit()

    def _fit(self) -> None:
        """As wide as the holder, as high as the text's lines at that width; the holder as
        high as the title."""
        holder = self.parentWidget()
        width = holder.width()
        height = max(self.heightForWidth(width), 0) if self.text() else 0
        if self.width() != width or self.height() != height:
            self.setGeometry(0, 0, width, height)
        if holder.height() != height:
            holder.setFixedHeight(height)
