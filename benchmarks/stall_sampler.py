"""Where the window's stalls go: a thread samples the GUI thread's Python stack every 2 ms,
and the event loop's probe marks each stall; the stacks sampled inside long stalls are
tallied. A sample that comes late says another thread held the interpreter's lock (the GUI
thread cannot run Python then either); a stall with the GUI thread inside Qt's own event
loop (`exec`) was Qt's work in C++ (painting, layout) or the process not being scheduled.

Used by `window_speed.py --profile`.
"""

from __future__ import annotations

import sys
import threading
import time
from collections import Counter

SAMPLE_S = 0.002


class StallSampler:
    def __init__(self, gui_thread_id: int) -> None:
        self.gui = gui_thread_id
        self.samples: list[tuple[float, float, str]] = []
        """(time, how late the sample came, the GUI thread's innermost frames)."""
        self.stalls: list[tuple[float, float]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def stall(self, began: float, ended: float) -> None:
        self.stalls.append((began, ended))

    def _run(self) -> None:
        due = time.perf_counter()
        while not self._stop.is_set():
            due += SAMPLE_S
            time.sleep(max(0.0, due - time.perf_counter()))
            now = time.perf_counter()
            frame = sys._current_frames().get(self.gui)
            names = []
            while frame is not None and len(names) < 4:
                code = frame.f_code
                names.append(f"{code.co_filename.rsplit('/', 1)[-1]}:{code.co_name}")
                frame = frame.f_back
            self.samples.append((now, now - due, " < ".join(names)))
            if now - due > 0.05:
                due = now  # do not race to catch up

    def report(self, longer_than: float = 0.03, top: int = 8) -> list[str]:
        lines = []
        long = [(a, b) for a, b in self.stalls if b - a > longer_than]
        lines.append(f"stalls over {longer_than * 1e3:.0f} ms: {len(long)}")
        where: Counter[str] = Counter()
        late = 0
        inside = 0
        for a, b in long:
            for t, lateness, stack in self.samples:
                if a <= t <= b:
                    inside += 1
                    where[stack] += 1
                    late += lateness > 0.01
        if inside:
            lines.append(
                f"  samples inside them: {inside}, of which {late} came over 10 ms late "
                "(another thread held the interpreter's lock)"
            )
            for stack, n in where.most_common(top):
                lines.append(f"  {n / inside:5.0%}  {stack}")
        for a, b in sorted(long, key=lambda stall: stall[0] - stall[1])[:3]:
            lines.append(f"  the stall of {(b - a) * 1e3:.0f} ms, sample by sample:")
            runs: list[list] = []  # [stack, samples, most late]
            for t, lateness, stack in self.samples:
                if a <= t <= b:
                    if runs and runs[-1][0] == stack:
                        runs[-1][1] += 1
                        runs[-1][2] = max(runs[-1][2], lateness)
                    else:
                        runs.append([stack, 1, lateness])
            for stack, n, most in runs:
                lines.append(f"    {n:3d} x (late {most * 1e3:3.0f} ms)  {stack}")
        lateness = sorted(s[1] for s in self.samples)
        if lateness:
            lines.append(
                f"  sampler lateness: median {lateness[len(lateness) // 2] * 1e3:.1f} ms, "
                f"worst {lateness[-1] * 1e3:.0f} ms"
            )
        return lines
