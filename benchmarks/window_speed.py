"""The studio under load: eight runs (or --runs N) at full speed for ten seconds.

Prints frames drawn per second, the longest event-loop stall, peak memory and engine steps per
second with the window, beside the same runs advanced with no window at all (the share the
window costs the engine), plus how long a warm start takes to show the window. --busy starts
one other busy process (`python -c "while True: pass"`) for the measurement and stops it after,
as on a shared machine; --free measures free running instead of the race in lockstep.

    QT_QPA_PLATFORM=offscreen python benchmarks/window_speed.py [--seconds 10] [--busy] [--free]

Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, QSettings, QTimer
from PySide6.QtWidgets import QApplication

PROBE_MS = 5
"""A timer this often measures the event loop's stalls (finer probes slow the loop itself)."""
RACERS = [
    ("gd", {"lr": 1e-3}),
    ("sgd", {"lr": 1e-3, "momentum": 0.9}),
    ("momentum", {"lr": 1e-3}),
    ("nesterov", {"lr": 1e-3}),
    ("rmsprop", {"lr": 1e-2}),
    ("adam", {"lr": 0.05}),
    ("nadam", {"lr": 0.01}),
    ("lion", {"lr": 1e-3}),
]


def engine_alone(racers, seconds: float) -> float:
    """Steps a second of the same runs advanced in turn with no window, each by a chunk tuned
    as the engine thread tunes it."""
    from optstudio.engine.runner import create_run
    from optstudio.qt.engine_thread import _tuned

    runs = [
        create_run("rosenbrock", name, steps=100_000_000, record_every=500, **hyper)
        for name, hyper in racers
    ]
    chunks = [256] * len(runs)
    for run in runs:
        run.advance(10)  # compiled or loaded from the cache before the clock starts
    steps = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for index, run in enumerate(runs):
            began = time.perf_counter()
            run.advance(chunks[index])
            steps += chunks[index]
            chunks[index] = _tuned(chunks[index], time.perf_counter() - began)
    return steps / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--runs", type=int, default=len(RACERS), help="how many racers (1 to 8)")
    parser.add_argument(
        "--free", action="store_true", help="free running instead of the race in lockstep"
    )
    parser.add_argument(
        "--busy", action="store_true", help="one other busy process while measuring"
    )
    args = parser.parse_args()
    began = time.perf_counter()
    app = QApplication([])
    from optstudio.model import StudioState
    from optstudio.qt.main_window import MainWindow

    state = StudioState(loss="rosenbrock", max_steps=100_000_000, lockstep=not args.free)
    racers = RACERS[: max(1, min(args.runs, len(RACERS)))]
    for optimizer, hyper in racers:
        state.add_run(optimizer, hyper=hyper)
    settings = QSettings(os.path.join(tempfile.mkdtemp(), "bench.ini"), QSettings.Format.IniFormat)
    window = MainWindow(state=state, settings=settings)
    window.resize(1600, 950)
    window.show()
    app.processEvents()
    shown = time.perf_counter() - began

    # Warm the kernels before measuring (compiled or loaded from cache).
    window.controls.play_action.trigger()
    deadline = time.perf_counter() + 120
    while (
        time.perf_counter() < deadline
        and any(s.step == 0 for s in window.engine.snapshots().values())
    ) or len(window.engine.snapshots()) < len(racers):
        app.processEvents()
        time.sleep(0.005)

    stall = {"longest": 0.0}
    clock = QElapsedTimer()
    clock.start()
    probe = QTimer()
    probe.setInterval(PROBE_MS)

    def tick() -> None:
        stall["longest"] = max(stall["longest"], (clock.restart() - PROBE_MS) / 1000)

    probe.timeout.connect(tick)
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"]) if args.busy else None
    frames_before = window._frames
    steps_before = window.engine.steps_done
    start = time.perf_counter()
    clock.restart()
    probe.start()
    while time.perf_counter() - start < args.seconds:
        app.processEvents()
    elapsed = time.perf_counter() - start
    probe.stop()
    frames = window._frames - frames_before
    steps = window.engine.steps_done - steps_before
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    step_counts = [s.step for s in window.engine.snapshots().values()]
    window.close()
    alone = engine_alone(racers, min(args.seconds, 5.0))
    if busy is not None:
        busy.terminate()
        busy.wait()
    print(f"window shown after {shown:.2f} s (QApplication to first paint, warm cache)")
    mode = "free running" if args.free else "in lockstep"
    load = ", one other busy process" if args.busy else ""
    print(f"{len(racers)} runs at full speed, {mode}{load}, for {elapsed:.1f} s on rosenbrock:")
    print(f"  frames drawn:     {frames / elapsed:.1f} per second")
    longest = stall["longest"] * 1000
    print(f"  longest stall:    {longest:.0f} ms (event loop, beyond a {PROBE_MS} ms probe)")
    print(f"  peak memory:      {peak:.0f} MiB")
    rate = steps / elapsed
    print(f"  engine:           {rate / 1e6:.1f} million steps per second in all")
    print(
        f"  with no window:   {alone / 1e6:.1f} million steps per second "
        f"(the window leaves the engine {rate / alone:.0%} of it)"
    )
    print(f"  steps per run:    {min(step_counts):,} to {max(step_counts):,}")


if __name__ == "__main__":
    main()
