"""The network's passes over many blocks of rows on every core (numba prange).

A full-batch gradient and a landscape's row of losses share their work out over the cores and
add it up in a fixed order, so that every result equals, bit for bit, the serial pass of
`_network_kernels` whatever the number of threads.
"""

import math

import numpy as np
from numba import njit, prange

from ._network_kernels import (
    block_pass,
    block_sums,
    loss_and_correct,
    rows_per_block,
    slot,
    workspace,
    workspaces,
)

jit = njit(cache=True, nogil=True, error_model="numpy")
parallel_jit = njit(cache=True, nogil=True, parallel=True, error_model="numpy")


@parallel_jit
def grid_row_losses(center, first, second, alphas, b, x, y, sizes, activation, task, out):
    """The mean loss over rows x, y at center + a first + b second for each a of `alphas`,
    the points shared out over the cores: a landscape's row, each point exactly the training
    kernel's loss at its parameters. (Call it from one thread at a time, as the landscape's
    worker does.)"""  # pragma: no cover - jitted
    xt = np.ascontiguousarray(x.T)
    for k in prange(alphas.shape[0]):
        params = center + alphas[k] * first + b * second
        loss, _ = loss_and_correct(params, xt, y, sizes, activation, task, workspace(sizes))
        out[k] = loss


WAVE_BLOCKS = 16
"""Blocks worked on at once by `loss_and_gradient_parallel`: their gradients are kept apart
until added in order, so memory grows with this, not with the data set."""


@jit
def _block_apart(
    params, x, xt, y, rows, first, block, size, sizes, activation, task, scale, work, count,
    losses, right, g,
):  # fmt: skip  # pragma: no cover - jitted
    """The block of `loss_and_gradient_parallel` from row `block` of the batch (block // size
    in order) in the scratch `work`: its loss and rows classified right (`block_sums`) into
    losses and right at its place in order, its gradient into g."""
    n = min(size, count - block)
    g[:] = 0.0
    block_pass(params, x, xt, y, rows, first + block, n, sizes, activation, task, scale, work, g)
    losses[block // size], right[block // size] = block_sums(work[4], n)


@jit
def parallel_scratch(sizes, n_params, rows, workers):  # pragma: no cover - jitted
    """What `loss_and_gradient_parallel` works in, for batches of up to `rows` rows on
    `workers` threads: each thread's `workspaces` slot, the blocks' gradients kept apart, and
    each block's loss and rows classified right (room for a block of one row each). A
    training kernel allocates it once per call: allocated by every pass, it cost 4 us of the
    circle's 22 us full-batch pass."""
    return (
        workspaces(sizes, workers),
        np.empty((WAVE_BLOCKS, n_params)),
        np.empty(rows),
        np.empty(rows, dtype=np.int64),
    )


@parallel_jit
def loss_and_gradient_parallel(
    params, x, xt, y, rows, first, count, sizes, activation, task, grad, workers, scratch
):  # pragma: no cover - jitted
    """`loss_and_gradient` with its blocks of rows on every core: each block's gradient is kept
    apart and the blocks are added in order, each block's loss too, so the result is the serial
    pass's to the last bit, whatever the number of cores. Each of `workers` threads (numba's
    thread count, which the caller passes: read here, it would keep numba from caching the
    kernel) works through every workers-th block of a wave in scratch of its own, which stays
    in its core's cache. `scratch` is a `parallel_scratch` for at least `count` rows and
    `workers` threads."""
    stacked, partial, losses, right = scratch
    scale = 1.0 / count
    n_params = params.shape[0]
    size = rows_per_block(count)
    n_blocks = (count + size - 1) // size
    workers = max(1, min(workers, n_blocks))
    for wave in range(0, n_blocks, WAVE_BLOCKS):
        in_wave = min(WAVE_BLOCKS, n_blocks - wave)
        for worker in prange(workers):
            work = slot(stacked, worker)
            for k in range(worker, in_wave, workers):
                _block_apart(
                    params, x, xt, y, rows, first, (wave + k) * size, size, sizes,
                    activation, task, scale, work, count, losses, right, partial[k],
                )  # fmt: skip
        for k in range(in_wave):
            for q in range(n_params):
                grad[q] += partial[k, q]
    total = 0.0
    correct = 0
    for k in range(n_blocks):
        total += losses[k]
        correct += right[k]
    return total * scale, (math.nan if task == 2 else correct / count)
