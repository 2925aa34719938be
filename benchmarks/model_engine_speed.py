"""The model lab's engine under load, beside a landscape's: four runs at full speed.

The engine runs in its own process, as the studio runs it. The case of the "model lab" issue:
a 64-32-10 relu network on the digits with four optimizers (mini-batches of 64), against four
optimizers on Rosenbrock. For each: the engine's training steps a second, snapshots a second
reaching this process (the window's side), the bytes they carry, and the longest stall of a
5 ms probe loop in this process while it takes them in (what the window's event loop would
feel of the traffic). --busy starts one other busy process for the measurement, as on a
shared machine.

    python benchmarks/model_engine_speed.py [--seconds 10] [--busy]

Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import pickle
import subprocess
import sys
import time

from optstudio.live.process import start_engine
from optstudio.studies.landscape import LandscapeStudy
from optstudio.studies.model import ModelStudy

OPTIMIZERS = [
    ("sgd", {"lr": 0.05}),
    ("momentum", {"lr": 0.01}),
    ("adam", {"lr": 1e-3}),
    ("rmsprop", {"lr": 1e-3}),
]
PROBE_SECONDS = 0.005


def studies() -> list[tuple[str, str, dict]]:
    model = ModelStudy(dataset="digits", hidden=(32,), activation="relu", max_steps=10**7)
    landscape = LandscapeStudy(loss="rosenbrock", max_steps=2_000_000_000)
    for name, hyper in OPTIMIZERS:
        model.add_run(name, hyper=hyper, batch_size=64)
        landscape.add_run(name, hyper={"lr": 1e-4})
    return [
        ("64-32-10 relu on digits, batch 64", "model", model.to_dict()),
        ("Rosenbrock", "landscape", landscape.to_dict()),
    ]


def measure(kind: str, study: dict, seconds: float) -> dict[str, float]:
    process, connection = start_engine(kind)
    snapshots = 0
    payload = 0
    steps: dict[int, int] = {}
    stall = 0.0
    try:
        connection.send(("configure", study, {}))
        connection.send(("play",))
        # the first snapshots after compiling or loading the kernels start the clock
        while not steps:
            if connection.poll(30):
                message = connection.recv()
                if message[0] == "snapshots":
                    steps.update({i: s.step for i, s in message[1].items()})
        first = dict(steps)
        began = last = time.perf_counter()
        while time.perf_counter() - began < seconds:
            while connection.poll(0):
                message = connection.recv()
                if message[0] == "snapshots":
                    snapshots += 1
                    payload += len(pickle.dumps(message[1]))
                    steps.update({i: s.step for i, s in message[1].items()})
            time.sleep(PROBE_SECONDS)
            now = time.perf_counter()
            stall = max(stall, now - last - PROBE_SECONDS)
            last = now
        elapsed = time.perf_counter() - began
        connection.send(("stop",))
        process.join(10)
    finally:
        if process.is_alive():
            process.kill()
        connection.close()
    return {
        "steps": sum(steps[i] - first.get(i, 0) for i in steps) / elapsed,
        "snapshots": snapshots / elapsed,
        "bytes": payload / elapsed,
        "stall": stall,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--busy", action="store_true")
    args = parser.parse_args()
    busy = None
    if args.busy:
        busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        load = os.getloadavg()[0]
        beside = " (one busy process beside)" if busy else ""
        print(
            f"four runs at full speed for {args.seconds:g} s, {os.cpu_count()} cores, load "
            f"average {load:.2f} at the start{beside}"
        )
        print(f"{'study':36s} {'steps/s':>12s} {'snapshots/s':>12s} {'kB/s':>8s} {'stall ms':>9s}")
        for label, kind, study in studies():
            figures = measure(kind, study, args.seconds)
            print(
                f"{label:36s} {figures['steps']:12,.0f} {figures['snapshots']:12.1f} "
                f"{figures['bytes'] / 1000:8.0f} {figures['stall'] * 1000:9.1f}"
            )
    finally:
        if busy is not None:
            busy.kill()


if __name__ == "__main__":
    main()
