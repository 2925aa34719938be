"""optstudio: watch optimizers train models.

``optstudio.simulate(loss, optimizer, ...)`` runs the engine headless and returns a `Run`.
Importing this package loads neither Qt nor numba.
"""

from ._version import __version__
from .engine.runner import Run, create_run, simulate

__all__ = ["Run", "__version__", "create_run", "simulate"]
