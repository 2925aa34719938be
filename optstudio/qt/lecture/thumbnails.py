"""Thumbnails of the scenarios for the gallery, rendered by the studio itself.

Regenerate them after a change to the scenarios or to the map's look:
``python -m optstudio.qt.lecture.thumbnails`` (writes resources/presets/NAME.png).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

THUMBNAIL_SIZE = (320, 200)


def render_thumbnail(session, out: Path) -> Path:
    """The scenario's map after its runs, legend hidden, scaled to THUMBNAIL_SIZE."""
    from ..headless import with_window

    def grab(window) -> bool:
        if window.kind == "model":
            return _model_thumbnail(window, out)
        # The map alone fills the window, landscape-shaped like the thumbnail.
        for dock in (window.loss_dock, window.runs_dock, window.explainer.dock):
            dock.hide()
        window.centralWidget().widget(1).hide()
        window.map.legend.hide()
        window.map.hideAxis("left")
        window.map.hideAxis("bottom")
        window.resize(960, 640)
        window.map.set_line_width(6.0)
        window._dirty = True
        window._draw()
        for _ in range(10):
            QApplication.processEvents()
        view = window.map.getViewBox()
        rect = view.mapRectToScene(view.boundingRect()).toRect()
        return _save_cropped(window.map.grab(rect).toImage(), out)

    return with_window(session, grab, out)


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


def _save_cropped(image, out: Path) -> bool:
    """`image` scaled to cover THUMBNAIL_SIZE and cropped to it, centred."""
    scaled = image.scaled(
        *THUMBNAIL_SIZE,
        Qt.AspectRatioMode.KeepAspectRatioByExpanding,
        Qt.TransformationMode.SmoothTransformation,
    )
    x = (scaled.width() - THUMBNAIL_SIZE[0]) // 2
    y = (scaled.height() - THUMBNAIL_SIZE[1]) // 2
    return scaled.copy(x, y, *THUMBNAIL_SIZE).save(str(out))


def main(argv: list[str] | None = None) -> int:
    from ...presets import PRESETS, presets_folder

    folder = Path(argv[0]) if argv else presets_folder()
    chosen = set(argv[1:]) if argv and len(argv) > 1 else None
    for preset in PRESETS:
        if chosen is not None and preset.name not in chosen:
            continue
        out = render_thumbnail(preset.session(), folder / f"{preset.name}.png")
        print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
