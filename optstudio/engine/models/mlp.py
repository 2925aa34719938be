"""Multi-layer perceptrons: the parameter layout, initialisation, loss and exact gradient.

A network is `nn.Sequential(Linear, act, ..., Linear)` as torch builds it, and its parameters
are one float64 vector laid out as `torch.cat([p.flatten() for p in net.parameters()])`: each
layer's weight (out, in) row-major, then its bias. A script can load a run's parameters into
torch directly, and torch.optim sees the same numbers in the same order.

The objective is the data loss (binary cross-entropy with logits, softmax cross-entropy, or
mean squared error, each a mean over the batch) plus the Playground's regularisation of the
weights (not the biases): l1 `rate * sum|w|`, l2 `rate * sum w**2 / 2`. Forward and backward
passes are explicit loops in a jitted kernel (no BLAS), so every machine sums in one order.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numba import njit

from .._random import uniform_array

ACTIVATIONS = ("relu", "tanh", "sigmoid", "linear")
TASKS = ("binary", "multiclass", "regression")
REGULARIZATIONS = (None, "l1", "l2")
MAX_HIDDEN_LAYERS = 6
UNITS_RANGE = (1, 64)
_INIT_STREAM = 3
_ACTIVATION_IDS = {name: i for i, name in enumerate(ACTIVATIONS)}
_TASK_IDS = {name: i for i, name in enumerate(TASKS)}
_REGULARIZATION_IDS = {None: 0, "l1": 1, "l2": 2}


@dataclass(frozen=True)
class Network:
    """The shape of a network: sizes of its layers (inputs, hidden..., outputs)."""

    sizes: tuple[int, ...]
    activation: str
    task: str

    @property
    def layers(self) -> tuple[tuple[int, int], ...]:
        """The (in, out) sizes of each Linear."""
        return tuple(zip(self.sizes[:-1], self.sizes[1:], strict=True))

    @property
    def n_params(self) -> int:
        return sum(n_out * n_in + n_out for n_in, n_out in self.layers)

    def offsets(self) -> np.ndarray:
        """Where each layer's weight starts in the parameter vector (its bias follows)."""
        starts = [0]
        for n_in, n_out in self.layers:
            starts.append(starts[-1] + n_out * n_in + n_out)
        return np.asarray(starts[:-1], dtype=np.int64)

    def weight_mask(self) -> np.ndarray:
        """1 for each weight, 0 for each bias: what regularisation applies to."""
        mask = np.zeros(self.n_params)
        for start, (n_in, n_out) in zip(self.offsets(), self.layers, strict=True):
            mask[start : start + n_out * n_in] = 1.0
        return mask


def network(
    n_inputs: int, hidden: tuple[int, ...] | list[int], n_outputs: int, activation: str, task: str
) -> Network:
    """A checked network shape (ValueError naming what is valid)."""
    if activation not in ACTIVATIONS:
        raise ValueError(
            f"unknown activation '{activation}'; choose one of: {', '.join(ACTIVATIONS)}"
        )
    if task not in TASKS:
        raise ValueError(f"unknown task '{task}'; choose one of: {', '.join(TASKS)}")
    hidden = tuple(hidden)
    if len(hidden) > MAX_HIDDEN_LAYERS:
        raise ValueError(f"at most {MAX_HIDDEN_LAYERS} hidden layers, got {len(hidden)}")
    low, high = UNITS_RANGE
    for units in hidden:
        if (
            isinstance(units, bool)
            or not isinstance(units, int | np.integer)
            or not low <= units <= high
        ):
            raise ValueError(f"a hidden layer has {low} to {high} units, got {units!r}")
    return Network((int(n_inputs), *map(int, hidden), int(n_outputs)), activation, task)


def initial_parameters(net: Network, seed: int) -> np.ndarray:
    """torch.nn.Linear's default initialisation: weights Kaiming-uniform with a = sqrt(5) and
    biases uniform, both U(-1/sqrt(fan_in), 1/sqrt(fan_in)), drawn from the studio's seeded
    generator (the same network on every machine)."""
    draws = uniform_array(seed, _INIT_STREAM, net.n_params)
    bounds = np.empty(net.n_params)
    for start, (n_in, n_out) in zip(net.offsets(), net.layers, strict=True):
        bounds[start : start + n_out * n_in + n_out] = 1.0 / math.sqrt(n_in)
    return (2.0 * draws - 1.0) * bounds


