"""A lecture, given to the real studio on a real (virtual) screen, with a screenshot per step.

    python docs/walkthrough.py [OUT_FOLDER]

starts the installed studio under X (the current DISPLAY, or its own Xvfb with the openbox window
manager: install xvfb, openbox, xdotool and imagemagick first), drives it with xdotool as a
lecturer would (the gallery, a scenario playing, the presentation view with the step panel,
leaving it, a small window, the legend dragged, the sweeps tab with a sweep, a figure exported
as SVG through the file dialog, Ctrl+S on a scenario, Ctrl+Q) and writes a PNG of the whole
screen after each step into OUT_FOLDER (default: walkthrough/). Offscreen tests cannot see focus,
full screen, dialogs or window placement; these screenshots do. Look at every one.

The studio runs with a fresh home folder, so its settings, layout and autosave start empty. It
fails (exit 1) when the studio does not start, does not quit on Ctrl+Q, or writes anything to
stderr (a traceback from a slot lands there).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SCREEN = "1920x1080"
WINDOW = (1500, 920)
# Places in the window (from its top-left corner) at its first-start layout and size.
SWEEPS_TAB = (620, 62)
MAP_TAB = (430, 62)
RUN_SWEEP = (572, 742)
LEGEND = (510, 112)


def xdotool(*args: str) -> str:
    return subprocess.run(
        ["xdotool", *args], check=True, capture_output=True, text=True
    ).stdout.strip()


class Walk:
    def __init__(self, out: Path) -> None:
        self.out = out
        self.count = 0

    def shot(self, name: str, pause: float = 1.5) -> None:
        time.sleep(pause)
        self.count += 1
        path = self.out / f"{self.count:02d}-{name}.png"
        subprocess.run(["import", "-window", "root", str(path)], check=True)
        print(f"wrote {path}")

    def window(self, title_end: str = "optstudio") -> tuple[str, int, int]:
        """The studio's window and the screen position of its client area's corner (xdotool's
        own position adds the window manager's frame)."""
        window = xdotool("search", "--sync", "--name", f"{title_end}$").split()[-1]
        info = subprocess.run(
            ["xwininfo", "-id", window], check=True, capture_output=True, text=True
        ).stdout
        corner = {
            line.split(":")[0].strip(): int(line.split(":")[1])
            for line in info.splitlines()
            if "Absolute upper-left" in line
        }
        return window, corner["Absolute upper-left X"], corner["Absolute upper-left Y"]

    def click(self, place: tuple[int, int]) -> None:
        _, x, y = self.window()
        xdotool("mousemove", str(x + place[0]), str(y + place[1]), "click", "1")

    def key(self, *keys: str) -> None:
        window, _, _ = self.window()
        xdotool("windowactivate", "--sync", window)
        xdotool("key", "--delay", "120", *keys)


def own_display() -> list[subprocess.Popen]:
    """Xvfb and openbox on a free display, when there is no DISPLAY."""
    for tool in ("Xvfb", "openbox", "xdotool", "xwininfo", "import"):
        if shutil.which(tool) is None:
            sys.exit(
                f"walkthrough: {tool} is missing (apt-get install xvfb openbox xdotool imagemagick)"
            )
    for number in range(90, 140):
        if not Path(f"/tmp/.X11-unix/X{number}").exists():
            break
    display = f":{number}"
    server = subprocess.Popen(["Xvfb", display, "-screen", "0", f"{SCREEN}x24", "-nolisten", "tcp"])
    os.environ["DISPLAY"] = display
    for _ in range(50):
        if subprocess.run(["xdpyinfo"], capture_output=True).returncode == 0:
            break
        time.sleep(0.1)
    manager = subprocess.Popen(["openbox"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    return [manager, server]


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "walkthrough").resolve()
    out.mkdir(parents=True, exist_ok=True)
    helpers = [] if os.environ.get("DISPLAY") else own_display()
    home = Path(tempfile.mkdtemp(prefix="optstudio-walk-"))
    environment = {**os.environ, "HOME": str(home), "QT_QPA_PLATFORM": "xcb"}
    environment.pop("XDG_CONFIG_HOME", None)
    errors = home / "stderr.txt"
    studio = subprocess.Popen(
        [sys.executable, "-m", "optstudio"], env=environment, stderr=errors.open("w")
    )
    walk = Walk(out)
    try:
        xdotool("search", "--sync", "--name", "Scenario gallery")
        walk.shot("gallery on start", 4)
        gallery = xdotool("search", "--name", "Scenario gallery").split()[-1]
        xdotool("windowactivate", "--sync", gallery)
        xdotool("key", "Right", "Return")  # the second scenario: a learning rate too large
        walk.shot("scenario played")
        window, _, _ = walk.window()
        xdotool("windowsize", window, str(WINDOW[0]), str(WINDOW[1]))
        walk.key("F11")
        walk.shot("presentation view")
        walk.key("r", "Right", "Right", "Right", "e")
        walk.shot("presentation with the step panel")
        walk.key("Escape")
        walk.shot("presentation left: normal colours and sizes")
        _, x, y = walk.window()
        # A drag in small moves, as a hand makes it (one jump is a click to Qt).
        xdotool("mousemove", str(x + LEGEND[0]), str(y + LEGEND[1]), "mousedown", "1")
        for k in range(1, 11):
            xdotool("mousemove", str(x + LEGEND[0] + 20 * k), str(y + LEGEND[1] + 45 * k))
            time.sleep(0.05)
        xdotool("mouseup", "1")
        walk.shot("legend dragged off the start point")
        xdotool("windowsize", window, "1024", "700")
        walk.shot("at 1024x700")
        xdotool("windowsize", window, str(WINDOW[0]), str(WINDOW[1]))
        walk.click(SWEEPS_TAB)
        walk.shot("sweeps tab before a sweep")
        walk.click(RUN_SWEEP)
        walk.shot("a 1-D sweep of lr", 4)
        walk.click(MAP_TAB)
        walk.key("ctrl+e")
        walk.shot("figure options")
        xdotool("key", "Return")
        figure = out / "figure.svg"
        figure.unlink(missing_ok=True)
        walk.shot("file dialog")
        xdotool("type", "--delay", "20", str(figure))
        xdotool("key", "Return")
        walk.shot("figure exported")
        walk.key("ctrl+s")
        walk.shot("Ctrl+S on a scenario asks where")
        session = out / "lecture.optstudio"
        session.unlink(missing_ok=True)
        xdotool("type", "--delay", "20", str(session))
        xdotool("key", "Return")
        walk.shot("saved: the title names the file")
        walk.key("ctrl+q")
        studio.wait(timeout=20)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
        print(f"walkthrough: {error}", file=sys.stderr)
        studio.kill()
        return 1
    finally:
        for helper in helpers:
            helper.terminate()
    problems = errors.read_text()
    shutil.rmtree(home, ignore_errors=True)
    if problems.strip():
        print(f"walkthrough: the studio wrote to stderr:\n{problems}", file=sys.stderr)
        return 1
    missing = [p.name for p in (figure, session) if not p.exists()]
    if missing:
        print(f"walkthrough: not written: {', '.join(missing)}", file=sys.stderr)
        return 1
    print(f"{walk.count} screenshots in {out}; the studio quit cleanly")
    return 0


if __name__ == "__main__":
    sys.exit(main())
