"""The exact Hessian of a network's loss, and the damped Newton step that solves with it.

Column k of the Hessian is the directional derivative of the gradient along parameter k,
computed exactly by Pearlmutter's R-operator ("Fast exact multiplication by the Hessian",
1994): the forward pass and backpropagation carried along with their derivatives in the
direction e_k. With V, c the direction's parts for a layer's weights and bias:

    R(z_l) = V_l a_{l-1} + W_l R(a_{l-1}) + c_l        R(a_l) = f'(z_l) R(z_l)
    R(d_L) = H_out R(z_L)   (the Hessian of the row's loss in the outputs)
    R(d_{l-1}) = (V_l^T d_l + W_l^T R(d_l)) f'(z_{l-1}) + (W_l^T d_l) f''(z_{l-1}) R(z_{l-1})
    R(grad W_l) = R(d_l) a_{l-1}^T + d_l R(a_{l-1})^T      R(grad b_l) = R(d_l)

P such passes give the P x P matrix: for the few hundred parameters Newton is offered on, a
few milliseconds a step. The l2 penalty adds its rate on the weights' diagonal; l1's is 0
almost everywhere.
"""

import math

import numpy as np
from numba import njit

from ._network_kernels import activate, slope

jit = njit(cache=True, nogil=True, error_model="numpy")


@jit
def _curvature(kind, z, a):  # pragma: no cover - jitted
    """d^2 activation / dz^2 from the input z and the output a."""
    if kind == 1:
        return -2.0 * a * (1.0 - a * a)
    if kind == 2:
        return a * (1.0 - a) * (1.0 - 2.0 * a)
    return 0.0


@jit
def _layer_sums(params, sizes, starts, layer, inputs, with_bias, sums):  # pragma: no cover
    """sums[j] = (bias_j, if with_bias) + sum_i W[j, i] inputs[i] for each unit j of the layer
    after `layer`: the forward pass's pre-activations, or (without the bias) the R-forward's
    W R(a) part."""
    n_in = sizes[layer]
    n_out = sizes[layer + 1]
    start = starts[layer]
    bias = start + n_out * n_in
    for j in range(n_out):
        total = params[bias + j] if with_bias else 0.0
        for i in range(n_in):
            total += params[start + j * n_in + i] * inputs[i]
        sums[j] = total


@jit
def _row_pass(params, row, sizes, activation, starts, pre, post):  # pragma: no cover
    layers = sizes.shape[0] - 1
    for i in range(sizes[0]):
        post[0, i] = row[i]
    for layer in range(layers):
        _layer_sums(params, sizes, starts, layer, post[layer], True, pre[layer + 1])
        for j in range(sizes[layer + 1]):
            total = pre[layer + 1, j]
            post[layer + 1, j] = activate(activation[layer], total)


