"""The timeline: scrub back and forth through the recorded history of the runs."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSlider, QToolBar, QWidget

LABEL_MIN_WIDTH = 170
"""The step label's narrowest (a short run's steps)."""


class Timeline(QToolBar):
    """Emits `scrubbed(step)` when the user moves through history, `live_requested()` to
    follow the runs again."""

    scrubbed = Signal(int)
    live_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timeline")
        self.setWindowTitle(self.tr("Timeline"))
        self.setMovable(False)
        body = QWidget()
        layout = QHBoxLayout(body)
        layout.setContentsMargins(6, 2, 6, 2)
        self.back = QPushButton("◀")
        self.back.setToolTip(self.tr("One step back in the history (Left)"))
        self.forward = QPushButton("▶")
        self.forward.setToolTip(self.tr("One step forward in the history"))
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setToolTip(self.tr("Drag through the recorded history of the runs"))
        self.label = QLabel()
        self.live = QPushButton(self.tr("Live"))
        self.live.setCheckable(True)
        self.live.setChecked(True)
        self.live.setToolTip(self.tr("Follow the runs as they go"))
        for widget in (self.back, self.forward):
            widget.setFixedWidth(36)
        layout.addWidget(QLabel(self.tr("Timeline")))
        layout.addWidget(self.back)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.forward)
        layout.addWidget(self.label)
        layout.addWidget(self.live)
        self.addWidget(body)
        self.extent = 0
        self.step: int | None = None
        """The step shown, or None while following the runs live."""
        self.snap: Callable[[int], int] | None = None
        """Where a drag of the slider lands for a given value: a window whose runs record only
        some steps sets it, so the label names the step its views show."""
        self.slider.valueChanged.connect(self._moved)
        self.back.clicked.connect(lambda: self.scrub_by(-1))
        self.forward.clicked.connect(lambda: self.scrub_by(1))
        self.live.clicked.connect(self._live_clicked)
        self._show_label()

    def set_extent(self, steps: int) -> None:
        """The longest run's step count: the end of the slider."""
        if steps == self.extent:
            return
        self.extent = steps
        self.slider.blockSignals(True)
        self.slider.setRange(0, max(steps, 0))
        if self.step is None:
            self.slider.setValue(steps)
        self.slider.blockSignals(False)
        self._show_label()

    def scrub_to(self, step: int) -> None:
        step = max(0, min(int(step), self.extent))
        self.step = step
        self.live.setChecked(False)
        self.slider.blockSignals(True)
        self.slider.setValue(step)
        self.slider.blockSignals(False)
        self._show_label()
        self.scrubbed.emit(step)

    def scrub_by(self, delta: int) -> None:
        current = self.extent if self.step is None else self.step
        self.scrub_to(current + delta)

    def follow_live(self) -> None:
        self.step = None
        self.live.setChecked(True)
        self.slider.blockSignals(True)
        self.slider.setValue(self.extent)
        self.slider.blockSignals(False)
        self._show_label()

    def _moved(self, value: int) -> None:
        self.scrub_to(value if self.snap is None else self.snap(value))

    def _live_clicked(self) -> None:
        self.follow_live()
        self.live_requested.emit()

    def _show_label(self) -> None:
        live = self.tr("live · step {0}")
        shown = self.tr("step {0} of {1}")
        self._hold_label_size(live, shown)
        if self.step is None:
            self.label.setText(live.format(f"{self.extent:,}"))
        else:
            self.label.setText(shown.format(f"{self.step:,}", f"{self.extent:,}"))

    def _hold_label_size(self, live: str, shown: str) -> None:
        """The label keeps one size while the steps count up: its width fits either text with
        numbers as long as the extent's. A label whose size follows its text asks the whole
        window to lay itself out again, and this one changes every frame of a race: the
        landscape window was laid out 60 times a second."""
        widest = f"{10 ** len(str(max(self.extent, 0))) - 1:,}".replace("9", "8")
        metrics = self.label.fontMetrics()
        width = max(
            LABEL_MIN_WIDTH,
            metrics.horizontalAdvance(live.format(widest)),
            metrics.horizontalAdvance(shown.format(widest, widest)),
        )
        size = QSize(width + 4, metrics.height())
        if self.label.size() != size or self.label.minimumSize() != size:
            self.label.setFixedSize(size)
