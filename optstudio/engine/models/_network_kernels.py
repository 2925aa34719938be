"""The network's compiled passes: forward, loss, and backpropagation over a batch of rows.

Rows go through the network in blocks of BLOCK_ROWS, a layer at a time. Every sum has one
fixed order: a unit sums its bias and then its inputs in order; a gradient sums its rows in
order within a block and then the blocks in order. So every machine computes the same bits
(no BLAS, whose blocking differs by processor), and the sums of four units, four inputs or
four weights run side by side, so that the processor is not kept waiting on one addition
after another (three times faster than a unit at a time).

Layouts: `params` is torch's Sequential flattened (each weight (out, in) row-major, then its
bias); `pre[l]` and `post[l]` hold, for each row of the block, layer l's inputs to and outputs
of its activation; `delta[k]` the gradients with respect to a layer's `pre`.
"""

import math

import numpy as np
from numba import njit, prange

from .. import _cache_guard  # noqa: F401  (clears a stale kernel cache before numba reads it)

BLOCK_ROWS = 128
jit = njit(cache=True, nogil=True, error_model="numpy")


@jit
def activate(kind, z):  # pragma: no cover - jitted
    """relu (0), tanh (1), sigmoid (2), linear (3)."""
    if kind == 0:
        return z if z > 0.0 else 0.0
    if kind == 1:
        return math.tanh(z)
    if kind == 2:
        if z >= 0.0:
            return 1.0 / (1.0 + math.exp(-z))
        e = math.exp(z)
        return e / (1.0 + e)
    return z


@jit
def slope(kind, z, a):  # pragma: no cover - jitted
    """d activation / dz, from the input z and the output a."""
    if kind == 0:
        return 1.0 if z > 0.0 else 0.0
    if kind == 1:
        return 1.0 - a * a
    if kind == 2:
        return a * (1.0 - a)
    return 1.0


@jit
def row_loss(out, outputs, task, target):  # pragma: no cover - jitted
    """One row's data loss from the network's outputs: binary cross-entropy with logits
    (task 0), softmax cross-entropy (1) or squared error averaged over the outputs (2)."""
    if task == 0:
        z = out[0]
        return max(z, 0.0) - z * target + math.log1p(math.exp(-abs(z)))
    if task == 1:
        top = out[0]
        for j in range(1, outputs):
            top = max(top, out[j])
        sum_exp = 0.0
        for j in range(outputs):
            sum_exp += math.exp(out[j] - top)
        return top + math.log(sum_exp) - out[int(target)]
    total = 0.0
    for j in range(outputs):
        error = out[j] - target
        total += error * error / outputs
    return total


@jit
def output_gradient(out, outputs, task, target, scale, delta):  # pragma: no cover - jitted
    """d(row loss * scale) / d outputs into `delta`: sigmoid(z) - y for binary cross-entropy,
    softmax(z) - one_hot(y) for cross-entropy, 2 (z - y) / outputs for squared error."""
    if task == 0:
        z = out[0]
        p = 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))
        delta[0] = (p - target) * scale
    elif task == 1:
        top = out[0]
        for j in range(1, outputs):
            top = max(top, out[j])
        sum_exp = 0.0
        for j in range(outputs):
            sum_exp += math.exp(out[j] - top)
        for j in range(outputs):
            p = math.exp(out[j] - top) / sum_exp
            delta[j] = (p - (1.0 if j == int(target) else 0.0)) * scale
    else:
        for j in range(outputs):
            delta[j] = 2.0 * (out[j] - target) / outputs * scale


@jit
def is_correct(out, outputs, task, target):  # pragma: no cover - jitted
    """Whether one row is classified right: logit > 0 for class 1, or the first largest."""
    if task == 0:
        return (out[0] > 0.0) == (target > 0.5)
    best = 0
    for j in range(1, outputs):
        if out[j] > out[best]:
            best = j
    return best == int(target)


