"""The map's contour lines: where the landscape crosses each level, found off the window's
thread, and drawn for the landscape on screen."""

import numpy as np
import pyqtgraph as pg
import pytest

from optstudio.engine.losses import make_loss
from optstudio.qt.landscape.contour_lines import contour_segments
from optstudio.qt.landscape.map_view import CONTOUR_LEVELS, landscape


def _segments(x, y):
    return np.stack([x[::2], y[::2], x[1::2], y[1::2]], axis=1)


def _bilinear(values, x, y):
    """The grid's value at pixel coordinates (x, y): pixel (c, r) has its centre at (c + 0.5,
    r + 0.5), beyond the outer centres the edge values go on."""
    rows, columns = values.shape
    u = np.clip(x - 0.5, 0, columns - 1)
    v = np.clip(y - 0.5, 0, rows - 1)
    c0 = np.minimum(np.floor(u).astype(int), columns - 2)
    r0 = np.minimum(np.floor(v).astype(int), rows - 2)
    s, t = u - c0, v - r0
    return (
        values[r0, c0] * (1 - s) * (1 - t)
        + values[r0, c0 + 1] * s * (1 - t)
        + values[r0 + 1, c0] * (1 - s) * t
        + values[r0 + 1, c0 + 1] * s * t
    )


def test_every_end_of_every_segment_lies_on_its_level():
    rng = np.random.default_rng(3)
    values = rng.normal(size=(40, 60)).cumsum(axis=0).cumsum(axis=1)
    for level in np.linspace(values.min(), values.max(), 9)[1:-1]:
        x, y = contour_segments(values, np.array([level]))
        assert x.size > 0 and x.size % 2 == 0
        # the ends lie on the grid's edges, where the surface is linear between two values
        np.testing.assert_allclose(_bilinear(values, x, y), level, rtol=0, atol=1e-9)
        assert x.min() >= 0 and x.max() <= 60 and y.min() >= 0 and y.max() <= 40


def test_a_bowls_contour_is_a_closed_circle_of_its_radius():
    n = 200  # no grid point lies on the level
    u = np.linspace(-2, 2, n)
    values = u[None, :] ** 2 + u[:, None] ** 2  # rows are y, columns x
    x, y = contour_segments(values, np.array([1.0]))
    pixel = 4 / (n - 1)
    radius = np.hypot((x - 0.5) * pixel - 2, (y - 0.5) * pixel - 2)
    np.testing.assert_allclose(radius, 1.0, atol=1e-3)
    length = np.hypot(x[1::2] - x[::2], y[1::2] - y[::2]).sum() * pixel
    assert length == pytest.approx(2 * np.pi, rel=1e-3)
    # closed: every end is shared by exactly two segments
    ends, counts = np.unique(np.round(np.column_stack([x, y]), 9), axis=0, return_counts=True)
    assert len(ends) == x.size // 2 and set(counts) == {2}


def test_a_saddle_cell_is_cut_as_its_centre_lies():
    low_diagonal = np.array([[0.0, 1.0], [1.0, 0.0]])  # low corners at (0, 0) and (1, 1)
    # centre 0.5 above the level 0.4: the two low corners are cut off, each by its own line
    x, y = contour_segments(low_diagonal, np.array([0.4]))
    inner = _segments(x, y)
    inner = inner[(inner[:, [0, 2]] > 0.5).all(1) & (inner[:, [0, 2]] < 1.5).all(1)]
    assert len(inner) == 2
    for x0, y0, x1, y1 in inner:
        centre = np.array([(x0 + x1) / 2, (y0 + y1) / 2])
        assert np.hypot(*(centre - 0.5)) < 0.5 or np.hypot(*(centre - 1.5)) < 0.5
    # centre 0.5 below the level 0.6: now the high corners are cut off
    x, y = contour_segments(low_diagonal, np.array([0.6]))
    inner = _segments(x, y)
    inner = inner[(inner[:, [0, 2]] > 0.5).all(1) & (inner[:, [0, 2]] < 1.5).all(1)]
    for x0, y0, x1, y1 in inner:
        centre = np.array([(x0 + x1) / 2, (y0 + y1) / 2])
        assert np.hypot(*(centre - (1.5, 0.5))) < 0.5 or np.hypot(*(centre - (0.5, 1.5))) < 0.5


def test_levels_the_landscape_never_reaches_draw_nothing():
    values = np.arange(12.0).reshape(3, 4)
    x, y = contour_segments(values, np.array([-1.0, 20.0]))
    assert x.size == 0 and y.size == 0


def _saddle_cells(values, level) -> int:
    """Cells whose diagonally opposite corners are on the same side of `level`, the other two
    on the other side."""
    below = np.pad(values, 1, mode="edge") < level
    diagonal = below[:-1, :-1] == below[1:, 1:]
    anti = below[:-1, 1:] == below[1:, :-1]
    return int(np.sum(diagonal & anti & (below[:-1, :-1] != below[:-1, 1:])))


@pytest.mark.parametrize("name", ["himmelblau", "quadratic", "rosenbrock", "beale"])
def test_the_lines_are_pyqtgraphs_isocurves_of_the_same_landscape(name):
    """pyqtgraph's `isocurve` (which the map drew before, cell by cell in Python) finds as
    many segments at every level, and the same lines where no cell is a saddle (it cuts a
    saddle one fixed way; these lines follow the value at the cell's centre)."""
    loss = make_loss(name, {})
    drawn = landscape(loss, loss.spec.view)
    compared = 0
    for level in np.linspace(drawn.low, drawn.high, CONTOUR_LEVELS + 2)[1:-1]:
        x, y = contour_segments(drawn.shown, np.array([level]))
        theirs = np.array(
            pg.functions.isocurve(drawn.shown.T, float(level), connected=False, extendToEdge=True)
        ).reshape(-1, 2, 2)
        assert x.size // 2 == len(theirs)
        if _saddle_cells(drawn.shown, level) == 0:
            ours = np.hypot(x[1::2] - x[::2], y[1::2] - y[::2])
            lengths = np.hypot(*(theirs[:, 1] - theirs[:, 0]).T)
            assert np.sort(ours) == pytest.approx(np.sort(lengths), rel=1e-9, abs=1e-12)
            compared += 1
    assert compared >= CONTOUR_LEVELS // 2


def test_the_map_draws_the_lines_of_the_landscape_it_shows(qtbot, make_window):
    window = make_window()
    drawn = window.map
    qtbot.waitUntil(lambda: drawn.grid_ready and drawn.grid_current(), timeout=20_000)
    low, high = drawn.colour_bar.levels()
    x, y = drawn.contours.getData()
    expected = contour_segments(drawn.image.image, np.linspace(low, high, CONTOUR_LEVELS + 2)[1:-1])
    assert x.size > 100
    np.testing.assert_array_equal(x, expected[0])
    np.testing.assert_array_equal(y, expected[1])
    assert drawn.contours.parentItem() is drawn.image  # in the image's pixels, moved with it
    assert not any(isinstance(item, pg.IsocurveItem) for item in drawn.scene().items())
