"""Brushes and pens for scatter points: one object per colour.

pyqtgraph's scatter renders a symbol for each distinct brush or pen *object* (its atlas keys
them by object, not by colour), so 500 points given 500 brushes of two colours rendered 500
symbols: 120 ms on the GUI thread when the model lab opened, and the atlas grew with every new
data set. Points of one colour share one object here, and the objects are kept for reuse.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QBrush, QPen

SHADES = 256
"""How many shades a colour scale is drawn with on points (finer than the eye tells apart)."""


@lru_cache(maxsize=4096)
def brush(colour: str) -> QBrush:
    """The one brush of `colour` (never changed by its users)."""
    return pg.mkBrush(colour)


@lru_cache(maxsize=256)
def ring(colour: str, width: float) -> QPen:
    """The one pen of `colour` and `width` (points drawn as rings)."""
    return pg.mkPen(colour, width=width)


def shaded_brushes(colormap: pg.ColorMap, shades: np.ndarray) -> list[QBrush]:
    """Brushes for values in [0, 1] on `colormap`, in SHADES steps (shared objects)."""
    names = [c.name() for c in colormap.map(np.linspace(0.0, 1.0, SHADES), mode="qcolor")]
    levels = np.rint(np.clip(shades, 0.0, 1.0) * (SHADES - 1)).astype(np.int64)
    return [brush(names[level]) for level in levels]
