"""A tuning study in a process of its own, for the lab's window (`start_engine("tuning")`).

The Dask client of a study, with the scheduler of its local cluster, runs an event loop, a
feeder thread per worker and the study's own loop (`run_study`): in the window's process they
took about a third of a core and held its interpreter lock for tens of milliseconds at a time,
and the lab racing on digits while a study ran drew 31 to 46 frames a second with 7 to 60
stalls over 50 ms in ten to twenty seconds (`benchmarks/window_speed.py --model --tune`).
Here they hold only this process's lock; the window hears each trial, each step of progress
and the end through the pipe.

Messages in: ("study", plan, scheduler, worker_niceness) once, then ("stop",) to cancel.
Messages out: ("trial", TrialResult), ("progress", Progress), then ("ended", TuningResult) or
("failed", one line).
"""

from __future__ import annotations

from collections.abc import Callable

from ..tuning.study import dask_client, one_line, run_study


class StudyService:
    """Runs the one study the window sends, then ends."""

    def __init__(self, emit: Callable[..., None]) -> None:
        self.emit = emit
        self._stop = False

    def run(self, inbox) -> None:
        """Wait for the study, run it, say how it ended. EOFError (the window is gone) ends
        the study at its next task: its cluster closes with it."""
        message = inbox.get(None)
        if message is None or message[0] != "study":
            return
        _, plan, scheduler, niceness = message

        def cancelled() -> bool:
            try:
                while (command := inbox.get(0)) is not None:
                    self._stop = self._stop or command[0] == "stop"
            except EOFError:
                self._stop = True
            return self._stop

        try:
            with dask_client(scheduler or None, nice=niceness) as client:
                result = run_study(
                    plan,
                    client,
                    on_trial=lambda trial: self.emit("trial", trial),
                    on_progress=lambda progress: self.emit("progress", progress),
                    cancelled=cancelled,
                )
        except EOFError:
            raise
        except Exception as error:  # any failure of the study is said, in one line
            self.emit("failed", one_line(error))
            return
        self.emit("ended", result)
