"""Model runs: an optimizer training a network on a data set, in chunks, resumable, replayable.

`ModelRun` is `Run` for a parameter vector: the same hyperparameter specs, schedules,
mini-batches, clipping, noise and maximize, the same update rules (the model kernel calls
`engine/_update_rules.py` for every parameter), and the same contract: `advance()` continues a
run bit for bit however it is cut into chunks, `set_hyperparameters()` changes values mid-run
keeping the optimizer state, and the config replays the run exactly. Loading a data set by name
(files) happens a layer up, in `optstudio.training`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ..recorded_run import RecordedRun
from ..specs import OptimizerSpec, Value
from .datasets import Dataset
from .mlp import (
    REGULARIZATION_IDS,
    TASK_IDS,
    Network,
    initial_parameters,
    loss_and_accuracy,
)
from .mlp import objective as evaluate_objective
from .optimizers import initial_model_state, model_kernel_hyperparams, refreshed_model_shared

CHUNK_WORK = 200_000_000
"""Multiply-adds one kernel call does at most (about a tenth of a second): a run advances in
calls this size, so Ctrl+C, a pause or a new setting waits no longer than that."""
METRICS = ("train_loss", "test_loss", "objective", "train_accuracy", "test_accuracy")
MAX_STEP_LOSSES = 1 << 22
"""A run keeps the loss of each of its first this many steps (32 MB): the noise of a
mini-batch run, step by step, which rows recorded every few hundred steps would hide."""
_COLUMNS = {name: i for i, name in enumerate((*METRICS, "grad_norm", "lr"))}


class ModelRun(RecordedRun):
    """One optimizer training one network from its seeded initial weights.

    Arrays are read-only views of the run's buffers, valid until the next `advance()`.
    Row 0 is the initial parameters; a row is recorded every `record_every` steps, and the
    current parameters are always the last row.
    """

    BUFFERS = ("_metrics_buf", "_params_buf")

    def __init__(
        self,
        data: Dataset,
        net: Network,
        optimizer: OptimizerSpec,
        hyper: Mapping[str, Value],
        *,
        regularization: str | None,
        reg_rate: float,
        grad_noise: float,
        config: Mapping[str, Any],
        **settings: Any,
    ) -> None:
        """`settings`: seed, batch_size, schedule, record_every and tol (RecordedRun's)."""
        super().__init__(optimizer, hyper, **settings)
        self.data = data
        self.network = net
        self.regularization = regularization
        self.reg_rate = reg_rate
        self.grad_noise = grad_noise
        self._base_config = dict(config)
        self._kernel_hyper = model_kernel_hyperparams(optimizer, self._history.values)
        self._x_train = np.ascontiguousarray(data.x_train, dtype=np.float64)
        self._y_train = np.ascontiguousarray(data.y_train, dtype=np.float64)
        self._x_test = np.ascontiguousarray(data.x_test, dtype=np.float64)
        self._y_test = np.ascontiguousarray(data.y_test, dtype=np.float64)
        self._sizes = np.asarray(net.sizes, dtype=np.int64)
        self._kinds = net.kinds()
        self._mask = net.weight_mask()
        self.initial = initial_parameters(net, self.seed)
        self.initial.flags.writeable = False
        self._params = self.initial.copy()
        self._state = np.zeros((3, net.n_params))
        self._shared = np.zeros(2)
        self._reset_state()
        self._order = self._epoch_order(len(self._x_train))
        self._tail_pending = False
        """The last advance left the current parameters' row to be computed when read."""
        self._params_buf = np.zeros((0, net.n_params))
        self._metrics_buf = np.zeros((0, len(_COLUMNS)))
        self._step_loss_buf = np.zeros(0)
        self._step_losses = 0
        self._reserve(1)
        # The start's row is computed when first read, not here: a run built only to check a
        # study (the window does, while a scenario opens) loads no kernel and computes nothing.
        self._tail_pending = True

    # ----- state -----
    @property
    def theta(self) -> np.ndarray:
        """The current parameters (a copy)."""
        return self._params.copy()

    @property
    def layers(self) -> tuple[tuple[int, int], ...]:
        """The (in, out) sizes of each Linear."""
        return self.network.layers

    @property
    def n_params(self) -> int:
        return self.network.n_params

    # ----- recorded rows -----
    def _column(self, name: str) -> np.ndarray:
        return self._visible(self._metrics_buf[:, _COLUMNS[name]])

    @property
    def params(self) -> np.ndarray:
        """(n, P): the parameters of each row, laid out as torch's Sequential flattens them."""
        return self._visible(self._params_buf)

    @property
    def train_loss(self) -> np.ndarray:
        """The data loss over the whole training set (without the penalty)."""
        return self._column("train_loss")

    @property
    def test_loss(self) -> np.ndarray:
        return self._column("test_loss")

    @property
    def objective(self) -> np.ndarray:
        """The training loss plus the weights' penalty: what the optimizer minimises."""
        return self._column("objective")

    @property
    def train_accuracy(self) -> np.ndarray:
        """The fraction of training rows classified right (NaN for regression)."""
        return self._column("train_accuracy")

    @property
    def test_accuracy(self) -> np.ndarray:
        return self._column("test_accuracy")

    @property
    def grad_norm(self) -> np.ndarray:
        """The norm of the objective's full-batch gradient."""
        return self._column("grad_norm")

    @property
    def lr(self) -> np.ndarray:
        return self._column("lr")

    def epoch_of(self, steps: Any) -> Any:
        """The epoch of a step (or an array of them): step x batch / training rows (the
        Playground's counter), the product first (3 x 25 / 250 is 0.3, where 3 x 0.1 is
        0.30000000000000004)."""
        rows = len(self.data.x_train)
        return np.asarray(steps) * (self.batch_size or rows) / rows

    @property
    def epoch(self) -> np.ndarray:
        """The epoch of each recorded row."""
        return self.epoch_of(self.steps)

    @property
    def step_loss(self) -> np.ndarray:
        """The objective each step's gradient was taken on (the mini-batch's loss plus the
        penalty, or the training set's for a full-batch step): entry i is step i + 1's. Kept
        for the first MAX_STEP_LOSSES steps."""
        view = self._step_loss_buf[: self._step_losses]
        view.flags.writeable = False
        return view

    # ----- configuration -----
    @property
    def config(self) -> dict[str, Any]:
        """Keyword arguments for `optstudio.train` that reproduce this run exactly."""
        config = dict(self._base_config)
        config.update(
            optimizer=self.optimizer.name,
            steps=self._requested,
            seed=self.seed,
            batch_size=self.batch_size,
            schedule=None if self.schedule is None else self.schedule.to_config(),
            record_every=self.record_every,
            tol=self.tol,
            regularization=self.regularization,
            reg_rate=self.reg_rate,
            grad_noise=self.grad_noise,
        )
        config.update(self._history.config())
        return config

    # ----- what a network run says to the shared loop -----
    def _chunk_steps(self) -> int:
        rows = (self.batch_size or len(self._x_train)) + len(self._x_test) / self.record_every
        return max(1, int(CHUNK_WORK / (3 * rows * self.network.n_params)))

    def _kernel_call(self, n: int) -> tuple[int, int, int]:
        import numba

        from .._kernel import optimizer_tag
        from .._random import kernel_seed
        from ._train_kernel import advance_model

        net = self.network
        self._step_loss_out = self._step_loss_room(n)
        taken, rows, status = advance_model(
            optimizer_tag(self.optimizer.kernel_id),
            self._kernel_hyper,
            self._sizes,
            self._kinds,
            TASK_IDS[net.task],
            self._mask,
            REGULARIZATION_IDS[self.regularization],
            self.reg_rate,
            self._x_train,
            self._y_train,
            self._x_test,
            self._y_test,
            self.batch_size or len(self._x_train),
            kernel_seed(self.seed),
            self.grad_noise,
            float(self._history.values["clip_norm"] or 0.0),
            bool(self._history.values["maximize"]),
            self._params,
            self._state,
            self._shared,
            self._loop_arguments(n),
            self._params_buf,
            self._metrics_buf,
            self._rows,
            self._step_loss_out,
            numba.get_num_threads(),
        )
        return taken, rows, status

    def _after_call(self, taken: int) -> None:
        """The step losses the call kept; the tail is computed when first read."""
        self._keep_step_losses(self._step_loss_out, taken)
        self._tail_when_read()

    def _after_lbfgs(self) -> None:
        self._tail_when_read()

    def _tail_when_read(self) -> None:
        """The current parameters' row costs three passes over the data: it is computed
        when first read (`_settle`), not after every call."""
        self._has_tail = 0
        self._tail_pending = True

    def _refresh_kernel_hyper(self) -> None:
        self._kernel_hyper = model_kernel_hyperparams(self.optimizer, self._history.values)

    def _refresh_state(self) -> None:
        self._shared[:] = refreshed_model_shared(
            self.optimizer.kernel_id, self._kernel_hyper, self._step, self._shared
        )

    def _set_tail_lr(self, lr: float) -> None:
        self._metrics_buf[self._rows, _COLUMNS["lr"]] = lr

    def _parameters(self) -> np.ndarray:
        return self._params

    def _objective_of(self, params: np.ndarray) -> tuple[float, np.ndarray]:
        _, total, grad = evaluate_objective(
            self.network, params, self._x_train, self._y_train, self.regularization, self.reg_rate
        )
        return total, grad

    def _evaluate_here(self) -> tuple[float, float, Any]:
        f, total, grad_norm = self._objective_here()
        return total, grad_norm, (f, total, grad_norm)

    def _record_row(self, row: int, values: Any) -> None:
        self._params_buf[row] = self._params
        self._metrics_buf[row] = self._metrics_here(*values)

    def _after_lbfgs_step(self, objective: float) -> None:
        if self._step < MAX_STEP_LOSSES and self._step_losses == self._step:
            self._keep_step_losses(np.array([objective]), 1)

    # ----- internals -----
    def _step_loss_room(self, n: int) -> np.ndarray:
        """Where a kernel call writes the losses of its steps (empty once the run has kept
        MAX_STEP_LOSSES of them)."""
        if self._step >= MAX_STEP_LOSSES or self._step_losses != self._step:
            return np.zeros(0)
        return np.empty(min(n, MAX_STEP_LOSSES - self._step))

    def _keep_step_losses(self, losses: np.ndarray, taken: int) -> None:
        kept = min(taken, losses.shape[0])
        if kept == 0:
            return
        needed = self._step_losses + kept
        if needed > self._step_loss_buf.shape[0]:
            grown = np.zeros(max(needed, 2 * self._step_loss_buf.shape[0], 1024))
            grown[: self._step_losses] = self._step_loss_buf[: self._step_losses]
            self._step_loss_buf = grown
        self._step_loss_buf[self._step_losses : needed] = losses[:kept]
        self._step_losses = needed

    def _reset_state(self) -> None:
        first_lr = self._rates.at(self._history.base_lr, 0)
        state, shared = initial_model_state(
            self.optimizer.kernel_id, self._kernel_hyper, self.initial, first_lr
        )
        self._state[:] = state
        self._shared[:] = shared
        self._lbfgs = None  # L-BFGS's history starts again with the run

    def _objective_here(self) -> tuple[float, float, float]:
        f, total, grad = evaluate_objective(
            self.network,
            self._params,
            self._x_train,
            self._y_train,
            self.regularization,
            self.reg_rate,
        )
        return f, total, float(np.sqrt(np.sum(grad * grad)))

    def _metrics_here(self, f: float, objective: float, grad_norm: float) -> list[float]:
        """A row's metrics at the current parameters, computed as the kernel records them."""
        _, train_accuracy = loss_and_accuracy(
            self.network, self._params, self._x_train, self._y_train
        )
        test_loss, test_accuracy = loss_and_accuracy(
            self.network, self._params, self._x_test, self._y_test
        )
        return [f, test_loss, objective, train_accuracy, test_accuracy, grad_norm, self.next_lr]

    def _record_start(self) -> None:
        """Row 0 is always the start, also where the loss is not finite there."""
        self._reserve(1)
        self._params_buf[0] = self.initial
        f, objective, grad_norm = self._objective_here()
        self._metrics_buf[0] = self._metrics_here(f, objective, grad_norm)
        self._metrics_buf[0, _COLUMNS["lr"]] = self._rates.at(self._history.base_lr, 0)
        self._rows = 1

    def _settle(self) -> None:
        """The row of the current parameters, if an advance left it to be computed: one pass
        over the training set forward and back and one over each set forward."""
        if not self._tail_pending:
            return
        self._tail_pending = False
        self._set_tail(*self._objective_here())
        if self._rows + self._has_tail == 0:
            self._record_start()

    def _set_tail(self, f: float, objective: float, grad_norm: float) -> None:
        """Show the current parameters as the last row unless a recorded row holds them."""
        if self._holds_tail(objective, grad_norm):
            self._params_buf[self._rows] = self._params
            self._metrics_buf[self._rows] = self._metrics_here(f, objective, grad_norm)

    def __repr__(self) -> str:
        sizes = "-".join(map(str, self.network.sizes))
        return (
            f"<ModelRun {self.optimizer.name} on {self.data.name} ({sizes} "
            f"{self.network.activation_text}): {self.status} at step {self._step}, "
            f"train loss {self._metrics_buf[len(self) - 1, 0]:.6g}>"
        )
