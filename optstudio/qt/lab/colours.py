"""The model lab's colours for classes and for a network's verdict, after TensorFlow Playground
(`src/playground.ts`: orange for one class, blue for the other, white where it is unsure), so
that a lecturer's audience who has seen the Playground reads the pictures at once."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

CLASS_COLOURS = ("#f59322", "#0877bd")
"""Class 0 (the Playground's -1) and class 1."""
_VERDICT_STOPS = np.array([0.0, 0.5, 1.0])
_VERDICT_COLOURS = np.array([[245, 147, 34], [232, 234, 235], [8, 119, 189]])
_DARK_VERDICT_COLOURS = np.array([[190, 105, 15], [40, 44, 48], [20, 100, 170]])


def verdict_colormap(dark: bool = False) -> pg.ColorMap:
    """Orange (class 0, or a low value) through a neutral middle to blue (class 1, high)."""
    return pg.ColorMap(_VERDICT_STOPS, _DARK_VERDICT_COLOURS if dark else _VERDICT_COLOURS)
