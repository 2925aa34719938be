"""Waiting for what a window shows while it goes on taking in its events: a figure exported
from the menu, `optstudio plot` and the scenario thumbnails all wait so for the view on screen
to be drawn (the landscape of a new range comes from the engine process)."""

from __future__ import annotations

import time
from collections.abc import Callable


def events_until(app, done: Callable[[], bool], seconds: float) -> bool:
    """Take in the window's events until `done()` holds or `seconds` have passed (whether it
    held): what a figure or thumbnail waits with for what it shows."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        if done():
            return True
        time.sleep(0.01)
    return False
