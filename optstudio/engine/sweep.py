"""Thousands of runs at once: hyperparameter sweeps and basin maps.

`run_many` takes one run's settings (the keyword arguments of `simulate`) and varies some
hyperparameters, or the start point, from run to run; `sweep` varies one or two hyperparameters
over a grid, `basins` the start point over the view. Runs go in parallel on every core
(`_sweep_kernel.advance_many`), in batches so that a caller can show results as they arrive
and cancel between batches. Every result equals, bit for bit, `simulate` with the same settings.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import _ids
from .hyper_history import STATUS_NAMES
from .optimizers import COMMON_NAMES, kernel_hyperparams
from .recorded_run import DIVERGENCE_BOUND
from .runner import Run, create_run
from .schedules import BLOCK
from .specs import OptimizerSpec
from .validation import MAX_SWEEP_STEPS

MAX_AXIS_COUNT = 256
MAX_RESOLUTION = 512
STEP_CHUNK = 4 * BLOCK
"""Steps per kernel call when a schedule needs its learning rates cut into pieces."""
STATUS_CODES = {name: code for code, name in STATUS_NAMES.items()}

Progress = Callable[["ManyRuns", np.ndarray], bool]
"""Called after each batch with the results so far and the indices of the runs just
finished (their entries are final); returning False cancels."""


class Cancelled(Exception):
    """The caller's progress callback asked to stop; the partial results are attached."""

    def __init__(self, partial: Any) -> None:
        super().__init__("cancelled")
        self.partial = partial


@dataclass(frozen=True)
class Axis:
    """One swept hyperparameter: COUNT values from LOW to HIGH, evenly or log-spaced."""

    name: str
    low: float
    high: float
    count: int
    log: bool = False

    def __post_init__(self) -> None:
        if not 1 <= self.count <= MAX_AXIS_COUNT:
            raise ValueError(
                f"{self.name}: the count must be 1 to {MAX_AXIS_COUNT}, got {self.count}"
            )
        if not (math.isfinite(self.low) and math.isfinite(self.high)):
            raise ValueError(f"{self.name}: the range must be finite")
        if self.log and not (self.low > 0 and self.high > 0):
            raise ValueError(f"{self.name}: a log range needs positive ends, got {self.low}")

    @property
    def values(self) -> np.ndarray:
        if self.count == 1:
            return np.array([self.low])
        if self.log:
            return np.geomspace(self.low, self.high, self.count)
        return np.linspace(self.low, self.high, self.count)

    @classmethod
    def parse(cls, text: str) -> Axis:
        """NAME=LOW:HIGH:COUNT[:log], as the command line takes it."""
        name, _, spec = text.partition("=")
        parts = spec.split(":")
        if not name.strip() or len(parts) not in (3, 4) or (len(parts) == 4 and parts[3] != "log"):
            raise ValueError(f"a grid is NAME=LOW:HIGH:COUNT[:log], got {text!r}")
        try:
            low, high, count = float(parts[0]), float(parts[1]), int(parts[2])
        except ValueError:
            raise ValueError(f"a grid is NAME=LOW:HIGH:COUNT[:log], got {text!r}") from None
        return cls(name.strip(), low, high, count, len(parts) == 4)


@dataclass
class ManyRuns:
    """The end of each of n runs (in the order given)."""

    steps: np.ndarray
    status: np.ndarray
    """Status codes (_ids.RUNNING, CONVERGED, DIVERGED); see `status_names`."""
    final_loss: np.ndarray
    grad_norm: np.ndarray
    theta: np.ndarray
    done: np.ndarray
    """Which runs have been computed (all of them unless cancelled)."""

    def status_names(self) -> list[str]:
        return [STATUS_NAMES[int(code)] for code in self.status]


@dataclass
class SweepResult:
    config: dict[str, Any]
    """The settings every run shares (simulate's keyword arguments)."""
    axes: tuple[Axis, ...]
    runs: ManyRuns
    shape: tuple[int, ...] = field(init=False)

    def __post_init__(self) -> None:
        self.shape = tuple(axis.count for axis in self.axes)

    def grid(self, values: np.ndarray) -> np.ndarray:
        """A per-run array shaped as the grid: [i] for one axis, [i, j] for two."""
        return values.reshape(self.shape)

    def settings(self, index: int) -> dict[str, float]:
        """The swept values of run `index` (in row-major order over the axes)."""
        position = np.unravel_index(index, self.shape)
        return {
            axis.name: float(axis.values[i]) for axis, i in zip(self.axes, position, strict=True)
        }

    def run_config(self, index: int) -> dict[str, Any]:
        """simulate's arguments for run `index`: reproduces it exactly."""
        return {**self.config, **self.settings(index)}

    def best(self, metric: str = "final_loss") -> int | None:
        """The run with the lowest final loss, or ("steps") the fewest steps to converge."""
        done = self.runs.done & (self.runs.status != _ids.DIVERGED)
        if metric == "steps":
            done &= self.runs.status == _ids.CONVERGED
            key = self.runs.steps.astype(float)
        else:
            key = self.runs.final_loss
        candidates = np.flatnonzero(done & np.isfinite(key))
        if candidates.size == 0:
            return None
        return int(candidates[np.argmin(key[candidates])])


