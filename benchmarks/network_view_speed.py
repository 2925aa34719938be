"""What a frame of the lab's network view costs on the window's thread: colouring every unit's
map into the view's image, the links, and painting the widget, for the Playground's 2-8-8-1
network and for the lab's largest (six hidden layers of 64 units). The maps themselves are
computed in the lab's drawing process; their cost is printed beside, for reference.

    QT_QPA_PLATFORM=offscreen python benchmarks/network_view_speed.py [--frames N]

Prints figures; asserts nothing (compare the two networks measured in one run).
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

import optstudio
from optstudio.engine.models.unit_maps import unit_maps
from optstudio.qt.lab.network_view import NetworkView


def frame_times(view: NetworkView, maps_by_step: list, app: QApplication) -> np.ndarray:
    times = []
    for k, maps in enumerate(maps_by_step):
        began = time.perf_counter()
        view.show_units(maps, 1, "Adam", k)
        app.processEvents()  # the views paint what changed, once each, as a frame does
        times.append(time.perf_counter() - began)
    return np.array(times[2:])  # the first frames build the items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=60)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    print(f"load average {os.getloadavg()[0]:.2f}; {args.frames} frames each")
    print(f"{'network':>24s} {'maps (drawing process)':>24s} {'frame median':>13s} {'p95':>8s}")
    for hidden in ((8, 8), (64,) * 6):
        run = optstudio.train("circle", "adam", hidden=hidden, steps=args.frames, lr=0.01)
        rows = [run.params[min(k, len(run.params) - 1)] for k in range(args.frames)]
        began = time.perf_counter()
        maps = [unit_maps(run.network, run.data, p) for p in rows]
        per_map = (time.perf_counter() - began) / len(rows)
        view = NetworkView()
        view.resize(700, 800)
        view.show()
        times = frame_times(view, maps, app)
        name = "-".join(map(str, run.network.sizes))
        print(
            f"{name:>24s} {per_map * 1e3:21.1f} ms {np.median(times) * 1e3:10.1f} ms "
            f"{np.percentile(times, 95) * 1e3:5.1f} ms"
        )
        view.close()


if __name__ == "__main__":
    main()
