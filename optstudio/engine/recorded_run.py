"""The bookkeeping both kinds of run share: a landscape run (`runner.Run`) and a network run
(`models.runner.ModelRun`) record rows the same way, advance through the same loop of kernel
calls, take L-BFGS steps in the same numpy loop, and change hyperparameters mid-run the same
way. Each kind says only what differs: its buffers, its kernel call, how it evaluates the
objective at its parameters and what one row holds.

The contract this module keeps for both: row 0 is the start; a row is recorded every
`record_every` steps; the current parameters are the last row (the "tail") unless a recorded
row already holds them; `advance()` continues a run bit for bit however it is cut into calls.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from . import _ids
from .hyper_history import STATUS_NAMES, HyperHistory, LearningRates
from .schedules import Schedule
from .specs import OptimizerSpec, Value
from .validation import whole_number

DIVERGENCE_BOUND = 1e8
"""A parameter beyond this magnitude counts as diverged (the map spans a few units). Finite:
the kernels test a parameter against it in one comparison (`_run_loop.within`)."""


class RecordedRun:
    """An optimizer's run: its settings, hyperparameter history, progress and recorded rows."""

    BUFFERS: tuple[str, ...] = ()
    """The names of the row buffers (arrays of one row per recorded step), the first sizing
    the others."""

    def __init__(
        self,
        optimizer: OptimizerSpec,
        hyper: Mapping[str, Value],
        *,
        seed: int,
        batch_size: int | None,
        schedule: Schedule | None,
        record_every: int,
        tol: float,
    ) -> None:
        self.optimizer = optimizer
        self.seed = seed
        self.batch_size = batch_size
        self.schedule = schedule
        self.record_every = record_every
        self.tol = tol
        self._history = HyperHistory(optimizer, hyper)
        self._rates = LearningRates(schedule)
        self._requested = 0
        self._step = 0
        self._status = _ids.RUNNING
        self._lbfgs: Any = None
        self._rows = 0
        self._has_tail = 0
        self._tail_step = 0

    def _epoch_order(self, n_samples: int) -> np.ndarray:
        """Room for an epoch's shuffled order of the samples, which a mini-batch run draws
        (empty for full batches)."""
        minibatch = self.batch_size is not None and self.batch_size < n_samples
        return np.zeros(n_samples if minibatch else 0, dtype=np.int64)

    # ----- progress -----
    @property
    def _hyper(self) -> dict[str, Value]:
        return self._history.values

    @property
    def hyperparams(self) -> dict[str, Value]:
        return dict(self._history.values)

    @property
    def changes(self) -> list[dict[str, Any]]:
        return [dict(c) for c in self._history.changes]

    @property
    def step(self) -> int:
        """Steps taken so far; for a diverged run, the step whose update failed."""
        return self._step

    @property
    def requested_steps(self) -> int:
        """Steps asked of the run so far: its config's `steps`."""
        return self._requested

    @property
    def status(self) -> str:
        return STATUS_NAMES[self._status]

    @property
    def finished(self) -> bool:
        return self._status != _ids.RUNNING

    # ----- learning rates -----
    def _lr_array(self, first: int, n: int) -> tuple[np.ndarray, int]:
        """Learning rates of steps [first, first + n), cut from blocks aligned to step 0."""
        return self._rates.array(self._history.base_lr, first, n)

    @property
    def next_lr(self) -> float:
        """The learning rate the next step will use (the schedule's value at this step)."""
        return float(self._rates.at(self._history.base_lr, self._step))

    def learning_rates(self, first: int, n: int) -> np.ndarray:
        """The schedule's learning rates of steps [first, first + n) at the current base lr."""
        rates, stride = self._lr_array(first, n)
        return np.array(rates) if stride else np.full(n, rates[0])

    # ----- recorded rows -----
    def _settle(self) -> None:
        """Compute whatever an advance left to be computed when read (nothing, by default)."""

    def _visible(self, buffer: np.ndarray) -> np.ndarray:
        self._settle()
        view = buffer[: self._rows + self._has_tail]
        view.flags.writeable = False
        return view

    @property
    def steps(self) -> np.ndarray:
        """Step index of each row: multiples of record_every, then the current step."""
        steps = self.steps_at(np.arange(len(self), dtype=np.int64))
        steps.flags.writeable = False
        return steps

    def steps_at(self, rows: np.ndarray) -> np.ndarray:
        """Step index of the given rows, without building the whole column."""
        self._settle()
        steps = np.asarray(rows, dtype=np.int64) * self.record_every
        if self._has_tail:
            steps[np.asarray(rows) == self._rows] = self._tail_step
        return steps

    def __len__(self) -> int:
        self._settle()
        return self._rows + self._has_tail

    def _reserve(self, rows: int) -> None:
        """Room for `rows` rows in every buffer (doubling, so appends cost O(1) each). A row
        is written before it is read, so the room is not cleared: zeroed, memory that the
        allocator hands back from an earlier run is written twice (recording every step of
        SGD ran at 104 million steps a second, uncleared 116; benchmarks/engine_speed.py)."""
        if rows <= getattr(self, self.BUFFERS[0]).shape[0]:
            return
        capacity = max(rows, 2 * getattr(self, self.BUFFERS[0]).shape[0], 64)
        for name in self.BUFFERS:
            old = getattr(self, name)
            new = np.empty((capacity, *old.shape[1:]), dtype=old.dtype)
            new[: old.shape[0]] = old
            setattr(self, name, new)

    def _holds_tail(self, *values: float) -> bool:
        """Whether the current parameters get a row of their own: not where a recorded row
        holds them, nor where their values are not finite (the run diverged there)."""
        last_recorded = (self._rows - 1) * self.record_every if self._rows else -1
        self._has_tail = int(last_recorded != self._step and all(map(math.isfinite, values)))
        if self._has_tail:
            self._reserve(self._rows + 1)
            self._tail_step = self._step
        return bool(self._has_tail)

    # ----- running -----
    def advance(self, steps: int) -> Any:
        """Take up to `steps` more steps (fewer if the run converges or diverges)."""
        steps = whole_number(steps, "steps", 0)
        self._requested += steps
        target = self._step + steps
        if self._status == _ids.RUNNING:
            # Once for the whole advance: untouched pages cost nothing if the run stops early.
            self._reserve(self._rows + steps // self.record_every + 2)
        if self.optimizer.kernel_id == _ids.LBFGS:
            self._advance_lbfgs(target)
            self._after_lbfgs()
            return self
        chunk = self._chunk_steps()
        while self._status == _ids.RUNNING and self._step < target:
            n = min(target - self._step, chunk)
            taken, rows, status = self._kernel_call(n)
            self._step += taken
            self._rows += rows
            self._status = status
            self._after_call(taken)
        return self

    def set_hyperparameters(self, **changes: Any) -> None:
        """Change hyperparameters from the current step on, keeping the optimizer state (as
        torch does when a parameter group's value changes); a change that the optimizer
        cannot take mid-run (see HyperHistory) starts its state again."""
        self._settle()
        outcome = self._history.change(self._step, changes)
        if outcome == "none":
            return
        self._refresh_kernel_hyper()
        if outcome == "restart":
            self._lbfgs = None  # L-BFGS's history starts again with the run
            self._reset_state()
        else:
            self._refresh_state()
        if self._has_tail:
            self._set_tail_lr(self.next_lr)

    def _advance_lbfgs(self, target: int) -> None:
        """L-BFGS steps (engine/lbfgs.py, in numpy: each step is up to max_iter evaluations
        and a line search, so a compiled loop would gain little), recorded as the kernels
        record: a row before the step, the run stopped where the objective or the step is
        not finite, or the gradient's norm is under tol."""
        from .lbfgs import LBFGS

        if self._lbfgs is None:
            self._lbfgs = LBFGS()
        sign = -1.0 if self._hyper["maximize"] else 1.0
        evaluate = self._objective_of

        def closure(point: np.ndarray) -> tuple[float, np.ndarray]:
            value, grad = evaluate(point)
            return sign * value, sign * grad

        params = self._parameters()
        while self._status == _ids.RUNNING and self._step < target:
            value, grad_norm, row = self._evaluate_here()
            if not (math.isfinite(value) and math.isfinite(grad_norm)):
                self._status = _ids.DIVERGED
                break
            if self._step % self.record_every == 0:
                self._reserve(self._rows + 1)
                self._record_row(self._rows, row)
                self._rows += 1
            if self.tol > 0.0 and grad_norm < self.tol:
                self._status = _ids.CONVERGED
                break
            moved, _ = self._lbfgs.step(params, closure, self.next_lr, self._hyper)
            if not (np.isfinite(moved).all() and np.abs(moved).max() <= DIVERGENCE_BOUND):
                self._status = _ids.DIVERGED
                break
            params[:] = moved
            self._after_lbfgs_step(value)
            self._step += 1

    def _loop_arguments(self, n: int) -> tuple:
        """What both kernels take as their `loop` to step from the current step: the
        epoch's order, the first step, how many, their learning rates and its stride, how
        often to record, the tolerance and the divergence bound."""
        lrs, stride = self._lr_array(self._step, n)
        return (self._order, self._step, n, lrs, stride, self.record_every, self.tol,
                DIVERGENCE_BOUND)  # fmt: skip

    # ----- what each kind says -----
    def _chunk_steps(self) -> int:
        """How many steps one kernel call takes at most."""
        raise NotImplementedError

    def _kernel_call(self, n: int) -> tuple[int, int, int]:
        """Up to `n` steps in the compiled kernel: (steps taken, rows recorded, status)."""
        raise NotImplementedError

    def _after_call(self, taken: int) -> None:
        """What a kind keeps of a kernel call beyond the rows: its tail, at least."""
        raise NotImplementedError

    def _after_lbfgs(self) -> None:
        """The tail after L-BFGS steps."""
        raise NotImplementedError

    def _refresh_kernel_hyper(self) -> None:
        raise NotImplementedError

    def _reset_state(self) -> None:
        """The optimizer's state at step 0 with the current hyperparameters."""
        raise NotImplementedError

    def _refresh_state(self) -> None:
        """The state's step-dependent parts (bias-correction powers) for new values."""
        raise NotImplementedError

    def _set_tail_lr(self, lr: float) -> None:
        raise NotImplementedError

    def _parameters(self) -> np.ndarray:
        """The current parameters, the array the run steps in place."""
        raise NotImplementedError

    _objective_of: Callable[[np.ndarray], tuple[float, np.ndarray]]
    """The objective and its full-batch gradient at a parameter vector (L-BFGS's closure)."""

    def _evaluate_here(self) -> tuple[float, float, Any]:
        """At the current parameters: the objective, its gradient's norm, and what their row
        records (an L-BFGS step records before it steps)."""
        raise NotImplementedError

    def _record_row(self, row: int, values: Any) -> None:
        """Write the current parameters' row from `_evaluate_here`'s values."""
        raise NotImplementedError

    def _after_lbfgs_step(self, objective: float) -> None:
        """What a kind keeps of an L-BFGS step (the model keeps each step's loss)."""
