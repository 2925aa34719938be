"""What the model lab asks its drawing process for, and when: each run's boundary or
predictions once it has moved (at most every VERDICT_SECONDS), the loss-landscape plane while
a landscape tab shows (at most every PLANE_SECONDS, longer after a slow one), and, with the
timeline on an earlier step, the runs' rows there from the engine first. Answers for an
earlier study are dropped (its generation); the views only draw what comes back."""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from ...live.verdicts import Verdicts

VERDICT_SECONDS = 0.1
"""The boundaries and predictions are recomputed at most this often while runs move."""
PLANE_SECONDS = 1.5
"""The loss-landscape plane is recomputed at most this often while runs move (a grid of
3,600 passes over the training set)."""
PLANE_DUTY = 3.0
"""A plane that took t seconds is asked for again after PLANE_DUTY * t at the soonest: the
drawing process keeps a third of a core at most."""
PLANE_RESOLUTION = 60


def _verdict_key(snapshots: dict) -> tuple:
    """What a verdict is computed from: each run and the row its parameters come from."""
    return tuple((k, s.step, len(s.steps)) for k, s in snapshots.items())


class LabDrawing:
    """The drawing requests of one lab window (`window`), and what came back."""

    def __init__(self, window: Any) -> None:
        self.window = window
        self.verdicts = Verdicts()
        """The boundaries or predictions drawn now."""
        self.shown_verdicts: tuple = ()
        """Which snapshots the boundaries or predictions on screen belong to."""
        self._verdict_time = 0.0
        self._verdict_key: tuple = ()
        self._plane_time = 0.0
        self._plane_key: tuple = ()
        self._until: dict[int, int] | None = None
        """The rows last asked of the engine for the timeline's step (run id: step)."""
        self._plane_seconds = 0.0
        """How long the last plane took to compute (the next waits PLANE_DUTY times that)."""

    def forget(self) -> None:
        """A new study: what was asked and drawn for the old one is asked for again."""
        self.verdicts = Verdicts()
        self._verdict_key = self._plane_key = self.shown_verdicts = ()
        self._until = None

    def now(self) -> None:
        """The next frame asks at once (a refresh)."""
        self._verdict_time = 0.0

    def verdicts_arrived(self, key: tuple, verdicts: Verdicts) -> None:
        self.shown_verdicts = key
        self.show_verdicts(verdicts)

    def live_snapshots(self) -> dict:
        """The snapshot of each run of the study that could be built, in its order, as the
        timeline shows it (the latest, unless the timeline is on an earlier step)."""
        snapshots = self.window.timeline.shown(self.window.engine.snapshots())
        return {
            r.run_id: snapshots[r.run_id]
            for r in self.window.state.runs
            if r.run_id in snapshots and snapshots[r.run_id].error is None
        }

    def redraw(self) -> None:
        """Draw again what came back (in new colours or sizes, for another selected run)."""
        self.show_verdicts(self.verdicts)

    def plane_took(self, seconds: float) -> None:
        self._plane_seconds = seconds

    def ask_for_verdicts(self) -> None:
        """The runs' boundaries or predictions, recomputed in the worker when a run moved."""
        if self.window.probe is None:
            self.window._dirty = True
            return
        live = self.live_snapshots()
        key = _verdict_key(live)
        if key == self._verdict_key:
            return
        now = time.perf_counter()
        if now - self._verdict_time < VERDICT_SECONDS:
            self.window._dirty = True
            return
        self._verdict_time = now
        self._verdict_key = key
        if (
            self.window.timeline.step is not None
        ):  # the rows at the timeline's step, from the engine
            self._until = None  # asked again: the runs' rows may have moved on since
            self._ask_for_rows({k: s.step for k, s in live.items()})
            return
        params = {k: s.params for k, s in live.items()}
        self.submit_verdicts(key, params, {k: s.step for k, s in live.items()})

    def submit_verdicts(self, key: tuple, params: dict, steps: dict[int, int]) -> None:
        self._ask("verdicts", "draw_verdicts", key, params=params, steps=steps)

    def _ask(self, kind: str, job: str, tag: Any, **args: Any) -> None:
        """A drawing job on the study shown: through its probe (kept in the drawing process),
        tagged with the study's generation (an answer for an earlier study is dropped)."""
        tag = (tag, self.window._study_generation)
        self.window.lab.submit(kind, job, key=self.window._probe_key, tag=tag, **args)

    def _ask_for_rows(self, until: dict[int, int]) -> None:
        """The runs' rows up to the timeline's step (`_trajectories_arrived` draws them)."""
        if until != self._until:
            self._until = until
            self.window.engine.send_trajectories(until)

    def show_verdicts(self, result: Verdicts) -> None:
        """Draw the runs' boundaries or predictions, each titled with the step its parameters
        were recorded at."""
        self.verdicts = result
        if self.window.probe is None:
            return
        names = {r.run_id: r.name for r in self.window.state.runs}
        steps = result.steps
        order = [r.run_id for r in self.window.state.runs if r.visible]
        selected = self.window.runs_panel.current_id()
        data = self.window.probe.data
        units = selected if selected in result.units else next(iter(result.units), None)
        self.window.network.show_units(
            result.units.get(units) if units is not None else None,
            units,
            names.get(units, ""),
            steps.get(units, 0),
        )
        if data.points_train is not None:
            surfaces = {k: result.surfaces[k] for k in order if k in result.surfaces}
            self.window.boundary.show_surfaces(
                surfaces, selected, names, self.window.run_colours(), steps
            )
        elif data.task != "regression":
            predicted = {k: result.predicted[k] for k in order if k in result.predicted}
            self.window.digits.show_verdict(data, predicted, result.counts, selected, names, steps)

    def ask_for_plane(self, force: bool = False) -> None:
        """While a landscape tab shows, the plane follows the runs (at most every
        PLANE_SECONDS): the engine sends their recorded parameters, the worker computes."""
        if self.window.views.currentWidget() not in (
            self.window.plane_view,
            self.window.plane_surface,
        ):
            return
        if self.window.probe is None:
            return
        if (
            self.window.timeline.step is not None
        ):  # the plane of the paths up to the timeline's step
            live = self.live_snapshots()
            until = {k: s.step for k, s in live.items()}
            key = (self.window.plane_view.method_name, "until", tuple(until.items()))
            if force or key != self._plane_key:
                self._plane_key = key
                self._until = None  # asked again: the answer draws the plane too
                self._ask_for_rows(until)
            return
        snapshots = self.window.engine.snapshots()
        key = (
            self.window.plane_view.method_name,
            tuple((r.run_id, snapshots[r.run_id].step) for r in self.window.state.runs
                  if r.run_id in snapshots and r.visible),
        )  # fmt: skip
        now = time.perf_counter()
        # a plane that took long waits longer: the worker keeps a third of a core at most
        interval = max(PLANE_SECONDS, PLANE_DUTY * self._plane_seconds)
        if not force and (key == self._plane_key or now - self._plane_time < interval):
            if key != self._plane_key:
                self.window._dirty = True  # ask again once the interval has passed
            return
        self._plane_key, self._plane_time = key, now
        self.window.engine.send_trajectories()

    def trajectories_arrived(self, trajectories: dict, until: dict | None = None) -> None:
        if until is not None:
            self._rows_arrived(trajectories, until)
            return
        if self.window.timeline.step is not None:
            return  # the whole runs: the timeline shows an earlier step
        self._compute_plane(trajectories)

    def _rows_arrived(self, trajectories: dict, until: dict) -> None:
        """The runs' rows up to the timeline's step: each run's boundary or predictions from
        its row there, and the plane of the paths up to it."""
        if until != self._until or self.window.timeline.step is None or self.window.probe is None:
            return  # asked for an earlier step, or the runs are followed live again
        rows = {k: v for k, v in trajectories.items() if len(v[0])}
        if any(np.shape(v[1])[1:] != (self.window.probe.network.n_params,) for v in rows.values()):
            return  # the engine's rows of the runs before a change of network or data
        params = {k: v[1][-1] for k, v in rows.items()}
        steps = {k: int(v[0][-1]) for k, v in rows.items()}
        self.submit_verdicts(self._verdict_key, params, steps)
        if self.window.views.currentWidget() in (self.window.plane_view, self.window.plane_surface):
            self._compute_plane(rows)

    def _compute_plane(self, trajectories: dict) -> None:
        order = [
            r.run_id
            for r in self.window.state.runs
            if r.visible and r.run_id in trajectories and len(trajectories[r.run_id][1]) >= 2
        ]
        if not order or self.window.probe is None:
            return
        probe, method = self.window.probe, self.window.plane_view.method_name
        paths = [trajectories[k][1] for k in order]
        if any(np.shape(path)[1:] != (probe.network.n_params,) for path in paths):
            return  # the engine's rows of the runs before a change of network or data
        self._ask("plane", "draw_plane", order, paths=paths, method=method,
                          resolution=PLANE_RESOLUTION, seed=self.window.state.seed)  # fmt: skip

    def ready(self) -> bool:
        """The boundaries or predictions shown are those of the runs' latest snapshots (figures
        and tests wait for it; it asks for them if they are not)."""
        self.window._draw()
        if self.window.probe is None or not self.window.lab.idle():
            return False
        if self.shown_verdicts != _verdict_key(self.live_snapshots()):
            self._verdict_time = 0.0
            self.window._dirty = True
            return False
        return True
