"""The command line: `optstudio list`, `run`, `sweep`, `basins`, `code`, `plot`, `animate`.

Every name it accepts comes from the specs. Bad input ends with exit status 2 and one line on
stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from ._version import __version__

EXIT_BAD_INPUT = 2


class UsageError(Exception):
    """Bad command-line input: reported in one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _parse_assignment(text: str) -> tuple[str, str]:
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


def add_run_options(command: argparse.ArgumentParser) -> None:
    """The settings of one run, shared by `run`, `sweep` and `basins`."""
    defaults = RUN_OPTION_DEFAULTS
    command.add_argument(
        "--steps",
        type=int,
        default=defaults["steps"],
        help=f"number of steps ({defaults['steps']})",
    )
    command.add_argument(
        "--start",
        nargs=2,
        type=float,
        metavar=("X", "Y"),
        help="start point (default: the loss's own)",
    )
    command.add_argument(
        "--seed",
        type=int,
        default=defaults["seed"],
        help=f"seed for mini-batches and noise ({defaults['seed']})",
    )
    command.add_argument(
        "--batch-size",
        type=int,
        help="mini-batch size for data losses (default: the whole data set)",
    )
    command.add_argument(
        "--schedule",
        help="lr schedule, NAME[:ARG=VALUE,...], for example 'cosine:T_max=500,eta_min=1e-5'",
    )
    command.add_argument(
        "--record-every",
        type=int,
        default=defaults["record_every"],
        help=f"record every K-th step ({defaults['record_every']})",
    )
    command.add_argument(
        "--tol",
        type=float,
        default=defaults["tol"],
        help="stop as converged when the gradient norm falls below this (0: never)",
    )
    command.add_argument(
        "--set",
        action="append",
        default=list(defaults["set"]),
        metavar="NAME=VALUE",
        help="a hyperparameter of the optimizer or a parameter of the loss, "
        "for example --set lr=0.01 --set b=50; repeatable",
    )


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
    """An empty --out is refused (it would write to a file called '')."""
    if out is not None and not out.strip():
        raise UsageError("--out needs a file name")


def check_steps(steps: int) -> None:
    """--steps of one run: at most what a run takes in about a minute, never hours."""
    from .engine.validation import MAX_RUN_STEPS

    if not 1 <= steps <= MAX_RUN_STEPS:
        raise UsageError(
            f"steps must be a whole number in [1, {MAX_RUN_STEPS:,}] (a run of "
            f"{MAX_RUN_STEPS:,} steps takes about a minute at full speed), got {steps:,}"
        )


