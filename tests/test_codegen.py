"""The run as code: every script compiles, and the PyTorch and optax scripts retrace the
engine's path (to 1e-7 over hundreds of steps, in float64)."""

import warnings

import numpy as np
import pytest

from optstudio.codegen import FRAMEWORKS, generate
from optstudio.engine.losses import LOSSES
from optstudio.engine.optimizers import OPTIMIZERS
from optstudio.engine.runner import simulate

SCHEDULES = [
    "constant:factor=0.5,total_iters=10",
    "linear",
    "step:step_size=30",
    "multistep:milestones=[20,50]",
    "exponential",
    "polynomial",
    "cosine",
    "cosine_restarts:T_0=25",
    "warmup_cosine:warmup_iters=10",
    "onecycle:max_lr=0.05",
    "cyclic:base_lr=0.001,max_lr=0.01,step_size_up=20",
    "inverse_time:staircase=true",
]
CUSTOM = "expr:sin(x)^2 + max(x, y)*arctan(y) + a*log1p(x^2) + e^(-y^2)*pi; a=2"


def test_lbfgs_scripts_are_pytorchs_alone():
    config = {"loss": "rosenbrock", "optimizer": "lbfgs", "steps": 5}
    for framework in ("keras", "optax"):
        with pytest.raises(ValueError, match="written for PyTorch"):
            generate(config, framework)


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_every_script_compiles(framework):
    for optimizer in OPTIMIZERS:
        if optimizer == "lbfgs" and framework != "torch":
            continue  # see test_lbfgs_scripts_are_pytorchs_alone
        full = optimizer == "lbfgs"  # the whole data set and the true gradient
        for loss in [*LOSSES, CUSTOM]:
            data = LOSSES[loss].is_data if loss in LOSSES else False
            config = {
                "loss": loss,
                "optimizer": optimizer,
                "steps": 50,
                "batch_size": 8 if data and not full else None,
                "loss_params": {"grad_noise": 0.1} if loss == "rosenbrock" and not full else None,
                "clip_norm": 1.0 if loss == "beale" and not full else None,
                "maximize": loss == "saddle",
            }
            compile(generate(config, framework), f"{optimizer}-{loss}.py", "exec")
        for schedule in SCHEDULES:
            config = {
                "loss": "rosenbrock",
                "optimizer": optimizer,
                "steps": 80,
                "schedule": schedule,
            }
            compile(generate(config, framework), f"{optimizer}-{schedule}.py", "exec")


def _path(code: str) -> np.ndarray:
    namespace = {"__name__": "generated"}
    exec(compile(code, "generated.py", "exec"), namespace)
    return np.asarray(namespace["train"]())


def _assert_retraces(config, framework):
    path = _path(generate(config, framework))
    reference = simulate(**config).path
    assert path.shape == reference.shape
    np.testing.assert_allclose(path, reference, rtol=1e-7, atol=1e-9)


TORCH_CASES = [
    *[
        {"loss": "himmelblau", "optimizer": name, "steps": 300}
        for name in OPTIMIZERS
        if name not in ("newton", "lbfgs")
    ],
    {"loss": "rosenbrock", "optimizer": "newton", "steps": 20, "lr": 0.5},
    # L-BFGS from (0, 0) on himmelblau amplifies rounding: torch differs from itself by 1e-3
    # at step 8 when the loss is written (x^2 + y - 11)^2 or (y + x*x - 11)^2
    {"loss": "rosenbrock", "optimizer": "lbfgs", "steps": 20},
    {"loss": "booth", "optimizer": "lbfgs", "steps": 10, "line_search_fn": "strong_wolfe"},
    {"loss": "rosenbrock", "optimizer": "adam", "steps": 400, "lr": 0.02, "amsgrad": True},
    {
        "loss": "linreg",
        "optimizer": "sgd",
        "steps": 300,
        "batch_size": 8,
        "momentum": 0.9,
        "seed": 3,
        "lr": 0.01,
        "weight_decay": 0.05,
    },
    {"loss": "logreg", "optimizer": "adam", "steps": 300, "lr": 0.05, "batch_size": 10},
    {
        "loss": "himmelblau",
        "optimizer": "adamw",
        "steps": 300,
        "lr": 0.05,
        "clip_norm": 5.0,
        "schedule": "warmup_cosine:warmup_iters=30",
    },
    {
        "loss": "quadratic",
        "optimizer": "nesterov",
        "steps": 200,
        "lr": 0.02,
        "seed": 7,
        "loss_params": {"grad_noise": 0.5},
    },
    {
        "loss": CUSTOM,
        "optimizer": "rmsprop",
        "steps": 200,
        "lr": 0.01,
        "centered": True,
        "momentum": 0.5,
    },
    {"loss": "quadratic", "optimizer": "gd", "steps": 200, "lr": 0.25},
    {
        "loss": "saddle",
        "optimizer": "adam",
        "steps": 200,
        "lr": 0.1,
        "maximize": True,
        "start": (0.5, 0.01),
    },
    {"loss": "beale", "optimizer": "rprop", "steps": 200, "schedule": "step:step_size=50"},
    {
        "loss": "booth",
        "optimizer": "adagrad",
        "steps": 300,
        "lr": 0.5,
        "schedule": "inverse_time:decay_rate=0.5,decay_steps=10,staircase=true",
    },
    {"loss": "linreg", "optimizer": "newton", "steps": 20, "batch_size": 12},
    {
        "loss": "himmelblau",
        "optimizer": "nadam",
        "steps": 300,
        "lr": 0.05,
        "decoupled_weight_decay": True,
        "weight_decay": 0.1,
        "schedule": "onecycle:max_lr=0.05",
    },
    {
        "loss": "quadratic",
        "optimizer": "sgd",
        "steps": 300,
        "lr": 0.05,
        "momentum": 0.9,
        "nesterov": True,
        "tol": 1e-6,
    },
]


