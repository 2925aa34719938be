"""The selected run's network as TensorFlow Playground draws it (`src/playground.ts`): a column
of units a layer, the input features on the left and the output on the right, each unit a small
map of what it computes over the input plane, and links whose colour is a weight's sign (blue
positive, orange negative) and whose width is its size. Hovering a unit shows its map large
below the network, in the output's place; a click keeps it there. For data with no plane
(digits), the first layer's units show their weights, 8 x 8 for digits: what each unit looks for.

The maps are computed in the lab's drawing process (`engine.models.unit_maps`, with the
boundaries); this view colours them into one image and draws the links, so a frame costs a
few milliseconds even for six layers of 64 units.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ...engine.models.unit_maps import UnitMaps
from ..shared.themes import Theme, style_plot_item
from .colours import verdict_colormap
from .titled_view import TitledView

GAP = 1.5
GRID = 8
"""Weight images a row, for data with no plane."""
"""The room for links between two columns, in maps' widths."""
ROW = 1.25
"""A unit's height with the space below it, in maps' widths."""
MAX_LINKS = 256
"""The strongest links of each layer drawn (6 layers of 64 units have 20,480 links)."""
WIDTHS = (0.6, 1.2, 2.0, 3.0)
"""Pen widths of the links, weakest to strongest quarter of the layer's largest weight (the
weaker also fainter, so that the strong links read through a dense layer)."""
ALPHAS = (70, 120, 180, 255)
POSITIVE, NEGATIVE = "#0877bd", "#f59322"


def diverging(values: np.ndarray, scale: float, lut: np.ndarray) -> np.ndarray:
    """RGBA of values on the orange-white-blue scale, -scale orange, 0 white, +scale blue."""
    t = 0.5 if scale <= 0 else np.clip(0.5 + 0.5 * values / scale, 0.0, 1.0)
    index = np.rint(np.asarray(t) * (len(lut) - 1)).astype(np.int64)
    return lut[np.broadcast_to(index, values.shape)]


def _scale(values: np.ndarray) -> float:
    finite = np.abs(values[np.isfinite(values)])
    return float(finite.max()) if finite.size else 0.0


