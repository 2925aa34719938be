"""How long the window stalls while the model lab opens for the first time on a machine (numba's
cache empty): how long building the window took, then the longest gap between ticks of a 10 ms
timer on the GUI thread until the first boundary is drawn, and when that was.

Run:  python benchmarks/lab_first_open.py            (a fresh, empty numba cache each time)
      python benchmarks/lab_first_open.py --warm     (the cache as it is)

Each measurement runs in a process of its own, so that nothing is compiled or imported yet.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile

CHILD = r"""
import json, os, time
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
from optstudio.qt.lab.lab_window import LabWindow
settings = QSettings(os.environ["LAB_SETTINGS"], QSettings.Format.IniFormat)
began = time.perf_counter()
window = LabWindow(settings=settings)
window.show()
built = time.perf_counter() - began
gaps, last = [], [time.perf_counter()]
def tick():
    now = time.perf_counter()
    gaps.append(now - last[0])
    last[0] = now
timer = QTimer()
timer.timeout.connect(tick)
timer.start(10)
while not window.boundary.surfaces and time.perf_counter() - began < 300:
    app.processEvents()
    time.sleep(0.002)
drawn = time.perf_counter() - began
window.close()
print(json.dumps({"longest_stall": max(gaps, default=0.0), "first_boundary": drawn,
                  "built": built}))
"""


def measure(warm: bool) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ, LAB_SETTINGS=os.path.join(folder, "lab.ini"))
        if not warm:
            env["NUMBA_CACHE_DIR"] = os.path.join(folder, "numba")
        done = subprocess.run(
            [sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, check=True
        )
        return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warm", action="store_true", help="keep numba's cache as it is")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    for _ in range(args.repeat):
        figures = measure(args.warm)
        print(
            f"{'warm' if args.warm else 'empty'} cache: window built in "
            f"{1000 * figures['built']:.0f} ms, then longest GUI stall "
            f"{1000 * figures['longest_stall']:.0f} ms, first boundary after "
            f"{figures['first_boundary']:.1f} s"
        )


if __name__ == "__main__":
    main()
