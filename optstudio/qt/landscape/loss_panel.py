"""The loss side panel: which landscape, its parameters, and where the runs start."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import thread_worker

from ...engine.losses import LOSSES, loss_spec
from ..shared.hyper_form import INVALID_STYLE, HyperForm
from ..shared.texts import LOSS_TEXTS, translated

CUSTOM = "expr:"
EXAMPLE = "(1-x)^2 + a*(y-x^2)^2; a=100"

COORDINATE_LIMIT = 1e6
DERIVATIVE_LINES = 5
"""The derivatives' box shows this many lines, and scrolls for more."""
ERROR_STYLE = "color: #e04040;"


def _checked_formula(request: int, text: str) -> tuple[int, str, str | None]:
    """In a worker: the formula's loss built (its spec is cached for the window), or why not."""
    from ...engine.formula_check import FormulaError, parse_formula

    try:
        loss_spec(CUSTOM + parse_formula(text).text)
    except FormulaError as error:
        return request, text, str(error)
    return request, text, None


def _readable_derivatives(request: int, name: str) -> tuple[int, str]:
    """In a worker: the gradient and Hessian as text."""
    from ...engine.formula import readable
    from ...engine.formula_check import FormulaError, parse_formula

    try:
        shown = readable(parse_formula(name))
    except (FormulaError, ValueError, TypeError, ArithmeticError, RecursionError) as error:
        return request, str(error)
    return request, "\n".join(f"{label} = {text}" for label, text in shown.items() if label != "f")


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
            self.picker.addItem(translated(LOSS_TEXTS, spec.display_name), name)
            self.picker.setItemData(
                self.picker.count() - 1, translated(LOSS_TEXTS, spec.description), 3
            )
        self.picker.addItem(self.tr("Custom formula…"), CUSTOM)
        self.picker.activated.connect(self._picked)
        layout.addWidget(self.picker)
        self.formula_entry = QLineEdit()
        self.formula_entry.setPlaceholderText(EXAMPLE)
        self.formula_entry.setToolTip(
            self.tr(
                "f(x, y) with + - * / ** ^, numbers, pi, e, functions such as sin, exp, log, sqrt, "
                "abs, min, max; parameters declared after a semicolon: '; a=100, b=2'"
            )
        )
        self.formula_entry.returnPressed.connect(self._formula_entered)
        self.formula_error = QLabel()
        self.formula_error.setWordWrap(True)
        self.formula_error.setStyleSheet(ERROR_STYLE)
        self.derivatives = QLabel()
        mono = QFont("DejaVu Sans Mono")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.derivatives.setFont(mono)
        self.derivatives.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.derivatives.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # in a box of their own that scrolls: long derivatives pushed the start point, below
        # them, out of the panel
        self.derivatives_box = QScrollArea()
        self.derivatives_box.setWidget(self.derivatives)
        self.derivatives_box.setWidgetResizable(True)
        self.derivatives_box.setFrameShape(QFrame.Shape.NoFrame)
        lines = self.derivatives.fontMetrics().lineSpacing()
        self.derivatives_box.setMaximumHeight(DERIVATIVE_LINES * lines + 2 * lines)
        for widget in (self.formula_entry, self.formula_error, self.derivatives_box):
            layout.addWidget(widget)
            widget.setVisible(False)
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
        self._formula_requests = 0
        self._derivative_requests = 0

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

    def _picked(self, index: int) -> None:
        name = self.picker.itemData(index)
        if name == CUSTOM:
            # the formula in the box becomes the loss at once: the panel never shows the
            # description and parameters of the loss chosen before under "Custom formula"
            for widget in (self.formula_entry, self.formula_error):
                widget.setVisible(True)
            self.formula_entry.setFocus()
            if not self.formula_entry.text():
                self.formula_entry.setText(EXAMPLE)
            self._formula_entered()
            return
        self.loss_selected.emit(name)

    def _formula_entered(self) -> None:
        """Check the formula and build its derivatives in a worker (symbolic maths never runs
        on the GUI thread); the loss changes when the worker says the formula is good."""
        text = self.formula_entry.text().strip()
        self._formula_requests += 1
        self.formula_error.setText(self.tr("Checking the formula…"))
        self.formula_error.setStyleSheet("")
        self.formula_error.setVisible(True)
        worker = thread_worker(_checked_formula, start_thread=False)(self._formula_requests, text)
        worker.returned.connect(self._formula_checked)
        worker.start()

    def _formula_checked(self, result: tuple[int, str, str | None]) -> None:
        request, text, error = result
        if request != self._formula_requests:
            return  # the user typed another formula meanwhile
        if error is not None:
            self.formula_entry.setStyleSheet(INVALID_STYLE)
            self.formula_error.setStyleSheet(ERROR_STYLE)
            self.formula_error.setText(error)
            self.formula_error.setVisible(True)
            return
        self.formula_entry.setStyleSheet("")
        self.formula_error.setVisible(False)
        self.loss_selected.emit(CUSTOM + text)

    def _show_derivatives(self, name: str) -> None:
        self._derivative_requests += 1
        self.derivatives.setText(self.tr("Working out the derivatives…"))
        worker = thread_worker(_readable_derivatives, start_thread=False)(
            self._derivative_requests, name
        )
        worker.returned.connect(self._derivatives_ready)
        worker.start()

    def _derivatives_ready(self, result: tuple[int, str]) -> None:
        request, text = result
        if request == self._derivative_requests:
            self.derivatives.setText(text)

    def show_loss(self, name: str, values: dict, start: tuple[float, float]) -> None:
        spec = loss_spec(name)
        custom = name.startswith(CUSTOM)
        self.picker.setCurrentIndex(self.picker.findData(CUSTOM if custom else name))
        for widget in (self.formula_entry, self.derivatives_box):
            widget.setVisible(custom)
        self.formula_error.setVisible(False)
        if custom:
            self.formula_entry.setText(name[len(CUSTOM) :])
            self.formula_entry.setStyleSheet("")
            self._show_derivatives(name)
        self.formula.setText(spec.formula)
        self.description.setText(translated(LOSS_TEXTS, spec.description))
        self.params.build(spec.params, values, name)
        self.params_box.setVisible(bool(spec.params))
        self.show_start(start)

    def show_start(self, start: tuple[float, float]) -> None:
        for spin, value in zip((self.start_x, self.start_y), start, strict=True):
            spin.blockSignals(True)
            spin.setValue(value)
            spin.blockSignals(False)
