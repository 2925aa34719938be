"""Left axes as wide as the widest of their column: plots stacked with their x axes linked
show a step at the same place only if their plot areas start at the same place.

pyqtgraph lines linked views up pixel for pixel from where each view starts on screen. The
lab's loss axis (log ticks) was 15 pixels wider than the accuracy axis below it, so a step
stood at two places in the two plots; and since neither axis goes left of step 0, the views
could not line up at all and took different ranges, the loss plot's cutting off its first
steps beneath its axis after a switch to epochs (a flaky failure of the lab's stateful test).
"""

from __future__ import annotations

from .solid_grid import SolidGridAxis


class AlignedAxis(SolidGridAxis):
    """A vertical axis sized as the widest of its group (`align`): pyqtgraph sizes each axis
    to its own tick labels and label; this takes that width as the axis's own and gives every
    axis of the group the largest."""

    natural_width = 0.0
    """The width pyqtgraph gives this axis alone."""

    def _updateWidth(self) -> None:
        super()._updateWidth()
        self.natural_width = self.maximumWidth()
        group = getattr(self, "aligned_with", None)
        if group is None:  # while pyqtgraph builds it, before `align` (and not `group`: Qt's)
            return
        widest = max(axis.natural_width for axis in group)
        for axis in group:
            if axis.minimumWidth() != widest or axis.maximumWidth() != widest:
                axis.setMaximumWidth(widest)
                axis.setMinimumWidth(widest)
                axis.picture = None


def align(*axes: AlignedAxis) -> None:
    """Size these axes as one group from now on."""
    group = list(axes)
    for axis in group:
        axis.aligned_with = group
    for axis in group:
        axis._updateWidth()