def run_config(args: argparse.Namespace) -> dict[str, Any]:
    """simulate's keyword arguments from the run options."""
    check_steps(args.steps)
    hyper, loss_params = _split_settings(args.loss, args.optimizer, args.set)
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


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="optstudio",
        description="Watch optimizers train models. With no command, opens the studio; "
        "with a FILE.optstudio, opens that session in it.",
    )
    parser.add_argument("--version", action="version", version=f"optstudio {__version__}")
    parser.add_argument(
        "--preset", metavar="NAME", help="open the studio on a scenario of the gallery (see 'list')"
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="open the studio offscreen, run a scenario for a second, export a figure, check "
        "it; exit 0 when all works (for packagers)",
    )
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)

    listing = commands.add_parser("list", help="losses, optimizers and schedules")
    listing.add_argument("--json", action="store_true", help="machine-readable output")

    run = commands.add_parser(
        "run",
        help="run one optimizer on one loss and print or save its path",
        description="Run LOSS with OPTIMIZER and write CSV (step,x,y,loss,grad_norm,lr) to "
        "stdout, or CSV, JSON or NPZ to --out by its extension. `optstudio list` shows every "
        "name, default and range.",
    )
    run.add_argument("loss", help="loss name, for example rosenbrock")
    run.add_argument("optimizer", help="optimizer name, for example adam")
    add_run_options(run)
    run.add_argument("--out", help="output file: .csv, .json or .npz (default: CSV on stdout)")

    from .cli_sweeps import add_sweep_commands

    add_sweep_commands(commands)
    from .cli_code import add_code_command

    add_code_command(commands)
    plot = commands.add_parser(
        "plot",
        help="render the studio's figure to PNG or SVG, with no display needed",
        description="optstudio plot SESSION.optstudio --out FIG, or optstudio plot LOSS "
        "OPTIMIZER [OPTIMIZER...] [run options] --out FIG. --set applies to every optimizer "
        "that has the hyperparameter.",
    )
    plot.add_argument("--out", required=True, help="the figure: .png or .svg")
    plot.add_argument("--scale", type=int, default=1, choices=(1, 2, 4), help="PNG scale")
    plot.add_argument("--part", default="map", choices=("map", "curves", "both"))
    plot.add_argument("--transparent", action="store_true", help="no background")
    animate = commands.add_parser(
        "animate",
        help="render the race as an animated GIF or MP4, with no display needed",
        description="optstudio animate SESSION.optstudio --out FILE.gif|FILE.mp4, or "
        "optstudio animate LOSS OPTIMIZER [OPTIMIZER...] [run options] --out FILE.",
    )
    animate.add_argument("--out", required=True, help="the animation: .gif or .mp4")
    animate.add_argument("--fps", type=int, default=25, help="frames per second (25)")
    animate.add_argument("--seconds", type=float, default=6.0, help="length (6 s)")
    animate.add_argument("--part", default="both", choices=("map", "curves", "both"))
    for command in (plot, animate):
        command.add_argument(
            "target",
            nargs="+",
            metavar="SESSION_OR_LOSS",
            help="a .optstudio file, or a loss followed by optimizers",
        )
        defaults = RUN_OPTION_DEFAULTS
        command.add_argument(
            "--steps",
            type=int,
            default=defaults["steps"],
            help=f"steps per run ({defaults['steps']})",
        )
        command.add_argument("--start", nargs=2, type=float, metavar=("X", "Y"))
        command.add_argument("--seed", type=int, default=defaults["seed"])
        command.add_argument("--batch-size", type=int)
        command.add_argument("--schedule")
        command.add_argument(
            "--set", action="append", default=list(defaults["set"]), metavar="NAME=VALUE"
        )
    return parser


def _split_settings(
    loss_name: str, optimizer_name: str, settings: Sequence[str]
) -> tuple[dict[str, str], dict[str, str]]:
    from .engine.losses import loss_spec
    from .engine.optimizers import optimizer_spec
    from .engine.specs import closest_name

    loss = loss_spec(loss_name)
    optimizer = optimizer_spec(optimizer_name)
    hyper: dict[str, str] = {}
    loss_params: dict[str, str] = {}
    loss_names = [p.name for p in loss.params]
    for text in settings:
        name, value = _parse_assignment(text)
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


def _command_run(args: argparse.Namespace) -> int:
    from .engine.runner import simulate
    from .io.export import write_csv, write_run

    refuse_empty_out(args.out)
    run = simulate(**run_config(args))
    if args.out:
        try:
            path = write_run(run, args.out)
        except OSError as error:
            raise UsageError(f"cannot write '{args.out}': {error.strerror or error}") from None
        print(
            f"{run.optimizer.name} on {run.loss.name}: {run.status} after {run.step} steps, "
            f"loss {run.loss_values[-1]:.6g}; wrote {len(run)} rows to {path}",
            file=sys.stderr,
        )
    else:
        write_csv(run, sys.stdout)
    return 0


