"""The decision surface, predicted classes and confusion matrix of a model run."""

from __future__ import annotations

import numpy as np
import pytest

import optstudio

from .test_mlp import numpy_forward


def test_the_surface_is_the_networks_probability_at_each_point_of_the_plane():
    features = ("x1", "x2", "x1^2", "x1*x2", "sin(x2)")
    run = optstudio.train("circle", "adam", steps=300, lr=0.03, data_params={"features": features})
    surface = optstudio.decision_surface(run, resolution=41)
    assert surface.kind == "probability" and surface.values.shape == (41, 41)
    assert surface.x1[0] == -6 and surface.x1[-1] == 6 and surface.x1[20] == 0
    i, j = 7, 30  # row along x2, column along x1
    a, b = surface.x1[j], surface.x2[i]
    mapped = np.array([[a, b, a * a, a * b, np.sin(b)]])
    logit = numpy_forward(run.network, run.params[-1], mapped)[0, 0]
    assert surface.values[i, j] == pytest.approx(1 / (1 + np.exp(-logit)), rel=1e-12)


def test_training_points_fall_on_the_side_the_network_gives_them():
    run = optstudio.train("circle", "adam", steps=400, lr=0.03, data_params={"noise": 0.1})
    surface = optstudio.decision_surface(run, resolution=400)
    points = run.data.points_test
    step = surface.x1[1] - surface.x1[0]
    j = np.clip(np.rint((points[:, 0] + 6) / step).astype(int), 0, 399)
    i = np.clip(np.rint((points[:, 1] + 6) / step).astype(int), 0, 399)
    painted = surface.values[i, j] > 0.5
    predicted = optstudio.predicted_classes(run) == 1
    # a point within half a grid cell of the boundary may take its neighbour's colour
    assert np.mean(painted == predicted) > 0.98
    assert np.mean(predicted == (run.data.y_test == 1)) == run.test_accuracy[-1]


def test_a_regression_surface_holds_the_fitted_values():
    run = optstudio.train("plane", "adam", steps=100, lr=0.01)
    surface = optstudio.decision_surface(run, step=0, resolution=5)
    assert surface.kind == "value"
    expected = numpy_forward(run.network, run.params[0], np.array([[6.0, -6.0]]))[0, 0]
    assert surface.values[0, -1] == pytest.approx(expected, rel=1e-12)


def test_the_confusion_matrix_counts_the_test_rows_and_its_diagonal_is_the_accuracy():
    run = optstudio.train("digits", "adam", hidden=(16,), activation="relu", steps=60)
    counts = optstudio.confusion_matrix(run)
    assert counts.shape == (10, 10)
    assert counts.sum() == len(run.data.y_test)
    assert np.array_equal(
        counts.sum(axis=1), np.bincount(run.data.y_test.astype(int), minlength=10)
    )
    assert np.trace(counts) / counts.sum() == run.test_accuracy[-1]
    first = optstudio.confusion_matrix(run, step=0, rows="train")
    assert first.sum() == len(run.data.y_train) and np.trace(first) < np.trace(counts)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda runs: optstudio.decision_surface(runs["digits"]), "digits has 64 features"),
        (lambda runs: optstudio.decision_surface(runs["xor"], resolution=10_000), "resolution"),
        (lambda runs: optstudio.decision_surface(runs["xor"], step=99), r"\[-3, 2\]"),
        (lambda runs: optstudio.predicted_classes(runs["xor"], rows="all"), "train, test"),
        (lambda runs: optstudio.confusion_matrix(runs["plane"]), "regression"),
        (lambda runs: optstudio.confusion_matrix(runs["rosenbrock"]), "optstudio.train"),
    ],
)
def test_bad_requests_get_one_line(call, message):
    runs = {
        "xor": optstudio.train("xor", "sgd", steps=2),
        "digits": optstudio.train("digits", "sgd", hidden=(4,), steps=1),
        "plane": optstudio.train("plane", "sgd", steps=1),
        "rosenbrock": optstudio.simulate("rosenbrock", "adam", steps=1),
    }
    with pytest.raises(ValueError, match=message) as error:
        call(runs)
    assert "\n" not in str(error.value)


def test_another_networks_parameters_are_refused_not_drawn():
    """A verdict once mixed the old study's weights with new data: the kernel reads what it
    is given, so a vector of the wrong length is refused in one line."""
    from optstudio.engine.models.boundary import classes_of, surface_of

    run = optstudio.train("circle", "sgd", steps=5, lr=0.03, hidden=(4,))
    other = optstudio.train("circle", "sgd", steps=5, lr=0.03, hidden=(6, 3))
    for params in (other.params[-1], run.params[-1][:-1], run.params[-1][None, :]):
        with pytest.raises(ValueError, match="parameters"):
            surface_of(run.network, run.data, params)
        with pytest.raises(ValueError, match="parameters"):
            classes_of(run.network, run.data, params)
    with pytest.raises(ValueError, match="inputs a row"):
        optstudio.engine.models.mlp.predict(run.network, run.params[-1], np.zeros((3, 5)))


def test_a_table_of_two_columns_is_a_plane_and_gets_its_boundary(tmp_path):
    """A CSV of two feature columns got no boundary, though its two inputs are a plane: the
    surface covers its points' bounding box (a tenth more on each side), and the network's
    inputs at each grid point are the point itself."""
    rng = np.random.default_rng(3)
    points = rng.normal(size=(120, 2)) * [100.0, 0.5] + [1000.0, 0.0]
    labels = (points[:, 1] > 0).astype(int)
    path = tmp_path / "two.csv"
    rows = "\n".join(f"{a:.6f},{b:.6f},{y}" for (a, b), y in zip(points, labels, strict=True))
    path.write_text("height,slope,label\n" + rows + "\n")
    run = optstudio.train(f"csv:{path}", "adam", steps=50, lr=0.01)
    assert run.data.inputs_are_points and run.data.features == ("height", "slope")
    low, high = points.min(axis=0), points.max(axis=0)
    margin = 0.1 * (high - low)
    framed = [low[0] - margin[0], high[0] + margin[0], low[1] - margin[1], high[1] + margin[1]]
    np.testing.assert_allclose(run.data.domain, framed, atol=1e-5)
    surface = optstudio.decision_surface(run, resolution=9)
    assert surface.x1[0] == run.data.domain[0] and surface.x2[-1] == run.data.domain[3]
    i, j = 2, 6
    at = np.array([[surface.x1[j], surface.x2[i]]])
    logit = numpy_forward(run.network, run.params[-1], at)[0, 0]
    assert surface.values[i, j] == pytest.approx(1 / (1 + np.exp(-logit)), rel=1e-12)
    # three columns are not a plane
    three = tmp_path / "three.csv"
    three.write_text("a,b,c,label\n" + "\n".join(f"{k},{k % 3},{k % 5},{k % 2}" for k in range(40)))
    with pytest.raises(ValueError, match="two feature columns"):
        optstudio.decision_surface(optstudio.train(f"csv:{three}", "adam", steps=2))
