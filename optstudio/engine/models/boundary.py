"""What a model run has learnt, as a lecturer shows it: the network's verdict over the input
plane of a Playground data set, and for classes the predicted class of each row and the
confusion matrix.

TensorFlow Playground paints its network's output over the square [-6, 6]² that its data sets
fill (`src/playground.ts`, xDomain). The surface here covers the same square, and each grid
point goes through the run's input features (x1, x2, x1², ...) exactly as the training points
do, so the colour behind a point is the network's answer for that very point: a point lies on
the side of the boundary the network classifies it on.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..validation import whole_number
from .datasets import Dataset
from .mlp import Network, predict
from .runner import ModelRun

RESOLUTION_RANGE = (2, 400)
DEFAULT_RESOLUTION = 100
ROW_SETS = ("train", "test")


@dataclass(frozen=True)
class Surface:
    """The network's output over a grid of the input plane: values[i, j] at (x1[j], x2[i])
    (rows along x2, as an image's rows run)."""

    x1: np.ndarray
    x2: np.ndarray
    values: np.ndarray
    kind: str
    """"probability": the probability of class 1 (the logit through the sigmoid), for a
    binary classifier; "value": the network's output, for regression."""


def _parameters_at(run: ModelRun, step: int) -> np.ndarray:
    """The recorded parameters of row `step` (negative counts from the end)."""
    if not isinstance(run, ModelRun):
        raise ValueError(f"this takes a model run from optstudio.train, got {type(run).__name__}")
    rows = len(run.params)
    if isinstance(step, bool) or not isinstance(step, int | np.integer) or not -rows <= step < rows:
        raise ValueError(f"step must be a recorded row in [{-rows}, {rows - 1}], got {step!r}")
    return run.params[step]


def decision_surface(
    run: ModelRun, step: int = -1, *, resolution: int = DEFAULT_RESOLUTION
) -> Surface:
    """The run's network at recorded row `step` evaluated over the Playground's square of the
    input plane, resolution x resolution points."""
    params = _parameters_at(run, step)  # first: it checks that this is a model run
    return surface_of(run.network, run.data, params, resolution)


def surface_of(
    network: Network, data: Dataset, params: np.ndarray, resolution: int = DEFAULT_RESOLUTION
) -> Surface:
    """`decision_surface` for parameters of `network` trained on `data` (the studio draws a
    run's surface from the parameters its engine sends)."""
    if data.points_train is None:
        raise ValueError(
            f"a decision surface needs a data set of points in the plane (circle, xor, gauss, "
            f"spiral, plane, gaussians, or a table of two feature columns and two classes or "
            f"values); {data.name} has {data.x_train.shape[1]} features"
        )
    resolution = whole_number(resolution, "resolution", *RESOLUTION_RANGE)
    x1_low, x1_high, x2_low, x2_high = data.domain
    axis_x1 = np.linspace(x1_low, x1_high, resolution)
    axis_x2 = np.linspace(x2_low, x2_high, resolution)
    grid_x1, grid_x2 = np.meshgrid(axis_x1, axis_x2)
    features = data.plane_inputs(np.column_stack([grid_x1.ravel(), grid_x2.ravel()]))
    out = predict(network, params, features)[:, 0]
    if data.task == "binary":
        # the sigmoid through e^-|z|, which never overflows
        e = np.exp(-np.abs(out))
        values = np.where(out >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
        kind = "probability"
    else:
        values, kind = out, "value"
    return Surface(axis_x1, axis_x2, values.reshape(resolution, resolution), kind)


def predicted_classes(run: ModelRun, step: int = -1, *, rows: str = "test") -> np.ndarray:
    """The class the network at row `step` gives each training or test row: logit > 0 for a
    binary classifier, the first largest logit for classes (as accuracy counts them)."""
    params = _parameters_at(run, step)  # first: it checks that this is a model run
    return classes_of(run.network, run.data, params, rows)


def classes_of(
    network: Network, data: Dataset, params: np.ndarray, rows: str = "test"
) -> np.ndarray:
    """`predicted_classes` for parameters of `network` trained on `data`."""
    if data.task == "regression":
        raise ValueError(f"{data.name} is a regression data set: it has no classes")
    if rows not in ROW_SETS:
        raise ValueError(f"rows must be one of: {', '.join(ROW_SETS)}, got {rows!r}")
    x = data.x_test if rows == "test" else data.x_train
    out = predict(network, params, x)
    if data.task == "binary":
        return (out[:, 0] > 0.0).astype(np.int64)
    return np.argmax(out, axis=1).astype(np.int64)


def counts_of(data: Dataset, predicted: np.ndarray, rows: str = "test") -> np.ndarray:
    """counts[true class, predicted class] of `predicted` over the test (or training) rows."""
    y = data.y_test if rows == "test" else data.y_train
    k = max(data.n_classes, 2)
    counts = np.zeros((k, k), dtype=np.int64)
    np.add.at(counts, (y.astype(np.int64), predicted), 1)
    return counts


def confusion_matrix(run: ModelRun, step: int = -1, *, rows: str = "test") -> np.ndarray:
    """counts[true class, predicted class] over the test (or training) rows."""
    predicted = predicted_classes(run, step, rows=rows)
    return counts_of(run.data, predicted, rows)
