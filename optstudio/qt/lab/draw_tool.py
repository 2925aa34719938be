"""Data you draw (Playground issues 20, 54, 111 and 174): click or drag on the boundary's plane
to add points of a class, erase them, or clear the plane.

The tool keeps the points being drawn; a stroke (a click, or a drag until the button is let
go) ends in one `points_drawn` with every point, so the study's runs restart once per stroke,
not once per point. Points the study has not taken yet (a stroke in progress, or a set that
cannot be trained on: fewer than four points, or one class) are drawn ringed, and the bar
says what is missing.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QPointF, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QWidget,
)

from ...engine.models.drawn_points import MAX_DRAWN_POINTS, SQUARE_RADIUS, checked_points
from .colours import CLASS_COLOURS

SPACING = 0.35
"""A drag adds a point each time the pointer has moved this far (the square is 12 across)."""
ERASE_RADIUS = 0.4
"""Erasing takes the points within this distance of the pointer (0.6 took a point's
neighbours along a stroke too)."""
MODES = ("off", "orange", "blue", "erase")


class DrawTool(QObject):
    """A bar of the drawing modes over a plot, and the strokes drawn on it."""

    points_drawn = Signal(list)
    """Every point, as [x1, x2, class] rows, once a stroke has changed them."""

    def __init__(self, plot: pg.PlotWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = plot
        self.points: list[list[float]] = []
        """The points drawn, the study's and any the study has not taken yet."""
        self.accepted: list[list[float]] = []
        """The points of the study shown."""
        self.mode = "off"
        self._stroke_changed = False
        self._last: QPointF | None = None
        self.bar = self._bar()
        self.pending = pg.ScatterPlotItem(size=9)
        self.pending.setZValue(5)
        plot.addItem(self.pending)
        plot.viewport().installEventFilter(self)

    # ----- the bar -----
    def _bar(self) -> QWidget:
        bar = QWidget()
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(self.tr("Draw:")))
        self.buttons: dict[str, QToolButton] = {}
        group = QButtonGroup(bar)
        group.setExclusive(False)  # a second click on the chosen mode turns drawing off
        titles = {
            "orange": (
                self.tr("● Orange"),
                self.tr("Click or drag on the plane: points of class 0"),
            ),
            "blue": (self.tr("● Blue"), self.tr("Click or drag on the plane: points of class 1")),
            "erase": (self.tr("Erase"), self.tr("Click or drag over points to take them away")),
        }
        for mode, (text, tip) in titles.items():
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.setCheckable(True)
            if mode != "erase":
                colour = CLASS_COLOURS[mode == "blue"]
                button.setStyleSheet(f"QToolButton {{ color: {colour}; font-weight: bold; }}")
            button.clicked.connect(lambda on, m=mode: self.set_mode(m if on else "off"))
            group.addButton(button)
            row.addWidget(button)
            self.buttons[mode] = button
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.setToolTip(self.tr("Take every point away"))
        self.clear_button.clicked.connect(self.clear)
        row.addWidget(self.clear_button)
        self.count = QLabel()
        self.count.setWordWrap(True)
        row.addWidget(self.count, 1)
        return bar

    def set_mode(self, mode: str) -> None:
        """ "orange" or "blue" (clicks and drags add points of that class), "erase", or "off"
        (the plane pans and zooms as any plot does)."""
        self.mode = mode
        for name, button in self.buttons.items():
            button.setChecked(name == mode)
        drawing = mode != "off"
        self.plot.setMouseEnabled(not drawing, not drawing)
        self.plot.viewport().setCursor(
            Qt.CursorShape.CrossCursor if drawing else Qt.CursorShape.ArrowCursor
        )

    # ----- the study's points -----
    def show_study_points(self, rows: list | None) -> None:
        """The points of the study now shown (None: not a drawn set). Points drawn and not
        taken yet stay while the study's own points are the same (another setting changed,
        or the study cannot train on them yet); a study with other points, or none, is what
        the plane shows from then on."""
        rows = [list(r) for r in rows] if rows else []
        if rows != self.accepted or not rows:
            self.points = [list(r) for r in rows]
        self.accepted = rows
        self._show()

    def _waiting(self) -> bool:
        """Points drawn that the study has not taken yet."""
        return self.points != self.accepted

    # ----- strokes -----
    def eventFilter(self, watched, event) -> bool:
        if self.mode == "off" or not self.bar.isVisible():
            return False
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            self._stroke_changed = False
            self._last = None
            self._touch(event.position())
            return True
        if kind == QEvent.Type.MouseMove and event.buttons() & Qt.MouseButton.LeftButton:
            self._touch(event.position())
            return True
        if kind == QEvent.Type.MouseButtonRelease and event.button() == Qt.MouseButton.LeftButton:
            self._last = None
            if self._stroke_changed:
                self._stroke_changed = False
                self._send()
            return True
        return False

    def _touch(self, where: QPointF) -> None:
        """Add or erase at a widget position (a drag adds a point every SPACING)."""
        view = self.plot.getViewBox()
        at = view.mapSceneToView(self.plot.mapToScene(where.toPoint()))
        x1, x2 = at.x(), at.y()
        if self.mode == "erase":
            kept = [p for p in self.points if math.hypot(p[0] - x1, p[1] - x2) > ERASE_RADIUS]
            if len(kept) != len(self.points):
                self.points = kept
                self._stroke_changed = True
                self._show()
            return
        if abs(x1) > SQUARE_RADIUS or abs(x2) > SQUARE_RADIUS:
            return  # the Playground's square holds the points
        if (
            self._last is not None
            and math.hypot(x1 - self._last.x(), x2 - self._last.y()) < SPACING
        ):
            return
        if len(self.points) >= MAX_DRAWN_POINTS:
            self.count.setText(self.tr("At most {0:,} points").format(MAX_DRAWN_POINTS))
            return
        self._last = QPointF(x1, x2)
        self.points.append([round(x1, 4), round(x2, 4), int(self.mode == "blue")])
        self._stroke_changed = True
        self._show()

    def clear(self) -> None:
        if self.points:
            self.points = []
            self._send()  # it draws the empty plane and says why nothing trains

    def _send(self) -> None:
        """The points, to the study, if it can train on them; else the bar says why not."""
        self._show()
        if self.problem() is None:
            self.points_drawn.emit([list(p) for p in self.points])

    def problem(self) -> str | None:
        """Why the study cannot train on the points drawn (None if it can)."""
        try:
            checked_points(self.points)
        except ValueError as error:
            return str(error)
        return None

    # ----- drawing -----
    def _show(self) -> None:
        """The points the study has not taken yet, ringed; the count and what is missing."""
        waiting = self._waiting()
        rows = np.array(self.points, dtype=float).reshape(-1, 3)
        if waiting and len(rows):
            brushes = [pg.mkBrush(CLASS_COLOURS[int(c)]) for c in rows[:, 2]]
            self.pending.setData(pos=rows[:, :2], brush=brushes, pen=pg.mkPen("#202020", width=2))
        else:
            self.pending.clear()
        blue = int(rows[:, 2].sum()) if len(rows) else 0
        text = self.tr("{0} points: {1} orange, {2} blue").format(len(rows), len(rows) - blue, blue)
        problem = self.problem() if waiting else None
        if problem is not None:
            text += " — " + self.tr("not trained on yet: {0}").format(problem)
        self.count.setText(text)
