"""The envelope of a growing series: every chunk's lowest and highest value kept, at any
length, however the series grew, looking only at what was added."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from optstudio.live.envelope import Envelope


def reference(values: np.ndarray, limit: int) -> np.ndarray:
    """Brute force: chunks of the smallest power of two that makes at most limit / 2 whole
    ones; each one's first lowest and first highest finite value (its start if it has none);
    the unfinished chunk's; the first and the last."""
    n = len(values)
    if n <= limit:
        return np.arange(n)
    chunk = 1
    while n // chunk > limit // 2:
        chunk *= 2
    kept = {0, n - 1}
    for start in range(0, n, chunk):
        part = values[start : start + chunk]
        finite = np.isfinite(part)
        whole = len(part) == chunk
        if not finite.any():
            if whole:
                kept.add(start)
            continue
        kept.add(start + int(np.argmin(np.where(finite, part, np.inf))))
        kept.add(start + int(np.argmax(np.where(finite, part, -np.inf))))
    return np.array(sorted(kept))


series = st.lists(
    st.one_of(st.floats(-1e6, 1e6), st.sampled_from([np.inf, np.nan, 0.0, 1.0])),
    min_size=0,
    max_size=700,
)


@settings(max_examples=150, deadline=None)
@given(series, st.integers(4, 64), st.lists(st.integers(1, 200), max_size=8))
def test_growing_and_at_once_keep_the_same_extremes(values, limit, growth):
    values = np.array(values, dtype=np.float64)
    expected = reference(values, limit)
    at_once = Envelope(limit).indices(values)
    np.testing.assert_array_equal(at_once, expected)
    grown = Envelope(limit)
    end = 0
    for step in growth:
        end = min(end + step, len(values))
        np.testing.assert_array_equal(grown.indices(values[:end]), reference(values[:end], limit))
    np.testing.assert_array_equal(grown.indices(values), expected)
    assert len(expected) <= limit + 4


def test_every_spike_of_a_million_steps_is_kept_in_twelve_hundred_points():
    rng = np.random.default_rng(0)
    values = rng.normal(size=1_000_000)
    spikes = rng.choice(len(values), 50, replace=False)
    values[spikes] = 100.0
    kept = Envelope(1200).indices(values)
    assert len(kept) <= 1204
    chunk = 2048  # the smallest power of two with at most 600 whole chunks
    peaks = {k // chunk for k in kept if values[k] == 100.0}
    assert {s // chunk for s in spikes} <= peaks  # every spike's height, where it was


def test_a_series_that_got_shorter_starts_again():
    envelope = Envelope(8)
    envelope.indices(np.arange(100.0))
    np.testing.assert_array_equal(
        envelope.indices(np.arange(20.0)[::-1]), reference(np.arange(20.0)[::-1], 8)
    )
