"""Theory beside the picture: what the Hessian says about step sizes and momentum.

On a quadratic f(θ) = ½ (θ − θ*)ᵀ H (θ − θ*) + c, gradient descent converges exactly when
lr < 2/λ_max; its best constant step is 2/(λ_min + λ_max), contracting the error by
(κ − 1)/(κ + 1) a step, κ = λ_max/λ_min the condition number. Polyak's heavy ball with
lr = 4/(√λ_max + √λ_min)² and momentum ((√κ − 1)/(√κ + 1))² contracts by (√κ − 1)/(√κ + 1):
on κ = 100, 0.82 a step instead of 0.98. For other losses the same numbers describe the
quadratic that approximates the loss near its minimum.

The momentum conventions: torch's SGD keeps v ← μv + g and steps −lr·v; Sutskever et al.
(2013) keep v ← μv − lr·g and step +v; the low-pass form keeps v ← μv + (1 − μ)g and steps
−lr·v. With a constant lr the first two are the same method and the third is it with lr
scaled by 1/(1 − μ); under a schedule they differ, because torch applies today's lr to the
whole velocity while Sutskever's applied each past lr to its own gradient.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .losses import Loss

PROBES = ((0.37, -0.61), (-1.3, 0.8), (2.1, 1.7))
"""Where the Hessian is compared to decide that a loss is quadratic (arbitrary points)."""


@dataclass(frozen=True)
class QuadraticTheory:
    exact: bool
    """True for a quadratic loss; False for the local quadratic at a minimum."""
    centre: tuple[float, float]
    hessian: tuple[float, float, float]
    eigenvalues: tuple[float, float]
    """λ_min, λ_max."""
    eigenvectors: tuple[tuple[float, float], tuple[float, float]]
    """Unit vectors of λ_min and λ_max."""

    @property
    def condition_number(self) -> float:
        low, high = self.eigenvalues
        return high / low if low > 0.0 else math.inf

    @property
    def stable_lr(self) -> float:
        """Gradient descent converges for lr below this."""
        return 2.0 / self.eigenvalues[1]

    @property
    def optimal_lr(self) -> float:
        low, high = self.eigenvalues
        return 2.0 / (low + high)

    @property
    def gd_rate(self) -> float:
        kappa = self.condition_number
        return (kappa - 1.0) / (kappa + 1.0)

    @property
    def heavy_ball(self) -> tuple[float, float]:
        """(lr, momentum) of Polyak's optimal heavy ball on this quadratic."""
        low, high = self.eigenvalues
        lr = 4.0 / (math.sqrt(high) + math.sqrt(low)) ** 2
        root = math.sqrt(self.condition_number)
        return lr, ((root - 1.0) / (root + 1.0)) ** 2

    @property
    def heavy_ball_rate(self) -> float:
        root = math.sqrt(self.condition_number)
        return (root - 1.0) / (root + 1.0)


def _eigen(hxx: float, hxy: float, hyy: float):
    values, vectors = np.linalg.eigh(np.array([[hxx, hxy], [hxy, hyy]]))
    return (
        (float(values[0]), float(values[1])),
        (
            (float(vectors[0, 0]), float(vectors[1, 0])),
            (float(vectors[0, 1]), float(vectors[1, 1])),
        ),
    )


def is_quadratic(loss: Loss) -> bool:
    """The Hessian is the same everywhere (to rounding)."""
    hessians = np.array([loss.hessian(x, y) for x, y in PROBES])
    scale = max(float(np.abs(hessians).max()), 1e-300)
    return bool(np.all(np.abs(hessians - hessians[0]) <= 1e-9 * scale))


def quadratic_theory(loss: Loss) -> QuadraticTheory | None:
    """The theory of a quadratic loss, or of the quadratic near its global minimum; None
    where that quadratic is not positive definite (no minimum to converge to)."""
    exact = is_quadratic(loss)
    minima = loss.minima
    if exact:
        x, y = PROBES[0]
        hessian = loss.hessian(x, y)
        _, gx, gy = loss.value_grad(x, y)
        matrix = np.array([[hessian[0], hessian[1]], [hessian[1], hessian[2]]])
        if abs(np.linalg.det(matrix)) < 1e-300:
            return None
        centre = np.array([x, y]) - np.linalg.solve(matrix, np.array([gx, gy]))
        centre_point = (float(centre[0]), float(centre[1]))
        if minima:  # the stored minimum is exact where the solve leaves rounding
            centre_point = min(minima, key=lambda p: p.value).point
    elif minima:
        best = min(minima, key=lambda p: p.value)
        centre_point = best.point
        hessian = loss.hessian(*centre_point)
    else:
        return None
    values, vectors = _eigen(*hessian)
    if not values[0] > 0.0:
        return None
    return QuadraticTheory(exact, centre_point, tuple(hessian), values, vectors)


CONVENTIONS = ("torch", "sutskever", "low-pass")
CONVENTION_RULES = {
    "torch": "v ← μ·v + g ;  θ ← θ − lr·v",
    "sutskever": "v ← μ·v − lr·g ;  θ ← θ + v",
    "low-pass": "v ← μ·v + (1 − μ)·g ;  θ ← θ − lr′·v,  lr′ = lr/(1 − μ)",
}


def momentum_paths(
    loss: Loss, start: tuple[float, float], lrs: np.ndarray, mu: float
) -> dict[str, np.ndarray]:
    """The paths of the three momentum conventions with the same lr schedule (one lr per
    step), the low-pass one with its lr scaled so that all three agree at a constant lr."""
    n = len(lrs)
    paths = {name: np.empty((n + 1, 2)) for name in CONVENTIONS}
    for name in CONVENTIONS:
        theta = np.array(start, dtype=float)
        velocity = np.zeros(2)
        path = paths[name]
        path[0] = theta
        for t in range(n):
            _, gx, gy = loss.value_grad(theta[0], theta[1])
            g = np.array([gx, gy])
            lr = float(lrs[t])
            if name == "torch":
                velocity = g if t == 0 else mu * velocity + g
                theta = theta - lr * velocity
            elif name == "sutskever":
                velocity = mu * velocity - lr * g
                theta = theta + velocity
            else:
                velocity = mu * velocity + (1.0 - mu) * g
                theta = theta - lr / (1.0 - mu) * velocity
            path[t + 1] = theta
            if not np.all(np.isfinite(theta)):
                path[t + 1 :] = np.nan
                break
    return paths
