"""Settings for the frozen (PyInstaller) application, applied before numba loads.

A frozen application's own folder may be read-only and is replaced by each update, so numba's
compiled kernels are cached in the user's cache folder instead: the first start compiles, the
next ones load in a fraction of a second.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def user_cache_folder() -> Path:
    """The per-user cache folder of optstudio, by each platform's convention."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "optstudio" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "optstudio"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "optstudio"


def configure() -> None:
    """Point numba's cache at the user's cache folder when running frozen."""
    if getattr(sys, "frozen", False):
        folder = user_cache_folder() / "numba"
        folder.mkdir(parents=True, exist_ok=True)
        os.environ.setdefault("NUMBA_CACHE_DIR", str(folder))
