"""The network's compiled passes: forward, loss, and backpropagation over a batch of rows.

Rows go through the network in blocks of at most BLOCK_ROWS, of equal size (`rows_per_block`),
a layer at a time, stored unit by unit:
`pre[l]` and `post[l]` are (units, ROW_STRIDE), layer l's inputs to and outputs of its
activation, one unit's values for the block's rows side by side; `delta[k]`, the gradients
with respect to a layer's `pre`, is laid out the same. So every inner loop runs along 128
values, however narrow the layer (the Playground's 8 units are too few to fill a processor's
vector registers), and the compiler turns it into vector instructions; tanh, the sigmoid and
the losses' exponentials are written in plain arithmetic (`_elementary`) so that their loops
vectorise too. `params` is torch's Sequential flattened: each weight (out, in) row-major, then
its bias; `activation`, each Linear's activation kind (`Network.kinds()`, the output's linear).

A weight's gradient sums over the block's rows, which this layout keeps along a row: it is
computed from the layer's inputs turned row by row (the data's own rows for a wide first
layer), so that the sums of all of a unit's weights advance side by side (`_layer_gradients`).

Every sum has one fixed order: a unit sums its bias and then its inputs in order; a gradient
and a loss sum a block's rows in order and then the blocks in order (`rows_per_block`'s
blocks, a function of the batch's size alone). So
every machine computes the same bits (no BLAS, whose blocking differs by processor), and the
parallel passes (`_parallel_passes`) equal the serial ones.
"""

import math

import numpy as np
from numba import njit

from .. import _cache_guard  # noqa: F401  (clears a stale kernel cache before numba reads it)
from ._elementary import exp_nonpositive, log1p_unit, tanh
from ._layer_gradients import layer_gradient, narrow_layer_gradient
from ._vector_rows import VECTOR_WIDTH, transpose_tile

BLOCK_ROWS = 128
ROW_STRIDE = BLOCK_ROWS + 8
"""Room for a unit's values in a block (the first BLOCK_ROWS are used): not a power of two, so
that the units' values for one row fall into different sets of the processor's cache. At 128
they fell into the same few, and turning a layer's outputs row by row cost 6 cycles a value."""
jit = njit(cache=True, nogil=True, error_model="numpy")


@jit
def rows_per_block(count):  # pragma: no cover - jitted
    """How many rows each block of a batch of `count` rows takes: as few blocks as BLOCK_ROWS
    allows, the rows spread evenly over them (the last may have fewer). Blocks of equal size
    keep every core equally busy: the digits' 898 rows in blocks of 128 left one of two
    threads four full blocks and the other three and a block of 2 rows (1.56 times one
    thread's speed); in eight blocks of 113, 1.8 times. A function of the batch alone, never
    of the number of threads, so that every machine sums the same blocks."""
    blocks = (count + BLOCK_ROWS - 1) // BLOCK_ROWS
    return (count + blocks - 1) // max(blocks, 1)


LANES = 8
"""Rows per vector register (AVX-512's eight floats). A loop along a block's rows runs in
vector registers only as far as whole vectors go; the rest, one row at a time, is ten times
slower a row (tanh: 15 ns against 1.4), so the loops that work on each row alone run on to
the next multiple of LANES (`lanes`), over rows that the sums never read."""


@jit
def lanes(count):  # pragma: no cover - jitted
    """count rounded up to a multiple of LANES: how far a block's row-by-row loops run. The
    rows from count on hold zeros for inputs and targets, and whatever follows from them;
    every sum over rows (losses, gradients) stops at count, so they change no result."""
    return (count + LANES - 1) // LANES * LANES


TARGET, ROW_LOSS, AUX, RIGHT = 0, 1, 2, 3
"""Rows of a block's `scratch`: each row's target, loss, a per-row value softmax needs (the
largest logit, then the sum of exponentials), and its predicted class."""


@jit
def sigmoid(z):  # pragma: no cover - jitted
    """1 / (1 + e^-z), through e^-|z| so that neither branch overflows."""
    e = exp_nonpositive(-abs(z))
    return 1.0 / (1.0 + e) if z >= 0.0 else e / (1.0 + e)


