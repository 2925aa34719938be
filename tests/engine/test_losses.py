"""Every loss: value and gradient against central differences, Hessian likewise, known minima."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optstudio.engine.losses import LOSSES, make_loss

PUBLISHED_MINIMA = {
    # name: [(x, y, f)] from the test-function literature, to their published precision
    "rosenbrock": [(1.0, 1.0, 0.0)],
    "beale": [(3.0, 0.5, 0.0)],
    "himmelblau": [
        (3.0, 2.0, 0.0),
        (-2.805118, 3.131312, 0.0),
        (-3.779310, -3.283186, 0.0),
        (3.584428, -1.848126, 0.0),
    ],
    "booth": [(1.0, 3.0, 0.0)],
    "matyas": [(0.0, 0.0, 0.0)],
    "three_hump_camel": [(0.0, 0.0, 0.0)],
    "six_hump_camel": [(0.0898, -0.7126, -1.0316), (-0.0898, 0.7126, -1.0316)],
    "goldstein_price": [(0.0, -1.0, 3.0)],
    "rastrigin": [(0.0, 0.0, 0.0)],
    "ackley": [(0.0, 0.0, 0.0)],
    "styblinski_tang": [(-2.903534, -2.903534, -78.33233)],
    "quadratic": [(0.0, 0.0, 0.0)],
}


def sample_points(loss, n=25, seed=0):
    xmin, xmax, ymin, ymax = loss.spec.view
    rng = np.random.default_rng(seed)
    return np.column_stack([rng.uniform(xmin, xmax, n), rng.uniform(ymin, ymax, n)])


def central_gradient(loss, x, y, h=1e-6):
    fx = (loss.value_grad(x + h, y)[0] - loss.value_grad(x - h, y)[0]) / (2 * h)
    fy = (loss.value_grad(x, y + h)[0] - loss.value_grad(x, y - h)[0]) / (2 * h)
    return np.array([fx, fy])


def central_hessian(loss, x, y, h=1e-6):
    gx1 = np.array(loss.value_grad(x + h, y)[1:])
    gx0 = np.array(loss.value_grad(x - h, y)[1:])
    gy1 = np.array(loss.value_grad(x, y + h)[1:])
    gy0 = np.array(loss.value_grad(x, y - h)[1:])
    return np.column_stack([(gx1 - gx0) / (2 * h), (gy1 - gy0) / (2 * h)])


@pytest.mark.parametrize("name", LOSSES)
def test_gradient_matches_central_differences(name):
    loss = make_loss(name)
    for x, y in sample_points(loss):
        analytic = np.array(loss.value_grad(x, y)[1:])
        numeric = central_gradient(loss, x, y)
        scale = max(1.0, abs(loss.value_grad(x, y)[0]), np.abs(analytic).max())
        np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-6 * scale)


@pytest.mark.parametrize("name", LOSSES)
def test_hessian_matches_central_differences_of_the_gradient(name):
    loss = make_loss(name)
    for x, y in sample_points(loss, seed=1):
        hxx, hxy, hyy = loss.hessian(x, y)
        analytic = np.array([[hxx, hxy], [hxy, hyy]])
        numeric = central_hessian(loss, x, y)
        scale = max(1.0, np.abs(analytic).max())
        np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-5 * scale)


@pytest.mark.parametrize("name", sorted(PUBLISHED_MINIMA))
def test_published_minima(name):
    loss = make_loss(name)
    stored = [p for p in loss.points if p.kind == "global"]
    assert len(stored) == len(PUBLISHED_MINIMA[name])
    for (x, y, value), point in zip(PUBLISHED_MINIMA[name], stored, strict=True):
        assert point.point == pytest.approx((x, y), abs=1e-4)
        assert point.value == pytest.approx(value, abs=1e-4)
        assert loss.value_grad(*point.point)[0] == pytest.approx(point.value, abs=1e-12)


@pytest.mark.parametrize("name", LOSSES)
def test_stored_stationary_points_have_zero_gradient(name):
    loss = make_loss(name)
    for point in loss.points:
        f, gx, gy = loss.value_grad(*point.point)
        assert math.hypot(gx, gy) < 1e-9
        assert f == pytest.approx(point.value, rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("name", LOSSES)
def test_default_start_is_in_view_and_not_a_minimum(name):
    loss = make_loss(name)
    xmin, xmax, ymin, ymax = loss.spec.view
    for x, y in loss.spec.starts:
        assert xmin <= x <= xmax and ymin <= y <= ymax
        assert math.hypot(*loss.value_grad(x, y)[1:]) > 1e-3


def test_rosenbrock_minimum_follows_its_parameter():
    loss = make_loss("rosenbrock", {"a": 2.0, "b": 10.0})
    assert loss.points[0].point == (2.0, 4.0)
    assert loss.value_grad(2.0, 4.0) == (0.0, 0.0, 0.0)


def test_quadratic_condition_number_is_the_hessian_eigenvalue_ratio():
    loss = make_loss("quadratic", {"condition": 50.0, "angle": 20.0})
    hxx, hxy, hyy = loss.hessian(0.3, -0.2)
    eigenvalues = np.linalg.eigvalsh([[hxx, hxy], [hxy, hyy]])
    assert eigenvalues.max() / eigenvalues.min() == pytest.approx(50.0)


def test_linreg_is_the_mean_squared_error_of_its_data():
    loss = make_loss("linreg", {"n_samples": 40, "noise": 0.3, "data_seed": 7})
    a, _, t = loss.data.T
    w, b = 1.3, -0.4
    assert loss.value_grad(w, b)[0] == pytest.approx(np.mean((w * a + b - t) ** 2), rel=1e-12)
    (minimum,) = loss.points
    expected = np.polyfit(a, t, 1)
    assert minimum.point == pytest.approx(tuple(expected), rel=1e-9)


def test_logreg_is_the_cross_entropy_of_its_data():
    loss = make_loss("logreg")
    features, labels = loss.data[:, :2], loss.data[:, 2]
    w = np.array([0.7, -1.1])
    p = 1 / (1 + np.exp(-(features @ w)))
    expected = -np.mean(labels * np.log(p) + (1 - labels) * np.log(1 - p))
    assert loss.value_grad(*w)[0] == pytest.approx(expected, rel=1e-12)
    assert set(np.unique(labels)) == {0.0, 1.0}
    assert len(loss.points) == 1


def test_logreg_on_separable_data_has_no_finite_minimum():
    loss = make_loss("logreg", {"noise": 0.05})
    assert loss.points == ()


def test_data_is_reproducible_from_its_seed():
    a = make_loss("linreg", {"data_seed": 3}).data
    b = make_loss("linreg", {"data_seed": 3, "n_samples": 60}).data
    c = make_loss("linreg", {"data_seed": 4}).data
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_grid_matches_pointwise_values():
    loss = make_loss("himmelblau")
    xs = np.linspace(-5, 5, 7)
    ys = np.linspace(-4, 4, 5)
    grid = loss.grid(xs, ys)
    assert grid.shape == (5, 7)
    assert grid[2, 3] == loss.value_grad(xs[3], ys[2])[0]


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        ("rosenbrok", None, "unknown loss 'rosenbrok' (did you mean 'rosenbrock'?)"),
        ("rosenbrock", {"c": 1}, "rosenbrock has no parameter 'c'"),
        ("rosenbrock", {"b": -1}, "rosenbrock: b must be in (0, 10000], got -1"),
        ("quadratic", {"condition": 0.5}, "quadratic: condition must be in [1, 1e+06]"),
        (
            "linreg",
            {"n_samples": 1},
            "linreg: n_samples must be a whole number in [2, 100000], got 1",
        ),
        ("linreg", {"n_samples": 2.5}, "linreg: n_samples must be a whole number"),
        ("logreg", {"noise": "lots"}, "logreg: noise must be a number, got 'lots'"),
    ],
)
def test_bad_loss_input_is_refused_with_a_clear_message(name, params, message):
    with pytest.raises(ValueError) as error:
        make_loss(name, params)
    assert message in str(error.value)


@settings(max_examples=60, deadline=None)
@given(
    name=st.sampled_from(sorted(LOSSES)),
    x=st.floats(-1.0, 1.0),
    y=st.floats(-1.0, 1.0),
)
def test_gradient_property_anywhere_in_view(name, x, y):
    loss = make_loss(name)
    xmin, xmax, ymin, ymax = loss.spec.view
    px = xmin + (x + 1) / 2 * (xmax - xmin)
    py = ymin + (y + 1) / 2 * (ymax - ymin)
    if name == "ackley" and math.hypot(px, py) < 1e-3:
        return  # the cone's tip has no gradient
    analytic = np.array(loss.value_grad(px, py)[1:])
    numeric = central_gradient(loss, px, py)
    scale = max(1.0, abs(loss.value_grad(px, py)[0]), np.abs(analytic).max())
    np.testing.assert_allclose(analytic, numeric, rtol=1e-4, atol=1e-6 * scale)
