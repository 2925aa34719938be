"""How often a window starts a new engine process after one died, before it gives up and asks
the user to save: the same rule for a landscape's window and the model lab's."""

from __future__ import annotations

import time

MAX_ENGINE_RESTARTS = 3
"""Engine processes restarted within a minute before the window gives up and says so."""
WINDOW_SECONDS = 60.0


class RestartBudget:
    def __init__(self) -> None:
        self._times: list[float] = []

    def spend(self) -> bool:
        """Count a restart now; False once more than MAX_ENGINE_RESTARTS fell in a minute."""
        now = time.monotonic()
        self._times = [t for t in self._times if now - t < WINDOW_SECONDS] + [now]
        return len(self._times) <= MAX_ENGINE_RESTARTS
