"""A plane through a network's parameter space, the runs' paths on it and the loss over it.

A model has hundreds of parameters, so there is no map to draw its path on; Li et al.
("Visualizing the Loss Landscape of Neural Nets", 2018) draw one on a plane through the
parameters, centred on a point c (by default where a run ended) and spanned by two directions:

- "pca": the first two principal components of the trajectories' rows minus c (§7), centred on
  their mean as the paper's code centres them (it fits sklearn's PCA, which subtracts the
  mean): the plane through c that shows most of how the runs moved, with the fraction of
  their variance it explains (sklearn's `explained_variance_ratio_` summed);
- "random": two Gaussian directions, filter-normalised (§4): each weight row (a neuron's
  filter) scaled to the norm of the same row of c, biases not moved, so the plane's scale
  matches the network's and planes of different networks compare.

A path is projected onto the plane (least squares for directions that are not orthogonal),
and the loss is evaluated at each point c + a d1 + b d2 of a grid: a full pass over the
training set per point through the training kernel's own passes (so a grid value is the
training loss at its parameters, bit for bit), the points of a row on every core (numba
prange), a row at a time so that it can be cancelled between rows.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .._random import uniform_array
from ..specs import quoted
from .mlp import TASK_IDS, Network

METHODS = ("pca", "random")
RESOLUTION_RANGE = (2, 400)
DEFAULT_RESOLUTION = 60
SPAN_MARGIN = 1.25
"""The grid spans the projected paths with this much to spare on each side."""
_DIRECTION_STREAM = 4


@dataclass(frozen=True)
class Plane:
    center: np.ndarray
    directions: np.ndarray
    """(2, P): the plane's two directions."""
    alpha: np.ndarray
    beta: np.ndarray
    loss: np.ndarray
    """(resolution, resolution): loss[i, j] at center + alpha[j] d1 + beta[i] d2."""
    paths: tuple[np.ndarray, ...]
    """Each trajectory projected onto the plane, (n, 2)."""
    explained: float
    """The fraction of the trajectories' variance the plane explains (NaN for random)."""
    method: str


def directions_pca(
    trajectories: Sequence[np.ndarray], center: np.ndarray
) -> tuple[np.ndarray, float]:
    """The first two principal directions of the rows minus `center`, centred on their mean
    (orthonormal), and the fraction of their variance those two explain: sklearn's
    `PCA(n_components=2).fit(rows - center)`, as Li et al.'s `setup_PCA_directions` does."""
    rows = np.concatenate([np.asarray(t, dtype=np.float64) for t in trajectories]) - center
    rows = rows - rows.mean(axis=0)
    if len(rows) < 2 or not np.any(rows):
        raise ValueError("the runs have not moved yet: there is no plane to find")
    _, singular, vt = np.linalg.svd(rows, full_matrices=False)
    total = float(np.sum(singular**2))
    explained = float(np.sum(singular[:2] ** 2) / total) if total else math.nan
    directions = vt[:2]
    if len(directions) < 2:  # one parameter moved: any second direction will do
        second = np.zeros_like(directions[0])
        second[np.argmin(np.abs(directions[0]))] = 1.0
        second -= second @ directions[0] * directions[0]
        directions = np.vstack([directions, second / np.linalg.norm(second)])
    return directions, explained


def directions_random(net: Network, center: np.ndarray, seed: int) -> np.ndarray:
    """Two Gaussian directions, filter-normalised against `center` (Li et al. §4)."""
    n = net.n_params
    u = uniform_array(seed, _DIRECTION_STREAM, 4 * n).reshape(2, 2 * n)
    radius = np.sqrt(-2.0 * np.log(1.0 - u[:, :n]))
    directions = radius * np.cos(2 * math.pi * u[:, n:])
    for start, (n_in, n_out) in zip(net.offsets(), net.layers, strict=True):
        weights = slice(start, start + n_out * n_in)
        biases = slice(start + n_out * n_in, start + n_out * n_in + n_out)
        w = center[weights].reshape(n_out, n_in)
        for d in directions:
            rows = d[weights].reshape(n_out, n_in)
            norms = np.linalg.norm(rows, axis=1, keepdims=True)
            rows *= np.linalg.norm(w, axis=1, keepdims=True) / np.where(norms > 0, norms, 1.0)
            d[weights] = rows.ravel()
            d[biases] = 0.0
    return directions


