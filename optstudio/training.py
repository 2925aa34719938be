"""The public API for model runs: `train` a network on a data set, and `landscape_plane`.

`train` validates every setting (ValueError with a one-line message naming what is valid),
loads the data set by name (`optstudio.io.datasets`: the Playground's sets, the digits,
`csv:PATH`) and drives an `engine.models.runner.ModelRun`; `train(**run.config)` reproduces a
run bit for bit, its mid-run hyperparameter changes included.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .engine.models.datasets import Dataset
from .engine.models.mlp import Network, network
from .engine.models.optimizers import model_optimizer_spec
from .engine.models.plane import DEFAULT_RESOLUTION, Plane
from .engine.models.runner import ModelRun
from .engine.schedules import parse_schedule
from .engine.validation import (
    SEED_LIMIT,
    at_start,
    replayed,
    run_steps,
    settings_of,
    tolerance,
    validated_changes,
    whole_number,
)

DATA_PARAMS = ("n_samples", "noise", "test_fraction", "seed", "features", "boundary", "points")
MAX_RECORDED_VALUES = 1 << 27
"""The most parameter values a run records (1 GiB): more asks for a larger record_every."""
MAX_TRAIN_WORK = 10**12
"""The most multiply-adds a model run replayed from a file or the command line may take (a few
minutes at full speed): more is refused, so a file can never start hours of work."""
NEWTON_MAX_PARAMS = 500
"""Newton's method solves with the exact Hessian, P x P: a few hundred parameters at most."""


def load_data(dataset: str, data_params: Mapping[str, Any] | None = None) -> Dataset:
    """The data set `dataset` with `data_params` (n_samples, noise, test_fraction, seed,
    features), checked."""
    from .io.datasets import load_dataset

    if not isinstance(dataset, str):
        raise ValueError(f"dataset must be a name or csv:PATH, got {dataset!r}")
    if data_params is not None and not (
        isinstance(data_params, Mapping) and all(isinstance(k, str) for k in data_params)
    ):
        raise ValueError(
            f"data_params must be a table of {', '.join(DATA_PARAMS)}, got {data_params!r}"
        )
    params = dict(data_params or {})
    if "seed" in params:
        params["seed"] = whole_number(params["seed"], "the data seed", 0, SEED_LIMIT)
    unknown = sorted(set(params) - set(DATA_PARAMS))
    if unknown:
        raise ValueError(
            f"unknown data parameter {unknown[0]!r}; choose from: {', '.join(DATA_PARAMS)}"
        )
    if "features" in params and isinstance(params["features"], str):
        params["features"] = [part.strip() for part in params["features"].split(",")]
    return load_dataset(dataset, **params)


def _data_config(dataset: str, data: Dataset, data_params: Mapping[str, Any] | None) -> dict:
    params = dict(data_params or {})
    if "features" in params:
        params["features"] = list(data.features)
    return params


def _hidden_layers(hidden: Any) -> tuple[int, ...]:
    if isinstance(hidden, str):
        text = hidden.strip()
        try:
            return tuple(int(part) for part in text.split(",")) if text else ()
        except ValueError:
            raise ValueError(
                f"hidden layers are unit counts like 8,8 (or empty for none), got {hidden!r}"
            ) from None
    if isinstance(hidden, int | np.integer) and not isinstance(hidden, bool):
        return (int(hidden),)
    if not isinstance(hidden, Sequence):
        raise ValueError(f"hidden layers are a list of unit counts like (8, 8), got {hidden!r}")
    return tuple(hidden)


def _regularization(value: Any) -> str | None:
    if value is None or value == "none":
        return None
    if value in ("l1", "l2"):
        return value
    raise ValueError(f"unknown regularization {value!r}; choose l1, l2 or none")


def _rate(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.floating | np.integer):
        raise ValueError(f"{name} must be a number >= 0, got {value!r}")
    number = float(value)
    if not (math.isfinite(number) and number >= 0.0):
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    return number


