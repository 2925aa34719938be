"""Each step explained: the timeline, the arrows on the map and the step panel, kept together.

The explanation of a step is computed by replaying the selected run to that step in a worker
thread (the engine's runs are never touched from here) and asking the engine to explain its
next step; only the newest request is shown. While runs play fast, nothing is replayed: the
panel asks the lecturer to pause or step.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from superqt.utils import thread_worker

from ...engine.explain import StepExplanation, explain_next_step
from ...io.session import RunProgress, replay_run
from ...live.snapshots import Snapshot, at_step, progress_until, recorded_step_at
from ...studies.landscape import LandscapeStudy
from ...studies.runs import RunEntry
from ..landscape.step_arrows import StepArrows
from .step_panel import StepPanel
from .timeline import Timeline

LIVE_EXPLAIN_SPEED = 50.0
"""Playing at this many steps a second or slower, each step is explained as it happens."""


def explain_at(
    key: tuple, state: LandscapeStudy, entry: RunEntry, progress: RunProgress
) -> tuple[tuple, StepExplanation | str]:
    """Replay a run to `progress.steps` and explain its next step (in a worker thread); at
    the study's step limit there is no next step to explain."""
    if progress.steps >= state.max_steps:
        return key, QCoreApplication.translate(
            "StepExplainer",
            "The run has reached its step limit ({0:,} steps): no step follows. Press Left to "
            "go back through its steps, or raise the limit.",
        ).format(state.max_steps)
    try:
        run = replay_run(state, entry, progress)
        return key, explain_next_step(run)
    except (ValueError, ArithmeticError) as error:
        return key, str(error)


class StepExplainer(QObject):
    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.panel = StepPanel()
        self.dock = window._dock(self.tr("Step"), "step", self.panel)
        window.tabifyDockWidget(window.loss_dock, self.dock)
        window.loss_dock.raise_()
        self.timeline = Timeline(window)
        window.addToolBar(Qt.ToolBarArea.BottomToolBarArea, self.timeline)
        self.arrows = StepArrows(window.map)
        self.enabled = True
        self._requested: tuple | None = None
        self._shown: tuple | None = None
        self.timeline.scrubbed.connect(self._scrubbed)
        self.timeline.live_requested.connect(self.go_live)
        window.controls.play_toggled.connect(self._play_toggled)

    @property
    def scrubbing(self) -> bool:
        return self.timeline.step is not None

    # ----- keys -----
    def back(self) -> None:
        self.timeline.scrub_by(-1)

    def forward(self) -> None:
        """Forward through the history while scrubbing; at its end, a new step."""
        if self.scrubbing and self.timeline.step < self.timeline.extent:
            self.timeline.scrub_by(1)
        else:
            self.timeline.follow_live()
            self.window.controls.step_action.trigger()

    def toggle_panel(self) -> None:
        """Show the step panel, or hide it if it is in sight: a panel tabbed behind another
        counts as visible to Qt, so E brings it forward instead of hiding it."""
        in_sight = self.dock.isVisible() and not self.dock.visibleRegion().isEmpty()
        self.dock.setVisible(not in_sight)
        if not in_sight:
            self.dock.raise_()
            if self.window.presentation.active:  # room for the numbers in large type
                width = self.window.width() // 3
                self.window.resizeDocks([self.dock], [width], Qt.Orientation.Horizontal)

    # ----- each frame -----
    def shown_snapshots(self, snapshots: dict[int, Snapshot]) -> dict[int, Snapshot]:
        """Update the timeline's extent; the snapshots as of the scrubbed step, if any."""
        extent = max((snap.step for snap in snapshots.values()), default=0)
        self.timeline.set_extent(extent)
        if self.scrubbing and self.timeline.step > extent:
            self.timeline.follow_live()
        if not self.scrubbing:
            return snapshots
        return {k: at_step(snap, self.timeline.step) for k, snap in snapshots.items()}

    def update(self, snapshots: dict[int, Snapshot]) -> None:
        """Ask for the selected run's step to be explained, when it changed and may be."""
        window = self.window
        if not self.enabled:
            return
        run_id = window.runs_panel.current_id()
        snap = snapshots.get(run_id) if run_id is not None else None
        if snap is None or snap.error:
            self._clear(self.tr("Select a run to see its steps explained."))
            return
        playing = window.controls.play_action.isChecked()
        if playing and window.engine_speed() > LIVE_EXPLAIN_SPEED and not self.scrubbing:
            self._clear(
                self.tr(
                    "Running. Pause (Space) or step (Right) to see the next step explained, "
                    "or drag the timeline below the map."
                )
            )
            return
        entry = window.state.run(run_id)
        # The step whose numbers the table shows (the last recorded row at the timeline's).
        step = recorded_step_at(snap, self.timeline.step) if self.scrubbing else snap.step
        progress = progress_until(snap.progress, step)
        key = (
            run_id,
            step,
            entry.name,
            entry.colour,
            repr(entry.label()),
            repr(progress),
            window.state.loss,
            repr(sorted(window.state.loss_params.items())),
            window.state.start_point,
        )
        if key in (self._requested, self._shown):
            return
        self._requested = key
        state = LandscapeStudy.from_dict(window.state.to_dict())
        worker = thread_worker(explain_at, start_thread=False)(
            key, state, state.run(run_id), progress
        )
        worker.returned.connect(self._show)
        worker.start()

    def _show(self, result: tuple[tuple, StepExplanation | str]) -> None:
        key, explanation = result
        if key != self._requested:
            return
        self._shown = key
        if isinstance(explanation, str):
            self._clear(explanation)
            self._shown = key
            return
        entry = self.window.state.run(key[0]) if key[0] in self._ids() else None
        if entry is None:
            return
        colour = self.window.run_colours().get(entry.run_id, entry.colour)
        self.panel.show_explanation(explanation, entry.name, colour)
        self.arrows.show(explanation.theta, list(explanation.arrows), explanation.probes, colour)

    def redraw(self) -> None:
        """Explain the step again on the next frame (after a change of colours or sizes)."""
        self._requested = self._shown = None
        self.window._dirty = True

    def _ids(self) -> set[int]:
        return {r.run_id for r in self.window.state.runs}

    def _clear(self, message: str) -> None:
        self._requested = self._shown = None
        if self.panel.explanation is not None or self.panel.title.text() != message:
            self.panel.show_message(message)
        self.arrows.clear()

    def _scrubbed(self, _step: int) -> None:
        window = self.window
        if window.controls.play_action.isChecked():
            window.controls.play_action.trigger()
        window._dirty = True

    def go_live(self) -> None:
        self.timeline.follow_live()
        self.window._dirty = True

    def _play_toggled(self, playing: bool) -> None:
        if playing and self.scrubbing:
            self.timeline.follow_live()
        self.window._dirty = True