def catalogue() -> dict[str, Any]:
    from .engine.losses import LOSSES
    from .engine.optimizers import OPTIMIZERS
    from .engine.schedules import SCHEDULES

    return {
        "losses": {
            name: {
                "description": s.description,
                "formula": s.formula,
                "kind": s.kind,
                "view": list(s.view),
                "start": list(s.default_start),
                "parameters": [p.to_dict() for p in s.params],
            }
            for name, s in LOSSES.items()
        },
        "optimizers": {
            name: {
                "display_name": s.display_name,
                "description": s.description,
                "update_rule": s.update_rule,
                "reference": s.reference,
                "hyperparameters": [p.to_dict() for p in s.hyperparams],
            }
            for name, s in OPTIMIZERS.items()
        },
        "schedules": {
            name: {
                "description": s.description,
                "torch": s.torch_name,
                "arguments": [p.to_dict() for p in s.args],
            }
            for name, s in SCHEDULES.items()
        },
    }


def _param_line(p: dict[str, Any]) -> str:
    default = p["default"]
    default_text = (
        "unset"
        if default is None
        else str(default).lower()
        if isinstance(default, bool)
        else str(default)
    )
    return f"      {p['name']:<26} {default_text:<10} {p['range']:<24} {p['meaning']}"


def _command_list(args: argparse.Namespace) -> int:
    data = catalogue()
    if args.json:
        print(json.dumps(data, indent=1))
        return 0
    out = ["LOSSES (name: formula; parameters with default and range)"]
    for name, loss in data["losses"].items():
        out.append(f"  {name}: {loss['formula']}")
        out.extend(_param_line(p) for p in loss["parameters"])
    out.append("")
    out.append("OPTIMIZERS (name: what it is; hyperparameters with default and range)")
    for name, optimizer in data["optimizers"].items():
        out.append(f"  {name}: {optimizer['display_name']} ({optimizer['reference']})")
        out.extend(_param_line(p) for p in optimizer["hyperparameters"])
    out.append("")
    out.append("SCENARIOS (optstudio --preset NAME)")
    from .presets import PRESETS

    out.extend(f"  {p.name}: {p.title}" for p in PRESETS)
    out.append("")
    out.append("SCHEDULES (--schedule NAME[:ARG=VALUE,...]; torch.optim.lr_scheduler names)")
    for name, schedule in data["schedules"].items():
        out.append(f"  {name}: {schedule['description']} [{schedule['torch']}]")
        out.extend(_param_line(p) for p in schedule["arguments"])
    print("\n".join(out))
    return 0


def _plot_session(args: argparse.Namespace):
    from .io.session import Session, load_session
    from .model import StudioState

    first, *optimizers = args.target
    if first.endswith(".optstudio"):
        if optimizers:
            raise UsageError("give either a session file or a loss with optimizers, not both")
        refuse_run_options_with_session(args)
        return load_session(first)
    if not optimizers:
        raise UsageError("name at least one optimizer after the loss, or give a session file")
    check_steps(args.steps)
    hyper_sets = [_split_settings(first, name, [])[0] for name in optimizers]
    loss_params: dict[str, str] = {}
    from .engine.losses import loss_spec
    from .engine.optimizers import optimizer_spec

    loss_names = {p.name for p in loss_spec(first).params}
    for text in args.set:
        name, value = _parse_assignment(text)
        owners = [i for i, o in enumerate(optimizers) if name in optimizer_spec(o).hyperparam_names]
        if name in loss_names:
            loss_params[name] = value
        elif owners:
            for i in owners:
                hyper_sets[i][name] = value
        else:
            raise UsageError(
                f"'{name}' is not a hyperparameter of {', '.join(optimizers)} "
                f"nor a parameter of {first}"
            )
    state = StudioState(
        loss=first,
        loss_params=loss_params,
        max_steps=args.steps,
        start=None if args.start is None else tuple(args.start),
    )
    for optimizer, hyper in zip(optimizers, hyper_sets, strict=True):
        state.add_run(
            optimizer,
            hyper=hyper,
            schedule=args.schedule,
            batch_size=args.batch_size,
            seed=args.seed,
        )
    state = StudioState.from_dict(state.to_dict())  # validates every value against the specs
    from .io.session import build_run

    for entry in state.runs:
        build_run(state, entry)
    return Session(state)