def _base_run(config: Mapping[str, Any]) -> Run:
    """The run every sweep or basin map varies: one setting from its first step."""
    if config.get("hyper_changes"):
        raise ValueError("a sweep cannot replay hyperparameter changes made during a run")
    return create_run(**config)


def _validated_overrides(spec: OptimizerSpec, base: dict, overrides: list[dict]) -> None:
    """Every varied value must be one the optimizer accepts, alone and in its combination."""
    names = {name for change in overrides for name in change}
    for name in names:
        if name not in spec.hyperparam_names:
            raise ValueError(
                f"{spec.name} has no hyperparameter {name!r}; "
                f"it has {', '.join(spec.hyperparam_names)}"
            )
    if len(overrides) <= 1024:
        for change in overrides:
            spec.resolve({**base, **change})
        return
    # Many runs: each varied value alone (its range), and the corners (cross-field rules).
    for name in names:
        values = sorted({change[name] for change in overrides if name in change})
        if len(values) > 256:  # a range check is monotone: its ends decide
            values = [values[0], values[-1]]
        for value in values:
            spec.resolve({**base, name: value})
    for change in (overrides[0], overrides[-1]):
        spec.resolve({**base, **change})


def run_many(
    config: Mapping[str, Any],
    *,
    overrides: Sequence[Mapping[str, Any]] | None = None,
    starts: np.ndarray | None = None,
    progress: Progress | None = None,
    batch: int | None = None,
) -> ManyRuns:
    """Run `config` (simulate's keyword arguments) once per entry of `overrides` (changed
    hyperparameters) and/or `starts` (start points), all for `config["steps"]` steps."""
    base = _base_run(config)
    spec = base.optimizer
    if spec.name == "lbfgs":
        raise ValueError(
            "lbfgs is not swept: its steps are line searches run one at a time; compare a few "
            "settings as runs instead"
        )
    hyper = base.hyperparams
    n = len(overrides) if overrides is not None else len(starts) if starts is not None else 1
    changes = [dict(o) for o in overrides] if overrides is not None else [{}] * n
    if starts is not None and len(starts) != n:
        raise ValueError("one start point per run")
    _validated_overrides(spec, hyper, [c for c in changes if c])
    steps = int(config.get("steps", 1000))
    if n * steps > MAX_SWEEP_STEPS:
        raise ValueError(
            f"{n:,} runs of {steps:,} steps are {n * steps:,} steps, more than a sweep takes "
            f"({MAX_SWEEP_STEPS:,}, a few minutes on this machine's cores); "
            "use fewer values or fewer steps"
        )
    kernel_names = [p.name for p in spec.hyperparams if p.name not in COMMON_NAMES]

    hypers = np.empty((n, len(kernel_names)))
    hypers[:] = kernel_hyperparams(spec, hyper)
    clip_norms = np.full(n, float(hyper["clip_norm"] or 0.0))
    maximizes = np.full(n, bool(hyper["maximize"]))
    for name in {k for c in changes for k in c}:
        column = np.array([float(c.get(name, hyper[name]) or 0.0) for c in changes])
        if name == "clip_norm":
            clip_norms = column
        elif name == "maximize":
            maximizes = column.astype(bool)
        else:
            hypers[:, kernel_names.index(name)] = column
    thetas = (
        np.ascontiguousarray(starts, dtype=np.float64).copy()
        if starts is not None
        else np.tile(np.array(base.start, dtype=np.float64), (n, 1))
    )
    distinct_lrs, lr_rows = np.unique(hypers[:, 0], return_inverse=True)
    lr_rows = lr_rows.astype(np.int64).reshape(-1)
    first_lrs = _lr_table(base, distinct_lrs, 0, 1)[0][:, 0]
    from ._optimizer_steps import initial_state

    slots = initial_state(spec.kernel_id, hypers.T, thetas[:, 0], thetas[:, 1], first_lrs[lr_rows])
    states = np.column_stack([np.broadcast_to(np.asarray(s, dtype=np.float64), n) for s in slots])
    result = ManyRuns(
        steps=np.zeros(n, dtype=np.int64),
        status=np.full(n, _ids.RUNNING, dtype=np.int64),
        final_loss=np.full(n, math.nan),
        grad_norm=np.full(n, math.nan),
        theta=thetas,
        done=np.zeros(n, dtype=bool),
    )
    plan = _Plan(base, steps, hypers, clip_norms, maximizes, states, distinct_lrs, lr_rows)
    size = batch or _batch_size(n, steps)
    for first in range(0, n, size):
        chosen = np.arange(first, min(first + size, n))
        _advance_batch(plan, chosen, result)
        result.done[chosen] = True
        if progress is not None and not progress(result, chosen):
            raise Cancelled(result)
    return result


