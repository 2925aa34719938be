"""A data set drawn by hand (Playground issues 20, 54, 111 and 174: "allow users to create
their own data"): points the user put on the Playground's square, each of class 0 (orange) or
class 1 (blue), kept in the study as a list of [x1, x2, class] rows.

The rows go through the same split and features as the Playground's sets, so a drawn set is
trained, tested, saved and replayed as they are. Anything else is refused in one line that
says which row is wrong, before any row is read beyond the cap (a session file is untrusted
input).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

MIN_DRAWN_POINTS = 4
"""Fewer points cannot be split into rows to train on and rows to test on."""
MAX_DRAWN_POINTS = 2000
"""A hand-drawn set is small; a longer list is refused before it is read."""
SQUARE_RADIUS = 6.0
"""Points lie on the Playground's square [-6, 6]², where its boundaries are drawn."""
DEFAULT_DRAWN = (
    *([x, y, 1] for x, y in ((-3, 2), (-2, 3), (-3.5, 3.5), (-2.5, 1.5), (-1.5, 2.5))),
    *([x, y, 0] for x, y in ((3, -2), (2, -3), (3.5, -3.5), (2.5, -1.5), (1.5, -2.5))),
)
"""What the drawn set starts with when there are no points to start from: five of each class
in two corners, for the user to add to, erase and clear."""


def checked_points(points: Any) -> np.ndarray:
    """The rows as an (n, 3) array of x1, x2 and class (ValueError, one line, otherwise)."""
    if not isinstance(points, list | tuple | np.ndarray):
        raise ValueError("the drawn points are a list of [x1, x2, class] rows")
    if len(points) > MAX_DRAWN_POINTS:
        raise ValueError(f"{len(points):,} drawn points; at most {MAX_DRAWN_POINTS:,}")
    rows = np.empty((len(points), 3))
    for i, row in enumerate(points):
        where = f"drawn point {i + 1}"
        if not isinstance(row, list | tuple | np.ndarray) or len(row) != 3:
            raise ValueError(f"{where} is not a row of x1, x2 and its class")
        x1, x2, label = row
        for value in (x1, x2, label):
            if isinstance(value, bool) or not isinstance(value, int | float | np.number):
                raise ValueError(f"{where} has {value!r} where a number belongs")
        if not (math.isfinite(x1) and math.isfinite(x2)):
            raise ValueError(f"{where} is not a finite point")
        if abs(x1) > SQUARE_RADIUS or abs(x2) > SQUARE_RADIUS:
            raise ValueError(f"{where} lies outside the square [-6, 6]²")
        if label not in (0, 1):
            raise ValueError(f"{where} is of class {label!r}; the classes are 0 and 1")
        rows[i] = (x1, x2, label)
    if len(rows) < MIN_DRAWN_POINTS:
        raise ValueError(
            f"{len(rows)} drawn point{'s' * (len(rows) != 1)}; draw at least {MIN_DRAWN_POINTS}"
        )
    if len(np.unique(rows[:, 2])) < 2:
        raise ValueError("every drawn point is of one class: draw points of both")
    return rows


def drawn_data(points: Any) -> tuple[np.ndarray, np.ndarray]:
    """The points (n, 2) and their classes (n,) of a drawn set."""
    rows = checked_points(points)
    return rows[:, :2].copy(), rows[:, 2].copy()


def as_rows(points: np.ndarray, labels: np.ndarray) -> list[list[float]]:
    """Points and classes as the study keeps them: [x1, x2, class] rows of plain numbers,
    the points clipped to the square (a Playground set's noise can push one past its edge)."""
    clipped = np.clip(points, -SQUARE_RADIUS, SQUARE_RADIUS)
    return [
        [round(float(x1), 6), round(float(x2), 6), int(label)]
        for (x1, x2), label in zip(clipped, labels, strict=True)
    ]
