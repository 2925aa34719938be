"""What every unit of a network computes, as TensorFlow Playground draws its network: each input
feature, each hidden unit's activation and the output, over the input plane of a Playground
data set, at one set of parameters; and each layer's weights and biases, the links between
them. For a data set with no plane (digits, a wide CSV table) there are no maps: the first
layer's weights, one row of inputs a unit, are what a unit looks for (8 x 8 images for digits).

Plain numpy, no Qt, layer by layer as torch's Sequential computes: the lab's drawing process
computes these off the window's thread (`live.verdicts`), and a test checks them against a
forward pass written on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .datasets import Dataset
from .mlp import Network

UNIT_RESOLUTION = 32
"""Points along each side of a unit's map (the Playground draws its units' maps this small)."""


@dataclass(frozen=True)
class UnitMaps:
    """A network's units at one set of parameters. `inputs` (features, R, R), `hidden` (one
    (units, R, R) array a hidden layer) and `output` (outputs, R, R): each unit's value at
    grid point (x1[j], x2[i]) in [..., i, j]; None without an input plane. `weights[k]`
    (out, in) and `biases[k]` (out,) of each Linear: the links."""

    features: tuple[str, ...]
    x1: np.ndarray | None
    x2: np.ndarray | None
    inputs: np.ndarray | None
    hidden: tuple[np.ndarray, ...] | None
    output: np.ndarray | None
    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...]
    activations: tuple[str, ...]
    """The activation of each hidden layer."""
    task: str = "binary"
    """What the output is: a binary classifier's logit, a fitted value ("regression"), or
    one logit a class ("multiclass")."""

    def unit(self, layer: int, index: int) -> np.ndarray | None:
        """The map of unit `index` of `layer`: 0 the inputs, 1 .. the hidden layers, the last
        the output."""
        if self.inputs is None or self.hidden is None or self.output is None:
            return None
        columns = (self.inputs, *self.hidden, self.output)
        return columns[layer][index]


_ACTIVATE = {
    "relu": lambda z: np.maximum(z, 0.0),
    "tanh": np.tanh,
    "sigmoid": lambda z: 0.5 * (1.0 + np.tanh(0.5 * z)),
    "linear": lambda z: z,
}


def layer_parameters(
    network: Network, params: np.ndarray
) -> tuple[tuple[np.ndarray, ...], tuple[np.ndarray, ...]]:
    """Each Linear's weight (out, in) and bias (out,), cut out of the flat parameters."""
    weights, biases = [], []
    for start, (n_in, n_out) in zip(network.offsets(), network.layers, strict=True):
        weights.append(params[start : start + n_out * n_in].reshape(n_out, n_in).copy())
        biases.append(params[start + n_out * n_in : start + n_out * n_in + n_out].copy())
    return tuple(weights), tuple(biases)


def unit_maps(
    network: Network, data: Dataset, params: np.ndarray, resolution: int = UNIT_RESOLUTION
) -> UnitMaps:
    """Every unit of `network` at `params` over the input plane of `data` (its square), each
    grid point through the run's input features as the training points go."""
    weights, biases = layer_parameters(network, np.asarray(params, dtype=np.float64))
    names = tuple(data.features)
    if data.points_train is None:
        return UnitMaps(
            names, None, None, None, None, None, weights, biases, network.activations,
            network.task,
        )  # fmt: skip
    x1_low, x1_high, x2_low, x2_high = data.domain
    x1 = np.linspace(x1_low, x1_high, resolution)
    x2 = np.linspace(x2_low, x2_high, resolution)
    grid_x1, grid_x2 = np.meshgrid(x1, x2)
    a = data.plane_inputs(np.column_stack([grid_x1.ravel(), grid_x2.ravel()]))
    shape = (resolution, resolution)
    inputs = np.stack([column.reshape(shape) for column in a.T])
    hidden = []
    for k, (w, b) in enumerate(zip(weights, biases, strict=True)):
        z = a @ w.T + b
        if k == len(weights) - 1:
            a = z
            break
        a = _ACTIVATE[network.activations[k]](z)
        hidden.append(np.stack([column.reshape(shape) for column in a.T]))
    output = np.stack([column.reshape(shape) for column in a.T])
    return UnitMaps(
        names, x1, x2, inputs, tuple(hidden), output, weights, biases, network.activations,
        network.task,
    )  # fmt: skip
