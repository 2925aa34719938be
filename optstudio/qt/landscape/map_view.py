"""The landscape map: filled contours with contour lines, a colour bar, paths and markers.

The grid is evaluated by the jitted engine at the resolution of the current view, again after
every zoom or pan (debounced). Wide value ranges (Rosenbrock's 0 to 2500) are coloured on a log
scale of the gap to the lowest value, so the valley floor is visible at all.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsItem
from superqt.utils import qdebounced, thread_worker

from ...engine.losses import Loss
from ...live.snapshots import Snapshot
from ..shared.axes import cache_axes, plain_numbers
from ..shared.themes import DARK, Theme, landscape_colormap, style_plot_item
from .contour_lines import contour_segments
from .legend_place import MARGIN_PX, MovableLegend, emptiest_corner, sampled

GRID_RESOLUTION = 320
CONTOUR_LEVELS = 14
LOG_RATIO = 1e3


@dataclass(frozen=True)
class Landscape:
    """What the map draws of a loss over a view: values ready for colouring and contours."""

    shown: np.ndarray
    bounds: tuple[float, float, float, float]
    low: float
    high: float
    log_colour: bool
    contours: tuple[np.ndarray, np.ndarray]
    """The contour lines, as x and y of point pairs in the image's pixels (`contour_segments`)."""


def landscape(loss: Loss, bounds: tuple[float, float, float, float]) -> Landscape | None:
    """The loss on a grid over `bounds`; a log scale of the gap to the lowest value where the
    range is wide; its contour lines. Runs in a worker thread (the jitted grid releases no Qt
    objects), so that nothing of it holds the window's frames."""
    x0, x1, y0, y1 = bounds
    values = loss.grid(np.linspace(x0, x1, GRID_RESOLUTION), np.linspace(y0, y1, GRID_RESOLUTION))
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return None
    low, high = float(finite.min()), float(finite.max())
    log_colour = loss.spec.log_colour or (
        high - low > LOG_RATIO * max(abs(float(np.median(finite)) - low), 1e-12)
    )
    shown = np.log10(values - low + 1e-12 * max(1.0, high - low)) if log_colour else values
    ok = np.isfinite(shown)
    shown = np.where(ok, shown, np.max(shown[ok]))
    lo, hi = float(np.min(shown)), float(np.max(shown))
    hi = hi if hi > lo else lo + 1.0
    contours = contour_segments(shown, np.linspace(lo, hi, CONTOUR_LEVELS + 2)[1:-1])
    return Landscape(shown, bounds, lo, hi, log_colour, contours)


def _numbered_landscape(
    request: int, loss: Loss, bounds: tuple[float, float, float, float]
) -> tuple[int, Landscape | None]:
    return request, landscape(loss, bounds)


