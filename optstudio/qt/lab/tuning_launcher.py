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
        self._leaving: list[TuningDialog] = []
        """Dialogs of sessions before whose studies are still stopping."""
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
            self._let_go(self.dialog)
            self.dialog = None
        if saved is None:
            return
        from ...tuning.saved import study_from_dict

        plan, trials = study_from_dict(saved)  # checked when the session was read
        self.dialog = TuningDialog(self.window, self.window.view_menu.theme)
        self.dialog.show_study(plan, trials)

    def network_changed(self) -> None:
        if self.dialog is not None:
            self.dialog.network_changed()

    def apply_theme(self, theme: Any) -> None:
        if self.dialog is not None:
            self.dialog.views.apply_theme(theme)

    def _let_go(self, dialog: TuningDialog) -> None:
        """A dialog of the session before: closed at once, its study asked to stop, and the
        dialog deleted once its thread has ended (deleting a running QThread aborts)."""
        dialog.close()
        if dialog.running():
            self._leaving.append(dialog)
            dialog.study_thread.finished.connect(lambda: self._gone(dialog))
        else:
            dialog.deleteLater()

    def _gone(self, dialog: TuningDialog) -> None:
        if dialog in self._leaving:
            self._leaving.remove(dialog)
            dialog.deleteLater()

    def stop(self) -> None:
        """The window closes: every study is asked to stop, and waited for (its workers end
        with it, and no thread outlives the window)."""
        dialogs = [*self._leaving, *([self.dialog] if self.dialog else [])]
        for dialog in dialogs:  # all asked first, so their studies stop side by side
            dialog.stop()
        for dialog in dialogs:
            if dialog.study_thread is not None:
                dialog.study_thread.wait()
