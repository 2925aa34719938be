"""The network view's maps: every unit's output over the input plane, as a forward pass of the
run's parameters written here computes it; the first layer's weights where there is no plane."""

import numpy as np
import pytest

import optstudio
from optstudio.engine.models.unit_maps import UNIT_RESOLUTION, unit_maps

from .test_mlp import numpy_forward, numpy_layers


@pytest.mark.parametrize(
    ("dataset", "hidden", "activation", "features"),
    [
        ("circle", (4, 3), "tanh", ["x1", "x2"]),
        ("spiral", (5, 4, 3), ["relu", "sigmoid", "linear"], ["x1", "x2", "x1^2", "sin(x2)"]),
        ("gaussians", (6,), "relu", ["x1", "x2"]),
    ],
)
def test_each_units_map_is_its_output_over_the_plane(dataset, hidden, activation, features):
    run = optstudio.train(
        dataset, "adam", hidden=hidden, activation=activation, steps=40, lr=0.03,
        data_params={"features": features},
    )  # fmt: skip
    params = run.params[-1]
    maps = unit_maps(run.network, run.data, params)
    assert maps.inputs.shape == (len(features), UNIT_RESOLUTION, UNIT_RESOLUTION)
    assert maps.task == run.network.task  # a regression's output is a value, not a logit
    assert [h.shape[0] for h in maps.hidden] == list(hidden)
    g1, g2 = np.meshgrid(maps.x1, maps.x2)
    points = np.column_stack([g1.ravel(), g2.ravel()])
    x = run.data.plane_inputs(points)
    expected = numpy_layers(run.network, params, x)
    for drawn, outs in zip([*maps.hidden, maps.output], expected, strict=True):
        np.testing.assert_allclose(drawn, outs.T.reshape(drawn.shape), rtol=1e-10, atol=1e-12)
    # the output map is the network's output at each grid point, as predict computes it
    np.testing.assert_allclose(
        maps.output[0].ravel(), numpy_forward(run.network, params, x)[:, 0], rtol=1e-10
    )
    # a grid point's inputs are the features of that point (x1 along a row, x2 up the rows)
    assert maps.inputs[0, 3, 5] == pytest.approx(maps.x1[5])
    assert maps.inputs[1, 3, 5] == pytest.approx(maps.x2[3])


def test_without_a_plane_the_first_layers_weights_are_what_a_unit_looks_for():
    run = optstudio.train("digits", "sgd", hidden=(6,), steps=0)
    maps = unit_maps(run.network, run.data, run.params[0])
    assert maps.inputs is None and maps.unit(1, 0) is None
    assert maps.weights[0].shape == (6, 64)
    np.testing.assert_array_equal(maps.weights[0].ravel(), run.params[0][: 6 * 64])
    np.testing.assert_array_equal(maps.biases[0], run.params[0][6 * 64 : 6 * 64 + 6])
