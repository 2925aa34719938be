"""Atomic file writes: the new file appears whole, or the old one stays as it was.

The new file gets the permissions any other program would give it (0666 less the user's umask,
or the old file's mode), not the 0600 of a temporary file. A write interrupted by an exception,
Ctrl+C or SIGTERM (see `exit_on_sigterm`) removes its temporary file; one killed outright
(SIGKILL, power loss) leaves a temporary file named after its process, which the next write of
the same file removes once that process is gone.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

_TEMPORARY = ".{name}.{pid}."
_TEMPORARY_SUFFIX = ".part"
_UMASK_LOCK = threading.Lock()


class WriteError(OSError):
    """A file that could not be written, named as the user named it (not its temporary file);
    `strerror` is the reason alone, `str()` the whole one-line message."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(reason)
        self.strerror = reason
        self.filename = str(path)

    def __str__(self) -> str:
        return f"cannot write '{self.filename}': {self.strerror}"


def current_umask() -> int:
    """The process's umask, read without changing it where the system allows."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    with _UMASK_LOCK:
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


def file_mode(path: Path) -> int:
    """The mode a file written at `path` gets: the old file's, or 0666 less the umask."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        return 0o666 & ~current_umask()


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def remove_abandoned(path: Path) -> None:
    """Delete temporary files of `path` left by writers that were killed."""
    prefix = f".{path.name}."
    with contextlib.suppress(OSError):
        for candidate in path.parent.iterdir():
            name = candidate.name
            if not (name.startswith(prefix) and name.endswith(_TEMPORARY_SUFFIX)):
                continue
            pid_text = name[len(prefix) :].split(".", 1)[0]
            if pid_text.isdigit() and not _alive(int(pid_text)):
                candidate.unlink(missing_ok=True)


def atomic_write(path: Path, write: Callable[[IO[Any]], object], *, binary: bool) -> None:
    """Write through `write(file)` to a temporary file beside `path`, then rename it over.

    A symbolic link is written through, as editors do: the file it points to is replaced and
    the link stays (renaming over the link replaced it with a file). Errors name `path` as
    given."""
    named = path = Path(path)
    if not path.name:
        raise OSError(f"'{path}' is not a file name")
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    directory = path.parent if str(path.parent) else Path(".")
    remove_abandoned(path)
    mode = file_mode(path)
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=_TEMPORARY.format(name=path.name, pid=os.getpid()),
            suffix=_TEMPORARY_SUFFIX,
            dir=directory,
        )
    except OSError as error:
        raise WriteError(named, error.strerror or str(error)) from None
    try:
        with os.fdopen(handle, "wb" if binary else "w", encoding=None if binary else "utf-8") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
            os.fchmod(f.fileno(), mode)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise WriteError(named, error.strerror or str(error)) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def exit_on_sigterm() -> None:
    """Turn SIGTERM into SystemExit in the main thread, so that `finally` blocks (an atomic
    write's clean-up among them) run, as they do for Ctrl+C."""
    if threading.current_thread() is not threading.main_thread():
        return

    def stop(signum: int, _frame: object) -> None:
        sys.exit(128 + signum)

    with contextlib.suppress(ValueError, OSError):
        signal.signal(signal.SIGTERM, stop)
