"""The network view names what its output shows: a binary classifier's probability, a
regression's fitted value, a class's logit; a picked unit stays large with its name."""

import numpy as np
import pytest

import optstudio
from optstudio.engine.models.unit_maps import unit_maps
from optstudio.qt.lab.network_view import NetworkView


@pytest.mark.parametrize(
    ("dataset", "said", "unsaid"),
    [
        ("circle", "output: probability of the blue class", None),
        ("gaussians", "output: fitted value, ±", "probability"),
    ],
)
def test_the_output_is_named_for_what_it_is(qtbot, dataset, said, unsaid):
    run = optstudio.train(dataset, "adam", hidden=(4, 3), steps=20, lr=0.02)
    view = NetworkView()
    qtbot.addWidget(view)
    view.show_units(unit_maps(run.network, run.data, run.params[-1]), 1, "Adam", 20)
    assert view.title.text().startswith("Adam at step 20: 2-4-3-1 — ")
    assert said in view.title.text()
    if unsaid:
        assert unsaid not in view.title.text()
    view.pick((2, 1))  # layer 2, unit 2
    assert view.shown_unit == (2, 1)
    assert "layer 2, unit 2 (tanh)" in view.title.text()
    drawn = view.detail_image.image
    assert drawn.shape == (32, 32, 4) and np.ptp(drawn[..., :3]) > 0  # a map, not a blank
