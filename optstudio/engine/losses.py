"""The loss catalogue: classic 2-D test functions and two small data-driven losses.

Definitions, view windows and minima follow the test-function literature (Jamil and Yang,
"A literature survey of benchmark functions for global optimisation problems", 2013; Surjanovic
and Bingham's Virtual Library of Simulation Experiments). Minima are stored to full precision
(refined by Newton's method from the published values; the tests check both).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from . import _ids
from .datasets import linreg_data, logreg_data
from .specs import HyperParam, LossSpec, StationaryPoint, Value, by_name, unknown_name

GRAD_NOISE = HyperParam(
    "grad_noise",
    0.0,
    "standard deviation of Gaussian noise added to each gradient (stochastic steps)",
    low=0.0,
)
N_SAMPLES = HyperParam(
    "n_samples", 60, "number of samples in the data set", kind="int", low=2, high=100_000
)
DATA_SEED = HyperParam(
    "data_seed", 0, "seed of the synthetic data set", kind="int", low=0, high=2**32 - 1
)


def _point(x: float, y: float, value: float, kind: str = "global") -> StationaryPoint:
    return StationaryPoint((x, y), value, kind)  # type: ignore[arg-type]


def _with_noise_param(*params: HyperParam) -> tuple[HyperParam, ...]:
    return (*params, GRAD_NOISE)


def _data_params(noise_default: float, noise_meaning: str) -> tuple[HyperParam, ...]:
    return (
        N_SAMPLES,
        HyperParam("noise", noise_default, noise_meaning, low=0.0, high=100.0),
        DATA_SEED,
    )


def _quadratic_params(v: Mapping[str, Value]) -> tuple[float, ...]:
    angle = math.radians(float(v["angle"]))  # type: ignore[arg-type]
    return (float(v["condition"]), math.cos(angle), math.sin(angle))  # type: ignore[arg-type]


def _rosenbrock_points(v: Mapping[str, Value]) -> tuple[StationaryPoint, ...]:
    a = float(v["a"])  # type: ignore[arg-type]
    return (_point(a, a * a, 0.0),)


def _data_points(loss_name: str) -> Any:
    def points(v: Mapping[str, Value]) -> tuple[StationaryPoint, ...]:
        loss = make_loss(loss_name, dict(v))
        return loss.points

    return points


_LOSS_SPECS: tuple[LossSpec, ...] = (
    LossSpec(
        "quadratic",
        "Ill-conditioned quadratic",
        "A rotated elliptic bowl: its curvature differs by the condition number between the "
        "two principal axes, so plain gradient descent zig-zags down the narrow direction.",
        "f = (κ u² + v²) / 2,  (u, v) = (x, y) rotated by the angle",
        (-3.0, 3.0, -3.0, 3.0),
        ((-2.5, 1.5), (2.5, 2.5), (-2.0, -2.5)),
        _ids.QUADRATIC,
        _with_noise_param(
            HyperParam(
                "condition",
                10.0,
                "condition number κ: ratio of the two curvatures",
                low=1.0,
                high=1e6,
                scale="log",
            ),
            HyperParam(
                "angle", 30.0, "rotation of the principal axes in degrees", low=-180.0, high=180.0
            ),
        ),
        (_point(0.0, 0.0, 0.0),),
        kernel_params=_quadratic_params,
    ),
    LossSpec(
        "rosenbrock",
        "Rosenbrock",
        "The banana valley: easy to find, hard to follow to its minimum at (a, a²).",
        "f = (a − x)² + b (y − x²)²",
        (-2.0, 2.0, -1.0, 3.0),
        ((-1.2, 1.0), (-1.5, 2.5), (1.5, -0.5)),
        _ids.ROSENBROCK,
        _with_noise_param(
            HyperParam("a", 1.0, "position of the minimum (a, a²)", low=-10.0, high=10.0),
            HyperParam(
                "b",
                100.0,
                "steepness of the valley walls",
                low=0.0,
                high=1e4,
                low_inclusive=False,
                scale="log",
            ),
        ),
        points_for=_rosenbrock_points,
        log_colour=True,
        kernel_params=lambda v: (float(v["a"]), float(v["b"])),  # type: ignore[arg-type]
    ),
    LossSpec(
        "beale",
        "Beale",
        "Flat plateaus and sharp ridges around a minimum at (3, 0.5) in a curved valley.",
        "f = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²",
        (-4.5, 4.5, -4.5, 4.5),
        ((1.0, 1.5), (-3.0, -1.0), (2.0, -2.0)),
        _ids.BEALE,
        _with_noise_param(),
        (_point(3.0, 0.5, 0.0), _point(0.0, 1.0, 14.203125, "saddle")),
        log_colour=True,
    ),
    LossSpec(
        "himmelblau",
        "Himmelblau",
        "Four minima of equal depth: where a run ends depends on where it starts.",
        "f = (x² + y − 11)² + (x + y² − 7)²",
        (-5.0, 5.0, -5.0, 5.0),
        ((0.0, 0.0), (-1.0, -4.0), (-4.0, 0.5), (1.0, 4.5)),
        _ids.HIMMELBLAU,
        _with_noise_param(),
        (
            _point(3.0, 2.0, 0.0),
            _point(-2.805118086952745, 3.131312518250573, 0.0),
            _point(-3.779310253377747, -3.283185991286170, 0.0),
            _point(3.584428340330492, -1.848126526964404, 0.0),
        ),
        log_colour=True,
    ),
    LossSpec(
        "booth",
        "Booth",
        "A plain but skewed quadratic bowl with its minimum at (1, 3).",
        "f = (x + 2y − 7)² + (2x + y − 5)²",
        (-10.0, 10.0, -10.0, 10.0),
        ((-8.0, -8.0), (8.0, -6.0), (-6.0, 9.0)),
        _ids.BOOTH,
        _with_noise_param(),
        (_point(1.0, 3.0, 0.0),),
    ),
    LossSpec(
        "matyas",
        "Matyas",
        "A very flat, elongated bowl: gradients are tiny far from the minimum at the origin.",
        "f = 0.26 (x² + y²) − 0.48 xy",
        (-10.0, 10.0, -10.0, 10.0),
        ((-8.0, 6.0), (7.0, 9.0), (9.0, -4.0)),
        _ids.MATYAS,
        _with_noise_param(),
        (_point(0.0, 0.0, 0.0),),
    ),
    LossSpec(
        "three_hump_camel",
        "Three-hump camel",
        "A global minimum at the origin between two shallower local minima.",
        "f = 2x² − 1.05x⁴ + x⁶/6 + xy + y²",
        (-3.0, 3.0, -3.0, 3.0),
        ((2.5, -2.0), (-2.0, 2.5), (0.5, 2.5)),
        _ids.THREE_HUMP_CAMEL,
        _with_noise_param(),
        (
            _point(0.0, 0.0, 0.0),
            _point(1.747552345830289, -0.8737761729151445, 0.29863844223685965, "local"),
            _point(-1.747552345830289, 0.8737761729151445, 0.29863844223685965, "local"),
        ),
        log_colour=True,
    ),
    LossSpec(
        "six_hump_camel",
        "Six-hump camel",
        "Two global minima and four local ones, with a saddle between every pair.",
        "f = (4 − 2.1x² + x⁴/3) x² + xy + (−4 + 4y²) y²",
        (-2.5, 2.5, -1.5, 1.5),
        ((-1.5, 1.0), (1.8, -0.5), (0.4, -1.2)),
        _ids.SIX_HUMP_CAMEL,
        _with_noise_param(),
        (
            _point(0.08984201310031807, -0.7126564030207396, -1.0316284534898774),
            _point(-0.08984201310031807, 0.7126564030207396, -1.0316284534898774),
            _point(-1.7036067149699807, 0.7960835686726252, -0.21546382438371725, "local"),
            _point(1.7036067149699807, -0.7960835686726252, -0.21546382438371725, "local"),
            _point(1.607104752920197, 0.5686514548841315, 2.104250310311258, "local"),
            _point(-1.607104752920197, -0.5686514548841315, 2.104250310311258, "local"),
        ),
    ),
    LossSpec(
        "goldstein_price",
        "Goldstein-Price",
        "Values from 3 to a million: a minimum of 3 at (0, −1) among several local minima.",
        "f = [1 + (x+y+1)² (19 − 14x + 3x² − 14y + 6xy + 3y²)] × "
        "[30 + (2x−3y)² (18 − 32x + 12x² + 48y − 36xy + 27y²)]",
        (-2.0, 2.0, -2.0, 2.0),
        ((-1.0, 1.0), (1.5, 1.5), (-1.5, -1.5)),
        _ids.GOLDSTEIN_PRICE,
        _with_noise_param(),
        (
            _point(0.0, -1.0, 3.0),
            _point(-0.6, -0.4, 30.0, "local"),
            _point(1.8, 0.2, 84.0, "local"),
            _point(1.2, 0.8, 840.0, "local"),
        ),
        log_colour=True,
    ),
    LossSpec(
        "rastrigin",
        "Rastrigin",
        "A bowl covered in ripples: a local minimum near every integer point.",
        "f = 2A + Σ (xᵢ² − A cos 2πxᵢ)",
        (-5.12, 5.12, -5.12, 5.12),
        ((-4.2, 3.8), (2.3, -3.1), (0.6, 0.4)),
        _ids.RASTRIGIN,
        _with_noise_param(
            HyperParam("A", 10.0, "height of the ripples", low=0.0, high=100.0),
        ),
        (_point(0.0, 0.0, 0.0),),
        kernel_params=lambda v: (float(v["A"]),),  # type: ignore[arg-type]
    ),
    LossSpec(
        "ackley",
        "Ackley",
        "A nearly flat, rippled plateau around one deep funnel at the origin.",
        "f = −a exp(−b √((x² + y²)/2)) − exp((cos cx + cos cy)/2) + a + e",
        (-5.0, 5.0, -5.0, 5.0),
        ((-3.5, 2.8), (4.0, 4.0), (1.2, -0.8)),
        _ids.ACKLEY,
        _with_noise_param(
            HyperParam("a", 20.0, "depth of the funnel", low=0.0, high=100.0),
            HyperParam("b", 0.2, "width of the funnel", low=0.0, high=10.0, low_inclusive=False),
            HyperParam("c", 2 * math.pi, "frequency of the ripples", low=0.0, high=100.0),
        ),
        (_point(0.0, 0.0, 0.0),),
        kernel_params=lambda v: (float(v["a"]), float(v["b"]), float(v["c"])),  # type: ignore[arg-type]
    ),
    LossSpec(
        "styblinski_tang",
        "Styblinski-Tang",
        "Four basins of different depth; the deepest is at (−2.90, −2.90).",
        "f = Σ (xᵢ⁴ − 16xᵢ² + 5xᵢ) / 2",
        (-5.0, 5.0, -5.0, 5.0),
        ((0.5, 4.0), (0.0, 0.0), (4.5, -1.0)),
        _ids.STYBLINSKI_TANG,
        _with_noise_param(),
        (
            _point(-2.903534027771177, -2.903534027771177, -78.33233140754284),
            _point(2.746802770990837, -2.903534027771177, -64.19561235905536, "local"),
            _point(-2.903534027771177, 2.746802770990837, -64.19561235905536, "local"),
            _point(2.746802770990837, 2.746802770990837, -50.05889331056789, "local"),
        ),
    ),
    LossSpec(
        "saddle",
        "Saddle",
        "A saddle point at the origin: downhill along y forever, so every run leaves the map.",
        "f = x² − y²",
        (-2.0, 2.0, -2.0, 2.0),
        ((-1.8, 0.02), (1.5, -0.3), (-1.0, 1.0)),
        _ids.SADDLE,
        _with_noise_param(),
        (_point(0.0, 0.0, 0.0, "saddle"),),
    ),
    LossSpec(
        "linreg",
        "Linear regression",
        "Mean squared error of a line w·a + b fitted to noisy points; the map's x is the slope "
        "w and its y the intercept b.",
        "f = (1/n) Σ (w aᵢ + b − tᵢ)²",
        (-1.0, 5.0, -4.0, 3.5),
        ((-0.5, 1.5), (4.5, -3.5), (0.0, -3.5)),
        _ids.LINREG,
        _data_params(0.5, "standard deviation of the noise on the targets"),
        points_for=_data_points("linreg"),
        kind="data",
    ),
    LossSpec(
        "logreg",
        "Logistic regression",
        "Binary cross-entropy of a logistic model σ(w₁a + w₂b) on two overlapping clusters; "
        "the map's axes are the two weights.",
        "f = (1/n) Σ [log(1 + exp(zᵢ)) − tᵢ zᵢ],  zᵢ = w₁ aᵢ + w₂ bᵢ",
        (-3.0, 5.0, -3.0, 5.0),
        ((-2.5, 4.0), (4.5, -2.5), (-2.5, -2.5)),
        _ids.LOGREG,
        _data_params(1.0, "spread of each cluster"),
        points_for=_data_points("logreg"),
        kind="data",
    ),
)

LOSSES: dict[str, LossSpec] = by_name(*_LOSS_SPECS)


def loss_spec(name: str) -> LossSpec:
    """A catalogue loss by name, or a formula loss written `expr:FORMULA[; a=1, ...]`."""
    if isinstance(name, str) and name.startswith("expr:"):
        from .formula import formula_spec

        return formula_spec(name)
    if name not in LOSSES:
        raise unknown_name("loss", name, LOSSES)
    return LOSSES[name]


_NO_DATA = np.zeros((0, 3))


@dataclass(frozen=True, eq=False)
class Loss:
    """A loss with its parameters resolved: what the kernels read, and where its minima are."""

    spec: LossSpec
    params: Mapping[str, Value]
    kernel_params: np.ndarray
    data: np.ndarray
    points: tuple[StationaryPoint, ...]

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def grad_noise(self) -> float:
        return float(self.params.get("grad_noise", 0.0))  # type: ignore[arg-type]

    @property
    def minima(self) -> tuple[StationaryPoint, ...]:
        """The known minima, global and local (the saddles left out)."""
        return tuple(p for p in self.points if p.kind != "saddle")

    @property
    def lowest(self) -> float | None:
        """The lowest known value, or None where no minimum is known."""
        return min((p.value for p in self.minima), default=None)

    @property
    def n_samples(self) -> int:
        return int(self.data.shape[0])

    def value_grad(self, x: float, y: float) -> tuple[float, float, float]:
        """The loss and its gradient at one point (all samples, no noise)."""
        from ._loss_kernels import value_grad

        return value_grad(self.spec.kernel_id, self.kernel_params, self.data, float(x), float(y))

    def hessian(self, x: float, y: float) -> tuple[float, float, float]:
        """(d2f/dx2, d2f/dxdy, d2f/dy2) at one point."""
        from ._loss_kernels import analytic_hessian, data_hessian

        if self.spec.is_data:
            order = np.zeros(0, dtype=np.int64)
            return data_hessian(
                self.spec.kernel_id, self.data, order, 0, self.n_samples, float(x), float(y)
            )
        return analytic_hessian(self.spec.kernel_id, self.kernel_params, float(x), float(y))

    def grid(self, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
        """Loss values on a grid, shape (len(ys), len(xs)), for the landscape map."""
        from ._loss_kernels import evaluate_grid

        xs = np.ascontiguousarray(xs, dtype=np.float64)
        ys = np.ascontiguousarray(ys, dtype=np.float64)
        out = np.empty((ys.shape[0], xs.shape[0]))
        evaluate_grid(self.spec.kernel_id, self.kernel_params, self.data, xs, ys, out)
        return out


def _least_squares_minimum(data: np.ndarray) -> tuple[StationaryPoint, ...]:
    features = data[:, :2]
    weights, *_ = np.linalg.lstsq(features, data[:, 2], rcond=None)
    value = float(np.mean((features @ weights - data[:, 2]) ** 2))
    return (_point(float(weights[0]), float(weights[1]), value),)


def _logistic_minimum(data: np.ndarray) -> tuple[StationaryPoint, ...]:
    """Newton's method on the cross-entropy; separable data have no finite minimum."""
    features, labels = data[:, :2], data[:, 2]
    weights = np.zeros(2)
    for _ in range(100):
        z = features @ weights
        p = 0.5 * (1.0 + np.tanh(0.5 * z))
        grad = features.T @ (p - labels) / len(labels)
        hess = (features * (p * (1 - p))[:, None]).T @ features / len(labels)
        try:
            step = np.linalg.solve(hess, grad)
        except np.linalg.LinAlgError:
            return ()
        weights = weights - step
        if not np.all(np.isfinite(weights)) or np.abs(weights).max() > 1e3:
            return ()
        if np.linalg.norm(step) < 1e-14 * (1.0 + np.linalg.norm(weights)):
            z = features @ weights
            value = float(np.mean(np.logaddexp(0.0, z) - labels * z))
            return (_point(float(weights[0]), float(weights[1]), value),)
    return ()


@lru_cache(maxsize=64)
def _make_loss(name: str, frozen: tuple[tuple[str, Any], ...]) -> Loss:
    spec = loss_spec(name)
    values = dict(frozen)
    if spec.name == "linreg":
        data = linreg_data(
            int(values["n_samples"]), float(values["noise"]), int(values["data_seed"])
        )
        points = _least_squares_minimum(data)
    elif spec.name == "logreg":
        data = logreg_data(
            int(values["n_samples"]), float(values["noise"]), int(values["data_seed"])
        )
        points = _logistic_minimum(data)
    else:
        data = _NO_DATA
        points = spec.stationary_points(values)
    data.flags.writeable = False
    kernel_params = np.asarray(spec.kernel_params(values), dtype=np.float64)
    if kernel_params.size == 0:
        kernel_params = np.zeros(1)
    kernel_params.flags.writeable = False
    return Loss(spec, values, kernel_params, data, points)


def make_loss(name: str, params: Mapping[str, Any] | None = None) -> Loss:
    """Validate a loss's parameters and build it (cached: data sets are made once)."""
    spec = loss_spec(name)
    values = spec.resolve(params)
    return _make_loss(spec.name, tuple(sorted(values.items())))
