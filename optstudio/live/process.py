"""The live engine in a child process: commands in over a pipe, snapshots out over it.

Why a process: in one interpreter the window's painting and the engine's Python between kernel
calls take turns on one lock, so on two cores the engine got a third of its speed and the
window under 50 frames a second. In its own process the engine has an interpreter of its own.

The guarantees of the thread it replaces:
- runs are bit-for-bit those of `simulate` (the same `Run`s advance in the same chunks);
- commands apply between chunks, in the order they were sent;
- nothing outlives the window: the child stops on the `stop` command, when the pipe closes
  (the window quit or crashed), and, on Linux, when its parent dies (PR_SET_PDEATHSIG);
- it starts in under a second (numpy, numba and the engine's modules; kernels load from
  numba's cache);
- files are written by `optstudio.io` atomically, so a killed engine leaves no half file.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import socket
import subprocess
import sys
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from .core import LiveEngine
from .outbox import Outbox

MODEL_ENGINE_THREADS = 1
"""numba's threads in a model study's engine: one, so that the engine keeps to one core and
the window has the other. With two, each pass over more than 128 rows waited for a core the
window (or any other process) held, and digits at batch 64 trained at half speed on a loaded
2-core machine (benchmarks/model_engine_speed.py)."""
ENGINE_KINDS = ("landscape", "model", "drawing", "tuning")
"""What a process of this kind serves: a landscape's runs (`LiveEngine`), a model study's
(`ModelLiveEngine`; a window switching study starts the other kind), the model lab's
drawing (`DrawingService`: boundaries, predictions, the plane), or a tuning study started
from the lab (`StudyService`: its Dask client and scheduler; the trials train in the
cluster's workers)."""

ENGINE_NICENESS = {"landscape": 5, "model": 5, "drawing": 10, "tuning": 5}
"""How much lower each process's priority is than the window's (Unix niceness): the engines a
little, the lab's drawing (boundaries, unit maps, planes: work the frames do not wait for)
more. Measured on 2 cores with `benchmarks/window_speed.py` against 0 for all three: the lab
with its plane recomputed went from 46-52 to 61-62 frames a second and its stalls over 50 ms
from 0-2 to 0-1 in ten seconds; the landscape beside another busy process from 52-54 frames a
second with 1-2 such stalls to 49-51 with none (the engine, sharing a core with that process,
keeps about half its steps where it kept 70 %). A study's process only hands out tasks and
hears their results; its workers are lowered further (`WORKER_NICENESS` of the lab)."""
ENGINE_FLAG = "--live-engine"
"""How the frozen executable is told to be the engine (`packaging/entry.py`)."""


class PipeInbox:
    """Commands from the window's end of the pipe; EOFError once that end is closed."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def get(self, timeout: float) -> tuple | None:
        if not self.connection.poll(timeout):
            return None
        return self.connection.recv()


def engine_class(kind: str) -> type:
    if kind == "model":
        from .model_engine import ModelLiveEngine

        return ModelLiveEngine
    if kind == "drawing":
        from .drawing import DrawingService

        return DrawingService
    if kind == "tuning":
        from .study_service import StudyService

        return StudyService
    if kind != "landscape":
        raise ValueError(f"unknown engine kind {kind!r}; choose one of: {', '.join(ENGINE_KINDS)}")
    return LiveEngine


def serve(connection: Connection, kind: str = "landscape") -> None:
    """The child's whole life: run the engine until told to stop or left alone."""
    from ..io.atomic import exit_on_sigterm

    _die_with_parent()
    _yield_to_the_window(kind)
    exit_on_sigterm()  # a terminated engine still removes a half-written export
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C in a terminal is the window's to handle

    if kind in ("model", "drawing"):  # one core each: the engine's and the drawing's
        import numba

        numba.set_num_threads(MODEL_ENGINE_THREADS)
    outbox = Outbox(connection.send)

    def emit(kind: str, *values: object) -> None:
        outbox.put((kind, *values))

    try:
        engine_class(kind)(emit).run(PipeInbox(connection))
    except EOFError:
        pass
    finally:
        outbox.close()
        connection.close()


class EngineProcess:
    """The engine's process as the window sees it (the calls of `multiprocessing.Process`)."""

    def __init__(self, popen: subprocess.Popen) -> None:
        self.popen = popen

    @property
    def pid(self) -> int:
        return self.popen.pid

    @property
    def exitcode(self) -> int | None:
        """None while it runs; negative: the signal that ended it."""
        return self.popen.poll()

    def is_alive(self) -> bool:
        return self.popen.poll() is None

    def join(self, timeout: float | None = None) -> None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(timeout)

    def terminate(self) -> None:
        self.popen.terminate()

    def kill(self) -> None:
        self.popen.kill()


def start_engine(kind: str = "landscape") -> tuple[EngineProcess | BaseProcess, Connection]:
    """Start the engine process for a study of `kind` (ENGINE_KINDS); returns it and the
    window's end of the pipe.

    A fresh interpreter (`python -m optstudio.live.process FD`, or the frozen executable with
    `--live-engine FD`) that inherits one end of a socket pair: unlike multiprocessing's spawn
    it never runs the caller's main script again, and unlike fork it copies none of the
    window's threads. Windows cannot hand a socket to a child that way, so there it is
    multiprocessing's spawn (whose main-module rule the `optstudio` command follows).
    """
    engine_class(kind)  # an unknown kind fails here, not in the child
    if sys.platform == "win32":
        context = multiprocessing.get_context("spawn")
        window_end, engine_end = context.Pipe(duplex=True)
        process = context.Process(target=serve, args=(engine_end, kind), name="optstudio-engine")
        process.daemon = True
        process.start()
        engine_end.close()
        return process, window_end
    window_socket, engine_socket = socket.socketpair()
    fd = engine_socket.fileno()
    if getattr(sys, "frozen", False):
        command = [sys.executable, ENGINE_FLAG, str(fd), kind]
    else:
        command = [sys.executable, "-m", "optstudio.live.process", str(fd), kind]
    package_parent = str(Path(__file__).resolve().parents[2])
    path = os.environ.get("PYTHONPATH")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_parent, path]))}
    try:
        popen = subprocess.Popen(command, pass_fds=(fd,), stdin=subprocess.DEVNULL, env=env)
    finally:
        engine_socket.close()  # only the child holds it now, so it sees EOF if we die
    return EngineProcess(popen), Connection(window_socket.detach())


def main(fd: str, kind: str = "landscape") -> int:
    """The child's entry point: serve the window on the inherited socket `fd`."""
    serve(Connection(int(fd)), kind)
    return 0


def _yield_to_the_window(kind: str) -> None:
    """Run at a lower priority than the window: on a machine with other work the frames stay
    smooth and the engine takes the time that is left (alone, it still has a core)."""
    with contextlib.suppress(OSError, AttributeError):
        os.nice(ENGINE_NICENESS[kind])


def _die_with_parent() -> None:
    """On Linux, have the kernel end this process when its parent ends, however it ends."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent was already gone before prctl took effect
        os._exit(0)


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
