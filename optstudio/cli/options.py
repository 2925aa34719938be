"""The options every command that runs an optimizer shares, and how bad input is refused.

`UsageError` is the one way a command refuses input: `optstudio.cli.main` prints it in one
line and exits with status 2.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

EXIT_BAD_INPUT = 2


class UsageError(Exception):
    """Bad command-line input: reported in one line, exit status 2."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def parse_assignment(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise UsageError(f"--set takes NAME=VALUE, got '{text}'")
    return name.strip(), value.strip()


RUN_OPTION_DEFAULTS = {
    "steps": 1000,
    "start": None,
    "seed": 0,
    "batch_size": None,
    "schedule": None,
    "record_every": 1,
    "tol": 0.0,
    "set": [],
}
"""What the run options are when not given (the parsers' defaults): a session file brings its
own runs, so any other value next to one is refused rather than silently ignored."""


def add_run_options(
    command: argparse.ArgumentParser, *, race: bool = False, model: bool = False
) -> None:
    """The settings of one run, shared by `run`, `sweep`, `basins` and `code`; with `race`,
    those of every run of a race (`plot`, `animate`: no --record-every or --tol, and --set
    applies to each optimizer that has the name); with `model`, those of a model run
    (`train`: no --start, and --set takes the optimizer's hyperparameters only)."""
    _defaulted(command, "steps", int, "steps per run" if race else "number of steps")
    if not model:
        command.add_argument(
            "--start",
            nargs=2,
            type=float,
            metavar=("X", "Y"),
            help="start point (default: the loss's own)",
        )
    seeded = f"{'initial weights, ' if model else ''}mini-batches and noise"
    _defaulted(command, "seed", int, f"seed for {seeded}")
    command.add_argument(
        "--batch-size",
        type=int,
        help=f"mini-batch size{'' if model else ' for data losses'} (default: the whole "
        f"{'training set' if model else 'data set'})",
    )
    command.add_argument(
        "--schedule",
        help="lr schedule, NAME[:ARG=VALUE,...], for example 'cosine:T_max=500,eta_min=1e-5'",
    )
    if not race:
        _add_recording_options(command)
    command.add_argument(
        "--set",
        action="append",
        default=list(RUN_OPTION_DEFAULTS["set"]),
        metavar="NAME=VALUE",
        help="a hyperparameter of the optimizer"
        + (" (of every optimizer that has it)" if race else "")
        + (", for example --set lr=0.01" if model else " or a parameter of the loss")
        + ("" if model else ", for example --set lr=0.01 --set b=50")
        + "; repeatable",
    )


def _add_recording_options(command: argparse.ArgumentParser) -> None:
    _defaulted(command, "record_every", int, "record every K-th step")
    gradient = "stop as converged when the gradient norm falls below this, 0 never"
    _defaulted(command, "tol", float, gradient)


def _defaulted(command: argparse.ArgumentParser, name: str, kind: type, text: str) -> None:
    """The option --NAME of RUN_OPTION_DEFAULTS's default, said at the end of its help."""
    default = RUN_OPTION_DEFAULTS[name]
    flag = "--" + name.replace("_", "-")
    command.add_argument(flag, type=kind, default=default, help=f"{text} ({default})")


def refuse_run_options_with_session(args: argparse.Namespace) -> None:
    given = [
        "--" + name.replace("_", "-")
        for name, default in RUN_OPTION_DEFAULTS.items()
        if hasattr(args, name) and getattr(args, name) != default
    ]
    if given:
        raise UsageError(
            f"{', '.join(given)} {'does' if len(given) == 1 else 'do'} not apply to a session "
            "file: it has its own runs (open it in the studio to change them)"
        )


def refuse_empty_out(out: str | None) -> None:
    """An empty --out is refused (it would write to a file called ''), and so is one in a
    folder that does not exist, before any work is done (an animation rendered every frame,
    then named its temporary file in the error)."""
    if out is None:
        return
    if not out.strip():
        raise UsageError("--out needs a file name")
    folder = Path(out).expanduser().parent
    if not folder.is_dir():
        raise UsageError(f"cannot write '{out}': the folder '{folder}' does not exist")


def check_steps(steps: int) -> None:
    """--steps of one run, by the rule the API applies (`validation.run_steps`)."""
    from ..engine.validation import run_steps

    try:
        run_steps(steps)
    except ValueError as error:
        raise UsageError(str(error)) from None


def run_config(args: argparse.Namespace) -> dict[str, Any]:
    """simulate's keyword arguments from the run options."""
    check_steps(args.steps)
    hyper, loss_params = split_settings(args.loss, args.optimizer, args.set)
    return {
        "loss": args.loss,
        "optimizer": args.optimizer,
        "steps": args.steps,
        "start": args.start,
        "seed": args.seed,
        "batch_size": args.batch_size,
        "schedule": args.schedule,
        "record_every": args.record_every,
        "tol": args.tol,
        "loss_params": loss_params,
        **hyper,
    }


def split_settings(
    loss_name: str, optimizer_name: str, settings: Sequence[str]
) -> tuple[dict[str, str], dict[str, str]]:
    from ..engine.losses import loss_spec
    from ..engine.optimizers import optimizer_spec
    from ..engine.specs import closest_name

    loss = loss_spec(loss_name)
    optimizer = optimizer_spec(optimizer_name)
    hyper: dict[str, str] = {}
    loss_params: dict[str, str] = {}
    loss_names = [p.name for p in loss.params]
    for text in settings:
        name, value = parse_assignment(text)
        if name in optimizer.hyperparam_names:
            hyper[name] = value
        elif name in loss_names:
            loss_params[name] = value
        else:
            known = [*optimizer.hyperparam_names, *loss_names]
            close = closest_name(name, known)
            hint = f" (did you mean '{close}'?)" if close else ""
            raise UsageError(
                f"'{name}' is neither a hyperparameter of {optimizer.name} nor a parameter of "
                f"{loss.name}{hint}; choose from: {', '.join(known)}"
            )
    return hyper, loss_params
