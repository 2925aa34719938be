"""Messages from the engine to the window, sent by a thread of their own.

A pipe holds a few hundred kilobytes; a frame's snapshots of eight long paths are about that.
Sending from the engine's loop made it wait whenever the window was busy painting, so the
engine lost steps to the window's frames. Here the loop only queues; a thread sends. Snapshots
still waiting when newer ones arrive are merged with them: a window that falls behind sees
fewer frames, never older ones, and the engine never waits for it.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable


class Outbox:
    """A FIFO of messages (`(kind, *values)`) with the pending snapshots merged."""

    def __init__(self, send: Callable[[tuple], None]) -> None:
        self._send = send
        self._queue: deque[tuple] = deque()
        self._ready = threading.Condition()
        self._closed = False
        self._failed = False
        self._thread = threading.Thread(target=self._loop, name="optstudio-outbox", daemon=True)
        self._thread.start()

    def put(self, message: tuple) -> None:
        """Queue a message; EOFError once the window can no longer be reached."""
        with self._ready:
            if self._failed:
                raise EOFError("the window is gone")
            last = self._queue[-1] if self._queue else None
            if message[0] == "snapshots" and last is not None and last[0] == "snapshots":
                _, changed, ids, steps = message
                self._queue[-1] = ("snapshots", {**last[1], **changed}, ids, steps)
            else:
                self._queue.append(message)
            self._ready.notify()

    def close(self, timeout: float = 2.0) -> None:
        """Send what is queued (waiting at most `timeout` seconds), then end the thread."""
        with self._ready:
            self._closed = True
            self._ready.notify()
        self._thread.join(timeout)

    def _loop(self) -> None:
        while True:
            with self._ready:
                while not self._queue and not self._closed:
                    self._ready.wait()
                if not self._queue:
                    return
                message = self._queue.popleft()
            try:
                self._send(message)
            except (OSError, EOFError, ValueError):
                with self._ready:
                    self._failed = True
                    self._queue.clear()
                return
