"""A symmetric log scale for losses with no known minimum.

Where a loss's minimum is unknown (a saddle, a formula of the user's), its gap to the minimum
cannot be drawn, and the loss itself may go below zero: a log axis would floor every negative
loss and draw a diverging run as converged. The symmetric log scale

    t(v) = sign(v) · log10(1 + |v| / c)

is linear near zero (|v| ≪ c), logarithmic far from it, and shows negatives as negatives. Its
axis labels the values v, not t.
"""

from __future__ import annotations

import math

import numpy as np

from ..shared.aligned_axes import AlignedAxis

LINEAR_WIDTH = 1.0
"""c: the half-width of the nearly linear part around zero."""


def symlog(values: np.ndarray | float, c: float = LINEAR_WIDTH) -> np.ndarray:
    values = np.asarray(values, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        return np.sign(values) * np.log10(1.0 + np.abs(values) / c)


def symlog_inverse(scaled: np.ndarray | float, c: float = LINEAR_WIDTH) -> np.ndarray:
    scaled = np.asarray(scaled, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        return np.sign(scaled) * c * (10.0 ** np.abs(scaled) - 1.0)


def _candidates(low: float, high: float, mantissas: tuple[float, ...]) -> list[float]:
    """0 and ±m·10^k within [low, high]."""
    span = max(abs(low), abs(high), 1e-300)
    top = math.ceil(math.log10(span)) + 1
    values = {0.0}
    for k in range(top - 30, top + 1):
        for m in mantissas:
            values.update((m * 10.0**k, -m * 10.0**k))
    return sorted(v for v in values if low <= v <= high)


def tick_values(low: float, high: float, most: int) -> list[float]:
    """Round values to label on [low, high] (in the loss's own units), at most `most` of them:
    powers of ten and zero where the range spans decades, 1, 2 and 5 of each decade where it
    spans fewer, and evenly spaced round values where it is narrow."""
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        return []
    most = max(most, 2)
    for mantissas in ((1.0,), (1.0, 2.0, 5.0)):
        ticks = _candidates(low, high, mantissas)
        # Keep labels apart in t: within the linear part, small powers crowd at zero.
        ticks = _spread(ticks)
        if 3 <= len(ticks) <= most:
            return ticks
        if len(ticks) > most:
            step = math.ceil(len(ticks) / most)
            centre = ticks.index(0.0) if 0.0 in ticks else 0
            return [v for i, v in enumerate(ticks) if (i - centre) % step == 0]
    spacing = 10.0 ** math.floor(math.log10((high - low) / 2))
    for factor in (1.0, 2.0, 5.0, 10.0, 20.0, 50.0):
        step = spacing * factor
        if math.floor(high / step) - math.ceil(low / step) + 1 <= most:
            break
    first, last = math.ceil(low / step), math.floor(high / step)
    return [round(k * step, 12) for k in range(first, last + 1)]


def _spread(ticks: list[float]) -> list[float]:
    """Drops values whose scaled positions sit within a tenth of a decade of a kept one."""
    kept: list[float] = []
    for value in sorted(ticks, key=abs):
        position = float(symlog(value))
        if all(abs(position - float(symlog(other))) >= 0.1 for other in kept):
            kept.append(value)
    return sorted(kept)


def tick_text(value: float) -> str:
    """A tick's value as a student reads it: 0.5, -20, 1e+06."""
    if value == 0:
        return "0"
    return f"{value:.6g}" if 1e-4 <= abs(value) < 1e5 else f"{value:.0e}"


class SymlogAxis(AlignedAxis):
    """An axis whose view coordinates are symlog(v) and whose labels are v. Off (`scaled =
    False`), it behaves as pyqtgraph's own."""

    def __init__(self, orientation: str, **kwargs) -> None:
        super().__init__(orientation, **kwargs)
        self.scaled = False

    def tickValues(self, minVal: float, maxVal: float, size: float):
        if not self.scaled:
            return super().tickValues(minVal, maxVal, size)
        low, high = (float(v) for v in symlog_inverse(np.array([minVal, maxVal])))
        most = max(2, int(size // 28))
        ticks = tick_values(low, high, most)
        return [(1.0, [float(symlog(v)) for v in ticks])]

    def tickStrings(self, values, scale, spacing):
        if not self.scaled:
            return super().tickStrings(values, scale, spacing)
        return [tick_text(_rounded(float(symlog_inverse(v)))) for v in values]


def _rounded(value: float) -> float:
    """The round value a tick was placed at, before symlog's round trip blurred it."""
    if value == 0 or not math.isfinite(value):
        return value
    return float(f"{value:.10g}")
