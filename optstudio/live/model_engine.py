"""The live engine of a model study: the landscapes' loop driving `ModelRun`s.

The loop is `LiveEngine`'s (chunks tuned to a few milliseconds, the lockstep race, commands
applied between chunks, snapshots of the runs that moved), so a network trains in the
engine's background worker like any other run. Only what differs is here: the study is a
`ModelStudy`, a run is built by `create_lab_run` (every run from the same initial weights),
and its snapshot is a `ModelSnapshot`: the curves of train and test loss and accuracy, and the
parameters of its last recorded row, from which the window draws the decision surface and
puts the run on the loss landscape.
"""

from __future__ import annotations

import math
import weakref
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from ..engine.models.runner import ModelRun
from ..io.session import RunProgress, progress_of
from ..studies.model import ModelStudy, create_lab_run
from ..studies.runs import RunEntry
from .core import LiveEngine, _Live
from .envelope import Envelope
from .snapshots import CURVE_POINTS, RecordedSnapshot, decimated_indices

PLANE_ROWS = 300
"""Rows of each run sent for the loss-landscape plane at most (all of them below that)."""
FIRST_CHUNK = 1
"""Steps of a model run's first kernel call: a step of a large network on a large data set
takes milliseconds, so the chunk grows from one towards the loop's target time."""


@dataclass(frozen=True, kw_only=True)
class ModelSnapshot(RecordedSnapshot):
    """A model run as the window draws it: its last recorded values, curves of at most
    CURVE_POINTS recorded rows, and the parameters of its last recorded row."""

    train_loss: float
    test_loss: float
    test_accuracy: float
    train_curve: np.ndarray
    test_curve: np.ndarray
    accuracy_curve: np.ndarray
    params: np.ndarray
    batch_rows: int = 0
    training_rows: int = 0
    """The rows a step takes and the training set's: a step's epoch is step x batch / rows."""
    step_loss_steps: np.ndarray | None = None
    """For a mini-batch run: the steps of `step_loss_curve` (None for a full-batch run, whose
    steps are taken on the training set the train curve shows)."""
    step_loss_curve: np.ndarray | None = None
    """The objective of the mini-batch each step was taken on, at most 2 CURVE_POINTS of
    them keeping the curve's envelope (`live.envelope.Envelope`)."""

    def epoch_of(self, steps: Any) -> Any:
        """The epoch of a step (or an array of them): step x batch / training rows."""
        return np.asarray(steps) * self.batch_rows / max(self.training_rows, 1)


def take_model_snapshot(
    run_id: int, run: ModelRun, steps_to_converge: int | None, max_steps: int
) -> ModelSnapshot:
    n = len(run)
    index = decimated_indices(n, CURVE_POINTS)
    status = run.status if run.finished else "max_steps" if run.step >= max_steps else "running"

    def last(values: np.ndarray) -> float:
        return float(values[-1]) if n else math.nan

    return ModelSnapshot(
        run_id=run_id,
        step=run.step,
        status=status,
        train_loss=last(run.train_loss),
        test_loss=last(run.test_loss),
        test_accuracy=last(run.test_accuracy),
        grad_norm=last(run.grad_norm),
        lr=last(run.lr),
        steps=run.steps[index].copy(),
        train_curve=run.train_loss[index].copy(),
        test_curve=run.test_loss[index].copy(),
        accuracy_curve=run.test_accuracy[index].copy(),
        params=run.params[-1].copy() if n else np.zeros(run.n_params),
        steps_to_converge=steps_to_converge,
        progress=progress_of(run),
        batch_rows=run.batch_size or len(run.data.x_train),
        training_rows=len(run.data.x_train),
        **_step_losses(run),
    )


def model_at_step(snap: ModelSnapshot, step: int) -> ModelSnapshot:
    """A model run's snapshot as it was at `step` (an animation's frame): its curves cut at
    the last recorded row at or before `step`, and every value the one recorded there. (The
    parameters stay the snapshot's: a caller that shows the boundary at `step` fetches that
    row's from the engine.)"""
    if step >= snap.step or len(snap.steps) == 0:
        return snap
    points = max(1, int(np.searchsorted(snap.steps, step, side="right")))
    shown = int(snap.steps[points - 1])
    each_step = {}
    if snap.step_loss_steps is not None:
        kept = snap.step_loss_steps <= shown
        each_step = {
            "step_loss_steps": snap.step_loss_steps[kept],
            "step_loss_curve": snap.step_loss_curve[kept],
        }
    converged = snap.steps_to_converge
    return replace(
        snap,
        step=shown,
        status="running",
        train_loss=float(snap.train_curve[points - 1]),
        test_loss=float(snap.test_curve[points - 1]),
        test_accuracy=float(snap.accuracy_curve[points - 1]),
        grad_norm=math.nan,
        lr=math.nan,
        steps=snap.steps[:points],
        train_curve=snap.train_curve[:points],
        test_curve=snap.test_curve[:points],
        accuracy_curve=snap.accuracy_curve[:points],
        steps_to_converge=converged if converged is not None and converged <= shown else None,
        **each_step,
    )


