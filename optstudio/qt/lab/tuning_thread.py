"""A tuning study's thread in the lab.

The thread runs `run_study` on a Dask client and only waits on it (the trials train in worker
processes), sending each trial and each step of progress to the window as Qt signals.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QThread, Signal

from ...tuning.study import TuningPlan, dask_client, run_study

WORKER_NICENESS = 19
"""How much lower the study's local workers are scheduled than the window and its engine:
the lowest there is. Against 10, with the lab racing on digits on 2 cores
(`benchmarks/window_speed.py --model --tune`), the frames went from 55 to 58 a second and the
stalls over 50 ms from 1-3 to 1 in ten seconds, and the study from 0.8 to 0.35 trials a second
while the race runs (a paused race leaves the workers every core)."""


class StudyThread(QThread):
    """`run_study` on a Dask client, its trials and progress sent to the window as signals."""

    trial_done = Signal(object)
    progress = Signal(object)
    ended = Signal(object)
    failed = Signal(str)

    def __init__(self, plan: TuningPlan, scheduler: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.plan, self.scheduler = plan, scheduler
        self.stop_requested = False

    def run(self) -> None:
        try:
            with dask_client(self.scheduler or None, nice=WORKER_NICENESS) as client:
                result = run_study(
                    self.plan,
                    client,
                    on_trial=self.trial_done.emit,
                    on_progress=self.progress.emit,
                    cancelled=lambda: self.stop_requested,
                )
        except Exception as error:  # any failure of the study is said, in one line
            text = str(error).splitlines()[0] if str(error) else type(error).__name__
            self.failed.emit(text)
            return
        self.ended.emit(result)
