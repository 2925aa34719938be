"""Runs: recording, chunked resumption, reproducibility, mini-batches, divergence, bad input."""

import json
import warnings

import numpy as np
import pytest

import optstudio
from optstudio.engine._random import shuffle_epoch
from optstudio.engine.runner import create_run

ARRAYS = ("path", "loss_values", "grad_norm", "lr", "steps")


def assert_same_run(a, b):
    for name in ARRAYS:
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)
    assert a.status == b.status
    assert a.step == b.step


def test_row_zero_is_the_start_and_rows_follow_steps():
    run = optstudio.simulate("rosenbrock", "adam", steps=50, start=(0.5, -0.5))
    assert run.path.shape == (51, 2)
    assert run.path.dtype == np.float64
    assert tuple(run.path[0]) == (0.5, -0.5)
    np.testing.assert_array_equal(run.steps, np.arange(51))
    assert run.loss_values[0] == 0.25 + 100 * 0.75**2
    assert run.status == "max_steps"


def test_zero_steps_gives_the_start_row_alone():
    run = optstudio.simulate("himmelblau", "gd", steps=0)
    assert run.path.tolist() == [[0.0, 0.0]]
    assert run.loss_values.tolist() == [170.0]
    assert run.grad_norm[0] == pytest.approx(np.hypot(14, 22))
    assert run.lr.tolist() == [1e-3]


@pytest.mark.parametrize(
    ("loss", "optimizer", "options"),
    [
        ("rosenbrock", "adam", {}),
        ("rosenbrock", "nesterov", {"lr": 1e-4}),
        ("himmelblau", "rmsprop", {"schedule": "cosine_restarts:T_0=37"}),
        ("quadratic", "sgd", {"loss_params": {"grad_noise": 0.5}, "momentum": 0.9}),
        ("linreg", "sgd", {"batch_size": 7, "lr": 0.01}),
        ("logreg", "newton", {"batch_size": 16, "damping": 0.1, "lr": 0.5}),
        ("rastrigin", "lion", {"record_every": 7}),
    ],
)
def test_chunks_give_bit_identical_results(loss, optimizer, options):
    whole = optstudio.simulate(loss, optimizer, steps=600, **options)
    pieces = optstudio.simulate(loss, optimizer, steps=0, **options)
    for size in (1, 99, 200, 300):
        pieces.advance(size)
    assert_same_run(whole, pieces)


def test_config_reproduces_the_run_exactly_through_json():
    run = optstudio.simulate(
        "linreg",
        "adam",
        steps=300,
        batch_size=5,
        seed=11,
        schedule="step:step_size=50",
        record_every=3,
        lr=0.05,
        beta2=0.95,
        loss_params={"noise": 1.0},
    )
    config = json.loads(json.dumps(run.config))
    assert config["loss_params"]["noise"] == 1.0
    assert config["schedule"] == {"name": "step", "step_size": 50, "gamma": 0.1}
    assert_same_run(run, optstudio.simulate(**config))


def test_record_every_keeps_memory_bounded_and_ends_on_the_current_point():
    full = optstudio.simulate("rosenbrock", "adam", steps=1_000_000, record_every=1000)
    assert len(full) == 1001
    np.testing.assert_array_equal(full.steps[:3], [0, 1000, 2000])
    strided = optstudio.simulate("rosenbrock", "adam", steps=1050, record_every=100)
    assert strided.steps.tolist() == [*range(0, 1001, 100), 1050]
    dense = optstudio.simulate("rosenbrock", "adam", steps=1050)
    np.testing.assert_array_equal(strided.path, dense.path[strided.steps])
    np.testing.assert_array_equal(strided.loss_values, dense.loss_values[strided.steps])


