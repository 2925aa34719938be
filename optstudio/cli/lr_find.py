"""`optstudio lr-find`: the learning-rate range test of an optimizer on a network and data set.

Prints the two suggestions on stderr and writes each step's lr, loss and smoothed loss as CSV
(to stdout, or --out)."""

from __future__ import annotations

import argparse
import csv
import sys
from typing import Any

from .options import UsageError, parse_assignment, refuse_empty_out
from .train import add_model_options, train_config


def add_lr_find_command(commands: Any) -> None:
    from ..tuning.lr_range import DEFAULT_END, DEFAULT_START, DEFAULT_STEPS

    find = commands.add_parser(
        "lr-find",
        help="the learning-rate range test: where a network's loss falls fastest",
        description="Train DATASET's network with OPTIMIZER while its learning rate grows "
        "exponentially from --start to --end (Smith 2017; fastai's lr_find); print the "
        "suggested learning rates (the steepest fall of the smoothed loss, and the minimum's "
        "tenth) and write step, lr, loss and smoothed loss as CSV.",
    )
    find.add_argument("dataset", help="circle, xor, gauss, spiral, plane, gaussians, digits, ...")
    find.add_argument("optimizer", help="optimizer name, for example adam")
    add_model_options(find)
    find.add_argument(
        "--start", dest="lr_start", type=float, default=DEFAULT_START, help=f"({DEFAULT_START:g})"
    )
    find.add_argument(
        "--end", dest="lr_end", type=float, default=DEFAULT_END, help=f"({DEFAULT_END:g})"
    )
    find.add_argument("--steps", type=int, default=DEFAULT_STEPS, help=f"({DEFAULT_STEPS})")
    find.add_argument("--seed", type=int, default=0, help="initial weights and batches (0)")
    find.add_argument("--batch-size", type=int, help="mini-batch size (the whole training set)")
    find.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="another hyperparameter of the optimizer, for example --set beta1=0.8; repeatable",
    )
    find.add_argument("--out", help="write the CSV here instead of stdout")


def command_lr_find(args: argparse.Namespace) -> int:
    from ..tuning.lr_range import range_test

    refuse_empty_out(args.out)
    for text in args.set:
        name, _ = parse_assignment(text)
        if name == "lr":
            raise UsageError("the range test sets lr itself: give --start and --end")
    steps = args.steps
    args.steps, args.schedule, args.record_every, args.tol = 1, None, 1, 0.0
    config = train_config(args)
    for name in ("steps", "schedule", "record_every", "tol"):
        config.pop(name)
    dataset, optimizer = config.pop("dataset"), config.pop("optimizer")
    test = range_test(
        dataset, optimizer, start=args.lr_start, end=args.lr_end, steps=steps, **config
    )
    print(
        f"{optimizer} on {dataset}: steepest fall at lr {test.steepest:.3g}, "
        f"minimum/10 at lr {test.minimum_tenth:.3g} ({len(test.lrs)} steps, {test.stopped})",
        file=sys.stderr,
    )
    if args.out:
        from ..io.atomic import atomic_write

        try:
            atomic_write(args.out, lambda out: _write(test, out), binary=False)
        except OSError as error:
            raise UsageError(f"cannot write '{args.out}': {error.strerror or error}") from None
    else:
        _write(test, sys.stdout)
    return 0


def _write(test, out) -> None:
    table = csv.writer(out, lineterminator="\n")
    table.writerow(["step", "lr", "loss", "smoothed_loss"])
    for step, (lr, loss, smooth) in enumerate(
        zip(test.lrs, test.losses, test.smoothed, strict=True)
    ):
        table.writerow([step, repr(float(lr)), repr(float(loss)), repr(float(smooth))])