@pytest.mark.parametrize("config", TORCH_CASES, ids=lambda c: f"{c['optimizer']}-{c['loss'][:12]}")
def test_the_pytorch_script_retraces_the_engine(config):
    pytest.importorskip("torch")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a script a user runs prints nothing but its result
        _assert_retraces(config, "torch")


OPTAX_EXACT = [
    *[
        {"loss": "himmelblau", "optimizer": name, "steps": 200}
        for name in OPTIMIZERS
        if name not in ("nadam", "newton", "lbfgs")
    ],
    {"loss": "rosenbrock", "optimizer": "newton", "steps": 20, "lr": 0.5},
    {
        "loss": "linreg",
        "optimizer": "sgd",
        "steps": 200,
        "batch_size": 8,
        "momentum": 0.9,
        "seed": 3,
        "lr": 0.01,
        "weight_decay": 0.1,
    },
    {"loss": "logreg", "optimizer": "adam", "steps": 200, "lr": 0.05, "batch_size": 10},
    {
        "loss": "himmelblau",
        "optimizer": "adam",
        "steps": 200,
        "lr": 0.05,
        "schedule": "cosine",
        "clip_norm": 5.0,
    },
    {
        "loss": "quadratic",
        "optimizer": "nesterov",
        "steps": 200,
        "lr": 0.02,
        "seed": 7,
        "loss_params": {"grad_noise": 0.5},
    },
    {
        "loss": "saddle",
        "optimizer": "adam",
        "steps": 200,
        "lr": 0.1,
        "maximize": True,
        "start": (0.5, 0.01),
    },
    {"loss": "himmelblau", "optimizer": "adamw", "steps": 200, "lr": 0.05, "weight_decay": 0.1},
]


@pytest.mark.parametrize("config", OPTAX_EXACT, ids=lambda c: f"{c['optimizer']}-{c['loss'][:12]}")
def test_the_optax_script_retraces_the_engine(config):
    pytest.importorskip("optax")
    _assert_retraces(config, "optax")


@pytest.mark.parametrize(
    ("framework", "config", "says"),
    [
        ("optax", {"optimizer": "nadam"}, "momentum_decay"),
        ("optax", {"optimizer": "adam", "amsgrad": True}, "optax.amsgrad keeps"),
        ("optax", {"optimizer": "adagrad"}, "eps inside the square root"),
        ("optax", {"optimizer": "sgd", "momentum": 0.9, "dampening": 0.5}, "no dampening"),
        ("keras", {"optimizer": "adam"}, "epsilon hat"),
        ("keras", {"optimizer": "rmsprop"}, "inside the square root"),
        ("keras", {"optimizer": "momentum", "schedule": "cosine"}, "under this schedule"),
        ("torch", {"optimizer": "momentum", "schedule": "cosine"}, "Under a schedule they differ"),
        ("torch", {"optimizer": "nesterov"}, "Sutskever's reformulation"),
    ],
)
def test_where_a_framework_differs_the_script_says_so(framework, config, says):
    code = generate({"loss": "rosenbrock", "steps": 100, **config}, framework)
    assert says in code


def test_scripts_that_cannot_be_made_say_why():
    with pytest.raises(ValueError, match="changed while it ran"):
        generate(
            {
                "loss": "rosenbrock",
                "optimizer": "adam",
                "steps": 10,
                "hyper_changes": [{"step": 5, "lr": 0.1}],
            },
            "torch",
        )
    with pytest.raises(ValueError, match="at most 20,000 steps"):
        generate(
            {"loss": "rosenbrock", "optimizer": "adam", "steps": 50_000, "schedule": "cosine"},
            "optax",
        )
    with pytest.raises(ValueError, match="choose from torch, keras, optax"):
        generate({"loss": "rosenbrock", "optimizer": "adam"}, "mxnet")


def test_the_data_and_the_batches_are_the_studios():
    pytest.importorskip("torch")  # the script imports torch at its top
    code = generate(
        {"loss": "linreg", "optimizer": "sgd", "steps": 10, "batch_size": 5, "seed": 11}, "torch"
    )
    assert "DATA_ROWS" in code and "def batch_of(step)" in code and "SEED = 11" in code
    namespace = {"__name__": "generated"}
    exec(compile(code, "generated.py", "exec"), namespace)
    run = simulate("linreg", "sgd", steps=7, batch_size=5, seed=11)
    assert list(namespace["batch_of"](7)) == list(run.current_batch())


KERAS_EXACT = [
    {"loss": "himmelblau", "optimizer": name, "steps": 200}
    for name in ("gd", "sgd", "nesterov", "adadelta", "radam", "rprop", "lion")
] + [
    {"loss": "rosenbrock", "optimizer": "newton", "steps": 20, "lr": 0.5},
    {
        "loss": "quadratic",
        "optimizer": "nesterov",
        "steps": 200,
        "lr": 0.02,
        "seed": 7,
        "loss_params": {"grad_noise": 0.5},
    },
]


@pytest.mark.parametrize("config", KERAS_EXACT, ids=lambda c: f"{c['optimizer']}-{c['loss'][:12]}")
def test_the_keras_script_retraces_the_engine_where_it_notes_nothing(config):
    """TensorFlow is not installed for CI (too large); where it is, this runs."""
    pytest.importorskip("tensorflow")
    pytest.importorskip("keras")
    code = generate(config, "keras")
    assert "# Note:" not in code
    _assert_retraces(config, "keras")