class NetworkView(TitledView):
    unit_picked = Signal(int, int)
    """(column, unit): a unit clicked, whose map stays large."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QVBoxLayout()  # the network above, the unit large below it (both wide)
        self.column.addLayout(row, 1)
        self.graphics = pg.GraphicsLayoutWidget()
        self.box = self.graphics.addViewBox()
        self.box.setAspectLocked(True)
        self.box.invertY(True)
        self.box.setMenuEnabled(False)
        self.box.setMouseEnabled(False, False)
        self.box.disableAutoRange()
        self.mosaic = pg.ImageItem(axisOrder="row-major")
        self.box.addItem(self.mosaic)
        self.links: dict[tuple[bool, int], pg.PlotDataItem] = {}
        for positive in (True, False):
            for width_class, width in enumerate(WIDTHS):
                colour = pg.mkColor(POSITIVE if positive else NEGATIVE)
                colour.setAlpha(ALPHAS[width_class])
                pen = pg.mkPen(colour, width=width)
                item = pg.PlotDataItem(connect="pairs", pen=pen)
                item.setZValue(-1)
                self.box.addItem(item)
                self.links[(positive, width_class)] = item
        self.headers: list[pg.TextItem] = []
        row.addWidget(self.graphics, 3)
        self.detail = pg.PlotWidget()
        self.detail.setAspectLocked(True)
        self.detail.setMenuEnabled(False)
        self.detail_image = pg.ImageItem(axisOrder="row-major")
        self.detail.addItem(self.detail_image)
        self.detail.setLabel("bottom", "x₁")
        self.detail.setLabel("left", "x₂")
        row.addWidget(self.detail, 2)
        self.detail.setMinimumHeight(160)
        self.maps: UnitMaps | None = None
        """The maps drawn now (what the tests compare with a forward pass of their own)."""
        self.run_id: int | None = None
        self.step = 0
        """The run and the step the maps are of."""
        self.picked: tuple[int, int] | None = None
        """The unit clicked, shown large; None: the hovered unit, else the output."""
        self.shown_unit: tuple[int, int] | None = None
        """The unit whose map is large now."""
        self._places: list[list[tuple[float, float]]] = []
        self._sizes: tuple = ()
        self._header_font = None
        self._scales: list[float] = []
        self._lut = verdict_colormap().getLookupTable(nPts=256, alpha=True)
        self._dark = False
        self._run_text = ""
        self.graphics.scene().sigMouseMoved.connect(self._hovered)
        self.graphics.scene().sigMouseClicked.connect(self._clicked)
        self.clear()

    # ----- what is shown -----
    def clear(self) -> None:
        self.maps = None
        self.run_id = None
        self.shown_unit = None
        self.mosaic.clear()
        self.detail_image.clear()
        for item in self.links.values():
            item.setData([], [])
        for header in self.headers:
            self.box.removeItem(header)
        self.headers = []
        self._places = []
        self._sizes = ()
        self.title.setText(self.tr("The network appears once a run has a step."))

    def show_units(self, maps: UnitMaps | None, run_id: int | None, name: str, step: int) -> None:
        """The network of run `name` at `step` (the step its parameters were recorded at)."""
        if maps is None:
            self.clear()
            return
        self.maps = maps
        self.run_id, self.step = run_id, step
        sizes = [len(maps.features), *(len(b) for b in maps.biases)]
        kinds = ", ".join(maps.activations) if len(set(maps.activations)) > 1 else ""
        shape = "-".join(map(str, sizes)) + (f" ({kinds})" if kinds else "")
        self._run_text = self.tr("{0} at step {1}: {2}").format(name, f"{step:,}", shape)
        self._layout(sizes, plane=maps.inputs is not None)
        self._draw_maps(maps, sizes)
        self._draw_links(maps)
        self._show_detail(self.picked)

    def _layout(self, sizes: list[int], plane: bool) -> None:
        """Where each unit's map goes: a column a layer, centred on one line; with no plane,
        the first layer's weight images in rows of GRID (laid out again only when the
        network's shape changed: a frame only recolours and relinks)."""
        if (sizes, plane) == self._sizes:
            return
        self._sizes = (list(sizes), plane)
        tallest = max(sizes)
        if plane:
            self._places = [
                [(c * (1.0 + GAP), (tallest - n) * ROW / 2 + i * ROW) for i in range(n)]
                for c, n in enumerate(sizes)
            ]
            headers = [(self.tr("inputs"), 0.5)]
            headers += [
                (self.tr("layer {0}").format(c), c * (1.0 + GAP) + 0.5)
                for c in range(1, len(sizes) - 1)
            ]
            headers.append((self.tr("output"), (len(sizes) - 1) * (1.0 + GAP) + 0.5))
        else:
            grid = [(i % GRID * ROW, i // GRID * ROW) for i in range(sizes[1])]
            self._places = [[], grid, *[[] for _ in sizes[2:]]]
            text = self.tr("layer 1: what each unit looks for (its weights)")
            headers = [(text, min(sizes[1], GRID) * ROW / 2)]
        for header in self.headers:
            self.box.removeItem(header)
        self.headers = []
        for text, x in headers:
            item = pg.TextItem(text, anchor=(0.5, 1.0), color=self._text_colour())
            if self._header_font is not None:
                item.setFont(self._header_font)
            item.setPos(x, -0.1)
            self.box.addItem(item)
            self.headers.append(item)
        width, height = self._extent()
        self.box.setRange(xRange=(-0.2, width + 0.2), yRange=(-0.8, height + 0.2), padding=0)

    def _extent(self) -> tuple[float, float]:
        """The width and height the units take, in maps' widths."""
        places = [place for column in self._places for place in column]
        return max(x for x, _ in places) + 1.0, max(y for _, y in places) + 1.0

    def _columns(self, maps: UnitMaps) -> list[np.ndarray | None]:
        """Each column's maps (units, R, R), or None for a column drawn as plain squares."""
        if maps.inputs is not None and maps.hidden is not None and maps.output is not None:
            return [maps.inputs, *maps.hidden, maps.output]
        # no plane: the first layer's units as their weights (8 x 8 for digits)
        first = maps.weights[0]
        side = math.isqrt(first.shape[1])
        images = first.reshape(len(first), side, side) if side * side == first.shape[1] else None
        return [None, images, *[None] * (len(maps.biases) - 1)]

    def _draw_maps(self, maps: UnitMaps, sizes: list[int]) -> None:
        columns = self._columns(maps)
        resolution = next((c.shape[1] for c in columns if c is not None), 8)
        scale = resolution  # pixels a map's width
        extent_x, extent_y = self._extent()
        width, height = round(extent_x * scale), round(extent_y * scale)
        rgba = np.zeros((height, width, 4), dtype=np.uint8)
        self._scales = []
        grey = np.array([160, 160, 160, 255], dtype=np.uint8)
        for c, column in enumerate(columns):
            if column is None:
                self._scales.append(math.nan)
                for x, y in self._places[c]:
                    top, left = round(y * scale), round(x * scale)
                    rgba[top : top + scale, left : left + scale] = grey
                continue
            level = _scale(column)  # a column's largest |value|: a layer's units compare
            self._scales.append(level)
            for (x, y), values in zip(self._places[c], column, strict=False):
                top, left = round(y * scale), round(x * scale)
                painted = self._paint(maps, c, values, level)
                # a map's rows run up x2 (the view's rows run down); a weight image's, down
                upright = painted[::-1] if maps.inputs is not None else painted
                rgba[top : top + scale, left : left + scale] = upright
        self.mosaic.setImage(rgba, autoLevels=False)
        self.mosaic.setRect(pg.QtCore.QRectF(0, 0, width / scale, height / scale))

    def _paint(self, maps: UnitMaps, column: int, values: np.ndarray, level: float) -> np.ndarray:
        is_output = maps.output is not None and column == len(self._places) - 1
        if is_output and maps.task == "binary":  # the logit's probability, 0 to 1
            return diverging(np.tanh(0.5 * values), 1.0, self._lut)  # 2 p - 1 of the sigmoid
        return diverging(values, level, self._lut)

    def _draw_links(self, maps: UnitMaps) -> None:
        """The strongest links of each layer, coloured by sign, thicker when larger."""
        pieces: dict[tuple[bool, int], list[np.ndarray]] = {k: [] for k in self.links}
        for k, w in enumerate(maps.weights):
            if maps.inputs is None:
                break  # no plane: the weight images are the picture, with no links
            largest = float(np.abs(w).max()) if w.size else 0.0
            if largest == 0.0:
                continue
            flat = np.argsort(-np.abs(w), axis=None)[:MAX_LINKS]
            targets, sources = np.divmod(flat, w.shape[1])
            weight = w.ravel()[flat]
            size = np.abs(weight) / largest
            keep = size >= 0.02
            targets, sources, weight, size = targets[keep], sources[keep], weight[keep], size[keep]
            start = np.asarray(self._places[k])[sources] + (1.0, 0.5)
            end = np.asarray(self._places[k + 1])[targets] + (0.0, 0.5)
            ends = np.stack([start, end], axis=1)  # (links, 2 ends, x y)
            width_class = np.minimum((size * len(WIDTHS)).astype(int), len(WIDTHS) - 1)
            for key in self.links:
                chosen = ((weight > 0) == key[0]) & (width_class == key[1])
                pieces[key].append(ends[chosen].reshape(-1, 2))
        for key, item in self.links.items():
            points = np.concatenate(pieces[key]) if pieces[key] else np.zeros((0, 2))
            item.setData(points[:, 0], points[:, 1])

    # ----- a unit large -----
    def _unit_at(self, scene_pos) -> tuple[int, int] | None:
        if not self._places or not self.box.sceneBoundingRect().contains(scene_pos):
            return None
        point = self.box.mapSceneToView(scene_pos)
        for c, column in enumerate(self._places):
            for i, (x, y) in enumerate(column):
                if x <= point.x() <= x + 1.0 and y <= point.y() <= y + 1.0:
                    return c, i
        return None

    def _hovered(self, scene_pos) -> None:
        if self.picked is None:
            self._show_detail(self._unit_at(scene_pos))

    def _clicked(self, event) -> None:
        unit = self._unit_at(event.scenePos())
        self.pick(unit)

    def pick(self, unit: tuple[int, int] | None) -> None:
        """Keep `unit`'s map large (None: back to the output)."""
        self.picked = unit
        self._show_detail(unit)
        if unit is not None:
            self.unit_picked.emit(*unit)

    def default_unit(self) -> tuple[int, int]:
        """The unit shown large when none is hovered or picked: the output, or with no plane
        the first unit's weights."""
        return (len(self._places) - 1, 0) if self.maps and self.maps.inputs is not None else (1, 0)

    def _show_detail(self, unit: tuple[int, int] | None) -> None:
        maps = self.maps
        if maps is None or not self._places:
            return
        if unit is None or unit[0] >= len(self._places) or unit[1] >= len(self._places[unit[0]]):
            unit = self.default_unit()
        columns = self._columns(maps)
        values = columns[unit[0]]
        if values is None:
            self.shown_unit = None
            self.detail_image.clear()
            self.title.setText(self._run_text)
            return
        self.shown_unit = unit
        level = self._scales[unit[0]] if unit[0] < len(self._scales) else _scale(values)
        painted = self._paint(maps, unit[0], values[unit[1]], level)
        self.detail_image.setImage(painted, autoLevels=False)
        if maps.x1 is not None and maps.x2 is not None:
            rect = pg.QtCore.QRectF(
                maps.x1[0], maps.x2[0], maps.x1[-1] - maps.x1[0], maps.x2[-1] - maps.x2[0]
            )
        else:  # a unit's weights, one pixel an input
            rect = pg.QtCore.QRectF(0, 0, values.shape[2], values.shape[1])
        plane = maps.x1 is not None
        self.detail.getViewBox().invertY(not plane)  # an image's rows run down, x2 up
        self.detail.setLabel("bottom", "x₁" if plane else self.tr("pixel column"))
        self.detail.setLabel("left", "x₂" if plane else self.tr("pixel row"))
        self.detail_image.setRect(rect)
        self.detail.setRange(rect, padding=0.02)
        self.title.setText(f"{self._run_text} — {self._unit_name(unit, level)}")

    def _unit_name(self, unit: tuple[int, int], level: float) -> str:
        column, index = unit
        maps = self.maps
        assert maps is not None
        last = len(self._places) - 1
        if column == 0:
            return self.tr("input {0}").format(maps.features[index])
        if column == last:
            if maps.task == "binary":
                return self.tr("output: probability of the blue class")
            if maps.task == "regression":
                return self.tr("output: fitted value, ±{0:.3g}").format(level)
            return self.tr("output {0}, ±{1:.3g}").format(index + 1, level)
        kind = maps.activations[column - 1]
        if maps.inputs is None:
            return self.tr("layer 1, unit {0}: its weights, ±{1:.3g}").format(index + 1, level)
        return self.tr("layer {0}, unit {1} ({2}), ±{3:.3g}").format(column, index + 1, kind, level)

    # ----- looks -----
    def set_header_font(self, font) -> None:
        """The columns' names in the presentation view's size, or back."""
        self._header_font = font
        for header in self.headers:
            header.setFont(font)

    def _text_colour(self) -> str:
        return "#e0e0e0" if self._dark else "#303030"

    def apply_theme(self, theme: Theme) -> None:
        self._dark = theme.dark_widgets
        self._lut = verdict_colormap(self._dark).getLookupTable(nPts=256, alpha=True)
        self.graphics.setBackground(theme.plot_background)
        self.detail.setBackground(theme.plot_background)
        style_plot_item(self.detail.getPlotItem(), theme)
        for header in self.headers:
            header.setColor(self._text_colour())
        if self.maps is not None:
            sizes = [len(self.maps.features), *(len(b) for b in self.maps.biases)]
            self._draw_maps(self.maps, sizes)
            self._show_detail(self.picked)
