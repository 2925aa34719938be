"""Steps per second of the engine, beside the same loops written by hand in numba.

For every optimizer on rosenbrock, at record_every 1 and 100: the engine's `simulate` (with
its divergence checks, recording, schedules and dispatch) against a minimal hand-written numba
loop of the same update, doing the same arithmetic, that records the same rows (the "same
bits" column compares every row with the engine's), into memory it allocates for them as the
engine allocates a run's (a loop that wrote every run into the same warm buffer would skip the
page faults every real run pays). Also `import optstudio` time.

    python benchmarks/engine_speed.py [--steps N] [--optimizers adam,adamax]

Prints figures; asserts nothing (these machines are shared and noisy: compare the ratios).
"""

from __future__ import annotations

import argparse
import math
import subprocess
import sys
import time

import numpy as np
from numba import njit

import optstudio


@njit(inline="always")
def _rosen(x, y):
    r = y - x * x
    return (1.0 - x) ** 2 + 100.0 * r * r, -2.0 * (1.0 - x) - 400.0 * x * r, 200.0 * r


@njit(inline="always")
def _rosen_hessian(x, y):
    return 2.0 - 400.0 * y + 1200.0 * x * x, -400.0 * x, 200.0


def make_hand_loop(kind: int):
    """One loop per update rule, as if written alone for its default hyperparameters: `kind`
    is a closure constant, so numba compiles only its branch. It records (x, y, f) every
    `every` steps into `out`, and the final point after them, as the engine records a run.

    Each loop does the engine's arithmetic in the engine's order (torch's: its lerp for the
    moments, `p + -step * (m / denom)` for addcdiv, `1 - beta` as a constant, RAdam's
    `beta2 ** t`, AdamW's decay of the parameters, Adagrad's decayed lr), so that it computes
    the same bits and the timing compares the engine's overhead alone: `main` checks every
    row against the engine's. Loops that did cheaper arithmetic (0.1 for 1 - 0.9, no lerp, no
    power) timed a different computation; RAdam's power of beta2 is a third of its step."""

    @njit(error_model="numpy")
    def hand_loop(n, every, lr, out):
        x, y = -1.2, 1.0
        px, py = x, y
        a1 = a2 = b1 = b2 = c1 = c2 = 0.0
        p1 = p2 = 1.0
        row = 0
        countdown = 0
        for t in range(n):
            f, gx, gy = _rosen(x, y)
            if countdown == 0:
                out[row, 0] = x
                out[row, 1] = y
                out[row, 2] = f
                row += 1
                countdown = every
            countdown -= 1
            if kind == 0:  # gd / sgd
                x = x + -lr * gx
                y = y + -lr * gy
            elif kind == 1:  # heavy ball
                nx = x - lr * gx + 0.9 * (x - px)
                ny = y - lr * gy + 0.9 * (y - py)
                px, py, x, y = x, y, nx, ny
            elif kind == 2:  # nesterov
                lx = x + 0.9 * (x - px)
                ly = y + 0.9 * (y - py)
                _, gx, gy = _rosen(lx, ly)
                px, py = x, y
                x, y = lx - lr * gx, ly - lr * gy
            elif kind == 3:  # adagrad (lr_decay 0: lr / (1 + (t - 1) 0) is lr)
                a1 = a1 + gx * gx
                a2 = a2 + gy * gy
                x = x + -lr * (gx / (math.sqrt(a1) + 1e-10))
                y = y + -lr * (gy / (math.sqrt(a2) + 1e-10))
            elif kind == 4:  # rmsprop
                a1 = a1 * 0.99 + (1.0 - 0.99) * gx * gx
                a2 = a2 * 0.99 + (1.0 - 0.99) * gy * gy
                x = x + -lr * (gx / (math.sqrt(a1) + 1e-8))
                y = y + -lr * (gy / (math.sqrt(a2) + 1e-8))
            elif kind == 5:  # adadelta
                a1 = a1 * 0.9 + (1.0 - 0.9) * gx * gx
                a2 = a2 * 0.9 + (1.0 - 0.9) * gy * gy
                dx = math.sqrt(b1 + 1e-6) / math.sqrt(a1 + 1e-6) * gx
                dy = math.sqrt(b2 + 1e-6) / math.sqrt(a2 + 1e-6) * gy
                b1 = b1 * 0.9 + (1.0 - 0.9) * dx * dx
                b2 = b2 * 0.9 + (1.0 - 0.9) * dy * dy
                x = x + -lr * dx
                y = y + -lr * dy
            elif kind == 6 or kind == 13:  # adam; adamw (decoupled weight decay 0.01)
                if kind == 13:
                    x = x * (1.0 - lr * 0.01)
                    y = y * (1.0 - lr * 0.01)
                a1 = a1 + (1.0 - 0.9) * (gx - a1)
                a2 = a2 + (1.0 - 0.9) * (gy - a2)
                b1 = b1 * 0.999 + (1.0 - 0.999) * gx * gx
                b2 = b2 * 0.999 + (1.0 - 0.999) * gy * gy
                p1 *= 0.9
                p2 *= 0.999
                step = lr / (1.0 - p1)
                root = math.sqrt(1.0 - p2)
                x = x + -step * (a1 / (math.sqrt(b1) / root + 1e-8))
                y = y + -step * (a2 / (math.sqrt(b2) / root + 1e-8))
            elif kind == 7:  # adamax
                a1 = a1 + (1.0 - 0.9) * (gx - a1)
                a2 = a2 + (1.0 - 0.9) * (gy - a2)
                b1 = max(b1 * 0.999, abs(gx) + 1e-8)
                b2 = max(b2 * 0.999, abs(gy) + 1e-8)
                p1 *= 0.9
                step = lr / (1.0 - p1)
                x = x + -step * (a1 / b1)
                y = y + -step * (a2 / b2)
            elif kind == 8:  # nadam
                mu = 0.9 * (1.0 - 0.5 * 0.96 ** ((t + 1) * 0.004))
                mu_next = 0.9 * (1.0 - 0.5 * 0.96 ** ((t + 2) * 0.004))
                p1 *= mu
                p2 *= 0.999
                cg = -lr * (1.0 - mu) / (1.0 - p1)
                cm = (-lr * mu_next) / (1.0 - p1 * mu_next)
                a1 = a1 + (1.0 - 0.9) * (gx - a1)
                a2 = a2 + (1.0 - 0.9) * (gy - a2)
                b1 = b1 * 0.999 + (1.0 - 0.999) * gx * gx
                b2 = b2 * 0.999 + (1.0 - 0.999) * gy * gy
                d1 = math.sqrt(b1 / (1.0 - p2)) + 1e-8
                d2 = math.sqrt(b2 / (1.0 - p2)) + 1e-8
                x = x + cg * (gx / d1)
                y = y + cg * (gy / d2)
                x = x + cm * (a1 / d1)
                y = y + cm * (a2 / d2)
            elif kind == 9:  # radam: beta2 ** t as torch takes it
                a1 = a1 + (1.0 - 0.9) * (gx - a1)
                a2 = a2 + (1.0 - 0.9) * (gy - a2)
                b1 = b1 * 0.999 + (1.0 - 0.999) * gx * gx
                b2 = b2 * 0.999 + (1.0 - 0.999) * gy * gy
                p1 *= 0.9
                p2 = math.pow(0.999, float(t + 1))
                rho_inf = 2.0 / (1.0 - 0.999) - 1.0
                rho = rho_inf - 2.0 * (t + 1) * p2 / (1.0 - p2)
                if rho > 5.0:
                    rect = math.sqrt(
                        (rho - 4.0)
                        * (rho - 2.0)
                        * rho_inf
                        / ((rho_inf - 4.0) * (rho_inf - 2.0) * rho)
                    )
                    root = math.sqrt(1.0 - p2)
                    x = x + -1.0 * (a1 / (1.0 - p1) * lr * (root / (math.sqrt(b1) + 1e-8)) * rect)
                    y = y + -1.0 * (a2 / (1.0 - p1) * lr * (root / (math.sqrt(b2) + 1e-8)) * rect)
                else:
                    x = x + -1.0 * (a1 / (1.0 - p1) * lr)
                    y = y + -1.0 * (a2 / (1.0 - p1) * lr)
            elif kind == 10:  # rprop
                if t == 0:
                    c1 = c2 = lr
                s1 = gx * a1
                s2 = gy * a2
                f1 = 1.2 if s1 > 0 else (0.5 if s1 < 0 else 1.0)
                f2 = 1.2 if s2 > 0 else (0.5 if s2 < 0 else 1.0)
                c1 = min(max(c1 * f1, 1e-6), 50.0)
                c2 = min(max(c2 * f2, 1e-6), 50.0)
                if f1 == 0.5:
                    gx = 0.0
                if f2 == 0.5:
                    gy = 0.0
                x -= np.sign(gx) * c1
                y -= np.sign(gy) * c2
                a1, a2 = gx, gy
            elif kind == 11:  # lion
                u1 = np.sign((1.0 - 0.9) * gx + 0.9 * a1) + 1e-3 * x
                u2 = np.sign((1.0 - 0.9) * gy + 0.9 * a2) + 1e-3 * y
                a1 = (1.0 - 0.99) * gx + 0.99 * a1
                a2 = (1.0 - 0.99) * gy + 0.99 * a2
                x = x + -lr * u1
                y = y + -lr * u2
            else:  # newton
                hxx, hxy, hyy = _rosen_hessian(x, y)
                det = hxx * hyy - hxy * hxy
                x, y = (
                    x - lr * ((hyy * gx - hxy * gy) / det),
                    y - lr * ((hxx * gy - hxy * gx) / det),
                )
        f, _, _ = _rosen(x, y)
        out[row, 0] = x
        out[row, 1] = y
        out[row, 2] = f
        return row + 1

    return hand_loop


