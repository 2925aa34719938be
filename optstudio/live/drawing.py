"""The model lab's drawing in a process of its own: checking a study (reading its data), the
runs' boundaries or predictions, and the loss-landscape plane.

Why a process: this work ran in a thread of the window's process, and while numba set itself
up there (its first call runs about 300 ms of Python) every paint of the window waited for the
interpreter's lock at each of its Python calls, so the window stalled 120-200 ms as the lab
opened (`benchmarks/lab_first_open.py`). Here the work has an interpreter of its own, started
as the engine's is (`live.process`, kind "drawing").

Each kind of job keeps only its latest request: one that waits is replaced by a newer one, and
one that runs is told (`superseded`) and stops where it can. Every job that runs is answered:
("done", kind, number, result), ("failed", kind, number, one line) or ("dropped", kind,
number) when it stopped for a newer one. What a job builds for later jobs (the study's probe:
its network and data) is kept under a key the window chose (`keep`), and the window can hand
it back (the "keep" message) to a process started after one that died.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import numpy as np

from .verdicts import verdicts

JOB_ERRORS = (ValueError, ArithmeticError, MemoryError, OSError, LookupError)
"""What a job may refuse with: the window shows the message, on one line."""
KEPT = 3
"""Objects kept for later jobs at most (the probes of the last few studies)."""


class Context:
    """What a job sees of the service: whether a newer job of its kind waits, and the objects
    kept for jobs."""

    def __init__(self, service: DrawingService, kind: str, number: int) -> None:
        self._service, self._kind, self._number = service, kind, number

    def superseded(self) -> bool:
        return self._service.superseded(self._kind, self._number)

    def keep(self, key: str, value: Any) -> None:
        self._service.keep(key, value)

    def kept(self, key: str) -> Any:
        """A kept object; LookupError if this process has none by that key."""
        try:
            return self._service.kept[key]
        except KeyError:
            raise LookupError(f"the lab's drawing process has no {key}") from None


# ----- the jobs -----
def check_study(context: Context, candidate: dict, settings: dict | None, key: str) -> tuple:
    """A study from its settings and its probe (a run at step 0: the study's network and
    data, read from a CSV file if it is one), kept under `key` for the drawing jobs."""
    from ..studies.model import ModelStudy, probe_run

    study = ModelStudy.from_dict(candidate)
    probe = probe_run(study)
    context.keep(key, probe)
    return study, probe, settings, key


def warm_kernels(context: Context, key: str) -> float:
    """numba's drawing kernels (boundaries, predictions, the plane) compiled or loaded from
    its cache before any is needed mid-race. Returns the seconds it took (the window says how
    long, the next time)."""
    from ..engine.models.plane import landscape

    began = time.perf_counter()
    probe = context.kept(key)
    theta, data = probe.theta, probe.data
    verdicts(probe, {0: theta}, lambda: False)
    landscape(probe.network, [np.stack([theta, theta])], data.x_train[:2], data.y_train[:2],
              method="random", resolution=2)  # fmt: skip
    return time.perf_counter() - began


def draw_verdicts(
    context: Context, key: str, params: dict, steps: dict, tag: tuple
) -> tuple | None:
    """Each run's boundary or predictions at its parameters (None once a newer job waits);
    `tag` comes back with the result (what the window asked for, of which study)."""
    result = verdicts(context.kept(key), params, context.superseded, steps)
    return None if result is None else (tag, result)


def draw_plane(
    context: Context,
    key: str,
    paths: list,
    method: str,
    resolution: int,
    seed: int,
    tag: tuple,
) -> tuple | None:
    """The loss-landscape plane through the runs' paths (None once a newer job waits), with
    the seconds it took (the window asks less often for a plane that takes long)."""
    from ..engine.models.plane import landscape

    probe = context.kept(key)
    began = time.perf_counter()
    plane = landscape(
        probe.network,
        paths,
        probe.data.x_train,
        probe.data.y_train,
        method=method,
        resolution=resolution,
        seed=seed,
        cancelled=context.superseded,
    )
    return None if plane is None else (tag, plane, time.perf_counter() - began)


def range_test(context: Context, config: dict, tag: Any) -> tuple:
    """The learning-rate range test of one run's settings (`tuning.lr_range`), with `tag`."""
    from ..tuning.lr_range import range_test as test

    settings = dict(config)
    dataset, optimizer = settings.pop("dataset"), settings.pop("optimizer")
    return tag, test(dataset, optimizer, **settings)


JOBS: dict[str, Callable[..., Any]] = {
    "check_study": check_study,
    "warm_kernels": warm_kernels,
    "draw_verdicts": draw_verdicts,
    "draw_plane": draw_plane,
    "range_test": range_test,
}
"""The jobs the window may ask for, by name (a name crosses the pipe; a function need not)."""


class DrawingService:
    """The drawing process's loop: the latest job of each kind, one at a time."""

    def __init__(self, emit: Callable[..., None]) -> None:
        self._emit = emit
        self._pending: OrderedDict[str, tuple[int, str, dict]] = OrderedDict()
        self._latest: dict[str, int] = {}
        self._inbox: Any = None
        self._stopping = False
        self.kept: OrderedDict[str, Any] = OrderedDict()

    def run(self, inbox: Any) -> None:
        """Serve until told to stop; EOFError once the window's end of the pipe is closed."""
        self._inbox = inbox
        while not self._stopping:
            if not self._pending:
                message = inbox.get(1.0)
                if message is not None:
                    self._take(message)
            self._drain()
            if self._pending and not self._stopping:
                kind, (number, name, args) = self._pending.popitem(last=False)
                self._run_job(kind, number, name, args)

    def superseded(self, kind: str, number: int) -> bool:
        """A newer job of `kind` waits (or the window said stop): the running one may end."""
        self._drain()
        return self._stopping or self._latest.get(kind, 0) != number

    def keep(self, key: str, value: Any) -> None:
        self.kept[key] = value
        self.kept.move_to_end(key)
        while len(self.kept) > KEPT:
            self.kept.popitem(last=False)

    def _drain(self) -> None:
        while (message := self._inbox.get(0)) is not None:
            self._take(message)

    def _take(self, message: tuple) -> None:
        if message[0] == "job":
            _, kind, number, name, args = message
            self._latest[kind] = number
            self._pending[kind] = (number, name, args)
        elif message[0] == "keep":
            self.keep(message[1], message[2])
        elif message[0] == "stop":
            self._stopping = True

    def _run_job(self, kind: str, number: int, name: str, args: dict) -> None:
        context = Context(self, kind, number)
        try:
            result = JOBS[name](context, **args)
        except JOB_ERRORS as error:
            self._emit("failed", kind, number, str(error) or type(error).__name__)
            return
        except Exception as error:  # a defect, still said in one line (no traceback for users)
            self._emit("failed", kind, number, f"{type(error).__name__}: {error}")
            return
        if result is None:
            self._emit("dropped", kind, number)
        else:
            self._emit("done", kind, number, result)
