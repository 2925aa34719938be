"""The plane through parameter space: its directions, the projected paths and the grid."""

import math

import numpy as np
import pytest

from optstudio.engine.models.datasets import playground
from optstudio.engine.models.mlp import initial_parameters, network, objective
from optstudio.engine.models.plane import (
    directions_pca,
    directions_random,
    landscape,
    loss_at,
    project,
)


@pytest.fixture(scope="module")
def problem():
    data = playground("circle", n_samples=200, noise=0.1, seed=1)
    net = network(2, (8, 8), 1, "tanh", "binary")
    params = initial_parameters(net, 0)
    path = [params]
    for _ in range(60):  # plain gradient descent, enough to move
        params = params - 0.5 * objective(net, params, data.x_train, data.y_train)[2]
        path.append(params)
    return net, data, np.array(path)


def test_pca_directions_are_orthonormal_and_explain_most_of_a_descent(problem):
    _, _, path = problem
    directions, explained = directions_pca([path], path[-1])
    np.testing.assert_allclose(directions @ directions.T, np.eye(2), atol=1e-12)
    assert 0.8 < explained <= 1.0


def _sklearn_pca(rows: np.ndarray) -> tuple[np.ndarray, float]:
    """sklearn's PCA(n_components=2).fit(rows), written out: centre on the mean, then SVD
    (what Li et al.'s `setup_PCA_directions` calls on the rows minus the final weights)."""
    centred = rows - rows.mean(axis=0)
    _, singular, vt = np.linalg.svd(centred, full_matrices=False)
    variance = singular**2
    return vt[:2], float(variance[:2].sum() / variance.sum())


def test_pca_directions_and_explained_share_are_the_references_centred_pca(problem):
    """Two runs from different starts: the uncentred SVD gave another plane (|cos| 0.77) and
    another share of variance (0.984 against 0.971)."""
    net, data, path = problem
    other = [initial_parameters(net, 5)]
    for _ in range(40):
        other.append(other[-1] - 0.3 * objective(net, other[-1], data.x_train, data.y_train)[2])
    runs = [path, np.array(other)]
    directions, explained = directions_pca(runs, path[-1])
    reference, share = _sklearn_pca(np.concatenate(runs) - path[-1])
    np.testing.assert_allclose(np.abs(np.sum(directions * reference, axis=1)), 1.0, atol=1e-9)
    assert explained == pytest.approx(share, rel=1e-12)
    sklearn = pytest.importorskip("sklearn.decomposition")
    pca = sklearn.PCA(n_components=2).fit(np.concatenate(runs) - path[-1])
    np.testing.assert_allclose(np.abs(np.sum(directions * pca.components_, axis=1)), 1.0, atol=1e-9)
    assert explained == pytest.approx(float(pca.explained_variance_ratio_.sum()), rel=1e-9)


def test_random_directions_are_filter_normalised(problem):
    net, _, path = problem
    center = path[-1]
    directions = directions_random(net, center, seed=3)
    for start, (n_in, n_out) in zip(net.offsets(), net.layers, strict=True):
        w = center[start : start + n_out * n_in].reshape(n_out, n_in)
        for d in directions:
            rows = d[start : start + n_out * n_in].reshape(n_out, n_in)
            np.testing.assert_allclose(
                np.linalg.norm(rows, axis=1), np.linalg.norm(w, axis=1), rtol=1e-12
            )
            assert not d[start + n_out * n_in : start + n_out * n_in + n_out].any()
    assert not np.array_equal(directions, directions_random(net, center, seed=4))


def test_the_grid_at_a_point_on_the_plane_is_the_loss_at_its_parameters(problem):
    net, data, path = problem
    directions, _ = directions_pca([path], path[-1])
    on_plane = path[-1] + 0.7 * directions[0] - 0.4 * directions[1]
    a, b = project(on_plane[None, :], path[-1], directions)[0]
    assert (a, b) == pytest.approx((0.7, -0.4), abs=1e-12)
    value = loss_at(net, path[-1], directions, a, b, data.x_train, data.y_train)
    expected = objective(net, on_plane, data.x_train, data.y_train)[0]
    assert value == pytest.approx(expected, rel=1e-12)


def test_the_landscape_grid_agrees_with_the_loss_at_its_nodes(problem):
    net, data, path = problem
    plane = landscape(net, [path], data.x_train, data.y_train, resolution=9)
    assert plane.loss.shape == (9, 9) and np.isfinite(plane.loss).all()
    for i, j in ((0, 0), (4, 4), (8, 3)):
        expected = loss_at(
            net,
            plane.center,
            plane.directions,
            plane.alpha[j],
            plane.beta[i],
            data.x_train,
            data.y_train,
        )
        assert plane.loss[i, j] == expected
    reach = np.abs(plane.paths[0]).max()
    assert plane.alpha[-1] == pytest.approx(1.25 * reach)
    np.testing.assert_allclose(plane.paths[0][-1], [0.0, 0.0], atol=1e-12)


def test_a_landscape_can_be_cancelled_and_bad_settings_are_refused(problem):
    net, data, path = problem
    assert landscape(net, [path], data.x_train, data.y_train, cancelled=lambda: True) is None
    with pytest.raises(ValueError, match=r"resolution must be a whole number in \[2, 400\]"):
        landscape(net, [path], data.x_train, data.y_train, resolution=10_000)
    with pytest.raises(ValueError, match="unknown plane method 'umap'"):
        landscape(net, [path], data.x_train, data.y_train, method="umap")
    with pytest.raises(ValueError, match="have not moved"):
        landscape(net, [path[:1]], data.x_train, data.y_train)
    random = landscape(net, [path], data.x_train, data.y_train, method="random", resolution=5)
    assert math.isnan(random.explained)


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid", "linear"])
@pytest.mark.parametrize(("task", "outputs"), [("binary", 1), ("multiclass", 3), ("regression", 1)])
def test_the_grids_losses_are_the_training_kernels(activation, task, outputs):
    """The grid's points run on every core, through the training kernel's own passes: the
    loss at a point is the training loss at its parameters, bit for bit, for every
    activation and loss."""
    rng = np.random.default_rng(5)
    net = network(3, (6, 5), outputs, activation, task)
    x = rng.normal(size=(40, 3))
    y = (
        rng.normal(size=40)
        if task == "regression"
        else rng.integers(0, max(outputs, 2), 40).astype(float)
    )
    center = initial_parameters(net, 1)
    directions = directions_random(net, center, seed=2)
    for a, b in ((0.0, 0.0), (0.8, -0.3), (-1.5, 2.0)):
        params = center + a * directions[0] + b * directions[1]
        expected = objective(net, params, x, y)[0]
        assert loss_at(net, center, directions, a, b, x, y) == expected