def test_minibatches_are_seeded_and_epochs_visit_every_sample_once():
    a = optstudio.simulate("linreg", "sgd", steps=200, batch_size=4, seed=1, lr=0.01)
    b = optstudio.simulate("linreg", "sgd", steps=200, batch_size=4, seed=1, lr=0.01)
    c = optstudio.simulate("linreg", "sgd", steps=200, batch_size=4, seed=2, lr=0.01)
    full = optstudio.simulate("linreg", "sgd", steps=200, lr=0.01)
    assert_same_run(a, b)
    assert not np.array_equal(a.path, c.path)
    assert not np.array_equal(a.path, full.path)
    order = np.zeros(60, dtype=np.int64)
    shuffle_epoch(order, 1, 0)
    first = order.copy()
    shuffle_epoch(order, 1, 1)
    assert sorted(first) == list(range(60)) == sorted(order)
    assert not np.array_equal(first, order)


def test_full_batch_is_the_default_and_equals_batch_size_n():
    default = optstudio.simulate("logreg", "gd", steps=100, lr=0.5)
    explicit = optstudio.simulate("logreg", "gd", steps=100, lr=0.5, batch_size=60)
    assert_same_run(default, explicit)


def test_stochastic_gd_recorded_loss_is_the_full_data_loss():
    run = optstudio.simulate("linreg", "sgd", steps=30, batch_size=1, lr=0.01)
    loss = optstudio.engine.make_loss("linreg")
    for (x, y), value in zip(run.path, run.loss_values, strict=True):
        assert value == loss.value_grad(x, y)[0]


def test_gradient_noise_is_seeded():
    a = optstudio.simulate("booth", "gd", steps=100, seed=3, loss_params={"grad_noise": 2.0})
    b = optstudio.simulate("booth", "gd", steps=100, seed=3, loss_params={"grad_noise": 2.0})
    c = optstudio.simulate("booth", "gd", steps=100, seed=4, loss_params={"grad_noise": 2.0})
    assert_same_run(a, b)
    assert not np.array_equal(a.path, c.path)


def test_divergence_stops_at_that_step_and_keeps_every_finite_row():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = optstudio.simulate("rosenbrock", "gd", steps=10_000, lr=0.01)
    assert run.status == "diverged"
    assert 0 < run.step < 100
    assert len(run) == run.step + 1
    assert np.isfinite(run.path).all() and np.isfinite(run.loss_values).all()
    run.advance(100)
    assert run.step == len(run) - 1


def test_a_diverged_run_does_not_stop_another():
    bad = optstudio.simulate("saddle", "gd", steps=100_000, lr=0.1)
    good = optstudio.simulate("booth", "gd", steps=2000, lr=0.05)
    assert bad.status == "diverged"
    assert good.status == "max_steps"
    assert good.path[-1] == pytest.approx([1.0, 3.0], abs=1e-9)


def test_division_by_zero_inside_a_step_is_a_divergence_not_an_exception():
    zero_over_zero = optstudio.simulate(
        "quadratic", "adagrad", steps=5, start=(1.0, 0.0), eps=0.0, loss_params={"angle": 0.0}
    )
    assert zero_over_zero.status == "diverged" and zero_over_zero.step == 0
    singular = optstudio.simulate("saddle", "newton", steps=3, damping=2.0)
    assert singular.status == "diverged" and singular.step == 0
    assert singular.path.tolist() == [list(make_start("saddle"))]


def make_start(loss):
    return optstudio.engine.LOSSES[loss].default_start


def test_tolerance_stops_a_converged_run():
    run = optstudio.simulate("booth", "gd", steps=100_000, lr=0.05, tol=1e-8)
    assert run.status == "converged"
    assert run.grad_norm[-1] < 1e-8 <= run.grad_norm[-2]
    assert run.step < 1000
    assert optstudio.simulate("quadratic", "newton", steps=10, tol=1e-12).step == 1


