"""The runs side panel: the list of optimizer runs and the selected run's settings.

Each run has a colour, a name (double-click to rename), a visibility check box and a settings
form generated from its optimizer's spec, with its update rule shown as the student reads it,
and the options the engine fixes at the start: schedule, batch mode and seed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QIcon,
    QPalette,
    QPixmap,
    QRegularExpressionValidator,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...engine.optimizers import OPTIMIZERS, optimizer_spec
from ...engine.schedules import parse_schedule
from ...engine.specs import OptimizerSpec
from ...engine.validation import SEED_LIMIT, whole_number
from ...studies.runs import RunEntry
from .hyper_form import INVALID_STYLE, HyperForm
from .text_field import text_field
from .texts import OPTIMIZER_TEXTS, translated

ROLE_ID = Qt.ItemDataRole.UserRole
TITLE_CHARS = 40
"""The settings' title (the run's name and its optimizer) is cut short past this length."""


def colour_icon(colour: str) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


class RunsPanel(QWidget):
    add_requested = Signal(str)
    duplicate_requested = Signal(int)
    remove_requested = Signal(int)
    selected = Signal(int)
    visibility_changed = Signal(int, bool)
    renamed = Signal(int, str)
    hyper_changed = Signal(int, str, object)
    hyper_reset = Signal(int)
    options_changed = Signal(int, dict)
    lr_find_requested = Signal(int)
    """The range test asked for, for the run selected (the model lab offers it)."""

    def __init__(
        self,
        parent: QWidget | None = None,
        optimizers: Mapping[str, OptimizerSpec] = OPTIMIZERS,
        spec_of: Callable[[str], OptimizerSpec] = optimizer_spec,
    ) -> None:
        """`optimizers` are those the Add menu offers; `spec_of` finds a run's spec (a model
        study has optimizers a landscape has not: Muon, Adafactor)."""
        super().__init__(parent)
        self._spec_of = spec_of
        self.offered = tuple(optimizers)
        """The optimizers' names the Add menu offers."""
        layout = QVBoxLayout(self)
        self.list = QListWidget()
        self.list.setMaximumHeight(150)
        self.list.currentItemChanged.connect(self._current_changed)
        self.list.itemChanged.connect(self._item_changed)
        layout.addWidget(self.list)

        buttons = QHBoxLayout()
        self.add_button = QToolButton()
        self.add_button.setText(self.tr("Add"))
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.add_button)
        for name, spec in optimizers.items():
            action = menu.addAction(translated(OPTIMIZER_TEXTS, spec.display_name))
            action.setToolTip(translated(OPTIMIZER_TEXTS, spec.description))
            action.setData(name)
            action.triggered.connect(lambda _=False, n=name: self.add_requested.emit(n))
        menu.setToolTipsVisible(True)
        self.add_button.setMenu(menu)
        self.duplicate_button = QPushButton(self.tr("Duplicate"))
        self.duplicate_button.clicked.connect(
            lambda: self._with_current(self.duplicate_requested.emit)
        )
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.clicked.connect(lambda: self._with_current(self.remove_requested.emit))
        for button in (self.add_button, self.duplicate_button, self.remove_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)

        self.settings_box = QGroupBox()
        settings = QVBoxLayout(self.settings_box)
        self.rule = QLabel()
        self.rule.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        mono = QFont("DejaVu Sans Mono")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.rule.setFont(mono)
        # The base colour by role, not by a style sheet: a sheet's palette(base) is fixed when
        # it is applied, and the box kept the previous theme's colours.
        self.rule.setAutoFillBackground(True)
        self.rule.setBackgroundRole(QPalette.ColorRole.Base)
        self.rule.setForegroundRole(QPalette.ColorRole.Text)
        self.rule.setMargin(4)
        self.rule.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        # in a box that scrolls sideways: the longest rules (Adafactor, Muon, L-BFGS) made the
        # form wider than its dock, and the buttons and fields went out of sight
        self.rule_box = QScrollArea()
        self.rule_box.setWidget(self.rule)
        self.rule_box.setWidgetResizable(True)
        self.rule_box.setFrameShape(QFrame.Shape.NoFrame)
        self.rule_box.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.rule_box.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        settings.addWidget(self.rule_box)
        self.form = HyperForm()
        self.form.changed.connect(
            lambda name, value: self._with_current(
                lambda run_id: self.hyper_changed.emit(run_id, name, value)
            )
        )
        self.form.reset_requested.connect(lambda: self._with_current(self.hyper_reset.emit))
        self.form.lr_find_requested.connect(lambda: self._with_current(self.lr_find_requested.emit))
        settings.addWidget(self.form)
        settings.addWidget(self._options())
        layout.addWidget(self.settings_box)
        layout.addStretch(1)
        self._data_loss = False

    def _options(self) -> QWidget:
        box = QWidget()
        form = QFormLayout(box)
        form.setContentsMargins(0, 0, 0, 0)
        self.schedule = text_field(
            self.tr("constant (e.g. cosine:T_max=500)"),
            self.tr(
                "Learning-rate schedule: NAME[:ARG=VALUE,...] with "
                "torch.optim.lr_scheduler's argument names"
            ),
            self._schedule_edited,
        )
        form.addRow(self.tr("schedule"), self.schedule)
        self.batch_mode = QComboBox()
        self.batch_mode.addItem(self.tr("Full batch"), "full")
        self.batch_mode.addItem(self.tr("Mini-batch"), "mini")
        self.batch_mode.addItem(self.tr("Stochastic (1)"), "stochastic")
        self.batch_size = QSpinBox()
        self.batch_size.setRange(1, 100_000)
        self.batch_size.setValue(8)
        row = QHBoxLayout()
        row.addWidget(self.batch_mode, 2)
        row.addWidget(self.batch_size, 1)
        self.batch_row = QWidget()
        self.batch_row.setLayout(row)
        row.setContentsMargins(0, 0, 0, 0)
        self.batch_mode.activated.connect(lambda _: self._batch_edited())
        self.batch_size.editingFinished.connect(self._batch_edited)
        form.addRow(self.tr("batch"), self.batch_row)
        # A line edit, not a QSpinBox: seeds go up to 2**64 - 1 and a spin box holds 32 bits.
        self.seed = QLineEdit("0")
        self.seed.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{1,20}")))
        self.seed.setToolTip(
            self.tr("Seed of the mini-batch order and of gradient noise (0 to 2^64 − 1)")
        )
        self.seed.editingFinished.connect(self._seed_edited)
        form.addRow(self.tr("seed"), self.seed)
        self.options_form = form
        return box

    def hide_seed(self) -> None:
        """A model study's runs share the study's seed (a fair race): no seed of their own."""
        self.options_form.setRowVisible(self.seed, False)

    # ----- showing the model -----
    def show_runs(self, runs: list[RunEntry], select: int | None = None) -> None:
        self.list.blockSignals(True)
        current = select if select is not None else self.current_id()
        self.list.clear()
        for entry in runs:
            item = QListWidgetItem(colour_icon(entry.colour), entry.name)
            item.setData(ROLE_ID, entry.run_id)
            item.setFlags(
                item.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEditable
            )
            item.setCheckState(Qt.CheckState.Checked if entry.visible else Qt.CheckState.Unchecked)
            item.setToolTip(translated(OPTIMIZER_TEXTS, self._spec_of(entry.optimizer).description))
            self.list.addItem(item)
            if entry.run_id == current:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        rows = max(min(self.list.count(), 6), 2)
        self.list.setFixedHeight(
            rows * self.list.sizeHintForRow(0) + 2 * self.list.frameWidth() + 4
        )
        self.list.blockSignals(False)
        self.duplicate_button.setEnabled(bool(runs))
        self.remove_button.setEnabled(bool(runs))
        self.settings_box.setVisible(bool(runs))

    def show_title(self, entry: RunEntry) -> None:
        """The run's name and optimizer; a long name is cut short (whole in the tooltip): a
        group box is as wide as its title, and the form grew past its dock."""
        spec = self._spec_of(entry.optimizer)
        optimizer = translated(OPTIMIZER_TEXTS, spec.display_name)
        name = entry.name
        if len(name) + len(optimizer) > TITLE_CHARS:
            name = name[: max(TITLE_CHARS - len(optimizer), 8)].rstrip() + "…"
        # "Adam: Adam" said the optimizer twice for a run named after it
        self.settings_box.setTitle(name if entry.name == optimizer else f"{name}: {optimizer}")
        self.settings_box.setToolTip(f"{entry.name}: {optimizer}")

    def show_settings(self, entry: RunEntry, data_loss: bool, n_samples: int) -> None:
        spec = self._spec_of(entry.optimizer)
        self.show_title(entry)
        self.rule.setText(spec.update_rule)
        scroll_bar = self.rule_box.horizontalScrollBar().sizeHint().height()
        self.rule_box.setFixedHeight(self.rule.sizeHint().height() + scroll_bar)
        self.rule.setToolTip(translated(OPTIMIZER_TEXTS, spec.description))
        self.form.build(spec.hyperparams, entry.resolved_hyper(), spec.name)
        self.schedule.setText(entry.schedule or "")
        self.schedule.setStyleSheet("")
        self._data_loss = data_loss
        self.batch_row.setEnabled(data_loss)
        self.batch_size.setMaximum(max(n_samples, 1))
        mode = (
            "full"
            if entry.batch_size is None
            else ("stochastic" if entry.batch_size == 1 else "mini")
        )
        self.batch_mode.setCurrentIndex(self.batch_mode.findData(mode))
        if entry.batch_size and entry.batch_size > 1:
            self.batch_size.setValue(entry.batch_size)
        self.batch_size.setEnabled(mode == "mini")
        self.seed.setText(str(entry.seed))
        self.seed.setStyleSheet("")

    def current_id(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else int(item.data(ROLE_ID))

    # ----- edits -----
    def _with_current(self, callback) -> None:
        run_id = self.current_id()
        if run_id is not None:
            callback(run_id)

    def _current_changed(self, current: QListWidgetItem | None, _previous) -> None:
        if current is not None:
            self.selected.emit(int(current.data(ROLE_ID)))

    def _item_changed(self, item: QListWidgetItem) -> None:
        run_id = int(item.data(ROLE_ID))
        self.visibility_changed.emit(run_id, item.checkState() == Qt.CheckState.Checked)
        if item.text().strip():
            self.renamed.emit(run_id, item.text().strip())

    def _schedule_edited(self) -> None:
        text = self.schedule.text().strip() or None
        try:
            parse_schedule(text, steps=1000)
        except ValueError as error:
            self.schedule.setStyleSheet(INVALID_STYLE)
            self.schedule.setToolTip(str(error))
            return
        self.schedule.setStyleSheet("")
        self._with_current(lambda i: self.options_changed.emit(i, {"schedule": text}))

    def _seed_edited(self) -> None:
        try:
            seed = whole_number(int(self.seed.text() or "0"), "seed", 0, SEED_LIMIT)
        except ValueError as error:
            self.seed.setStyleSheet(INVALID_STYLE)
            self.seed.setToolTip(str(error))
            return
        self.seed.setStyleSheet("")
        self._with_current(lambda i: self.options_changed.emit(i, {"seed": seed}))

    def _batch_edited(self) -> None:
        mode = self.batch_mode.currentData()
        self.batch_size.setEnabled(mode == "mini")
        size = {"full": None, "stochastic": 1}.get(mode, self.batch_size.value())
        self._with_current(lambda i: self.options_changed.emit(i, {"batch_size": size}))
