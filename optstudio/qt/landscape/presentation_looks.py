"""The landscape window's plots at the presentation view's size, or back: text, lines, legends
and the colour bar (`Presentation` calls the window's `restyle`)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QFont

from ..lecture.presentation import COLOUR_BAR_AXIS_WIDTH, NORMAL_LEGEND_POINT_SIZE


def restyle_landscape(
    window: Any,
    font: QFont,
    presenting: bool,
    path_width: float,
    curve_width: float,
    legend_size: int,
) -> None:
    """Fonts, line widths and legend sizes of the map, curves, data view, step arrows and
    theory overlay."""
    point_size = font.pointSize()
    # the curves' labels run along plots a few hundred pixels high: at the projector's
    # size they ran into one another, so they stay smaller than the ticks there
    label_font = QFont(font)
    if presenting:
        label_font.setPointSize(max(point_size - 6, NORMAL_LEGEND_POINT_SIZE))
    for plot in [window.map.getPlotItem(), *window.curves.plots(), window.data_view.getPlotItem()]:
        for name in ("left", "bottom"):
            axis = plot.getAxis(name)
            axis.setStyle(tickFont=font)
            small = plot is not window.map.getPlotItem()
            axis.label.setFont(label_font if small else font)
    window.data_view.set_title_size(label_font.pointSize() if presenting else 9)
    window.map.colour_bar.axis.setStyle(tickFont=font)
    window.map.set_line_width(path_width)
    window.curves.set_line_width(curve_width)
    window.map.legend.setLabelTextSize(f"{legend_size}pt")
    window.map.set_legend_again()
    window.explainer.panel.setStyleSheet(f"font-size: {point_size - 4}pt;" if presenting else "")
    window.explainer.arrows.set_width(
        path_width, legend_size - 2 if presenting else NORMAL_LEGEND_POINT_SIZE
    )
    window.explainer.redraw()  # its colours are the runs' colours of this view
    window.theory.set_label_size(legend_size)
    window.map.colour_bar.axis.label.setFont(font)
    # pyqtgraph gives the colour bar's axis 45 px for its ticks: at a projector's font size
    # the ticks spill into the axis label, so there the width follows the ticks' text.
    window.map.colour_bar.axis.setWidth(None if presenting else COLOUR_BAR_AXIS_WIDTH)
