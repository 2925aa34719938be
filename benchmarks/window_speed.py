"""The studio under load: eight runs (or --runs N) at full speed for ten seconds.

Prints frames drawn per second, the longest event-loop stall, peak memory and engine steps per
second with the window, beside the same studio in the engine's process with no window at all
(the share the window costs the engine), plus how long a warm start takes to show the window.
--model races four optimizers training a 64-32-10 network on digits (batches of 64) in the
model lab's window instead, with its boundaries, predictions and loss-landscape plane
recomputed in the window's worker as they would be on screen.
--plane puts the model lab's loss-landscape tab in front (its plane follows the runs).
--tune (with --model) runs a tuning study from the lab's Tune… dialog while measuring: Adam and
SGD on the same network, one Dask worker process a core.
--zoom (the landscape) turns the mouse wheel over the map once a second, in and out, as a
lecturer zooms in on a path: each zoom evaluates the landscape and its contour lines again.
--busy starts one other busy process (`python -c "while True: pass"`) for the measurement and
stops it after, as on a shared machine; --free measures free running instead of the race in
lockstep.

    QT_QPA_PLATFORM=offscreen python benchmarks/window_speed.py [--seconds 10] [--busy] [--free]
        [--model [--plane] [--tune]] [--zoom] [--runs N]

Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, QEventLoop, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication

PROBE_MS = 5
"""A timer this often measures the event loop's stalls (finer probes slow the loop itself)."""
STALL_BAR = 0.05
"""A stall longer than this is counted (the single longest is one noisy number)."""
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


MODEL_RACERS = [
    ("sgd", {"lr": 0.1}),
    ("sgd", {"lr": 0.05, "momentum": 0.9}),
    ("adam", {"lr": 0.001}),
    ("muon", {"lr": 0.02}),
]


def engine_alone(state, grid, seconds: float, kind: str = "landscape") -> float:
    """Steps a second of the same studio in the engine's process with no window: the same
    loop, race mode, map view and messages (read and dropped as they arrive)."""
    from optstudio.live.process import start_engine

    process, connection = start_engine(kind)
    commands = [("configure", state.to_dict(), {}), ("play",)]
    if grid is not None:
        commands.insert(1, ("set_view", grid))
    for command in commands:
        connection.send(command)
    first: tuple[float, int] | None = None
    last = (0.0, 0)
    while first is None or last[0] - first[0] < seconds:
        message = connection.recv()
        if message[0] != "snapshots":
            continue
        last = (time.perf_counter(), message[3])
        if first is None and message[3] > 0:
            first = last  # compiled or loaded from the cache before the clock starts
    connection.send(("stop",))
    process.join(3.0)
    connection.close()
    return (last[1] - first[1]) / (last[0] - first[0])


