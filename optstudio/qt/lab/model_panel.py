"""The model panel: the data set and the network of a model study, as TensorFlow Playground
lays them out (data, features, hidden layers, activation, regularisation), with the seed that
every run of the race starts from.

The panel shows a study (`show_study`) and reports the settings the user asks for, whole
(`settings_edited`, a `ModelStudy.network_settings()` dict); the window checks them off the
GUI thread and either shows the new study or says in one line what is wrong, and the panel
shows the study as it stands again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...engine.models.datasets import (
    DEFAULT_SAMPLES,
    DEFAULT_TEST_FRACTION,
    FEATURES,
    NOISE_RANGE,
    PLAYGROUND,
    SAMPLES_RANGE,
    TEST_FRACTION_RANGE,
    Dataset,
)
from ...engine.models.drawn_points import DEFAULT_DRAWN, MAX_DRAWN_POINTS, SQUARE_RADIUS, as_rows
from ...engine.models.mlp import ACTIVATIONS, MAX_HIDDEN_LAYERS, UNITS_RANGE
from ...engine.models.typed_boundary import DEFAULT_BOUNDARY
from ...studies.model import ModelStudy
from ..shared.point_styles import brush, ring
from ..shared.text_field import text_field
from ..shared.themes import Theme
from .colours import CLASS_COLOURS

CSV_ITEM = "csv"
PREVIEW_HEIGHT = 130
MAX_SEED_BOX = 2**31 - 1
LAYER_BOXES = 3
"""Boxes a line in the row of each hidden layer's activation (six layers fit the dock)."""
"""A spin box holds 32-bit numbers; larger seeds (valid in files) are shown but not typed."""


