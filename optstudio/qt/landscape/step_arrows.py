"""Arrows from a run's current point: the plain gradient step, the momentum term, the update.

All three share one scale, so their lengths compare honestly; when the true step is too small
to see (or too long to fit), the scale is a round factor and the legend says so. For L-BFGS
the points its iterations and line searches evaluated are marked too, numbered in order, at
their true places: a lecture sees where the line search looked.
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFont

from ..shared.screen_only import mark_screen_only

ARROW_COLOURS = {"−lr·g": "#ff6b6b", "momentum": "#4dabf7", "update": "#ffffff"}
VISIBLE_FRACTION = (0.08, 0.6)
"""Arrows are drawn at true length when the longest spans this fraction of the view width."""
TARGET_FRACTION = 0.15
MAX_SCALE = 1e4
"""Beyond this magnification the arrows are not drawn: after convergence the step is ~1e-50
and a "×5e+53" arrow shows rounding noise, not a direction."""
LABEL_GAP_PX = 4
PROBE_COLOUR = "#ffd43b"
"""The probes' colour when no run colour is given."""
PROBE_FILL = (255, 212, 59, 190)
MAX_PROBES = 60
"""The most evaluation points marked (a step may make up to max_eval of them)."""


def round_scale(scale: float) -> float:
    """The nearest 1, 2 or 5 times a power of ten."""
    exponent = math.floor(math.log10(scale))
    mantissa = scale / 10**exponent
    nice = min((1.0, 2.0, 5.0, 10.0), key=lambda m: abs(math.log(mantissa / m)))
    return nice * 10**exponent


def arrow_scale(longest: float, view_width: float) -> float:
    if longest <= 0.0 or not math.isfinite(longest) or view_width <= 0.0:
        return 1.0
    low, high = VISIBLE_FRACTION
    if low * view_width <= longest <= high * view_width:
        return 1.0
    return round_scale(TARGET_FRACTION * view_width / longest)


def _same(a: tuple[float, float], b: tuple[float, float] | None) -> bool:
    if b is None:
        return False
    size = max(math.hypot(*a), math.hypot(*b), 1e-300)
    return math.hypot(a[0] - b[0], a[1] - b[1]) <= 1e-9 * size


