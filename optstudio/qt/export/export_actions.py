"""Export from the window: figures (PNG or SVG, 1x to 4x, solid or transparent), the figure to
the clipboard, animations (GIF or MP4, with progress and cancel), and runs as CSV, JSON or NPZ
files that re-create them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QProgressDialog,
    QWidget,
)

from ..shared.event_waits import events_until
from .figures import PARTS, SCALES, render_image, write_figure

FIGURE_WAIT_SECONDS = 3.0
"""How long a figure waits for the view on screen to be drawn (`view_drawn`): the landscape
of a range just zoomed to comes from the engine within a fraction of a second; past this the
figure is taken as it is."""


class FigureOptions(QDialog):
    """What to export and how: the map, the curves or both; the scale; the background. The
    choices are remembered (`remember`, `recall`): a lecturer exporting ten figures for slides
    sets them once."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export figure"))
        form = QFormLayout(self)
        self.part = QComboBox()
        for key, text in zip(
            PARTS,
            (self.tr("Map with paths"), self.tr("Curves"), self.tr("Map and curves side by side")),
            strict=True,
        ):
            self.part.addItem(text, key)
        self.scale = QComboBox()
        for scale in SCALES:
            self.scale.addItem(f"{scale}x", scale)
        self.transparent = QCheckBox(self.tr("Transparent background"))
        form.addRow(self.tr("Figure"), self.part)
        form.addRow(self.tr("Scale (PNG)"), self.scale)
        form.addRow(self.transparent)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def recall(self, settings: QSettings) -> None:
        part = self.part.findData(settings.value("export/part", "map"))
        scale = self.scale.findData(_int(settings.value("export/scale", 1)))
        self.part.setCurrentIndex(max(part, 0))
        self.scale.setCurrentIndex(max(scale, 0))
        self.transparent.setChecked(str(settings.value("export/transparent", "false")) == "true")

    def remember(self, settings: QSettings) -> None:
        settings.setValue("export/part", self.part.currentData())
        settings.setValue("export/scale", int(self.scale.currentData()))
        settings.setValue("export/transparent", "true" if self.transparent.isChecked() else "false")


def _int(value: object) -> int:
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return 0


