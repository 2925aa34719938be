"""Runs: an optimizer on a loss, advanced in chunks, resumable, reproducible from its config.

`simulate()` is the one-call API; `Run.advance()` continues a run; `Run.set_hyperparameters()`
changes hyperparameters mid-run the way torch does when a parameter group's value changes (the
optimizer state is kept), and records the change so that the config replays it exactly.
The jitted kernel is imported on first use, so importing this module compiles nothing.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from . import _ids
from .hyper_history import HyperHistory, LearningRates, RunProgress, replay
from .losses import Loss, make_loss
from .optimizers import kernel_hyperparams, optimizer_spec
from .schedules import Schedule, parse_schedule
from .specs import OptimizerSpec, Value
from .validation import (
    SEED_LIMIT,
    batch_size_for,
    run_steps,
    start_point,
    tolerance,
    validated_changes,
    whole_number,
)

DIVERGENCE_BOUND = 1e8
"""A parameter beyond this magnitude counts as diverged (the map spans a few units)."""
CHUNK_STEPS = 1 << 20


class Run(RunProgress):
    """One optimizer on one loss from one start point: its recorded rows and resumable state.

    Arrays are read-only views of the run's buffers, valid until the next `advance()`;
    copy them to keep them. Row 0 is the start; a row is recorded every `record_every` steps,
    and the current point is always the last row.
    """

    def __init__(
        self,
        loss: Loss,
        optimizer: OptimizerSpec,
        hyper: Mapping[str, Value],
        *,
        start: tuple[float, float],
        seed: int,
        batch_size: int | None,
        schedule: Schedule | None,
        record_every: int,
        tol: float,
    ) -> None:
        self.loss = loss
        self.optimizer = optimizer
        self.start = start
        self.seed = seed
        self.batch_size = batch_size
        self.schedule = schedule
        self.record_every = record_every
        self.tol = tol
        self._history = HyperHistory(optimizer, hyper)
        self._rates = LearningRates(schedule)
        self._kernel_hyper = kernel_hyperparams(optimizer, self._hyper)
        self._requested = 0
        self._step = 0
        self._status = _ids.RUNNING
        self._theta = np.array(start, dtype=np.float64)
        from ._optimizer_steps import initial_state

        first_lr = float(self._lr_array(0, 1)[0][0])
        self._state = np.array(
            initial_state(optimizer.kernel_id, self._kernel_hyper, *start, first_lr)
        )
        minibatch = batch_size is not None and batch_size < loss.n_samples
        self._order = np.zeros(loss.n_samples if minibatch else 0, dtype=np.int64)
        self._lbfgs: Any = None
        self._rows = 0
        self._tail_step = 0
        self._path_buf = np.zeros((0, 2))
        self._loss_buf = np.zeros(0)
        self._grad_buf = np.zeros(0)
        self._lr_buf = np.zeros(0)
        self._reserve(1)
        f, gx, gy = loss.value_grad(*start)
        self._set_tail(f, math.sqrt(gx * gx + gy * gy))

    # ----- state -----
    @property
    def _hyper(self) -> dict[str, Value]:
        return self._history.values

    @property
    def theta(self) -> tuple[float, float]:
        return float(self._theta[0]), float(self._theta[1])

    @property
    def optimizer_state(self) -> tuple[float, ...]:
        """The optimizer's state slots, laid out as `_optimizer_steps` documents per step."""
        return tuple(float(v) for v in self._state)

    def lbfgs_copy(self) -> Any:
        """A copy of the run's L-BFGS state (engine/lbfgs.py), to take its next step aside."""
        import copy

        from .lbfgs import LBFGS

        return copy.deepcopy(self._lbfgs) if self._lbfgs is not None else LBFGS()

    @property
    def next_lr(self) -> float:
        """The learning rate the next step will use (the schedule's value at this step)."""
        return float(self._lr_array(self._step, 1)[0][0])

    def learning_rates(self, first: int, n: int) -> np.ndarray:
        """The schedule's learning rates of steps [first, first + n) at the current base lr."""
        rates, stride = self._lr_array(first, n)
        return np.array(rates) if stride else np.full(n, rates[0])

    def current_batch(self) -> np.ndarray | None:
        """Sample indices of the mini-batch the next step uses (None for full batches)."""
        if self._order.shape[0] == 0 or self.batch_size is None:
            return None
        from ._random import kernel_seed, shuffle_epoch

        per_epoch = -(-self.loss.n_samples // self.batch_size)
        order = np.empty(self.loss.n_samples, dtype=np.int64)
        shuffle_epoch(order, kernel_seed(self.seed), self._step // per_epoch)
        first = (self._step % per_epoch) * self.batch_size
        return order[first : first + self.batch_size]

    # ----- recorded rows -----
    def _visible(self, buffer: np.ndarray) -> np.ndarray:
        view = buffer[: self._rows + self._has_tail]
        view.flags.writeable = False
        return view

    @property
    def path(self) -> np.ndarray:
        return self._visible(self._path_buf)

    @property
    def loss_values(self) -> np.ndarray:
        return self._visible(self._loss_buf)

    @property
    def grad_norm(self) -> np.ndarray:
        return self._visible(self._grad_buf)

    @property
    def lr(self) -> np.ndarray:
        return self._visible(self._lr_buf)

    @property
    def steps(self) -> np.ndarray:
        """Step index of each row: multiples of record_every, then the current step."""
        steps = self.steps_at(np.arange(len(self), dtype=np.int64))
        steps.flags.writeable = False
        return steps

    def steps_at(self, rows: np.ndarray) -> np.ndarray:
        """Step index of the given rows, without building the whole column."""
        steps = np.asarray(rows, dtype=np.int64) * self.record_every
        if self._has_tail:
            steps[np.asarray(rows) == self._rows] = self._tail_step
        return steps

    def __len__(self) -> int:
        return self._rows + self._has_tail

    # ----- configuration -----
    @property
    def config(self) -> dict[str, Any]:
        """Keyword arguments for `simulate` that reproduce this run exactly (JSON-safe)."""
        config: dict[str, Any] = {
            "loss": self.loss.name,
            "optimizer": self.optimizer.name,
            "steps": self._requested,
            "start": [self.start[0], self.start[1]],
            "seed": self.seed,
            "batch_size": self.batch_size,
            "schedule": None if self.schedule is None else self.schedule.to_config(),
            "record_every": self.record_every,
            "tol": self.tol,
            "loss_params": dict(self.loss.params),
        }
        config.update(self._history.config())
        return config

    # ----- running -----
    def advance(self, steps: int) -> Run:
        """Take up to `steps` more steps (fewer if the run converges or diverges)."""
        steps = whole_number(steps, "steps", 0)
        self._requested += steps
        target = self._step + steps
        from ._kernel import advance, data_tag, optimizer_tag
        from ._random import kernel_seed

        tags = optimizer_tag(self.optimizer.kernel_id), data_tag(self.loss.spec.is_data)
        if self._status == _ids.RUNNING:
            # Once for the whole advance: untouched pages cost nothing if the run stops early.
            self._reserve(self._rows + steps // self.record_every + 2)
        if self.optimizer.kernel_id == _ids.LBFGS:
            self._advance_lbfgs(target)
            return self
        while self._status == _ids.RUNNING and self._step < target:
            n = min(target - self._step, CHUNK_STEPS)
            lrs, stride = self._lr_array(self._step, n)
            taken, rows, status, f, grad_norm = advance(
                *tags,
                self._kernel_hyper,
                self.loss.spec.kernel_id,
                self.loss.kernel_params,
                self.loss.data,
                self.batch_size or self.loss.n_samples,
                kernel_seed(self.seed),
                self.loss.grad_noise,
                float(self._hyper["clip_norm"] or 0.0),
                bool(self._hyper["maximize"]),
                self._theta,
                self._state,
                self._order,
                self._step,
                n,
                lrs,
                stride,
                self.record_every,
                self.tol,
                DIVERGENCE_BOUND,
                self._path_buf,
                self._loss_buf,
                self._grad_buf,
                self._lr_buf,
                self._rows,
            )
            self._step += taken
            self._rows += rows
            self._status = status
            self._set_tail(f, grad_norm)
            if self._rows + self._has_tail == 0:
                self._record_start(f, grad_norm)
        return self

    def _advance_lbfgs(self, target: int) -> None:
        """L-BFGS steps (engine/lbfgs.py, in numpy: a step is up to max_iter evaluations and a
        line search, so the compiled loop has nothing to gain), recorded as the kernel does."""
        from .lbfgs import LBFGS

        if self._lbfgs is None:
            self._lbfgs = LBFGS()
        sign = -1.0 if self._hyper["maximize"] else 1.0
        loss = self.loss

        def closure(point: np.ndarray) -> tuple[float, np.ndarray]:
            f, gx, gy = loss.value_grad(float(point[0]), float(point[1]))
            return sign * f, np.array([sign * gx, sign * gy])

        while self._status == _ids.RUNNING and self._step < target:
            f, gx, gy = loss.value_grad(*self.theta)
            grad_norm = math.sqrt(gx * gx + gy * gy)
            if not (math.isfinite(f) and math.isfinite(grad_norm)):
                self._status = _ids.DIVERGED
                break
            lr = float(self._lr_array(self._step, 1)[0][0])
            if self._step % self.record_every == 0:
                self._reserve(self._rows + 1)
                self._path_buf[self._rows] = self._theta
                self._loss_buf[self._rows] = f
                self._grad_buf[self._rows] = grad_norm
                self._lr_buf[self._rows] = lr
                self._rows += 1
            if self.tol > 0.0 and grad_norm < self.tol:
                self._status = _ids.CONVERGED
                break
            moved, _ = self._lbfgs.step(self._theta, closure, lr, self._hyper)
            if not (np.isfinite(moved).all() and np.abs(moved).max() <= DIVERGENCE_BOUND):
                self._status = _ids.DIVERGED
                break
            self._theta[:] = moved
            self._step += 1
        f, gx, gy = loss.value_grad(*self.theta)
        self._set_tail(f, math.sqrt(gx * gx + gy * gy))
        if self._rows + self._has_tail == 0:
            self._record_start(f, math.sqrt(gx * gx + gy * gy))

    def _record_start(self, loss: float, grad_norm: float) -> None:
        """Row 0 is always the start, also where the loss is not finite there (the run then
        diverged at step 0 and the kernel, which records only finite rows, wrote none)."""
        self._reserve(1)
        self._path_buf[0] = self.start
        self._loss_buf[0] = loss
        self._grad_buf[0] = grad_norm
        self._lr_buf[0] = self._lr_array(0, 1)[0][0]
        self._rows = 1

    def set_hyperparameters(self, **changes: Any) -> None:
        """Change hyperparameters from the current step on, keeping the optimizer state."""
        outcome = self._history.change(self._step, changes)
        if outcome == "none":
            return
        self._kernel_hyper = kernel_hyperparams(self.optimizer, self._hyper)
        if outcome == "restart":
            from ._optimizer_steps import initial_state

            self._lbfgs = None  # L-BFGS's history starts again with the run
            first_lr = float(self._lr_array(0, 1)[0][0])
            self._state[:] = initial_state(
                self.optimizer.kernel_id, self._kernel_hyper, *self.start, first_lr
            )
        else:
            from ._optimizer_steps import refresh_bias_powers

            refresh_bias_powers(
                self.optimizer.kernel_id, self._kernel_hyper, self._step, self._state
            )
        if self._has_tail:
            self._lr_buf[self._rows] = self._lr_array(self._step, 1)[0][0]

    # ----- internals -----
    def _lr_array(self, first: int, n: int) -> tuple[np.ndarray, int]:
        """Learning rates of steps [first, first + n), cut from blocks aligned to step 0."""
        return self._rates.array(self._history.base_lr, first, n)

    def _reserve(self, rows: int) -> None:
        if rows <= self._loss_buf.shape[0]:
            return
        capacity = max(rows, 2 * self._loss_buf.shape[0], 64)
        for name in ("_loss_buf", "_grad_buf", "_lr_buf", "_path_buf"):
            old = getattr(self, name)
            new = np.zeros((capacity, *old.shape[1:]), dtype=old.dtype)
            new[: old.shape[0]] = old
            setattr(self, name, new)

    def _set_tail(self, loss: float, grad_norm: float) -> None:
        """Show the current point as the last row unless a recorded row already holds it."""
        last_recorded = (self._rows - 1) * self.record_every if self._rows else -1
        self._has_tail = int(
            last_recorded != self._step and math.isfinite(loss) and math.isfinite(grad_norm)
        )
        if self._has_tail:
            self._reserve(self._rows + 1)
            row = self._rows
            self._tail_step = self._step
            self._path_buf[row] = self._theta
            self._loss_buf[row] = loss
            self._grad_buf[row] = grad_norm
            self._lr_buf[row] = self._lr_array(self._step, 1)[0][0]

    def __repr__(self) -> str:
        x, y = self.theta
        return (
            f"<Run {self.optimizer.name} on {self.loss.name}: {self.status} at step {self._step}, "
            f"theta=({x:.6g}, {y:.6g}), loss={self._loss_buf[len(self) - 1]:.6g}>"
        )


def _build_run(
    loss: str,
    optimizer: str,
    steps: Any,
    start: Sequence[float] | None,
    seed: Any,
    batch_size: Any,
    schedule: str | Mapping[str, Any] | None,
    record_every: Any,
    tol: Any,
    loss_params: Mapping[str, Any] | None,
    hyper: dict[str, Any],
) -> tuple[Run, list[tuple[int, dict[str, Any]]]]:
    """Validate everything; return a run at step 0 and the hyperparameter changes to replay."""
    loss_obj = make_loss(loss, loss_params)
    spec = optimizer_spec(optimizer)
    hyper_changes = hyper.pop("hyper_changes", None)
    values = spec.resolve(hyper)
    if spec.name == "lbfgs" and (batch_size is not None or loss_obj.grad_noise):
        raise ValueError(
            "lbfgs takes the whole data set and the true gradient: batch_size and grad_noise "
            "do not apply"
        )
    run = Run(
        loss_obj,
        spec,
        values,
        start=start_point(start, loss_obj),
        seed=whole_number(seed, "seed", 0, SEED_LIMIT),
        batch_size=batch_size_for(batch_size, loss_obj),
        schedule=parse_schedule(schedule, steps=whole_number(steps, "steps", 0)),
        record_every=whole_number(record_every, "record_every", 1),
        tol=tolerance(tol),
    )
    return run, validated_changes(hyper_changes, spec, values)


def create_run(
    loss: str,
    optimizer: str,
    *,
    steps: int = 0,
    start: Sequence[float] | None = None,
    seed: int = 0,
    batch_size: int | None = None,
    schedule: str | Mapping[str, Any] | None = None,
    record_every: int = 1,
    tol: float = 0.0,
    loss_params: Mapping[str, Any] | None = None,
    **hyper: Any,
) -> Run:
    """A validated run at step 0, to be driven with `advance()` (as the studio does).

    `steps` only sizes the schedule defaults (a cosine's T_max, say)."""
    run, changes = _build_run(
        loss,
        optimizer,
        steps,
        start,
        seed,
        batch_size,
        schedule,
        record_every,
        tol,
        loss_params,
        hyper,
    )
    if changes:
        raise ValueError("hyper_changes are replayed by simulate(), not create_run()")
    return run


def simulate(
    loss: str,
    optimizer: str,
    *,
    steps: int = 1000,
    start: Sequence[float] | None = None,
    seed: int = 0,
    batch_size: int | None = None,
    schedule: str | Mapping[str, Any] | None = None,
    record_every: int = 1,
    tol: float = 0.0,
    loss_params: Mapping[str, Any] | None = None,
    **hyper: Any,
) -> Run:
    """Run `optimizer` on `loss` for up to `steps` steps and return the recorded run.

    ``simulate(**run.config)`` reproduces a run bit for bit, hyperparameter changes made
    during it included. Unknown names and out-of-range values raise ValueError naming the
    valid choices or range; a run that diverges stops with status "diverged" and keeps every
    row before it.
    """
    run, changes = _build_run(
        loss,
        optimizer,
        steps,
        start,
        seed,
        batch_size,
        schedule,
        record_every,
        tol,
        loss_params,
        hyper,
    )
    replay(run, changes, run_steps(steps))
    return run