@jit
def workspace(sizes):  # pragma: no cover - jitted
    """Scratch for a block of rows: pre and post (layers + 1, BLOCK_ROWS, widest), delta
    (2, BLOCK_ROWS, widest), where each layer starts in the parameter vector, and room for
    the transposed weights."""
    width = 0
    for s in sizes:
        width = max(width, s)
    layers = sizes.shape[0] - 1
    starts = np.zeros(layers, dtype=np.int64)
    for layer in range(1, layers):
        starts[layer] = starts[layer - 1] + sizes[layer] * sizes[layer - 1] + sizes[layer]
    shape = (layers + 1, BLOCK_ROWS, width)
    pre = np.zeros(shape)
    post = np.zeros(shape)
    wt = np.zeros(starts[layers - 1] + sizes[layers] * sizes[layers - 1] + sizes[layers])
    return pre, post, np.zeros((2, BLOCK_ROWS, width)), starts, wt


@jit
def transpose_weights(params, sizes, starts, wt):  # pragma: no cover - jitted
    """wt: each layer's weight (out, in) stored as (in, out), so that the forward pass reads
    the weights of neighbouring units side by side (and the compiler packs them into one
    vector instruction)."""
    for layer in range(sizes.shape[0] - 1):
        n_in = sizes[layer]
        n_out = sizes[layer + 1]
        start = starts[layer]
        for j in range(n_out):
            for i in range(n_in):
                wt[start + i * n_out + j] = params[start + j * n_in + i]


@jit
def _rows_through(start_values, matrix, a_in, out, count):  # pragma: no cover - jitted
    """out[r, :] = start_values + sum_k a_in[r, k] matrix[k, :], two rows at a time: each row
    of `matrix` (contiguous) scaled and added to local sums at once, which the compiler turns
    into vector instructions; each out[r, j] still sums over k in order."""
    width = matrix.shape[1]
    first = np.empty(width)
    second = np.empty(width)
    r = 0
    while r < count:
        s = r + 1 if r + 1 < count else r
        for j in range(width):
            first[j] = start_values[j]
            second[j] = start_values[j]
        for k in range(matrix.shape[0]):
            a = a_in[r, k]
            c = a_in[s, k]
            row = matrix[k]
            for j in range(width):
                w = row[j]
                first[j] += w * a
                second[j] += w * c
        for j in range(width):
            out[r, j] = first[j]
            out[s, j] = second[j]
        r += 2


@jit
def _layer_forward(params, wt, start, n_in, n_out, a_in, z, count):  # pragma: no cover
    """z[r, j] = bias[j] + sum_i w[j, i] a_in[r, i], through the transposed weights (a 2-D
    view: the compiler vectorises over a row of it, not over a flat index)."""
    bias = start + n_out * n_in
    weights = wt[start : start + n_in * n_out].reshape(n_in, n_out)
    _rows_through(params[bias : bias + n_out], weights, a_in, z, count)


@jit
def forward_block(params, wt, x, rows, first, count, sizes, activation, starts, pre, post):
    """Rows rows[first:first + count] of x (x[first:first + count] when `rows` is empty)
    through the network: post[layers] holds the outputs."""  # pragma: no cover - jitted
    layers = sizes.shape[0] - 1
    for r in range(count):
        source = rows[first + r] if rows.shape[0] > 0 else first + r
        for i in range(sizes[0]):
            post[0, r, i] = x[source, i]
    for layer in range(layers):
        n_in = sizes[layer]
        n_out = sizes[layer + 1]
        z = pre[layer + 1]
        a = post[layer + 1]
        _layer_forward(params, wt, starts[layer], n_in, n_out, post[layer], z, count)
        if layer == layers - 1:
            for r in range(count):
                for j in range(n_out):
                    a[r, j] = z[r, j]
        else:
            for r in range(count):
                for j in range(n_out):
                    a[r, j] = activate(activation, z[r, j])


@jit
def _layer_gradient(a_in, d, start, n_in, n_out, count, grad, sums):  # pragma: no cover
    """grad of bias[j] += sum_r d[r, j]; of w[j, i] += sum_r d[r, j] a_in[r, i]: the block's
    sums gather in `sums` (n_out, n_in + 1), all inputs of a unit at once (vector
    instructions), each sum taking the rows in order."""
    for j in range(n_out):
        for i in range(n_in + 1):
            sums[j, i] = 0.0
    r = 0
    while r + 1 < count:
        here = a_in[r]
        after = a_in[r + 1]
        for j in range(n_out):
            e = d[r, j]
            f = d[r + 1, j]
            row = sums[j]
            for i in range(n_in):
                row[i] = (row[i] + e * here[i]) + f * after[i]
            row[n_in] = (row[n_in] + e) + f
        r += 2
    if r < count:
        for j in range(n_out):
            e = d[r, j]
            row = sums[j]
            for i in range(n_in):
                row[i] += e * a_in[r, i]
            row[n_in] += e
    bias = start + n_out * n_in
    for j in range(n_out):
        w = start + j * n_in
        for i in range(n_in):
            grad[w + i] += sums[j, i]
        grad[bias + j] += sums[j, n_in]


