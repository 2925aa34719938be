"""A data set whose boundary the user types (Playground issue 252): each point's class is the
side of the typed formula it was drawn on, and a bad formula is refused in one line."""

import numpy as np
import pytest

import optstudio
from optstudio.engine.models.datasets import playground
from optstudio.engine.models.typed_boundary import boundary_function


@pytest.mark.parametrize(
    ("typed", "side"),
    [
        ("y > sin(2*x)", lambda x, y: y > np.sin(2 * x)),
        ("x^2 + y^2 < 9", lambda x, y: x**2 + y**2 < 9),
        ("x1*x2", lambda x, y: x * y > 0),
        ("abs(x) >= 2 + y", lambda x, y: np.abs(x) > 2 + y),
    ],
)
def test_each_point_is_on_the_side_of_the_typed_boundary(typed, side):
    data = playground("boundary", boundary=typed, n_samples=400, seed=3)
    points = np.concatenate([data.points_train, data.points_test])
    labels = np.concatenate([data.y_train, data.y_test])
    assert data.task == "binary" and data.n_classes == 2
    np.testing.assert_array_equal(labels, side(points[:, 0], points[:, 1]).astype(float))
    assert np.abs(points).max() <= 6.0
    assert 0.05 < labels.mean() < 0.95  # both classes drawn


def test_noise_moves_the_points_and_a_seed_gives_the_same_set():
    calm = playground("boundary", boundary="y > x", n_samples=300, seed=1)
    noisy = playground("boundary", boundary="y > x", n_samples=300, noise=0.3, seed=1)
    again = playground("boundary", boundary="y > x", n_samples=300, noise=0.3, seed=1)
    np.testing.assert_array_equal(calm.y_train, noisy.y_train)  # classes from the points drawn
    assert not np.array_equal(calm.points_train, noisy.points_train)
    np.testing.assert_array_equal(noisy.points_train, again.points_train)


def test_a_network_learns_the_typed_boundary_as_train_does():
    run = optstudio.train(
        "boundary", "adam", steps=300, lr=0.03, data_params={"boundary": "x^2 + y^2 < 9"}
    )
    assert run.test_accuracy[-1] > 0.9
    assert run.config["data_params"]["boundary"] == "x^2 + y^2 < 9"
    np.testing.assert_array_equal(optstudio.train(**run.config).params, run.params)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "the boundary is a formula in x and y"),
        ("y >", "the boundary needs a formula on both sides of >"),
        ("y > x > 1", "the boundary compares two sides once"),
        ("y > z", "the boundary: unknown name 'z'"),
        ("y > sinh(", "the boundary: this is not a formula"),
        ("y > x**10**10", "the boundary:"),
        ("__import__('os')", "the boundary:"),
        ("log(x - 7) > 0", "not a number everywhere"),
    ],
)
def test_a_bad_boundary_is_refused_in_one_line(typed, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(")) as error:
        playground("boundary", boundary=typed)
    assert "\n" not in str(error.value)


def test_a_boundary_belongs_to_its_own_set_only():
    with pytest.raises(ValueError, match="belongs to the 'boundary' data set"):
        playground("circle", boundary="y > x")
    assert boundary_function("y < x") == "(x) - (y)"
    assert boundary_function("x2 >= x1") == "(y) - (x)"
