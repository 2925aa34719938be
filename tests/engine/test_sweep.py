"""Sweeps and basin maps against single runs: every cell is the run simulate makes."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optstudio.engine.runner import simulate
from optstudio.engine.sweep import (
    DIVERGED_LABEL,
    Axis,
    Cancelled,
    basins,
    run_many,
    sweep,
)


def _same_as_single_runs(result, indices):
    for i in indices:
        single = simulate(**result.run_config(i))
        assert tuple(result.runs.theta[i]) == single.theta, i
        assert result.runs.steps[i] == single.step, i
        assert result.runs.status_names()[i] == single.status, i
        assert result.runs.final_loss[i] == single.loss_values[-1] or (
            math.isnan(result.runs.final_loss[i]) and single.status == "diverged"
        ), i


@pytest.mark.parametrize(
    ("config", "axes"),
    [
        (
            {"loss": "rosenbrock", "optimizer": "adam", "steps": 300},
            [Axis("lr", 1e-3, 0.3, 7, True), Axis("beta1", 0.5, 0.99, 5)],
        ),
        (
            {"loss": "quadratic", "optimizer": "gd", "steps": 200, "tol": 1e-6},
            [Axis("lr", 0.01, 0.3, 12)],
        ),
        (
            {
                "loss": "linreg",
                "optimizer": "sgd",
                "steps": 250,
                "batch_size": 8,
                "seed": 4,
                "momentum": 0.9,
                "schedule": "cosine",
            },
            [Axis("lr", 1e-3, 0.5, 9, True), Axis("dampening", 0.0, 0.5, 3)],
        ),
        (
            {
                "loss": "himmelblau",
                "optimizer": "nesterov",
                "steps": 150,
                "loss_params": {"grad_noise": 0.3},
                "seed": 9,
            },
            [Axis("beta", 0.0, 0.95, 6), Axis("lr", 1e-3, 0.02, 4)],
        ),
        (
            {"loss": "logreg", "optimizer": "rprop", "steps": 120, "schedule": "step:step_size=40"},
            [Axis("lr", 1e-3, 0.1, 5, True)],
        ),
        (
            {"loss": "rosenbrock", "optimizer": "newton", "steps": 30},
            [Axis("damping", 0.0, 10.0, 6), Axis("lr", 0.2, 1.0, 3)],
        ),
    ],
)
def test_every_cell_equals_the_single_run_bit_for_bit(config, axes):
    result = sweep(config, axes, batch=7)  # small batches: several kernel calls
    assert result.runs.done.all()
    n = result.runs.steps.size
    assert n == math.prod(a.count for a in axes)
    _same_as_single_runs(result, range(n))


def test_a_grid_with_diverging_cells():
    result = sweep(
        {"loss": "quadratic", "optimizer": "gd", "steps": 500}, [Axis("lr", 0.05, 0.5, 10)]
    )
    statuses = result.runs.status_names()
    lrs = Axis("lr", 0.05, 0.5, 10).values
    # the quadratic's largest curvature is 10: gd diverges above lr = 0.2
    assert all(s == "diverged" for s, lr in zip(statuses, lrs, strict=True) if lr > 0.2)
    assert all(s != "diverged" for s, lr in zip(statuses, lrs, strict=True) if lr < 0.2)
    best = result.best()
    assert result.settings(best)["lr"] < 0.2
    _same_as_single_runs(result, range(10))


def test_best_by_steps_to_a_tolerance():
    result = sweep(
        {"loss": "quadratic", "optimizer": "gd", "steps": 3000, "tol": 1e-8},
        [Axis("lr", 0.01, 0.19, 19)],
    )
    best = result.best("steps")
    steps = result.runs.steps
    converged = result.runs.status == 1
    assert converged[best] and steps[best] == steps[converged].min()
    # the best constant step on this quadratic is 2/(1 + 10) = 0.18
    assert result.settings(best)["lr"] == pytest.approx(0.18, abs=0.011)


def test_cancel_mid_sweep_keeps_what_was_done():
    calls = []

    def progress(runs, finished):
        assert runs.done[finished].all()
        calls.append(len(finished))
        return len(calls) < 3

    with pytest.raises(Cancelled) as stop:
        sweep(
            {"loss": "rosenbrock", "optimizer": "adam", "steps": 200},
            [Axis("lr", 1e-3, 0.1, 16, True), Axis("beta2", 0.9, 0.999, 16)],
            progress=progress,
            batch=32,
        )
    partial = stop.value.partial
    assert calls == [32, 32, 32]
    assert partial.runs.done.sum() == 96 and not partial.runs.done[96:].any()
    _same_as_single_runs(partial, [0, 50, 95])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("lr=1e-5:1:8:log", Axis("lr", 1e-5, 1.0, 8, True)),
        ("beta1=0.5:0.9:3", Axis("beta1", 0.5, 0.9, 3)),
    ],
)
def test_axes_parse(text, expected):
    assert Axis.parse(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("lr", "NAME=LOW:HIGH:COUNT"),
        ("lr=1:2", "NAME=LOW:HIGH:COUNT"),
        ("lr=a:2:3", "NAME=LOW:HIGH:COUNT"),
        ("lr=1:2:3:lin", "NAME=LOW:HIGH:COUNT"),
        ("lr=0:1:5:log", "positive"),
        ("lr=1e-3:1:257", "1 to 256"),
        ("lr=1e-3:inf:4", "finite"),
    ],
)
def test_bad_axes_say_what_is_wrong(text, message):
    with pytest.raises(ValueError, match=message):
        Axis.parse(text)


def test_bad_sweeps_name_the_problem():
    config = {"loss": "rosenbrock", "optimizer": "adam", "steps": 10}
    with pytest.raises(ValueError, match="no hyperparameter 'momentum'"):
        sweep(config, [Axis("momentum", 0.1, 0.9, 3)])
    with pytest.raises(ValueError, match="beta1 must be in"):
        sweep(config, [Axis("beta1", 0.5, 1.5, 3)])
    with pytest.raises(ValueError, match="swept twice"):
        sweep(config, [Axis("lr", 0.1, 0.2, 2), Axis("lr", 0.1, 0.2, 2)])
    with pytest.raises(ValueError, match="one or two"):
        sweep(config, [])
    changed = {**config, "hyper_changes": [{"step": 5, "lr": 0.1}]}
    with pytest.raises(ValueError, match="cannot replay"):
        basins(changed, resolution=4)


def test_basins_of_himmelblau():
    config = {"loss": "himmelblau", "optimizer": "gd", "steps": 2000, "lr": 0.01, "tol": 1e-9}
    result = basins(config, resolution=24)
    assert result.labels.shape == (24, 24)
    assert set(np.unique(result.labels)) == {0, 1, 2, 3}, "all four minima have a basin"
    for row, column in [(0, 0), (5, 20), (23, 23), (12, 3), (17, 9)]:
        start = result.start(row, column)
        single = simulate(**{**config, "start": start})
        ended = result.minima[result.labels[row, column]]
        assert math.dist(single.theta, ended) < 1e-3
        assert single.step == result.steps[row, column]


def test_basins_mark_divergence_and_check_their_resolution():
    result = basins(
        {"loss": "himmelblau", "optimizer": "gd", "steps": 200, "lr": 0.05}, resolution=8
    )
    assert (result.labels == DIVERGED_LABEL).any()
    with pytest.raises(ValueError, match="2 to 512"):
        basins({"loss": "himmelblau", "optimizer": "gd"}, resolution=1000)


def test_run_many_with_start_points_equals_single_runs():
    starts = np.array([[0.5, 0.5], [-1.0, 2.0], [2.0, -1.5]])
    runs = run_many(
        {"loss": "beale", "optimizer": "adagrad", "steps": 400, "lr": 0.1}, starts=starts
    )
    for start, theta, steps in zip(starts, runs.theta, runs.steps, strict=True):
        single = simulate("beale", "adagrad", steps=400, lr=0.1, start=tuple(start))
        assert tuple(theta) == single.theta and steps == single.step


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(
        st.text(alphabet="lrbeta1=:0123456789.-elogin_", max_size=30),
        st.builds(
            "{}={}:{}:{}{}".format,
            st.sampled_from(["lr", "beta1", "", " "]),
            st.sampled_from(["1e-3", "0", "-1", "inf", "nan", "1e308", "x"]),
            st.sampled_from(["1", "0.1", "1e400", "-inf", ""]),
            st.sampled_from(["4", "0", "257", "-3", "1.5", "99999999999999999999"]),
            st.sampled_from(["", ":log", ":lin", ":log:log"]),
        ),
    )
)
def test_any_grid_text_gives_an_axis_of_finite_values_or_says_why(text):
    """The grid parser (optstudio sweep --grid) never raises anything but its ValueError,
    and what it accepts is a finite, bounded list of values."""
    try:
        axis = Axis.parse(text)
    except ValueError as error:
        assert "\n" not in str(error)
        return
    values = axis.values
    assert 1 <= len(values) <= 256 and np.isfinite(values).all()
