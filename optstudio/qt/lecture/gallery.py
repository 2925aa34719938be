"""The scenario gallery: thumbnails of the ready-made scenarios, shown on start (unless turned
off) and from the Scenarios menu. Double-clicking a scenario opens it and plays it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
)

from ...studies.gallery import PRESETS, presets_folder
from ..shared.texts import SCENARIO_TEXTS, translated

ICON_SIZE = (256, 160)

WELCOME_SETTING = "ui/welcome_gallery"


def show_on_start(settings) -> bool:
    return str(settings.value(WELCOME_SETTING, "true")).lower() in ("true", "1")


class Gallery(QDialog):
    """Not modal: the studio stays usable behind it, and tests can drive it."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.setWindowTitle(self.tr("Scenario gallery"))
        self.resize(1180, 780)
        layout = QVBoxLayout(self)
        heading = QLabel(
            self.tr(
                "<h2>Welcome to optstudio</h2>Pick a scenario to see it run: double-click, "
                "or select it and press Open. Space pauses, Right steps, F11 presents."
            )
        )
        heading.setWordWrap(True)
        layout.addWidget(heading)
        self.list = QListWidget()
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(QSize(*ICON_SIZE))
        self.list.setGridSize(QSize(ICON_SIZE[0] + 24, ICON_SIZE[1] + 56))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setWordWrap(True)
        self.list.setSpacing(6)
        for preset in PRESETS:
            thumbnail = presets_folder() / f"{preset.name}.png"
            title = translated(SCENARIO_TEXTS, preset.title)
            item = QListWidgetItem(QIcon(QPixmap(str(thumbnail))), title)
            item.setData(Qt.ItemDataRole.UserRole, preset.name)
            item.setToolTip(translated(SCENARIO_TEXTS, preset.explanation))
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            self.list.addItem(item)
        layout.addWidget(self.list, 1)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.explanation.setMinimumHeight(48)
        layout.addWidget(self.explanation)
        self.on_start = QCheckBox(self.tr("Show this gallery when optstudio starts"))
        self.on_start.setChecked(show_on_start(window.settings))
        self.on_start.toggled.connect(
            lambda on: window.settings.setValue(WELCOME_SETTING, "true" if on else "false")
        )
        buttons = QDialogButtonBox()
        self.open_button = buttons.addButton(
            self.tr("Open"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.close_button = buttons.addButton(
            self.tr("Start with the current studio"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self.open_selected)
        self.close_button.clicked.connect(self.reject)
        footer = QVBoxLayout()
        footer.addWidget(self.on_start)
        footer.addWidget(buttons)
        layout.addLayout(footer)
        self.list.currentItemChanged.connect(self._selected)
        # Activation is a double-click (or a single one, where the desktop says so) or Enter.
        self.list.itemActivated.connect(lambda _item: self.open_selected())

    def _selected(self, item: QListWidgetItem | None, _previous=None) -> None:
        self.open_button.setEnabled(item is not None)
        if item is not None:
            self.explanation.setText(f"<b>{item.text()}</b><br>{item.toolTip()}")

    def open_selected(self) -> None:
        item = self.list.currentItem()
        if item is None or not self.isVisible():
            return
        name = item.data(Qt.ItemDataRole.UserRole)
        self.accept()
        self.window.files.open_scenario(presets_folder() / f"{name}.optstudio", play=True)
