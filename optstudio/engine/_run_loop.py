"""The bookkeeping of a kernel's loop over steps that the two-parameter kernel (`_kernel.py`)
and the network kernel (`models/_train_kernel.py`) share: which steps record a row, and which
rows of the data each step's mini-batch takes (an epoch's order, shuffled with the run's seed
at the epoch's first step, so that a run cut into calls anywhere draws the same batches)."""

from __future__ import annotations

from numba import njit

from ._random import shuffle_epoch


@njit(cache=True, nogil=True, inline="always")
def within(value, bound):  # pragma: no cover - jitted
    """Whether a parameter is finite and within +-bound, in one comparison: NaN compares
    false, and an infinity exceeds any finite bound (the kernels' bound is
    `DIVERGENCE_BOUND`, finite). Two `isfinite` tests beside the comparison put four more
    branches on every step: Adamax's loop ran 10 to 15 % faster without them."""
    return abs(value) <= bound


@njit(cache=True, nogil=True)
def first_countdown(first_step, record_every):  # pragma: no cover - jitted
    """Steps until the next recorded row, at the first step of a call."""
    return (record_every - first_step % record_every) % record_every


@njit(cache=True, nogil=True)
def tick(countdown, record_every):  # pragma: no cover - jitted
    """(whether this step records a row, the countdown for the next step)."""
    record = countdown == 0
    if record:
        countdown = record_every
    return record, countdown - 1


@njit(cache=True, nogil=True)
def step_of(i, first_step, lrs, lr_stride, countdown, record_every):  # pragma: no cover
    """Step i of a call: its number, its learning rate (lrs[i * lr_stride]; a stride of 0
    holds one lr), whether it records a row, and the countdown for the next step."""
    record, countdown = tick(countdown, record_every)
    return first_step + i, lrs[i * lr_stride], record, countdown


@njit(cache=True, nogil=True)
def batches_per_epoch(minibatch, n_data, batch_size, first_step, order, seed):  # pragma: no cover
    """Batches in an epoch (1 for full batches); a call that starts mid-epoch shuffles that
    epoch's order first."""
    per_epoch = (n_data + batch_size - 1) // batch_size if minibatch else 1
    if minibatch and first_step % per_epoch != 0:
        shuffle_epoch(order, seed, first_step // per_epoch)
    return per_epoch


@njit(cache=True, nogil=True)
def batch_rows(step, per_epoch, batch_size, n_data, order, seed):  # pragma: no cover - jitted
    """(start, count) of step's mini-batch in `order`, shuffling it at an epoch's start."""
    batch = step % per_epoch
    if batch == 0:
        shuffle_epoch(order, seed, step // per_epoch)
    start = batch * batch_size
    return start, min(batch_size, n_data - start)
