"""A layer's weight and bias gradients over a block of rows, summed in a fixed order.

A weight's gradient sums over the block's rows, and the network's layout keeps a unit's values
along a row (`_network_kernels`); so these take the layer's inputs turned row by row (the
data's own rows for a wide first layer) and advance all of a unit's sums side by side, four
rows per pass, each sum taking the rows in order: a vector loop along a unit's inputs for a
wide layer (`layer_gradient`), one vector expression for a layer of at most VECTOR_WIDTH
inputs (`narrow_layer_gradient`), which the compiler would leave in scalar code. Both add
the same terms in the same order, so they give the same bits.
"""

import numpy as np
from numba import njit

from ._vector_rows import VECTOR_WIDTH, add_four_rows_vector

jit = njit(cache=True, nogil=True, error_model="numpy")


PAIRED_FROM = 32
"""Inputs from which `layer_gradient` takes two units a pass: a unit's sums then fill several
vector registers, and each input row loaded serves both (the digits' 64-input layer: 17.7 to
13.5 us a block of 128 rows). Below, the pairs' longer body costs more than it saves (the
circle's 8-input layers: 1.3 to 2.6 us)."""


@njit(cache=True, nogil=True, error_model="numpy", inline="always")
def _input_row(matrix, rows, first, r):  # pragma: no cover - jitted
    """Row r of a block's inputs: row rows[first + r] of `matrix`, or first + r when `rows` is
    empty."""
    return matrix[rows[first + r] if rows.shape[0] > 0 else first + r]


@njit(cache=True, nogil=True, error_model="numpy", inline="always")
def _add_four_rows(row, n_in, e0, e1, e2, e3, a0, a1, a2, a3):  # pragma: no cover - jitted
    """A unit's sums with four rows' terms added in the rows' order: row[i] += e_k a_k[i] for
    its weights, row[n_in] += e_k for its bias."""
    for i in range(n_in):
        row[i] = (((row[i] + e0 * a0[i]) + e1 * a1[i]) + e2 * a2[i]) + e3 * a3[i]
    row[n_in] = (((row[n_in] + e0) + e1) + e2) + e3


@jit
def _last_rows_and_total(matrix, rows, first, d, start, n_in, n_out, r, count, bias_at, grad, sums):
    """The block's rows from r on (fewer than four) one at a time, then its sums added to
    grad: a unit's weights from sums[j, :n_in], its bias from sums[j, bias_at]."""
    while r < count:  # pragma: no cover - jitted
        a0 = _input_row(matrix, rows, first, r)
        for j in range(n_out):
            e0 = d[j, r]
            row = sums[j]
            for i in range(n_in):
                row[i] += e0 * a0[i]
            row[bias_at] += e0
        r += 1
    bias = start + n_out * n_in
    for j in range(n_out):
        w = start + j * n_in
        for i in range(n_in):
            grad[w + i] += sums[j, i]
        grad[bias + j] += sums[j, bias_at]


@jit
def layer_gradient(matrix, rows, first, d, start, n_in, n_out, count, grad, sums):
    """grad of bias[j] += sum_r d[j, r]; of w[j, i] += sum_r d[j, r] a[r, i], with row r of
    the block's inputs a the row rows[first + r] of `matrix` (first + r when `rows` is empty):
    the block's sums gather in `sums` (n_out, n_in + 1), a unit's inputs side by side (vector
    instructions), four rows per pass, each sum taking the rows in order; two units a pass
    from PAIRED_FROM inputs (the same sums, the same bits)."""
    for j in range(n_out):  # pragma: no cover - jitted
        for i in range(n_in + 1):
            sums[j, i] = 0.0
    paired = n_in >= PAIRED_FROM
    r = 0
    while r + 4 <= count:
        a0 = _input_row(matrix, rows, first, r)
        a1 = _input_row(matrix, rows, first, r + 1)
        a2 = _input_row(matrix, rows, first, r + 2)
        a3 = _input_row(matrix, rows, first, r + 3)
        j = 0
        while paired and j + 2 <= n_out:
            dj = d[j]
            dk = d[j + 1]
            e0, e1, e2, e3 = dj[r], dj[r + 1], dj[r + 2], dj[r + 3]
            f0, f1, f2, f3 = dk[r], dk[r + 1], dk[r + 2], dk[r + 3]
            row = sums[j]
            pair = sums[j + 1]
            for i in range(n_in):
                b0, b1, b2, b3 = a0[i], a1[i], a2[i], a3[i]
                row[i] = (((row[i] + e0 * b0) + e1 * b1) + e2 * b2) + e3 * b3
                pair[i] = (((pair[i] + f0 * b0) + f1 * b1) + f2 * b2) + f3 * b3
            row[n_in] = (((row[n_in] + e0) + e1) + e2) + e3
            pair[n_in] = (((pair[n_in] + f0) + f1) + f2) + f3
            j += 2
        while j < n_out:
            dj = d[j]
            _add_four_rows(sums[j], n_in, dj[r], dj[r + 1], dj[r + 2], dj[r + 3], a0, a1, a2, a3)
            j += 1
        r += 4
    _last_rows_and_total(matrix, rows, first, d, start, n_in, n_out, r, count, n_in, grad, sums)


@jit
def narrow_layer_gradient(by_row, no_rows, d, start, n_in, n_out, count, grad, sums):
    """`layer_gradient` for a layer of at most VECTOR_WIDTH inputs: row r of the block's
    inputs is by_row[r] (its columns from n_in to VECTOR_WIDTH hold finite numbers, whose
    terms land in sums that are never read), and a unit's sums advance in
    one vector expression (`add_four_rows_vector`: the circle's 8x8 layer, 1.35 to 0.42 us a
    block of 125 rows), its bias's sum beside them at column VECTOR_WIDTH of `sums` (n_out,
    VECTOR_WIDTH + 1). The same sums, in the same order, as `layer_gradient`'s. `no_rows` is
    an empty array of row numbers (the caller's: made here, it would cost an allocation a
    call)."""
    for j in range(n_out):  # pragma: no cover - jitted
        for i in range(VECTOR_WIDTH + 1):
            sums[j, i] = 0.0
    r = 0
    while r + 4 <= count:
        a0, a1, a2, a3 = by_row[r], by_row[r + 1], by_row[r + 2], by_row[r + 3]
        for j in range(n_out):
            dj = d[j]
            e0, e1, e2, e3 = dj[r], dj[r + 1], dj[r + 2], dj[r + 3]
            row = sums[j]
            add_four_rows_vector(row, e0, e1, e2, e3, a0, a1, a2, a3)
            row[VECTOR_WIDTH] = (((row[VECTOR_WIDTH] + e0) + e1) + e2) + e3
        r += 4
    _last_rows_and_total(
        by_row, no_rows, np.int64(0), d, start, n_in, n_out, r, count, VECTOR_WIDTH, grad, sums
    )