@jit
def _layer_backward(params, start, n_in, n_out, d, back, count):  # pragma: no cover
    """back[r, i] = sum_j w[j, i] d[r, j]: the rows of d through the weights (out, in)."""
    weights = params[start : start + n_out * n_in].reshape(n_out, n_in)
    _rows_through(np.zeros(n_in), weights, d, back, count)


@jit
def backward_block(params, sizes, activation, starts, pre, post, delta, sums, count, grad):
    """Backpropagation through a block of rows whose output gradients are in delta[0]: each
    layer's gradient added to `grad` (`_layer_gradient`), then the gradient passed back."""
    layers = sizes.shape[0] - 1  # pragma: no cover - jitted
    current = 0
    for layer in range(layers - 1, -1, -1):
        n_in = sizes[layer]
        n_out = sizes[layer + 1]
        d = delta[current]
        _layer_gradient(post[layer], d, starts[layer], n_in, n_out, count, grad, sums)
        if layer > 0:
            back = delta[1 - current]
            _layer_backward(params, starts[layer], n_in, n_out, d, back, count)
            z = pre[layer]
            a = post[layer]
            for r in range(count):
                for i in range(n_in):
                    back[r, i] = back[r, i] * slope(activation, z[r, i], a[r, i])
            current = 1 - current


@jit
def _score_block(out, y, rows, first, count, outputs, task, scale, delta, total, correct):
    """`total` and `correct` with the block's row losses and rows classified right added, in
    row order; with a `delta` of rows, each row's output gradient (times `scale`) into it."""
    for r in range(count):
        target = y[rows[first + r] if rows.shape[0] > 0 else first + r]
        total += row_loss(out[r], outputs, task, target)
        if task != 2 and is_correct(out[r], outputs, task, target):
            correct += 1
        if delta.shape[0] > 0:
            output_gradient(out[r], outputs, task, target, scale, delta[r])
    return total, correct


@jit
def loss_and_gradient(
    params, x, y, rows, first, count, sizes, activation, task, grad, pre, post, delta, starts, wt
):  # pragma: no cover - jitted
    """Mean data loss over a batch and the fraction of it classified right (NaN for
    regression); adds the loss's gradient to `grad`. The batch is rows[first:first + count]
    of x, y, or rows first .. first + count - 1 when `rows` is empty."""
    layers = sizes.shape[0] - 1
    outputs = sizes[layers]
    scale = 1.0 / count
    total = 0.0
    correct = 0
    transpose_weights(params, sizes, starts, wt)
    sums = np.empty((pre.shape[2], pre.shape[2] + 1))
    for block in range(0, count, BLOCK_ROWS):
        n = min(BLOCK_ROWS, count - block)
        forward_block(params, wt, x, rows, first + block, n, sizes, activation, starts, pre, post)
        total, correct = _score_block(
            post[layers], y, rows, first + block, n, outputs, task, scale, delta[0], total, correct
        )
        backward_block(params, sizes, activation, starts, pre, post, delta, sums, n, grad)
    return total * scale, (math.nan if task == 2 else correct / count)


@jit
def loss_and_correct(params, x, y, sizes, activation, task, pre, post, starts, wt):
    """Mean data loss over all rows, and the fraction classified right (NaN for
    regression): a forward pass only."""  # pragma: no cover - jitted
    layers = sizes.shape[0] - 1
    outputs = sizes[layers]
    no_rows = np.zeros(0, dtype=np.int64)
    count = x.shape[0]
    total = 0.0
    correct = 0
    transpose_weights(params, sizes, starts, wt)
    for block in range(0, count, BLOCK_ROWS):
        n = min(BLOCK_ROWS, count - block)
        forward_block(params, wt, x, no_rows, block, n, sizes, activation, starts, pre, post)
        total, correct = _score_block(
            post[layers], y, no_rows, block, n, outputs, task, 1.0, post[layers][:0], total, correct
        )
    scale = 1.0 / max(count, 1)  # as loss_and_gradient scales: the same mean, bit for bit
    return total * scale, (math.nan if task == 2 else correct / max(count, 1))


