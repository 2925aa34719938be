"""One swept hyperparameter as the user sets it: which, from, to, how many, log or linear."""

from __future__ import annotations

import math

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from ....engine.optimizers import optimizer_spec
from ....engine.specs import HyperParam
from ....engine.sweep import MAX_AXIS_COUNT, Axis


def sweepable(optimizer: str) -> list[HyperParam]:
    """The real-valued hyperparameters of an optimizer (flags and lists are not swept)."""
    return [p for p in optimizer_spec(optimizer).hyperparams if p.kind == "float"]


def default_range(param: HyperParam, value: float | None) -> tuple[float, float, bool]:
    """A sensible sweep of `param` around `value`: decades for scale parameters, the valid
    interval for bounded ones."""
    if param.name == "lr":
        return 1e-5, 1.0, True
    if param.scale == "log":
        centre = value if value and value > 0 else 1e-3
        return centre / 100.0, centre * 100.0, True
    low = param.low if param.low is not None and math.isfinite(param.low) else 0.0
    high = param.high if param.high is not None and math.isfinite(param.high) else None
    if high is None:
        high = max(2.0 * (value or 1.0), low + 1.0)
    elif not param.high_inclusive:
        high = low + 0.999 * (high - low)
    return low, high, False


class AxisForm(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.name = QComboBox()
        self.low = QLineEdit()
        self.high = QLineEdit()
        self.count = QSpinBox()
        self.count.setRange(1, MAX_AXIS_COUNT)
        self.count.setValue(32)
        self.count.setToolTip(self.tr("Values on this axis (1 to {0})").format(MAX_AXIS_COUNT))
        self.log = QCheckBox(self.tr("log"))
        for widget in (self.low, self.high):
            widget.setMinimumWidth(64)
        self.name.setMinimumContentsLength(8)
        self.low.setToolTip(self.tr("From"))
        self.high.setToolTip(self.tr("To"))
        for widget in (self.name, self.low, self.high, self.count, self.log):
            layout.addWidget(widget)
        self._params: dict[str, HyperParam] = {}
        self._values: dict[str, object] = {}
        self.name.currentIndexChanged.connect(self._picked)

    def set_optimizer(self, optimizer: str, values: dict, prefer: str | None = None) -> None:
        params = sweepable(optimizer)
        self._params = {p.name: p for p in params}
        self._values = values
        current = prefer or self.name.currentText()
        self.name.blockSignals(True)
        self.name.clear()
        self.name.addItems(list(self._params))
        self.name.blockSignals(False)
        index = self.name.findText(current)
        self.name.setCurrentIndex(index if index >= 0 else 0)
        self._picked()

    def _picked(self, *_args) -> None:
        param = self._params.get(self.name.currentText())
        if param is None:
            return
        value = self._values.get(param.name)
        low, high, log = default_range(param, value if isinstance(value, float) else None)
        self.low.setText(f"{low:g}")
        self.high.setText(f"{high:g}")
        self.log.setChecked(log)

    def axis(self) -> Axis:
        """The axis as typed (ValueError with a message when it is not one)."""
        name = self.name.currentText()
        if not name:
            raise ValueError(self.tr("this optimizer has no real-valued hyperparameter to sweep"))
        try:
            low, high = float(self.low.text()), float(self.high.text())
        except ValueError:
            raise ValueError(self.tr("{0}: the range must be two numbers").format(name)) from None
        return Axis(name, low, high, self.count.value(), self.log.isChecked())
