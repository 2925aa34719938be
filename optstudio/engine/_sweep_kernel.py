"""Many independent runs at once, one per core at a time (numba prange).

Each run is exactly the single-run step loop (`_kernel.advance`) on its own point, state and
hyperparameters, so every result equals, bit for bit, the run `simulate` makes with the same
settings. Nothing is recorded but the end: steps taken, status, loss and gradient norm.
"""

import numpy as np
from numba import njit, prange

from ._ids import RUNNING
from ._kernel import DATA_LOSS, advance


@njit(cache=True, nogil=True, parallel=True, error_model="numpy")
def advance_many(
    optimizer_tag,
    loss_tag,
    hypers,
    loss_id,
    p,
    data,
    batch_size,
    seeds,
    grad_noise,
    clip_norms,
    maximizes,
    thetas,
    states,
    first_step,
    n_steps,
    lr_table,
    lr_rows,
    lr_stride,
    record_every,
    tol,
    bound,
    running,
    out_taken,
    out_status,
    out_loss,
    out_grad_norm,
):
    """Advance every run still running by up to n_steps from step first_step, in place."""
    n_data = data.shape[0]
    minibatch = len(loss_tag) == DATA_LOSS and batch_size < n_data
    for i in prange(thetas.shape[0]):
        if not running[i]:
            continue
        order = np.zeros(n_data if minibatch else 0, dtype=np.int64)
        path = np.empty((1, 2))
        losses = np.empty(1)
        norms = np.empty(1)
        rates = np.empty(1)
        taken, _, status, f, grad_norm = advance(
            optimizer_tag,
            loss_tag,
            hypers[i],
            loss_id,
            p,
            data,
            batch_size,
            seeds[i],
            grad_noise,
            clip_norms[i],
            maximizes[i],
            thetas[i],
            states[i],
            (order, first_step, n_steps, lr_table[lr_rows[i]], lr_stride, record_every, tol, bound),
            path,
            losses,
            norms,
            rates,
            np.int64(0),  # not the literal 0, so that the sweep runs the single run's kernel
        )
        out_taken[i] += taken
        out_status[i] = status
        out_loss[i] = f
        out_grad_norm[i] = grad_norm
        if status != RUNNING:
            running[i] = False
