"""A session's long run brought back to the step it was saved at, a slice at a time: the plan
(its changes still to apply, each at its step, and the step to reach) and how long a slice is.
The engine (`LiveEngine`) replays a slice between the window's commands, with progress."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..io.session import RunProgress

REPLAY_AT_ONCE = 100_000
"""A session's run of at most this many steps is replayed when it is built (a blink); a
longer one a chunk at a time (`Replay`), with progress, between the window's commands."""
REPLAY_SLICE_SECONDS = 0.1
"""How long the engine replays before it looks for the window's commands again."""


@dataclass
class Replay:
    """What is left of replaying a session's run: its changes still to apply, each at its
    step, and the step it was saved at. Replayed a chunk at a time between the window's
    commands (a session saved at 2·10⁹ steps took a minute in one call, with no word and no
    way to stop it)."""

    changes: list[dict[str, Any]]
    target: int

    @classmethod
    def of(cls, progress: RunProgress) -> Replay:
        """The plan of a recorded progress: ValueError (as a session reports it) if its
        changes are out of order or past its end."""
        last = 0
        for change in progress.hyper_changes:
            step = change.get("step")
            if not isinstance(step, int) or isinstance(step, bool) or not last <= step:
                raise ValueError(f"hyper_changes step {step!r} is out of order")
            if step > progress.steps:
                raise ValueError(f"hyper_changes step {step} is past the run's end")
            last = step
        return cls([dict(c) for c in progress.hyper_changes], int(progress.steps))

    def next_stop(self) -> int:
        return int(self.changes[0]["step"]) if self.changes else self.target
