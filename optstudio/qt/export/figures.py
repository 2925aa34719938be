"""Figures of the window for slides and print: the map with its paths, the curves, or both.

PNG at 1x, 2x or 4x (the plots are painted again at that scale, so lines, text and the legend
stay sharp, not an enlarged screenshot) or SVG (vector lines and text, the landscape embedded as
an image), on the plots' own background or a transparent one.

Each plot's scene is laid out again at the size it has in the figure: side by side, the curves
take the map's height and a fair share of its width, rather than keeping the narrow column and
the empty block where the standings table sits in the window. Items are put in pyqtgraph's export
mode while painting, so scatter markers are drawn as shapes (their pixmap cache came out garbled
in SVG). Files are written atomically: the old file stays until the new one is complete.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsItem, QGraphicsView

from ...io.atomic import atomic_write
from ..shared.axes import set_axes_cached
from ..shared.screen_only import screen_only_hidden
from .clipping import lines_clipped_to_their_views

PARTS = ("map", "curves", "both")
SCALES = (1, 2, 4)
FORMATS = (".png", ".svg")
SIDE_BY_SIDE_SHARE = 0.6
"""Beside the map, the curves are at least this fraction of the map's width."""


def figure_sizes(views: list[QGraphicsView]) -> list[QSize]:
    """The size each plot is drawn at: its own alone; beside the map, the map's height."""
    if len(views) == 1:
        return [views[0].viewport().size()]
    height = views[0].viewport().height()
    first = views[0].viewport().width()
    sizes = [QSize(first, height)]
    for view in views[1:]:
        sizes.append(QSize(max(view.viewport().width(), int(SIDE_BY_SIDE_SHARE * first)), height))
    return sizes


def figure_size(views: list[QGraphicsView]) -> QSize:
    sizes = figure_sizes(views)
    return QSize(sum(s.width() for s in sizes), max(s.height() for s in sizes))


def _background(view: QGraphicsView) -> QColor:
    return QColor(view.backgroundBrush().color())


def _set_export_mode(view: QGraphicsView, on: bool, painter: QPainter | None) -> None:
    """pyqtgraph's export mode on every item; legends follow the painter's scale meanwhile
    (they ignore transformations, so a 2x PNG had a legend at half the size of its text)."""
    options = {"antialias": True, "background": _background(view), "painter": painter}
    ignores = QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations
    set_axes_cached(view.scene().items(), not on)
    for item in view.scene().items():
        if hasattr(item, "setExportMode"):
            item.setExportMode(on, options if on else None)
        if isinstance(item, pg.LegendItem):
            item.setFlag(ignores, not on)


def _paint(painter: QPainter, views: list[QGraphicsView], transparent: bool) -> None:
    """Each plot's scene laid out at its figure size and painted in its place, without what
    is there for the screen only."""
    with screen_only_hidden([view.scene() for view in views]):
        _paint_each(painter, views, transparent)


def _paint_each(painter: QPainter, views: list[QGraphicsView], transparent: bool) -> None:
    x = 0
    for view, size in zip(views, figure_sizes(views), strict=True):
        target = QRectF(x, 0, size.width(), size.height())
        if not transparent:
            painter.fillRect(target, _background(view))
        central = getattr(view, "centralWidget", None)
        old = central.geometry() if central is not None else None
        titled = _title_in_figure(view)
        if central is not None:
            central.setGeometry(QRectF(0, 0, size.width(), size.height()))
        _set_export_mode(view, True, painter)
        try:
            view.scene().render(
                painter,
                target,
                QRectF(0, 0, size.width(), size.height()),
                Qt.AspectRatioMode.IgnoreAspectRatio,
            )
        finally:
            _set_export_mode(view, False, None)
            if titled:
                view.getPlotItem().setTitle(None)
            if central is not None:
                central.setGeometry(old)
        x += size.width()


def _title_in_figure(view: QGraphicsView) -> bool:
    """A plot whose title is a label above it on screen (`figure_title`: what run, at what
    step) carries that title inside the figure, so that a figure on a slide still says what
    it shows. True if a title was set (the caller removes it after painting)."""
    title = getattr(view, "figure_title", None)
    text = title() if callable(title) else ""
    if not text or not hasattr(view, "getPlotItem"):
        return False
    view.getPlotItem().setTitle(text, size="10pt")
    return True


def render_image(views: list[QGraphicsView], scale: int, transparent: bool) -> QImage:
    """The figure at `scale` times its size on screen, everything in it scaled alike: text
    and lines (a 2x PNG had 2x text beside 1x lines, which are cosmetic pens drawn in device
    pixels) and markers (the image's device pixel ratio scales them)."""
    size = figure_size(views)
    image = QImage(size * scale, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor(0, 0, 0, 0))
    image.setDevicePixelRatio(scale)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        with contextlib.ExitStack() as thick:
            for view in views:
                thick.enter_context(_lines_thicker(view.scene(), scale))
            _paint(painter, views, transparent)
    finally:
        painter.end()
    image.setDevicePixelRatio(1)
    return image


@contextlib.contextmanager
def _lines_thicker(scene, scale: int) -> Iterator[None]:
    """Every line's pen `scale` times as wide while the block runs."""
    if scale == 1:
        yield
        return
    saved = []
    for item in scene.items():
        if isinstance(item, pg.PlotCurveItem | pg.IsocurveItem):
            pen = item.opts["pen"] if isinstance(item, pg.PlotCurveItem) else item.pen
            wider = QPen(pen)
            wider.setWidthF(max(pen.widthF(), 1.0) * scale)
            saved.append((item, pen))
            item.setPen(wider)
    try:
        yield
    finally:
        for item, pen in saved:
            item.setPen(pen)


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise OSError("the image could not be encoded as PNG")
    buffer.close()
    return bytes(data.data())


def svg_bytes(views: list[QGraphicsView], transparent: bool) -> bytes:
    """The figure as SVG. The generator's resolution is the screen's: at its default 72 dpi
    text and ticks came out at 75 % of the plot and no longer lined up with the data."""
    size = figure_size(views)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(size)
    generator.setViewBox(QRect(QPoint(0, 0), size))
    generator.setResolution(views[0].logicalDpiX())
    generator.setTitle("optstudio")
    painter = QPainter()
    if not painter.begin(generator):
        raise OSError("the SVG could not be drawn")
    try:
        with contextlib.ExitStack() as clipped:  # Qt's SVG writer does not clip
            for view in views:
                clipped.enter_context(lines_clipped_to_their_views(view.scene()))
            _paint(painter, views, transparent)
    finally:
        painter.end()
    buffer.close()
    return bytes(data.data())


def write_figure(
    views: list[QGraphicsView], path: str | Path, *, scale: int = 1, transparent: bool = False
) -> Path:
    """Write PNG or SVG by the file's extension; ValueError for anything else, OSError (with
    the old file kept) when it cannot be written whole."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"cannot tell the format of '{target.name}': use .png or .svg")
    if scale not in SCALES:
        raise ValueError(f"scale must be one of {', '.join(map(str, SCALES))}, got {scale}")
    if suffix == ".png":
        content = png_bytes(render_image(views, scale, transparent))
    else:
        content = svg_bytes(views, transparent)
    atomic_write(target, lambda f: f.write(content), binary=True)
    return target
