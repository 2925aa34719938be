"""Data sets for the model engine: TensorFlow Playground's six, and any numeric table.

The Playground's generators (tensorflow/playground, `src/dataset.ts`) are followed formula by
formula: the same radii, paddings, spreads and label rules, with its noise in [0, 0.5] (the
Playground's slider shows it as 0 to 50). Its labels of -1 and 1 become 0 and 1 here (binary
cross-entropy), and regression targets stay in [-1, 1]. The draws come from the studio's own
counter-based generator (`optstudio.engine._random`), not the browser's, so a data seed gives
the same points on every machine, and a data set is a pure function of its parameters.

The input features are the Playground's: x1, x2, x1², x2², x1·x2, sin x1, sin x2.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .._random import uniform_array
from ..specs import quoted
from ..validation import SEED_LIMIT
from .drawn_points import drawn_data
from .typed_boundary import DEFAULT_BOUNDARY, typed_points

PLAYGROUND = ("circle", "xor", "gauss", "spiral", "plane", "gaussians", "boundary", "drawn")
"""The Playground's six, a set whose boundary the user types (`typed_boundary`) and a set
drawn by hand (`drawn_points`)."""
PLAYGROUND_SQUARE = (-6.0, 6.0, -6.0, 6.0)
"""The Playground's points lie in [-6, 6]²: its boundaries are drawn over that square."""
CLASSIFICATION = ("circle", "xor", "gauss", "spiral", "boundary", "drawn")
FEATURES: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    "x1": lambda x1, x2: x1,
    "x2": lambda x1, x2: x2,
    "x1^2": lambda x1, x2: x1 * x1,
    "x2^2": lambda x1, x2: x2 * x2,
    "x1*x2": lambda x1, x2: x1 * x2,
    "sin(x1)": lambda x1, x2: np.sin(x1),
    "sin(x2)": lambda x1, x2: np.sin(x2),
}
"""The Playground's input features, as functions of the point (x1, x2)."""
DEFAULT_FEATURES = ("x1", "x2")
DEFAULT_SAMPLES = 500
SAMPLES_RANGE = (10, 100_000)
NOISE_RANGE = (0.0, 0.5)
TEST_FRACTION_RANGE = (0.1, 0.9)
DEFAULT_TEST_FRACTION = 0.5
MIN_ROWS = 10
"""A table needs at least this many rows: a few to train on and a few to test on."""
MAX_CLASSES = 20
"""Labels that are whole numbers with at most this many values are classes; else targets."""
_POINTS_STREAM = 1
_SPLIT_STREAM = 2


@dataclass(frozen=True)
class Dataset:
    """What a model trains on: features and labels, split into training and test rows."""

    name: str
    task: str
    """"binary" (labels 0 and 1, one logit), "multiclass" (labels 0..k-1, k logits) or
    "regression" (one output, mean squared error)."""
    n_classes: int
    """Classes for "multiclass", 2 for "binary", 0 for "regression"."""
    features: tuple[str, ...]
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    points_train: np.ndarray | None = None
    """The 2-D points behind the features (the Playground's, or a two-column table's rows),
    else None: the inputs are not a plane, and no boundary is drawn."""
    points_test: np.ndarray | None = None
    domain: tuple[float, float, float, float] = PLAYGROUND_SQUARE
    """The rectangle of the input plane a boundary is drawn over, (x1 low, x1 high, x2 low,
    x2 high): the Playground's square, or a two-column table's points with a margin."""
    inputs_are_points: bool = False
    """True for a two-column table, whose columns are the network's inputs; False for the
    Playground's sets, whose inputs are `features` of the points."""

    def plane_inputs(self, points: np.ndarray) -> np.ndarray:
        """The network's inputs at points (n x 2) of the plane."""
        if self.inputs_are_points:
            return np.asarray(points, dtype=np.float64)
        return np.column_stack([FEATURES[f](points[:, 0], points[:, 1]) for f in self.features])

    @property
    def n_outputs(self) -> int:
        return self.n_classes if self.task == "multiclass" else 1


