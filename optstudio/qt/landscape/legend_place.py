"""Where the map's legend goes: the corner of the view that hides the least of what matters
(the start point, the known minima and the paths), until the user drags it somewhere.

The legend sat in the top-left corner, where several scenarios start their runs, and covered
the start point and the first steps.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pyqtgraph as pg

CORNERS = ((0, 0), (1, 0), (0, 1), (1, 1))
"""(x, y) anchors of the view's corners in Qt's orientation: (0, 0) is the top left."""
MARGIN_PX = 12
SAMPLES_PER_PATH = 400


def emptiest_corner(
    points: np.ndarray,
    bounds: tuple[float, float, float, float],
    legend_fraction: tuple[float, float],
    important: np.ndarray | None = None,
) -> tuple[int, int]:
    """The corner whose legend-sized box holds the fewest `points`; a point of `important`
    (the start, the minima) counts a hundred times. Ties keep the first corner (top left)."""
    x0, x1, y0, y1 = bounds
    width, height = legend_fraction
    scores = []
    for cx, cy in CORNERS:
        score = 0.0
        for group, weight in ((points, 1.0), (important, 100.0)):
            if group is None or not len(group):
                continue
            u = (group[:, 0] - x0) / (x1 - x0)
            v = (y1 - group[:, 1]) / (y1 - y0)  # 0 at the top, as the corners count
            inside_u = u >= 1 - width if cx else u <= width
            inside_v = v >= 1 - height if cy else v <= height
            score += weight * float(np.count_nonzero(inside_u & inside_v & (u >= 0) & (u <= 1)))
        scores.append(score)
    return CORNERS[int(np.argmin(scores))]


def sampled(paths: Iterable[np.ndarray]) -> np.ndarray:
    """A few hundred points of each path: enough to see where it runs."""
    parts = [
        path[:: max(1, len(path) // SAMPLES_PER_PATH)]
        for path in paths
        if len(path) and path.ndim == 2
    ]
    return np.concatenate(parts) if parts else np.zeros((0, 2))


class MovableLegend(pg.LegendItem):
    """pyqtgraph's legend, which remembers that the user dragged it (then it stays put)."""

    def __init__(self, **options) -> None:
        super().__init__(**options)
        self.placed_by_user = False

    def mouseDragEvent(self, event) -> None:
        super().mouseDragEvent(event)
        if event.isFinish():
            self.placed_by_user = True

    def move_to(self, corner: tuple[int, int]) -> None:
        cx, cy = corner
        offset = (-MARGIN_PX if cx else MARGIN_PX, -MARGIN_PX if cy else MARGIN_PX)
        self.anchor(itemPos=corner, parentPos=corner, offset=offset)