class MapView(pg.PlotWidget):
    """Emits `start_changed(x, y)` when the user clicks the map or drags the start marker."""

    start_changed = Signal(float, float)

    def __init__(self, parent=None) -> None:
        super().__init__(parent, background="#101418")
        self.setAspectLocked(False)
        self.showGrid(x=False, y=False)
        self.setLabel("bottom", "x")
        self.setLabel("left", "y")
        cache_axes(self.getPlotItem())
        self._loss: Loss | None = None
        self._log_colour = False
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.image.setZValue(-20)
        self.addItem(self.image)
        self.colour_bar = pg.ColorBarItem(
            colorMap=pg.colormap.get("viridis"), interactive=False, width=14
        )
        self.colour_bar.setImageItem(self.image, insert_in=self.getPlotItem())
        plain_numbers(self.getPlotItem(), self.colour_bar)
        self.contours = pg.PlotCurveItem(connect="pairs", skipFiniteCheck=True)
        """Every contour line, one path of point pairs in the image's pixels."""
        self.contours.setParentItem(self.image)
        # Redrawn from a cached pixmap when paths move over it, not segment by segment.
        self.contours.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self._set_contour_colour(DARK)
        self.minima = pg.ScatterPlotItem(
            symbol="star", size=16, brush=pg.mkBrush("#ff5050"), pen=pg.mkPen("w", width=1)
        )
        self.minima.setZValue(5)
        self.addItem(self.minima)
        self.start_marker = pg.TargetItem(
            pos=(0, 0), size=14, symbol="o", pen=pg.mkPen("w", width=2), movable=True
        )
        self.start_marker.setZValue(10)
        self.addItem(self.start_marker)
        self.start_marker.sigPositionChangeFinished.connect(self._marker_moved)
        self._paths: dict[int, pg.PlotDataItem] = {}
        self.heads = pg.ScatterPlotItem(size=13, pen=pg.mkPen("k", width=1.5))
        self.heads.setZValue(8)
        self.addItem(self.heads)
        self._brushes: dict[str, object] = {}
        self.legend = MovableLegend(
            offset=(12, 12), labelTextColor="#e8e8e8", brush=pg.mkBrush(16, 20, 24, 200)
        )
        self.legend.setParentItem(self.getPlotItem().vb)
        self._legend_corner = (0, 0)
        self._legend_labels: tuple[tuple[int, str], ...] = ()
        self._legend_names: dict[int, str] = {}
        """Each run's name alone: the legend's labels where the map is too narrow for its
        hyperparameters (at 1024 px across the legend ran past the map's right edge)."""
        self._legend_short = False
        self._full_legend_width = 0.0
        self._looks: dict[int, tuple[str, bool]] = {}
        self._drawn: dict[int, Snapshot] = {}
        """The snapshot each path shows: a snapshot the engine did not replace is not set again."""
        self.line_width = 2.5
        self.scene().sigMouseClicked.connect(self._clicked)
        self.getViewBox().sigRangeChangedManually.connect(self._range_changed)
        self.getViewBox().sigResized.connect(self._resized)
        self.message = pg.TextItem("", color="#dddddd", anchor=(0.5, 0.5))
        self.addItem(self.message, ignoreBounds=True)
        self.grid_ready = False
        self._grid_requests = 0
        self._grid_answered = 0
        self._asked_range: tuple[float, float, float, float] | None = None
        self._answered_range: tuple[float, float, float, float] | None = None
        """The view ranges the latest landscape was asked for, and the latest answered one."""
        self.theme = DARK

    def apply_theme(self, theme: Theme) -> None:
        """Background, axes, legend, contour lines and the landscape's colours."""
        self.theme = theme
        self.setBackground(theme.plot_background)
        style_plot_item(self.getPlotItem(), theme)
        self.colour_bar.axis.setPen(pg.mkPen(theme.plot_foreground))
        self.colour_bar.axis.setTextPen(pg.mkPen(theme.plot_foreground))
        self.colour_bar.setColorMap(landscape_colormap(theme))
        self.legend.setBrush(pg.mkBrush(*theme.legend_background))
        self.legend.setLabelTextColor(theme.legend_text)
        self.set_legend_again()
        self._set_contour_colour(theme)

    def _set_contour_colour(self, theme: Theme) -> None:
        """The theme's contour colour, its transparency the whole item's: the lines are drawn
        opaque into the item's cache, which is then laid over the landscape at the theme's
        opacity. A see-through pen painted twice where two segments meet, so every line
        showed a bright dot at each grid cell (a scenario's thumbnail, all contours, came
        out with a mean difference of 4 in 255)."""
        red, green, blue, alpha = theme.contour
        self.contours.setPen(pg.mkPen(QColor(red, green, blue), width=1))
        self.contours.setOpacity(alpha / 255)

    def set_legend_again(self) -> None:
        """Rebuild the legend's labels (after a change of their size or colour)."""
        labels = dict(self._legend_labels)
        self._legend_labels = ()
        self.set_legend(labels, self._legend_names)

    # ----- landscape -----
    def set_loss(
        self, loss: Loss, start: tuple[float, float], *, reset_view: bool, evaluate: bool = True
    ) -> None:
        """Show a loss: its start and minima, its view window, and (unless `evaluate` is
        False, for a caller that evaluates later) its landscape."""
        self._loss = loss
        xmin, xmax, ymin, ymax = loss.spec.view
        self.start_marker.setPos(QPointF(*start))
        points = [p.point for p in loss.minima]
        self.minima.setData(pos=points) if points else self.minima.clear()
        if reset_view:
            self.getViewBox().setRange(xRange=(xmin, xmax), yRange=(ymin, ymax), padding=0)
        self.place_legend()
        if evaluate:
            self.evaluate_grid()

    def set_start(self, start: tuple[float, float]) -> None:
        self.start_marker.setPos(QPointF(*start))
        self.place_legend()

    def place_legend(self) -> None:
        """Move the legend to the corner that covers least of the start, the minima and the
        paths (unless the user dragged it: then it stays where they put it)."""
        legend, view = self.legend, self.getViewBox()
        if legend.placed_by_user or not self._legend_labels or view.width() <= 0:
            return
        (x0, x1), (y0, y1) = view.viewRange()
        fraction = (
            (legend.width() + 2 * MARGIN_PX) / view.width(),
            (legend.height() + 2 * MARGIN_PX) / view.height(),
        )
        start = self.start_marker.pos()
        important = [(start.x(), start.y())]
        if self._loss is not None:
            important += [p.point for p in self._loss.minima]
        paths = sampled(np.column_stack(item.getData()) for item in self._paths.values())
        corner = emptiest_corner(paths, (x0, x1, y0, y1), fraction, np.array(important))
        if corner != self._legend_corner:
            self._legend_corner = corner
            legend.move_to(corner)

    def evaluate_grid(self) -> None:
        """Evaluate the loss over the visible range in a worker thread, then redraw colours
        and contour lines. The first evaluation compiles the grid kernel; the window stays
        live meanwhile and says so."""
        if self._loss is None:
            return
        (x0, x1), (y0, y1) = self.getViewBox().viewRange()
        self._grid_requests += 1
        request = self._grid_requests
        self._asked_range = (x0, x1, y0, y1)
        if not self.grid_ready:
            self.message.setText(self.tr("Computing the landscape…"))
            self.message.setPos((x0 + x1) / 2, (y0 + y1) / 2)
        worker = thread_worker(_numbered_landscape, start_thread=False)(
            request, self._loss, (x0, x1, y0, y1)
        )
        # A bound method: Qt drops the connection if the map is gone before the result.
        worker.returned.connect(self._show_landscape)
        worker.start()

    def grid_current(self) -> bool:
        """Whether the landscape shown is the one for the view shown: the last one asked for
        has been answered, for the range on screen now (a figure taken before would show
        the previous view's colours, or a zoom's not yet asked for)."""
        (x0, x1), (y0, y1) = self.getViewBox().viewRange()
        shown = (x0, x1, y0, y1)
        return self._grid_answered >= self._grid_requests and self._answered_range == shown

    def _show_landscape(self, numbered: tuple[int, Landscape | None]) -> None:
        request, result = numbered
        self._grid_answered = max(self._grid_answered, request)
        if request != self._grid_requests:
            return  # a newer view was asked for meanwhile
        self._answered_range = self._asked_range
        if result is None:
            return  # nothing is finite here
        x0, x1, y0, y1 = result.bounds
        self._log_colour = result.log_colour
        self.image.setImage(result.shown, autoLevels=False)
        self.image.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))
        self.colour_bar.setLevels((result.low, result.high))
        self.colour_bar.axis.setLabel(self.tr("log₁₀(f − min)") if result.log_colour else "f")
        self.contours.setData(*result.contours)
        self.grid_ready = True
        self.message.setText("")

    @qdebounced(timeout=120)
    def _range_changed(self, *_args) -> None:
        self.evaluate_grid()
        self.place_legend()

    # ----- paths -----
    def update_paths(
        self, snapshots: dict[int, Snapshot], colours: dict[int, str], visible: dict[int, bool]
    ) -> None:
        for run_id in list(self._paths):
            if run_id not in snapshots:
                self.removeItem(self._paths.pop(run_id))
                self._looks.pop(run_id, None)
                self._drawn.pop(run_id, None)
        heads, brushes, symbols = [], [], []
        for run_id, snap in snapshots.items():
            if run_id not in self._paths:
                self._paths[run_id] = self.plot([], [], antialias=False, skipFiniteCheck=True)
            path = self._paths[run_id]
            colour = colours.get(run_id, "#ffffff")
            shown = visible.get(run_id, True) and len(snap.path) > 0
            path.setVisible(shown)
            if not shown:
                continue
            look = (colour, snap.status == "diverged")
            if self._looks.get(run_id) != look:
                self._looks[run_id] = look
                style = Qt.PenStyle.DashLine if look[1] else Qt.PenStyle.SolidLine
                path.setPen(pg.mkPen(colour, width=self.line_width, style=style))
            if self._drawn.get(run_id) is not snap:  # a run that did not move costs nothing
                self._drawn[run_id] = snap
                path.setData(snap.path[:, 0], snap.path[:, 1], connect=snap.connect())
            heads.append(snap.path[-1])
            brushes.append(self._brush(colour))
            symbols.append("x" if look[1] else "o")
        # Every run's current point in one item: one update a frame, not one per run.
        if heads:
            self.heads.setData(pos=heads, brush=brushes, symbol=symbols)
        else:
            self.heads.clear()

    def set_line_width(self, width: float) -> None:
        """Path width (thicker in the presentation view); pens are rebuilt on the next frame."""
        self.line_width = width
        self._looks.clear()

    def set_legend(self, labels: dict[int, str], names: dict[int, str] | None = None) -> None:
        """Each visible run's colour, name and key hyperparameters (also in exported figures);
        `names` alone where the map is too narrow for them."""
        wanted = tuple((run_id, text) for run_id, text in labels.items() if run_id in self._paths)
        if wanted == self._legend_labels and (names or {}) == self._legend_names:
            return
        self._legend_labels, self._legend_names = wanted, dict(names or {})
        self._fill_legend(short=False)
        self._full_legend_width = self.legend.width()
        self._legend_short = False
        self._fit_legend()
        self.place_legend()

    def _fill_legend(self, short: bool) -> None:
        self.legend.clear()
        for run_id, text in self._legend_labels:
            shown = self._legend_names.get(run_id, text) if short else text
            self.legend.addItem(self._paths[run_id], shown)

    def _fit_legend(self) -> None:
        """Names alone in the legend while the whole labels are wider than the map."""
        width = self.getViewBox().width()
        short = bool(self._legend_names) and self._full_legend_width + 2 * MARGIN_PX > width > 0
        if short != self._legend_short:
            self._legend_short = short
            self._fill_legend(short)

    @qdebounced(timeout=120)
    def _resized(self, *_args) -> None:
        if self._legend_labels:
            self._fit_legend()
            self.place_legend()

    def _brush(self, colour: str):
        if colour not in self._brushes:
            self._brushes[colour] = pg.mkBrush(colour)
        return self._brushes[colour]

    def path_items(self) -> dict[int, pg.PlotDataItem]:
        return self._paths

    # ----- start point -----
    def _marker_moved(self) -> None:
        pos = self.start_marker.pos()
        self.start_changed.emit(float(pos.x()), float(pos.y()))

    def _clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton or event.isAccepted():
            return
        point = self.getViewBox().mapSceneToView(event.scenePos())
        if not self.getViewBox().sceneBoundingRect().contains(event.scenePos()):
            return
        if self.legend.isVisible() and self.legend.sceneBoundingRect().contains(event.scenePos()):
            return  # a press on the legend grabs the legend, it does not move the start
        x, y = float(point.x()), float(point.y())
        if math.isfinite(x) and math.isfinite(y):
            self.start_marker.setPos(QPointF(x, y))
            self.start_changed.emit(x, y)