def _build(
    dataset: str,
    optimizer: str,
    hidden: Any,
    activation: Any,
    steps: Any,
    seed: Any,
    batch_size: Any,
    schedule: Any,
    record_every: Any,
    tol: Any,
    regularization: Any,
    reg_rate: Any,
    data_params: Mapping[str, Any] | None,
    grad_noise: Any,
    **hyper: Any,
) -> tuple[ModelRun, list[tuple[int, dict[str, Any]]]]:
    spec = model_optimizer_spec(optimizer)
    hyper_changes = hyper.pop("hyper_changes", None)
    values = spec.resolve(hyper)
    changes = validated_changes(hyper_changes, spec, values)
    steps = run_steps(steps)
    record_every = whole_number(record_every, "record_every", 1)
    data = load_data(dataset, data_params)
    layers = _hidden_layers(hidden)
    net: Network = network(data.x_train.shape[1], layers, data.n_outputs, activation, data.task)
    if spec.name == "newton" and net.n_params > NEWTON_MAX_PARAMS:
        raise ValueError(
            f"newton solves with the exact {net.n_params:,} x {net.n_params:,} Hessian of this "
            f"network; it takes networks of at most {NEWTON_MAX_PARAMS} parameters"
        )
    rows = steps // record_every + 2
    if rows * net.n_params > MAX_RECORDED_VALUES:
        least = max(1, steps * net.n_params // MAX_RECORDED_VALUES + 1)
        raise ValueError(
            f"recording {rows:,} rows of {net.n_params:,} parameters takes more than 1 GiB; "
            f"use record_every >= {least:,}"
        )
    n_train = len(data.x_train)
    if spec.name == "lbfgs" and (batch_size is not None or grad_noise):
        raise ValueError(
            "lbfgs trains on the full batch with the true gradient: batch_size and grad_noise "
            "do not apply"
        )
    if batch_size is not None:
        batch_size = whole_number(batch_size, "batch_size", 1, n_train)
    run = ModelRun(
        data,
        net,
        spec,
        values,
        seed=whole_number(seed, "seed", 0, SEED_LIMIT),
        batch_size=batch_size,
        schedule=parse_schedule(schedule, steps=steps),
        record_every=record_every,
        tol=tolerance(tol),
        regularization=_regularization(regularization),
        reg_rate=_rate(reg_rate, "reg_rate"),
        grad_noise=_rate(grad_noise, "grad_noise"),
        config={
            "dataset": dataset,
            "hidden": list(layers),
            "activation": net.activation
            if isinstance(net.activation, str)
            else list(net.activation),
            "data_params": _data_config(dataset, data, data_params),
        },
    )
    return run, changes


def train(
    dataset: str,
    optimizer: str,
    *,
    hidden: Any = (8, 8),
    activation: str | Sequence[str] = "tanh",
    steps: int = 1000,
    seed: int = 0,
    batch_size: int | None = None,
    schedule: str | Mapping[str, Any] | None = None,
    record_every: int = 1,
    tol: float = 0.0,
    regularization: str | None = None,
    reg_rate: float = 0.0,
    data_params: Mapping[str, Any] | None = None,
    grad_noise: float = 0.0,
    **hyper: Any,
) -> ModelRun:
    """Train a network on `dataset` with `optimizer` for up to `steps` steps.

    `dataset` is a Playground set (circle, xor, gauss, spiral, plane, gaussians), digits, or
    csv:PATH; `data_params` sets its n_samples, noise, test_fraction, seed and features.
    `hidden` lists the units of each hidden layer; `activation` is one name for all of them
    (relu, tanh, sigmoid, linear) or a list of one per layer, e.g. ["relu", "tanh"].
    `optimizer` and its hyperparameters are those of `simulate`. ``train(**run.config)``
    reproduces a run bit for bit.
    """
    built = _build(
        dataset, optimizer, hidden, activation, steps, seed, batch_size, schedule,
        record_every, tol, regularization, reg_rate, data_params, grad_noise, **hyper,
    )  # fmt: skip
    return replayed(built, steps)


MODEL_SETTINGS = settings_of(train)


def create_model_run(dataset: str, optimizer: str, *, steps: int = 0, **settings: Any) -> ModelRun:
    """A validated model run at step 0, to be driven with `advance()` (as the studio does).

    Takes train()'s settings (`MODEL_SETTINGS`): the network (hidden, activation), the
    data (dataset, data_params), the penalty and noise, and the optimizer's hyperparameters.
    `steps` sizes the schedule's defaults and the check that the recorded rows fit in memory;
    the lab builds its runs here."""
    built = _build(dataset, optimizer, **(MODEL_SETTINGS | settings | {"steps": steps}))
    return at_start(built, "train")


def check_work(run: ModelRun, steps: int) -> None:
    """Refuse `steps` of `run` when they would take more than MAX_TRAIN_WORK multiply-adds."""
    rows = (run.batch_size or len(run.data.x_train)) + len(run.data.x_test) / run.record_every
    per_step = 3 * rows * run.n_params
    if per_step * steps > MAX_TRAIN_WORK:
        most = int(MAX_TRAIN_WORK / per_step)
        raise ValueError(
            f"{steps:,} steps of this network on this data would take hours; at most "
            f"{most:,} steps (or a smaller batch, network or data set)"
        )


def checked_model_config(config: Any) -> dict[str, Any]:
    """A model run's config from a file, checked as `train` would check it (and its work
    bounded) without training: the config of the run it replays to."""
    if not isinstance(config, Mapping) or not all(isinstance(k, str) for k in config):
        raise ValueError("a model run must be a table of train()'s settings")
    settings = dict(config)
    for required in ("dataset", "optimizer"):
        if not isinstance(settings.get(required), str):
            raise ValueError(f"a model run needs its {required} by name")
    steps = whole_number(settings.pop("steps", 1000), "steps", 0)
    raw_changes = settings.pop("hyper_changes", None)
    run = create_model_run(**settings, steps=steps)
    changes = validated_changes(raw_changes, run.optimizer, run.hyperparams)
    check_work(run, steps)
    for step, _ in changes:
        if step > steps:
            raise ValueError(f"hyper_changes step {step} lies beyond steps={steps}")
    checked = run.config
    checked["steps"] = steps
    if changes:
        checked["hyper_changes"] = [{"step": step, **values} for step, values in changes]
    return checked


def landscape_plane(
    runs: ModelRun | Sequence[ModelRun],
    *,
    method: str = "pca",
    center: np.ndarray | None = None,
    resolution: int = DEFAULT_RESOLUTION,
    span: float | None = None,
    seed: int = 0,
) -> Plane:
    """A plane through the runs' parameter space with their paths on it and the training
    loss over it (Li et al. 2018). The runs must train one network on one data set; the
    plane is centred on `center` (default: the first run's final parameters) and spanned
    by the trajectories' first two principal components ("pca") or by two filter-normalised
    random directions ("random")."""
    from .engine.models.plane import landscape

    chosen = [runs] if isinstance(runs, ModelRun) else list(runs)
    if not chosen or not all(isinstance(run, ModelRun) for run in chosen):
        raise ValueError("landscape_plane takes one or more model runs from optstudio.train")
    first = chosen[0]
    for run in chosen[1:]:
        if run.network != first.network or run.data.name != first.data.name:
            raise ValueError("the runs of one plane must train the same network on the same data")
        if not np.array_equal(run.data.x_train, first.data.x_train):
            raise ValueError("the runs of one plane must train on the same training rows")
    if center is None:
        center = first.params[-1]
    return landscape(
        first.network,
        [run.params for run in chosen],
        first.data.x_train,
        first.data.y_train,
        method=method,
        center=np.asarray(center, dtype=np.float64),
        resolution=resolution,
        span=span,
        seed=seed,
    )


__all__ = ["ModelRun", "create_model_run", "landscape_plane", "load_data", "train"]
