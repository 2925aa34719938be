"""Items that help on screen but say nothing true in a figure.

The step panel's "step too small to draw" note describes the map at its size on screen; a
figure lays the map out again at another size and is read later, on a slide, where the note
would sit at a stray place and explain nothing. Such items are marked once here and hidden
while a figure or an animation frame is painted.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

SCREEN_ONLY_KEY = 0x5C0E
"""The QGraphicsItem data key that marks an item as drawn on screen only."""


def mark_screen_only(item: QGraphicsItem) -> None:
    """Figures leave `item` out. (Called through QGraphicsItem: pyqtgraph's items shadow
    `data` with their own.)"""
    QGraphicsItem.setData(item, SCREEN_ONLY_KEY, True)


@contextlib.contextmanager
def screen_only_hidden(scenes: list[QGraphicsScene]) -> Iterator[None]:
    """While painting a figure: every marked item that is visible is hidden, then shown again."""
    hidden = [
        item
        for scene in scenes
        for item in scene.items()
        if QGraphicsItem.data(item, SCREEN_ONLY_KEY) and item.isVisible()
    ]
    for item in hidden:
        item.setVisible(False)
    try:
        yield
    finally:
        for item in hidden:
            item.setVisible(True)
