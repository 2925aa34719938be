"""The step loop: many optimizer steps per call, in compiled code with the GIL released.

One kernel serves every optimizer and loss, selected by integer ids, so that numba compiles and
caches it once. It records a row every `record_every` steps, counted from the run's first step,
so rows do not depend on how a run is cut into chunks: k calls of n steps write exactly what one
call of k*n steps writes.

Each step:
1. the full objective at the current point (every step, or only on recorded rows when a
   mini-batch or lookahead gradient drives the step); a non-finite value stops the run as
   diverged, a gradient norm under `tol` stops it as converged;
2. the gradient that drives the step: the full one, a mini-batch one (epoch-wise shuffled), or
   at Nesterov's lookahead point; plus optional Gaussian noise, then norm clipping as
   torch.nn.utils.clip_grad_norm_ does, then the sign flip of `maximize`;
3. the optimizer's update; a non-finite point, or one beyond `bound`, stops the run as diverged
   and the last good point stays.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
from numba import njit

from ._formula_kernels import formula, formula_hessian
from ._ids import CONVERGED, CUSTOM, DIVERGED, NESTEROV, NEWTON, RUNNING
from ._loss_kernels import (
    builtin_hessian,
    builtin_value_grad_inline,
    data_hessian,
    data_value_grad,
    value_grad,
)
from ._optimizer_steps import newton_step, point_lookahead, point_step
from ._random import normal_pair
from ._run_loop import batch_rows, batches_per_epoch, first_countdown, step_of, within
from ._update_rules import rule_hyperparams

if TYPE_CHECKING:
    from .specs import LossSpec


ANALYTIC_LOSS, DATA_LOSS, FORMULA_LOSS = 0, 1, 2
"""The kinds of loss `loss_tag` selects a loop for (the length of the tag)."""


@njit(cache=True, nogil=True, error_model="numpy", inline="always")
def _point_value_grad(loss_kind, loss_id, p, x, y):
    """Value and gradient of an analytic loss or a formula at one point (no data)."""
    if loss_kind == FORMULA_LOSS:
        return formula(p, x, y)
    return builtin_value_grad_inline(loss_id, p, x, y)


@njit(cache=True, nogil=True, error_model="numpy")
def _batch_value_grad(loss_kind, loss_id, p, data, order, start, count, x, y):
    if loss_kind == DATA_LOSS:
        return data_value_grad(loss_id, data, order, start, count, x, y)
    return _point_value_grad(loss_kind, loss_id, p, x, y)


@njit(cache=True, nogil=True, error_model="numpy")
def _batch_hessian(loss_kind, loss_id, p, data, order, start, count, x, y):
    if loss_kind == DATA_LOSS:
        return data_hessian(loss_id, data, order, start, count, x, y)
    if loss_kind == FORMULA_LOSS:
        return formula_hessian(p, x, y)
    return builtin_hessian(loss_id, p, x, y)


def optimizer_tag(optimizer_id: int) -> tuple[int, ...]:
    """The kernel's optimizer selector: a tuple whose length is the optimizer id plus one.

    Numba compiles one specialisation per argument type, and the length of a tuple is part of
    its type, so each optimizer gets its own loop (compiled on first use, then cached) in which
    the id is a constant and every other optimizer's branch is folded away. Dispatching on a
    plain integer every step was 3 to 8 times slower.
    """
    return (0,) * (optimizer_id + 1)


def loss_tag(spec: LossSpec) -> tuple[int, ...]:
    """Selects the loop for the kind of loss, as `optimizer_tag` selects the optimizer's: a
    built-in analytic loss (), a data loss (0,) or a typed formula (0, 0). Each loop holds only
    its own kind's code: the mini-batch and per-sample code compiled out of the analytic loop
    makes it 2.5 times faster, and the formula's stack machine compiled out of it 2.3 times
    (its calls and scratch stack kept the loop's values out of registers)."""
    if spec.is_data:
        return (0,) * DATA_LOSS
    return (0,) * (FORMULA_LOSS if spec.kernel_id == CUSTOM else ANALYTIC_LOSS)


@njit(cache=True, nogil=True, error_model="numpy")
def advance(
    optimizer_tag,
    loss_tag,
    h,
    loss_id,
    p,
    data,
    batch_size,
    seed,
    grad_noise,
    clip_norm,
    maximize,
    theta,
    state,
    loop,
    out_path,
    out_loss,
    out_grad_norm,
    out_lr,
    first_row,
):
    """Take up to n_steps steps from step `first_step`; update theta and state in place.
    `loop` is what every kernel's loop takes (`RecordedRun._loop_arguments`): the epoch's
    order, first_step, n_steps, lrs, lr_stride, record_every, tol and the divergence bound.

    lrs[i * lr_stride] is the learning rate of step first_step + i (lr_stride 0: constant).
    Returns (steps taken, rows written, status, loss and gradient norm at the final point).
    """
    order, first_step, n_steps, lrs, lr_stride, record_every, tol, bound = loop
    optimizer_id = len(optimizer_tag) - 1
    loss_kind = len(loss_tag)
    is_data = loss_kind == DATA_LOSS
    x = theta[0]
    y = theta[1]
    s = (state[0], state[1], state[2], state[3], state[4], state[5], state[6], state[7])
    rule_h = rule_hyperparams(h)
    n_data = data.shape[0]
    minibatch = is_data and batch_size < n_data
    # The full objective at the path point is needed every step only when it is also the
    # gradient that drives the step; otherwise only on recorded rows.
    every_step = not minibatch and optimizer_id != NESTEROV
    per_epoch = batches_per_epoch(minibatch, n_data, batch_size, first_step, order, seed)
    countdown = first_countdown(first_step, record_every)
    row = first_row
    status = RUNNING
    taken = 0
    gfx = 0.0
    gfy = 0.0
    for i in range(n_steps):
        t, lr, record, countdown = step_of(i, first_step, lrs, lr_stride, countdown, record_every)

        if record or every_step:
            if is_data:
                f, gfx, gfy = data_value_grad(loss_id, data, order[:0], np.int64(0), n_data, x, y)
            else:
                f, gfx, gfy = _point_value_grad(loss_kind, loss_id, p, x, y)
            # the norm's square rules on divergence (finite exactly when the norm is); the
            # square root is taken only where it is kept or compared: on the divider it
            # slowed every step of Adam by a fifth
            squares = gfx * gfx + gfy * gfy
            if not (math.isfinite(f) and math.isfinite(squares)):
                status = DIVERGED
                break
            if record:
                if row < out_loss.shape[0]:  # a sweep keeps no rows, only the final point
                    out_path[row, 0] = x
                    out_path[row, 1] = y
                    out_loss[row] = f
                    out_grad_norm[row] = math.sqrt(squares)
                    out_lr[row] = lr
                row += 1
            if tol > 0.0 and math.sqrt(squares) < tol:
                status = CONVERGED
                break

        ex = x
        ey = y
        if optimizer_id == NESTEROV:
            ex, ey = point_lookahead(x, y, rule_h, s)
        start = 0
        count = n_data
        if minibatch:
            start, count = batch_rows(t, per_epoch, batch_size, n_data, order, seed)
            _, gx, gy = _batch_value_grad(loss_kind, loss_id, p, data, order, start, count, ex, ey)
        elif optimizer_id == NESTEROV:
            if is_data:
                _, gx, gy = data_value_grad(loss_id, data, order[:0], np.int64(0), n_data, ex, ey)
            else:
                _, gx, gy = _point_value_grad(loss_kind, loss_id, p, ex, ey)
        else:
            gx = gfx
            gy = gfy
        if grad_noise > 0.0:
            noise_x, noise_y = normal_pair(seed, t)
            gx += grad_noise * noise_x
            gy += grad_noise * noise_y
        if clip_norm > 0.0:
            coefficient = min(clip_norm / (math.sqrt(gx * gx + gy * gy) + 1e-6), 1.0)
            gx *= coefficient
            gy *= coefficient
        if maximize:
            gx = -gx
            gy = -gy

        if optimizer_id == NEWTON:
            hxx, hxy, hyy = _batch_hessian(loss_kind, loss_id, p, data, order, start, count, x, y)
            if maximize:
                hxx, hxy, hyy = -hxx, -hxy, -hyy
            nx, ny, ns = newton_step(x, y, gx, gy, lr, hxx, hxy, hyy, rule_h, s)
        else:
            nx, ny, ns = point_step(optimizer_tag, x, y, gx, gy, lr, t + 1, rule_h, s)
        if not (within(nx, bound) and within(ny, bound)):
            status = DIVERGED
            break
        x = nx
        y = ny
        s = ns
        taken += 1

    theta[0] = x
    theta[1] = y
    for k in range(8):
        state[k] = s[k]
    f, gfx, gfy = value_grad(loss_id, p, data, x, y)
    return taken, row - first_row, status, f, math.sqrt(gfx * gfx + gfy * gfy)
