"""Every optimizer against an independent numpy reference of its documented algorithm."""

import numpy as np
import pytest

import optstudio
from optstudio.engine.losses import make_loss
from optstudio.engine.optimizers import OPTIMIZERS
from tests.reference import reference_path

NON_DEFAULT = {
    "gd": [{"lr": 2e-4}],
    "sgd": [
        {"momentum": 0.9, "dampening": 0.1, "weight_decay": 0.01},
        {"momentum": 0.8, "nesterov": True, "lr": 5e-4},
    ],
    "momentum": [{"beta": 0.7, "lr": 5e-4}],
    "nesterov": [{"beta": 0.5, "lr": 5e-4}],
    "adagrad": [
        {
            "lr": 0.1,
            "lr_decay": 0.01,
            "weight_decay": 0.01,
            "initial_accumulator_value": 0.1,
            "eps": 1e-8,
        }
    ],
    "rmsprop": [
        {"centered": True, "momentum": 0.5, "lr": 1e-3, "weight_decay": 0.01},
        {"alpha": 0.9, "eps": 1e-6, "lr": 1e-3},
    ],
    "adadelta": [{"rho": 0.8, "lr": 0.1, "weight_decay": 0.01}],
    "adam": [{"amsgrad": True, "beta1": 0.8, "beta2": 0.99, "weight_decay": 0.01, "lr": 0.02}],
    "adamw": [{"weight_decay": 0.1, "amsgrad": True, "lr": 0.01}],
    "adamax": [{"lr": 0.01, "beta1": 0.85, "beta2": 0.99, "weight_decay": 0.01}],
    "nadam": [{"momentum_decay": 0.01, "decoupled_weight_decay": True, "weight_decay": 0.05}],
    "radam": [{"decoupled_weight_decay": True, "weight_decay": 0.05, "lr": 2e-3, "beta2": 0.99}],
    "rprop": [{"eta_minus": 0.4, "eta_plus": 1.3, "step_min": 1e-4, "step_max": 1.0}],
    "lion": [{"beta1": 0.8, "beta2": 0.95, "weight_decay": 0.01, "lr": 3e-3}],
    "newton": [{"damping": 1.0, "lr": 0.5}],
}
LOSSES = ["quadratic", "rosenbrock", "himmelblau"]
REFERENCED = [name for name in OPTIMIZERS if name != "lbfgs"]
"""L-BFGS is torch.optim.LBFGS's algorithm with its stopping rules and line search: its
reference is torch itself (tests/engine/test_torch_parity.py)."""
CASES = [
    pytest.param(name, overrides, id=f"{name}-{i}")
    for name in REFERENCED
    for i, overrides in enumerate([{}, *NON_DEFAULT[name]])
]


def compare(loss_name, optimizer, overrides, steps=300, start=None, **run_options):
    run = optstudio.simulate(
        loss_name, optimizer, steps=steps, start=start, **run_options, **overrides
    )
    loss = make_loss(loss_name, run_options.get("loss_params"))
    hyper = run.hyperparams
    expected = reference_path(loss, optimizer, hyper, run.path[0], steps)
    assert run.status == "max_steps"
    np.testing.assert_allclose(run.path, expected, rtol=1e-9, atol=1e-12)
    return run


def test_every_optimizer_has_non_default_cases():
    assert set(NON_DEFAULT) == set(REFERENCED)


@pytest.mark.parametrize("loss_name", LOSSES)
@pytest.mark.parametrize(("optimizer", "overrides"), CASES)
def test_matches_reference(loss_name, optimizer, overrides):
    compare(loss_name, optimizer, overrides)


@pytest.mark.parametrize("optimizer", ["sgd", "adam", "rmsprop", "nesterov", "lion"])
def test_maximize_climbs_the_reference_way(optimizer):
    run = compare(
        "quadratic", optimizer, {"maximize": True, "lr": 1e-3}, steps=200, start=(0.5, -0.3)
    )
    assert run.loss_values[-1] > run.loss_values[0]


@pytest.mark.parametrize("optimizer", ["gd", "sgd", "adam", "adagrad"])
def test_gradient_clipping_matches_clip_grad_norm(optimizer):
    run = compare("rosenbrock", optimizer, {"clip_norm": 0.5, "lr": 1e-2}, steps=200)
    steps = np.linalg.norm(np.diff(run.path, axis=0), axis=1)
    if optimizer in ("gd", "sgd"):
        assert steps.max() <= 0.5 * 1e-2 * (1 + 1e-9)


def test_newton_reaches_a_quadratic_minimum_in_one_step():
    run = optstudio.simulate("quadratic", "newton", steps=1, loss_params={"condition": 1000})
    np.testing.assert_allclose(run.path[-1], [0.0, 0.0], atol=1e-12)


def test_rprop_ignores_the_learning_rate_after_its_first_step():
    """torch's Rprop takes lr only to initialise its step sizes."""
    a = optstudio.simulate(
        "rosenbrock", "rprop", steps=50, lr=0.01, schedule="exponential:gamma=0.5"
    )
    b = optstudio.simulate("rosenbrock", "rprop", steps=50, lr=0.01)
    np.testing.assert_array_equal(a.path, b.path)
