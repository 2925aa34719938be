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
from numba import njit

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
def _layer_forward(params, wt, start, n_in, n_out, a_in, z, count):  # pragma: no cover
    """z[r, j] = bias[j] + sum_i w[j, i] a_in[r, i]: eight units (two rows of four) at a
    time, each summing its inputs in order."""
    bias = start + n_out * n_in
    r = 0
    while r < count:
        pair = r + 1 < count
        s = r + 1 if pair else r
        j = 0
        while j + 4 <= n_out:
            t0 = params[bias + j]
            t1 = params[bias + j + 1]
            t2 = params[bias + j + 2]
            t3 = params[bias + j + 3]
            u0 = t0
            u1 = t1
            u2 = t2
            u3 = t3
            for i in range(n_in):
                w = start + i * n_out + j
                a = a_in[r, i]
                b = a_in[s, i]
                t0 += wt[w] * a
                t1 += wt[w + 1] * a
                t2 += wt[w + 2] * a
                t3 += wt[w + 3] * a
                u0 += wt[w] * b
                u1 += wt[w + 1] * b
                u2 += wt[w + 2] * b
                u3 += wt[w + 3] * b
            z[r, j] = t0
            z[r, j + 1] = t1
            z[r, j + 2] = t2
            z[r, j + 3] = t3
            z[s, j] = u0
            z[s, j + 1] = u1
            z[s, j + 2] = u2
            z[s, j + 3] = u3
            j += 4
        while j < n_out:
            t0 = params[bias + j]
            u0 = t0
            for i in range(n_in):
                w = wt[start + i * n_out + j]
                t0 += w * a_in[r, i]
                u0 += w * a_in[s, i]
            z[r, j] = t0
            z[s, j] = u0
            j += 1
        r += 2


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
def _layer_gradient(a_in, d, start, n_in, n_out, count, grad):  # pragma: no cover - jitted
    """grad of bias[j] += sum_r d[r, j]; of w[j, i] += sum_r d[r, j] a_in[r, i] (rows in
    order, four inputs at a time)."""
    bias = start + n_out * n_in
    for j in range(n_out):
        total = 0.0
        for r in range(count):
            total += d[r, j]
        grad[bias + j] += total
    for j in range(n_out):
        w = start + j * n_in
        i = 0
        while i + 4 <= n_in:
            t0 = 0.0
            t1 = 0.0
            t2 = 0.0
            t3 = 0.0
            for r in range(count):
                e = d[r, j]
                t0 += e * a_in[r, i]
                t1 += e * a_in[r, i + 1]
                t2 += e * a_in[r, i + 2]
                t3 += e * a_in[r, i + 3]
            grad[w + i] += t0
            grad[w + i + 1] += t1
            grad[w + i + 2] += t2
            grad[w + i + 3] += t3
            i += 4
        while i < n_in:
            t0 = 0.0
            for r in range(count):
                t0 += d[r, j] * a_in[r, i]
            grad[w + i] += t0
            i += 1


@jit
def _layer_backward(params, start, n_in, n_out, d, back, count):  # pragma: no cover
    """back[r, i] = sum_j w[j, i] d[r, j] (units in order, four inputs at a time)."""
    for r in range(count):
        i = 0
        while i + 4 <= n_in:
            t0 = 0.0
            t1 = 0.0
            t2 = 0.0
            t3 = 0.0
            for j in range(n_out):
                e = d[r, j]
                w = start + j * n_in + i
                t0 += params[w] * e
                t1 += params[w + 1] * e
                t2 += params[w + 2] * e
                t3 += params[w + 3] * e
            back[r, i] = t0
            back[r, i + 1] = t1
            back[r, i + 2] = t2
            back[r, i + 3] = t3
            i += 4
        while i < n_in:
            t0 = 0.0
            for j in range(n_out):
                t0 += params[start + j * n_in + i] * d[r, j]
            back[r, i] = t0
            i += 1


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
    for block in range(0, count, BLOCK_ROWS):
        n = min(BLOCK_ROWS, count - block)
        forward_block(params, wt, x, rows, first + block, n, sizes, activation, starts, pre, post)
        out = post[layers]
        d = delta[0]
        for r in range(n):
            target = y[rows[first + block + r] if rows.shape[0] > 0 else first + block + r]
            total += row_loss(out[r], outputs, task, target)
            if task != 2 and is_correct(out[r], outputs, task, target):
                correct += 1
            output_gradient(out[r], outputs, task, target, scale, d[r])
        current = 0
        for layer in range(layers - 1, -1, -1):
            n_in = sizes[layer]
            n_out = sizes[layer + 1]
            d = delta[current]
            _layer_gradient(post[layer], d, starts[layer], n_in, n_out, n, grad)
            if layer > 0:
                back = delta[1 - current]
                _layer_backward(params, starts[layer], n_in, n_out, d, back, n)
                z = pre[layer]
                a = post[layer]
                for r in range(n):
                    for i in range(n_in):
                        back[r, i] = back[r, i] * slope(activation, z[r, i], a[r, i])
                current = 1 - current
    return total * scale, (math.nan if task == 2 else correct * scale)


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
        out = post[layers]
        for r in range(n):
            target = y[block + r]
            total += row_loss(out[r], outputs, task, target)
            if task != 2 and is_correct(out[r], outputs, task, target):
                correct += 1
    rows = max(count, 1)
    return total / rows, (math.nan if task == 2 else correct / rows)


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
