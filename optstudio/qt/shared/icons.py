"""The application icon: drawn once as SVG (resources/icons/optstudio.svg); the PNG sizes
desktops want are rendered from it (``python -m optstudio.qt.shared.icons``)."""

from __future__ import annotations

import sys
from pathlib import Path

from ...resource_files import CHECKOUT, resource_folder

PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def icons_folder() -> Path:
    return resource_folder("icons")


def app_icon():
    """The window icon, with every rendered size so that each desktop picks a sharp one."""
    from PySide6.QtGui import QIcon

    icon = QIcon()
    folder = icons_folder()
    for size in PNG_SIZES:
        png = folder / f"optstudio-{size}.png"
        if png.exists():
            icon.addFile(str(png))
    if icon.isNull():
        icon.addFile(str(folder / "optstudio.svg"))
    return icon


def render_pngs(folder: Path | None = None) -> list[Path]:
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    folder = folder or CHECKOUT / "icons"
    renderer = QSvgRenderer(str(folder / "optstudio.svg"))
    written = []
    for size in PNG_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        path = folder / f"optstudio-{size}.png"
        image.save(str(path))
        written.append(path)
    return written


if __name__ == "__main__":
    for path in render_pngs():
        print(path)
