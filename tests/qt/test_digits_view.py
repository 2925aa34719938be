"""The digits view in a narrow pane: the test images above the confusion matrix, each legible.

Seen at 1280x800: side by side in a 390-px pane, the grid was 230 px wide and the matrix
150 px, its counts running into one another."""

import numpy as np

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