@jit
def activate(kind, z):  # pragma: no cover - jitted
    """relu (0), tanh (1), sigmoid (2), linear (3)."""
    if kind == 0:
        return z if z > 0.0 else 0.0
    if kind == 1:
        return tanh(z)
    if kind == 2:
        return sigmoid(z)
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
def workspaces(sizes, count):  # pragma: no cover - jitted
    """Scratch for `count` blocks of rows worked on at once, each slot taken by `slot`: pre and
    post (layers + 1, widest, ROW_STRIDE), delta (2, widest, ROW_STRIDE), the block's
    per-row values (4, ROW_STRIDE), a layer's inputs row by row (BLOCK_ROWS, widest + 8) and
    a layer's gradient sums (widest, at least widest + 1 and VECTOR_WIDTH + 1 columns, as
    `_layer_gradients` takes them); and where each layer starts in the parameter vector.
    Nothing is read before it is written, so none of it is cleared but `post`, which holds at
    least VECTOR_WIDTH units: a narrow layer's inputs are turned into rows VECTOR_WIDTH units
    at a time (`transpose_tile`), and the units past a layer's own must hold numbers, whose
    terms land in sums never read (a NaN or a subnormal from uncleared memory would cost
    time, never bits). They stay zero: nothing writes them."""
    width = 0
    for s in sizes:
        width = max(width, s)
    layers = sizes.shape[0] - 1
    starts = np.zeros(layers, dtype=np.int64)
    for layer in range(1, layers):
        starts[layer] = starts[layer - 1] + sizes[layer] * sizes[layer - 1] + sizes[layer]
    return (
        np.empty((count, layers + 1, width, ROW_STRIDE)),
        np.zeros((count, layers + 1, max(width, VECTOR_WIDTH), ROW_STRIDE)),
        np.empty((count, 2, width, ROW_STRIDE)),
        starts,
        np.empty((count, 4, ROW_STRIDE)),
        np.empty((count, BLOCK_ROWS, width + 8)),
        np.empty((count, width, max(width, VECTOR_WIDTH) + 1)),
    )


@jit
def slot(stacked, k):  # pragma: no cover - jitted
    """The k-th block's scratch of `workspaces`, as one tuple: (pre, post, delta, starts,
    per-row values, outputs row by row, gradient sums)."""
    pre, post, delta, starts, scratch, by_row, sums = stacked
    return pre[k], post[k], delta[k], starts, scratch[k], by_row[k], sums[k]


@jit
def workspace(sizes):  # pragma: no cover - jitted
    """Scratch for one block of rows at a time (`slot`'s tuple)."""
    return slot(workspaces(sizes, np.int64(1)), np.int64(0))


@njit(cache=True, nogil=True, error_model="numpy", inline="always")
def _four(values, first, step):  # pragma: no cover - jitted
    """values[first], values[first + step], values[first + 2 step], values[first + 3 step]:
    the four weights (or input rows) one pass of a weighted sum takes."""
    return (
        values[first],
        values[first + step],
        values[first + 2 * step],
        values[first + 3 * step],
    )


@jit
def _weighted_sum(out, start_values, weights, first, step, inputs, n, count):  # pragma: no cover
    """out[r] = start_values + sum_k weights[first + k step] inputs[k, r] over k < n, in k's
    order, four inputs per pass along the row (one load and store of out per four terms)."""
    for r in range(count):
        out[r] = start_values
    k = 0
    while k + 4 <= n:
        w0, w1, w2, w3 = _four(weights, first + k * step, step)
        a0, a1, a2, a3 = _four(inputs, k, 1)
        for r in range(count):
            out[r] = (((out[r] + w0 * a0[r]) + w1 * a1[r]) + w2 * a2[r]) + w3 * a3[r]
        k += 4
    while k < n:
        w = weights[first + k * step]
        a = inputs[k]
        for r in range(count):
            out[r] += w * a[r]
        k += 1


