"""`optstudio code`: the script that reproduces a run, in PyTorch, Keras or optax."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .options import UsageError, add_run_options, refuse_run_options_with_session, run_config
from .train import add_model_options, is_model_target, refuse_model_options, train_config


def add_code_command(commands: Any) -> None:
    from ..codegen import FRAMEWORKS

    code = commands.add_parser(
        "code",
        help="print or save a PyTorch, Keras or optax script that reproduces a run",
        description="optstudio code LOSS OPTIMIZER [run options] --framework F [--out FILE.py], "
        "optstudio code DATASET OPTIMIZER [model and run options] --framework torch, "
        "or optstudio code SESSION.optstudio [--run NAME] --framework F. The script runs the "
        "same loss, start, hyperparameters, schedule and steps (for a data set: the same "
        "network, initial weights, data and batches); where the framework cannot follow the "
        "studio exactly, a comment says so.",
    )
    code.add_argument(
        "target",
        nargs="+",
        metavar="SESSION_OR_LOSS",
        help="a .optstudio file, or a loss or data set and an optimizer",
    )
    code.add_argument("--framework", required=True, choices=FRAMEWORKS)
    code.add_argument("--run", metavar="NAME", help="which run of a session (default: the first)")
    code.add_argument("--out", help="write the script here (.py) instead of to stdout")
    add_run_options(code)
    add_model_options(code)


def _session_config(path: str, run_name: str | None) -> dict[str, Any]:
    from ..io.session import build_run, load_session

    session = load_session(path)
    runs = session.state.runs
    if not runs:
        raise UsageError(f"'{path}' has no runs")
    entry = runs[0] if run_name is None else next((r for r in runs if r.name == run_name), None)
    if entry is None:
        names = ", ".join(repr(r.name) for r in runs)
        raise UsageError(f"'{path}' has no run named '{run_name}'; it has {names}")
    progress = session.progress.get(entry.run_id)
    if progress is not None and progress.hyper_changes:
        raise UsageError(
            f"run '{entry.name}' had its hyperparameters changed while it ran; a script starts "
            "from one setting (restart the run in the studio first)"
        )
    config = build_run(session.state, entry).config
    config["steps"] = session.state.max_steps
    return config


def command_code(args: argparse.Namespace) -> int:
    from ..codegen import generate, generate_model

    first, *rest = args.target
    if first.endswith(".optstudio"):
        if rest:
            raise UsageError("give either a session file or a loss and an optimizer, not both")

        refuse_run_options_with_session(args)
        refuse_model_options(args)
        config = _session_config(first, args.run)
    else:
        if len(rest) != 1:
            raise UsageError("name a loss and one optimizer, or give a session file")
        if args.run:
            raise UsageError("--run picks a run of a session file")
        if is_model_target(first):
            args.dataset, args.optimizer = first, rest[0]
            code = generate_model(train_config(args), args.framework)
            return _write_code(code, args)
        refuse_model_options(args)
        args.loss, args.optimizer = first, rest[0]
        config = run_config(args)
    return _write_code(generate(config, args.framework), args)


def _write_code(code: str, args: argparse.Namespace) -> int:
    if args.out is None:
        sys.stdout.write(code)
        return 0
    out = Path(args.out)
    if out.suffix != ".py":
        raise UsageError(f"--out must end in .py, got '{args.out}'")
    from ..io.atomic import atomic_write

    try:
        atomic_write(out, lambda f: f.write(code), binary=False)
    except OSError as error:
        raise UsageError(f"cannot write '{args.out}': {error.strerror or error}") from None
    print(f"wrote {out} ({len(code.splitlines())} lines, {args.framework})", file=sys.stderr)
    return 0