def playground(
    name: str,
    *,
    n_samples: int = DEFAULT_SAMPLES,
    noise: float = 0.0,
    test_fraction: float = DEFAULT_TEST_FRACTION,
    seed: int = 0,
    features: tuple[str, ...] | list[str] = DEFAULT_FEATURES,
    boundary: str | None = None,
    points: list | None = None,
) -> Dataset:
    """One of the Playground's data sets, split and mapped to `features`; "boundary" is the
    set whose boundary is typed (`boundary`, a formula: class 1 where it holds), "drawn" the
    set drawn by hand (`points`, [x1, x2, class] rows; its size is theirs, and no noise is
    added to a point put where it is meant to be)."""
    if name not in PLAYGROUND:
        raise ValueError(f"unknown data set {quoted(name)}; choose one of: {', '.join(PLAYGROUND)}")
    if boundary is not None and name != "boundary":
        raise ValueError(f"a typed boundary belongs to the 'boundary' data set, not to '{name}'")
    if points is not None and name != "drawn":
        raise ValueError(f"drawn points belong to the 'drawn' data set, not to '{name}'")
    n_samples = _whole(n_samples, "n_samples", *SAMPLES_RANGE)
    noise = _number(noise, "noise", *NOISE_RANGE)
    test_fraction = _number(test_fraction, "test_fraction", *TEST_FRACTION_RANGE)
    chosen = checked_features(features)
    seed = _whole(seed, "the data seed", 0, SEED_LIMIT)
    if name == "drawn":
        if points is None:
            raise ValueError("the drawn data set needs its points: [x1, x2, class] rows")
        points, labels = drawn_data(points)
    elif name == "boundary":
        text = DEFAULT_BOUNDARY if boundary is None else boundary
        points, labels = typed_points(text, n_samples, noise, seed, _draws)
    else:
        points, labels = _GENERATORS[name](n_samples, noise, seed)
    divide = stable_split if name == "drawn" else split
    train, test = divide(len(points), test_fraction, seed)
    x = np.column_stack([FEATURES[f](points[:, 0], points[:, 1]) for f in chosen])
    binary = name in CLASSIFICATION
    return Dataset(
        name=name,
        task="binary" if binary else "regression",
        n_classes=2 if binary else 0,
        features=chosen,
        x_train=x[train],
        y_train=labels[train],
        x_test=x[test],
        y_test=labels[test],
        points_train=points[train],
        points_test=points[test],
    )


def from_table(
    name: str,
    x: np.ndarray,
    y: np.ndarray,
    *,
    test_fraction: float = DEFAULT_TEST_FRACTION,
    seed: int = 0,
    feature_names: tuple[str, ...] | None = None,
) -> Dataset:
    """A data set from a numeric table: classes when the labels are a few whole numbers (2
    of them: binary; more: multiclass, relabelled 0..k-1 in sorted order), else regression."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if x.ndim != 2 or y.ndim != 1 or len(x) != len(y):
        raise ValueError("the table must have one row of features per label")
    if x.shape[1] < 2:
        raise ValueError(f"the table needs two or more feature columns, got {x.shape[1]}")
    if len(x) < MIN_ROWS:
        raise ValueError(f"the table has {len(x)} rows; at least {MIN_ROWS} are needed")
    if not (np.isfinite(x).all() and np.isfinite(y).all()):
        raise ValueError("the table has missing or infinite values")
    test_fraction = _number(test_fraction, "test_fraction", *TEST_FRACTION_RANGE)
    seed = _whole(seed, "the data seed", 0, SEED_LIMIT)
    values = np.unique(y)
    if len(values) == 1:
        raise ValueError(f"every row has the label {values[0]:g}: there is nothing to learn")
    whole = bool(np.all(values == np.round(values)))
    if whole and len(values) <= MAX_CLASSES:
        labels = np.searchsorted(values, y).astype(np.float64)
        task, n_classes = ("binary", 2) if len(values) == 2 else ("multiclass", len(values))
    else:
        labels, task, n_classes = y.copy(), "regression", 0
    train, test = split(len(x), test_fraction, seed)
    names = feature_names or tuple(f"x{i + 1}" for i in range(x.shape[1]))
    plane: dict = {}
    if x.shape[1] == 2 and task != "multiclass":  # two inputs are a plane: draw the boundary
        plane = {
            "points_train": x[train],
            "points_test": x[test],
            "domain": _framed(x),
            "inputs_are_points": True,
        }
    return Dataset(
        name, task, n_classes, tuple(names), x[train], labels[train], x[test], labels[test],
        **plane,
    )  # fmt: skip


def _framed(points: np.ndarray) -> tuple[float, float, float, float]:
    """The points' bounding box with a tenth of its size on each side (a unit on each side
    where every point has the same coordinate)."""
    low, high = points.min(axis=0), points.max(axis=0)
    margin = np.where(high > low, 0.1 * (high - low), 1.0)
    low, high = low - margin, high + margin
    return float(low[0]), float(high[0]), float(low[1]), float(high[1])


def checked_features(features: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    if not isinstance(features, list | tuple) or not all(isinstance(f, str) for f in features):
        raise ValueError(f"features must be a list of names like x1, x2, got {features!r}")
    chosen = tuple(features)
    unknown = [f for f in chosen if f not in FEATURES]
    if unknown:
        raise ValueError(f"unknown feature {unknown[0]!r}; choose from: {', '.join(FEATURES)}")
    if not chosen or len(set(chosen)) != len(chosen):
        raise ValueError("choose one or more different features")
    return tuple(f for f in FEATURES if f in chosen)  # the Playground's order


def split(n: int, test_fraction: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Training and test row indices: the rows shuffled by the seed (Fisher-Yates), the
    first floor(n * (1 - test_fraction)) for training, as the Playground splits."""
    order = np.arange(n)
    draws = uniform_array(seed, _SPLIT_STREAM, n)
    for i in range(n - 1, 0, -1):
        j = int(draws[i] * (i + 1))
        order[i], order[j] = order[j], order[i]
    cut = min(max(math.floor(n * (1.0 - test_fraction)), 1), n - 1)
    return np.sort(order[:cut]), np.sort(order[cut:])


