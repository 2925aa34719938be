"""The tuning views as trials arrive: each new trial redraws the points, the history and the
comparison, and sets the axes' labels and log mode only when they change (each set sized its
axis and laid its plot out again, in stalls of 50-60 ms while a study ran beside a race)."""

from __future__ import annotations

import pyqtgraph as pg

from optstudio.qt.lab.tuning_views import TuningViews
from optstudio.qt.shared.themes import LIGHT
from optstudio.tuning.space import parse_space
from optstudio.tuning.study import TrialResult, TuningPlan


def trial(number: int, lr: float, loss: float) -> TrialResult:
    seeds = {0: {"final_test_loss": loss, "status": "finished"}}
    return TrialResult("adam", number, {"lr": lr}, seeds, value=loss, spread=0.0)


def test_an_arriving_trial_is_drawn_and_sets_no_axis_again(qtbot, monkeypatch):
    views = TuningViews(LIGHT)
    qtbot.addWidget(views)
    views.resize(900, 600)
    views.show()
    space = parse_space("lr=1e-4:1:log", ("lr",))
    plan = TuningPlan(base={"dataset": "circle"}, spaces={"adam": space}, trials=10, seeds=1,
                      sampler="random", with_defaults=False)  # fmt: skip
    trials = [trial(0, 0.01, 0.5), trial(1, 0.1, 0.3)]
    views.show_trials(plan, trials)
    assert views.scatter.getAxis("bottom").labelText == "lr"
    assert views.scatter.getAxis("left").labelText == "final test loss"
    assert views.scatter.getAxis("bottom").logMode
    sets = []

    def counted(name):
        real = getattr(pg.PlotItem, name)

        def call(self, *args, **kwargs):
            sets.append(name)
            return real(self, *args, **kwargs)

        return call

    for name in ("setLabel", "setLogMode"):
        monkeypatch.setattr(pg.PlotItem, name, counted(name))
    trials.append(trial(2, 0.001, 0.2))  # a new best: the comparison is drawn again
    views.show_trials(plan, trials)
    assert sets == [], "an arriving trial set the axes again"
    _, points = views._points["adam"]
    assert sorted(points.getData()[1].tolist()) == [0.2, 0.3, 0.5]
    xs, ys = views._lines["adam"].getData()
    assert xs.tolist() == [1, 2, 3] and ys.tolist() == [0.5, 0.3, 0.2]
    assert views.scatter.getAxis("bottom").labelText == "lr"