@jit
def outputs_of(params, x, sizes, activation, out):  # pragma: no cover - jitted
    """The network's outputs for every row of x, into out (rows, outputs)."""
    pre, post, _, starts, wt = workspace(sizes)
    layers = sizes.shape[0] - 1
    no_rows = np.zeros(0, dtype=np.int64)
    transpose_weights(params, sizes, starts, wt)
    for block in range(0, x.shape[0], BLOCK_ROWS):
        n = min(BLOCK_ROWS, x.shape[0] - block)
        forward_block(params, wt, x, no_rows, block, n, sizes, activation, starts, pre, post)
        for r in range(n):
            for j in range(sizes[layers]):
                out[block + r, j] = post[layers, r, j]


@njit(cache=True, nogil=True, parallel=True, error_model="numpy")
def grid_row_losses(center, first, second, alphas, b, x, y, sizes, activation, task, out):
    """The mean loss over rows x, y at center + a first + b second for each a of `alphas`,
    the points shared out over the cores: a landscape's row, each point exactly the training
    kernel's loss at its parameters. (The only parallel kernel of the model engine: call it
    from one thread at a time, as the landscape's worker does.)"""  # pragma: no cover - jitted
    for k in prange(alphas.shape[0]):
        params = center + alphas[k] * first + b * second
        pre, post, _, starts, wt = workspace(sizes)
        loss, _ = loss_and_correct(params, x, y, sizes, activation, task, pre, post, starts, wt)
        out[k] = loss


WAVE_BLOCKS = 16
"""Blocks worked on at once by `loss_and_gradient_parallel`: their gradients are kept apart
until added in order, so memory grows with this, not with the data set."""


@njit(cache=True, nogil=True, parallel=True, error_model="numpy")
def loss_and_gradient_parallel(
    params, x, y, rows, first, count, sizes, activation, task, grad, starts, wt
):  # pragma: no cover - jitted
    """`loss_and_gradient` with its blocks of rows on every core: each block's gradient is kept
    apart and the blocks are added in order, each row's loss too, so the result is the serial
    pass's to the last bit, whatever the number of cores."""
    layers = sizes.shape[0] - 1
    outputs = sizes[layers]
    width = 0
    for s in sizes:
        width = max(width, s)
    scale = 1.0 / count
    n_params = params.shape[0]
    transpose_weights(params, sizes, starts, wt)
    n_blocks = (count + BLOCK_ROWS - 1) // BLOCK_ROWS
    losses = np.empty(count)
    right = np.zeros(count, dtype=np.int64)
    partial = np.empty((min(n_blocks, WAVE_BLOCKS), n_params))
    for wave in range(0, n_blocks, WAVE_BLOCKS):
        in_wave = min(WAVE_BLOCKS, n_blocks - wave)
        for k in prange(in_wave):
            block = (wave + k) * BLOCK_ROWS
            n = min(BLOCK_ROWS, count - block)
            shape = (layers + 1, BLOCK_ROWS, width)
            pre = np.empty(shape)
            post = np.empty(shape)
            delta = np.empty((2, BLOCK_ROWS, width))
            sums = np.empty((width, width + 1))
            forward_block(
                params, wt, x, rows, first + block, n, sizes, activation, starts, pre, post
            )
            out = post[layers]
            for r in range(n):
                source = rows[first + block + r] if rows.shape[0] > 0 else first + block + r
                target = y[source]
                losses[block + r] = row_loss(out[r], outputs, task, target)
                if task != 2 and is_correct(out[r], outputs, task, target):
                    right[block + r] = 1
                output_gradient(out[r], outputs, task, target, scale, delta[0, r])
            g = partial[k]
            g[:] = 0.0
            backward_block(params, sizes, activation, starts, pre, post, delta, sums, n, g)
        for k in range(in_wave):
            for q in range(n_params):
                grad[q] += partial[k, q]
    total = 0.0
    correct = 0
    for r in range(count):
        total += losses[r]
        correct += right[r]
    return total * scale, (math.nan if task == 2 else correct / count)
