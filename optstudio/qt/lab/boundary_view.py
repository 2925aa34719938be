"""What a network says over the input plane: the selected run's decision boundary (or fitted
surface) as a heat map with the training and test points on it, and a small boundary of every
run beside it, as TensorFlow Playground draws its one network's output.

The surfaces are computed in the lab's drawing process (`live.verdicts`); this view only
draws them.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QWidget

from ...engine.models.boundary import Surface
from ...engine.models.datasets import PLAYGROUND_SQUARE, Dataset
from ..shared.point_styles import shaded_brushes
from ..shared.themes import Theme, style_plot_item
from .colours import verdict_colormap
from .draw_tool import DrawTool
from .model_panel import point_brushes
from .titled_view import TitledView

SMALL_COLUMNS = 4
SMALL_HEIGHT = 130


def _image_rect(domain: tuple[float, float, float, float]) -> pg.QtCore.QRectF:
    """Where a surface over `domain` (x1 low, x1 high, x2 low, x2 high) lies in the plot."""
    x1_low, x1_high, x2_low, x2_high = domain
    return pg.QtCore.QRectF(x1_low, x2_low, x1_high - x1_low, x2_high - x2_low)


class BoundaryView(TitledView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = self.column
        # the Playground's two toggles under its output
        toggles = QHBoxLayout()
        self.show_test = QCheckBox(self.tr("Show test data"))
        self.show_test.setChecked(True)
        self.show_test.setToolTip(self.tr("The test points, ringed in a dark line"))
        self.show_test.toggled.connect(self._test_toggled)
        self.discretize = QCheckBox(self.tr("Discretize output"))
        self.discretize.setToolTip(
            self.tr("Each point coloured by the class the network gives it (or the sign of a "
                    "fitted value), not by how sure it is")
        )  # fmt: skip
        self.discretize.toggled.connect(lambda _: self._show_again())
        toggles.addStretch(1)
        toggles.addWidget(self.show_test)
        toggles.addWidget(self.discretize)
        toggles.addStretch(1)
        layout.addLayout(toggles)
        self.plot = pg.PlotWidget()
        self.draw = DrawTool(self.plot, self)
        layout.addWidget(self.draw.bar)
        self.plot.figure_title = self.title.text  # an exported figure names run and step
        self.plot.setAspectLocked(True)
        self.plot.setMenuEnabled(False)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setRect(_image_rect(PLAYGROUND_SQUARE))
        self.plot.addItem(self.image)
        self.train_points = pg.ScatterPlotItem(size=7)
        self.test_points = pg.ScatterPlotItem(size=7)
        self.plot.addItem(self.train_points)
        self.plot.addItem(self.test_points)
        self._show_domain(PLAYGROUND_SQUARE)
        self.plot.setLabel("bottom", "x₁")
        self.plot.setLabel("left", "x₂")
        # the key: what a colour means (a probability, or a fitted value and the targets)
        self.key = pg.ColorBarItem(
            values=(0.0, 1.0), colorMap=verdict_colormap(), interactive=False, width=14
        )
        self.key.setImageItem(self.image, insert_in=self.plot.getPlotItem())
        self.key.getAxis("right").enableAutoSIPrefix(False)
        layout.addWidget(self.plot, 3)
        self.small = pg.GraphicsLayoutWidget()
        self.small.setMinimumHeight(SMALL_HEIGHT)
        layout.addWidget(self.small, 1)
        self._small: dict[int, tuple[pg.ViewBox, pg.ImageItem, pg.LabelItem]] = {}
        self._dark = False
        self.label_points = 9
        """The small boundaries' titles (larger in the presentation view)."""
        self._kind = "probability"
        self._data: Dataset | None = None
        self.surfaces: dict[int, Surface] = {}
        """The surfaces drawn now, by run (what tests compare with the API's)."""
        self._shown_with: tuple | None = None
        """What `show_surfaces` last drew (a toggle draws it again)."""

    def set_data(self, data: Dataset | None) -> None:
        """The study's training points (filled) and test points (rings)."""
        self._data = data
        self._show_domain(PLAYGROUND_SQUARE if data is None else data.domain)
        named = data is not None and data.inputs_are_points  # a table's own column names
        self.plot.setLabel("bottom", data.features[0] if named else "x₁")
        self.plot.setLabel("left", data.features[1] if named else "x₂")
        if data is None or data.points_train is None or data.points_test is None:
            self.train_points.clear()
            self.test_points.clear()
            return
        # As the Playground draws them: training points with a white outline, test points
        # with a dark one, each filled in its class's colour, so that a point stands out on
        # the region of its own colour.
        white, dark = pg.mkPen("#ffffff", width=1), pg.mkPen("#202020", width=1)
        self.train_points.setData(
            pos=data.points_train, brush=point_brushes(data, data.y_train), pen=white
        )
        self.test_points.setData(
            pos=data.points_test, brush=point_brushes(data, data.y_test), pen=dark
        )

    def set_point_size(self, pixels: int) -> None:
        """The data points' size (larger in the presentation view, where 7 px were specks)."""
        for points in (self.train_points, self.test_points):
            points.setSize(pixels)
        self.draw.pending.setSize(pixels + 2)

    def show_drawing(self, dataset: str, points: list | None) -> None:
        """The drawing bar for a set drawn by hand, with the study's points; none otherwise."""
        drawn = dataset == "drawn"
        self.draw.bar.setVisible(drawn)
        if not drawn:
            self.draw.set_mode("off")
        self.draw.show_study_points(points if drawn else None)

    def _test_toggled(self, on: bool) -> None:
        self.test_points.setVisible(on)

    def _show_again(self) -> None:
        if self._shown_with is not None:
            self.show_surfaces(*self._shown_with)

    def shown_values(self, surface: Surface, levels: tuple[float, float]) -> np.ndarray:
        """A surface's values as drawn: with "Discretize output", the class the network gives
        each point (probability above one half) or a fitted value's sign, at the key's ends."""
        if not self.discretize.isChecked():
            return surface.values
        low, high = levels
        middle = 0.5 if surface.kind == "probability" else 0.0
        return np.where(surface.values > middle, high, low)

    def show_surfaces(
        self,
        surfaces: dict[int, Surface],
        selected: int | None,
        names: dict[int, str],
        colours: dict[int, str],
        steps: dict[int, int],
    ) -> None:
        self._shown_with = (surfaces, selected, names, colours, steps)
        self.surfaces = dict(surfaces)
        shown = selected if selected in surfaces else next(iter(surfaces), None)
        if shown is None:
            self.image.clear()
            self.title.setText(self.tr("The boundary appears once a run has a step."))
        else:
            surface = surfaces[shown]
            self._kind = surface.kind
            levels = self._levels(surfaces)
            self.image.setImage(self.shown_values(surface, levels), levels=levels, autoLevels=False)
            self.image.setColorMap(verdict_colormap(self._dark))
            self.image.setRect(_image_rect(self._domain))
            what = (
                self.tr("probability of the blue class")
                if surface.kind == "probability"
                else self.tr("fitted value")
            )
            if self.discretize.isChecked():
                what = self.tr("{0}, discretized").format(what)
            self._show_key(levels, what)
            self.title.setText(
                self.tr("{0} at step {1}: {2}").format(
                    names.get(shown, ""), f"{steps.get(shown, 0):,}", what
                )
            )
        self._show_small(surfaces, names, colours, shown)

    def _show_domain(self, domain: tuple[float, float, float, float]) -> None:
        """The plot over the plane the data lie in: the Playground's square, or a table's."""
        self._domain = domain
        x1_low, x1_high, x2_low, x2_high = domain
        # equal units on both axes where they are alike (the Playground's square); a table's
        # columns may differ a thousandfold, and each axis then takes its own
        ratio = (x1_high - x1_low) / (x2_high - x2_low)
        self.plot.setAspectLocked(1 / 3 <= ratio <= 3)
        self.plot.setRange(xRange=(x1_low, x1_high), yRange=(x2_low, x2_high), padding=0.01)

    def _show_key(self, levels: tuple[float, float], what: str) -> None:
        """The colour bar at the image's levels; for a regression, the points are coloured on
        the same scale by their targets (the Playground's way), not by their sign."""
        self.key.setColorMap(verdict_colormap(self._dark))
        self.key.setLevels(levels)
        self.key.getAxis("right").setLabel(what)
        data = self._data
        if self._kind != "value" or data is None or data.points_train is None:
            return
        low, high = levels
        colormap = verdict_colormap(self._dark)
        for points, targets in ((self.train_points, data.y_train), (self.test_points, data.y_test)):
            shades = (np.asarray(targets, dtype=np.float64) - low) / (high - low)
            points.setBrush(shaded_brushes(colormap, shades))

    def _levels(self, surfaces: dict[int, Surface]) -> tuple[float, float]:
        """A probability's 0 to 1; a fitted value's symmetric range that holds every surface
        and every target, so that the key reads both."""
        if self._kind == "probability":
            return 0.0, 1.0
        targets = () if self._data is None else (self._data.y_train, self._data.y_test)
        reach = max(
            (
                float(np.nanmax(np.abs(v)))
                for v in (*(s.values for s in surfaces.values()), *targets)
                if np.size(v)
            ),
            default=1.0,
        )
        reach = reach if np.isfinite(reach) and reach > 0 else 1.0
        return -reach, reach

    def _show_small(
        self,
        surfaces: dict[int, Surface],
        names: dict[int, str],
        colours: dict[int, str],
        shown: int | None,
    ) -> None:
        """A small boundary per run, in the order of the runs list, the shown one marked."""
        if set(self._small) != set(surfaces):
            self.small.clear()
            self._small.clear()
            for index, run_id in enumerate(surfaces):
                row, column = divmod(index, SMALL_COLUMNS)
                label = self.small.addLabel("", row=2 * row, col=column)
                box = self.small.addViewBox(row=2 * row + 1, col=column, lockAspect=True)
                box.setMouseEnabled(False, False)
                image = pg.ImageItem(axisOrder="row-major")
                box.addItem(image)
                self._small[run_id] = (box, image, label)
        levels = self._levels(surfaces)
        for run_id, surface in surfaces.items():
            box, image, label = self._small[run_id]
            image.setImage(self.shown_values(surface, levels), levels=levels, autoLevels=False)
            image.setColorMap(verdict_colormap(self._dark))
            image.setRect(_image_rect(self._domain))
            x1_low, x1_high, x2_low, x2_high = self._domain
            box.setRange(xRange=(x1_low, x1_high), yRange=(x2_low, x2_high), padding=0)
            mark = "▶ " if run_id == shown else ""
            label.setText(
                f"{mark}{names.get(run_id, '')}",
                color=colours.get(run_id, "#888888"),
                size=f"{self.label_points}pt",
            )
        self.small.setVisible(len(surfaces) > 1)

    def apply_theme(self, theme: Theme) -> None:
        self._dark = theme.dark_widgets
        self.plot.setBackground(theme.plot_background)
        self.small.setBackground(theme.plot_background)
        style_plot_item(self.plot.getPlotItem(), theme)
        key_axis = self.key.getAxis("right")
        key_axis.setPen(pg.mkPen(theme.plot_foreground))
        key_axis.setTextPen(pg.mkPen(theme.plot_foreground))