@jit
def _weighted_sums(out, start_values, weights, first, unit_step, step, inputs, n, units, count):
    """`_weighted_sum` for `units` outputs: out[u] = start_values[u] + sum_k weights[first +
    u unit_step + k step] inputs[k] over k < n, two outputs per pass over the inputs, so that
    each input row loaded serves both (each sum keeps its order: the same bits)."""
    u = 0  # pragma: no cover - jitted
    while u + 2 <= units:
        o0 = out[u]
        o1 = out[u + 1]
        f0 = first + u * unit_step
        f1 = f0 + unit_step
        for r in range(count):
            o0[r] = start_values[u]
            o1[r] = start_values[u + 1]
        k = 0
        while k + 4 <= n:
            v0, v1, v2, v3 = _four(weights, f0 + k * step, step)
            w0, w1, w2, w3 = _four(weights, f1 + k * step, step)
            a0, a1, a2, a3 = _four(inputs, k, 1)
            for r in range(count):
                o0[r] = (((o0[r] + v0 * a0[r]) + v1 * a1[r]) + v2 * a2[r]) + v3 * a3[r]
                o1[r] = (((o1[r] + w0 * a0[r]) + w1 * a1[r]) + w2 * a2[r]) + w3 * a3[r]
            k += 4
        while k < n:
            v = weights[f0 + k * step]
            w = weights[f1 + k * step]
            a = inputs[k]
            for r in range(count):
                o0[r] += v * a[r]
                o1[r] += w * a[r]
            k += 1
        u += 2
    if u < units:
        first_u = first + u * unit_step
        _weighted_sum(out[u], start_values[u], weights, first_u, step, inputs, n, count)


@jit
def _apply_activation(kind, z, a, n, count):  # pragma: no cover - jitted
    """a = activation(z) for n units of a block, a loop per kind so that each vectorises."""
    for j in range(n):
        zj = z[j]
        aj = a[j]
        if kind == 0:
            for r in range(count):
                aj[r] = zj[r] if zj[r] > 0.0 else 0.0
        elif kind == 1:
            for r in range(count):
                aj[r] = tanh(zj[r])
        elif kind == 2:
            for r in range(count):
                aj[r] = sigmoid(zj[r])
        else:
            for r in range(count):
                aj[r] = zj[r]


@jit
def forward_block(params, xt, rows, first, count, sizes, activation, starts, pre, post):
    """Rows rows[first:first + count] of the data (rows first .. first + count - 1 when `rows`
    is empty) through the network: post[layers] holds the outputs. `xt` is the data feature
    by feature (features, rows), so that a feature's values for the block are copied along a
    row."""  # pragma: no cover - jitted
    layers = sizes.shape[0] - 1
    span = lanes(count)
    inputs = post[0]
    for i in range(sizes[0]):
        feature = xt[i]
        row = inputs[i]
        if rows.shape[0] > 0:
            for r in range(count):
                row[r] = feature[rows[first + r]]
        else:
            for r in range(count):
                row[r] = feature[first + r]
        for r in range(count, span):
            row[r] = 0.0
    for layer in range(layers):
        n_in = sizes[layer]
        n_out = sizes[layer + 1]
        start = starts[layer]
        z = pre[layer + 1]
        biases = params[start + n_out * n_in : start + n_out * n_in + n_out]
        _weighted_sums(z, biases, params, start, n_in, 1, post[layer], n_in, n_out, span)
        _apply_activation(activation[layer], z, post[layer + 1], n_out, span)