_ENVELOPES: weakref.WeakKeyDictionary[ModelRun, Envelope] = weakref.WeakKeyDictionary()
"""Each live mini-batch run's envelope of its step losses, kept as the run grows."""


def _step_losses(run: ModelRun) -> dict[str, Any]:
    """A mini-batch run's losses of each step, decimated by their envelope (kept up to date
    as the run grows: a snapshot looks only at the steps taken since the last one)."""
    if run.batch_size is None or run.batch_size >= len(run.data.x_train):
        return {}
    losses = run.step_loss
    envelope = _ENVELOPES.get(run)
    if envelope is None:
        envelope = _ENVELOPES[run] = Envelope(2 * CURVE_POINTS)
    kept = envelope.indices(losses)
    return {"step_loss_steps": kept + 1, "step_loss_curve": losses[kept].copy()}


def model_error_snapshot(run_id: int, message: str) -> ModelSnapshot:
    """A run that could not be built: no rows, and the reason."""
    empty = np.zeros(0)
    nan = math.nan
    return ModelSnapshot(
        run_id=run_id,
        step=0,
        status="error",
        grad_norm=nan,
        lr=nan,
        steps=empty.astype(np.int64),
        error=message,
        train_loss=nan,
        test_loss=nan,
        test_accuracy=nan,
        train_curve=empty,
        test_curve=empty,
        accuracy_curve=empty,
        params=empty,
    )


class ModelLiveEngine(LiveEngine):
    """Owns every ModelRun of a model study; the commands of `LiveEngine`."""

    study_kind = ModelStudy
    """What `configure` reads: every run starts again from the study's initial weights."""

    def send_trajectories(
        self, until: dict[int, int] | None = None, max_rows: int = PLANE_ROWS
    ) -> None:
        """Every run's recorded parameters (rows x parameters) with their steps: the window
        computes the loss-landscape plane from them in a worker of its own, as
        `optstudio.landscape_plane` does from the runs. A run with more than `max_rows` rows
        sends that many, evenly strided with its first and last (a long run on a large
        network would otherwise send hundreds of megabytes).

        `until` (run id: step; the timeline's) sends each run's rows up to its last recorded
        row at or before that step, that row last: the window draws the run as it was there.
        The answer names the `until` it answers."""
        sent = {}
        for run_id, live in self._live.items():
            if live.run is None or not len(live.run):
                continue
            rows = len(live.run)
            if until is not None:
                if run_id not in until:
                    continue
                rows = int(np.searchsorted(live.run.steps, until[run_id], side="right"))
                rows = max(rows, 1)
            index = decimated_indices(rows, max_rows)
            sent[run_id] = (live.run.steps[index], live.run.params[index])
        self._emit("trajectories", sent, until)

    def _write_run(self, run: Any, path: Any) -> Any:
        """A model run is written with its parameters (CSV, JSON or NPZ by extension)."""
        from ..io.model_export import write_model_run

        return write_model_run(run, path)

    def snapshot(self, run_id: int) -> ModelSnapshot:  # type: ignore[override]
        live = self._live[run_id]
        if live.run is None:
            return model_error_snapshot(run_id, live.error or "not started")
        return take_model_snapshot(
            run_id, live.run, live.steps_to_converge, self._settings.state.max_steps
        )

    def _rebuilt(self, entry: RunEntry, progress: RunProgress | None) -> ModelRun:
        study = self._settings.state
        assert isinstance(study, ModelStudy)
        return _replayed(study, entry, progress)

    def _live_of(self, entry: RunEntry, run: Any) -> _Live:
        return _Live(entry, run, kernel_key=("network", entry.optimizer), chunk=FIRST_CHUNK)


def _replayed(study: ModelStudy, entry: RunEntry, progress: RunProgress | None) -> ModelRun:
    """The entry's run at step 0, or taken as far as `progress` says, each change of its
    hyperparameters applied at its step (as a session records it)."""
    if progress is not None and progress.initial_hyper:
        run = create_lab_run(study, replace(entry, hyper=dict(progress.initial_hyper)))
    else:
        run = create_lab_run(study, entry)
    if progress is None:
        return run
    for change in progress.hyper_changes:
        step = change.get("step")
        if not isinstance(step, int) or step < run.requested_steps or step > progress.steps:
            raise ValueError(f"hyper_changes step {step!r} is out of order or past the run's end")
        run.advance(step - run.requested_steps)
        run.set_hyperparameters(**{k: v for k, v in change.items() if k != "step"})
    run.advance(progress.steps - run.requested_steps)
    return run
