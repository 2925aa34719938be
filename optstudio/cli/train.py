"""`optstudio train`: a network trained on a data set; its metrics as CSV, JSON or NPZ."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .options import UsageError, add_run_options, check_steps, parse_assignment, refuse_empty_out


def add_train_command(commands: Any) -> None:
    train = commands.add_parser(
        "train",
        help="train a small network on a data set and print or save its metrics",
        description="Train a network on DATASET (circle, xor, gauss, spiral, plane, gaussians, "
        "digits or csv:PATH) with OPTIMIZER; write CSV (step, train_loss, test_loss, "
        "objective, train_accuracy, test_accuracy, grad_norm, lr) to stdout, or CSV, JSON or "
        "NPZ (with the parameters) to --out by its extension.",
    )
    train.add_argument(
        "dataset", help="circle, xor, gauss, spiral, plane, gaussians, digits, csv:PATH"
    )
    train.add_argument("optimizer", help="optimizer name, for example adam")
    add_model_options(train)
    add_run_options(train, model=True)
    train.add_argument("--out", help="output file: .csv, .json or .npz (default: CSV on stdout)")


MODEL_OPTION_DEFAULTS: dict[str, Any] = {
    "hidden": "8,8",
    "activation": "tanh",
    "regularization": "none",
    "reg_rate": 0.0,
    "grad_noise": 0.0,
    "samples": None,
    "noise": None,
    "test_fraction": None,
    "data_seed": None,
    "features": None,
    "boundary": None,
}
"""The model options when not given: `code` refuses any other value beside a loss."""


def add_model_options(command: Any) -> None:
    """The network's and the data set's options, shared by `train` and `code`."""
    from ..engine.models.datasets import DEFAULT_SAMPLES, DEFAULT_TEST_FRACTION, FEATURES
    from ..engine.models.mlp import ACTIVATIONS

    defaults = MODEL_OPTION_DEFAULTS
    command.add_argument(
        "--hidden",
        default=defaults["hidden"],
        help="units of each hidden layer, for example 16,8 (8,8); '' for none",
    )
    command.add_argument(
        "--activation",
        default=defaults["activation"],
        help=f"{', '.join(ACTIVATIONS)} (tanh), or one per hidden layer, for example relu,tanh",
    )
    command.add_argument(
        "--regularization", default=defaults["regularization"], help="none, l1 or l2 (none)"
    )
    command.add_argument("--reg-rate", type=float, default=defaults["reg_rate"], help="(0)")
    command.add_argument(
        "--grad-noise", type=float, default=defaults["grad_noise"], help="gradient noise (0)"
    )
    command.add_argument(
        "--samples", type=int, help=f"points of a Playground data set ({DEFAULT_SAMPLES})"
    )
    command.add_argument("--noise", type=float, help="noise of a Playground data set, 0 to 0.5")
    command.add_argument(
        "--test-fraction", type=float, help=f"share held out for testing ({DEFAULT_TEST_FRACTION})"
    )
    command.add_argument("--data-seed", type=int, help="seed of the data and its split (0)")
    command.add_argument(
        "--features", help=f"input features of a Playground set: {', '.join(FEATURES)} (x1,x2)"
    )
    command.add_argument(
        "--boundary",
        help="the 'boundary' data set's formula in x and y: blue where it holds (y > sin(2*x))",
    )


def train_config(args: argparse.Namespace) -> dict[str, Any]:
    """optstudio.train's keyword arguments from the options."""
    from ..engine.models.optimizers import model_optimizer_spec
    from ..engine.specs import closest_name

    check_steps(args.steps)
    if getattr(args, "start", None) is not None:
        raise UsageError("--start belongs to a two-parameter loss; a network starts from its seed")
    optimizer = model_optimizer_spec(args.optimizer)
    hyper: dict[str, str] = {}
    for text in args.set:
        name, value = parse_assignment(text)
        if name not in optimizer.hyperparam_names:
            close = closest_name(name, optimizer.hyperparam_names)
            hint = f" (did you mean '{close}'?)" if close else ""
            raise UsageError(
                f"'{name}' is not a hyperparameter of {optimizer.name}{hint}; choose from: "
                f"{', '.join(optimizer.hyperparam_names)}"
            )
        hyper[name] = value
    data_params = {
        key: value
        for key, value in (
            ("n_samples", args.samples),
            ("noise", args.noise),
            ("test_fraction", args.test_fraction),
            ("seed", args.data_seed),
            ("features", args.features),
            ("boundary", args.boundary),
        )
        if value is not None
    }
    return {
        "dataset": args.dataset,
        "optimizer": args.optimizer,
        "hidden": args.hidden,
        "activation": args.activation
        if "," not in args.activation
        else [name.strip() for name in args.activation.split(",")],
        "steps": args.steps,
        "seed": args.seed,
        "batch_size": args.batch_size,
        "schedule": args.schedule,
        "record_every": args.record_every,
        "tol": args.tol,
        "regularization": args.regularization,
        "reg_rate": args.reg_rate,
        "grad_noise": args.grad_noise,
        "data_params": data_params,
        **hyper,
    }


def is_model_target(name: str) -> bool:
    """Whether a command's first name is a data set (a model run) rather than a loss."""
    from ..io.datasets import DATASETS

    return name in DATASETS or name.startswith("csv:")


def refuse_model_options(args: argparse.Namespace) -> None:
    given = [
        "--" + name.replace("_", "-")
        for name, default in MODEL_OPTION_DEFAULTS.items()
        if getattr(args, name, default) != default
    ]
    if given:
        raise UsageError(
            f"{', '.join(given)} {'belongs' if len(given) == 1 else 'belong'} to a model run "
            "(a data set such as circle or digits), not to a two-parameter loss"
        )


def command_train(args: argparse.Namespace) -> int:
    from ..io.model_export import write_model_csv, write_model_run
    from ..training import check_work, create_model_run

    refuse_empty_out(args.out)
    config = train_config(args)
    run = create_model_run(**config)
    check_work(run, args.steps)
    run.advance(args.steps)
    if args.out:
        try:
            path = write_model_run(run, args.out)
        except OSError as error:
            raise UsageError(f"cannot write '{args.out}': {error.strerror or error}") from None
        accuracy = run.test_accuracy[-1]
        print(
            f"{run.optimizer.name} on {run.data.name}: {run.status} after {run.step} steps, "
            f"train loss {run.train_loss[-1]:.6g}, test loss {run.test_loss[-1]:.6g}"
            + ("" if accuracy != accuracy else f", test accuracy {accuracy:.1%}")
            + f"; wrote {len(run)} rows to {path}",
            file=sys.stderr,
        )
    else:
        write_model_csv(run, sys.stdout)
    return 0
