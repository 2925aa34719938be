"""Thumbnails of the scenarios for the gallery, rendered by the studio itself.

Regenerate them after a change to the scenarios or to the map's look:
``python -m optstudio.qt.lecture.thumbnails`` (writes resources/presets/NAME.png).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication

THUMBNAIL_SIZE = (320, 200)
MAP_WIDTH = 206
"""Of a landscape thumbnail's width, the map's; the rest shows the runs' loss curves, which
tell apart races on one landscape (five scenarios on Rosenbrock looked alike as maps)."""
GAP = 3


def render_thumbnail(session, out: Path) -> Path:
    """A landscape scenario's map after its runs beside their loss curves (legend and axes
    hidden), or a model scenario's verdict, at THUMBNAIL_SIZE."""
    from ..headless import with_window

    def grab(window) -> bool:
        if window.kind == "model":
            return _model_thumbnail(window, out)
        return _compose(_map_image(window), _loss_image(window), out)

    return with_window(session, grab, out)


SETTLE_SECONDS = 30.0


def _settle(window) -> None:
    """Draw the window as it is now laid out: its view sent to the engine at once, then
    events taken in until the window is ready to draw that view (`ready_to_draw`: every
    path reduced at it, its landscape computed for it). Ten rounds of events were not always
    enough: the saddle's thumbnail came out now and then with paths reduced for the window
    before its resize."""
    from ..shared.event_waits import events_until

    window.view_timer.stop()
    window._send_view()
    events_until(QApplication.instance(), window.ready_to_draw, SETTLE_SECONDS)
    window._dirty = True
    window._draw()
    for _ in range(10):
        QApplication.processEvents()


def _map_image(window) -> QImage:
    """The map alone, filling the window, its paths drawn thick."""
    for dock in (window.loss_dock, window.runs_dock, window.explainer.dock):
        dock.hide()
    window.centralWidget().widget(1).hide()
    window.map.legend.hide()
    window.map.hideAxis("left")
    window.map.hideAxis("bottom")
    window.resize(960, 640)
    window.map.set_line_width(6.0)
    _settle(window)
    view = window.map.getViewBox()
    return window.map.grab(view.mapRectToScene(view.boundingRect()).toRect()).toImage()


def _loss_image(window) -> QImage:
    """The runs' loss curves alone, thick, without axes (the window is the thumbnail's; its
    other plots are taken out of it)."""
    curves = window.curves
    window.views.hide()
    right = window.centralWidget().widget(1)
    right.show()
    window.data_view.hide()
    window.standings.hide()
    for plot in (curves.grad_plot, curves.lr_plot):
        curves.ci.removeItem(plot)
    for name in ("left", "bottom"):
        curves.loss_plot.hideAxis(name)
    curves.loss_plot.showGrid(x=False, y=False)
    curves.set_line_width(5.0)
    window.resize(480, 640)
    _settle(window)
    view = curves.loss_plot.getViewBox()
    return curves.grab(view.mapRectToScene(view.boundingRect()).toRect()).toImage()


def _compose(map_image: QImage, loss_image: QImage, out: Path) -> bool:
    width, height = THUMBNAIL_SIZE
    picture = QImage(width, height, QImage.Format.Format_RGB32)
    picture.fill(QColor("#ffffff"))
    painter = QPainter(picture)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.drawImage(0, 0, _cropped(map_image, MAP_WIDTH, height))
    curves = QRect(MAP_WIDTH + GAP, 0, width - MAP_WIDTH - GAP, height)
    painter.drawImage(curves, loss_image)
    painter.end()
    return picture.save(str(out))


def _model_thumbnail(window, out: Path) -> bool:
    """The network's verdict after its runs: the boundary, or the digits it predicts."""
    for dock in (window.model_dock, window.runs_dock, window.code_view.dock):
        dock.hide()
    window.centralWidget().widget(1).hide()
    window.resize(960, 640)
    window.refresh_views()
    for _ in range(10):
        QApplication.processEvents()
    if window.verdict_stack.currentWidget() is window.digits:
        plot, image = window.digits.grid_plot, window.digits.grid_image
    else:
        plot, image = window.boundary.plot, window.boundary.image
        window.boundary.small.hide()
        window.boundary.title.hide()
        window.boundary.train_points.setSize(14)
        window.boundary.test_points.hide()
        for name in ("left", "bottom"):
            plot.getPlotItem().hideAxis(name)
    for _ in range(10):
        QApplication.processEvents()
    rect = image.mapRectToScene(image.boundingRect()).toRect()
    return _save_cropped(plot.grab(rect).toImage(), out)


def _save_cropped(image: QImage, out: Path) -> bool:
    return _cropped(image, *THUMBNAIL_SIZE).save(str(out))


def _cropped(image: QImage, width: int, height: int) -> QImage:
    """`image` scaled to cover width x height and cropped to it, centred."""
    scaled = image.scaled(
        width,
        height,
        Qt.AspectRatioMode.KeepAspectRatioByExpanding,
        Qt.TransformationMode.SmoothTransformation,
    )
    x = (scaled.width() - width) // 2
    y = (scaled.height() - height) // 2
    return scaled.copy(x, y, width, height)


def main(argv: list[str] | None = None) -> int:
    from ...studies.gallery import PRESETS, load_preset, presets_folder

    folder = Path(argv[0]) if argv else presets_folder()
    chosen = set(argv[1:]) if argv and len(argv) > 1 else None
    for preset in PRESETS:
        if chosen is not None and preset.name not in chosen:
            continue
        # the built file: a tuned scenario's race is its study's outcome
        out = render_thumbnail(load_preset(preset.name), folder / f"{preset.name}.png")
        print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
