"""Play, pause, single step, reset, speed and the step limit, with their keyboard shortcuts."""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QSlider,
    QSpinBox,
    QToolBar,
    QWidget,
)

from ...speed_scale import SPEED_STEPS, speed_at


def speed_text(speed: float) -> str:
    if math.isinf(speed):
        return QCoreApplication.translate("Controls", "max")
    return f"{speed:,.0f}/s" if speed >= 10 else f"{speed:.2g}/s"


class Controls(QToolBar):
    play_toggled = Signal(bool)
    step_requested = Signal()
    reset_requested = Signal()
    speed_changed = Signal(float)
    max_steps_changed = Signal(int)
    restart_on_change_toggled = Signal(bool)
    lockstep_toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("controls")
        self.setWindowTitle(self.tr("Controls"))
        self.play_action = QAction(self.tr("Play"), self)
        self.play_action.setCheckable(True)
        self.play_action.setToolTip(self.tr("Play or pause (Space)"))
        self.play_action.toggled.connect(self._play_toggled)
        self.step_action = QAction(self.tr("Step"), self)
        self.step_action.setToolTip(self.tr("One step (Right or N)"))
        self.step_action.triggered.connect(self.step_requested)
        self.reset_action = QAction(self.tr("Reset"), self)
        self.reset_action.setToolTip(self.tr("Back to the start point (R)"))
        self.reset_action.triggered.connect(self.reset_requested)
        self.slower_action = QAction(self.tr("Slower"), self)
        self.slower_action.setToolTip(self.tr("Slower (-)"))
        self.slower_action.triggered.connect(lambda: self.speed.setValue(self.speed.value() - 5))
        self.faster_action = QAction(self.tr("Faster"), self)
        self.faster_action.setToolTip(self.tr("Faster (+)"))
        self.faster_action.triggered.connect(lambda: self.speed.setValue(self.speed.value() + 5))
        for action in (self.play_action, self.step_action, self.reset_action):
            self.addAction(action)
        self.addSeparator()
        self.addAction(self.slower_action)
        self.speed = QSlider(Qt.Orientation.Horizontal)
        self.speed.setRange(0, SPEED_STEPS)
        self.speed.setValue(SPEED_STEPS)
        self.speed.setFixedWidth(140)
        self.speed.setToolTip(
            self.tr("Steps per second, from 1 to as fast as the engine goes (- and +)")
        )
        self.speed.valueChanged.connect(self._speed_moved)
        self.addWidget(self.speed)
        self.addAction(self.faster_action)
        self.speed_label = QLabel(speed_text(math.inf))
        self.speed_label.setMinimumWidth(70)
        self.addWidget(self.speed_label)
        self.addSeparator()
        self.addWidget(QLabel(self.tr(" Max steps ")))
        self.max_steps = QSpinBox()
        self.max_steps.setRange(1, 2_000_000_000)
        self.max_steps.setGroupSeparatorShown(True)
        self.max_steps.setKeyboardTracking(False)
        self.max_steps.valueChanged.connect(self.max_steps_changed)
        self.addWidget(self.max_steps)
        self.addSeparator()
        self.restart_box = QCheckBox(self.tr("Restart on change"))
        self.restart_box.setToolTip(
            self.tr(
                "Changing a hyperparameter restarts the run instead "
                "of continuing with the optimizer state kept"
            )
        )
        self.restart_box.toggled.connect(self.restart_on_change_toggled)
        self.restart_action = self.addWidget(self.restart_box)
        self.lockstep_box = QCheckBox(self.tr("Lockstep"))
        self.lockstep_box.setChecked(True)
        self.lockstep_box.setToolTip(
            self.tr(
                "Every run at the same step, so the race is fair; off: free running, each run "
                "as fast as it can"
            )
        )
        self.lockstep_box.toggled.connect(self.lockstep_toggled)
        self.addWidget(self.lockstep_box)

    def _play_toggled(self, playing: bool) -> None:
        self.play_action.setText(self.tr("Pause") if playing else self.tr("Play"))
        self.play_toggled.emit(playing)

    def show_lockstep(self, on: bool) -> None:
        self.lockstep_box.blockSignals(True)
        self.lockstep_box.setChecked(on)
        self.lockstep_box.blockSignals(False)

    def show_playing(self, playing: bool) -> None:
        self.play_action.blockSignals(True)
        self.play_action.setChecked(playing)
        self.play_action.setText(self.tr("Pause") if playing else self.tr("Play"))
        self.play_action.blockSignals(False)

    def _speed_moved(self, position: int) -> None:
        speed = speed_at(position)
        self.speed_label.setText(speed_text(speed))
        self.speed_changed.emit(speed)


class KeyboardControl(QObject):
    """Space, Right, N, R, + and - drive the studio wherever the focus is, except while the user
    types into a field: a focused button or check box would otherwise take Space for itself."""

    def __init__(self, window: QWidget, controls: Controls, home: QWidget | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.home = home
        """Where the keys go after Enter in a field (the map)."""
        self.keys = {
            Qt.Key.Key_Space: controls.play_action.trigger,
            Qt.Key.Key_Right: controls.step_action.trigger,
            Qt.Key.Key_N: controls.step_action.trigger,
            Qt.Key.Key_R: controls.reset_action.trigger,
            Qt.Key.Key_Plus: controls.faster_action.trigger,
            Qt.Key.Key_Equal: controls.faster_action.trigger,
            Qt.Key.Key_Minus: controls.slower_action.trigger,
        }
        QApplication.instance().installEventFilter(self)

    def focus_home(self) -> None:
        if self.home is not None and self.home.isVisible():
            self.home.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() not in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            return False
        if not isinstance(event, QKeyEvent) or event.modifiers() & ~(
            Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier
        ):
            return False
        focus = QApplication.focusWidget()
        if focus is None or focus.window() is not self.window:
            return False
        typing = isinstance(focus, QLineEdit | QAbstractSpinBox) or (
            isinstance(focus, QComboBox) and focus.isEditable()
        )
        if (
            typing
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            # Enter commits the field (it still gets the key) and hands the keys back to the
            # studio, so Space, Right and R work again without a click on the map.
            QTimer.singleShot(0, self.focus_home)
            return False
        action = self.keys.get(Qt.Key(event.key()))
        if action is None or typing:
            return False
        if event.type() == QEvent.Type.KeyPress and not event.isAutoRepeat():
            action()
        event.accept()
        return True
