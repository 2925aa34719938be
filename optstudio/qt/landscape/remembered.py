"""What the landscape window keeps between sessions (QSettings): its studio, its size and docks,
and the speed control's position."""

from __future__ import annotations

import contextlib
import json
import math
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from ...speed_scale import SPEED_STEPS
from ...studies.landscape import LandscapeStudy, default_landscape_study


def restored_study(settings: QSettings) -> LandscapeStudy:
    """The studio the last session closed with, or the first studio (a stored one that no
    longer loads is dropped, not shown half)."""
    text = settings.value("studio/state")
    if text:
        try:
            return LandscapeStudy.from_dict(json.loads(str(text)))
        except (ValueError, TypeError, KeyError, json.JSONDecodeError):
            pass
    return default_landscape_study()


def restore_layout(window: Any) -> None:
    """The window's size, docks and speed as the last session left them."""
    geometry = window.settings.value("window/geometry")
    if isinstance(geometry, QByteArray):
        window.restoreGeometry(geometry)
    layout = window.settings.value("window/state")
    if isinstance(layout, QByteArray):
        window.restoreState(layout)
    speed = window.settings.value("studio/speed")
    with contextlib.suppress(TypeError, ValueError):  # a settings file edited by hand
        window.controls.speed.setValue(int(speed))


def remember(window: Any) -> None:
    """The layout, the studio and the speed for the next start."""
    window.settings.setValue("window/geometry", window.saveGeometry())
    window.settings.setValue("window/state", window.saveState())
    window.settings.setValue("studio/state", json.dumps(window.state.to_dict()))
    position = window.controls.speed.value()
    window.settings.setValue("studio/speed", SPEED_STEPS if math.isinf(position) else position)
    window.settings.sync()