@jit
def hessian(params, x, y, rows, first, count, sizes, activation, task, starts, out):
    """The Hessian of the mean data loss over a batch (rows[first:first + count] of x, y, or
    rows first .. first + count - 1 when `rows` is empty), into out (P, P)."""  # pragma: no cover
    layers = sizes.shape[0] - 1
    width = 0
    for s in sizes:
        width = max(width, s)
    n_params = params.shape[0]
    pre = np.zeros((layers + 1, width))
    post = np.zeros((layers + 1, width))
    delta = np.zeros((layers + 1, width))
    r_pre = np.zeros((layers + 1, width))
    r_post = np.zeros((layers + 1, width))
    r_delta = np.zeros((layers + 1, width))
    probabilities = np.zeros(width)
    out[:, :] = 0.0
    scale = 1.0 / count
    outputs = sizes[layers]
    for k in range(count):
        source = rows[first + k] if rows.shape[0] > 0 else first + k
        _row_pass(params, x[source], sizes, activation, starts, pre, post)
        target = y[source]
        # d (row loss * scale) / d outputs
        if task == 0:
            z = post[layers, 0]
            p = 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))
            delta[layers, 0] = (p - target) * scale
            probabilities[0] = p
        elif task == 1:
            top = post[layers, 0]
            for j in range(1, outputs):
                top = max(top, post[layers, j])
            total = 0.0
            for j in range(outputs):
                total += math.exp(post[layers, j] - top)
            for j in range(outputs):
                probabilities[j] = math.exp(post[layers, j] - top) / total
                one_hot = 1.0 if j == int(target) else 0.0
                delta[layers, j] = (probabilities[j] - one_hot) * scale
        else:
            for j in range(outputs):
                delta[layers, j] = 2.0 * (post[layers, j] - target) / outputs * scale
        for layer in range(layers - 1, 0, -1):
            n_in = sizes[layer]
            n_out = sizes[layer + 1]
            start = starts[layer]
            for i in range(n_in):
                back = 0.0
                for j in range(n_out):
                    back += params[start + j * n_in + i] * delta[layer + 1, j]
                delta[layer, i] = back * slope(activation[layer - 1], pre[layer, i], post[layer, i])
        for column in range(n_params):
            # R-forward along e_column: only the layer holding that parameter starts it
            for i in range(sizes[0]):
                r_post[0, i] = 0.0
            for layer in range(layers):
                _layer_sums(params, sizes, starts, layer, r_post[layer], False, r_pre[layer + 1])
                n_in = sizes[layer]
                n_out = sizes[layer + 1]
                start = starts[layer]
                bias = start + n_out * n_in
                if start <= column < bias:
                    j = (column - start) // n_in
                    r_pre[layer + 1, j] += post[layer, (column - start) % n_in]
                elif bias <= column < bias + n_out:
                    r_pre[layer + 1, column - bias] += 1.0
                for j in range(n_out):
                    if layer == layers - 1:
                        r_post[layer + 1, j] = r_pre[layer + 1, j]
                    else:
                        r_post[layer + 1, j] = (
                            slope(activation[layer], pre[layer + 1, j], post[layer + 1, j])
                            * r_pre[layer + 1, j]
                        )
            # R(d_L) = H_out R(z_L), times the batch's scale
            if task == 0:
                p = probabilities[0]
                r_delta[layers, 0] = p * (1.0 - p) * r_pre[layers, 0] * scale
            elif task == 1:
                mixed = 0.0
                for j in range(outputs):
                    mixed += probabilities[j] * r_pre[layers, j]
                for j in range(outputs):
                    r_delta[layers, j] = probabilities[j] * (r_pre[layers, j] - mixed) * scale
            else:
                for j in range(outputs):
                    r_delta[layers, j] = 2.0 * r_pre[layers, j] / outputs * scale
            # R-backward, adding R(gradient) into the column
            for layer in range(layers - 1, -1, -1):
                n_in = sizes[layer]
                n_out = sizes[layer + 1]
                start = starts[layer]
                bias = start + n_out * n_in
                for j in range(n_out):
                    out[bias + j, column] += r_delta[layer + 1, j]
                    for i in range(n_in):
                        out[start + j * n_in + i, column] += (
                            r_delta[layer + 1, j] * post[layer, i]
                            + delta[layer + 1, j] * r_post[layer, i]
                        )
                if layer > 0:
                    in_layer = start <= column < bias
                    for i in range(n_in):
                        back = 0.0
                        r_back = 0.0
                        for j in range(n_out):
                            w = params[start + j * n_in + i]
                            back += w * delta[layer + 1, j]
                            r_back += w * r_delta[layer + 1, j]
                        if in_layer and (column - start) % n_in == i:
                            r_back += delta[layer + 1, (column - start) // n_in]
                        z = pre[layer, i]
                        a = post[layer, i]
                        r_delta[layer, i] = (
                            r_back * slope(activation[layer - 1], z, a)
                            + back * _curvature(activation[layer - 1], z, a) * r_pre[layer, i]
                        )


@jit
def solve(matrix, vector, out):  # pragma: no cover - jitted
    """out = matrix^-1 vector by LU with partial pivoting (matrix is overwritten); False for a
    singular matrix."""
    n = vector.shape[0]
    for i in range(n):
        out[i] = vector[i]
    for column in range(n):
        pivot = column
        for i in range(column + 1, n):
            if abs(matrix[i, column]) > abs(matrix[pivot, column]):
                pivot = i
        if matrix[pivot, column] == 0.0:
            return False
        if pivot != column:
            for j in range(n):
                matrix[column, j], matrix[pivot, j] = matrix[pivot, j], matrix[column, j]
            out[column], out[pivot] = out[pivot], out[column]
        for i in range(column + 1, n):
            factor = matrix[i, column] / matrix[column, column]
            if factor != 0.0:
                for j in range(column, n):
                    matrix[i, j] -= factor * matrix[column, j]
                out[i] -= factor * out[column]
    for i in range(n - 1, -1, -1):
        total = out[i]
        for j in range(i + 1, n):
            total -= matrix[i, j] * out[j]
        out[i] = total / matrix[i, i]
    return True
