"""optstudio: watch optimizers train models.

``optstudio.simulate(loss, optimizer, ...)`` runs the two-parameter engine headless and returns
a `Run`; ``optstudio.train(dataset, optimizer, ...)`` trains a small network and returns a
`ModelRun`; ``optstudio.landscape_plane(runs)`` puts model runs' paths on a plane of their
loss landscape; ``optstudio.decision_surface(run)`` and ``optstudio.confusion_matrix(run)``
show what a run has learnt. Importing this package loads neither Qt nor numba: the model API is
imported on first use.
"""

from typing import Any

from ._version import __version__
from .engine.runner import Run, create_run, simulate

_MODEL_API = ("ModelRun", "create_model_run", "landscape_plane", "train")
_MODEL_VIEWS = ("confusion_matrix", "decision_surface", "predicted_classes")

__all__ = ["Run", "__version__", "create_run", "simulate", *_MODEL_API, *_MODEL_VIEWS]


def __getattr__(name: str) -> Any:
    if name in _MODEL_API:
        from . import training

        return getattr(training, name)
    if name in _MODEL_VIEWS:
        from .engine.models import boundary

        return getattr(boundary, name)
    raise AttributeError(f"module 'optstudio' has no attribute {name!r}")
