"""What a classifier of images says: a grid of test images with the class the selected run
predicts for each (the wrong ones framed in red) and the confusion matrix of every test row.

For a table of classes that are not images (a CSV file), only the confusion matrix is shown.
The predictions are computed in the lab's drawing process (`live.verdicts`).
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QBoxLayout, QWidget

from ...engine.models.datasets import Dataset
from ..shared.themes import Theme, style_plot_item
from .titled_view import TitledView

GRID_COLUMNS = 10
GRID_ROWS = 6
CELL_GAP = 2
WRONG_COLOUR = (220, 40, 40)
RIGHT_COLOUR = (90, 90, 90)


def image_side(data: Dataset) -> int | None:
    """The side of a square image whose pixels are the features (8 for digits), else None."""
    side = math.isqrt(data.x_test.shape[1])
    is_image = side * side == data.x_test.shape[1] and data.name == "digits"
    return side if is_image else None


def mosaic(data: Dataset, predicted: np.ndarray, side: int) -> np.ndarray:
    """The first GRID_ROWS x GRID_COLUMNS test images as one RGB picture, each framed grey
    when the prediction is right and red when it is wrong (rows top to bottom)."""
    cell = side + 2 * CELL_GAP
    picture = np.zeros((GRID_ROWS * cell, GRID_COLUMNS * cell, 3), dtype=np.uint8)
    count = min(GRID_ROWS * GRID_COLUMNS, len(data.x_test))
    for index in range(count):
        row, column = divmod(index, GRID_COLUMNS)
        top, left = row * cell, column * cell
        wrong = predicted[index] != int(data.y_test[index])
        picture[top : top + cell, left : left + cell] = WRONG_COLOUR if wrong else RIGHT_COLOUR
        pixels = np.clip(data.x_test[index].reshape(side, side), 0.0, 1.0)
        grey = (255 * (1.0 - pixels)).astype(np.uint8)
        inner = (
            slice(top + CELL_GAP, top + CELL_GAP + side),
            slice(left + CELL_GAP, left + CELL_GAP + side),
        )
        picture[inner] = grey[:, :, None]
    return picture


TALL_RATIO = 0.9
"""A pane taller than this fraction of its width stacks the images above the matrix."""


class DigitsView(TitledView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = self.column
        row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._row = row
        self.grid_plot = pg.PlotWidget()
        self.grid_plot.figure_title = self.title.text  # exported: names run and step
        self.grid_plot.setAspectLocked(True)
        self.grid_plot.setMenuEnabled(False)
        self.grid_plot.invertY(True)
        for name in ("left", "bottom"):
            self.grid_plot.getPlotItem().hideAxis(name)
        self.grid_image = pg.ImageItem(axisOrder="row-major")
        self.grid_plot.addItem(self.grid_image)
        self._labels: list[pg.TextItem] = []
        row.addWidget(self.grid_plot, 3)
        self.matrix_plot = pg.PlotWidget()
        self.matrix_plot.figure_title = self.title.text
        self.matrix_plot.setAspectLocked(True)
        self.matrix_plot.setMenuEnabled(False)
        self.matrix_plot.invertY(True)
        self.matrix_plot.setLabel("left", self.tr("true class"))
        self.matrix_plot.setLabel("bottom", self.tr("predicted class"))
        self.matrix_image = pg.ImageItem(axisOrder="row-major")
        self.matrix_plot.addItem(self.matrix_image)
        self._counts: list[pg.TextItem] = []
        self._cells: list[tuple[str, str]] = []
        """Each count's text and colour as drawn: only a changed one is set again (setting
        a hundred texts and fonts a frame stalled the lab by tens of ms)."""
        self._matrix_font: tuple[int, int] | None = None
        self._label_cells: list[tuple[str, str, tuple[float, float]]] = []
        self._grid_font: tuple[int, int] | None = None
        self._grid_cell = 0
        self._matrix_size = 0
        row.addWidget(self.matrix_plot, 2)
        layout.addLayout(row, 1)
        self.predicted: dict[int, np.ndarray] = {}
        self.counts: np.ndarray | None = None
        """The confusion matrix drawn now (what tests compare with the API's)."""
        self._foreground = "#303030"
        self.text_points = 9
        """The predicted classes' and the counts' size (larger in the presentation view)."""
        self._matrix_colours = pg.ColorMap(np.array([0.0, 1.0]), [(255, 255, 255), (8, 119, 189)])
        self.matrix_image.setColorMap(self._matrix_colours)

    def resizeEvent(self, event) -> None:
        """The images and the matrix side by side in a wide pane, one above the other in a
        tall one: at 1280x800 the side-by-side pair left a 230-px grid and a matrix 150 px
        wide whose counts ran into one another."""
        super().resizeEvent(event)
        tall = self.height() > self.width() * TALL_RATIO
        direction = QBoxLayout.Direction.TopToBottom if tall else QBoxLayout.Direction.LeftToRight
        if self._row.direction() != direction:
            self._row.setDirection(direction)
            # stacked, the matrix (a square) needs half the height; beside, the grid is wider
            self._row.setStretch(0, 1 if tall else 3)
            self._row.setStretch(1, 1 if tall else 2)
            if self.counts is not None:
                self._show_matrix(self.counts)  # its counts sized for the new cells

    def show_verdict(
        self,
        data: Dataset,
        predicted: dict[int, np.ndarray],
        counts: dict[int, np.ndarray],
        selected: int | None,
        names: dict[int, str],
        steps: dict[int, int],
    ) -> None:
        self.predicted = dict(predicted)
        shown = selected if selected in predicted else next(iter(predicted), None)
        side = image_side(data)
        self.grid_plot.setVisible(side is not None)
        if shown is None:
            self.clear()
            return
        right = int(np.sum(predicted[shown] == data.y_test.astype(np.int64)))
        self.title.setText(
            self.tr("{0} at step {1}: {2} of {3} test rows right").format(
                names.get(shown, ""), f"{steps.get(shown, 0):,}", right, len(data.y_test)
            )
        )
        if side is not None:
            self._show_grid(data, predicted[shown], side)
        self._show_matrix(counts[shown])

    def clear(self) -> None:
        """No prediction to show (no run yet, or a new study): no picture of an earlier one."""
        self.predicted, self.counts = {}, None
        self.title.setText(self.tr("The predictions appear once a run has a step."))
        self.grid_image.clear()
        self.matrix_image.clear()
        for text in (*self._labels, *self._counts):
            text.setText("")
        self._cells = [("", "")] * len(self._counts)
        self._label_cells = [("", "", (0.0, 0.0))] * len(self._labels)

    def _show_grid(self, data: Dataset, predicted: np.ndarray, side: int) -> None:
        self.grid_image.setImage(mosaic(data, predicted, side), autoLevels=False, levels=(0, 255))
        cell = side + 2 * CELL_GAP
        count = min(GRID_ROWS * GRID_COLUMNS, len(data.x_test))
        while len(self._labels) < count:
            # the predicted class on a light tab in the cell's corner, readable on any theme
            label = pg.TextItem(anchor=(1, 1), fill=pg.mkBrush(255, 255, 255, 215))
            self.grid_plot.addItem(label)
            self._labels.append(label)
            self._label_cells.append(("", "", (0.0, 0.0)))
        font = QFont()
        font.setBold(True)
        font.setPointSize(self.text_points)
        # A label takes at most a third of its cell on screen: at the projector's size a
        # fixed 20 pt label covered the digit it names.
        view_width = self.grid_plot.getViewBox().width()
        cell_pixels = view_width / GRID_COLUMNS if view_width > 0 else 0.0
        if cell_pixels > 0 and QFontMetrics(font).height() > cell_pixels / 3:
            font.setPixelSize(max(8, int(cell_pixels / 3)))
        font_key = (font.pointSize(), font.pixelSize())
        if font_key != self._grid_font:
            self._grid_font = font_key
            for label in self._labels:
                label.setFont(font)
        for index, label in enumerate(self._labels):
            shown = ("", "", (0.0, 0.0))
            if index < count:
                row, column = divmod(index, GRID_COLUMNS)
                wrong = predicted[index] != int(data.y_test[index])
                colour = "#c81e1e" if wrong else "#1a4f9c"
                shown = (
                    str(int(predicted[index])),
                    colour,
                    ((column + 1) * cell, (row + 1) * cell),
                )
            if shown != self._label_cells[index]:  # only a changed label is set again
                self._label_cells[index] = shown
                label.setText(shown[0], color=shown[1] or None)
                label.setPos(*shown[2])
        if cell != self._grid_cell:
            self._grid_cell = cell
            self.grid_plot.setRange(
                xRange=(0, GRID_COLUMNS * cell), yRange=(0, GRID_ROWS * cell), padding=0.01
            )

    def _show_matrix(self, counts: np.ndarray) -> None:
        self.counts = counts
        k = len(counts)
        shares = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
        self.matrix_image.setImage(shares, levels=(0.0, 1.0), autoLevels=False)
        while len(self._counts) < k * k:
            text = pg.TextItem(anchor=(0.5, 0.5))
            self.matrix_plot.addItem(text)
            self._counts.append(text)
            self._cells.append(("", ""))
        font = QFont()
        font.setPointSize(self.text_points)
        # a count of two digits fits its cell: at the projector's size in a small matrix
        # 20-pt counts ran into their neighbours
        view_width = self.matrix_plot.getViewBox().width()
        cell_pixels = view_width / k if view_width > 0 else 0.0
        if cell_pixels > 0 and QFontMetrics(font).horizontalAdvance("88") > cell_pixels * 0.9:
            font.setPixelSize(max(7, int(cell_pixels * 0.45)))
        font_key = (font.pointSize(), font.pixelSize())
        if font_key != self._matrix_font:
            self._matrix_font = font_key
            for text in self._counts:
                text.setFont(font)
        for index, text in enumerate(self._counts):
            cell = ("", "")
            if index < k * k:
                true, guess = divmod(index, k)
                value = int(counts[true, guess])
                colour = "#ffffff" if shares[true, guess] > 0.5 else self._foreground
                cell = (str(value) if value else "", colour)
            if cell != self._cells[index]:
                text.setText(cell[0], color=cell[1] or None)
                self._cells[index] = cell
            if index < k * k:
                text.setPos(guess, true)
        if k != self._matrix_size:  # the classes' ticks and the view, once for a data set
            self._matrix_size = k
            ticks = [[(i, str(i)) for i in range(k)]]
            self.matrix_plot.getAxis("bottom").setTicks(ticks)
            self.matrix_plot.getAxis("left").setTicks(ticks)
            self.matrix_plot.setRange(xRange=(-0.5, k - 0.5), yRange=(-0.5, k - 0.5), padding=0.02)
            # cell (true, predicted) centred on its class's ticks and count, as they are
            # placed: left at pyqtgraph's default, pixel j spanned j to j + 1, half a cell
            # off its labels
            self.matrix_image.setRect(QRectF(-0.5, -0.5, k, k))

    def apply_theme(self, theme: Theme) -> None:
        # a share of 0 is the background's own colour, so the empty cells recede
        self._matrix_colours = pg.ColorMap(
            np.array([0.0, 1.0]), [pg.mkColor(theme.plot_background), pg.mkColor("#0877bd")]
        )
        self._foreground = theme.plot_foreground
        self.matrix_image.setColorMap(self._matrix_colours)
        self._cells = [("", "")] * len(self._counts)  # every count in the new colours
        self._label_cells = [("", "", (0.0, 0.0))] * len(self._labels)
        for plot in (self.grid_plot, self.matrix_plot):
            plot.setBackground(theme.plot_background)
            style_plot_item(plot.getPlotItem(), theme)
