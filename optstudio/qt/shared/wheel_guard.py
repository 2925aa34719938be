"""The mouse wheel scrolls the side panels; it edits a setting only in the field that has focus.

Qt gives a spin box, a combo box or a slider every wheel notch that passes over it, and gives
it focus on the way (`Qt.WheelFocus`): a lecturer scrolling the model panel changed the number
of points from 500 to 450 (every run restarted), or an lr from 0.03 to 0.0287 mid-run. Guarded,
such a field takes only the keyboard's and a click's focus, and a wheel notch over it while
it is not focused scrolls the panel it sits in instead.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QScrollBar,
    QWidget,
)

VALUE_WIDGETS = (QAbstractSpinBox, QComboBox, QAbstractSlider)


def _guarded(widget: QObject) -> bool:
    return isinstance(widget, VALUE_WIDGETS) and not isinstance(widget, QScrollBar)


def _scroll_area_of(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


class WheelGuard(QObject):
    """An application-wide event filter (one per application: `install`)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Polish and _guarded(watched):
            if watched.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                watched.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        elif kind == QEvent.Type.Wheel and _guarded(watched) and not watched.hasFocus():
            area = _scroll_area_of(watched)
            if area is not None:
                QCoreApplication.sendEvent(area.verticalScrollBar(), event)
            event.accept()
            return True
        return False


_guards: dict[int, WheelGuard] = {}
"""The guard of each application (by identity), kept alive as long as it."""


def install() -> None:
    """Guard every value field of the application, now and later (idempotent)."""
    app = QApplication.instance()
    if app is None or id(app) in _guards:
        return
    guard = WheelGuard(app)
    app.installEventFilter(guard)
    _guards[id(app)] = guard