def _command_plot(args: argparse.Namespace) -> int:
    session = _plot_session(args)
    try:
        from .qt.headless import render_session
    except ImportError as error:
        raise UsageError(f"plotting needs Qt, which did not load: {error}") from None
    try:
        path = render_session(
            session, args.out, part=args.part, scale=args.scale, transparent=args.transparent
        )
    except OSError as error:
        raise UsageError(f"cannot write '{args.out}': {error.strerror or error}") from None
    print(f"wrote {path}", file=sys.stderr)
    return 0


def _command_animate(args: argparse.Namespace) -> int:
    session = _plot_session(args)
    try:
        from .qt.headless import animate_session
    except ImportError as error:
        raise UsageError(f"animating needs Qt, which did not load: {error}") from None

    def progress(done: int, total: int) -> bool:
        print(f"\rframe {done + 1}/{total}", end="", file=sys.stderr, flush=True)
        return True

    try:
        path = animate_session(
            session, args.out, fps=args.fps, seconds=args.seconds, part=args.part, progress=progress
        )
    except OSError as error:
        raise UsageError(f"cannot write '{args.out}': {error.strerror or error}") from None
    print(f"\rwrote {path}", file=sys.stderr)
    return 0


def _self_test() -> int:
    try:
        from .qt.self_test import self_test
    except ImportError as error:
        print(f"optstudio: self-test failed: Qt did not load: {error}", file=sys.stderr)
        return 1
    passed, report = self_test()
    print(report if passed else f"optstudio: self-test failed: {report}", file=sys.stderr)
    return 0 if passed else 1


def _display_missing() -> str | None:
    """Why no window can open here, in one line (Qt's own message is several lines and an
    abort), or None."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        "no display to open the studio on (DISPLAY and WAYLAND_DISPLAY are not set): start it "
        "from a desktop session; the commands (optstudio run, plot, animate ...) need none"
    )


def _open_studio(session_path: str | None = None, *, scenario: bool = False) -> int:
    missing = _display_missing()
    if missing:
        raise UsageError(missing)
    if session_path is not None:
        from .io.session import load_session

        load_session(session_path)  # a bad file: one line and status 2, before any window
    try:
        from .qt.app import run_studio
    except ImportError as error:
        raise UsageError(f"the studio needs Qt, which did not load: {error}") from None
    if scenario:
        return run_studio(scenario_path=session_path)
    return run_studio(session_path=session_path)


def main(argv: Sequence[str] | None = None) -> int:
    from .io.atomic import exit_on_sigterm

    exit_on_sigterm()  # a killed command removes its half-written file, as Ctrl+C does
    parser = build_parser()
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        if len(arguments) == 1 and arguments[0].endswith(".optstudio"):
            return _open_studio(arguments[0])
        args = parser.parse_args(arguments)
        if args.self_test:
            return _self_test()
        if args.preset:
            from .presets import load_preset, presets_folder

            load_preset(args.preset)  # an unknown name: one line naming the choices
            return _open_studio(str(presets_folder() / f"{args.preset}.optstudio"), scenario=True)
        if args.command == "list":
            return _command_list(args)
        if args.command == "run":
            return _command_run(args)
        if args.command == "code":
            from .cli_code import command_code

            return command_code(args)
        if args.command in ("sweep", "basins"):
            from .cli_sweeps import command_basins, command_sweep

            return (command_sweep if args.command == "sweep" else command_basins)(args)
        if args.command == "plot":
            return _command_plot(args)
        if args.command == "animate":
            return _command_animate(args)
        return _open_studio()
    except (UsageError, ValueError) as error:
        print(f"optstudio: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except MemoryError:
        print(
            "optstudio: error: not enough memory; record fewer rows with --record-every",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
