"""What the live engine hands the window: bounded, exact copies of each run's rows.

A snapshot is immutable and whole, so the window can draw from it at any moment without a lock,
and small (a path reduced to what shows at the map's size, curves of a few hundred points), so
drawing costs the same at step 10 and at step 10 million.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from ..engine.path_reduction import PixelGrid, Reduction
from ..engine.runner import Run
from ..io.session import RunProgress, progress_of

PATH_POINTS = 1500
"""Rows of a path before the window has told the engine its view (evenly strided)."""
CURVE_POINTS = 600
"""Points per curve handed to the window (a curve spans a few hundred pixels)."""
CONVERGENCE_GRAD_NORM = 1e-4
"""The results table's "steps to converge": first step with a gradient norm below this."""


@dataclass(frozen=True, kw_only=True)
class RecordedSnapshot:
    """What the window reads of a run of either kind: its step and status, the last recorded
    gradient norm and lr, the steps of its curves' rows, and how far it went (the record a
    session keeps, and the table's "steps to converge"); an error instead, for a run that
    could not be built."""

    run_id: int
    step: int
    status: str
    grad_norm: float
    lr: float
    steps: np.ndarray
    steps_to_converge: int | None = None
    error: str | None = None
    progress: RunProgress | None = None
    """How far the run went and its changes, as a session records them."""


@dataclass(frozen=True, kw_only=True)
class Snapshot(RecordedSnapshot):
    """A two-parameter run: its point and loss, its path reduced for the map, its curves."""

    theta: tuple[float, float]
    loss: float
    path: np.ndarray
    loss_curve: np.ndarray
    grad_curve: np.ndarray
    lr_curve: np.ndarray
    batch: np.ndarray | None = None
    path_steps: np.ndarray | None = None
    """The step of each path point (paths and curves are decimated differently)."""
    grid: PixelGrid | None = None
    """The map's view the path was reduced for (None: evenly strided)."""
    path_loss: np.ndarray | None = None
    """The loss at each path point, as recorded (the 3-D view lifts the path by it)."""
    path_joined: np.ndarray | None = None
    """Whether each path point is joined to the one before (the reduction breaks the line
    where a stretch is on the screen already); None: all joined."""
    theta_curve: np.ndarray | None = None
    """The point at each curve step, so that a snapshot cut at a curve step knows where the
    run was there, not only its loss."""

    def connect(self) -> np.ndarray | str:
        """pyqtgraph's `connect` for the path."""
        if self.path_joined is None:
            return "all"
        return np.append(self.path_joined[1:], False)


def decimated_indices(n: int, limit: int) -> np.ndarray:
    """At most `limit` row indices, evenly strided, always keeping the first and last rows."""
    if n <= limit:
        return np.arange(n)
    stride = math.ceil(n / (limit - 1))
    index = np.arange(0, n, stride)
    return index if index[-1] == n - 1 else np.append(index, n - 1)


def take_snapshot(
    run_id: int,
    run: Run,
    steps_to_converge: int | None,
    max_steps: int,
    reduction: Reduction | None = None,
    grid: PixelGrid | None = None,
) -> Snapshot:
    """`reduction`: the rows of the path to draw at `grid`; else evenly strided."""
    n = len(run)
    index = decimated_indices(n, CURVE_POINTS)
    path_index = decimated_indices(n, PATH_POINTS) if reduction is None else reduction.rows
    status = run.status if run.finished else "max_steps" if run.step >= max_steps else "running"
    return Snapshot(
        run_id=run_id,
        step=run.step,
        status=status,
        theta=run.theta,
        loss=float(run.loss_values[-1]) if n else math.nan,
        grad_norm=float(run.grad_norm[-1]) if n else math.nan,
        lr=float(run.lr[-1]) if n else math.nan,
        steps=run.steps_at(index),
        path=run.path[path_index].copy(),
        loss_curve=run.loss_values[index].copy(),
        grad_curve=run.grad_norm[index].copy(),
        lr_curve=run.lr[index].copy(),
        steps_to_converge=steps_to_converge,
        batch=run.current_batch(),
        progress=progress_of(run),
        path_steps=run.steps_at(path_index),
        grid=grid,
        path_loss=run.loss_values[path_index].copy(),
        path_joined=None if reduction is None else reduction.joined,
        theta_curve=run.path[index].copy(),
    )


def error_snapshot(run_id: int, message: str) -> Snapshot:
    """A run that could not be built: no rows, and the reason."""
    empty = np.zeros(0)
    return Snapshot(
        run_id=run_id,
        step=0,
        status="error",
        grad_norm=math.nan,
        lr=math.nan,
        steps=empty.astype(np.int64),
        error=message,
        theta=(math.nan, math.nan),
        loss=math.nan,
        path=np.zeros((0, 2)),
        loss_curve=empty,
        grad_curve=empty,
        lr_curve=empty,
    )


def progress_until(progress: RunProgress | None, step: int) -> RunProgress:
    """A run's progress cut at `step`: the changes made up to then, and no later ones."""
    if progress is None:
        return RunProgress(step)
    changes = [c for c in progress.hyper_changes if int(c["step"]) <= step]
    return RunProgress(step, changes, progress.initial_hyper)


def recorded_step_at(snap: Snapshot, step: int) -> int:
    """The last step at or before `step` whose numbers the snapshot holds (its curves' rows,
    recorded every `record_every` steps and decimated for long runs)."""
    if step >= snap.step or len(snap.steps) == 0:
        return snap.step
    points = max(1, int(np.searchsorted(snap.steps, step, side="right")))
    return int(snap.steps[points - 1])


def at_step(snap: Snapshot, step: int) -> Snapshot:
    """A run's snapshot as it was at `step` (a timeline's position, an animation's frame):
    every field is the one recorded at the last curve row at or before `step`, and the
    snapshot's step is that row's, so that a table never labels one step with another's
    numbers. The path is cut at the same step."""
    if step >= snap.step or len(snap.steps) == 0:
        return snap
    points = max(1, int(np.searchsorted(snap.steps, step, side="right")))
    shown = int(snap.steps[points - 1])
    path_steps = snap.path_steps if snap.path_steps is not None else np.arange(len(snap.path))
    rows = max(1, int(np.searchsorted(path_steps, shown, side="right")))
    if snap.theta_curve is not None:
        theta = (float(snap.theta_curve[points - 1][0]), float(snap.theta_curve[points - 1][1]))
    else:
        theta = (float(snap.path[rows - 1][0]), float(snap.path[rows - 1][1]))
    converged = snap.steps_to_converge
    return replace(
        snap,
        step=shown,
        status="running",
        theta=theta,
        loss=float(snap.loss_curve[points - 1]),
        grad_norm=float(snap.grad_curve[points - 1]),
        lr=float(snap.lr_curve[points - 1]),
        steps_to_converge=converged if converged is not None and converged <= shown else None,
        progress=None if snap.progress is None else progress_until(snap.progress, shown),
        path=snap.path[:rows],
        path_steps=path_steps[:rows],
        path_loss=None if snap.path_loss is None else snap.path_loss[:rows],
        path_joined=None if snap.path_joined is None else snap.path_joined[:rows],
        steps=snap.steps[:points],
        loss_curve=snap.loss_curve[:points],
        grad_curve=snap.grad_curve[:points],
        lr_curve=snap.lr_curve[:points],
        theta_curve=None if snap.theta_curve is None else snap.theta_curve[:points],
        batch=None,
    )
