"""A one-line text field for something typed (a schedule, a boundary's formula): what it
holds by example, what it means on hover, and what happens once the typing is done (Enter or
leaving the field, not every key: a half-typed formula is not checked)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLineEdit


def text_field(example: str, meaning: str, done: Callable[[], None]) -> QLineEdit:
    field = QLineEdit()
    field.setPlaceholderText(example)
    field.setToolTip(meaning)
    field.editingFinished.connect(done)
    return field