@jit
def backward_block(params, x, rows, first, count, sizes, activation, work, grad):
    """Backpropagation through a block of rows whose output gradients are in delta[0]: each
    layer's weight and bias gradients added to `grad` (`_layer_gradients`: from the data's rows
    x for a wide first layer, from the layer's inputs turned row by row for the others), then
    the gradient passed back through the weights (back[i] = sum_j w[j, i] d[j], in j's order)
    and the activation's slope. A narrow first layer's inputs are the data's features that
    `forward_block` copied into post[0]."""
    pre, post, delta, starts, _, by_row, sums = work  # pragma: no cover - jitted
    layers = sizes.shape[0] - 1
    span = lanes(count)
    no_rows = rows[:0]
    current = 0
    for layer in range(layers - 1, -1, -1):
        n_in = sizes[layer]
        n_out = sizes[layer + 1]
        start = starts[layer]
        d = delta[current]
        a_in = post[layer]
        if n_in <= VECTOR_WIDTH:
            for r in range(0, count, VECTOR_WIDTH):
                transpose_tile(a_in, r, by_row, r)
            narrow_layer_gradient(by_row, no_rows, d, start, n_in, n_out, count, grad, sums)
        elif layer == 0:
            layer_gradient(x, rows, first, d, start, n_in, n_out, count, grad, sums)
        else:
            for i in range(n_in):
                ai = a_in[i]
                for r in range(count):
                    by_row[r, i] = ai[r]
            layer_gradient(by_row, no_rows, np.int64(0), d, start, n_in, n_out, count, grad, sums)
        if layer > 0:
            back = delta[1 - current]
            z = pre[layer]
            for i in range(n_in):
                bi = back[i]
                _weighted_sum(bi, 0.0, params, start + i, n_in, d, n_out, span)
                zi = z[i]
                ai = a_in[i]
                kind = activation[layer - 1]  # of the Linear whose outputs a_in are
                if kind == 0:
                    for r in range(span):
                        bi[r] = bi[r] * (1.0 if zi[r] > 0.0 else 0.0)
                elif kind == 1:
                    for r in range(span):
                        bi[r] = bi[r] * (1.0 - ai[r] * ai[r])
                elif kind == 2:
                    for r in range(span):
                        bi[r] = bi[r] * (ai[r] * (1.0 - ai[r]))
            current = 1 - current


@jit
def _score_block(out, y, rows, first, count, outputs, task, scale, delta, scratch):
    """Each row's loss into scratch[ROW_LOSS] and its predicted class (or, for one logit,
    whether it is right) into scratch[RIGHT]; the gradient of (row loss * scale) with respect
    to the outputs into `delta`: sigmoid(z) - y for binary cross-entropy with logits,
    softmax(z) - one_hot(y) for cross-entropy, 2 (z - y) / outputs for squared error."""
    target = scratch[TARGET]  # pragma: no cover - jitted
    loss = scratch[ROW_LOSS]
    aux = scratch[AUX]
    right = scratch[RIGHT]
    for r in range(count):
        target[r] = y[rows[first + r] if rows.shape[0] > 0 else first + r]
    span = lanes(count)
    for r in range(count, span):
        target[r] = 0.0
    if task == 0:
        z = out[0]
        d = delta[0]
        for r in range(span):
            zr = z[r]
            e = exp_nonpositive(-abs(zr))
            p = 1.0 / (1.0 + e) if zr >= 0.0 else e / (1.0 + e)
            d[r] = (p - target[r]) * scale
            right[r] = 1.0 if (zr > 0.0) == (target[r] > 0.5) else 0.0
            loss[r] = max(zr, 0.0) - zr * target[r] + log1p_unit(e)
    elif task == 1:
        for r in range(span):
            aux[r] = out[0, r]
            right[r] = -1.0
        for j in range(1, outputs):
            oj = out[j]
            for r in range(span):
                aux[r] = max(aux[r], oj[r])
        for j in range(outputs):
            oj = out[j]
            dj = delta[j]
            for r in range(span):
                dj[r] = exp_nonpositive(oj[r] - aux[r])
                right[r] = float(j) if right[r] < 0.0 and oj[r] == aux[r] else right[r]
        for r in range(span):
            loss[r] = aux[r]
            aux[r] = 0.0
        for j in range(outputs):
            dj = delta[j]
            for r in range(span):
                aux[r] += dj[r]
        for r in range(span):
            loss[r] = loss[r] + math.log(aux[r]) - out[int(target[r]), r]
        for j in range(outputs):
            dj = delta[j]
            for r in range(span):
                dj[r] = (dj[r] / aux[r] - (1.0 if float(j) == target[r] else 0.0)) * scale
        for r in range(span):
            right[r] = 1.0 if right[r] == target[r] else 0.0
    else:
        for r in range(span):
            loss[r] = 0.0
            right[r] = 0.0
        for j in range(outputs):
            oj = out[j]
            dj = delta[j]
            for r in range(span):
                error = oj[r] - target[r]
                loss[r] += error * error / outputs
                dj[r] = 2.0 * error / outputs * scale


