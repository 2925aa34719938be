"""Lines cut at a plot's frame (Qt's SVG writer draws them whole)."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from optstudio.qt.export.clipping import clipped_polyline

RECT = (0.0, 0.0, 1.0, 1.0)


def test_a_line_through_the_frame_is_cut_at_its_edges():
    x, y = clipped_polyline(np.array([-1.0, 2.0]), np.array([0.5, 0.5]), RECT)
    np.testing.assert_allclose(np.column_stack([x, y]), [[0.0, 0.5], [1.0, 0.5]])


def test_pieces_outside_leave_a_break_and_breaks_are_kept():
    x = np.array([0.2, 0.8, 3.0, 0.5, 0.4])
    y = np.array([0.2, 0.2, 0.5, 0.8, 0.9])
    cx, _ = clipped_polyline(x, y, RECT)
    assert np.isnan(cx).sum() == 1  # out and back in: two pieces
    joined = np.array([True, True, True, False])
    cx, _ = clipped_polyline(x, y, RECT, joined)
    assert np.isclose(cx[~np.isnan(cx)][-1], 0.5)  # the last segment was a break


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.floats(-5, 5), st.floats(-5, 5)), min_size=1, max_size=30))
def test_what_is_kept_lies_inside_and_inner_points_survive(points):
    x, y = (np.array(v) for v in zip(*points, strict=True))
    cx, cy = clipped_polyline(x, y, RECT)
    kept = ~np.isnan(cx)
    assert np.all((cx[kept] >= -1e-12) & (cx[kept] <= 1 + 1e-12))
    assert np.all((cy[kept] >= -1e-12) & (cy[kept] <= 1 + 1e-12))
    inside = (x > 0) & (x < 1) & (y > 0) & (y < 1)
    if len(x) > 1:
        for px, py in zip(x[inside], y[inside], strict=True):
            assert np.any(np.isclose(cx, px) & np.isclose(cy, py))
