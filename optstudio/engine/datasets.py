"""Synthetic data sets for the data-driven losses, generated from a seed.

Each data set is an (n, 3) float64 array of rows (a_i, b_i, t_i): the model output is
z_i = x*a_i + y*b_i, where (x, y) are the two weights shown on the map, and t_i is the target.
"""

from __future__ import annotations

import numpy as np

LINREG_SLOPE = 2.0
LINREG_INTERCEPT = -1.0
LOGREG_CENTRE = (1.0, 0.5)


def linreg_data(n_samples: int, noise: float, data_seed: int) -> np.ndarray:
    """Points t = 2a - 1 + noise*N(0, 1) with a uniform on [0, 3].

    The features are not centred, so slope and intercept are correlated and the loss is a
    narrow, tilted valley: the classic case for momentum and for feature scaling.
    """
    rng = np.random.default_rng(data_seed)
    a = rng.uniform(0.0, 3.0, n_samples)
    t = LINREG_SLOPE * a + LINREG_INTERCEPT + noise * rng.standard_normal(n_samples)
    return np.column_stack([a, np.ones(n_samples), t])


def logreg_data(n_samples: int, noise: float, data_seed: int) -> np.ndarray:
    """Two Gaussian clusters of spread `noise` around +-(1, 0.5), labelled 1 and 0.

    The model has no bias, so its decision boundary passes through the origin. Overlapping
    clusters give a finite minimum; well separated ones (small noise) send the weights off to
    infinity, which is worth showing too.
    """
    rng = np.random.default_rng(data_seed)
    positives = (n_samples + 1) // 2
    labels = np.zeros(n_samples)
    labels[:positives] = 1.0
    centre = np.asarray(LOGREG_CENTRE)
    sign = np.where(labels == 1.0, 1.0, -1.0)[:, None]
    points = sign * centre + noise * rng.standard_normal((n_samples, 2))
    order = rng.permutation(n_samples)
    return np.column_stack([points, labels])[order]