@jit
def block_sums(scratch, count):  # pragma: no cover - jitted
    """A block's row losses summed in row order, and its rows classified right. A batch's
    loss adds its blocks' sums in block order: on every core at once, each block's sum takes
    no longer than copying its rows' losses out did, and the 250 dependent additions that
    followed the circle's two parallel blocks cost 0.3 us of each full-batch step."""
    total = 0.0
    correct = 0
    for r in range(count):
        total += scratch[ROW_LOSS, r]
        correct += int(scratch[RIGHT, r])
    return total, correct


@jit
def _scored_block(params, xt, y, rows, first, n, sizes, activation, task, scale, work):
    """A block of rows forward, each row's loss and verdict into the scratch and the output
    gradients (times `scale`) into delta[0]."""  # pragma: no cover - jitted
    pre, post, delta, starts, scratch, _, _ = work
    layers = sizes.shape[0] - 1
    forward_block(params, xt, rows, first, n, sizes, activation, starts, pre, post)
    _score_block(post[layers], y, rows, first, n, sizes[layers], task, scale, delta[0], scratch)


@jit
def block_pass(
    params, x, xt, y, rows, first, n, sizes, activation, task, scale, work, grad
):  # pragma: no cover - jitted
    """A block of rows forward and back: `_scored_block`, then its gradient added to grad."""
    _scored_block(params, xt, y, rows, first, n, sizes, activation, task, scale, work)
    backward_block(params, x, rows, first, n, sizes, activation, work, grad)


@jit
def loss_and_gradient(
    params, x, xt, y, rows, first, count, sizes, activation, task, grad, work
):  # pragma: no cover - jitted
    """Mean data loss over a batch and the fraction of it classified right (NaN for
    regression); adds the loss's gradient to `grad`. The batch is rows[first:first + count]
    of the data, or rows first .. first + count - 1 when `rows` is empty; x is the data row by
    row (rows, features) and xt the same feature by feature; `work` is a `workspace`."""
    scratch = work[4]
    scale = 1.0 / count
    total = 0.0
    correct = 0
    size = rows_per_block(count)
    for block in range(0, count, size):
        n = min(size, count - block)
        block_pass(
            params, x, xt, y, rows, first + block, n, sizes, activation, task, scale, work, grad
        )
        block_total, block_correct = block_sums(scratch, n)
        total += block_total
        correct += block_correct
    return total * scale, (math.nan if task == 2 else correct / count)


@jit
def loss_and_correct(params, xt, y, sizes, activation, task, work):  # pragma: no cover - jitted
    """Mean data loss over all rows of the data (xt feature by feature, (features, rows)),
    and the fraction classified right (NaN for regression): a forward pass only, in the
    blocks `loss_and_gradient` takes, so that its loss is that pass's to the last bit."""
    scratch = work[4]
    no_rows = np.zeros(0, dtype=np.int64)
    count = xt.shape[1]
    total = 0.0
    correct = 0
    size = max(rows_per_block(count), 1)
    for block in range(0, count, size):
        n = min(size, count - block)
        _scored_block(params, xt, y, no_rows, block, n, sizes, activation, task, 1.0, work)
        block_total, block_correct = block_sums(scratch, n)
        total += block_total
        correct += block_correct
    scale = 1.0 / max(count, 1)  # as loss_and_gradient scales: the same mean, bit for bit
    return total * scale, (math.nan if task == 2 else correct / max(count, 1))


@jit
def outputs_of(params, x, sizes, activation, out):  # pragma: no cover - jitted
    """The network's outputs for every row of x (rows, features), into out (rows, outputs)."""
    pre, post, _, starts, _, _, _ = workspace(sizes)
    xt = np.ascontiguousarray(x.T)
    layers = sizes.shape[0] - 1
    no_rows = np.zeros(0, dtype=np.int64)
    for block in range(0, x.shape[0], BLOCK_ROWS):
        n = min(BLOCK_ROWS, x.shape[0] - block)
        forward_block(params, xt, no_rows, block, n, sizes, activation, starts, pre, post)
        for j in range(sizes[layers]):
            for r in range(n):
                out[block + r, j] = post[layers, j, r]
