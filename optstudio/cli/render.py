"""`optstudio plot` and `optstudio animate`: the studio's figure or race, with no display."""

from __future__ import annotations

import argparse
import sys

from .options import (
    UsageError,
    check_steps,
    parse_assignment,
    refuse_empty_out,
    refuse_run_options_with_session,
    split_settings,
)


def plot_session(args: argparse.Namespace):
    from ..io.session import Session, load_session
    from ..studies.landscape import LandscapeStudy

    first, *optimizers = args.target
    if first.endswith(".optstudio"):
        if optimizers:
            raise UsageError("give either a session file or a loss with optimizers, not both")
        refuse_run_options_with_session(args)
        return load_session(first)
    if not optimizers:
        raise UsageError("name at least one optimizer after the loss, or give a session file")
    check_steps(args.steps)
    hyper_sets = [split_settings(first, name, [])[0] for name in optimizers]
    loss_params: dict[str, str] = {}
    from ..engine.losses import loss_spec
    from ..engine.optimizers import optimizer_spec

    loss_names = {p.name for p in loss_spec(first).params}
    for text in args.set:
        name, value = parse_assignment(text)
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
    state = LandscapeStudy(
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
    state = LandscapeStudy.from_dict(state.to_dict())  # validates every value against the specs
    from ..io.session import build_run

    for entry in state.runs:
        build_run(state, entry)
    return Session(state)


def command_plot(args: argparse.Namespace) -> int:
    refuse_empty_out(args.out)
    session = plot_session(args)
    try:
        from ..qt.headless import render_session
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


def command_animate(args: argparse.Namespace) -> int:
    refuse_empty_out(args.out)
    session = plot_session(args)
    try:
        from ..qt.headless import animate_session
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
