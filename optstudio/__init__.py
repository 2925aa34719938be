"""optstudio: watch optimizers train models.

``optstudio.simulate(loss, optimizer, ...)`` runs the two-parameter engine headless and returns
a `Run`; ``optstudio.train(dataset, optimizer, ...)`` trains a small network and returns a
`ModelRun`; ``optstudio.landscape_plane(runs)`` puts model runs' paths on a plane of their
loss landscape. Importing this package loads neither Qt nor numba: the model API is imported
on first use.
"""

from typing import Any

from ._version import __version__
from .engine.runner import Run, create_run, simulate

_MODEL_API = ("ModelRun", "create_model_run", "landscape_plane", "train")

__all__ = ["Run", "__version__", "create_run", "simulate", *_MODEL_API]


def __getattr__(name: str) -> Any:
    if name in _MODEL_API:
        from . import training

        return getattr(training, name)
    raise AttributeError(f"module 'optstudio' has no attribute {name!r}")
