"""Opening the studio window from the command line, and the packagers' self-test."""

from __future__ import annotations

import os
import sys

from .options import UsageError


def self_test_command() -> int:
    try:
        from ..qt.self_test import self_test
    except ImportError as error:
        print(f"optstudio: self-test failed: Qt did not load: {error}", file=sys.stderr)
        return 1
    passed, report = self_test()
    print(report if passed else f"optstudio: self-test failed: {report}", file=sys.stderr)
    return 0 if passed else 1


def display_missing() -> str | None:
    """Why no window can open here, in one line (Qt's own message is several lines and an
    abort), or None."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        "no display to open the studio on (DISPLAY and WAYLAND_DISPLAY are not set): start it "
        "from a desktop session; the commands (optstudio run, plot, animate ...) need none"
    )


def open_studio(session_path: str | None = None, *, scenario: bool = False) -> int:
    missing = display_missing()
    if missing:
        raise UsageError(missing)
    if session_path is not None:
        from ..io.session import load_session

        load_session(session_path)  # a bad file: one line and status 2, before any window
    try:
        from ..qt.app import run_studio
    except ImportError as error:
        raise UsageError(f"the studio needs Qt, which did not load: {error}") from None
    if scenario:
        return run_studio(scenario_path=session_path)
    return run_studio(session_path=session_path)
