"""What every run of a model study says now, computed in the lab's drawing process
(`live.drawing`) from the parameters the engine sends: the surface over the input plane
(Playground data), the predicted class of each test row with the confusion matrix, and what
each unit of the network computes (`unit_maps`). Plain numpy, no Qt: one definition with
`optstudio.decision_surface`, `predicted_classes` and `confusion_matrix`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ..engine.models.boundary import Surface, classes_of, counts_of, surface_of
from ..engine.models.unit_maps import UnitMaps, unit_maps

RESOLUTION = 100


@dataclass(frozen=True)
class Verdicts:
    surfaces: dict[int, Surface] = field(default_factory=dict)
    predicted: dict[int, np.ndarray] = field(default_factory=dict)
    counts: dict[int, np.ndarray] = field(default_factory=dict)
    steps: dict[int, int] = field(default_factory=dict)
    """The step each run's parameters were recorded at: the one its title names."""
    units: dict[int, UnitMaps] = field(default_factory=dict)
    """What each unit of each run's network computes (the network view)."""


def verdicts(
    probe,
    params: dict[int, np.ndarray],
    superseded: Callable[[], bool],
    steps: dict[int, int] | None = None,
) -> Verdicts | None:
    """Each run's verdict (None once a newer request waits), from its parameters recorded at
    `steps[run_id]`. `probe` is a run of the study (`studies.model.probe_run`): its network and
    data are every run's."""
    network, data = probe.network, probe.data
    result = Verdicts(steps=dict(steps or {}))
    for run_id, theta in params.items():
        if superseded():
            return None
        result.units[run_id] = unit_maps(network, data, theta)
        if data.points_train is not None:
            result.surfaces[run_id] = surface_of(network, data, theta, RESOLUTION)
        if data.task != "regression":
            predicted = classes_of(network, data, theta)
            result.predicted[run_id] = predicted
            result.counts[run_id] = counts_of(data, predicted)
    return result
