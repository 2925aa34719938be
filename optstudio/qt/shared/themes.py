"""Light and dark themes, and the high-contrast look of the presentation view.

The theme follows the desktop's colour scheme unless the user picks one in the View menu. The
plots carry their own colours (pyqtgraph does not read Qt's palette), so a theme is applied to
both: Qt's palette for the widgets, and background, axes, legend and landscape for the plots.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication


@dataclass(frozen=True)
class Theme:
    name: str
    dark_widgets: bool
    plot_background: str
    plot_foreground: str
    contour: tuple[int, int, int, int]
    landscape: str
    """A pyqtgraph colormap name, or "grey" for the projector's dark greyscale."""
    legend_background: tuple[int, int, int, int]
    legend_text: str


DARK = Theme(
    "dark", True, "#101418", "#c8c8c8", (255, 255, 255, 90), "viridis", (16, 20, 24, 200), "#e8e8e8"
)
LIGHT = Theme(
    "light",
    False,
    "#ffffff",
    "#303030",
    (255, 255, 255, 110),
    "viridis",
    (255, 255, 255, 215),
    "#202020",
)
HIGH_CONTRAST = Theme(
    "high contrast",
    True,
    "#000000",
    "#ffffff",
    (255, 255, 255, 70),
    "grey",
    (0, 0, 0, 225),
    "#ffffff",
)
THEMES = {"light": LIGHT, "dark": DARK}


def landscape_colormap(theme: Theme) -> pg.ColorMap:
    if theme.landscape == "grey":
        return pg.ColorMap(np.array([0.0, 1.0]), np.array([[8, 8, 8], [120, 120, 120]]))
    return pg.colormap.get(theme.landscape)


def system_theme() -> Theme:
    """The desktop's colour scheme (Qt 6.5 and later); light when it cannot tell."""
    hints = QGuiApplication.styleHints()
    scheme = getattr(hints, "colorScheme", lambda: Qt.ColorScheme.Unknown)()
    return DARK if scheme == Qt.ColorScheme.Dark else LIGHT


def chosen_theme(choice: str) -> Theme:
    """The theme for a menu choice: "system", "light" or "dark"."""
    return THEMES.get(choice) or system_theme()


def dark_palette() -> QPalette:
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#1e2226",
        QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#30363c",
        QPalette.ColorRole.AlternateBase: "#383e44",
        QPalette.ColorRole.ToolTipBase: "#2b3035",
        QPalette.ColorRole.ToolTipText: "#f0f0f0",
        QPalette.ColorRole.Text: "#e6e6e6",
        QPalette.ColorRole.Button: "#2a2f34",
        QPalette.ColorRole.ButtonText: "#e6e6e6",
        QPalette.ColorRole.BrightText: "#ff5050",
        QPalette.ColorRole.Highlight: "#2f7bd1",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#6cb4ff",
        QPalette.ColorRole.PlaceholderText: "#8a8f94",
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#70757a"))
    return palette


def apply_widget_theme(theme: Theme) -> None:
    """Qt's widgets: the Fusion style with a dark palette, or the style's own light one."""
    app = QApplication.instance()
    if app is None:
        return
    # Setting a style or a palette polishes every widget of every window again: only a change
    # is applied (a new window, or a window of the other kind, applies the theme it already has).
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    palette = dark_palette() if theme.dark_widgets else app.style().standardPalette()
    if app.palette() != palette:
        app.setPalette(palette)


def style_plot_item(plot: pg.PlotItem, theme: Theme) -> None:
    for name in ("left", "bottom", "right", "top"):
        axis = plot.getAxis(name)
        axis.setPen(pg.mkPen(theme.plot_foreground))
        axis.setTextPen(pg.mkPen(theme.plot_foreground))