HAND_KIND = {
    "gd": 0,
    "sgd": 0,
    "momentum": 1,
    "nesterov": 2,
    "adagrad": 3,
    "rmsprop": 4,
    "adadelta": 5,
    "adam": 6,
    "adamw": 13,
    "adamax": 7,
    "nadam": 8,
    "radam": 9,
    "rprop": 10,
    "lion": 11,
    "newton": 12,
}
LEARNING_RATES = {
    "gd": 1e-4,
    "sgd": 1e-4,
    "momentum": 1e-4,
    "nesterov": 1e-4,
    "newton": 0.5,
    "adadelta": 1.0,
}


def same_rows(name: str, lr: float, steps: int, every: int, loop) -> bool:
    """Whether the hand loop records the engine's rows bit for bit (points and losses)."""
    run = optstudio.simulate("rosenbrock", name, steps=steps, record_every=every, lr=lr)
    rows = np.empty((steps // every + 2, 3))
    count = loop(steps, every, lr, rows)
    engine = np.column_stack([run.path, run.loss_values])
    return engine.shape == rows[:count].shape and np.array_equal(engine, rows[:count])


def best_rate(function, steps: int, repeats: int = 3) -> float:
    best = math.inf
    for _ in range(repeats):
        began = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - began)
    return steps / best


def import_time() -> float:
    code = "import time; t = time.perf_counter(); import optstudio; print(time.perf_counter() - t)"
    times = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(5)
    ]
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=2_000_000)
    parser.add_argument(
        "--optimizers", default="", help="comma-separated names (default: every optimizer)"
    )
    args = parser.parse_args()
    chosen = [n for n in args.optimizers.split(",") if n] or list(optstudio.engine.OPTIMIZERS)
    steps = args.steps
    print(f"import optstudio: {import_time() * 1000:.0f} ms (best of 5, fresh interpreters)")
    out = np.zeros((11, 3))  # for compiling the hand loops
    # Warm up (compile or load from cache) before timing.
    optstudio.simulate("rosenbrock", "adam", steps=10)
    hand_loops = {kind: make_hand_loop(kind) for kind in set(HAND_KIND.values())}
    for loop in hand_loops.values():
        loop(10, 1, 1e-4, out)
    # One untimed run of each at full size: the first large allocations of a process cost
    # more (the allocator learns their size), and the first optimizer timed paid it alone.
    optstudio.simulate("rosenbrock", "gd", steps=steps, lr=1e-4)
    hand_loops[0](steps, 1, 1e-4, np.empty((steps + 2, 3)))
    print(f"rosenbrock, {steps:,} steps per run; million steps per second (best of 3)")
    header = f"{'optimizer':10s} {'every':>5s} {'engine':>8s} {'by hand':>8s} {'ratio':>6s}"
    print(f"{header}  same bits")
    for name in chosen:
        if name not in HAND_KIND:  # L-BFGS: no hand-written loop to set beside it
            continue
        lr = LEARNING_RATES.get(name, 1e-3)
        for every in (1, 100):

            def engine(name=name, every=every, lr=lr):
                optstudio.simulate("rosenbrock", name, steps=steps, record_every=every, lr=lr)

            def by_hand(name=name, every=every, lr=lr):
                rows = np.empty((steps // every + 2, 3))
                hand_loops[HAND_KIND[name]](steps, every, lr, rows)

            engine_rate = best_rate(engine, steps)
            hand_rate = best_rate(by_hand, steps)
            same = same_rows(name, lr, steps, every, hand_loops[HAND_KIND[name]])
            print(
                f"{name:10s} {every:5d} {engine_rate / 1e6:8.1f} {hand_rate / 1e6:8.1f} "
                f"{engine_rate / hand_rate:6.2f}  "
                f"{'yes' if same else 'NO'}"
            )


if __name__ == "__main__":
    main()
