"""The studio's two kinds of window, registered by kind: a landscape (`LandscapeWindow`) and a
model lab (`LabWindow`). A module of its own so that the File menu can open either without
importing the windows that own it (`open_windows.KINDS`)."""

from __future__ import annotations

from . import open_windows
from .lab.lab_window import LabWindow
from .landscape.landscape_window import LandscapeWindow

open_windows.register("landscape", LandscapeWindow)
open_windows.register("model", LabWindow)

__all__ = ["LabWindow", "LandscapeWindow"]