def _safe_name(name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", name).strip("_") or "run"


class ExportActions(QObject):
    animations = True
    """Whether the window offers animations of its race (a landscape's does)."""

    def __init__(self, window, menu) -> None:
        super().__init__(window)
        self.window = window
        figure = QAction(self.tr("Export &figure…"), window)
        figure.setShortcut(QKeySequence("Ctrl+E"))
        figure.triggered.connect(lambda _=False: self.figure_dialog())
        copy = QAction(self.tr("&Copy figure"), window)
        copy.setShortcut(QKeySequence("Ctrl+Shift+C"))
        copy.triggered.connect(lambda _=False: self.copy_figure())
        animation = QAction(self.tr("Export &animation…"), window)
        animation.triggered.connect(lambda _=False: self.animation_dialog())
        runs = QAction(self.tr("Export all &runs…"), window)
        runs.triggered.connect(lambda _=False: self.runs_dialog())
        selected = QAction(self.tr("Export the selected run…"), window)
        selected.triggered.connect(lambda _=False: self.runs_dialog(selected_only=True))
        for action in (figure, copy, animation, runs, selected):
            if action is not animation or self.animations:
                menu.addAction(action)
        window.controls.addSeparator()
        window.controls.addAction(figure)
        self.figure_action = figure
        window.engine.exported.connect(self._exported)
        self.last_export: list[str] = []

    def widgets(self, part: str) -> list[QWidget]:
        return {
            "map": [self.window.map],
            "curves": [self.window.curves],
            "both": [self.window.map, self.window.curves],
        }[part]

    def view_drawn(self) -> bool:
        """Whether a figure taken now shows the view on screen: in the landscape, the
        landscape computed for its range and every path reduced at it (`ready_to_draw`, which
        `optstudio plot` waits for too). A figure exported or copied within the tenth of a
        second after a zoom showed the previous range's colours under the new axes."""
        return self.window.ready_to_draw()

    def _wait_for_view(self) -> None:
        if not self.view_drawn():
            events_until(QApplication.instance(), self.view_drawn, FIGURE_WAIT_SECONDS)

    def export_figure(
        self, path: str | Path, part: str = "map", scale: int = 1, transparent: bool = False
    ) -> bool:
        self._wait_for_view()
        try:
            write_figure(self.widgets(part), path, scale=scale, transparent=transparent)
        except (OSError, ValueError) as error:
            self.window.warn(self.tr("Cannot export the figure"), str(error))
            return False
        self.window.statusBar().showMessage(self.tr("Exported {0}").format(str(path)), 5000)
        return True

    def copy_figure(self, part: str = "both") -> None:
        self._wait_for_view()
        QApplication.clipboard().setImage(render_image(self.widgets(part), 2, False))
        self.window.statusBar().showMessage(self.tr("Figure copied to the clipboard"), 4000)

    def figure_dialog(self) -> None:
        options = FigureOptions(self.window)
        options.recall(self.window.settings)
        if options.exec() != QDialog.DialogCode.Accepted:
            return
        options.remember(self.window.settings)
        path = self.ask_save_path(
            self.tr("Export figure"), "optstudio", "PNG image (*.png);;SVG drawing (*.svg)"
        )
        if path:
            self.export_figure(
                path,
                options.part.currentData(),
                options.scale.currentData(),
                options.transparent.isChecked(),
            )

    # ----- animations -----
    def export_animation(self, path: str | Path, **options: Any) -> bool:
        """Write the animation (`options`: write_animation's fps, seconds, part and progress),
        saying in the status bar what came of it; a failure is one message."""
        from .animation import write_animation

        self.window.frame_timer.stop()
        try:
            written = write_animation(self.window, path, **options)
        except (OSError, ValueError, RuntimeError) as error:
            self.window.warn(self.tr("Cannot export the animation"), str(error))
            return False
        finally:
            self.window.frame_timer.start()
        if written is None:
            self.window.statusBar().showMessage(self.tr("Animation cancelled"), 4000)
            return False
        self.window.statusBar().showMessage(self.tr("Exported {0}").format(str(path)), 5000)
        return True

    def animation_dialog(self) -> None:
        path = self.ask_save_path(
            self.tr("Export animation"), "race", "GIF (*.gif);;MP4 video (*.mp4)"
        )
        if not path:
            return
        dialog = QProgressDialog(self.tr("Drawing frames…"), self.tr("Cancel"), 0, 100, self.window)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)

        def progress(done: int, total: int) -> bool:
            dialog.setMaximum(total)
            dialog.setValue(done)
            return not dialog.wasCanceled()

        self.export_animation(path, progress=progress)
        dialog.close()

    # ----- runs -----
    def export_runs(self, path: str | Path, run_ids: list[int] | None = None) -> None:
        """One file per run: `path` itself for one run, `stem-<run name>.ext` for several.
        The engine thread writes them (it holds the full-resolution rows)."""
        target = Path(path)
        entries = [r for r in self.window.state.runs if run_ids is None or r.run_id in run_ids]
        if len(entries) == 1:
            targets = {entries[0].run_id: target}
        else:
            targets = {
                r.run_id: target.with_name(f"{target.stem}-{_safe_name(r.name)}{target.suffix}")
                for r in entries
            }
        self.window.engine.export_runs(targets)

    def runs_dialog(self, selected_only: bool = False) -> None:
        """Ask where, then export every run or only the one the runs list selects."""
        run_ids = None
        name = "runs"
        if selected_only:
            current = self.window.runs_panel.current_id()
            if current is None:
                self.window.statusBar().showMessage(self.tr("No run is selected"), 5000)
                return
            run_ids = [current]
            name = _safe_name(self.window.state.run(current).name)
        path = self.ask_save_path(
            self.tr("Export runs"), name, "CSV (*.csv);;JSON (*.json);;NumPy (*.npz)"
        )
        if path:
            self.export_runs(path, run_ids)

    def ask_save_path(self, title: str, stem: str, filters: str) -> str:
        """The file dialog (tests replace this to answer it), in the folder of the last export
        and with the type chosen last time for this kind of file (both remembered)."""
        settings = self.window.settings
        kind = _safe_name(filters.split("(")[0])  # the dialog's first type names its key
        folder = str(settings.value("export/folder", "") or "")
        if not folder or not Path(folder).is_dir():
            folder = str(Path.home())
        choice = str(settings.value(f"export/filter/{kind}", "") or "")
        chosen = choice if choice in filters.split(";;") else filters.split(";;")[0]
        suffix = chosen[chosen.index("*") + 1 : chosen.index(")")]
        path, used = QFileDialog.getSaveFileName(
            self.window, title, str(Path(folder) / f"{stem}{suffix}"), filters, chosen
        )
        if path:
            settings.setValue("export/folder", str(Path(path).parent))
            settings.setValue(f"export/filter/{kind}", used or chosen)
        return path

    def _exported(self, written: list, error: str) -> None:
        self.last_export = [str(p) for p in written]
        if error:
            self.window.warn(self.tr("Cannot export the runs"), error)
        else:
            self.window.statusBar().showMessage(
                self.tr("Wrote {0} file(s)").format(len(written)), 5000
            )
