"""A form generated from HyperParam specs: no hand-written form per optimizer or loss.

Learning rates and other log-scale values get a log slider beside an exact entry; bounded
linear values a linear slider; booleans check boxes; choices combo boxes; optional values a
check box that turns them on. Every row's tooltip is the parameter's one-line meaning. A value
the spec refuses is shown in red with the reason, and the last good value stays in force.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSlider,
    QSpinBox,
    QToolButton,
    QWidget,
)

from ...engine.specs import HyperParam, Value
from .texts import HYPERPARAMETER_TEXTS, translated

SLIDER_STEPS = 1000
UNSET_CHOICE = "none"
"""The combo box entry of an optional choice left unset (L-BFGS without a line search)."""
INVALID_STYLE = "QLineEdit { border: 2px solid #e04040; }"


def slider_range(param: HyperParam) -> tuple[float, float] | None:
    """The range a slider spans: the valid range where it is bounded, else around the default."""
    default = param.default if isinstance(param.default, int | float) else None
    if param.scale == "log":
        centre = default if default and default > 0 else 1e-2
        low = centre * 1e-3
        high = centre * 1e3 if param.high is None else min(param.high, centre * 1e3)
        if param.low is not None:
            low = max(low, param.low if param.low > 0 else low)
        return (low, high) if high > low else None
    if param.low is not None and param.high is not None and param.kind == "float":
        return (param.low, param.high)
    return None


def _format(value: Value) -> str:
    return "" if value is None else f"{value:.6g}" if isinstance(value, float) else str(value)


class NumberField(QWidget):
    """Exact entry, with a slider where the spec gives a sensible range."""

    edited = Signal(object)

    def __init__(self, param: HyperParam, owner: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.param = param
        self.owner = owner
        self.value: Value = param.default
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.enabled_box: QCheckBox | None = None
        if param.optional:
            self.enabled_box = QCheckBox()
            self.enabled_box.setToolTip(self.tr("on or off"))
            self.enabled_box.toggled.connect(self._toggled)
            layout.addWidget(self.enabled_box)
        self.range = slider_range(param)
        self.slider: QSlider | None = None
        if self.range is not None:
            self.slider = QSlider(Qt.Orientation.Horizontal)
            self.slider.setRange(0, SLIDER_STEPS)
            self.slider.valueChanged.connect(self._slid)
            layout.addWidget(self.slider, 3)
        self.entry = QLineEdit()
        self.entry.setMinimumWidth(70)
        self.entry.editingFinished.connect(self._typed)
        layout.addWidget(self.entry, 2)
        self.set_value(param.default)

    def set_value(self, value: Value) -> None:
        self.value = value
        self.entry.setText(_format(value))
        self.entry.setStyleSheet("")
        self.entry.setToolTip(translated(HYPERPARAMETER_TEXTS, self.param.meaning))
        if self.enabled_box is not None:
            self.enabled_box.blockSignals(True)
            self.enabled_box.setChecked(value is not None)
            self.enabled_box.blockSignals(False)
            self.entry.setEnabled(value is not None)
        if self.slider is not None and isinstance(value, int | float):
            self.slider.blockSignals(True)
            self.slider.setValue(self._to_slider(float(value)))
            self.slider.blockSignals(False)
            self.slider.setEnabled(value is not None)

    def _to_slider(self, value: float) -> int:
        low, high = self.range  # type: ignore[misc]
        if self.param.scale == "log":
            if value <= 0:
                return 0
            fraction = (math.log10(value) - math.log10(low)) / (math.log10(high) - math.log10(low))
        else:
            fraction = (value - low) / (high - low)
        return round(min(max(fraction, 0.0), 1.0) * SLIDER_STEPS)

    def _from_slider(self, position: int) -> float:
        low, high = self.range  # type: ignore[misc]
        fraction = position / SLIDER_STEPS
        if self.param.scale == "log":
            value = 10 ** (math.log10(low) + fraction * (math.log10(high) - math.log10(low)))
            return float(f"{value:.3g}")
        value = low + fraction * (high - low)
        if self.param.high is not None and not self.param.high_inclusive:
            value = min(value, self.param.high - (high - low) / SLIDER_STEPS)
        return float(f"{value:.4g}")

    def _commit(self, raw: Any) -> None:
        try:
            value = self.param.validate(raw, self.owner)
        except ValueError as error:
            self.entry.setStyleSheet(INVALID_STYLE)
            self.entry.setToolTip(str(error))
            return
        self.set_value(value)
        self.edited.emit(value)

    def _typed(self) -> None:
        if _format(self.value) != self.entry.text().strip():
            self._commit(self.entry.text())

    def _slid(self, position: int) -> None:
        self._commit(self._from_slider(position))

    def _toggled(self, on: bool) -> None:
        self._commit(
            self.param.default
            if on and self.param.default is not None
            else (
                self._from_slider(SLIDER_STEPS // 2) if on and self.range else (1.0 if on else None)
            )
        )


class HyperForm(QWidget):
    """Rows for a tuple of HyperParams; emits `changed(name, value)` on every valid edit."""

    changed = Signal(str, object)
    reset_requested = Signal()
    lr_find_requested = Signal()
    """The "Find…" button beside lr was pressed (where a window offers the range test)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, QWidget] = {}
        self.params: tuple[HyperParam, ...] = ()
        self.offers_lr_finder = False
        """A "Find…" button beside the lr field (the model lab's range test)."""

    def build(
        self,
        params: tuple[HyperParam, ...],
        values: dict[str, Value],
        owner: str,
        *,
        reset_button: bool = True,
    ) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.fields = {}
        self.params = params
        for param in params:
            widget = self._field(param, owner)
            widget.setToolTip(translated(HYPERPARAMETER_TEXTS, param.meaning))
            self.fields[param.name] = widget
            label = param.name.replace("_", " ")
            row = self._with_finder(widget) if param.name == "lr" else widget
            self.form.addRow(label, row)
            self.form.labelForField(row).setToolTip(translated(HYPERPARAMETER_TEXTS, param.meaning))
        if reset_button and params:
            button = QPushButton(self.tr("Reset to defaults"))
            button.clicked.connect(self.reset_requested)
            self.form.addRow(button)
        self.set_values(values)

    def _with_finder(self, field: QWidget) -> QWidget:
        """The lr field, with the range test's button beside it where the window offers it."""
        if not self.offers_lr_finder:
            return field
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(field, 1)
        button = QToolButton()
        button.setText(self.tr("Find…"))
        button.setToolTip(
            self.tr("The learning-rate range test: train while the lr grows from 1e-7 to 10, "
                    "and see where the loss falls fastest")
        )  # fmt: skip
        button.clicked.connect(self.lr_find_requested)
        layout.addWidget(button)
        self.finder_button = button
        return row

    def set_values(self, values: dict[str, Value]) -> None:
        for name, widget in self.fields.items():
            value = values.get(name)
            widget.blockSignals(True)
            if isinstance(widget, NumberField):
                widget.set_value(value)
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QComboBox):
                widget.setCurrentText(UNSET_CHOICE if value is None else str(value))
            elif isinstance(widget, QSpinBox):
                widget.setValue(int(value))  # type: ignore[arg-type]
            widget.blockSignals(False)

    def _field(self, param: HyperParam, owner: str) -> QWidget:
        name = param.name
        if param.kind == "bool":
            box = QCheckBox()
            box.toggled.connect(lambda on: self.changed.emit(name, on))
            return box
        if param.kind == "choice":
            combo = QComboBox()
            combo.addItems([UNSET_CHOICE] * param.optional + list(param.choices))
            combo.currentTextChanged.connect(
                lambda text: self.changed.emit(name, None if text == UNSET_CHOICE else text)
            )
            return combo
        bounded = param.high is not None and param.high < 2**31
        if param.kind == "int" and bounded and not param.optional:
            spin = QSpinBox()
            spin.setRange(int(param.low or 0), int(param.high))
            spin.valueChanged.connect(lambda v: self.changed.emit(name, v))
            return spin
        field = NumberField(param, owner)
        field.edited.connect(lambda v: self.changed.emit(name, v))
        return field
