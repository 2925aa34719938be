"""The model engine's data sets: the Playground's rules, splits, seeds and features."""

import math

import numpy as np
import pytest

from optstudio.engine.models.datasets import (
    FEATURES,
    GAUSSIANS,
    PLAYGROUND,
    from_table,
    playground,
)


@pytest.mark.parametrize("name", ["circle", "xor", "gauss", "spiral"])
def test_classification_sets_are_balanced_binary_and_split_as_asked(name):
    data = playground(name, n_samples=400, test_fraction=0.25, seed=3)
    assert data.task == "binary" and data.n_outputs == 1
    assert len(data.x_train) == 300 and len(data.x_test) == 100
    labels = np.concatenate([data.y_train, data.y_test])
    assert set(np.unique(labels)) <= {0.0, 1.0}
    assert 0.35 < labels.mean() < 0.65


def test_without_noise_each_set_follows_the_playgrounds_rule():
    circle = playground("circle", n_samples=1000)
    points = np.concatenate([circle.points_train, circle.points_test])
    labels = np.concatenate([circle.y_train, circle.y_test])
    radius = np.hypot(points[:, 0], points[:, 1])
    assert np.array_equal(labels == 1, radius < 2.5)
    assert ((radius < 2.5) | ((radius >= 3.5) & (radius <= 5))).all()
    xor = playground("xor", n_samples=1000)
    p = np.concatenate([xor.points_train, xor.points_test])
    assert np.array_equal(np.concatenate([xor.y_train, xor.y_test]) == 1, p[:, 0] * p[:, 1] >= 0)
    assert (np.abs(p) >= 0.3).all() and (np.abs(p) <= 5.3).all()
    plane = playground("plane", n_samples=1000)
    p = np.concatenate([plane.points_train, plane.points_test])
    np.testing.assert_allclose(
        np.concatenate([plane.y_train, plane.y_test]), (p[:, 0] + p[:, 1]) / 10
    )


def test_the_gaussians_targets_are_the_strongest_signed_bump():
    data = playground("gaussians", n_samples=2000)
    p = np.concatenate([data.points_train, data.points_test])
    y = np.concatenate([data.y_train, data.y_test])
    for (x0, y0), target in zip(p[:50], y[:50], strict=True):
        bumps = [
            s * min(max(1 - math.hypot(x0 - cx, y0 - cy) / 2, 0), 1) for cx, cy, s in GAUSSIANS
        ]
        strongest = max(bumps, key=abs, default=0.0)
        assert target == pytest.approx(strongest if abs(strongest) > 0 else 0.0)
    assert data.task == "regression" and y.min() >= -1 and y.max() <= 1


def test_noise_spreads_the_two_gaussians_and_mislabels_the_circle():
    calm = playground("gauss", n_samples=2000, noise=0.0)
    wild = playground("gauss", n_samples=2000, noise=0.5)
    assert np.std(wild.points_train) > np.std(calm.points_train)
    noisy = playground("circle", n_samples=2000, noise=0.5)
    p = np.concatenate([noisy.points_train, noisy.points_test])
    y = np.concatenate([noisy.y_train, noisy.y_test])
    assert 0.05 < np.mean((y == 1) != (np.hypot(p[:, 0], p[:, 1]) < 2.5)) < 0.5


def test_a_seed_gives_the_same_data_and_another_seed_other_data():
    a = playground("spiral", noise=0.3, seed=7)
    b = playground("spiral", noise=0.3, seed=7)
    c = playground("spiral", noise=0.3, seed=8)
    np.testing.assert_array_equal(a.x_train, b.x_train)
    assert not np.array_equal(a.x_train, c.x_train)


def test_features_are_the_playgrounds_in_its_order():
    data = playground("xor", features=["sin(x2)", "x1", "x1*x2"], seed=1)
    assert data.features == ("x1", "x1*x2", "sin(x2)")
    p = data.points_train
    np.testing.assert_array_equal(
        data.x_train, np.column_stack([p[:, 0], p[:, 0] * p[:, 1], np.sin(p[:, 1])])
    )
    assert set(FEATURES) == {"x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": "moons"}, "unknown data set 'moons'; choose one of: circle"),
        ({"name": "circle", "n_samples": 5}, "n_samples must be a whole number in [10, 100000]"),
        ({"name": "circle", "noise": 0.7}, "noise must be in [0.0, 0.5]"),
        ({"name": "circle", "test_fraction": 1.0}, "test_fraction must be in [0.1, 0.9]"),
        ({"name": "circle", "features": ["x3"]}, "unknown feature 'x3'"),
        ({"name": "circle", "features": []}, "choose one or more different features"),
    ],
)
def test_bad_settings_are_refused_in_one_line(kwargs, message):
    name = kwargs.pop("name")
    with pytest.raises(ValueError, match=None) as error:
        playground(name, **kwargs)
    assert str(error.value).startswith(message) and "\n" not in str(error.value)


def test_a_table_of_few_whole_labels_is_classes_else_targets():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(40, 3))
    binary = from_table("t", x, np.where(x[:, 0] > 0, 7.0, -1.0))
    assert binary.task == "binary" and set(np.unique(binary.y_train)) <= {0.0, 1.0}
    three = from_table("t", x, np.arange(40) % 3 * 2.0)
    assert three.task == "multiclass" and three.n_outputs == 3
    assert set(np.unique(np.concatenate([three.y_train, three.y_test]))) == {0.0, 1.0, 2.0}
    regression = from_table("t", x, x[:, 1] * 0.5)
    assert regression.task == "regression" and regression.n_classes == 0
    with pytest.raises(ValueError, match="nothing to learn"):
        from_table("t", x, np.ones(40))
    with pytest.raises(ValueError, match="at least 10"):
        from_table("t", x[:5], np.arange(5.0))
    with pytest.raises(ValueError, match="missing or infinite"):
        from_table("t", np.where(x > 2, np.nan, x), np.arange(40.0) % 2)


def test_every_playground_set_is_known():
    # the Playground's six, a set whose boundary is typed (Playground issue 252), one drawn
    assert PLAYGROUND == (
        "circle", "xor", "gauss", "spiral", "plane", "gaussians", "boundary", "drawn"
    )  # fmt: skip
