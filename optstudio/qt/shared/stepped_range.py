"""A plot's automatic range that moves in steps, for curves that grow while a race runs.

pyqtgraph fits an auto-ranged plot to its data whenever the data change: a loss curve that
gains a step each frame moved the plot's range each frame, and each move laid out and drew its
axes and grid again. In the model lab that was a third of a core (four runs on digits: the
window at 100 % of a core and 47-52 frames a second; with the curves' ranges held still, 71-73 %
and 60). Here the fitted range is widened to the next round value, so that it moves only when
the data outgrow it: steps to 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten, a
log axis to quarter decades, a linear axis to a fifth of the power of ten its span
reaches. Every point stays inside the frame; only the margins round up.
"""

from __future__ import annotations

import math

import pyqtgraph as pg

ROUND_MANTISSAS = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)
SLACK = 0.02
"""A bound this little (of the span) past a round value keeps it: the bounds include the
pens' width (a race of 500 steps reached 501.6 and was framed to 600); the plot's own padding
shows what is past it."""
LOG_STEP = 0.25
"""A log axis's bounds round out to quarter decades (values are log10 there)."""
LINEAR_STEPS = 5
"""A linear axis's bounds round out to multiples of 1/5 of the power of ten of its span."""


def round_up(value: float) -> float:
    """The smallest of ROUND_MANTISSAS times a power of ten that is at least `value`; a value
    that has none (0, subnormal, not finite) stays as it is."""
    if not value > 0.0 or not math.isfinite(value):
        return value
    power = 10.0 ** math.floor(math.log10(value))
    if power == 0.0:  # a subnormal value: its power of ten underflows
        return value
    mantissa = value / power
    for candidate in ROUND_MANTISSAS:
        if candidate >= mantissa * (1 - 1e-12):
            return candidate * power
    return 10.0 * power


def rounded_out(low: float, high: float, log: bool) -> tuple[float, float]:
    """[low, high] widened to round bounds (see the module's docstring)."""
    if not (math.isfinite(low) and math.isfinite(high)) or high < low:
        return low, high
    if log:
        return _multiple_below(low, LOG_STEP), _multiple_above(high, LOG_STEP)
    if high > 0.0 and low <= high * 0.5:
        # from 0 (steps, mostly): the high end rounds up, and a pen's width either side of a
        # round value or of 0 keeps it (the pen's width in data units shrinks as the range
        # grows: followed, it moved the frame every frame)
        top = round_up(high / (1.0 + SLACK))
        if low < -SLACK * top:
            return -round_up(-low / (1.0 + SLACK)), top
        return (0.0 if low <= 0.0 else _down(low, top)), top
    span = high - low
    if span <= 0.0:
        return low, high
    step = 10.0 ** math.floor(math.log10(span)) / LINEAR_STEPS
    return _multiple_below(low, step), _multiple_above(high, step)


def _down(low: float, high: float) -> float:
    """A round value at or below `low` (0 <= low <= high / 2): a fifth of high's power of
    ten, so that a curve starting off zero keeps its start in the frame."""
    step = 10.0 ** math.floor(math.log10(high)) / LINEAR_STEPS
    return _multiple_below(low, step)


def _multiple_below(value: float, step: float) -> float:
    """The largest multiple of `step` at or below `value` (a product that rounds past it
    steps back); the value itself where the step underflowed to 0 (a subnormal span)."""
    if not step > 0.0:
        return value
    below = math.floor(value / step) * step
    return below - step if below > value else below


def _multiple_above(value: float, step: float) -> float:
    """The smallest multiple of `step` at or above `value` (the value itself, as above, where
    the step underflowed)."""
    if not step > 0.0:
        return value
    above = math.ceil(value / step) * step
    return above + step if above < value else above


class SteppedViewBox(pg.ViewBox):
    """A ViewBox whose automatic range is its data's bounds rounded out (`rounded_out`)."""

    def childrenBounds(self, frac=None, orthoRange=(None, None), items=None):
        bounds = super().childrenBounds(frac=frac, orthoRange=orthoRange, items=items)
        log_modes = self.state.get("logMode", [False, False])
        for axis in (0, 1):
            pair = bounds[axis]
            if pair is None or pair[0] is None or pair[1] is None:
                continue
            bounds[axis] = list(rounded_out(float(pair[0]), float(pair[1]), bool(log_modes[axis])))
        return bounds
