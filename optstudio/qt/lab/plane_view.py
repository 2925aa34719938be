"""The network's loss landscape: the training loss over a plane through its parameters, with
every run's path projected onto it (Li et al. 2018; `optstudio.landscape_plane`), as a map and
as a 3-D surface.

The plane is computed in the lab's drawing process from the parameters the engine records,
again every few seconds while the runs go on, never in the window's process; these views only
draw it.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ...engine.models.plane import Plane
from ..shared.axes import plain_numbers
from ..shared.surface_view import OpenGLHost, path_segments
from ..shared.themes import Theme, landscape_colormap, style_plot_item

FLOOR = 1e-12
SURFACE_HEIGHT = 0.5


def shown_loss(plane: Plane) -> np.ndarray:
    """log10 of the loss over the plane (the map's colour and the surface's height)."""
    return np.log10(np.maximum(np.nan_to_num(plane.loss, nan=np.inf, posinf=1e300), FLOOR))


class PlaneView(QWidget):
    method_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.method = QComboBox()
        self.method.addItem(self.tr("Principal components of the paths"), "pca")
        self.method.addItem(self.tr("Random directions (filter-normalised)"), "random")
        self.method.activated.connect(lambda _: self.method_changed.emit(self.method.currentData()))
        top.addWidget(QLabel(self.tr("plane")))
        top.addWidget(self.method)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        top.addWidget(self.caption, 1)
        layout.addLayout(top)
        self.plot = pg.PlotWidget()
        self.plot.figure_title = self.caption.text  # an exported figure says which plane
        self.plot.setMenuEnabled(False)
        self.plot.setLabel("bottom", self.tr("direction 1"))
        self.plot.setLabel("left", self.tr("direction 2"))
        self.image = pg.ImageItem(axisOrder="row-major")
        self.plot.addItem(self.image)
        self.bar = pg.ColorBarItem(values=(0, 1), width=14, interactive=False)
        self.bar.setImageItem(self.image, insert_in=self.plot.getPlotItem())
        self.bar.axis.setLabel(self.tr("log₁₀ training loss"))
        plain_numbers(self.plot.getPlotItem(), self.bar)
        layout.addWidget(self.plot, 1)
        self._paths: dict[int, tuple[pg.PlotDataItem, pg.ScatterPlotItem]] = {}
        self.plane: Plane | None = None
        """The plane drawn now (what tests compare with the API's)."""
        self.run_ids: list[int] = []
        self._theme: Theme | None = None
        self.clear()

    def clear(self) -> None:
        """Nothing of a previous study: no plane, no paths, until this study's is computed."""
        self.plane, self.run_ids = None, []
        self.image.clear()
        for items in self._paths.values():
            for item in items:
                self.plot.removeItem(item)
        self._paths.clear()
        self.caption.setText(self.tr("The plane is computed once the runs have taken steps."))

    @property
    def method_name(self) -> str:
        return str(self.method.currentData())

    def show_plane(self, plane: Plane, run_ids: list[int], colours: dict[int, str]) -> None:
        self.plane, self.run_ids = plane, list(run_ids)
        values = shown_loss(plane)
        finite = values[np.isfinite(values)]
        low = float(finite.min()) if finite.size else 0.0
        high = float(finite.max()) if finite.size else 1.0
        self.image.setImage(values, autoLevels=False, levels=(low, max(high, low + 1e-9)))
        if self._theme is not None:
            self.bar.setColorMap(landscape_colormap(self._theme))
        self.bar.setLevels((low, max(high, low + 1e-9)))
        a, b = plane.alpha, plane.beta
        self.image.setRect(pg.QtCore.QRectF(a[0], b[0], a[-1] - a[0], b[-1] - b[0]))
        for run_id in list(self._paths):
            if run_id not in run_ids:
                for item in self._paths.pop(run_id):
                    self.plot.removeItem(item)
        for run_id, path in zip(run_ids, plane.paths, strict=True):
            if run_id not in self._paths:
                line = self.plot.plot()
                ends = pg.ScatterPlotItem(size=9)
                self.plot.addItem(ends)
                self._paths[run_id] = (line, ends)
            line, ends = self._paths[run_id]
            colour = colours.get(run_id, "#ffffff")
            line.setData(path[:, 0], path[:, 1], pen=pg.mkPen(colour, width=2.5))
            line.setVisible(True)
            ends.setVisible(True)
            ends.setData(
                pos=path[[0, -1]],
                brush=[pg.mkBrush("#ffffff"), pg.mkBrush(colour)],
                pen=pg.mkPen("#000000"),
                symbol=["o", "star"],
            )
        self.plot.setRange(xRange=(a[0], a[-1]), yRange=(b[0], b[-1]), padding=0.01)
        if plane.method == "pca" and math.isfinite(plane.explained):
            self.caption.setText(
                self.tr(
                    "The plane explains {0:.1%} of the paths' variance (principal components "
                    "of the paths centred on their mean, as Li et al.)."
                ).format(plane.explained)
            )
        else:
            self.caption.setText(self.tr("Two random directions through the first run's end."))

    def keep_runs(self, run_ids: set[int]) -> None:
        """Hide the paths of runs removed or hidden since the plane was computed (the plane
        itself stays until the next is computed without them)."""
        for run_id, items in self._paths.items():
            for item in items:
                item.setVisible(run_id in run_ids)

    def shown_runs(self) -> set[int]:
        """The runs whose paths are drawn now."""
        return {k for k, (line, _) in self._paths.items() if line.isVisible()}

    def apply_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.plot.setBackground(theme.plot_background)
        style_plot_item(self.plot.getPlotItem(), theme)
        self.bar.setColorMap(landscape_colormap(theme))


class PlaneSurfaceView(OpenGLHost):
    """The same plane as a 3-D surface, with the paths lying on it (OpenGL, built on first
    use; where there is none, a message says so and the map shows the plane)."""

    camera_distance = 1.8

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message.setText(self.tr("The 3-D plane appears once the plane is computed."))
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._items: list = []
        self._pending: tuple | None = None

    def unavailable_text(self, problem: str) -> str:
        return self.tr("The 3-D view is not available here: {0}.").format(problem)

    def _built(self) -> None:
        if self._pending is not None:
            self.show_plane(*self._pending)

    def clear(self) -> None:
        """Nothing of a previous study until this study's plane is computed."""
        self._pending = None
        if self.view is not None:
            for item in [*self._items, *self._frame_items]:
                self.view.removeItem(item)
        self._items.clear()
        self._frame_items.clear()
        self.legend.hide()

    def show_plane(
        self,
        plane: Plane,
        run_ids: list[int],
        colours: dict[int, str],
        names: dict[int, str] | None = None,
    ) -> None:
        self._pending = (plane, run_ids, colours, names)
        if self.view is None:
            return
        import pyqtgraph.opengl as gl

        for item in self._items:
            self.view.removeItem(item)
        self._items.clear()
        values = shown_loss(plane)
        finite = values[np.isfinite(values)]
        low = float(finite.min()) if finite.size else 0.0
        high = float(finite.max()) if finite.size else 1.0
        span = max(high - low, 1e-9)
        heights = SURFACE_HEIGHT * (np.nan_to_num(values, nan=high, posinf=high) - low) / span
        a, b = plane.alpha, plane.beta

        def place(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            return (x - a[0]) / (a[-1] - a[0]) - 0.5, (y - b[0]) / (b[-1] - b[0]) - 0.5

        px, py = place(a, b)
        colours_grid = pg.colormap.get("viridis").map(
            (heights.T / SURFACE_HEIGHT).ravel(), mode="float"
        )
        surface = gl.GLSurfacePlotItem(
            x=px, y=py, z=heights.T, colors=colours_grid.reshape(-1, 4), smooth=False
        )
        self.view.addItem(surface)
        self._items.append(surface)
        self.draw_frame(
            (float(a[0]), float(a[-1]), "α"),
            (float(b[0]), float(b[-1]), "β"),
            (10**low, 10**high, self.tr("loss (log scale)")),
            SURFACE_HEIGHT,
        )
        self.show_legend({k: (names or {}).get(k, str(k)) for k in run_ids}, colours)
        for run_id, path in zip(run_ids, plane.paths, strict=True):
            # each point lifted to the surface's height at the nearest grid point
            i = np.clip(np.searchsorted(b, path[:, 1]), 0, len(b) - 1)
            j = np.clip(np.searchsorted(a, path[:, 0]), 0, len(a) - 1)
            x, y = place(path[:, 0], path[:, 1])
            points = np.column_stack([x, y, heights[i, j] + 0.01])
            line = gl.GLLinePlotItem(width=3, antialias=True)
            line.setData(
                pos=path_segments(points, None),
                mode="lines",
                color=pg.mkColor(colours.get(run_id, "#ffffff")).getRgbF(),
            )
            self.view.addItem(line)
            self._items.append(line)
