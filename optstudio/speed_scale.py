"""The speeds a studio plays at: one step a second to about a million, then full speed.

One scale for the speed control (a slider position per speed) and for the scenarios, which
store the pace they are meant to be watched at as a speed the control can show.
"""

from __future__ import annotations

import math

SPEED_STEPS = 60
"""Slider positions: 10^(position/10) steps a second, 1 to about 10^6; the last is full speed."""


def speed_at(position: int) -> float:
    return math.inf if position >= SPEED_STEPS else 10 ** (position / 10)


def position_of(speed: float) -> int:
    """The slider position nearest to `speed` steps a second (full speed for inf)."""
    if math.isinf(speed):
        return SPEED_STEPS
    return max(0, min(SPEED_STEPS - 1, round(10 * math.log10(max(speed, 1.0)))))


def nearest_speed(speed: float) -> float:
    """The speed on the scale nearest to `speed`."""
    return speed_at(position_of(speed))
