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

from .losses import Loss, make_loss
from .optimizers import kernel_hyperparams, optimizer_spec
from .recorded_run import RecordedRun
from .schedules import parse_schedule
from .specs import OptimizerSpec, Value
from .validation import (
    SEED_LIMIT,
    at_start,
    batch_size_for,
    replayed,
    settings_of,
    start_point,
    tolerance,
    validated_changes,
    whole_number,
)

CHUNK_STEPS = 1 << 20


class Run(RecordedRun):
    """One optimizer on one loss from one start point: its recorded rows and resumable state.

    Arrays are read-only views of the run's buffers, valid until the next `advance()`;
    copy them to keep them. Row 0 is the start; a row is recorded every `record_every` steps,
    and the current point is always the last row.
    """

    BUFFERS = ("_loss_buf", "_grad_buf", "_lr_buf", "_path_buf")

    def __init__(
        self,
        loss: Loss,
        optimizer: OptimizerSpec,
        hyper: Mapping[str, Value],
        *,
        start: tuple[float, float],
        **settings: Any,
    ) -> None:
        """`settings`: seed, batch_size, schedule, record_every and tol (RecordedRun's)."""
        super().__init__(optimizer, hyper, **settings)
        self.loss = loss
        self.start = start
        self._kernel_hyper = kernel_hyperparams(optimizer, self._hyper)
        self._theta = np.array(start, dtype=np.float64)
        self._state = np.zeros(0)
        self._reset_state()
        self._order = self._epoch_order(loss.n_samples)
        self._path_buf = np.zeros((0, 2))
        self._loss_buf = np.zeros(0)
        self._grad_buf = np.zeros(0)
        self._lr_buf = np.zeros(0)
        self._kernel_tail = (0.0, 0.0)
        self._reserve(1)
        f, grad_norm = self._evaluate_here()[:2]
        if self._holds_tail(f, grad_norm):
            self._write_row(0, self._theta, f, grad_norm, self.next_lr)

    # ----- state -----
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

    # ----- what a landscape run says to the shared loop -----
    def _chunk_steps(self) -> int:
        return CHUNK_STEPS

    def _kernel_call(self, n: int) -> tuple[int, int, int]:
        from ._kernel import advance, loss_tag, optimizer_tag
        from ._random import kernel_seed
        from ._update_rules import loop_rule

        taken, rows, status, f, grad_norm = advance(
            optimizer_tag(loop_rule(self.optimizer.kernel_id, self._kernel_hyper)),
            loss_tag(self.loss.spec),
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
            self._loop_arguments(n),
            self._path_buf,
            self._loss_buf,
            self._grad_buf,
            self._lr_buf,
            self._rows,
        )
        self._kernel_tail = (f, grad_norm)
        return taken, rows, status

    def _after_call(self, taken: int) -> None:
        self._show_tail(*self._kernel_tail)

    def _after_lbfgs(self) -> None:
        self._show_tail(*self._evaluate_here()[:2])

    def _show_tail(self, f: float, grad_norm: float) -> None:
        """The current point's row, and row 0 where no row was recorded: the start, also
        where the loss is not finite there (the run then diverged at step 0 and the kernel,
        which records only finite rows, wrote none)."""
        if self._holds_tail(f, grad_norm):
            self._write_row(self._rows, self._theta, f, grad_norm, self.next_lr)
        if self._rows + self._has_tail == 0:
            self._reserve(1)
            first_lr = self._rates.at(self._history.base_lr, 0)
            self._write_row(0, np.array(self.start), f, grad_norm, first_lr)
            self._rows = 1

    def _write_row(
        self, row: int, point: np.ndarray, f: float, grad_norm: float, lr: float
    ) -> None:
        self._path_buf[row] = point
        self._loss_buf[row] = f
        self._grad_buf[row] = grad_norm
        self._lr_buf[row] = lr

    def _evaluate_here(self) -> tuple[float, float, Any]:
        f, gx, gy = self.loss.value_grad(*self.theta)
        grad_norm = math.sqrt(gx * gx + gy * gy)
        return f, grad_norm, (f, grad_norm)

    def _record_row(self, row: int, values: Any) -> None:
        self._write_row(row, self._theta, *values, self.next_lr)

    def _objective_of(self, point: np.ndarray) -> tuple[float, np.ndarray]:
        f, gx, gy = self.loss.value_grad(float(point[0]), float(point[1]))
        return f, np.array([gx, gy])

    def _parameters(self) -> np.ndarray:
        return self._theta

    def _refresh_kernel_hyper(self) -> None:
        self._kernel_hyper = kernel_hyperparams(self.optimizer, self._hyper)

    def _reset_state(self) -> None:
        from ._optimizer_steps import initial_state

        first_lr = self._rates.at(self._history.base_lr, 0)
        self._state = np.array(
            initial_state(self.optimizer.kernel_id, self._kernel_hyper, *self.start, first_lr)
        )

    def _refresh_state(self) -> None:
        from ._optimizer_steps import refresh_bias_powers

        refresh_bias_powers(self.optimizer.kernel_id, self._kernel_hyper, self._step, self._state)

    def _set_tail_lr(self, lr: float) -> None:
        self._lr_buf[self._rows] = lr

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
    **hyper: Any,
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
    built = _build_run(
        loss, optimizer, steps, start, seed, batch_size, schedule, record_every, tol, loss_params,
        **hyper,
    )  # fmt: skip
    return replayed(built, steps)


RUN_SETTINGS = settings_of(simulate)


def create_run(loss: str, optimizer: str, *, steps: int = 0, **settings: Any) -> Run:
    """A validated run at step 0, to be driven with `advance()` (as the studio does).

    Takes simulate()'s settings (`RUN_SETTINGS`) and the optimizer's hyperparameters; `steps`
    only sizes the schedule defaults (a cosine's T_max, say)."""
    built = _build_run(loss, optimizer, **(RUN_SETTINGS | settings | {"steps": steps}))
    return at_start(built, "simulate")
