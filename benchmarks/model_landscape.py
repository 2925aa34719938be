"""Time to compute a model's loss landscape: a 60x60 grid on a plane through its parameters.

Two networks of the "Real models" issue: 2-8-8-1 tanh on the Playground's circle (500 samples,
half for training) and 64-32-10 relu on the digits (half for training). Each grid point is a
full pass over the training set; a row of the grid is a few batched matrix products (BLAS).

    python benchmarks/model_landscape.py

Prints figures; asserts nothing.
"""

from __future__ import annotations

import os
import time

import numpy as np

from optstudio.engine.models.mlp import initial_parameters, network, objective
from optstudio.engine.models.plane import landscape
from optstudio.io.datasets import load_dataset


def descent(net, data, steps: int = 30, lr: float = 0.5) -> np.ndarray:
    """A short gradient descent: a trajectory for the plane's principal components."""
    params = initial_parameters(net, 0)
    path = [params]
    for _ in range(steps):
        params = params - lr * objective(net, params, data.x_train, data.y_train)[2]
        path.append(params)
    return np.array(path)


def main() -> None:
    cases = [
        ("circle", network(2, (8, 8), 1, "tanh", "binary")),
        ("digits", network(64, (32,), 10, "relu", "multiclass")),
    ]
    print(f"60x60 landscapes on {os.cpu_count()} cores (after one warm-up that compiles):")
    for name, net in cases:
        data = load_dataset(name)
        path = descent(net, data)
        landscape(net, [path], data.x_train, data.y_train, resolution=4)  # compile / load
        began = time.perf_counter()
        plane = landscape(net, [path], data.x_train, data.y_train, resolution=60)
        seconds = time.perf_counter() - began
        print(
            f"  {name:7s} {net.n_params:5d} parameters, {len(data.x_train)} training rows: "
            f"{seconds:.2f} s ({3600 / seconds:,.0f} points a second), "
            f"PCA plane explains {plane.explained:.1%}"
        )


if __name__ == "__main__":
    main()