BATCH_STEPS = 20_000_000
"""About this many steps per batch (a fraction of a second): the latency of a cancel."""


def _batch_size(n: int, steps: int) -> int:
    """Enough runs per call to keep every core busy, few enough to report and cancel often."""
    return max(16, min(4096, -(-n // 32), BATCH_STEPS // max(steps, 1)))


def _lr_table(base: Run, distinct: np.ndarray, first: int, n: int) -> tuple[np.ndarray, int]:
    """The learning rates of steps [first, first + n) for each distinct base lr."""
    if base.schedule is None:
        return distinct.reshape(-1, 1).copy(), 0
    rows = []
    for lr in distinct:
        base.set_hyperparameters(lr=float(lr))
        rows.append(base.learning_rates(first, n))
    return np.ascontiguousarray(np.array(rows)), 1


@dataclass
class _Plan:
    """What every batch of a `run_many` shares: the base run and the per-run arrays."""

    base: Run
    steps: int
    hypers: np.ndarray
    clip_norms: np.ndarray
    maximizes: np.ndarray
    states: np.ndarray
    distinct_lrs: np.ndarray
    lr_rows: np.ndarray


def _advance_batch(plan: _Plan, chosen: np.ndarray, result: ManyRuns) -> None:
    from ._kernel import loss_tag, optimizer_tag
    from ._random import kernel_seed
    from ._sweep_kernel import advance_many

    base, steps = plan.base, plan.steps
    loss, spec = base.loss, base.optimizer

    thetas = np.ascontiguousarray(result.theta[chosen])
    batch_states = np.ascontiguousarray(plan.states[chosen])
    running = np.ones(len(chosen), dtype=np.bool_)
    taken = np.zeros(len(chosen), dtype=np.int64)
    status = np.full(len(chosen), _ids.RUNNING, dtype=np.int64)
    final_loss = np.full(len(chosen), math.nan)
    grad_norm = np.full(len(chosen), math.nan)
    step = 0
    chunk = steps if base.schedule is None else STEP_CHUNK
    while step < steps and running.any():
        n = min(chunk, steps - step)
        table, stride = _lr_table(base, plan.distinct_lrs, step, n)
        advance_many(
            optimizer_tag(spec.kernel_id),
            loss_tag(loss.spec),
            np.ascontiguousarray(plan.hypers[chosen]),
            loss.spec.kernel_id,
            loss.kernel_params,
            loss.data,
            base.batch_size or loss.n_samples,
            np.full(len(chosen), kernel_seed(base.seed), dtype=np.int64),
            loss.grad_noise,
            np.ascontiguousarray(plan.clip_norms[chosen]),
            np.ascontiguousarray(plan.maximizes[chosen]),
            thetas,
            batch_states,
            step,
            n,
            table,
            np.ascontiguousarray(plan.lr_rows[chosen]),
            stride,
            base.record_every,
            base.tol,
            DIVERGENCE_BOUND,
            running,
            taken,
            status,
            final_loss,
            grad_norm,
        )
        step += n
    if steps == 0:  # nothing advanced: the start is the end
        for k, (x, y) in enumerate(thetas):
            f, gx, gy = loss.value_grad(x, y)
            final_loss[k], grad_norm[k] = f, math.hypot(gx, gy)
    result.theta[chosen] = thetas
    plan.states[chosen] = batch_states
    result.steps[chosen] = taken
    result.status[chosen] = status
    result.final_loss[chosen] = final_loss
    result.grad_norm[chosen] = grad_norm


def sweep(
    config: Mapping[str, Any],
    axes: Sequence[Axis],
    *,
    progress: Progress | None = None,
    batch: int | None = None,
) -> SweepResult:
    """Every combination of the axes' values (row-major: the last axis varies fastest)."""
    axes = tuple(axes)
    if not 1 <= len(axes) <= 2:
        raise ValueError("a sweep varies one or two hyperparameters")
    if len(axes) == 2 and axes[0].name == axes[1].name:
        raise ValueError(f"{axes[0].name} is swept twice")
    grids = np.meshgrid(*[axis.values for axis in axes], indexing="ij")
    overrides = [
        {axis.name: float(grid.flat[i]) for axis, grid in zip(axes, grids, strict=True)}
        for i in range(grids[0].size)
    ]
    shared = {k: v for k, v in config.items() if k not in {a.name for a in axes}}
    try:
        runs = run_many(shared, overrides=overrides, progress=progress, batch=batch)
    except Cancelled as stop:
        stop.partial = SweepResult(dict(shared), axes, stop.partial)
        raise
    return SweepResult(dict(shared), axes, runs)


@dataclass
class BasinMap:
    config: dict[str, Any]
    bounds: tuple[float, float, float, float]
    resolution: int
    minima: tuple[tuple[float, float], ...]
    labels: np.ndarray
    """(resolution, resolution), row = y: the index of the minimum each start ends in,
    NOT_CONVERGED, or DIVERGED_LABEL."""
    steps: np.ndarray
    runs: ManyRuns

    def start(self, row: int, column: int) -> tuple[float, float]:
        x0, x1, y0, y1 = self.bounds
        xs, ys = np.linspace(x0, x1, self.resolution), np.linspace(y0, y1, self.resolution)
        return float(xs[column]), float(ys[row])


NOT_CONVERGED = -1
DIVERGED_LABEL = -2
CAPTURE_FRACTION = 0.01
"""A run ends in a minimum when it stops within this fraction of the view's diagonal of it."""


def basins(
    config: Mapping[str, Any],
    *,
    resolution: int = 128,
    bounds: tuple[float, float, float, float] | None = None,
    progress: Progress | None = None,
) -> BasinMap:
    """Start a run from every point of a resolution x resolution grid over the view."""
    if not 2 <= resolution <= MAX_RESOLUTION:
        raise ValueError(f"the resolution must be 2 to {MAX_RESOLUTION}, got {resolution}")
    base = _base_run(config)
    x0, x1, y0, y1 = bounds if bounds is not None else base.loss.spec.view
    if not (x1 > x0 and y1 > y0):
        raise ValueError("the basin map needs a window with x1 > x0 and y1 > y0")
    xs, ys = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
    starts = np.column_stack([xs.ravel(), ys.ravel()])
    minima = tuple(p.point for p in base.loss.minima)
    shared = {k: v for k, v in config.items() if k != "start"}

    def result(runs: ManyRuns) -> BasinMap:
        labels = classify(runs, minima, (x0, x1, y0, y1))
        shape = (resolution, resolution)
        return BasinMap(
            dict(shared),
            (x0, x1, y0, y1),
            resolution,
            minima,
            labels.reshape(shape),
            runs.steps.reshape(shape),
            runs,
        )

    try:
        runs = run_many(shared, starts=starts, progress=progress)
    except Cancelled as stop:
        stop.partial = result(stop.partial)
        raise
    return result(runs)


def classify(
    runs: ManyRuns,
    minima: Sequence[tuple[float, float]],
    bounds: tuple[float, float, float, float],
) -> np.ndarray:
    """The minimum each run ended in (its index), NOT_CONVERGED or DIVERGED_LABEL; a run ends
    in a minimum when it stops within CAPTURE_FRACTION of the view's diagonal of it."""
    x0, x1, y0, y1 = bounds
    radius = math.hypot(x1 - x0, y1 - y0) * CAPTURE_FRACTION
    labels = np.full(len(runs.steps), NOT_CONVERGED, dtype=np.int64)
    if minima:
        points = np.array(minima)
        distance = np.hypot(
            runs.theta[:, None, 0] - points[None, :, 0], runs.theta[:, None, 1] - points[None, :, 1]
        )
        nearest = np.argmin(distance, axis=1)
        close = distance[np.arange(len(nearest)), nearest] <= radius
        labels[close] = nearest[close]
    labels[runs.status == _ids.DIVERGED] = DIVERGED_LABEL
    labels[~runs.done] = NOT_CONVERGED
    return labels