def zoom_once(view_box, zooms: dict) -> None:
    """One notch of the wheel over the middle of the map, in on even calls, out on odd ones:
    what pyqtgraph's `ViewBox.wheelEvent` does with a notch (a quarter of the range, then the
    signal the map answers with a new landscape)."""
    factor = 0.75 if zooms["done"] % 2 == 0 else 1 / 0.75
    view_box.scaleBy((factor, factor))
    view_box.sigRangeChangedManually.emit(view_box.state["mouseEnabled"])
    zooms["done"] += 1


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
    parser.add_argument(
        "--model", action="store_true", help="four optimizers on a 64-32-10 network (digits)"
    )
    parser.add_argument(
        "--plane",
        action="store_true",
        help="with --model: the loss-landscape tab in front (its plane recomputed as runs go)",
    )
    parser.add_argument(
        "--zoom",
        action="store_true",
        help="the landscape: a notch of the mouse wheel over the map every second, in and out",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="tally the GUI thread's stack inside the long stalls (benchmarks/stall_sampler.py)",
    )
    parser.add_argument(
        "--tune",
        action="store_true",
        help="with --model: a tuning study (Adam and SGD on the same network, one worker a "
        "core) runs while the frames are measured",
    )
    args = parser.parse_args()
    began = time.perf_counter()
    app = QApplication([])
    from optstudio.qt.landscape.landscape_window import LandscapeWindow
    from optstudio.studies.landscape import LandscapeStudy

    settings = QSettings(os.path.join(tempfile.mkdtemp(), "bench.ini"), QSettings.Format.IniFormat)
    if args.model:
        from optstudio.qt.windows import LabWindow
        from optstudio.studies.model import ModelStudy

        state = ModelStudy(
            dataset="digits",
            data_params={"test_fraction": 0.2},
            hidden=(32,),
            activation="relu",
            max_steps=200_000,
            lockstep=not args.free,
        )
        racers = MODEL_RACERS[: max(1, min(args.runs, len(MODEL_RACERS)))]
        for optimizer, hyper in racers:
            state.add_run(optimizer, hyper=hyper, batch_size=64)
        window = LabWindow(state=state, settings=settings)
        what = "a 64-32-10 network on digits, batches of 64"
        if args.plane:
            window.views.setCurrentWidget(window.plane_view)
            what += ", the loss landscape in front"
    else:
        state = LandscapeStudy(loss="rosenbrock", max_steps=100_000_000, lockstep=not args.free)
        racers = RACERS[: max(1, min(args.runs, len(RACERS)))]
        for optimizer, hyper in racers:
            state.add_run(optimizer, hyper=hyper)
        window = LandscapeWindow(state=state, settings=settings)
        what = "rosenbrock"
    window.resize(1600, 950)
    window.show()
    app.processEvents()
    shown = time.perf_counter() - began
    from optstudio.qt.app import spare_the_collector_the_start_up

    spare_the_collector_the_start_up()  # as the studio does once its window is open

    # Warm the kernels before measuring (compiled or loaded from cache).
    window.controls.play_action.trigger()
    deadline = time.perf_counter() + 120
    while (
        time.perf_counter() < deadline
        and any(s.step == 0 for s in window.engine.snapshots().values())
    ) or len(window.engine.snapshots()) < len(racers):
        app.processEvents()
        time.sleep(0.005)
    # The race's first frames make every run's items (paths, curves, legend entries) once:
    # timed here, apart from the race's own stalls below.
    first_frames = window._frames
    first_longest = 0.0
    while window._frames < first_frames + 3 and time.perf_counter() < deadline:
        events_began = time.perf_counter()
        app.processEvents()
        first_longest = max(first_longest, time.perf_counter() - events_began)
        time.sleep(0.005)

    stall = {"longest": 0.0, "over": 0}
    clock = QElapsedTimer()
    clock.start()
    probe = QTimer()
    probe.setInterval(PROBE_MS)

    sampler = None
    if args.profile:
        import threading

        from stall_sampler import StallSampler

        sampler = StallSampler(threading.get_ident())

    def tick() -> None:
        waited = (clock.restart() - PROBE_MS) / 1000
        stall["longest"] = max(stall["longest"], waited)
        stall["over"] += waited > STALL_BAR
        if sampler is not None and waited > 0.01:
            now = time.perf_counter()
            sampler.stall(now - waited - PROBE_MS / 1000, now)

    probe.timeout.connect(tick)
    collections = {"began": 0.0, "full": [], "young": []}

    def collection(phase: str, info: dict) -> None:
        """Python's garbage collections during the measurement, full ones apart."""
        if phase == "start":
            collections["began"] = time.perf_counter()
            return
        took = time.perf_counter() - collections["began"]
        collections["full" if info["generation"] == 2 else "young"].append(took)

    dialog = None
    if args.tune and args.model:
        dialog = window.tuning.open()
        for i in range(dialog.optimizers.count()):
            item = dialog.optimizers.item(i)
            wanted = item.text() in ("adam", "sgd")
            item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)
        dialog.budget.setValue(1000)
        dialog.seeds.setValue(1)
        dialog.steps.setValue(300)
        dialog.sampler.setCurrentText("random")
        dialog.start.click()
        deadline = time.perf_counter() + 60
        while not dialog.trials and time.perf_counter() < deadline:  # the workers are up
            app.processEvents()
            time.sleep(0.01)
        what += ", a tuning study running"
    trials_before = 0 if dialog is None else len(dialog.trials)
    zooms = {"done": 0}
    zoomer = QTimer()
    zoomer.setInterval(1000)
    if args.zoom and not args.model:
        zoomer.timeout.connect(lambda: zoom_once(window.map.getViewBox(), zooms))
        what += ", zoomed with the wheel every second"
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"]) if args.busy else None
    published = {"snapshots": 0}
    window.engine.snapshots_ready.connect(
        lambda: published.__setitem__("snapshots", published["snapshots"] + 1)
    )
    frames_before = window._frames
    steps_before = window.engine.steps_done
    start = time.perf_counter()
    cpu_before = time.process_time()
    clock.restart()
    probe.start()
    zoomer.start() if args.zoom and not args.model else None
    gc.callbacks.append(collection)
    if sampler is not None:
        sampler.start()
    # The window's own event loop (it sleeps when idle), not a loop spinning processEvents,
    # which would take a core and the interpreter's lock from everything else.
    loop = QEventLoop()
    QTimer.singleShot(round(args.seconds * 1000), loop.quit)
    loop.exec()
    elapsed = time.perf_counter() - start
    window_cpu = (time.process_time() - cpu_before) / elapsed
    probe.stop()
    zoomer.stop()
    gc.callbacks.remove(collection)
    if sampler is not None:
        sampler.stop()
    frames = window._frames - frames_before
    trials_done = 0 if dialog is None else len(dialog.trials) - trials_before
    if dialog is not None:
        dialog.close()  # cancels the study; its workers stop
    steps = window.engine.steps_done - steps_before
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    step_counts = [s.step for s in window.engine.snapshots().values()]
    grid = window.engine.view
    window.close()
    alone = engine_alone(state, grid, min(args.seconds, 5.0), window.kind)
    if busy is not None:
        busy.terminate()
        busy.wait()
    print(f"window shown after {shown:.2f} s (QApplication to first paint, warm cache)")
    mode = "free running" if args.free else "in lockstep"
    load = ", one other busy process" if args.busy else ""
    print(f"{len(racers)} runs at full speed, {mode}{load}, for {elapsed:.1f} s on {what}:")
    print(f"  first frames:     {first_longest * 1e3:.0f} ms the longest (the runs' items made)")
    print(f"  frames drawn:     {frames / elapsed:.1f} per second")
    rate = published["snapshots"] / elapsed
    print(f"  snapshots came:   {rate:.1f} per second (a frame can show only what came)")
    longest = stall["longest"] * 1000
    print(f"  longest stall:    {longest:.0f} ms (event loop, beyond a {PROBE_MS} ms probe)")
    over = stall["over"] / elapsed * 60
    print(f"  stalls over {STALL_BAR * 1e3:.0f} ms: {stall['over']} ({over:.1f} a minute)")
    print(f"  window's process: {window_cpu:.0%} of a core (drawing, and reading snapshots)")
    full, young = collections["full"], collections["young"]
    print(
        f"  Python's gc:      {len(full)} full collections (longest "
        f"{max(full, default=0) * 1e3:.0f} ms), {len(young)} young ones (longest "
        f"{max(young, default=0) * 1e3:.1f} ms)"
    )
    print(f"  peak memory:      {peak:.0f} MiB")
    rate = steps / elapsed
    print(f"  engine:           {rate:,.0f} steps per second in all")
    print(
        f"  with no window:   {alone:,.0f} steps per second "
        f"(the window leaves the engine {rate / alone:.0%} of it)"
    )
    print(f"  steps per run:    {min(step_counts):,} to {max(step_counts):,}")
    if args.zoom and not args.model:
        print(f"  zooms:            {zooms['done']} (each a new landscape and contour lines)")
    if args.tune:
        print(f"  tuning study:     {trials_done / elapsed:.1f} trials per second meanwhile")
    if sampler is not None:
        print("\n".join(sampler.report()))


if __name__ == "__main__":
    main()
