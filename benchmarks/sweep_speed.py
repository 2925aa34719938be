"""Total steps per second of a sweep, beside a hand-written numba prange loop.

10,000 runs of 1,000 steps each (a 100 x 100 grid of Adam's lr against beta1 on rosenbrock,
and 10,000 learning rates of plain gradient descent): the engine's `sweep` (the full step loop
per run, with its divergence and tolerance checks, run in batches) against a minimal prange
loop doing the same update with nothing else. Then the engine at 1 thread and at every core,
for the scaling.

    python benchmarks/sweep_speed.py [--runs N] [--steps N]

Prints figures; asserts nothing (these machines are shared and noisy: compare the ratios).
"""

from __future__ import annotations

import argparse
import math
import time

import numba
import numpy as np
from numba import njit, prange

from optstudio.engine.sweep import Axis, run_many, sweep


@njit(parallel=True, cache=True)
def hand_adam(lrs, beta1s, steps, out):
    for i in prange(lrs.shape[0]):
        lr, beta1, beta2, eps = lrs[i], beta1s[i], 0.999, 1e-8
        x, y = -1.2, 1.0
        mx = my = vx = vy = 0.0
        p1 = p2 = 1.0
        for _ in range(steps):
            r = y - x * x
            gx = -2.0 * (1.0 - x) - 400.0 * x * r
            gy = 200.0 * r
            mx = mx + (1.0 - beta1) * (gx - mx)
            my = my + (1.0 - beta1) * (gy - my)
            vx = vx * beta2 + (1.0 - beta2) * gx * gx
            vy = vy * beta2 + (1.0 - beta2) * gy * gy
            p1 *= beta1
            p2 *= beta2
            step = lr / (1.0 - p1)
            c2 = math.sqrt(1.0 - p2)
            x -= step * mx / (math.sqrt(vx) / c2 + eps)
            y -= step * my / (math.sqrt(vy) / c2 + eps)
        out[i, 0] = x
        out[i, 1] = y


@njit(parallel=True, cache=True)
def hand_gd(lrs, steps, out):
    for i in prange(lrs.shape[0]):
        lr = lrs[i]
        x, y = -1.2, 1.0
        for _ in range(steps):
            r = y - x * x
            gx = -2.0 * (1.0 - x) - 400.0 * x * r
            gy = 200.0 * r
            x -= lr * gx
            y -= lr * gy
        out[i, 0] = x
        out[i, 1] = y


def best_of(repeats: int, work) -> float:
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--steps", type=int, default=1_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    side = round(math.sqrt(args.runs))
    runs, steps = side * side, args.steps
    total = runs * steps
    cores = numba.config.NUMBA_NUM_THREADS
    print(f"{runs:,} runs of {steps:,} steps on rosenbrock, {cores} threads available\n")

    adam_axes = [Axis("lr", 1e-4, 0.1, side, True), Axis("beta1", 0.5, 0.99, side)]
    adam_config = {"loss": "rosenbrock", "optimizer": "adam", "steps": steps}
    lrs, beta1s = (g.ravel() for g in np.meshgrid(*(a.values for a in adam_axes), indexing="ij"))
    gd_lrs = np.geomspace(1e-5, 1e-3, runs)
    out = np.empty((runs, 2))

    def engine_adam():
        sweep(adam_config, adam_axes)

    def engine_gd():  # an axis holds at most 256 values: run_many takes the 10,000 lrs
        run_many(
            {"loss": "rosenbrock", "optimizer": "gd", "steps": steps},
            overrides=[{"lr": float(lr)} for lr in gd_lrs],
        )

    hand = {
        "adam": lambda: hand_adam(lrs, beta1s, steps, out),
        "gd": lambda: hand_gd(gd_lrs, steps, out),
    }
    engine = {"adam": engine_adam, "gd": engine_gd}
    for work in (*hand.values(), *engine.values()):
        work()  # compile (or load from cache) before timing

    print("| optimizer | engine, M steps/s | hand prange, M steps/s | ratio |")
    print("|---|---|---|---|")
    for name in ("gd", "adam"):
        t_engine = best_of(args.repeats, engine[name])
        t_hand = best_of(args.repeats, hand[name])
        print(
            f"| {name} | {total / t_engine / 1e6:.0f} | {total / t_hand / 1e6:.0f} | "
            f"{t_hand / t_engine:.2f} |"
        )

    print("\nScaling of the engine's sweep (adam):")
    print("| threads | M steps/s | speed-up |")
    print("|---|---|---|")
    single = None
    for threads in sorted({1, cores}):
        numba.set_num_threads(threads)
        rate = total / best_of(args.repeats, engine_adam) / 1e6
        single = single or rate
        print(f"| {threads} | {rate:.0f} | {rate / single:.2f} |")


if __name__ == "__main__":
    main()
