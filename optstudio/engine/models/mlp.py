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
from typing import Any

import numpy as np

from .._random import uniform_array
from ..specs import quoted

ACTIVATIONS = ("relu", "tanh", "sigmoid", "linear")
TASKS = ("binary", "multiclass", "regression")
REGULARIZATIONS = (None, "l1", "l2")
MAX_HIDDEN_LAYERS = 6
UNITS_RANGE = (1, 64)
_INIT_STREAM = 3
ACTIVATION_IDS = {name: i for i, name in enumerate(ACTIVATIONS)}
TASK_IDS = {name: i for i, name in enumerate(TASKS)}
REGULARIZATION_IDS = {None: 0, "l1": 1, "l2": 2}


@dataclass(frozen=True)
class Network:
    """The shape of a network: sizes of its layers (inputs, hidden..., outputs), and the
    activation of its hidden layers: one name for all, or a tuple of one name per hidden
    layer (the Playground has one for all; its users asked for one per layer)."""

    sizes: tuple[int, ...]
    activation: str | tuple[str, ...]
    task: str

    @property
    def activations(self) -> tuple[str, ...]:
        """The activation of each hidden layer."""
        hidden = len(self.sizes) - 2
        if isinstance(self.activation, str):
            return (self.activation,) * hidden
        return self.activation

    @property
    def activation_text(self) -> str:
        """The activation as a title says it: "tanh", or "relu-tanh" layer by layer."""
        return self.activation if isinstance(self.activation, str) else "-".join(self.activation)

    def kinds(self) -> np.ndarray:
        """The kernels' activation kind of each Linear, the output's linear."""
        names = (*self.activations, "linear")
        return np.asarray([ACTIVATION_IDS[name] for name in names], dtype=np.int64)

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
    n_inputs: int,
    hidden: tuple[int, ...] | list[int],
    n_outputs: int,
    activation: str | tuple[str, ...] | list[str],
    task: str,
) -> Network:
    """A checked network shape (ValueError naming what is valid). `activation` is one name for
    every hidden layer, or a list of one per hidden layer (a list of one name repeated is
    that name)."""
    if task not in TASKS:
        raise ValueError(f"unknown task {quoted(task)}; choose one of: {', '.join(TASKS)}")
    hidden = tuple(hidden)
    activation = checked_activation(activation, len(hidden))
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


def checked_activation(activation: object, hidden_layers: int) -> str | tuple[str, ...]:
    """One activation name, or a tuple of one per hidden layer (ValueError otherwise); a list
    that repeats one name is that name, so that a run's config says it one way."""
    names = [activation] if isinstance(activation, str) else activation
    if not isinstance(names, list | tuple) or not all(isinstance(n, str) for n in names):
        raise ValueError(f"activation must be a name or a list of names, got {activation!r}")
    for name in names:
        if name not in ACTIVATIONS:
            raise ValueError(
                f"unknown activation {quoted(name)}; choose one of: {', '.join(ACTIVATIONS)}"
            )
    if isinstance(activation, str):
        return activation
    if len(names) != hidden_layers:
        raise ValueError(
            f"activation lists one name per hidden layer: {hidden_layers} for this network, "
            f"got {len(names)}"
        )
    if names and all(name == names[0] for name in names):
        return names[0]
    return tuple(names) if names else "tanh"


def fitted_activation(activation: Any, hidden_layers: int) -> Any:
    """A per-layer activation fitted to a network of `hidden_layers`: cut, or extended with
    its last name (a layer added after the last takes its activation); one name stays one
    name, and anything else is left for `checked_activation` to refuse."""
    if isinstance(activation, str) or not isinstance(activation, list | tuple) or not activation:
        return activation
    if hidden_layers == 0:
        return activation[0]
    names = list(activation)[:hidden_layers]
    return names + [names[-1]] * (hidden_layers - len(names))


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
    from ._network_kernels import loss_and_gradient, workspace

    grad = np.zeros(net.n_params)
    sizes = np.asarray(net.sizes, dtype=np.int64)
    x = np.ascontiguousarray(x, dtype=np.float64)
    data_loss, _ = loss_and_gradient(
        np.ascontiguousarray(params, dtype=np.float64),
        x,
        np.ascontiguousarray(x.T),
        np.ascontiguousarray(y, dtype=np.float64),
        np.zeros(0, dtype=np.int64),
        0,
        len(x),
        sizes,
        net.kinds(),
        TASK_IDS[net.task],
        grad,
        workspace(sizes),
    )
    penalty = _penalty(net, params, regularization, rate, grad)
    return data_loss, data_loss + penalty, grad


def check_shapes(net: Network, params: np.ndarray, x: np.ndarray | None = None) -> None:
    """ValueError unless `params` is a vector of the network's parameters (and `x` rows of its
    inputs)."""
    shape = np.shape(params)
    if shape != (net.n_params,):
        raise ValueError(
            f"the network {'-'.join(map(str, net.sizes))} has {net.n_params} parameters; "
            f"got an array of shape {shape}"
        )
    if x is not None and (np.ndim(x) != 2 or np.shape(x)[1] != net.sizes[0]):
        raise ValueError(
            f"the network takes {net.sizes[0]} inputs a row; got an array of shape {np.shape(x)}"
        )


def predict(net: Network, params: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The network's outputs (logits for classification) for each row of x. Parameters or
    inputs of another network's shape are refused: the kernel does not check its bounds, and
    a verdict drawn from another study's weights would be a false picture."""
    from ._network_kernels import outputs_of

    check_shapes(net, params, x)

    out = np.empty((len(x), net.sizes[-1]))
    outputs_of(
        np.ascontiguousarray(params, dtype=np.float64),
        np.ascontiguousarray(x, dtype=np.float64),
        np.asarray(net.sizes, dtype=np.int64),
        net.kinds(),
        out,
    )
    return out


def loss_and_accuracy(
    net: Network, params: np.ndarray, x: np.ndarray, y: np.ndarray
) -> tuple[float, float]:
    """The mean data loss and the fraction classified right (NaN for regression), as the
    training kernel records them: one forward pass (NaN, NaN for no rows)."""
    if not len(x):
        return math.nan, math.nan
    from ._network_kernels import loss_and_correct, workspace

    sizes = np.asarray(net.sizes, dtype=np.int64)
    return loss_and_correct(
        np.ascontiguousarray(params, dtype=np.float64),
        np.ascontiguousarray(np.asarray(x, dtype=np.float64).T),
        np.ascontiguousarray(y, dtype=np.float64),
        sizes,
        net.kinds(),
        TASK_IDS[net.task],
        workspace(sizes),
    )


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
