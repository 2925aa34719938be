"""The landscape as a 3-D surface with the paths on it (pyqtgraph's OpenGL items).

OpenGL is not everywhere: a remote session, a headless machine or a missing driver. The tab
is built only when first shown, after checking that an OpenGL context can be made; where it
cannot, the tab says why instead of failing.
"""

from __future__ import annotations

import html

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QOffscreenSurface, QOpenGLContext
from PySide6.QtWidgets import QLabel, QStackedLayout, QWidget

from ...engine.losses import Loss
from ...live.snapshots import Snapshot

SURFACE_RESOLUTION = 120
FLOOR = 1e-3
"""Log heights bottom out at this fraction of the range: minima as dips, not needles."""
HEIGHT = 0.6
"""The surface's height as a fraction of its width: steep enough to read, not a spike."""
FRAME_POINTS = 9
"""The size of the 3-D frame's labels."""
LEGEND_STYLE = "background: rgba(16, 20, 24, 200); color: #e8e8e8; padding: 4px;"


def path_segments(points: np.ndarray, joined: np.ndarray | None) -> np.ndarray:
    """The stretches the map draws, as pairs of points (GL's "lines"): where the reduction
    broke the line (a stretch already drawn) the 3-D path breaks too."""
    if len(points) < 2:
        return np.repeat(points, 2, axis=0)
    starts = np.arange(1, len(points)) if joined is None else np.flatnonzero(joined[1:]) + 1
    pairs = np.empty((2 * len(starts), points.shape[1]))
    pairs[0::2] = points[starts - 1]
    pairs[1::2] = points[starts]
    return pairs


def opengl_problem() -> str | None:
    """Why the 3-D view cannot be shown here, or None when it can."""
    try:
        import OpenGL.GL  # noqa: F401
        import pyqtgraph.opengl  # noqa: F401
    except ImportError as error:
        return f"pyqtgraph's OpenGL items cannot be loaded ({error}); pip install PyOpenGL"
    except Exception as error:  # PyOpenGL raises its own errors when no GL library exists
        return f"no OpenGL library could be loaded ({error})"
    context = QOpenGLContext()
    if not context.create():
        return "this display offers no OpenGL context (a headless or remote session?)"
    surface = QOffscreenSurface()
    surface.create()
    if not context.makeCurrent(surface):
        return "an OpenGL context was made but could not be used"
    context.doneCurrent()
    return None


class OpenGLHost(QWidget):
    """A widget whose OpenGL view is built on first use (`ensure_built`); where there is no
    OpenGL, its message says why. The 3-D surface of a landscape and of a network's plane."""

    camera_distance = 1.7

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stack = QStackedLayout(self)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setMargin(24)
        self.stack.addWidget(self.message)
        self.view = None
        self.problem: str | None = None
        self.legend = QLabel(self)
        """The runs' names in their colours, over the view's top left corner."""
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setStyleSheet(LEGEND_STYLE)
        self.legend.hide()
        self._frame_items: list = []
        self._height_note = ""

    def unavailable_text(self, problem: str) -> str:
        """What the message says where the view cannot be built."""
        raise NotImplementedError

    def _built(self) -> None:
        """The view exists now: draw what was asked for before it did."""

    def ensure_built(self) -> bool:
        """Build the OpenGL view on first use; False (and the reason shown) where it cannot."""
        if self.view is not None:
            return True
        if self.problem is None:
            self.problem = opengl_problem()
        if self.problem is not None:
            self.message.setText(self.unavailable_text(self.problem))
            return False
        import pyqtgraph.opengl as gl

        self.view = gl.GLViewWidget()
        self.view.setBackgroundColor("#101418")
        self.view.setCameraPosition(distance=self.camera_distance, elevation=30, azimuth=-60)
        self.stack.addWidget(self.view)
        self.stack.setCurrentWidget(self.view)
        self._built()
        return True

    def show_legend(self, names: dict[int, str], colours: dict[int, str]) -> None:
        """Which path is which run (a figure of the 3-D view had only coloured lines)."""
        rows = [
            f'<span style="color:{colours.get(k, "#ffffff")}">━━</span>&nbsp;{html.escape(name)}'
            for k, name in names.items()
        ]
        if self._height_note:
            rows.append(html.escape(self._height_note))
        text = "<br>".join(rows)
        if self.legend.text() != text:
            self.legend.setText(text)
            self.legend.adjustSize()
        self.legend.move(8, 8)
        self.legend.setVisible(bool(rows) and self.view is not None)
        self.legend.raise_()

    def draw_frame(
        self,
        x: tuple[float, float, str],
        y: tuple[float, float, str],
        z: tuple[float, float, str],
        top: float,
    ) -> None:
        """The box the surface stands in, with what its edges measure: (low, high, name) of
        the two plane axes and of the height, whose top edge is at `top` (the surface spans
        -0.5 to 0.5 across)."""
        import pyqtgraph.opengl as gl

        for item in self._frame_items:
            self.view.removeItem(item)
        self._frame_items.clear()
        # the edges that face the camera (it looks from +x, -y): the front and the right
        # ones, and the height at the corner nearest to it
        corner = (0.5, -0.5, 0.0)
        edges = np.array(
            [(-0.5, -0.5, 0.0), corner, corner, (0.5, 0.5, 0.0), corner, (0.5, -0.5, top)]
        )
        lines = gl.GLLinePlotItem(pos=edges, mode="lines", color=(0.8, 0.8, 0.8, 1.0), width=1)
        self.view.addItem(lines)
        self._frame_items.append(lines)
        labels = [
            ((-0.5, -0.62, 0.0), f"{x[0]:.3g}"),
            ((0.42, -0.62, 0.0), f"{x[1]:.3g}"),
            ((0.0, -0.66, 0.0), x[2]),
            ((0.58, -0.42, 0.0), f"{y[0]:.3g}"),
            ((0.58, 0.5, 0.0), f"{y[1]:.3g}"),
            ((0.64, 0.05, 0.0), y[2]),
            ((0.53, -0.53, top), self.tr("height")),
        ]
        # the height's scale, in full, under the legend (at the corner it ran out of sight)
        self._height_note = self.tr("height: {0}, {1} to {2}").format(
            z[2], f"{z[0]:.3g}", f"{z[1]:.3g}"
        )
        font = QFont()
        font.setPointSize(FRAME_POINTS)
        for position, text in labels:
            item = gl.GLTextItem(pos=position, text=text, color=(230, 230, 230, 255), font=font)
            self.view.addItem(item)
            self._frame_items.append(item)


