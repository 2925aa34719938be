"""`optstudio plot` and `optstudio animate`: the studio's figure or race, with no display."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

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
    def render(headless, session):
        return headless.render_session(
            session, args.out, part=args.part, scale=args.scale, transparent=args.transparent
        )

    print(f"wrote {_headless(args, 'plotting', render)}", file=sys.stderr)
    return 0


def command_animate(args: argparse.Namespace) -> int:
    def progress(done: int, total: int) -> bool:
        print(f"\rframe {done + 1}/{total}", end="", file=sys.stderr, flush=True)
        return True

    def render(headless, session):
        return headless.animate_session(
            session, args.out, fps=args.fps, seconds=args.seconds, part=args.part, progress=progress
        )

    print(f"\rwrote {_headless(args, 'animating', render)}", file=sys.stderr)
    return 0


def _headless(args: argparse.Namespace, doing: str, render: Callable) -> Any:
    """The session the arguments name, drawn by `render(qt.headless, session)` into
    args.out: one line if Qt does not load or the file cannot be written."""
    refuse_empty_out(args.out)
    session = plot_session(args)
    try:
        from ..qt import headless
    except ImportError as error:
        raise UsageError(f"{doing} needs Qt, which did not load: {error}") from None
    try:
        return render(headless, session)
    except OSError as error:
        raise UsageError(f"cannot write '{args.out}': {error.strerror or error}") from None
