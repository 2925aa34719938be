"""The lab's Tune… button, and its tuning study in the session: one dialog a window, shown
again as saved when a session is opened, and dropped with the study it belonged to."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from .tuning_dialog import TuningDialog


class TuningLauncher(QObject):
    """The lab's Tune… button: opens the tuning dialog (one at a time)."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: TuningDialog | None = None
        action = QAction(self.tr("Tune…"), window)
        action.setToolTip(
            self.tr("Tune the optimizers with the same budget on every core or a Dask "
                    "cluster, and compare their best settings with their defaults")
        )  # fmt: skip
        action.triggered.connect(lambda _=False: self.open())
        window.controls.addAction(action)
        self.action = action

    def open(self) -> TuningDialog:
        if self.dialog is None:
            self.dialog = TuningDialog(self.window, self.window.view_menu.theme)
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog

    def saved(self) -> dict | None:
        """The study for the session file: its plan and finished trials (None if none)."""
        dialog = self.dialog
        if dialog is None or dialog.plan is None or not dialog.trials:
            return None
        from ...tuning.saved import study_to_dict

        return study_to_dict(dialog.plan, dialog.trials)

    def restore(self, saved: dict | None) -> None:
        """A session's tuning study shown as it was saved (nothing runs again); a session with
        none leaves no earlier study's trials in the dialog."""
        if self.dialog is not None:
            self.dialog.close()  # a study of the session before stops with it
            self.dialog.deleteLater()
            self.dialog = None
        if saved is None:
            return
        from ...tuning.saved import study_from_dict

        plan, trials = study_from_dict(saved)  # checked when the session was read
        self.dialog = TuningDialog(self.window, self.window.view_menu.theme)
        self.dialog.show_study(plan, trials)
