"""The model lab's timeline: Left, Right, End and the slider step through the runs' recorded
rows, as in the landscape window, and every view shows the step chosen.

A model run records a row every few steps (its curves keep at most CURVE_POINTS of them), so
Left and Right go to the previous or next step at which some run has a row, and each run is
shown at its last row at or before the timeline's step: the table, the curves, the boundary
and the plane all name that row's step, never a later one's numbers.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Qt

from ...live.model_engine import ModelSnapshot, model_at_step
from ..lecture.timeline import Timeline


class LabTimeline(QObject):
    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.bar = Timeline(window)
        self.bar.back.setToolTip(self.tr("Back to the previous recorded step (Left)"))
        self.bar.forward.setToolTip(self.tr("On to the next recorded step (Right)"))
        window.addToolBar(Qt.ToolBarArea.BottomToolBarArea, self.bar)
        self.bar.snap = self._recorded_at_or_before
        self.bar.scrubbed.connect(self._scrubbed)
        self.bar.live_requested.connect(self.go_live)
        window.controls.play_toggled.connect(self._play_toggled)

    @property
    def step(self) -> int | None:
        """The step shown, or None while the runs are followed live."""
        return self.bar.step

    def shown(self, snapshots: dict[int, ModelSnapshot]) -> dict[int, ModelSnapshot]:
        """Each run as the timeline shows it (`model_at_step`), the timeline's extent updated."""
        extent = max((s.step for s in snapshots.values() if s.error is None), default=0)
        self.bar.set_extent(extent)
        if self.step is not None and self.step > extent:
            self.bar.follow_live()
        if self.step is None:
            return snapshots
        return {
            k: s if s.error is not None else model_at_step(s, self.step)
            for k, s in snapshots.items()
        }

    def _recorded(self) -> np.ndarray:
        """Every step at which a run has a row in its snapshot, sorted (gathered when a key
        asks for it, not every frame)."""
        snapshots = self.window.engine.snapshots().values()
        rows = [s.steps for s in snapshots if s.error is None and len(s.steps)]
        return np.unique(np.concatenate(rows)) if rows else np.zeros(0, dtype=np.int64)

    def _recorded_at_or_before(self, step: int) -> int:
        """A dragged slider lands on the last recorded step at or before it: the step the
        table, curves and boundary then show, so the timeline's label names the same one."""
        recorded = self._recorded()
        earlier = recorded[recorded <= step]
        return int(earlier[-1]) if len(earlier) else 0

    # ----- keys -----
    def back(self) -> None:
        current = self.bar.extent if self.step is None else self.step
        recorded = self._recorded()
        earlier = recorded[recorded < current]
        self.bar.scrub_to(int(earlier[-1]) if len(earlier) else 0)

    def forward(self) -> None:
        """On through the history while scrubbing; at its end, a new step."""
        if self.step is not None and self.step < self.bar.extent:
            recorded = self._recorded()
            later = recorded[recorded > self.step]
            self.bar.scrub_to(int(later[0]) if len(later) else self.bar.extent)
        else:
            self.bar.follow_live()
            self.window.controls.step_action.trigger()

    def go_live(self) -> None:
        self.bar.follow_live()
        self.window.refresh_views()

    def toggle(self) -> None:
        """E: show or hide the timeline (the lab has no step panel: the table is its numbers)."""
        self.bar.setVisible(not self.bar.isVisible())

    # ----- what moves it -----
    def _scrubbed(self, _step: int) -> None:
        controls = self.window.controls
        if controls.play_action.isChecked():
            controls.play_action.trigger()
        self.window.refresh_views()

    def _play_toggled(self, playing: bool) -> None:
        if playing and self.step is not None:
            self.bar.follow_live()
        self.window.refresh_views()
