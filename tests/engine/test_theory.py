"""The quadratic theory against runs of the engine: the bounds it states hold."""

import math

import numpy as np
import pytest

from optstudio.engine.losses import make_loss
from optstudio.engine.runner import create_run, simulate
from optstudio.engine.theory import momentum_paths, quadratic_theory


def test_quadratic_eigenvalues_and_bounds():
    theory = quadratic_theory(make_loss("booth"))
    assert theory.exact
    assert theory.eigenvalues == pytest.approx((2.0, 18.0))
    assert theory.condition_number == pytest.approx(9.0)
    assert theory.stable_lr == pytest.approx(2 / 18)
    assert theory.optimal_lr == pytest.approx(0.1)
    assert theory.heavy_ball == pytest.approx((4 / (math.sqrt(18) + math.sqrt(2)) ** 2, 0.25))
    for vector, value in zip(theory.eigenvectors, theory.eigenvalues, strict=True):
        h = np.array(
            [[theory.hessian[0], theory.hessian[1]], [theory.hessian[1], theory.hessian[2]]]
        )
        assert np.allclose(h @ np.array(vector), value * np.array(vector))


@pytest.mark.parametrize("loss", ["quadratic", "booth", "matyas", "linreg"])
def test_the_stability_bound_separates_converging_from_diverging(loss):
    theory = quadratic_theory(make_loss(loss))
    assert theory.exact
    below = simulate(loss, "gd", steps=4000, lr=0.97 * theory.stable_lr)
    above = simulate(loss, "gd", steps=4000, lr=1.03 * theory.stable_lr)
    assert np.allclose(below.theta, theory.centre, atol=1e-6)
    assert above.status == "diverged"


@pytest.mark.parametrize("loss", ["quadratic", "matyas", "linreg"])
def test_heavy_ball_at_its_optimum_beats_the_best_gradient_descent(loss):
    theory = quadratic_theory(make_loss(loss))
    lr, momentum = theory.heavy_ball
    steps = 60
    gd = simulate(loss, "gd", steps=steps, lr=theory.optimal_lr)
    ball = simulate(loss, "momentum", steps=steps, lr=lr, beta=momentum)
    error = lambda run: np.hypot(*np.subtract(run.theta, theory.centre))  # noqa: E731
    assert error(ball) < 1e-3 * error(gd)
    # and gradient descent contracts at the stated rate, as the theory says (within 10 %)
    start_error = np.hypot(*np.subtract(gd.path[0], theory.centre))
    assert error(gd) <= 1.1 * theory.gd_rate**steps * start_error * math.sqrt(
        theory.condition_number
    )


def test_non_quadratic_losses_get_the_local_quadratic_at_their_minimum():
    theory = quadratic_theory(make_loss("rosenbrock"))
    assert not theory.exact and theory.centre == (1.0, 1.0)
    assert theory.condition_number == pytest.approx(2508, rel=1e-3)
    assert quadratic_theory(make_loss("saddle")) is None


def test_momentum_conventions_agree_at_constant_lr_and_torchs_is_the_engines():
    loss = make_loss("quadratic")
    lrs = np.full(200, 0.02)
    paths = momentum_paths(loss, (-2.5, 1.5), lrs, 0.9)
    assert np.allclose(paths["torch"], paths["sutskever"], atol=1e-12)
    assert np.allclose(paths["torch"], paths["low-pass"], atol=1e-12)
    engine = simulate("quadratic", "sgd", steps=200, lr=0.02, momentum=0.9, start=(-2.5, 1.5))
    assert np.allclose(paths["torch"], engine.path, rtol=1e-12, atol=1e-14)


def test_under_a_schedule_torch_and_sutskever_differ():
    run = create_run(
        "quadratic", "sgd", steps=300, momentum=0.9, lr=0.05, schedule="step:step_size=50,gamma=0.3"
    )
    lrs = run.learning_rates(0, 300)
    assert lrs[0] == 0.05 and lrs[60] == pytest.approx(0.015)
    paths = momentum_paths(run.loss, run.start, lrs, 0.9)
    gap = np.max(np.hypot(*(paths["torch"] - paths["sutskever"]).T))
    assert gap > 1e-3
    engine = simulate(**{**run.config, "steps": 300})
    assert np.allclose(paths["torch"], engine.path, rtol=1e-10, atol=1e-12)
