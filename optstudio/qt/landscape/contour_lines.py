"""The map's contour lines as segments, found by marching squares in numpy (no Qt).

Why not pyqtgraph's `IsocurveItem`: it walks the grid cell by cell in Python when it is first
painted, on the window's thread. At the map's 320 × 320 grid its fourteen levels took 0.3 s
(Himmelblau) to 0.8 s (Rastrigin) there after every zoom, pan and change of loss: 20 to 50
frames not drawn. Here every level is a handful of whole-array operations (5 to 9 ms for all
fourteen), done in the worker thread that evaluates the grid, and the map draws all of them
as one path of point pairs.

Coordinates are the image's pixels: value [r, c] is the centre of pixel (c + 0.5, r + 0.5), and
lines are carried on to the image's edges (to 0 and to its width and height), as pyqtgraph's
`extendToEdge` did.
"""

from __future__ import annotations

import numpy as np

# A cell's corners, each a bit of its case: 1 at (r, c), 2 at (r, c+1), 4 at (r+1, c+1),
# 8 at (r+1, c). Its edges: 0 bottom (r, c)-(r, c+1), 1 right (r, c+1)-(r+1, c+1),
# 2 top (r+1, c)-(r+1, c+1), 3 left (r, c)-(r+1, c).
_NO = (-1, -1)
_PAIRS = np.array(
    [
        [_NO, _NO],  # 0: no corner below
        [(3, 0), _NO],
        [(0, 1), _NO],
        [(3, 1), _NO],
        [(1, 2), _NO],
        [(3, 0), (1, 2)],  # 5: a saddle, its centre above the level (swapped when below)
        [(0, 2), _NO],
        [(3, 2), _NO],
        [(3, 2), _NO],
        [(0, 2), _NO],
        [(0, 1), (2, 3)],  # 10: a saddle, its centre above the level (swapped when below)
        [(1, 2), _NO],
        [(3, 1), _NO],
        [(0, 1), _NO],
        [(3, 0), _NO],
        [_NO, _NO],  # 15: every corner below
    ]
)
"""For each case, the edges each of its (at most two) segments joins."""
_SADDLE_CENTRE_BELOW = {5: [(3, 2), (0, 1)], 10: [(3, 0), (1, 2)]}
"""A saddle whose centre (the mean of its corners) is below the level joins its below corners,
so its segments cut the other two corners off."""


def contour_segments(values: np.ndarray, levels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The contour lines of `values` (rows are y, columns x, all finite) at every level, as
    x and y of point pairs: segment k runs from point 2k to point 2k + 1."""
    z = np.pad(np.asarray(values, dtype=float), 1, mode="edge")
    rows, columns = z.shape
    starts: list[tuple[np.ndarray, np.ndarray]] = []
    ends: list[tuple[np.ndarray, np.ndarray]] = []
    for level in np.asarray(levels, dtype=float):
        below = (z < level).astype(np.uint8)
        case = below[:-1, :-1] | below[:-1, 1:] << 1 | below[1:, 1:] << 2 | below[1:, :-1] << 3
        r, c = np.nonzero((case != 0) & (case != 15))
        if r.size == 0:
            continue
        cases = case[r, c]
        pairs = _PAIRS[cases]
        centre = (z[r, c] + z[r, c + 1] + z[r + 1, c + 1] + z[r + 1, c]) / 4.0
        for saddle, swapped in _SADDLE_CENTRE_BELOW.items():
            pairs[(cases == saddle) & (centre < level)] = swapped
        two = pairs[:, 1, 0] >= 0
        cells = np.concatenate([np.arange(r.size), np.nonzero(two)[0]])
        edges = np.concatenate([pairs[:, 0], pairs[two, 1]])
        starts.append(_edge_points(z, r[cells], c[cells], edges[:, 0], level))
        ends.append(_edge_points(z, r[cells], c[cells], edges[:, 1], level))
    if not starts:
        return np.empty(0), np.empty(0)
    # Each segment's two ends side by side, then back from the padded grid to the image's
    # pixels, carried on to its edges.
    x, y = (
        np.column_stack(
            [np.concatenate([p[axis] for p in starts]), np.concatenate([p[axis] for p in ends])]
        ).ravel()
        for axis in (0, 1)
    )
    return np.clip(x - 0.5, 0.0, columns - 2), np.clip(y - 0.5, 0.0, rows - 2)


def _edge_points(
    z: np.ndarray, r: np.ndarray, c: np.ndarray, edge: np.ndarray, level: float
) -> tuple[np.ndarray, np.ndarray]:
    """Where the level crosses edge `edge` of cells (r, c), by linear interpolation, in the
    padded grid's index coordinates (x along columns, y along rows)."""
    r0 = r + (edge == 2)
    c0 = c + (edge == 1)
    vertical = (edge == 1) | (edge == 3)
    r1 = r0 + vertical
    c1 = c0 + ~vertical
    v0, v1 = z[r0, c0], z[r1, c1]
    t = (level - v0) / (v1 - v0)
    return c0 + t * ~vertical, r0 + t * vertical