def objective(
    net: Network,
    params: np.ndarray,
    x: np.ndarray,
    y: np.ndarray,
    regularization: str | None = None,
    rate: float = 0.0,
) -> tuple[float, float, np.ndarray]:
    """(data loss, objective with the penalty, gradient of the objective) on rows x, y."""
    grad = np.zeros(net.n_params)
    data_loss = _loss_and_gradient(
        np.ascontiguousarray(params, dtype=np.float64),
        np.ascontiguousarray(x, dtype=np.float64),
        np.ascontiguousarray(y, dtype=np.float64),
        np.asarray(net.sizes, dtype=np.int64),
        _ACTIVATION_IDS[net.activation],
        _TASK_IDS[net.task],
        grad,
    )
    penalty = _penalty(net, params, regularization, rate, grad)
    return data_loss, data_loss + penalty, grad


def predict(net: Network, params: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The network's outputs (logits for classification) for each row of x."""
    out = np.empty((len(x), net.sizes[-1]))
    _forward_all(
        np.ascontiguousarray(params, dtype=np.float64),
        np.ascontiguousarray(x, dtype=np.float64),
        np.asarray(net.sizes, dtype=np.int64),
        _ACTIVATION_IDS[net.activation],
        out,
    )
    return out


def accuracy(net: Network, params: np.ndarray, x: np.ndarray, y: np.ndarray) -> float:
    """The fraction of rows classified right (NaN for regression or no rows)."""
    if net.task == "regression" or not len(x):
        return math.nan
    out = predict(net, params, x)
    guess = (out[:, 0] > 0).astype(np.float64) if net.task == "binary" else out.argmax(axis=1)
    return float(np.mean(guess == y))


def _penalty(
    net: Network, params: np.ndarray, regularization: str | None, rate: float, grad: np.ndarray
) -> float:
    if regularization not in REGULARIZATIONS:
        raise ValueError(f"unknown regularization '{regularization}'; choose l1, l2 or none")
    if regularization is None or rate == 0.0:
        return 0.0
    mask = net.weight_mask()
    if regularization == "l1":
        grad += rate * np.sign(params) * mask
        return float(rate * np.sum(np.abs(params) * mask))
    grad += rate * params * mask
    return float(rate * 0.5 * np.sum(params * params * mask))


@njit(cache=True, nogil=True)
def _activate(kind, z):  # pragma: no cover - jitted
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


@njit(cache=True, nogil=True)
def _slope(kind, z, a):  # pragma: no cover - jitted
    """d activation / dz, from the input z and the output a."""
    if kind == 0:
        return 1.0 if z > 0.0 else 0.0
    if kind == 1:
        return 1.0 - a * a
    if kind == 2:
        return a * (1.0 - a)
    return 1.0


@njit(cache=True, nogil=True)
def _forward_row(params, row, sizes, activation, pre, post):  # pragma: no cover - jitted
    """One row through the network: `pre`[l] and `post`[l] hold layer l's inputs to and
    outputs of its activation (flattened per layer, offset by the largest width)."""
    width = pre.shape[1]
    for i in range(sizes[0]):
        post[0, i] = row[i]
    start = 0
    layers = sizes.shape[0] - 1
    for layer in range(layers):
        n_in = sizes[layer]
        n_out = sizes[layer + 1]
        bias = start + n_out * n_in
        for j in range(n_out):
            total = params[bias + j]
            for i in range(n_in):
                total += params[start + j * n_in + i] * post[layer, i]
            pre[layer + 1, j] = total
            if layer == layers - 1:
                post[layer + 1, j] = total
            else:
                post[layer + 1, j] = _activate(activation, total)
        start = bias + n_out
    return width


@njit(cache=True, nogil=True)
def _forward_all(params, x, sizes, activation, out):  # pragma: no cover - jitted
    width = 0
    for s in sizes:
        width = max(width, s)
    pre = np.zeros((sizes.shape[0], width))
    post = np.zeros((sizes.shape[0], width))
    last = sizes.shape[0] - 1
    for r in range(x.shape[0]):
        _forward_row(params, x[r], sizes, activation, pre, post)
        for j in range(sizes[last]):
            out[r, j] = post[last, j]


@njit(cache=True, nogil=True)
def _row_loss(out, outputs, task, target):  # pragma: no cover - jitted
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


@njit(cache=True, nogil=True)
def workspace(sizes):  # pragma: no cover - jitted
    """Scratch arrays for a forward and backward pass: pre, post, delta (one row per layer,
    as wide as the widest) and where each layer starts in the parameter vector."""
    width = 0
    for s in sizes:
        width = max(width, s)
    layers = sizes.shape[0] - 1
    starts = np.zeros(layers, dtype=np.int64)
    for layer in range(1, layers):
        starts[layer] = starts[layer - 1] + sizes[layer] * sizes[layer - 1] + sizes[layer]
    shape = (layers + 1, width)
    return np.zeros(shape), np.zeros(shape), np.zeros(shape), starts


@njit(cache=True, nogil=True)
def _is_correct(out, outputs, task, target):  # pragma: no cover - jitted
    """Whether one row is classified right: logit > 0 for class 1, or the first largest."""
    if task == 0:
        return (out[0] > 0.0) == (target > 0.5)
    best = 0
    for j in range(1, outputs):
        if out[j] > out[best]:
            best = j
    return best == int(target)


@njit(cache=True, nogil=True)
def loss_and_correct(params, x, y, sizes, activation, task, pre, post):  # pragma: no cover
    """Mean data loss over the rows, and the fraction classified right (NaN for regression)."""
    layers = sizes.shape[0] - 1
    total = 0.0
    correct = 0
    for r in range(x.shape[0]):
        _forward_row(params, x[r], sizes, activation, pre, post)
        total += _row_loss(post[layers], sizes[layers], task, y[r])
        if task != 2 and _is_correct(post[layers], sizes[layers], task, y[r]):
            correct += 1
    n = max(x.shape[0], 1)
    return total / n, (math.nan if task == 2 else correct / n)


@njit(cache=True, nogil=True)
def _loss_and_gradient(params, x, y, sizes, activation, task, grad):  # pragma: no cover
    """Mean data loss over the rows; adds its gradient to `grad` (backpropagation)."""
    pre, post, delta, starts = workspace(sizes)
    rows = np.zeros(0, dtype=np.int64)
    total, _ = batch_loss_and_gradient(
        params, x, y, rows, 0, x.shape[0], sizes, activation, task, grad, pre, post, delta, starts
    )
    return total


@njit(cache=True, nogil=True)
def batch_loss_and_gradient(
    params, x, y, rows, first, count, sizes, activation, task, grad, pre, post, delta, starts
):  # pragma: no cover - jitted
    """Mean data loss over a batch and the fraction of it classified right; adds the loss's
    gradient to `grad` (backpropagation). The batch is rows[first:first + count] of x, y, or
    x[first:first + count] when `rows` is empty."""
    layers = sizes.shape[0] - 1
    total = 0.0
    correct = 0
    scale = 1.0 / count
    outputs = sizes[layers]
    for k in range(count):
        r = rows[first + k] if rows.shape[0] > 0 else first + k
        _forward_row(params, x[r], sizes, activation, pre, post)
        target = y[r]
        total += _row_loss(post[layers], outputs, task, target)
        if task != 2 and _is_correct(post[layers], outputs, task, target):
            correct += 1
        if task == 0:  # d/dz of binary cross-entropy with logits: sigmoid(z) - y
            z = post[layers, 0]
            p = 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))
            delta[layers, 0] = (p - target) * scale
        elif task == 1:  # softmax(z) - one_hot(y)
            top = post[layers, 0]
            for j in range(1, outputs):
                top = max(top, post[layers, j])
            sum_exp = 0.0
            for j in range(outputs):
                sum_exp += math.exp(post[layers, j] - top)
            for j in range(outputs):
                p = math.exp(post[layers, j] - top) / sum_exp
                delta[layers, j] = (p - (1.0 if j == int(target) else 0.0)) * scale
        else:  # 2 (z - y) / outputs
            for j in range(outputs):
                delta[layers, j] = 2.0 * (post[layers, j] - target) / outputs * scale
        for layer in range(layers - 1, -1, -1):
            n_in = sizes[layer]
            n_out = sizes[layer + 1]
            start = starts[layer]
            bias = start + n_out * n_in
            for j in range(n_out):
                d = delta[layer + 1, j]
                grad[bias + j] += d
                for i in range(n_in):
                    grad[start + j * n_in + i] += d * post[layer, i]
            if layer > 0:
                for i in range(n_in):
                    back = 0.0
                    for j in range(n_out):
                        back += params[start + j * n_in + i] * delta[layer + 1, j]
                    delta[layer, i] = back * _slope(activation, pre[layer, i], post[layer, i])
    return total * scale, (math.nan if task == 2 else correct * scale)
