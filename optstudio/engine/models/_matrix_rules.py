"""Update rules that see a whole weight matrix: Muon and Adafactor, as torch.optim writes them.

Both step layer by layer: a layer's weight W (n_out, n_in, row-major in the parameter vector)
and then its bias. Their state lives in the model kernel's arrays, state (3, P) and shared (2,):

- Muon: state[0] holds each weight's momentum buffer; each bias trains with AdamW
  (`_update_rules.adamw_coordinate`: state[0] m, state[1] v) and shared holds AdamW's
  (beta1^t, beta2^t). torch orthogonalises in bfloat16; here the Newton-Schulz iteration runs
  in float64 like everything else, so a run is exact and the same on every machine.
- Adafactor: state[0][start : start + n_out] holds a matrix's row variances R and
  state[1][start : start + n_in] its column variances C; a bias's variance is state[0] at
  the bias.
"""

import math

import numpy as np
from numba import njit

from .._ids import MUON
from .._update_rules import adam_scalars, adamw_coordinate, lerp

jit = njit(cache=True, nogil=True, error_model="numpy")
NS_A = 3.4445
NS_B = -4.7750
NS_C = 2.0315
FLOAT64_EPS = 2.220446049250313e-16


@jit
def _product(a, b):  # pragma: no cover - jitted
    """a @ b by plain loops (numba's @ needs SciPy's BLAS, which the studio does without)."""
    out = np.zeros((a.shape[0], b.shape[1]))
    for i in range(a.shape[0]):
        for k in range(a.shape[1]):
            v = a[i, k]
            for j in range(b.shape[1]):
                out[i, j] += v * b[k, j]
    return out


@jit
def _orthogonalise(update, steps, eps):  # pragma: no cover - jitted
    """torch's _zeropower_via_newtonschulz in float64: X = U / max(||U||, eps) (transposed to
    be wide), then `steps` times A = X X^T, X = a X + (b A + c A A) X."""
    tall = update.shape[0] > update.shape[1]
    x = update.T.copy() if tall else update.copy()
    norm = math.sqrt(np.sum(x * x))
    x /= max(norm, eps)
    for _ in range(steps):
        gram = _product(x, x.T.copy())
        x = NS_A * x + _product(NS_B * gram + NS_C * _product(gram, gram), x)
    return x.T.copy() if tall else x


@jit
def muon_step(params, grad, state, shared, lr, t, h, sizes, starts):  # pragma: no cover
    """One Muon step on every weight matrix, AdamW on every bias."""
    weight_decay, momentum, nesterov = h[1], h[2], h[3]
    steps, eps, adjust = int(h[4]), h[5], h[6]
    bias_h = np.array([lr, h[7], h[8], h[9], h[10], 0.0])
    k, new_shared = adam_scalars(lr, t, bias_h, (shared[0], shared[1]))
    for layer in range(sizes.shape[0] - 1):
        n_in = sizes[layer]
        n_out = sizes[layer + 1]
        start = starts[layer]
        bias = start + n_out * n_in
        update = np.empty((n_out, n_in))
        for j in range(n_out):
            for i in range(n_in):
                q = start + j * n_in + i
                g = grad[q]
                state[0, q] = lerp(state[0, q], g, 1.0 - momentum)
                update[j, i] = lerp(g, state[0, q], momentum) if nesterov != 0.0 else state[0, q]
        ortho = _orthogonalise(update, steps, eps)
        if adjust == 0.0:
            ratio = math.sqrt(max(1.0, n_out / n_in))
        else:
            ratio = 0.2 * math.sqrt(max(n_out, n_in))
        adjusted = lr * ratio
        for j in range(n_out):
            for i in range(n_in):
                q = start + j * n_in + i
                params[q] = params[q] * (1.0 - lr * weight_decay)
                params[q] = params[q] + -adjusted * ortho[j, i]
        for j in range(n_out):
            q = bias + j
            p, a, b, _ = adamw_coordinate(
                params[q], grad[q], state[0, q], state[1, q], 0.0, lr, t, k, bias_h
            )
            params[q] = p
            state[0, q] = a
            state[1, q] = b
    shared[0] = new_shared[0]
    shared[1] = new_shared[1]


