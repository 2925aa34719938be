"""The command line: `optstudio list`, `run`, `train`, `lr-find`, `tune`, `sweep`, `basins`,
`code`, `plot`, `animate`.

Every name it accepts comes from the specs. Bad input ends with exit status 2 and one line on
stderr, never a traceback. One module a subcommand; the options they share are in `options`,
so no module of the command line imports another in a circle.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence

from .._version import __version__
from .code import add_code_command, command_code
from .lr_find import add_lr_find_command, command_lr_find
from .options import EXIT_BAD_INPUT, Parser, UsageError, add_run_options, refuse_empty_out
from .render import command_animate, command_plot
from .run import command_list, command_run
from .studio import open_studio, self_test_command
from .sweep import add_sweep_commands, command_basins, command_sweep
from .train import add_train_command, command_train
from .tune import add_tune_command, command_tune


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="optstudio",
        description="Watch optimizers train models. With no command, opens the studio; "
        "with a FILE.optstudio, opens that session in it.",
    )
    parser.add_argument("--version", action="version", version=f"optstudio {__version__}")
    parser.add_argument(
        "--preset", metavar="NAME", help="open the studio on a scenario of the gallery (see 'list')"
    )
    parser.add_argument(
        "--save",
        metavar="FILE.optstudio",
        help="with --preset: write the scenario as a session file instead of opening it",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="open the studio offscreen, run a scenario for a second, export a figure, check "
        "it; exit 0 when all works (for packagers)",
    )
    commands = parser.add_subparsers(dest="command", parser_class=Parser)

    listing = commands.add_parser(
        "list", help="losses, optimizers, schedules, data sets and models"
    )
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

    add_train_command(commands)
    add_lr_find_command(commands)
    add_tune_command(commands)
    add_sweep_commands(commands)
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
        add_run_options(command, race=True)
    return parser


def _dispatch(parser: argparse.ArgumentParser, arguments: list[str]) -> int:
    if len(arguments) == 1 and arguments[0].endswith(".optstudio"):
        return open_studio(arguments[0])
    args = parser.parse_args(arguments)
    if args.self_test:
        return self_test_command()
    if args.save and not args.preset:
        raise UsageError("--save writes a scenario: name it with --preset NAME")
    if args.preset:
        from ..studies.gallery import load_preset, presets_folder

        session = load_preset(args.preset)  # an unknown name: one line naming the choices
        if args.save:
            return save_scenario(session, args.save)
        return open_studio(str(presets_folder() / f"{args.preset}.optstudio"), scenario=True)
    commands = {
        "list": command_list,
        "run": command_run,
        "train": command_train,
        "lr-find": command_lr_find,
        "tune": command_tune,
        "code": command_code,
        "sweep": command_sweep,
        "basins": command_basins,
        "plot": command_plot,
        "animate": command_animate,
    }
    if args.command in commands:
        return commands[args.command](args)
    return open_studio()


def save_scenario(session, out: str) -> int:
    """`--preset NAME --save FILE`: the scenario as a session file of one's own, to open,
    plot, animate or turn into code (no window)."""
    from ..io.session import save_session

    refuse_empty_out(out)
    if not out.endswith(".optstudio"):
        raise UsageError(f"--save writes a session: name it FILE.optstudio, not '{out}'")
    path = save_session(session, out)
    print(f"wrote {path}", file=sys.stderr)
    return 0


def _drop_standard_output() -> None:
    """Standard output failed (a full disk, a closed pipe): what is left in its buffer is
    dropped, so that Python's own flush at exit prints no second error."""
    with contextlib.suppress(OSError, ValueError):
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (lives as long as the process)


def main(argv: Sequence[str] | None = None) -> int:
    from ..io.atomic import exit_on_sigterm

    exit_on_sigterm()  # a killed command removes its half-written file, as Ctrl+C does
    parser = build_parser()
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        code = _dispatch(parser, arguments)
        sys.stdout.flush()  # a full disk shows here, not in Python's flush at exit
        return code
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
        _drop_standard_output()
        return 0
    except OSError as error:  # the output could not be written: a full disk, say
        _drop_standard_output()
        print(
            f"optstudio: error: cannot write the output: {error.strerror or error}", file=sys.stderr
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