class StepArrows:
    def __init__(self, plot: pg.PlotWidget) -> None:
        self.plot = plot
        self.width = 2.5
        self._lines: dict[str, pg.PlotCurveItem] = {}
        self._heads: dict[str, pg.ArrowItem] = {}
        self._labels: dict[str, pg.TextItem] = {}
        self._arrows: list[tuple[str, tuple[float, float]]] = []
        self._origin = (0.0, 0.0)
        self.scale = 1.0
        self.point_size = 9
        self._note: pg.TextItem | None = None
        # yellow with a dark rim: seen on the bright and the dark ends of the colour map
        self.probes = pg.ScatterPlotItem(
            symbol="o", size=9, pen=pg.mkPen("#1a1a1a", width=1.2), brush=pg.mkBrush(PROBE_COLOUR)
        )
        self.probes.setZValue(11)
        plot.addItem(self.probes, ignoreBounds=True)
        self._probe_labels: list[pg.TextItem] = []
        self._cleared = False
        plot.getViewBox().sigRangeChanged.connect(self._redraw)

    def show(
        self,
        origin: tuple[float, float],
        arrows: list[tuple[str, tuple[float, float]]],
        probes: tuple[tuple[float, float], ...] = (),
        colour: str = PROBE_COLOUR,
    ):
        """`probes` are drawn in `colour`, the explained run's, so that they are not taken
        for another run's path."""
        self._origin = origin
        self._cleared = False
        self._show_probes(probes, colour)
        update = dict(arrows).get("update")
        # An arrow equal to the update (plain gradient descent's -lr*g) would hide under it.
        self._arrows = [
            (name, v)
            for name, v in arrows
            if all(map(math.isfinite, v)) and (name == "update" or not _same(v, update))
        ]
        self._redraw()

    def clear(self) -> None:
        """Nothing drawn; done once (the window clears the arrows every frame of a race,
        where redrawing nothing set fonts, brushes and points anew: 2 % of its time)."""
        if self._cleared:
            return
        self._arrows = []
        self._show_probes(())
        self._redraw()
        self._cleared = True

    def _show_probes(
        self, probes: tuple[tuple[float, float], ...], colour: str = PROBE_COLOUR
    ) -> None:
        shown = [p for p in probes if all(map(math.isfinite, p))][:MAX_PROBES]
        self.probes.setData([p[0] for p in shown], [p[1] for p in shown])
        self.probes.setBrush(pg.mkBrush(colour))
        while len(self._probe_labels) < len(shown):
            label = pg.TextItem(color="#1a1a1a", anchor=(-0.2, 1.0), fill=PROBE_FILL)
            label.setZValue(12)
            self.plot.addItem(label, ignoreBounds=True)
            self._probe_labels.append(label)
        for index, label in enumerate(self._probe_labels):
            label.setVisible(index < len(shown))
            if index < len(shown):
                fill = pg.mkColor(colour)
                fill.setAlpha(PROBE_FILL[3])
                label.fill = pg.mkBrush(fill)
                label.setFont(self._font())
                label.setText(str(index + 1))
                label.setPos(*shown[index])

    def set_width(self, width: float, point_size: int = 9) -> None:
        """Line width and label size (larger in the presentation view)."""
        self.width = width
        self.point_size = point_size
        for label in self._labels.values():
            label.setFont(self._font())
        for name, line in self._lines.items():
            line.setPen(pg.mkPen(ARROW_COLOURS.get(name, "#ffffff"), width=width))
        self._redraw()

    def _item(self, name: str):
        if name not in self._lines:
            colour = ARROW_COLOURS.get(name, "#ffffff")
            line = pg.PlotCurveItem(pen=pg.mkPen(colour, width=self.width))
            head = pg.ArrowItem(
                headLen=14, tipAngle=32, tailLen=0, brush=colour, pen=pg.mkPen(colour)
            )
            label = pg.TextItem(color=colour, anchor=(0, 1))
            label.setFont(self._font())
            for item, z in ((line, 11), (head, 12), (label, 12)):
                item.setZValue(z)
                self.plot.addItem(item, ignoreBounds=True)
            self._lines[name], self._heads[name], self._labels[name] = line, head, label
        return self._lines[name], self._heads[name], self._labels[name]

    def _keep_inside(self, label: pg.TextItem, right: bool, down: bool) -> None:
        """A label that would stick out of the plot goes on the other side of its tip."""
        bounds = self.plot.getViewBox().sceneBoundingRect()
        box = label.sceneBoundingRect()
        if right and box.right() > bounds.right():
            right = False
        elif not right and box.left() < bounds.left():
            right = True
        if down and box.bottom() > bounds.bottom():
            down = False
        elif not down and box.top() < bounds.top():
            down = True
        label.setAnchor((0.0 if right else 1.0, 0.0 if down else 1.0))

    def _keep_apart(self, label: pg.TextItem, placed: list[QRectF], direction: float) -> None:
        """Move `label` along y, a line at a time, until it overlaps no label placed before it
        (arrows that are nearly parallel put their labels on top of each other)."""
        view = self.plot.getViewBox()
        for _ in range(len(placed) + 1):
            box = label.sceneBoundingRect()
            clash = next((p for p in placed if p.intersects(box)), None)
            if clash is None:
                break
            shift = (clash.height() + LABEL_GAP_PX) * direction
            here = view.mapViewToScene(label.pos())
            label.setPos(view.mapSceneToView(QPointF(here.x(), here.y() + shift)))
        placed.append(label.sceneBoundingRect())

    def _note_item(self) -> pg.TextItem:
        if self._note is None:
            self._note = pg.TextItem("", color="#dddddd", anchor=(0.0, 1.2))
            self._note.setZValue(12)
            mark_screen_only(self._note)
            self.plot.addItem(self._note, ignoreBounds=True)
        self._note.setFont(self._font())
        return self._note

    def _font(self) -> QFont:
        font = QFont()
        font.setPointSize(self.point_size)
        font.setBold(True)
        return font

    def _redraw(self, *_args) -> None:
        names = {name for name, _ in self._arrows}
        for name in self._lines:
            visible = name in names
            for item in (self._lines[name], self._heads[name], self._labels[name]):
                item.setVisible(visible)
        note = self._note_item()
        note.setVisible(False)
        if not self._arrows:
            return
        view = self.plot.getViewBox()
        (x0, x1), _ = view.viewRange()
        longest = max(math.hypot(*v) for _, v in self._arrows)
        self.scale = arrow_scale(longest, x1 - x0)
        ox, oy = self._origin
        if self.scale > MAX_SCALE:
            for name in self._lines:
                for item in (self._lines[name], self._heads[name], self._labels[name]):
                    item.setVisible(False)
            note.setText(f"step too small to draw (|update| = {longest:.1e})")
            note.setPos(ox, oy)
            note.setVisible(True)
            self._keep_inside(note, True, False)
            return
        placed: list[QRectF] = []
        for name, (dx, dy) in self._arrows:
            line, head, label = self._item(name)
            tx, ty = ox + self.scale * dx, oy + self.scale * dy
            line.setData([ox, tx], [oy, ty])
            start = view.mapViewToScene(QPointF(ox, oy))
            tip = view.mapViewToScene(QPointF(tx, ty))
            sx, sy = tip.x() - start.x(), tip.y() - start.y()
            # ArrowItem points left at angle 0 and turns clockwise on screen.
            head.setStyle(angle=math.degrees(math.atan2(-sy, -sx)))
            head.setPos(tx, ty)
            head.setVisible(math.hypot(sx, sy) > 2.0)
            text = name if self.scale == 1.0 else f"{name} ×{self.scale:g}"
            label.setText(text)
            # The label sits beyond the tip, on the side the arrow points to.
            label.setAnchor((0.0 if sx >= 0 else 1.0, 0.0 if sy >= 0 else 1.0))
            label.setPos(tx, ty)
            self._keep_inside(label, sx >= 0, sy >= 0)
            self._keep_apart(label, placed, 1.0 if sy >= 0 else -1.0)
