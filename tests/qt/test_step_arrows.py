"""The step's arrows on the map: an honest scale, and labels that can be read."""

import pyqtgraph as pg

from optstudio.qt.landscape.step_arrows import MAX_SCALE, StepArrows


def _arrows(qtbot):
    plot = pg.PlotWidget()
    qtbot.addWidget(plot)
    plot.resize(600, 500)
    plot.show()
    plot.setRange(xRange=(-2, 2), yRange=(-2, 2), padding=0)
    qtbot.waitExposed(plot)
    return plot, StepArrows(plot)


def test_a_converged_step_is_not_magnified_into_noise(qtbot):
    plot, arrows = _arrows(qtbot)
    arrows.show((1.0, 1.0), [("−lr·g", (1e-52, 2e-53)), ("update", (-3e-52, 1e-53))])
    assert arrows.scale > MAX_SCALE
    assert not any(label.isVisible() for label in arrows._labels.values())
    assert arrows._note.isVisible() and "too small to draw" in arrows._note.textItem.toPlainText()
    arrows.show((1.9, 1.0), [("update", (1e-52, 1e-53))])  # near the right edge
    assert arrows._note.sceneBoundingRect().right() <= plot.getViewBox().sceneBoundingRect().right()
    arrows.show((1.0, 1.0), [("update", (0.3, 0.1))])
    assert not arrows._note.isVisible()
    assert arrows._labels["update"].isVisible()


def test_labels_of_nearly_parallel_arrows_do_not_overlap(qtbot):
    _plot, arrows = _arrows(qtbot)
    arrows.show(
        (0.0, 0.0),
        [("−lr·g", (0.5, 0.2)), ("momentum", (0.52, 0.21)), ("update", (0.51, 0.215))],
    )
    boxes = [label.sceneBoundingRect() for label in arrows._labels.values()]
    assert len(boxes) == 3
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not a.intersects(b)


def test_lbfgs_evaluation_points_are_marked_and_numbered(qtbot):
    _plot, arrows = _arrows(qtbot)
    probes = ((0.1, 0.2), (0.4, 0.5), (0.3, 0.35))
    arrows.show((0.0, 0.0), [("update", (0.3, 0.35))], probes)
    xs, ys = arrows.probes.getData()
    assert list(zip(xs, ys, strict=True)) == list(probes)
    shown = [label.textItem.toPlainText() for label in arrows._probe_labels if label.isVisible()]
    assert shown == ["1", "2", "3"]
    arrows.clear()
    assert len(arrows.probes.getData()[0]) == 0
    assert not any(label.isVisible() for label in arrows._probe_labels)


def test_the_too_small_note_stays_out_of_figures(qtbot):
    """The note explains the map on screen; a figure laid out at another size, read later on a
    slide, would carry it at a stray place (it leaked into exported figures)."""
    from optstudio.qt.export.figures import render_image

    plot, arrows = _arrows(qtbot)
    arrows.show((0.0, 0.0), [("update", (1e-52, 1e-53))])
    assert arrows._note.isVisible()
    note_colour = (0xDD, 0xDD, 0xDD)

    def note_pixels(image) -> int:
        return sum(
            image.pixelColor(x, y).getRgb()[:3] == note_colour
            for x in range(0, image.width(), 1)
            for y in range(0, image.height(), 2)
        )

    on_screen = plot.grab().toImage()
    assert note_pixels(on_screen) > 10
    figure = render_image([plot], 1, transparent=False)
    assert note_pixels(figure) == 0
    assert arrows._note.isVisible()  # back on screen once the figure is painted
