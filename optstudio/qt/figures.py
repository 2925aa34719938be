"""Figures of the window for slides and print: the map with its paths, the curves, or both.

PNG at 1x, 2x or 4x (the widgets are painted again at that scale, so lines and text stay sharp,
not an enlarged screenshot) or SVG (vector lines and text, the landscape embedded as an image),
on the window's dark background or a transparent one.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsView, QWidget

BACKGROUND = QColor("#101418")
PARTS = ("map", "curves", "both")
SCALES = (1, 2, 4)
FORMATS = (".png", ".svg")


def _paint(painter: QPainter, views: list[QGraphicsView], transparent: bool) -> None:
    """Render each view's visible scene side by side (vector where the scene is vector)."""
    x = 0
    for view in views:
        background = view.backgroundBrush()
        if transparent:
            view.setBackgroundBrush(QBrush(Qt.BrushStyle.NoBrush))
        try:
            source = view.viewport().rect()
            view.render(painter, QRectF(x, 0, source.width(), source.height()), source)
        finally:
            view.setBackgroundBrush(background)
        x += view.width()


def _size(widgets: list[QWidget]) -> QSize:
    return QSize(sum(w.width() for w in widgets), max(w.height() for w in widgets))


def render_image(widgets: list[QWidget], scale: int, transparent: bool) -> QImage:
    size = _size(widgets)
    image = QImage(size * scale, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor(0, 0, 0, 0) if transparent else BACKGROUND)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(scale, scale)
        _paint(painter, widgets, transparent)
    finally:
        painter.end()
    return image


def write_figure(
    widgets: list[QWidget], path: str | Path, *, scale: int = 1, transparent: bool = False
) -> Path:
    """Write PNG or SVG by the file's extension; ValueError for anything else."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"cannot tell the format of '{target.name}': use .png or .svg")
    if scale not in SCALES:
        raise ValueError(f"scale must be one of {', '.join(map(str, SCALES))}, got {scale}")
    if suffix == ".png":
        image = render_image(widgets, scale, transparent)
        if not image.save(str(target), "PNG"):
            raise OSError(f"cannot write '{target}'")
        return target
    size = _size(widgets)
    generator = QSvgGenerator()
    generator.setFileName(str(target))
    generator.setSize(size)
    generator.setViewBox(QRect(QPoint(0, 0), size))
    generator.setTitle("optstudio")
    painter = QPainter()
    if not painter.begin(generator):
        raise OSError(f"cannot write '{target}'")
    try:
        if not transparent:
            painter.fillRect(QRect(QPoint(0, 0), size), BACKGROUND)
        _paint(painter, widgets, transparent)
    finally:
        painter.end()
    return target
