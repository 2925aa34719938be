"""The loss side panel: which landscape, its parameters, and where the runs start."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...engine.losses import LOSSES, loss_spec
from .hyper_form import HyperForm

COORDINATE_LIMIT = 1e6


class LossPanel(QWidget):
    loss_selected = Signal(str)
    param_changed = Signal(str, object)
    params_reset = Signal()
    start_typed = Signal(float, float)
    start_reset = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.picker = QComboBox()
        for name, spec in LOSSES.items():
            self.picker.addItem(spec.display_name, name)
            self.picker.setItemData(self.picker.count() - 1, spec.description, 3)
        self.picker.activated.connect(lambda i: self.loss_selected.emit(self.picker.itemData(i)))
        layout.addWidget(self.picker)
        self.formula = QLabel()
        self.formula.setWordWrap(True)
        font = QFont(self.formula.font())
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.formula.setFont(font)
        layout.addWidget(self.formula)
        self.description = QLabel()
        self.description.setWordWrap(True)
        italic = QFont(self.description.font())
        italic.setItalic(True)
        self.description.setFont(italic)
        layout.addWidget(self.description)

        self.params_box = QGroupBox(self.tr("Parameters"))
        self.params = HyperForm()
        self.params.changed.connect(self.param_changed)
        self.params.reset_requested.connect(self.params_reset)
        QVBoxLayout(self.params_box).addWidget(self.params)
        layout.addWidget(self.params_box)

        start_box = QGroupBox(self.tr("Start point (or click the map)"))
        row = QHBoxLayout(start_box)
        self.start_x = self._coordinate()
        self.start_y = self._coordinate()
        row.addWidget(QLabel("x"))
        row.addWidget(self.start_x)
        row.addWidget(QLabel("y"))
        row.addWidget(self.start_y)
        default = QPushButton(self.tr("Default"))
        default.setToolTip(self.tr("Start from the loss's default start point"))
        default.clicked.connect(self.start_reset)
        row.addWidget(default)
        layout.addWidget(start_box)
        layout.addStretch(1)

    def _coordinate(self) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(-COORDINATE_LIMIT, COORDINATE_LIMIT)
        spin.setDecimals(4)
        spin.setSingleStep(0.1)
        spin.setKeyboardTracking(False)
        spin.valueChanged.connect(
            lambda _: self.start_typed.emit(self.start_x.value(), self.start_y.value())
        )
        return spin

    def show_loss(self, name: str, values: dict, start: tuple[float, float]) -> None:
        spec = loss_spec(name)
        self.picker.setCurrentIndex(self.picker.findData(name))
        self.formula.setText(spec.formula)
        self.description.setText(spec.description)
        self.params.build(spec.params, values, name)
        self.params_box.setVisible(bool(spec.params))
        self.show_start(start)

    def show_start(self, start: tuple[float, float]) -> None:
        for spin, value in zip((self.start_x, self.start_y), start, strict=True):
            spin.blockSignals(True)
            spin.setValue(value)
            spin.blockSignals(False)
