"""The suite's workers compile the engine's kernels between them before any test runs.

Why: in a fresh environment numba's cache is empty, and each kernel compiles the first time a
test meets it. With tests spread over workers as they come, two workers often met the same
kernel at once and both compiled it: README's test command took 9:50 with an empty cache and
5:34 with a warm one on the project's 2-core test machine. Here the first two workers compile
one of precompile's halves each (`engine.precompile.PARTS`, about two minutes on each core
together), and every worker waits until all have done so before its first test, so
that no kernel the studio runs is compiled twice. With a warm cache each half loads in about
two seconds.
"""

from __future__ import annotations

import time
from pathlib import Path

WORKERS_WAIT_SECONDS = 900.0
"""How long a worker waits for the others' halves at most: a worker that crashed while
compiling must not hold the suite (the others then compile what they need as they meet it)."""


def warm_up(folder: Path, worker: str, count: int) -> None:
    """Worker `worker` ("gw0", "gw1", ...) of `count`: compile its half of the kernels (the
    first two workers; the others none), say so in `folder`, and wait until every worker
    has."""
    from optstudio.engine.precompile import PARTS, precompile

    index = int(worker.removeprefix("gw"))
    if index < len(PARTS):
        precompile(lambda _line: None, parts=(PARTS[index],))
    (folder / worker).touch()
    deadline = time.monotonic() + WORKERS_WAIT_SECONDS
    while len(list(folder.iterdir())) < count and time.monotonic() < deadline:
        time.sleep(0.2)