@jit
def _adafactor_block(params, grad, first, count, lr, t, h):  # pragma: no cover - jitted
    """alpha = max(eps2, RMS of the tensor) rho_t, from the tensor before its decay."""
    total = 0.0
    for q in range(first, first + count):
        total += params[q] * params[q]
    rho = min(lr, 1.0 / math.sqrt(t))
    return max(h[3], math.sqrt(total) / math.sqrt(count)) * rho


@jit
def _mean_square(grad, first, count, stride):  # pragma: no cover - jitted
    """The mean square of grad[first], grad[first + stride], ... (count of them): a row of a
    weight matrix (stride 1) or a column (stride n_in), as torch's Adafactor takes it (the
    norm squared, divided by the count)."""
    squares = 0.0
    for m in range(count):
        g = grad[first + m * stride]
        squares += g * g
    return math.sqrt(squares) ** 2 / count


@jit
def adafactor_step(params, grad, state, lr, t, h, sizes, starts, update):  # pragma: no cover
    """One Adafactor step on every weight matrix (factored) and bias (a full variance)."""
    beta2_decay, eps1, d, weight_decay = h[1], h[2], h[4], h[5]
    if math.isnan(eps1):
        eps1 = FLOAT64_EPS
    one_minus_beta2 = math.pow(float(t), beta2_decay)
    for layer in range(sizes.shape[0] - 1):
        n_in = sizes[layer]
        n_out = sizes[layer + 1]
        start = starts[layer]
        bias = start + n_out * n_in
        # the weight matrix
        alpha = _adafactor_block(params, grad, start, n_out * n_in, lr, t, h)
        if weight_decay != 0.0:
            for q in range(start, bias):
                params[q] = params[q] * (1.0 - lr * weight_decay)
        row_sum = 0.0
        for j in range(n_out):  # each row's mean square, then each column's
            mean = _mean_square(grad, start + j * n_in, n_in, np.int64(1))
            state[0, start + j] = lerp(state[0, start + j], mean, one_minus_beta2)
            row_sum += state[0, start + j]
        for i in range(n_in):
            mean = _mean_square(grad, start + i, n_out, n_in)
            state[1, start + i] = lerp(state[1, start + i], mean, one_minus_beta2)
        row_mean = max(row_sum / n_out, eps1)
        squares = 0.0
        for j in range(n_out):
            for i in range(n_in):
                q = start + j * n_in + i
                estimate = state[0, start + j] * state[1, start + i] / row_mean
                u = grad[q] / math.sqrt(max(estimate, eps1 * eps1))
                update[q] = u
                squares += u * u
        denom = max(1.0, math.sqrt(squares) / (math.sqrt(n_out * n_in) * d))
        for q in range(start, bias):
            params[q] = params[q] + (-alpha / denom) * update[q]
        # the bias
        alpha = _adafactor_block(params, grad, bias, n_out, lr, t, h)
        if weight_decay != 0.0:
            for q in range(bias, bias + n_out):
                params[q] = params[q] * (1.0 - lr * weight_decay)
        squares = 0.0
        for q in range(bias, bias + n_out):
            state[0, q] = lerp(state[0, q], grad[q] * grad[q], one_minus_beta2)
            u = grad[q] / math.sqrt(max(state[0, q], eps1 * eps1))
            update[q] = u
            squares += u * u
        denom = max(1.0, math.sqrt(squares) / (math.sqrt(n_out) * d))
        for q in range(bias, bias + n_out):
            params[q] = params[q] + (-alpha / denom) * update[q]


@jit
def matrix_step(optimizer_id, params, grad, state, shared, lr, t, h, sizes, starts, scratch):
    """The step of Muon or Adafactor (by id), in place."""  # pragma: no cover - jitted
    if optimizer_id == MUON:
        muon_step(params, grad, state, shared, lr, t, h, sizes, starts)
    else:
        adafactor_step(params, grad, state, lr, t, h, sizes, starts, scratch)
