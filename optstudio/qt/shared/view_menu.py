"""The View menu: theme, language, the presentation view, the step panel and the gallery."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication

from .i18n import LANGUAGE_SETTING, LANGUAGES
from .themes import HIGH_CONTRAST, Theme, apply_widget_theme, chosen_theme

THEME_CHOICES = ("system", "light", "dark")


class ViewMenu(QObject):
    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.settings = window.settings
        self.menu = window.menuBar().addMenu(self.tr("&View"))
        self.theme_choice = str(self.settings.value("ui/theme", "system"))
        if self.theme_choice not in THEME_CHOICES:
            self.theme_choice = "system"
        themes = self.menu.addMenu(self.tr("Theme"))
        group = QActionGroup(self)
        names = {
            "system": self.tr("Follow the desktop"),
            "light": self.tr("Light"),
            "dark": self.tr("Dark"),
        }
        self.theme_actions: dict[str, QAction] = {}
        for choice in THEME_CHOICES:
            action = QAction(names[choice], self, checkable=True)
            action.setChecked(choice == self.theme_choice)
            action.triggered.connect(lambda _=False, c=choice: self.choose_theme(c))
            group.addAction(action)
            themes.addAction(action)
            self.theme_actions[choice] = action
        languages = self.menu.addMenu(self.tr("Language"))
        language_group = QActionGroup(self)
        chosen = str(self.settings.value(LANGUAGE_SETTING, "system"))
        self.language_actions: dict[str, QAction] = {}
        for choice, name in (("system", self.tr("Follow the system")), *LANGUAGES.items()):
            action = QAction(name, self, checkable=True)
            action.setChecked(choice == chosen)
            action.triggered.connect(lambda _=False, c=choice: self.choose_language(c))
            language_group.addAction(action)
            languages.addAction(action)
            self.language_actions[choice] = action
        self.menu.addSeparator()
        self.presentation_action = self.menu.addAction(self.tr("Presentation view") + "\tF11")
        self.presentation_action.triggered.connect(window.presentation.toggle)
        if hasattr(window, "explainer"):  # a landscape's step panel
            self.step_action = self.menu.addAction(self.tr("Step explained") + "\tE")
            self.step_action.triggered.connect(window.explainer.toggle_panel)
        hints = QGuiApplication.styleHints()
        if hasattr(hints, "colorSchemeChanged"):
            hints.colorSchemeChanged.connect(lambda *_: self.apply_theme())

    @property
    def theme(self) -> Theme:
        if self.window.presentation.active:
            return HIGH_CONTRAST
        return chosen_theme(self.theme_choice)

    def choose_language(self, choice: str) -> None:
        """The window is rebuilt in the new language, with the same studio."""
        if choice != str(self.settings.value(LANGUAGE_SETTING, "system")):
            # After this slot returns: the window it belongs to is replaced.
            QTimer.singleShot(0, lambda: self.window.rebuild_in_language(choice))

    def choose_theme(self, choice: str) -> None:
        self.theme_choice = choice
        self.settings.setValue("ui/theme", choice)
        self.theme_actions[choice].setChecked(True)
        self.apply_theme()

    def apply_theme(self) -> None:
        apply_widget_theme(chosen_theme(self.theme_choice))
        self.window.apply_plot_theme(self.theme)
