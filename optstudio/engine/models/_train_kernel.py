"""The model step loop: many training steps per call, compiled, with the GIL released.

The loop of the two-parameter kernel (`engine/_kernel.py`) for a parameter vector: it records
a row every `record_every` steps counted from the run's first step (so k calls of n steps write
what one call of k n steps writes), and each step

1. on a recorded row (and every step of a full-batch run, whose step it drives) computes the
   objective over the whole training set: the data loss plus the weights' penalty; a
   non-finite value stops the run as diverged, a gradient norm under `tol` as converged; a
   recorded row also passes the test set forward for its loss and accuracy;
2. takes the gradient that drives the step: the full one, a mini-batch one (epoch-wise
   shuffled with the run's seed, as `_random.shuffle_epoch` orders it), or at Nesterov's
   lookahead point; adds Gaussian noise, clips the norm as torch.nn.utils.clip_grad_norm_
   does, and flips the sign for `maximize`;
3. applies the optimizer's update rule (`engine/_update_rules.py`, the same function the
   two-parameter kernel calls) to every parameter; a non-finite parameter, or one beyond
   `bound`, stops the run as diverged and keeps the last good parameters.
"""

import math

import numpy as np
from numba import njit

from .._ids import ADAFACTOR, CONVERGED, DIVERGED, MUON, NESTEROV, NEWTON, RUNNING
from .._random import normal_lane
from .._run_loop import batch_rows, batches_per_epoch, first_countdown, step_of, within
from .._update_rules import coordinate, nesterov_lookahead, rule_hyperparams, scalars
from ._hessian import hessian, solve
from ._matrix_rules import matrix_step
from ._network_kernels import BLOCK_ROWS, loss_and_correct, loss_and_gradient, workspace
from ._parallel_passes import loss_and_gradient_parallel, parallel_scratch

L1 = 1
L2 = 2


@njit(cache=True, nogil=True, error_model="numpy")
def batch_pass(
    params, x, xt, y, rows, first, count, sizes, activation, task, grad, work, workers, shared
):  # pragma: no cover - jitted
    """Loss, accuracy and gradient of a batch: its blocks of rows shared out over `workers`
    threads (in `shared`, a `parallel_scratch`) when it has more than one (the same bits as
    one thread)."""
    if count > BLOCK_ROWS:
        return loss_and_gradient_parallel(
            params, x, xt, y, rows, first, count, sizes, activation, task, grad, workers, shared
        )
    return loss_and_gradient(
        params, x, xt, y, rows, first, count, sizes, activation, task, grad, work
    )


@njit(cache=True, nogil=True, error_model="numpy")
def norm(v):  # pragma: no cover - jitted
    """The Euclidean norm, summing the squares in order."""
    squares = 0.0
    for k in range(v.shape[0]):
        squares += v[k] * v[k]
    return math.sqrt(squares)


@njit(cache=True, nogil=True, error_model="numpy")
def within_bound(values, bound):  # pragma: no cover - jitted
    """Whether every value is finite and within +-bound: a loop of its own, so that the
    update's loop has no flag to carry and runs in vector registers (the digits' 2,410
    coordinates of Adam: 3.8 ns a coordinate with the check inside it, 0.5 without)."""
    finite = True
    for k in range(values.shape[0]):
        if not within(values[k], bound):
            finite = False
    return finite


@njit(cache=True, nogil=True, error_model="numpy")
def add_penalty(params, mask, regularization, rate, grad):  # pragma: no cover - jitted
    """Add the weights' penalty's gradient to `grad`; return the penalty: l1 rate sum|w|,
    l2 rate sum w^2 / 2 (biases, mask 0, are not penalised)."""
    if regularization == 0 or rate == 0.0:
        return 0.0
    total = 0.0
    for i in range(params.shape[0]):
        if mask[i] != 0.0:
            w = params[i]
            if regularization == L1:
                total += abs(w)
                grad[i] += rate * (1.0 if w > 0.0 else (-1.0 if w < 0.0 else 0.0))
            else:
                total += w * w
                grad[i] += rate * w
    return rate * total if regularization == L1 else rate * 0.5 * total


