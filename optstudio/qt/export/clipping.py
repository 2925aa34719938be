"""Lines cut at a plot's frame, for SVG figures.

On screen and in PNG files Qt clips what a plot draws to its frame; its SVG writer has no
clipping at all, so a path or curve that leaves the view ran across the axes and the margins of
an SVG figure. Before an SVG is written, every line of a plot is replaced by the pieces of it
inside the plot's view (Liang and Barsky's segment clipping), and put back afterwards.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import numpy as np


def clipped_polyline(
    x: np.ndarray,
    y: np.ndarray,
    rect: tuple[float, float, float, float],
    joined: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The parts of the polyline (x, y) inside rect = (x0, y0, x1, y1), as one polyline with
    NaN between pieces (drawn with connect="finite"). Segments with a non-finite end are
    dropped, as a finite-connected line drops them; `joined[i]` False drops segment i (a
    break in the line, pyqtgraph's `connect` array)."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if len(x) < 2:
        inside = _inside(x, y, rect)
        return x[inside], y[inside]
    x0, y0, x1, y1 = rect
    ax, ay, bx, by = x[:-1], y[:-1], x[1:], y[1:]
    dx, dy = bx - ax, by - ay
    low = np.zeros(len(ax))
    high = np.ones(len(ax))
    keep = np.isfinite(ax) & np.isfinite(ay) & np.isfinite(bx) & np.isfinite(by)
    if joined is not None:
        keep &= np.asarray(joined[: len(ax)], dtype=bool)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for p, q in ((-dx, ax - x0), (dx, x1 - ax), (-dy, ay - y0), (dy, y1 - ay)):
            parallel = p == 0
            keep &= ~(parallel & (q < 0))
            t = q / p
            entering = ~parallel & (p < 0)
            leaving = ~parallel & (p > 0)
            low = np.where(entering, np.maximum(low, t), low)
            high = np.where(leaving, np.minimum(high, t), high)
    keep &= low <= high
    starts_x, starts_y = ax + low * dx, ay + low * dy
    ends_x, ends_y = ax + high * dx, ay + high * dy
    out_x: list[float] = []
    out_y: list[float] = []
    last: tuple[float, float] | None = None
    for i in np.flatnonzero(keep):
        start = (float(starts_x[i]), float(starts_y[i]))
        if last != start:
            if out_x:
                out_x.append(np.nan)
                out_y.append(np.nan)
            out_x.append(start[0])
            out_y.append(start[1])
        out_x.append(float(ends_x[i]))
        out_y.append(float(ends_y[i]))
        last = (out_x[-1], out_y[-1]) if high[i] == 1.0 else None
    return np.asarray(out_x), np.asarray(out_y)


def _inside(x: np.ndarray, y: np.ndarray, rect: tuple[float, float, float, float]) -> np.ndarray:
    x0, y0, x1, y1 = rect
    return (x >= x0) & (x <= x1) & (y >= y0) & (y <= y1)


@contextlib.contextmanager
def lines_clipped_to_their_views(scene) -> Iterator[None]:
    """Every visible line of `scene`'s plots cut at its view while the block runs."""
    import pyqtgraph as pg

    saved = []
    for item in scene.items():
        if not isinstance(item, pg.PlotCurveItem) or not item.isVisible():
            continue
        view = item.getViewBox()
        if view is None or item.xData is None or item.yData is None or len(item.xData) == 0:
            continue
        box = view.viewRect()
        rect = (box.left(), box.top(), box.right(), box.bottom())
        x, y = item.xData, item.yData
        if np.all(_inside(x, y, rect)):
            continue
        connect = item.opts.get("connect", "all")
        saved.append((item, x, y, connect))
        joined = connect if isinstance(connect, np.ndarray) else None
        cut_x, cut_y = clipped_polyline(x, y, rect, joined)
        item.setData(x=cut_x, y=cut_y, connect="finite")
    try:
        yield
    finally:
        for item, x, y, connect in saved:
            item.setData(x=x, y=y, connect=connect)
