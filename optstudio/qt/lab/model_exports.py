"""Export from the model lab: figures of the view in front (the boundary, the predictions, the
network or the loss landscape) and of the curves, PNG or SVG; animations of them as the runs
learn (GIF or MP4); runs as CSV, JSON or NPZ files with their parameters (the engine
writes them at full resolution); and the data set as a CSV table (a drawn set's points)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from ...io.datasets import write_table_csv
from ..export.export_actions import ExportActions


class ModelExports(ExportActions):
    def __init__(self, window, menu) -> None:
        super().__init__(window, menu)
        data = QAction(self.tr("Export the data set as CSV…"), window)
        data.setToolTip(self.tr("The points and their classes (a drawn set included), as a "
                                "table the lab opens again with CSV file…"))  # fmt: skip
        data.triggered.connect(lambda _=False: self.data_dialog())
        menu.addAction(data)

    def view_drawn(self) -> bool:
        """Always: the lab's views say in their titles which step each shows, and its
        `ready_to_draw` (every boundary of the latest snapshots) would not hold while the
        runs still learn, keeping every figure of a live race waiting."""
        return True

    def export_data(self, path: str | Path) -> None:
        """The study's data set as a CSV table (the window's probe holds it, as drawn)."""
        probe = self.window.probe
        if probe is None:
            self.window.statusBar().showMessage(self.tr("There is no data set to export"), 5000)
            return
        try:
            rows = write_table_csv(probe.data, path)
        except OSError as error:
            self.window.warn(self.tr("Cannot export the data set"), str(error))
            return
        self.last_export = [str(path)]
        self.window.statusBar().showMessage(
            self.tr("Wrote {0} rows to {1}").format(f"{rows:,}", Path(path).name), 5000
        )

    def data_dialog(self) -> None:
        stem = self.window.state.dataset.removeprefix("csv:").rsplit(".", 1)[0]
        path = self.ask_save_path(self.tr("Export the data set"), Path(stem).name, "CSV (*.csv)")
        if path:
            self.export_data(path)

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