def project(points: np.ndarray, center: np.ndarray, directions: np.ndarray) -> np.ndarray:
    """Coordinates (a, b) of each point's nearest point on the plane (least squares)."""
    gram = directions @ directions.T
    return np.linalg.solve(gram, directions @ (np.asarray(points) - center).T).T


def landscape(
    net: Network,
    trajectories: Sequence[np.ndarray],
    x: np.ndarray,
    y: np.ndarray,
    *,
    method: str = "pca",
    center: np.ndarray | None = None,
    resolution: int = DEFAULT_RESOLUTION,
    span: float | None = None,
    seed: int = 0,
    cancelled: Callable[[], bool] | None = None,
) -> Plane | None:
    """The plane, the projected paths and the training loss over a grid on it; None if
    `cancelled()` said so between two rows of the grid."""
    if method not in METHODS:
        choices = ", ".join(METHODS)
        raise ValueError(f"unknown plane method {quoted(method)}; choose one of: {choices}")
    low, high = RESOLUTION_RANGE
    if (
        isinstance(resolution, bool)
        or not isinstance(resolution, int)
        or not low <= resolution <= high
    ):
        raise ValueError(
            f"resolution must be a whole number in [{low}, {high}], got {resolution!r}"
        )
    if not trajectories:
        raise ValueError("a plane needs at least one run")
    c = np.asarray(trajectories[0][-1] if center is None else center, dtype=np.float64)
    if c.shape != (net.n_params,):
        raise ValueError(f"the centre must have {net.n_params} parameters, got {c.shape}")
    for path in trajectories:
        if np.ndim(path) != 2 or np.shape(path)[1] != net.n_params:
            raise ValueError(
                f"a path must be rows of {net.n_params} parameters, got {np.shape(path)}"
            )
    if method == "pca":
        directions, explained = directions_pca(trajectories, c)
    else:
        directions, explained = directions_random(net, c, seed), math.nan
    paths = tuple(project(t, c, directions) for t in trajectories)
    if span is None:
        reach = max(float(np.abs(p).max()) for p in paths if len(p))
        span = SPAN_MARGIN * reach if reach > 0 else 1.0
    elif not (isinstance(span, int | float) and math.isfinite(span) and span > 0):
        raise ValueError(f"span must be a positive number, got {span!r}")
    axis = np.linspace(-span, span, resolution)
    loss = np.empty((resolution, resolution))
    xs = np.asarray(x, dtype=np.float64)
    ys = np.asarray(y, dtype=np.float64)
    for i, b in enumerate(axis):
        if cancelled is not None and cancelled():
            return None
        loss[i] = grid_losses(net, c, directions, axis, float(b), xs, ys)
    return Plane(c, directions, axis, axis.copy(), loss, paths, explained, method)


def grid_losses(
    net: Network,
    center: np.ndarray,
    directions: np.ndarray,
    alphas: np.ndarray,
    b: float,
    x: np.ndarray,
    y: np.ndarray,
) -> np.ndarray:
    """The mean training loss at center + a d1 + b d2 for each a in `alphas`: the points of a
    grid row on every core at once (numba), each the training kernel's own loss, bit for bit."""
    from ._parallel_passes import grid_row_losses

    out = np.empty(len(alphas))
    grid_row_losses(
        np.ascontiguousarray(center, dtype=np.float64),
        np.ascontiguousarray(directions[0], dtype=np.float64),
        np.ascontiguousarray(directions[1], dtype=np.float64),
        np.ascontiguousarray(alphas, dtype=np.float64),
        float(b),
        np.ascontiguousarray(x, dtype=np.float64),
        np.ascontiguousarray(y, dtype=np.float64),
        np.asarray(net.sizes, dtype=np.int64),
        net.kinds(),
        TASK_IDS[net.task],
        out,
    )
    return out


def loss_at(
    net: Network,
    plane_center: np.ndarray,
    directions: np.ndarray,
    a: float,
    b: float,
    x: np.ndarray,
    y: np.ndarray,
) -> float:
    """The training loss at the point (a, b) of a plane, as the grid computes it."""
    return float(grid_losses(net, plane_center, directions, np.array([a]), b, x, y)[0])
