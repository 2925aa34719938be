"""Where a full-batch training step of the Playground's network goes, pass by pass.

The circle's 2-8-8-1 tanh network on its 250 training rows, in the blocks of rows the kernels
take (two of 125): each pass of one block timed alone (forward, scoring, backward and, inside
it, the 8x8 layer's weight gradient), the whole block, the two blocks on every core
(`loss_and_gradient_parallel`, what a full-batch step of `optstudio.train` runs), and the
network's tanh per value. Use it beside `model_speed.py`, which times whole training runs.

    python benchmarks/network_passes.py [--repeats 10]

Prints the best and the median of the repeats, in microseconds; asserts nothing (these
machines are shared and noisy: compare figures printed by one run).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import numba
import numpy as np
from numba import njit

import optstudio
from optstudio.engine.models import _layer_gradients as gradients
from optstudio.engine.models import _network_kernels as kernels
from optstudio.engine.models import _parallel_passes as passes
from optstudio.engine.models._elementary import tanh

CALLS = 10_000
"""Calls per timing: a block's pass takes microseconds."""


@njit(error_model="numpy")
def _forward(n, params, xt, rows, sizes, activation, work):  # pragma: no cover - jitted
    pre, post, _, starts, _, _, _ = work
    for _ in range(n):
        kernels.forward_block(params, xt, rows, 0, 125, sizes, activation, starts, pre, post)


@njit(error_model="numpy")
def _score(n, y, rows, work):  # pragma: no cover - jitted
    _, post, delta, _, scratch, _, _ = work
    for _ in range(n):
        kernels._score_block(post[3], y, rows, 0, 125, 1, 0, 1 / 250, delta[0], scratch)


@njit(error_model="numpy")
def _backward(n, params, x, rows, sizes, activation, work, grad):  # pragma: no cover - jitted
    for _ in range(n):
        kernels.backward_block(params, x, rows, 0, 125, sizes, activation, work, grad)


@njit(error_model="numpy")
def _gradient_8x8(n, rows, work, grad):  # pragma: no cover - jitted
    _, _, delta, starts, _, by_row, sums = work
    for _ in range(n):
        gradients.narrow_layer_gradient(by_row, rows, delta[0], starts[1], 8, 8, 125, grad, sums)


@njit(error_model="numpy")
def _block(n, params, x, xt, y, rows, sizes, activation, work, grad):  # pragma: no cover
    for _ in range(n):
        kernels.block_pass(
            params, x, xt, y, rows, 0, 125, sizes, activation, 0, 1 / 250, work, grad
        )


@njit(error_model="numpy")
def _both_blocks(n, params, x, xt, y, rows, sizes, activation, grad, workers, shared):
    for _ in range(n):  # pragma: no cover - jitted
        passes.loss_and_gradient_parallel(
            params, x, xt, y, rows, 0, 250, sizes, activation, 0, grad, workers, shared
        )


@njit(error_model="numpy")
def _tanhs(n, values, out):  # pragma: no cover - jitted
    for _ in range(n):
        for i in range(values.shape[0]):
            out[i] = tanh(values[i])


def timings(function, arguments: tuple, repeats: int, per: float) -> list[float]:
    function(1, *arguments)  # compile
    found = []
    for _ in range(repeats):
        began = time.perf_counter()
        function(CALLS, *arguments)
        found.append((time.perf_counter() - began) / CALLS / per * 1e6)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=10)
    args = parser.parse_args()
    run = optstudio.train("circle", "sgd", steps=0, hidden=(8, 8), activation="tanh")
    x = np.ascontiguousarray(run.data.x_train)
    xt = np.ascontiguousarray(x.T)
    y = np.ascontiguousarray(run.data.y_train, dtype=np.float64)
    params = run.params[0].copy()
    sizes = np.array(run.network.sizes, dtype=np.int64)
    activation = np.array(run.network.kinds(), dtype=np.int64)
    rows = np.zeros(0, dtype=np.int64)
    work = kernels.workspace(sizes)
    grad = np.zeros_like(params)
    workers = numba.get_num_threads()
    shared = passes.parallel_scratch(sizes, params.shape[0], x.shape[0], workers)
    values = np.random.default_rng(0).normal(0.0, 2.0, 128)
    out = np.empty_like(values)
    _forward(1, params, xt, rows, sizes, activation, work)  # the blocks' values, once
    cases = [
        ("forward, a block of 125 rows", _forward, (params, xt, rows, sizes, activation, work), 1),
        ("scoring, a block", _score, (y, rows, work), 1),
        ("backward, a block", _backward, (params, x, rows, sizes, activation, work, grad), 1),
        ("  of which the 8x8 layer's weight gradient", _gradient_8x8, (rows, work, grad), 1),
        ("the whole block", _block, (params, x, xt, y, rows, sizes, activation, work, grad), 1),
        (
            f"both blocks on {workers} threads",
            _both_blocks,
            (params, x, xt, y, rows, sizes, activation, grad, workers, shared),
            1,
        ),
        ("tanh, a value (ns, not us)", _tanhs, (values, out), values.shape[0] / 1000),
    ]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"2-8-8-1 tanh on the circle, {os.cpu_count()} cores, load average {load:.2f}")
    print(f"{'pass':44s} {'best':>8s} {'median':>8s}  (us)")
    for label, function, arguments, per in cases:
        found = timings(function, arguments, args.repeats, per)
        print(f"{label:44s} {min(found):8.3f} {statistics.median(found):8.3f}")


if __name__ == "__main__":
    main()
