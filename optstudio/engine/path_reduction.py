"""Which rows of a path to draw: a reduction that keeps its shape at the pixel size it is seen.

Keeping every Nth row made zig-zags alias into a few giant triangles once a run passed a
thousand or so steps, so the same run looked different while playing, finished and exported.
Here, in screen space at the map's pixel size:

1. a row is skipped when it lies within half a pixel (along x and y) of the last row taken
   (radial distance): what is skipped lies within half a pixel of the drawn line;
2. a row taken is drawn joined to the one before it only when that stretch, from pixel to
   pixel, is not on the screen already; otherwise the line breaks there and resumes at the
   next new stretch. A run that hovers around its minimum for millions of steps (Adam at a
   large learning rate) crosses the same few pixels again and again: its path costs a few
   hundred points instead of tens of thousands, and looks exactly the same.

So every row of the true path lies within a pixel of the drawn line, and every drawn stretch
is one the path took. The drawn rows are an ordered subset (rows, not new points, each with
whether it is joined to the one before), so a timeline can still cut the path at a step.

`PathReducer` does this incrementally: each call looks only at the rows added since the last
one, so following a growing run costs what it grows, not its length, and a row drawn once
stays drawn: a run looks the same at every moment of its life.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numba import njit, types
from numba.typed import Dict

MAX_KEPT = 50_000
"""Drawn rows beyond this (a noisy run that covers thousands of pixels) are thinned evenly:
drawing stays within the frame budget."""
TOLERANCE_PX = 0.5
"""A row is taken when it is more than this far (in pixels, along x or y) from the last row
taken."""
_CELL_LIMIT = 1 << 40
"""Pixel cells are clamped here: a diverging run's rows stay integers."""
_SEGMENT = types.UniTuple(types.int64, 4)


@dataclass(frozen=True)
class PixelGrid:
    """The view as the plot shows it: its bounds and its size in pixels."""

    x0: float
    x1: float
    y0: float
    y1: float
    width: int
    height: int

    @property
    def pixel(self) -> tuple[float, float]:
        return (
            (self.x1 - self.x0) / max(self.width, 1),
            (self.y1 - self.y0) / max(self.height, 1),
        )


@dataclass(frozen=True)
class Reduction:
    """The rows to draw, in order, and whether each is joined to the row drawn before it."""

    rows: np.ndarray
    joined: np.ndarray


@njit(cache=True)
def _cell(value):  # pragma: no cover - jitted
    if value != value:  # NaN: a cell of its own
        return -_CELL_LIMIT - 1
    return np.int64(max(-float(_CELL_LIMIT), min(float(_CELL_LIMIT), np.floor(value))))


@njit(cache=True, nogil=True)
def _reduce(columns, rows, offset, where, cursor, drawn, tolerance, out_rows, out_joined):
    """Rows to draw among `columns`/`rows` (pixels; row i is path row offset + i).

    `where` = [column, row] of the last row taken; `cursor` = [taken any, pending row or -1,
    its cell column, its cell row]; both carry over to the next call. `drawn` holds the
    stretches on the screen as (cell, cell) in a fixed order. Returns how many were written.
    """  # pragma: no cover - jitted
    count = 0
    for i in range(columns.shape[0]):
        column = columns[i]
        row = rows[i]
        if (
            cursor[0] == 1
            and abs(column - where[0]) <= tolerance
            and abs(row - where[1]) <= tolerance
        ):
            continue
        cell_column = _cell(column)
        cell_row = _cell(row)
        if cursor[0] == 0:
            out_rows[count] = offset + i
            out_joined[count] = False
            count += 1
        else:
            a = (cursor[2], cursor[3])
            b = (cell_column, cell_row)
            key = (a[0], a[1], b[0], b[1]) if a <= b else (b[0], b[1], a[0], a[1])
            if key in drawn:
                cursor[1] = offset + i  # on the screen already: resume from here later
            else:
                drawn[key] = True
                if cursor[1] >= 0:
                    out_rows[count] = cursor[1]
                    out_joined[count] = False
                    count += 1
                    cursor[1] = -1
                out_rows[count] = offset + i
                out_joined[count] = True
                count += 1
        where[0] = column
        where[1] = row
        cursor[0] = 1
        cursor[2] = cell_column
        cursor[3] = cell_row
    return count


@dataclass
class PathReducer:
    """`reduced(path, grid)` of a growing path, computed on its new rows only."""

    grid: PixelGrid | None = None
    rows: list[np.ndarray] = field(default_factory=list)
    joined: list[np.ndarray] = field(default_factory=list)
    done: int = 0
    where: np.ndarray = field(default_factory=lambda: np.zeros(2))
    cursor: np.ndarray = field(default_factory=lambda: np.array([0, -1, 0, 0], dtype=np.int64))
    drawn: object = None

    def reduce(self, path: np.ndarray, grid: PixelGrid) -> Reduction:
        if grid != self.grid or len(path) < self.done or self.drawn is None:
            self._start(grid)
        if len(path) > self.done:
            dx, dy = grid.pixel
            new = path[self.done :]
            columns = np.ascontiguousarray((new[:, 0] - grid.x0) / dx)
            pixel_rows = np.ascontiguousarray((new[:, 1] - grid.y0) / dy)
            out_rows = np.empty(2 * len(new), dtype=np.int64)
            out_joined = np.empty(2 * len(new), dtype=np.bool_)
            count = _reduce(
                columns,
                pixel_rows,
                self.done,
                self.where,
                self.cursor,
                self.drawn,
                TOLERANCE_PX,
                out_rows,
                out_joined,
            )
            self.rows.append(out_rows[:count].copy())
            self.joined.append(out_joined[:count].copy())
            self.done = len(path)
            if len(self.rows) > 64:
                self.rows = [np.concatenate(self.rows)]
                self.joined = [np.concatenate(self.joined)]
        if not self.rows:
            return Reduction(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=bool))
        return _finished(np.concatenate(self.rows), np.concatenate(self.joined), len(path))

    def _start(self, grid: PixelGrid) -> None:
        """Forget everything: a new view (or a restarted run) is reduced from its first row."""
        self.grid, self.rows, self.joined, self.done = grid, [], [], 0
        self.where = np.zeros(2)
        self.cursor = np.array([0, -1, 0, 0], dtype=np.int64)
        self.drawn = Dict.empty(key_type=_SEGMENT, value_type=types.boolean)


def reduced(path: np.ndarray, grid: PixelGrid) -> Reduction:
    """The rows of `path` to draw at `grid` (always its first and last row)."""
    return PathReducer().reduce(path, grid)


def _finished(rows: np.ndarray, joined: np.ndarray, n: int) -> Reduction:
    """Thinned past MAX_KEPT; the path's last row (where the run is now) always drawn."""
    if len(rows) > MAX_KEPT:
        pick = np.linspace(0, len(rows) - 1, MAX_KEPT).astype(np.int64)
        rows, joined = rows[pick], np.ones(MAX_KEPT, dtype=bool)
        joined[0] = False
    if n and (not len(rows) or rows[-1] != n - 1):
        rows = np.append(rows, n - 1)
        joined = np.append(joined, len(rows) > 1)
    return Reduction(rows, joined)
