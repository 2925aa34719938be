"""The digits view in a narrow pane: the test images above the confusion matrix, each legible.

Seen at 1280x800: side by side in a 390-px pane, the grid was 230 px wide and the matrix
150 px, its counts running into one another."""

import numpy as np
import pyqtgraph as pg

from optstudio.io.datasets import load_dataset
from optstudio.qt.lab.digits_view import DigitsView


def test_a_tall_pane_stacks_the_images_above_the_matrix(qtbot):
    view = DigitsView()
    qtbot.addWidget(view)
    data = load_dataset("digits")
    predicted = {1: data.y_test.astype(np.int64)}
    counts = {1: np.diag(np.bincount(data.y_test.astype(np.int64), minlength=10))}
    view.show_verdict(data, predicted, counts, 1, {1: "SGD"}, {1: 10})
    view.resize(390, 590)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: view.matrix_plot.y() > view.grid_plot.y())
    assert view.matrix_plot.width() > 300 and view.grid_plot.width() > 300
    view.resize(900, 400)  # wide: side by side again
    qtbot.waitUntil(lambda: view.matrix_plot.x() > view.grid_plot.x())
    assert abs(view.matrix_plot.y() - view.grid_plot.y()) < 5


def test_each_cell_of_the_matrix_is_at_its_classes_ticks_and_count(qtbot):
    """A cell is centred on its predicted class's tick, its true class's tick and its count:
    drawn from pyqtgraph's default corner, every cell sat half a cell right of and below its
    labels, and a count stood on the corner of four cells. Read back from the picture: a
    quarter of a cell up and left of each count, the diagonal cells (all right) are blue and
    the others the background."""
    view = DigitsView()
    qtbot.addWidget(view)
    data = load_dataset("digits")
    truth = data.y_test.astype(np.int64)
    counts = {1: np.diag(np.bincount(truth, minlength=10))}
    view.show_verdict(data, {1: truth}, counts, 1, {1: "SGD"}, {1: 10})
    view.resize(900, 450)
    view.show()
    qtbot.waitExposed(view)
    qtbot.wait(50)
    plot = view.matrix_plot
    picture = plot.grab().toImage()
    box = plot.getViewBox()
    assert [v for v, _ in plot.getAxis("bottom")._tickLevels[0]] == list(range(10))
    for true in range(10):
        for guess in range(10):
            text = view._counts[true * 10 + guess]
            assert (text.pos().x(), text.pos().y()) == (guess, true)
            at = plot.mapFromScene(box.mapViewToScene(pg.Point(guess - 0.25, true - 0.25)))
            colour = picture.pixelColor(at.x(), at.y())
            blue = colour.blue() > 150 and colour.red() < 60
            assert blue == (true == guess), (true, guess, colour.getRgb())