class SurfaceView(OpenGLHost):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loss: Loss | None = None
        self._surface = None
        self._paths: dict[int, object] = {}
        self._transform = None

    def unavailable_text(self, problem: str) -> str:
        return self.tr(
            "The 3-D view is not available here: {0}. The map shows the same "
            "landscape in two dimensions."
        ).format(problem)

    def _built(self) -> None:
        if self._loss is not None:
            self.set_loss(self._loss)

    def set_loss(self, loss: Loss) -> None:
        self._loss = loss
        if self.view is None:
            return
        import pyqtgraph as pg
        import pyqtgraph.opengl as gl

        x0, x1, y0, y1 = loss.spec.view
        xs = np.linspace(x0, x1, SURFACE_RESOLUTION)
        ys = np.linspace(y0, y1, SURFACE_RESOLUTION)
        values = loss.grid(xs, ys)
        finite = values[np.isfinite(values)]
        low = float(finite.min()) if finite.size else 0.0
        high = float(finite.max()) if finite.size else 1.0
        log = loss.spec.log_colour or high - low > 1e3 * max(float(np.median(finite)) - low, 1e-12)

        def height(v: np.ndarray) -> np.ndarray:
            # a path may dip below the grid's lowest sample: clamp, never a log of a negative
            shown = np.log10(np.maximum(v - low, 0.0) + FLOOR * (high - low)) if log else v
            top = np.log10(high - low + FLOOR * (high - low)) if log else high
            bottom = np.log10(FLOOR * (high - low)) if log else low
            return HEIGHT * (np.nan_to_num(shown, nan=top) - bottom) / max(top - bottom, 1e-12)

        def place(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            return (x - x0) / (x1 - x0) - 0.5, (y - y0) / (y1 - y0) - 0.5

        self._transform = (height, place)
        z = height(values).T  # GLSurfacePlotItem indexes z[x, y]
        level = (z - z.min()) / max(float(np.ptp(z)), 1e-12)
        colours = pg.colormap.get("viridis").map(level.ravel(), mode="float")
        if self._surface is not None:
            self.view.removeItem(self._surface)
        px, py = place(xs, ys)
        self._surface = gl.GLSurfacePlotItem(
            x=px, y=py, z=z, colors=colours.reshape(-1, 4), smooth=False
        )
        self.view.addItem(self._surface)
        height_name = self.tr("loss (log scale)") if log else self.tr("loss")
        self.draw_frame((x0, x1, "x"), (y0, y1, "y"), (low, high, height_name), HEIGHT)
        for item in self._paths.values():
            self.view.removeItem(item)
        self._paths.clear()

    def update_paths(
        self,
        snapshots: dict[int, Snapshot],
        colours: dict[int, str],
        names: dict[int, str] | None = None,
    ) -> None:
        if self.view is None or self._transform is None or self._loss is None:
            return
        self.show_legend({k: (names or {}).get(k, str(k)) for k in snapshots}, colours)
        import pyqtgraph as pg
        import pyqtgraph.opengl as gl

        height, place = self._transform
        for run_id in list(self._paths):
            if run_id not in snapshots:
                self.view.removeItem(self._paths.pop(run_id))
        for run_id, snap in snapshots.items():
            if len(snap.path) == 0:
                continue
            # The path the map draws (reduced at the map's pixel size, not strided), lifted
            # by the loss the engine recorded at each of its rows.
            path = snap.path
            values = snap.path_loss if snap.path_loss is not None else np.zeros(len(path))
            px, py = place(path[:, 0], path[:, 1])
            points = np.column_stack([px, py, height(values) + 0.01])
            colour = pg.mkColor(colours.get(run_id, "#ffffff")).getRgbF()
            if run_id not in self._paths:
                self._paths[run_id] = gl.GLLinePlotItem(width=3, antialias=True)
                self.view.addItem(self._paths[run_id])
            self._paths[run_id].setData(
                pos=path_segments(points, snap.path_joined), mode="lines", color=colour
            )
