"""Shared test set-up: Qt runs offscreen, and no stale compiled kernel is ever tested.

numba's cache checks the timestamp of a kernel's own file, not of the functions it calls, so
after an edit to `_loss_kernels.py` the cached step loop would still hold the old loss. Before
the session, any engine source newer than the engine's cache clears that cache.
"""

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ENGINE = Path(__file__).resolve().parent.parent / "optstudio" / "engine"


def _clear_stale_numba_cache() -> None:
    cached = list((ENGINE / "__pycache__").glob("*.nb[ic]"))
    if not cached:
        return
    newest_source = max(p.stat().st_mtime for p in ENGINE.glob("*.py"))
    if newest_source > min(p.stat().st_mtime for p in cached):
        for path in cached:
            path.unlink(missing_ok=True)


_clear_stale_numba_cache()