@njit(cache=True, nogil=True, error_model="numpy")
def newton_direction(
    params, x, y, rows, first, count, sizes, activation, task, starts, mask,
    regularization, rate, maximize, damping, grad, curvature, out,
):  # fmt: skip  # pragma: no cover - jitted
    """(H + damping I)^-1 g into `out`, with H the exact Hessian of the batch's objective
    (negated to maximize, as the gradient already is); False when the matrix is singular."""
    hessian(params, x, y, rows, first, count, sizes, activation, task, starts, curvature)
    n_params = params.shape[0]
    for k in range(n_params):
        if regularization == L2 and mask[k] != 0.0:
            curvature[k, k] += rate
        if maximize:
            for j in range(n_params):
                curvature[k, j] = -curvature[k, j]
        curvature[k, k] += damping
    return solve(curvature, grad, out)


@njit(cache=True, nogil=True, error_model="numpy")
def advance_model(
    optimizer_tag,
    h,
    sizes,
    activation,
    task,
    mask,
    regularization,
    rate,
    x_train,
    y_train,
    x_test,
    y_test,
    batch_size,
    seed,
    grad_noise,
    clip_norm,
    maximize,
    params,
    state,
    shared,
    loop,
    out_params,
    out_metrics,
    first_row,
    out_step_loss,
    workers,
):
    """Take up to n_steps steps from step `first_step`; update params, state (3, P) and
    shared (2,) in place. `loop` is what every kernel's loop takes (the landscape's
    `advance` says what). A recorded row writes out_params[row] and out_metrics[row] =
    (train loss, test loss, objective, train accuracy, test accuracy, grad norm, lr).
    Every step taken writes out_step_loss[i] (unless it is empty): the objective of the data
    its gradient was taken on, at the point it was taken (the mini-batch's loss plus the
    penalty; the whole training set's for a full-batch step), which the step computes anyway:
    the noise of stochastic training, step by step.

    `workers` is the number of threads a pass over more than one block of rows shares its
    blocks out to (numba's thread count; the bits do not depend on it).

    Returns (steps taken, rows written, status). The metrics at the parameters it leaves are
    not computed here: a caller that takes a few steps at a time would pay three passes over
    the data a call for them (the runner computes them when they are read).
    """
    order, first_step, n_steps, lrs, lr_stride, record_every, tol, bound = loop
    optimizer_id = len(optimizer_tag) - 1
    n_params = params.shape[0]
    n_data = x_train.shape[0]
    minibatch = batch_size < n_data
    every_step = not minibatch and optimizer_id != NESTEROV
    per_epoch = batches_per_epoch(minibatch, n_data, batch_size, first_step, order, seed)
    work = workspace(sizes)
    in_parallel = parallel_scratch(sizes, n_params, n_data, workers)
    starts = work[3]
    xt_train = np.ascontiguousarray(x_train.T)
    xt_test = np.ascontiguousarray(x_test.T)
    full_grad = np.zeros(n_params)
    grad = np.zeros(n_params)
    lookahead = np.zeros(n_params)
    new_c = np.zeros(n_params)
    curvature = np.zeros((n_params, n_params) if optimizer_id == NEWTON else (0, 0))
    no_rows = np.zeros(0, dtype=np.int64)
    from_row_0 = np.int64(0)  # not the literal 0: that would compile the passes a second time
    rule_h = rule_hyperparams(h)
    keep_step_loss = out_step_loss.shape[0] > 0
    step_objective = math.nan
    countdown = first_countdown(first_step, record_every)
    row = first_row
    status = RUNNING
    taken = 0
    for i in range(n_steps):
        t, lr, record, countdown = step_of(i, first_step, lrs, lr_stride, countdown, record_every)

        if record or every_step:
            full_grad[:] = 0.0
            f, train_accuracy = batch_pass(
                params, x_train, xt_train, y_train, no_rows, from_row_0, n_data, sizes, activation,
                task, full_grad, work, workers, in_parallel,
            )  # fmt: skip
            objective = f + add_penalty(params, mask, regularization, rate, full_grad)
            step_objective = objective
            grad_norm = norm(full_grad)
            if not (math.isfinite(objective) and math.isfinite(grad_norm)):
                status = DIVERGED
                break
            if record:
                if row < out_metrics.shape[0]:
                    test_loss, test_accuracy = loss_and_correct(
                        params, xt_test, y_test, sizes, activation, task, work
                    )
                    out_params[row] = params
                    out_metrics[row, 0] = f
                    out_metrics[row, 1] = test_loss
                    out_metrics[row, 2] = objective
                    out_metrics[row, 3] = train_accuracy
                    out_metrics[row, 4] = test_accuracy
                    out_metrics[row, 5] = grad_norm
                    out_metrics[row, 6] = lr
                row += 1
            if tol > 0.0 and grad_norm < tol:
                status = CONVERGED
                break

        at = params
        if optimizer_id == NESTEROV:
            for k in range(n_params):
                lookahead[k] = nesterov_lookahead(params[k], state[0, k], rule_h)
            at = lookahead
        if minibatch or optimizer_id == NESTEROV:
            grad[:] = 0.0
            rows = no_rows
            start = 0
            count = n_data
            if minibatch:
                rows = order
                start, count = batch_rows(t, per_epoch, batch_size, n_data, order, seed)
            batch_loss, _ = batch_pass(
                at, x_train, xt_train, y_train, rows, start, count, sizes, activation, task,
                grad, work, workers, in_parallel,
            )  # fmt: skip
            step_objective = batch_loss + add_penalty(at, mask, regularization, rate, grad)
        else:
            grad[:] = full_grad
        if keep_step_loss:
            out_step_loss[i] = step_objective
        if grad_noise > 0.0:
            for k in range(n_params):
                grad[k] += grad_noise * normal_lane(seed, t, k)
        if clip_norm > 0.0:
            coefficient = min(clip_norm / (norm(grad) + 1e-6), 1.0)
            for k in range(n_params):
                grad[k] *= coefficient
        if maximize:
            for k in range(n_params):
                grad[k] = -grad[k]

        if optimizer_id == NEWTON:
            if not newton_direction(
                params, x_train, y_train, order if minibatch else no_rows,
                (t % per_epoch) * batch_size if minibatch else 0,
                min(batch_size, n_data - (t % per_epoch) * batch_size)
                if minibatch else n_data,
                sizes, activation, task, starts, mask, regularization, rate, maximize,
                h[1], grad, curvature, lookahead,
            ):  # fmt: skip
                status = DIVERGED
                break
            for k in range(n_params):
                grad[k] = params[k] - lr * lookahead[k]
            if not within_bound(grad, bound):
                status = DIVERGED
                break
            params[:] = grad
            taken += 1
            continue

        if optimizer_id in (MUON, ADAFACTOR):
            lookahead[:] = params
            matrix_step(
                optimizer_id, params, grad, state, shared, lr, t + 1, h, sizes, starts, new_c
            )
            if not within_bound(params, bound):
                params[:] = lookahead  # the last good parameters stay
                status = DIVERGED
                break
            taken += 1
            continue

        k_scalars, new_shared = scalars(optimizer_tag, lr, t + 1, rule_h, (shared[0], shared[1]))
        for k in range(n_params):
            p, a, b, c = coordinate(
                optimizer_tag, params[k], grad[k], state[0, k], state[1, k], state[2, k],
                lr, t + 1, k_scalars, rule_h,
            )  # fmt: skip
            lookahead[k] = p
            grad[k] = a
            full_grad[k] = b
            new_c[k] = c
        if not within_bound(lookahead, bound):
            status = DIVERGED
            break
        for k in range(n_params):
            params[k] = lookahead[k]
            state[0, k] = grad[k]
            state[1, k] = full_grad[k]
            state[2, k] = new_c[k]
        shared[0] = new_shared[0]
        shared[1] = new_shared[1]
        taken += 1

    return taken, row - first_row, status
