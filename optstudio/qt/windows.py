"""The studio's two kinds of window, registered by kind: a landscape (`MainWindow`) and a
model lab (`ModelWindow`). A module of its own so that the File menu can open either without
importing the windows that own it (`open_windows.KINDS`)."""

from __future__ import annotations

from . import open_windows
from .main_window import MainWindow
from .models.model_window import ModelWindow

open_windows.register("landscape", MainWindow)
open_windows.register("model", ModelWindow)

__all__ = ["MainWindow", "ModelWindow"]
