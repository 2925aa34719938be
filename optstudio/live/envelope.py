"""The envelope of a growing series, kept as it grows: a mini-batch run's loss of every step
drawn at any length with every spike's height, at a cost per snapshot that does not grow with
the run.

The series is cut into chunks of equal length (a power of two); each complete chunk keeps the
positions of its lowest and highest values. When there are more than `limit` / 2 chunks, pairs
merge into chunks twice as long, so a snapshot reads at most `limit` + 4 positions and only the
values added since the last one are looked at (amortised). Striding through a noisy curve would
show a smooth one: the noise of stochastic steps is what a lecture on them is about.
"""

from __future__ import annotations

import numpy as np


def _extremes(values: np.ndarray, chunk: int) -> tuple[np.ndarray, np.ndarray]:
    """For consecutive chunks of `chunk` values (len(values) a multiple of it): the positions
    of each chunk's lowest and highest finite value (its first, where it has none)."""
    rows = values.reshape(-1, chunk)
    finite = np.isfinite(rows)
    starts = np.arange(rows.shape[0], dtype=np.int64) * chunk
    lowest = np.where(finite, rows, np.inf).argmin(axis=1)
    highest = np.where(finite, rows, -np.inf).argmax(axis=1)
    return starts + lowest, starts + highest


class Envelope:
    def __init__(self, limit: int) -> None:
        self.limit = max(4, int(limit))
        self._chunk = 1
        self._covered = 0
        """How many leading values the complete chunks hold."""
        self._low = np.zeros(0, dtype=np.int64)
        self._high = np.zeros(0, dtype=np.int64)

    def indices(self, values: np.ndarray) -> np.ndarray:
        """Positions of `values` that keep its envelope, in order: the first and the last,
        each chunk's lowest and highest, and the unfinished chunk's. `values` is the series so
        far: the values already seen must be the same as before (a series that got shorter
        starts the envelope again)."""
        n = len(values)
        if n < self._covered:
            self.__init__(self.limit)  # a new series (the run started again)
        if n <= self.limit:
            return np.arange(n, dtype=np.int64)
        self._add_complete_chunks(values)
        parts = [np.array([0, n - 1], dtype=np.int64), self._low, self._high]
        if self._covered < n:  # the unfinished chunk
            tail = values[self._covered :]
            finite = np.isfinite(tail)
            if finite.any():
                parts.append(
                    self._covered
                    + np.array(
                        [np.where(finite, tail, np.inf).argmin(),
                         np.where(finite, tail, -np.inf).argmax()],
                        dtype=np.int64,
                    )
                )  # fmt: skip
        return np.unique(np.concatenate(parts))

    def _add_complete_chunks(self, values: np.ndarray) -> None:
        n = len(values)
        while True:
            complete = (n - self._covered) // self._chunk
            if complete:
                end = self._covered + complete * self._chunk
                low, high = _extremes(values[self._covered : end], self._chunk)
                self._low = np.concatenate([self._low, self._covered + low])
                self._high = np.concatenate([self._high, self._covered + high])
                self._covered = end
            if len(self._low) <= self.limit // 2:
                return
            self._merge_pairs(values)

    def _merge_pairs(self, values: np.ndarray) -> None:
        """Chunks twice as long: each pair's lower low and higher high (an unpaired last
        chunk is given back to be read again at the new length)."""
        pairs = len(self._low) // 2
        low = self._low[: 2 * pairs].reshape(pairs, 2)
        high = self._high[: 2 * pairs].reshape(pairs, 2)
        low_values = np.where(np.isfinite(values[low]), values[low], np.inf)
        high_values = np.where(np.isfinite(values[high]), values[high], -np.inf)
        self._low = low[np.arange(pairs), low_values.argmin(axis=1)]
        self._high = high[np.arange(pairs), high_values.argmax(axis=1)]
        self._chunk *= 2
        self._covered = pairs * self._chunk
