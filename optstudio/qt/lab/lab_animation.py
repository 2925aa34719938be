"""An animation of the model lab (`export.animation`): every run at a common step frame by
frame, its curves up to that step and its boundary or predictions from the row recorded there.
The runs' rows are fetched from the engine once, before the first frame."""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QTimer

from ...live.model_engine import model_at_step
from ...live.verdicts import verdicts

ANIMATION_WAIT_MS = 10_000
"""How long an animation waits for the engine to send the runs' parameters."""


class LabAnimation:
    def __init__(self, window: Any) -> None:
        self.window = window
        self.rows: dict = {}
        """The runs' recorded (steps, parameters) while an animation is drawn."""

    def before(self) -> None:
        """The runs' recorded parameters from the engine (waited for: an animation is drawn
        with a progress dialog), and the curves' axes held where the whole runs put them."""
        from PySide6.QtCore import QEventLoop

        arrived: dict = {}
        loop = QEventLoop()

        def keep(trajectories: dict) -> None:
            arrived.update(trajectories)
            loop.quit()

        self.window.engine.trajectories.connect(keep)
        QTimer.singleShot(ANIMATION_WAIT_MS, loop.quit)
        self.window.engine.send_trajectories()
        loop.exec()
        self.window.engine.trajectories.disconnect(keep)
        self.rows = arrived
        for plot in self.window.curves.plots():
            plot.getViewBox().disableAutoRange()

    def after(self) -> None:
        self.rows = {}
        for plot in self.window.curves.plots():
            plot.getViewBox().enableAutoRange()
        self.window.refresh_views()

    def show_at_step(self, snapshots: dict, step: int) -> None:
        """Every run as it was at `step` (an animation's frame: every run at the same step, a
        run that ended before it as it ended): its curves up to that step, and its boundary or
        predictions from the row recorded there."""
        colours = self.window.run_colours()
        visible = {r.run_id: r.visible for r in self.window.state.runs}
        labels = {r.run_id: r.label() for r in self.window.state.runs}
        partial, params, steps = {}, {}, {}
        for run_id, snap in snapshots.items():
            if run_id not in colours:
                continue
            partial[run_id] = model_at_step(snap, step)
            rows = self.rows.get(run_id)
            if rows is not None and len(rows[0]):
                row = max(int(np.searchsorted(rows[0], step, side="right")) - 1, 0)
                params[run_id], steps[run_id] = rows[1][row], int(rows[0][row])
        self.window.curves.update_curves(partial, colours, visible, labels)
        if self.window.probe is not None and params:
            result = verdicts(self.window.probe, params, lambda: False, steps)
            if result is not None:
                self.window.drawing.show_verdicts(result)
