"""What a plot's grid costs each repaint: the same 700 x 400 plot (a curve of 100 points) with
no grid, pyqtgraph's translucent grid, and the studio's solid one (`qt/shared/solid_grid`),
each repainted 200 times; and the tuning views redrawn as trials arrive (60 trials, two
optimizers, three seeds), the window's share of a redraw split into building and painting.

    QT_QPA_PLATFORM=offscreen python benchmarks/grid_paint.py

Prints figures; asserts nothing. Compare the figures of one run: these machines are shared.
"""

from __future__ import annotations

import os
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QApplication

REPAINTS = 200
TRIALS = 60


def repaint_ms(app: QApplication, grid: str) -> float:
    from optstudio.qt.shared.solid_grid import GRID_ALPHA, solid_axes, solid_grid

    plot = pg.PlotWidget(background="#101418", axisItems=solid_axes() if grid == "solid" else None)
    plot.resize(700, 400)
    if grid == "solid":
        solid_grid(plot)
    elif grid == "translucent":
        plot.showGrid(x=True, y=True, alpha=GRID_ALPHA)
    plot.plot(np.arange(100), np.sin(np.arange(100) / 10))
    plot.show()
    app.processEvents()
    began = time.perf_counter()
    for _ in range(REPAINTS):
        plot.viewport().repaint()
    took = (time.perf_counter() - began) / REPAINTS
    plot.close()
    return took * 1e3


def tuning_redraw_ms(app: QApplication) -> tuple[float, float]:
    from optstudio.qt.lab.tuning_views import TuningViews
    from optstudio.qt.shared.themes import LIGHT
    from optstudio.tuning.space import parse_space
    from optstudio.tuning.study import DEFAULTS_TRIAL, TrialResult, TuningPlan

    rng = np.random.default_rng(0)
    views = TuningViews(LIGHT)
    views.resize(1100, 850)
    views.show()
    space = parse_space("lr=1e-4:1:log", ("lr",))
    plan = TuningPlan(base={"dataset": "digits", "hidden": (32,), "steps": 300},
                      spaces={"adam": space, "sgd": space}, trials=1000, seeds=3,
                      sampler="random")  # fmt: skip

    def trial(optimizer: str, number: int, values: dict, loss: float) -> TrialResult:
        seeds = {s: {"final_test_loss": loss + 0.01 * s, "status": "finished"} for s in range(3)}
        return TrialResult(optimizer, number, values, seeds, value=loss + 0.01, spread=0.01)

    trials = [trial("adam", DEFAULTS_TRIAL, {}, 0.5), trial("sgd", DEFAULTS_TRIAL, {}, 0.6)]
    views.show_trials(plan, trials)
    app.processEvents()
    build = paint = 0.0
    best = 1.0
    for n in range(TRIALS):
        loss = best * 0.98 if n % 3 == 0 else float(rng.uniform(0.3, 1.0))  # a third are bests
        best = min(best, loss)
        lr = float(10 ** rng.uniform(-4, 0))
        trials.append(trial("adam" if n % 2 else "sgd", n, {"lr": lr}, loss))
        began = time.perf_counter()
        views.show_trials(plan, trials)
        built = time.perf_counter()
        app.processEvents()
        build += built - began
        paint += time.perf_counter() - built
    views.close()
    return build / TRIALS * 1e3, paint / TRIALS * 1e3


def main() -> None:
    app = QApplication.instance() or QApplication([])
    print(f"load average {os.getloadavg()[0]:.2f} at the start")
    for grid in ("none", "translucent", "solid"):
        print(f"a 700 x 400 plot, grid {grid:<11}: {repaint_ms(app, grid):6.2f} ms a repaint")
    build, paint = tuning_redraw_ms(app)
    print(f"tuning views, a trial arriving: {build:.1f} ms building, {paint:.1f} ms painting")


if __name__ == "__main__":
    main()
