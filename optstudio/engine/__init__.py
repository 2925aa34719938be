"""The engine: losses, optimizers, schedules and the jitted runner. No Qt, no files.

Importing it compiles nothing; the kernels compile (or load from numba's cache) on first use.
"""

from .losses import LOSSES, Loss, make_loss
from .optimizers import OPTIMIZERS
from .runner import Run, create_run, simulate
from .schedules import SCHEDULES, parse_schedule

__all__ = [
    "LOSSES",
    "OPTIMIZERS",
    "SCHEDULES",
    "Loss",
    "Run",
    "create_run",
    "make_loss",
    "parse_schedule",
    "simulate",
]
