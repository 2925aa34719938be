"""What the desktop bundle's choice of CPU for its shipped kernels costs (`optstudio/frozen.py`).

For each target (this machine's own CPU, x86-64-v3, generic), in processes of their own with
a cache folder of their own: the first model step with an empty cache (numba compiles the
kernel) and with the kernels compiled beforehand (`engine/precompile.py`, as the bundle ships
them), then the engine's speed on three runs, each the best of three timings:

- the Playground network (2-8-8-1 tanh on the circle), 3000 full-batch Adam steps;
- the digits (64-32-10 relu), 300 Adam steps on batches of 64;
- Adam on Rosenbrock, a million steps recorded every 1000.

    python benchmarks/kernel_targets.py [--no-precompile]

Prints figures; asserts nothing. The precompiling takes about two minutes a target. Compare
the ratios of one run: these machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile

TARGETS = {"host": {}, "x86-64-v3": {"NUMBA_CPU_FEATURES": ""}, "generic": {}}

FIRST_STEP = """
import time
began = time.perf_counter()
import optstudio
optstudio.train("circle", "adam", steps=1)
print(f"{time.perf_counter() - began:.2f}")
"""
PRECOMPILE = "from optstudio.engine.precompile import precompile; precompile(lambda m: None)"
SPEED = """
import time
import optstudio
optstudio.train("circle", "adam", steps=2)
optstudio.train("digits", "adam", steps=2, hidden=(32,), activation="relu", batch_size=64)
optstudio.simulate("rosenbrock", "adam", steps=10)
def best(work):
    times = []
    for _ in range(3):
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return min(times)
circle = best(lambda: optstudio.train("circle", "adam", steps=3000))
digits = best(lambda: optstudio.train(
    "digits", "adam", steps=300, hidden=(32,), activation="relu", batch_size=64))
rosenbrock = best(lambda: optstudio.simulate("rosenbrock", "adam", steps=10**6, record_every=1000))
print(f"{circle:.3f} {digits:.3f} {rosenbrock:.3f}")
"""


def _run(code: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-precompile", action="store_true", help="skip the first steps")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print(f"{'target':>10}  {'compile':>8}  {'shipped':>8}  {'circle':>8}  {'digits':>8}  rosen")
    base = {k: v for k, v in os.environ.items() if not k.startswith("NUMBA_")}
    host_speed = None
    for target, extra in TARGETS.items():
        with tempfile.TemporaryDirectory() as cache:
            env = {**base, "NUMBA_CACHE_DIR": cache, **extra}
            if target != "host":
                env["NUMBA_CPU_NAME"] = target
            compile_s = shipped_s = "-"
            if not args.no_precompile:
                compile_s = _run(FIRST_STEP, env) + " s"
                _run(PRECOMPILE, env)
                shipped_s = _run(FIRST_STEP, env) + " s"
            speed = [float(v) for v in _run(SPEED, env).split()]
        host_speed = host_speed or speed
        ratios = [f"{s:.3f} s ({s / h:.2f}x)" for s, h in zip(speed, host_speed, strict=True)]
        print(f"{target:>10}  {compile_s:>8}  {shipped_s:>8}  " + "  ".join(ratios))


if __name__ == "__main__":
    main()
