"""The studio windows alive.

Qt deletes a top-level window that no Python object holds, so the studio holds its windows
here: start-up adds the first, a change of language swaps a window for its rebuilt twin, and
SIGTERM saves each. A module of its own because start-up (`app.py`), the window and its menus
all need it, and none of them may import another in a circle.
"""

from __future__ import annotations

OPEN: list = []
"""The studio windows, oldest first."""


def keep(window) -> None:
    """Hold `window` for as long as the studio runs."""
    OPEN.append(window)


def replace(old, new) -> None:
    """`new` takes the place of `old`, which Qt may now delete."""
    if old in OPEN:
        OPEN.remove(old)
    OPEN.append(new)