class ModelPanel(QWidget):
    settings_edited = Signal(dict)
    """The network settings the user asks for (`ModelStudy.network_settings()`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choose_csv: Callable[[], str] = lambda: QFileDialog.getOpenFileName(
            self, self.tr("Open a CSV table"), "", self.tr("CSV tables (*.csv *.txt)")
        )[0]
        self._csv = ""
        layout = QVBoxLayout(self)
        layout.addWidget(self._data_box())
        layout.addWidget(self._features_box())
        layout.addWidget(self._network_box())
        layout.addStretch(1)
        self._showing = False
        self._shown: tuple[ModelStudy, Dataset | None] | None = None

    # ----- building -----
    def _data_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Data"))
        form = self.data_form = QFormLayout(box)
        self.dataset = QComboBox()
        names = {
            "circle": self.tr("Circle"),
            "xor": self.tr("Exclusive or"),
            "gauss": self.tr("Two Gaussians"),
            "spiral": self.tr("Spiral"),
            "plane": self.tr("Plane (regression)"),
            "gaussians": self.tr("Gaussian bumps (regression)"),
            "boundary": self.tr("A boundary you type"),
            "drawn": self.tr("Drawn by hand"),
            "digits": self.tr("Digits (8×8 images)"),
        }
        for name in (*PLAYGROUND, "digits"):
            self.dataset.addItem(names[name], name)
        self.dataset.addItem(self.tr("CSV file…"), CSV_ITEM)
        self.dataset.activated.connect(self._dataset_chosen)
        form.addRow(self.tr("data set"), self.dataset)
        self.preview = pg.PlotWidget()
        self.preview.setFixedHeight(PREVIEW_HEIGHT)
        self.preview.setMenuEnabled(False)
        self.preview.setMouseEnabled(False, False)
        self.preview.hideButtons()
        self.preview.setAspectLocked(False)  # a table's two columns may differ in scale
        for name in ("left", "bottom"):
            self.preview.getPlotItem().hideAxis(name)
        self.preview_train = pg.ScatterPlotItem(size=5, pen=None)
        self.preview_test = pg.ScatterPlotItem(size=5, brush=None)
        self.preview.addItem(self.preview_train)
        self.preview.addItem(self.preview_test)
        form.addRow(self.preview)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        form.addRow(self.summary)
        self.samples = self._spin(*SAMPLES_RANGE, step=50)
        form.addRow(self.tr("points"), self.samples)
        self.noise = self._spin(int(NOISE_RANGE[0] * 100), int(NOISE_RANGE[1] * 100), step=5)
        self.noise.setSuffix(" %")
        self.noise.setToolTip(self.tr("Noise, as the Playground's slider shows it (0 to 50)"))
        form.addRow(self.tr("noise"), self.noise)
        meaning = self.tr(
            "Blue where this holds, orange elsewhere: a formula in x and y (x₁ and x₂) "
            "over [-6, 6]², e.g. y > sin(2*x) or x^2 + y^2 < 9"
        )
        self.boundary = text_field(DEFAULT_BOUNDARY, meaning, self._edited)
        form.addRow(self.tr("boundary"), self.boundary)
        low, high = TEST_FRACTION_RANGE
        self.test_fraction = self._spin(int(low * 100), int(high * 100), step=10)
        self.test_fraction.setSuffix(" %")
        self.test_fraction.setToolTip(self.tr("The share of the rows kept for testing"))
        form.addRow(self.tr("test rows"), self.test_fraction)
        self.data_seed = self._spin(0, MAX_SEED_BOX)
        self.data_seed.setToolTip(self.tr("Draws the points and splits them into train and test"))
        form.addRow(self.tr("data seed"), self.data_seed)
        return box

    def _features_box(self) -> QGroupBox:
        self.features_box = QGroupBox(self.tr("Input features"))
        grid = QGridLayout(self.features_box)
        self.feature_boxes: dict[str, QCheckBox] = {}
        for index, name in enumerate(FEATURES):
            check = QCheckBox(name.replace("^2", "²").replace("*", "·"))
            check.toggled.connect(lambda _=False: self._edited())
            grid.addWidget(check, index // 4, index % 4)
            self.feature_boxes[name] = check
        return self.features_box

    def _network_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Network"))
        form = self.network_form = QFormLayout(box)
        layers = QHBoxLayout()
        layers.setSpacing(4)
        self.layer_row = QHBoxLayout()
        self.layer_row.setSpacing(4)
        layers.addLayout(self.layer_row)
        self.remove_layer = QToolButton()
        self.remove_layer.setText("−")
        self.remove_layer.setToolTip(self.tr("Remove the last hidden layer"))
        self.remove_layer.clicked.connect(lambda: self._change_layers(-1))
        self.add_layer = QToolButton()
        self.add_layer.setText("+")
        self.add_layer.setToolTip(self.tr("Add a hidden layer"))
        self.add_layer.clicked.connect(lambda: self._change_layers(1))
        layers.addWidget(self.remove_layer)
        layers.addWidget(self.add_layer)
        layers.addStretch(1)
        self.unit_boxes: list[QSpinBox] = []
        form.addRow(self.tr("hidden layers"), layers)
        # One activation for every hidden layer (the Playground's), or one per layer: the
        # first box sets them all; the boxes of the row below, LAYER_BOXES a line, each.
        self.activation = QComboBox()
        self.activation.setToolTip(self.tr("The activation of every hidden layer"))
        for name in ACTIVATIONS:
            self.activation.addItem(name, name)
        self.activation.addItem(self.tr("per layer"), None)
        self.activation.activated.connect(lambda _: self._all_layers_chosen())
        form.addRow(self.tr("activation"), self.activation)
        self.activation_grid = QWidget()
        self.activation_row = QGridLayout(self.activation_grid)
        self.activation_row.setContentsMargins(0, 0, 0, 0)
        self.layer_activations: list[QComboBox] = []
        form.addRow(self.tr("each layer"), self.activation_grid)
        penalty = QHBoxLayout()
        self.regularization = QComboBox()
        self.regularization.addItem(self.tr("none"), None)
        self.regularization.addItem("L1", "l1")
        self.regularization.addItem("L2", "l2")
        self.regularization.activated.connect(lambda _: self._edited())
        self.regularization.setToolTip(
            self.tr(
                "A penalty on the weights added to every run's loss, as the Playground's. "
                "A run's own weight decay (Adam, AdamW, SGD) is in its settings."
            )
        )
        self.reg_rate = QDoubleSpinBox()
        self.reg_rate.setDecimals(4)
        self.reg_rate.setRange(0.0, 10.0)
        self.reg_rate.setSingleStep(0.001)
        self.reg_rate.setKeyboardTracking(False)
        self.reg_rate.valueChanged.connect(lambda _: self._edited())
        penalty.addWidget(self.regularization, 1)
        penalty.addWidget(self.reg_rate, 1)
        form.addRow(self.tr("regularisation"), penalty)
        self.seed = self._spin(0, MAX_SEED_BOX)
        self.seed.setToolTip(
            self.tr("The initial weights and the batches' order, the same for every run")
        )
        form.addRow(self.tr("initial seed"), self.seed)
        return box

    def _spin(self, low: int, high: int, step: int = 1) -> QSpinBox:
        box = QSpinBox()
        box.setRange(low, high)
        box.setSingleStep(step)
        box.setKeyboardTracking(False)  # a typed number counts when it is finished
        box.valueChanged.connect(lambda _: self._edited())
        return box

    # ----- showing a study -----
    def show_study(self, study: ModelStudy, data: Dataset | None) -> None:
        """The widgets as the study stands (no signals), and a preview of its data."""
        self._shown = (study, data)
        self._showing = True
        try:
            self._show_settings(study)
            self._show_data(study, data)
        finally:
            self._showing = False

    def _show_settings(self, study: ModelStudy) -> None:
        params = study.data_params
        if study.dataset.startswith("csv:"):
            self._csv = study.dataset[4:]
            self._name_the_file(study.dataset)
        self.dataset.setCurrentIndex(max(self.dataset.findData(study.dataset), 0))
        playground = study.dataset in PLAYGROUND
        self.samples.setValue(int(params.get("n_samples", DEFAULT_SAMPLES)))
        self.noise.setValue(round(float(params.get("noise", 0.0)) * 100))
        fraction = float(params.get("test_fraction", DEFAULT_TEST_FRACTION))
        self.test_fraction.setValue(round(fraction * 100))
        self.data_seed.setValue(min(int(params.get("seed", 0)), MAX_SEED_BOX))
        # points, noise and features belong to the Playground's sets only (a drawn set's
        # points are the ones drawn, where they were put)
        generated = playground and study.dataset != "drawn"
        self.data_form.setRowVisible(self.samples, generated)
        self.data_form.setRowVisible(self.noise, generated)
        self.data_form.setRowVisible(self.boundary, study.dataset == "boundary")
        self.boundary.setText(str(params.get("boundary", DEFAULT_BOUNDARY)))
        self.features_box.setVisible(playground)
        chosen = set(study.features)
        for feature, check in self.feature_boxes.items():
            check.setChecked(feature in chosen)
        while len(self.unit_boxes) > len(study.hidden):
            self.layer_row.removeWidget(box := self.unit_boxes.pop())
            box.deleteLater()
        while len(self.unit_boxes) < len(study.hidden):
            box = self._spin(UNITS_RANGE[0], UNITS_RANGE[1])  # 0 units is no layer
            box.setToolTip(self.tr("Units in this hidden layer"))
            self.layer_row.addWidget(box)
            self.unit_boxes.append(box)
        for box, units in zip(self.unit_boxes, study.hidden, strict=True):
            box.setValue(units)
        self.add_layer.setEnabled(len(study.hidden) < MAX_HIDDEN_LAYERS)
        self.remove_layer.setEnabled(bool(study.hidden))
        self._show_activations(study)
        self.regularization.setCurrentIndex(self.regularization.findData(study.regularization))
        self.reg_rate.setValue(float(study.reg_rate))
        self.reg_rate.setEnabled(study.regularization is not None)
        self.seed.setValue(min(study.seed, MAX_SEED_BOX))

    def _name_the_file(self, dataset: str) -> None:
        """The loaded table as an entry of its own, named by its file, above "CSV file…"
        (the box said "CSV file…" whatever was loaded)."""
        path = Path(dataset[4:])
        at = self.dataset.findData(dataset)
        if at < 0:
            for index in reversed(range(self.dataset.count())):
                if str(self.dataset.itemData(index)).startswith("csv:"):
                    self.dataset.removeItem(index)  # one loaded file at a time
            at = self.dataset.findData(CSV_ITEM)
            self.dataset.insertItem(at, self.tr("{0} (CSV)").format(path.name), dataset)
            self.dataset.setItemData(at, str(path), Qt.ItemDataRole.ToolTipRole)

    def _show_data(self, study: ModelStudy, data: Dataset | None) -> None:
        if data is None:
            self.summary.setText("")
            self.preview.setVisible(False)
            return
        kind = {
            "binary": self.tr("two classes"),
            "multiclass": self.tr("{0} classes").format(data.n_classes),
            "regression": self.tr("regression"),
        }[data.task]
        self.summary.setText(
            self.tr("{0} training and {1} test rows, {2} features, {3}").format(
                len(data.x_train), len(data.x_test), data.x_train.shape[1], kind
            )
        )
        self.preview.setVisible(data.points_train is not None)
        if data.points_train is None or data.points_test is None:
            return
        self.preview_train.setData(
            pos=data.points_train, brush=point_brushes(data, data.y_train), pen=None
        )
        self.preview_test.setData(
            pos=data.points_test, pen=point_pens(data, data.y_test), brush=None
        )
        x1_low, x1_high, x2_low, x2_high = data.domain
        self.preview.setRange(xRange=(x1_low, x1_high), yRange=(x2_low, x2_high), padding=0.02)

    # ----- edits -----
    def _dataset_chosen(self, _index: int) -> None:
        if self.dataset.currentData() == CSV_ITEM:
            chosen = self.choose_csv()
            if not chosen:  # cancelled: the study stays as it is
                if self._shown is not None:
                    self.show_study(*self._shown)
                return
            self._csv = chosen
        self._edited()

    def _change_layers(self, change: int) -> None:
        units = [box.value() for box in self.unit_boxes]
        units = units[:-1] if change < 0 else [*units, units[-1] if units else 4]
        self.settings_edited.emit({**self._settings(), "hidden": units})

    def activations(self) -> str | list[str]:
        """The activation the boxes say: one name, or one per hidden layer."""
        names = [str(box.currentData()) for box in self.layer_activations]
        if not names:  # no hidden layer: the name is kept for when one is added
            return str(self.activation.currentData() or "tanh")
        return names[0] if len(set(names)) == 1 else names

    def _show_activations(self, study: Any) -> None:
        """A box per hidden layer with its activation; the first box names the one all
        layers share, or says "per layer"."""
        names = [study.activation] * len(study.hidden)
        if not isinstance(study.activation, str):
            names = list(study.activation)
        while len(self.layer_activations) > len(names):
            self.activation_row.removeWidget(box := self.layer_activations.pop())
            box.deleteLater()
        while len(self.layer_activations) < len(names):
            box = QComboBox()
            layer = len(self.layer_activations) + 1
            box.setToolTip(self.tr("The activation of hidden layer {0}").format(layer))
            for name in ACTIVATIONS:
                box.addItem(name, name)
            box.activated.connect(lambda _: self._edited())
            row, column = divmod(len(self.layer_activations), LAYER_BOXES)
            self.activation_row.addWidget(box, row, column)
            self.layer_activations.append(box)
        for box, name in zip(self.layer_activations, names, strict=True):
            box.setCurrentIndex(box.findData(name))
        self.network_form.setRowVisible(self.activation_grid, len(names) > 1)  # one layer: one box
        shared = study.activation if isinstance(study.activation, str) else None
        self.activation.setCurrentIndex(self.activation.findData(shared))

    def _all_layers_chosen(self) -> None:
        """The first box sets every layer's activation ("per layer" keeps them as they are)."""
        chosen = self.activation.currentData()
        if chosen is None:
            return
        for box in self.layer_activations:
            box.setCurrentIndex(box.findData(chosen))
        self._edited()

    def _edited(self) -> None:
        if not self._showing:
            self.settings_edited.emit(self._settings())

    def _settings(self) -> dict[str, Any]:
        """What the widgets say, as `ModelStudy.network_settings()`."""
        chosen = str(self.dataset.currentData())
        dataset = f"csv:{self._csv}" if chosen == CSV_ITEM else chosen
        data_params: dict[str, Any] = {
            "test_fraction": self.test_fraction.value() / 100,
            "seed": self.data_seed.value(),
        }
        if dataset == "drawn":
            data_params["points"] = self._drawn_points()
        elif dataset in PLAYGROUND:
            data_params.update(
                n_samples=self.samples.value(),
                noise=self.noise.value() / 100,
                **({"boundary": self.boundary.text()} if dataset == "boundary" else {}),
            )
        if dataset in PLAYGROUND:
            data_params["features"] = [
                f for f, check in self.feature_boxes.items() if check.isChecked()
            ]
        regularization = self.regularization.currentData()
        return {
            "dataset": dataset,
            "data_params": data_params,
            "hidden": [box.value() for box in self.unit_boxes],
            "activation": self.activations(),
            "regularization": regularization,
            "reg_rate": self.reg_rate.value() if regularization else 0.0,
            "seed": self.seed.value(),
        }

    def _drawn_points(self) -> list:
        """A drawn set's points: the study's own; else, when the set is first chosen, the
        points of the two-class set on the plane before it (to add to, erase and move), or a
        few in two corners."""
        if self._shown is None:
            return list(DEFAULT_DRAWN)
        study, data = self._shown
        if study.dataset == "drawn":
            return [list(p) for p in study.data_params.get("points", DEFAULT_DRAWN)]
        if data is None or data.task != "binary" or data.points_train is None:
            return [list(p) for p in DEFAULT_DRAWN]
        points = np.concatenate([data.points_train, data.points_test])
        labels = np.concatenate([data.y_train, data.y_test])
        if data.inputs_are_points and np.abs(points).max() > SQUARE_RADIUS:
            return [list(p) for p in DEFAULT_DRAWN]  # a table's plane is not the square
        return as_rows(points[:MAX_DRAWN_POINTS], labels[:MAX_DRAWN_POINTS])

    def apply_theme(self, theme: Theme) -> None:
        self.preview.setBackground(theme.plot_background)


def point_brushes(data: Dataset, labels: np.ndarray) -> list:
    """Training points filled in their class's colour (regression: by the sign of y)."""
    return [brush(CLASS_COLOURS[_side(data, y)]) for y in labels]


def point_pens(data: Dataset, labels: np.ndarray) -> list:
    """Test points drawn as rings in their class's colour (the preview)."""
    return [ring(CLASS_COLOURS[_side(data, y)], 1.5) for y in labels]


def _side(data: Dataset, y: float) -> int:
    if data.task == "regression":
        return int(y > 0)
    return int(y)