def test_learning_rate_column_follows_the_schedule():
    run = optstudio.simulate(
        "quadratic", "sgd", steps=10, lr=0.1, schedule="step:step_size=4,gamma=0.5"
    )
    np.testing.assert_allclose(run.lr, [0.1] * 4 + [0.05] * 4 + [0.025] * 3)


def test_hyperparameter_changes_keep_state_and_replay_exactly():
    run = create_run("rosenbrock", "adam", lr=0.01)
    run.advance(100)
    run.set_hyperparameters(lr=0.05, beta1=0.8)
    run.advance(150)
    run.set_hyperparameters(lr=0.001)
    run.advance(50)
    assert run.lr[99] == 0.01 and run.lr[100] == 0.05 and run.lr[299] == 0.001
    config = json.loads(json.dumps(run.config))
    assert config["lr"] == 0.01
    assert config["hyper_changes"] == [
        {"step": 100, "lr": 0.05, "beta1": 0.8},
        {"step": 250, "lr": 0.001},
    ]
    assert_same_run(run, optstudio.simulate(**config))
    restarted = optstudio.simulate("rosenbrock", "adam", steps=300, lr=0.05, beta1=0.8)
    assert not np.array_equal(run.path[150], restarted.path[150])


def test_a_refused_change_leaves_the_run_as_it_was():
    run = create_run("rosenbrock", "adam").advance(10)
    with pytest.raises(ValueError, match="beta1 must be in"):
        run.set_hyperparameters(beta1=1.5)
    assert run.hyperparams["beta1"] == 0.9 and run.changes == []


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"optimizer": "adma"}, "unknown optimizer 'adma' (did you mean 'adam'?); choose one of:"),
        # a line break in a damaged session's name stays on the message's one line
        ({"optimizer": "ad\nam"}, "unknown optimizer 'ad\\nam' (did you mean 'adam'?); choose"),
        ({"loss": "nope"}, "unknown loss 'nope'"),
        ({"lr": -0.1}, "adam: lr must be in [0, inf), got -0.1"),
        ({"beta1": 1.0}, "adam: beta1 must be in [0, 1), got 1.0"),
        ({"beta2": 1.5}, "adam: beta2 must be in [0, 1), got 1.5"),
        ({"eps": "tiny"}, "adam: eps must be a number, got 'tiny'"),
        ({"momentum": 0.9}, "adam has no hyperparameter 'momentum'"),
        ({"amsgrad": "maybe"}, "adam: amsgrad must be true or false"),
        ({"steps": -1}, "steps must be a whole number in [0,"),
        ({"steps": 2.5}, "steps must be a whole number"),
        ({"record_every": 0}, "record_every must be a whole number in [1,"),
        ({"tol": -1}, "tol must be a finite number >= 0"),
        ({"start": (1.0,)}, "start must be two numbers"),
        ({"start": (float("nan"), 0)}, "start must be finite"),
        ({"seed": -3}, "seed must be a whole number in [0,"),
        (
            {"batch_size": 4},
            "batch_size applies to data losses (linreg, logreg), not to rosenbrock",
        ),
        ({"schedule": "cosin"}, "unknown schedule 'cosin' (did you mean 'cosine'?)"),
        ({"schedule": "step:gamma=-1"}, "schedule step: gamma must be in (0, inf), got '-1'"),
        ({"schedule": "step:size=3"}, "schedule step has no argument 'size'"),
        ({"schedule": "cyclic"}, "cyclic: max_lr is required"),
        ({"schedule": "onecycle:cycle_momentum=true"}, "cycle_momentum=true is not supported"),
        ({"schedule": "multistep:milestones=[50,10]"}, "milestones must be increasing"),
        ({"schedule": "cosine:T_max"}, "schedule argument 'T_max' is not NAME=VALUE"),
        ({"schedule": {"T_max": 3}}, "a schedule given as a dict needs a 'name' key"),
        ({"loss_params": {"b": 0}}, "rosenbrock: b must be in (0, 10000], got 0"),
    ],
)
def test_bad_input_raises_value_error_naming_the_choices_or_range(kwargs, message):
    args = {"loss": "rosenbrock", "optimizer": "adam", **kwargs}
    with pytest.raises(ValueError) as error:
        optstudio.simulate(args.pop("loss"), args.pop("optimizer"), **args)
    assert message in str(error.value)


