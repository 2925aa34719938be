"""The studio under load: eight runs (or --runs N) at full speed for ten seconds.

Prints frames drawn per second, the longest event-loop stall, peak memory and engine steps per
second, plus how long a warm start takes to show the window.

    QT_QPA_PLATFORM=offscreen python benchmarks/window_speed.py [--seconds 10]

Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import resource
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--runs", type=int, default=len(RACERS), help="how many racers (1 to 8)")
    parser.add_argument(
        "--free", action="store_true", help="free running instead of the race in lockstep"
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
    print(f"window shown after {shown:.2f} s (QApplication to first paint, warm cache)")
    mode = "free running" if args.free else "in lockstep"
    print(f"{len(racers)} runs at full speed, {mode}, for {elapsed:.1f} s on rosenbrock:")
    print(f"  frames drawn:     {frames / elapsed:.1f} per second")
    longest = stall["longest"] * 1000
    print(f"  longest stall:    {longest:.0f} ms (event loop, beyond a {PROBE_MS} ms probe)")
    print(f"  peak memory:      {peak:.0f} MiB")
    print(f"  engine:           {steps / elapsed / 1e6:.1f} million steps per second in all")
    print(f"  steps per run:    {min(step_counts):,} to {max(step_counts):,}")


if __name__ == "__main__":
    main()
