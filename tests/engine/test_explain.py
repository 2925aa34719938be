"""The step explanation against the engine: its update is the move the engine makes, and the
moment estimates it shows are the state the engine keeps after the step."""

import numpy as np
import pytest

from optstudio.engine.explain import explain_next_step
from optstudio.engine.optimizers import OPTIMIZERS
from optstudio.engine.runner import simulate

STATE_TERMS = {
    "sgd": {"b": (0, 2)},
    "adagrad": {"G": (0, 2)},
    "rmsprop": {"v": (0, 2), "ḡ": (2, 4), "b": (4, 6)},
    "adadelta": {"v": (0, 2), "u": (2, 4)},
    "adam": {"m": (0, 2), "v": (2, 4), "v_max": (4, 6)},
    "adamw": {"m": (0, 2), "v": (2, 4)},
    "adamax": {"m": (0, 2), "u": (2, 4)},
    "nadam": {"m": (0, 2), "v": (2, 4)},
    "radam": {"m": (0, 2), "v": (2, 4)},
    "rprop": {"Δ": (2, 4)},
    "lion": {"m": (0, 2)},
}

CASES = [
    *[(name, "rosenbrock", {}) for name in OPTIMIZERS if name != "newton"],
    ("newton", "rosenbrock", {"lr": 0.5}),
    ("newton", "quadratic", {}),
    ("sgd", "rosenbrock", {"momentum": 0.9, "nesterov": True, "weight_decay": 0.01}),
    ("sgd", "linreg", {"momentum": 0.8, "dampening": 0.3, "batch_size": 8}),
    ("rmsprop", "himmelblau", {"centered": True, "momentum": 0.5, "clip_norm": 2.0}),
    ("adam", "himmelblau", {"amsgrad": True, "weight_decay": 0.1, "maximize": True}),
    ("adamw", "rosenbrock", {"weight_decay": 0.5, "schedule": "cosine"}),
    ("nadam", "logreg", {"decoupled_weight_decay": True, "weight_decay": 0.2}),
    ("radam", "rosenbrock", {"steps_before": 3}),
    ("adagrad", "linreg", {"lr_decay": 0.01, "batch_size": 1}),
    ("lion", "rosenbrock", {"weight_decay": 0.1, "lr": 1e-3}),
    ("adam", "rosenbrock", {"loss_params": {"grad_noise": 0.5}, "seed": 3}),
]


@pytest.mark.parametrize(("optimizer", "loss", "settings"), CASES)
def test_explanation_matches_the_engine(optimizer, loss, settings):
    settings = dict(settings)
    steps_before = settings.pop("steps_before", 40)
    run = simulate(loss, optimizer, steps=steps_before, **settings)
    config = run.config
    theta = np.array(run.theta)
    explanation = explain_next_step(run)

    assert explanation.step == steps_before + 1
    assert explanation.theta_next is not None, "the step was taken"
    moved = np.subtract(explanation.theta_next, theta)
    assert np.allclose(explanation.update, moved, rtol=1e-9, atol=1e-13)
    # the run continued exactly as an uninterrupted one
    reference = simulate(**{**config, "steps": steps_before + 1})
    assert explanation.theta_next == reference.theta

    state = run.optimizer_state
    terms = {term.symbol: term.value for term in explanation.terms}
    for symbol, (first, last) in STATE_TERMS.get(optimizer, {}).items():
        if symbol in terms:
            assert np.allclose(terms[symbol], state[first:last], rtol=1e-12, atol=1e-300), symbol

    arrows = dict(explanation.arrows)
    assert arrows["update"] == explanation.update
    if optimizer != "lbfgs":  # L-BFGS shows its update and its probes, no -lr g
        assert np.allclose(arrows["−lr·g"], -explanation.lr * np.array(explanation.gradient))


def test_the_gradient_shown_is_the_loss_gradient():
    run = simulate("himmelblau", "gd", steps=5, lr=0.01)
    _, gx, gy = run.loss.value_grad(*run.theta)
    explanation = explain_next_step(run)
    assert explanation.gradient == (gx, gy)
    assert explanation.terms[0].rule == "∇f(θ)"


def test_momentum_arrows_add_up_to_the_update():
    for name, hyper in (("momentum", {}), ("nesterov", {}), ("sgd", {"momentum": 0.9})):
        run = simulate("quadratic", name, steps=10, **hyper)
        arrows = dict(explain_next_step(run).arrows)
        assert np.allclose(np.add(arrows["−lr·g"], arrows["momentum"]), arrows["update"])


def test_adam_bias_corrections_at_step_one():
    run = simulate("rosenbrock", "adam", steps=0, beta1=0.8, beta2=0.99)
    terms = {t.symbol: t.value for t in explain_next_step(run).terms}
    assert terms["1 − β₁ᵗ"] == pytest.approx(0.2)
    assert terms["1 − β₂ᵗ"] == pytest.approx(0.01)
    # at step one Adam moves every coordinate by lr: m̂ = g and v̂ = g²
    assert np.allclose(np.abs(terms["Δθ"]), 1e-3, rtol=1e-6)


def test_a_stopped_run_explains_but_does_not_move():
    run = simulate("rosenbrock", "gd", steps=50, lr=0.1)
    assert run.status == "diverged"
    explanation = explain_next_step(run)
    assert explanation.theta_next is None
    assert explanation.status == "diverged"


def test_an_lbfgs_step_lists_every_point_it_evaluated():
    run = simulate("rosenbrock", "lbfgs", steps=1, line_search_fn="strong_wolfe", max_iter=4)
    before = np.array(run.theta)
    explanation = explain_next_step(run)
    terms = {term.symbol: term.value for term in explanation.terms}
    assert len(explanation.probes) == terms["evaluations"] - 1 > 0
    # the step ends where its last iteration's line search settled: one of the probes
    ends = np.array(explanation.probes)
    assert np.min(np.abs(ends - np.array(explanation.theta_next)).sum(axis=1)) < 1e-12
    assert not np.allclose(before, explanation.theta_next)
    assert explain_next_step(simulate("rosenbrock", "adam", steps=3)).probes == ()
