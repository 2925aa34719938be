"""Theory beside the picture: the theory panel, the eigenvector overlay and the momentum
conventions drawn on the map, kept in step with the loss and the selected run."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QFont

from ...engine.losses import make_loss
from ...engine.theory import QuadraticTheory, momentum_paths, quadratic_theory
from ...io.session import build_run
from .theory_panel import TheoryPanel

CONVENTION_STEPS = 5000
"""The conventions are compared over at most this many steps (computed in plain numpy)."""
CONVENTION_STYLES = {
    "torch": Qt.PenStyle.SolidLine,
    "sutskever": Qt.PenStyle.DashLine,
    "low-pass": Qt.PenStyle.DotLine,
}
AXIS_FRACTION = 0.35
EIGEN_COLOUR = "#d8d8d8"
"""The principal axes and their labels: a grey no run is drawn in."""


class TheoryView(QObject):
    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.panel = TheoryPanel()
        self.dock = window._dock(self.tr("Theory"), "theory", self.panel)
        window.tabifyDockWidget(window.loss_dock, self.dock)
        window.loss_dock.raise_()
        self.theory: QuadraticTheory | None = None
        plot = window.map
        # Light grey and dashed, beneath the paths: a run's colour (red, pink) is never taken
        # by the overlay, and a path is never hidden by it.
        axis_pen = pg.mkPen(EIGEN_COLOUR, width=2, style=Qt.PenStyle.DashLine)
        self.axes = [pg.PlotCurveItem(pen=axis_pen) for _ in range(2)]
        self.axis_labels = [pg.TextItem(color=EIGEN_COLOUR, anchor=(0, 0.5)) for _ in range(2)]
        self.paths = {
            name: pg.PlotCurveItem(pen=pg.mkPen("#ffffff", width=2, style=style))
            for name, style in CONVENTION_STYLES.items()
        }
        for item in self.paths.values():
            item.setZValue(9)
        for item in self.axes:
            item.setZValue(-1)  # above the landscape and its contours, beneath the paths
        for item in self.axis_labels:
            item.setZValue(9)
            item.setVisible(False)
            plot.addItem(item, ignoreBounds=True)
        self.panel.eigenvectors_toggled.connect(lambda _on: self._draw_axes())
        self.panel.conventions_toggled.connect(lambda _on: self.update_run())
        self.panel.add_run_requested.connect(self._add_run)
        plot.getViewBox().sigRangeChanged.connect(lambda *_: self._draw_axes())

    def update_loss(self) -> None:
        """The theory of the studio's loss (the selected run's conventions: `update_run`)."""
        state = self.window.state
        try:
            self.theory = quadratic_theory(make_loss(state.loss, state.loss_params))
        except (ValueError, ArithmeticError, np.linalg.LinAlgError):
            self.theory = None
        self.panel.show_theory(self.theory)
        # The axes go with an exact quadratic; a local approximation's are asked for.
        self.panel.eigen_box.blockSignals(True)
        self.panel.eigen_box.setChecked(self.theory is not None and self.theory.exact)
        self.panel.eigen_box.blockSignals(False)
        self._draw_axes()

    def update_run(self) -> None:
        """The momentum conventions for the selected run, when it has momentum."""
        window = self.window
        run_id = window.runs_panel.current_id()
        entry = window.state.run(run_id) if run_id is not None else None
        for item in self.paths.values():
            item.setVisible(False)
        if entry is None:
            self.panel.show_conventions(None, self.tr("Select a run with momentum."))
            return
        try:
            run = build_run(window.state, entry)
        except ValueError as error:
            self.panel.show_conventions(None, str(error))
            return
        values = run.hyperparams
        mu = float(values.get("momentum", values.get("beta", 0.0)) or 0.0)
        if entry.optimizer not in ("sgd", "momentum") or mu == 0.0 or values.get("nesterov"):
            self.panel.show_conventions(
                None,
                self.tr(
                    "The selected run has no heavy-ball momentum: choose SGD with momentum "
                    "or Momentum (heavy ball) to compare the conventions."
                ),
            )
            return
        steps = min(window.state.max_steps, CONVENTION_STEPS)
        lrs = run.learning_rates(0, steps)
        paths = momentum_paths(run.loss, run.start, lrs, mu)
        finals = {name: (float(p[-1, 0]), float(p[-1, 1])) for name, p in paths.items()}
        gap = float(np.nanmax(np.hypot(*(paths["torch"] - paths["sutskever"]).T)))
        constant = bool(np.all(lrs == lrs[0]))
        note = (
            self.tr(
                "{0}, μ = {1}, {2} steps. With a constant lr the three are one method (the "
                "low-pass lr is divided by 1 − μ); they differ only under a schedule."
            )
            if constant
            else self.tr(
                "{0}, μ = {1}, {2} steps under its schedule: torch applies today's lr to the "
                "whole velocity, Sutskever's form applied each past lr to its own gradient. "
                "The paths part by up to {3}."
            )
        ).format(entry.name, f"{mu:g}", f"{steps:,}", f"{gap:.3g}")
        self.panel.show_conventions(finals, note)
        if self.panel.conventions_box.isChecked():
            colour = window.run_colours().get(entry.run_id, entry.colour)
            for name, item in self.paths.items():
                item.setPen(pg.mkPen(colour, width=2, style=CONVENTION_STYLES[name]))
                finite = np.all(np.isfinite(paths[name]), axis=1)
                item.setData(paths[name][finite, 0], paths[name][finite, 1])
                item.setVisible(True)

    def _draw_axes(self) -> None:
        theory = self.theory
        show = theory is not None and self.panel.eigen_box.isChecked()
        for item in [*self.axes, *self.axis_labels]:
            item.setVisible(show)
        if not show:
            return
        (x0, x1), _ = self.window.map.getViewBox().viewRange()
        half = AXIS_FRACTION * (x1 - x0) / 2
        cx, cy = theory.centre
        low = theory.eigenvalues[0]
        names = ("λmin", "λmax")
        for axis, label, vector, value, name in zip(
            self.axes, self.axis_labels, theory.eigenvectors, theory.eigenvalues, names, strict=True
        ):
            # Lengths as the axes of a level ellipse: proportional to 1/sqrt(lambda).
            length = half * math.sqrt(low / value)
            vx, vy = vector
            axis.setData([cx - length * vx, cx + length * vx], [cy - length * vy, cy + length * vy])
            label.setText(f"{name} = {value:.4g}")
            label.setPos(cx + length * vx, cy + length * vy)

    def set_label_size(self, point_size: int) -> None:
        """The eigenvector labels' size (large in the presentation view)."""
        font = QFont()
        font.setPointSize(point_size)
        for label in self.axis_labels:
            label.setFont(font)

    def _add_run(self, optimizer: str, hyper: dict, name: str) -> None:
        window = self.window
        entry = window.state.add_run(optimizer, hyper=dict(hyper), name=name)
        window.engine.configure(window.state)
        window.show_runs(select=entry.run_id)