@pytest.mark.parametrize(
    ("loss", "optimizer", "kwargs", "message"),
    [
        ("linreg", "sgd", {"batch_size": 0}, "batch_size must be a whole number in [1, 60], got 0"),
        ("linreg", "sgd", {"batch_size": 61}, "batch_size must be a whole number in [1, 60]"),
        ("rosenbrock", "sgd", {"nesterov": True}, "Nesterov momentum requires a momentum and zero"),
        (
            "rosenbrock",
            "sgd",
            {"nesterov": True, "momentum": 0.9, "dampening": 0.1},
            "Nesterov momentum requires",
        ),
        ("rosenbrock", "rprop", {"eta_plus": 0.9}, "rprop: eta_plus must be in (1, inf)"),
        ("rosenbrock", "rprop", {"step_min": 2.0, "step_max": 1.0}, "step_min must not exceed"),
        ("rosenbrock", "adam", {"clip_norm": 0}, "adam: clip_norm must be in (0, inf)"),
    ],
)
def test_cross_field_and_data_rules(loss, optimizer, kwargs, message):
    with pytest.raises(ValueError) as error:
        optstudio.simulate(loss, optimizer, **kwargs)
    assert message in str(error.value)


def test_current_batch_is_the_minibatch_the_next_step_uses():
    run = create_run("linreg", "sgd", batch_size=7, seed=5, lr=0.01)
    assert create_run("linreg", "sgd").current_batch() is None
    loss = optstudio.engine.make_loss("linreg")
    seen = []
    for _ in range(9):  # 60 samples in batches of 7: 8 full batches and one of 4 per epoch
        batch = run.current_batch()
        seen.extend(batch.tolist())
        x, y = run.theta
        data = loss.data[batch]
        residual = data[:, 0] * x + data[:, 1] * y - data[:, 2]
        gradient = 2 * np.array([np.mean(residual * data[:, 0]), np.mean(residual)])
        run.advance(1)
        np.testing.assert_allclose(run.theta, np.array([x, y]) - 0.01 * gradient, rtol=1e-12)
    assert sorted(seen) == list(range(60))


def test_sgd_without_momentum_takes_gds_loop_and_keeps_sgds_numbers(monkeypatch):
    """SGD with no momentum or weight decay runs in gradient descent's loop; its path is the
    one SGD's own loop computes, also when a momentum and a weight decay set mid-run send it
    back to SGD's loop (its momentum buffer starting at the step of the change)."""
    from optstudio.engine import _update_rules

    def run_with_changes():
        run = create_run("rosenbrock", "sgd", lr=2e-4)
        run.advance(300)
        run.set_hyperparameters(momentum=0.9, weight_decay=0.01)
        run.advance(300)
        run.set_hyperparameters(momentum=0.0, weight_decay=0.0)
        return run.advance(300)

    assert _update_rules.loop_rule(1, [2e-4, 0.0, 0.0, 0.0, 0.0]) == 0
    fast = run_with_changes()
    monkeypatch.setattr(_update_rules, "loop_rule", lambda optimizer_id, h: optimizer_id)
    own = run_with_changes()
    assert np.array_equal(fast.path, own.path) and np.array_equal(fast.loss_values, own.loss_values)
    gd = optstudio.simulate("rosenbrock", "gd", steps=300, lr=2e-4)
    assert np.array_equal(fast.path[:301], gd.path)
    plain = optstudio.simulate("rosenbrock", "sgd", steps=900, lr=2e-4)
    assert not np.array_equal(fast.path[-1], plain.path[-1])  # the momentum took effect
