"""Which rows of a path to draw: a reduction that keeps its shape at the pixel size it is seen.

Keeping every Nth row made zig-zags alias into a few giant triangles once a run passed a
thousand or so steps, so the same run looked different while playing, finished and exported.
Here a row is kept when it lies more than half a pixel (along x or y) from the last row kept
(a radial-distance simplification in screen space): every dropped row lies within half a
pixel of a kept row, so the drawn polyline stays within half a pixel of the true path at that
zoom, while a zig-zag that bounces inside one or two pixels (a converged run) costs no points.
The kept rows are an ordered subset (rows, not new points), so a timeline can still cut the
path at a step.

`PathReducer` does this incrementally: each call looks only at the rows added since the last
one, so following a growing run costs what it grows, not its length.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numba import njit

MAX_KEPT = 50_000
"""Kept rows beyond this (a noisy run that covers thousands of pixels, drawn in full) are
thinned evenly: drawing stays within the frame budget."""


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


TOLERANCE_PX = 0.5
"""A row is drawn when it is more than this far (in pixels, along x or y) from the last row
drawn: what is dropped lies within half a pixel of the drawn line."""


@njit(cache=True, nogil=True)
def _radial(columns, rows, last_column, last_row, tolerance, out):  # pragma: no cover - jitted
    """Indices of the points farther than `tolerance` from the last kept point (in order);
    returns how many, and the last kept point."""
    count = 0
    for i in range(columns.shape[0]):
        if abs(columns[i] - last_column) > tolerance or abs(rows[i] - last_row) > tolerance:
            out[count] = i
            count += 1
            last_column = columns[i]
            last_row = rows[i]
    return count, last_column, last_row


def _kept_rows(
    path: np.ndarray, grid: PixelGrid, last: tuple[float, float] | None
) -> tuple[np.ndarray, tuple[float, float]]:
    dx, dy = grid.pixel
    columns = np.ascontiguousarray((path[:, 0] - grid.x0) / dx)
    rows = np.ascontiguousarray((path[:, 1] - grid.y0) / dy)
    out = np.empty(len(path), dtype=np.int64)
    if last is None:  # the first row is always drawn
        count, column, row = _radial(columns[1:], rows[1:], columns[0], rows[0], TOLERANCE_PX, out)
        return np.concatenate(([0], out[:count] + 1)), (column, row)
    count, column, row = _radial(columns, rows, last[0], last[1], TOLERANCE_PX, out)
    return out[:count].copy(), (column, row)


def reduced_indices(path: np.ndarray, grid: PixelGrid) -> np.ndarray:
    """The rows of `path` to draw at `grid` (always its first and last row)."""
    if not len(path):
        return np.zeros(0, dtype=np.int64)
    return thinned(_kept_rows(path, grid, None)[0], len(path))


def thinned(kept: np.ndarray, n: int) -> np.ndarray:
    if len(kept) > MAX_KEPT:
        kept = kept[np.linspace(0, len(kept) - 1, MAX_KEPT).astype(np.int64)]
    if n and (not len(kept) or kept[-1] != n - 1):
        kept = np.append(kept, n - 1)
    return kept


@dataclass
class PathReducer:
    """`reduced_indices` of a growing path, computed on the new rows only: a row drawn once
    stays drawn, so a run looks the same at every moment of its life."""

    grid: PixelGrid | None = None
    kept: list[np.ndarray] = field(default_factory=list)
    done: int = 0
    last: tuple[float, float] | None = None
    """The last kept row, in pixels of `grid`."""

    def indices(self, path: np.ndarray, grid: PixelGrid) -> np.ndarray:
        if grid != self.grid or len(path) < self.done:
            self.grid, self.kept, self.done, self.last = grid, [], 0, None
        if len(path) > self.done:
            rows, self.last = _kept_rows(path[self.done :], grid, self.last)
            self.kept.append(rows + self.done)
            self.done = len(path)
            if len(self.kept) > 64:
                self.kept = [np.concatenate(self.kept)]
        if not self.kept:
            return np.zeros(0, dtype=np.int64)
        return thinned(np.concatenate(self.kept), len(path))
