"""Export from the model lab: figures of the view in front (the boundary, the predictions, the
network or the loss landscape) and of the curves, PNG or SVG; animations of them as the runs
learn (GIF or MP4); and runs as CSV, JSON or NPZ files with their parameters (the engine
writes them at full resolution)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ..export.export_actions import ExportActions


class ModelExports(ExportActions):
    def widgets(self, part: str) -> list[QWidget]:
        """ "map": the view in front; "curves": the curves; "both": side by side."""
        window = self.window
        if window.views.currentWidget() in (window.plane_view, window.plane_surface):
            front: QWidget = window.plane_view.plot
        elif window.views.currentWidget() is window.network:  # the network, its unit large
            views = [window.network.graphics, window.network.detail]
            return {"map": views, "curves": [window.curves], "both": [*views, window.curves]}[part]
        elif window.verdict_stack.currentWidget() is window.digits:
            digits = window.digits
            front = digits.grid_plot if digits.grid_plot.isVisible() else digits.matrix_plot
        elif window.verdict_stack.currentWidget() is window.boundary:
            front = window.boundary.plot
        else:
            front = window.curves
        return {"map": [front], "curves": [window.curves], "both": [front, window.curves]}[part]