def stable_split(n: int, test_fraction: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Training and test rows of a drawn set: row i is for testing when its own draw is under
    `test_fraction`, so a point keeps its side as points are added after it (a shuffle of
    all n moved the old points between train and test with every click). At least one row
    of each."""
    test = uniform_array(seed, _SPLIT_STREAM, n) < test_fraction
    if test.all():
        test[0] = False
    if not test.any():
        test[-1] = True
    return np.flatnonzero(~test), np.flatnonzero(test)


# ----- the Playground's generators: (points (n, 2), labels (n,)) from (n, noise, seed) -----
def _draws(seed: int, n: int, per_point: int, low: float = 0.0, high: float = 1.0) -> np.ndarray:
    """`per_point` uniform draws in [low, high) for each of n points."""
    u = uniform_array(seed, _POINTS_STREAM, n * per_point).reshape(n, per_point)
    return low + (high - low) * u


def _halves(n: int) -> tuple[int, int]:
    return n - n // 2, n // 2


def _circle(n: int, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    radius = 5.0
    inside, _ = _halves(n)
    u = _draws(seed, n, 4)
    r = np.concatenate([radius * 0.5 * u[:inside, 0], radius * (0.7 + 0.3 * u[inside:, 0])])
    angle = 2 * math.pi * u[:, 1]
    points = np.column_stack([r * np.sin(angle), r * np.cos(angle)])
    shifted = points + (2 * u[:, 2:4] - 1) * radius * noise
    labels = (np.hypot(shifted[:, 0], shifted[:, 1]) < radius * 0.5).astype(np.float64)
    return points, labels


def _xor(n: int, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    u = _draws(seed, n, 4, -5.0, 5.0)
    padding = 0.3
    points = u[:, :2] + np.where(u[:, :2] > 0, padding, -padding)
    shifted = points + u[:, 2:4] * noise
    labels = (shifted[:, 0] * shifted[:, 1] >= 0).astype(np.float64)
    return points, labels


def _gauss(n: int, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    variance = 0.5 + (4.0 - 0.5) * noise / 0.5
    positives, _ = _halves(n)
    u = _draws(seed, n, 2)
    radius = np.sqrt(-2.0 * np.log(1.0 - u[:, 0]))  # Box-Muller: two normal draws a point
    normal = np.column_stack(
        [radius * np.cos(2 * math.pi * u[:, 1]), radius * np.sin(2 * math.pi * u[:, 1])]
    )
    centre = np.where(np.arange(n)[:, None] < positives, 2.0, -2.0)
    labels = (np.arange(n) < positives).astype(np.float64)
    return centre + math.sqrt(variance) * normal, labels


def _spiral(n: int, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    per_arm = n / 2
    first, _ = _halves(n)
    index = np.concatenate([np.arange(first), np.arange(n - first)]).astype(np.float64)
    delta = np.where(np.arange(n) < first, 0.0, math.pi)
    r = index / per_arm * 5
    t = 1.75 * index / per_arm * 2 * math.pi + delta
    u = _draws(seed, n, 2, -1.0, 1.0)
    points = np.column_stack([r * np.sin(t) + u[:, 0] * noise, r * np.cos(t) + u[:, 1] * noise])
    return points, (np.arange(n) < first).astype(np.float64)


def _plane(n: int, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    radius = 6.0
    u = _draws(seed, n, 4, -radius, radius)
    points = u[:, :2]
    shifted = points + u[:, 2:4] * noise
    return points, (shifted[:, 0] + shifted[:, 1]) / 10.0


GAUSSIANS = ((-4, 2.5, 1), (0, 2.5, -1), (4, 2.5, 1), (-4, -2.5, -1), (0, -2.5, 1), (4, -2.5, -1))
"""The Playground's six signed bumps of the `gaussians` regression set: (x, y, sign)."""


def _gaussians(n: int, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    radius = 6.0
    u = _draws(seed, n, 4, -radius, radius)
    points = u[:, :2]
    shifted = points + u[:, 2:4] * noise
    labels = np.zeros(n)
    for cx, cy, sign in GAUSSIANS:
        bump = sign * np.clip(1.0 - np.hypot(shifted[:, 0] - cx, shifted[:, 1] - cy) / 2, 0, 1)
        labels = np.where(np.abs(bump) > np.abs(labels), bump, labels)
    return points, labels


_GENERATORS = {
    "circle": _circle,
    "xor": _xor,
    "gauss": _gauss,
    "spiral": _spiral,
    "plane": _plane,
    "gaussians": _gaussians,
}


def _whole(value: object, name: str, low: int, high: int) -> int:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | np.integer)
        or not low <= value <= high
    ):
        raise ValueError(f"{name} must be a whole number in [{low}, {high}], got {value!r}")
    return int(value)


def _number(value: object, name: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.floating):
        raise ValueError(f"{name} must be a number in [{low}, {high}], got {value!r}")
    if not low <= float(value) <= high:
        raise ValueError(f"{name} must be in [{low}, {high}], got {value!r}")
    return float(value)
