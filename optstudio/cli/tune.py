"""`optstudio tune`: tune optimizers with the same budget on a network and data set, on every
core or a Dask cluster, and compare their best settings with their defaults over K seeds."""

from __future__ import annotations

import argparse
import math
import sys
from typing import Any

from .options import UsageError, refuse_empty_out
from .train import add_model_options, train_config


def add_tune_command(commands: Any) -> None:
    from ..tuning.metrics import METRICS
    from ..tuning.pruning import PRUNERS
    from ..tuning.space import DEFAULT_LR_RANGE
    from ..tuning.study import SAMPLERS

    tune = commands.add_parser(
        "tune",
        help="tune optimizers fairly (Optuna) on every core or a Dask cluster",
        description="Tune each of --optimizers with the same budget of --trials on the search "
        "--space (Optuna's sampler; each trial trained on --seeds seeds, its metric their "
        "mean), run as Dask tasks on a local cluster of one worker a core, or on --scheduler; "
        "then print each optimizer's best setting and its defaults over the same seeds. "
        "The table of every trial and seed goes to --out (CSV or JSON).",
    )
    tune.add_argument("dataset", help="circle, xor, gauss, spiral, plane, gaussians, digits, ...")
    tune.add_argument("--optimizers", required=True, help="for example adam,sgd,rmsprop")
    tune.add_argument(
        "--space",
        default=DEFAULT_LR_RANGE,
        help="NAME=LOW:HIGH[:log|:int] or NAME=A|B|C, comma-separated; a name is an "
        "optimizer's hyperparameter (where it has it) or batch_size, hidden, activation, "
        f"weight_decay, reg_rate ({DEFAULT_LR_RANGE}, which lr keeps if not named)",
    )
    tune.add_argument("--trials", type=int, default=20, help="trials per optimizer (20)")
    tune.add_argument("--seeds", type=int, default=3, help="seeds per trial (3)")
    tune.add_argument("--sampler", choices=SAMPLERS, default="tpe", help="(tpe)")
    tune.add_argument(
        "--prune",
        choices=PRUNERS,
        default="none",
        help="median: stop a run at a quarter, half or three quarters of its steps where it "
        "is worse than the median of the runs before it; halving: at a 27th, a 9th and a "
        "third of its steps, go on only among the best third there (none)",
    )
    tune.add_argument("--metric", choices=tuple(METRICS), default="final_test_loss")
    tune.add_argument("--sampler-seed", type=int, default=0, help="the sampler's seed (0)")
    tune.add_argument("--scheduler", help="a Dask scheduler's address, tcp://HOST:8786")
    tune.add_argument("--workers", type=int, help="local worker processes (one a core)")
    tune.add_argument("--no-defaults", action="store_true", help="skip the default settings")
    add_model_options(tune)
    tune.add_argument("--steps", type=int, default=300, help="steps per run (300)")
    tune.add_argument("--seed", type=int, default=0, help="the first seed (0)")
    tune.add_argument("--batch-size", type=int, help="mini-batch size (the whole training set)")
    tune.add_argument("--out", help="the trials table: .csv or .json")


def tuning_plan(args: argparse.Namespace) -> Any:
    """The study the options describe (UsageError, one line, for what it cannot be)."""
    from ..tuning.space import optimizer_spaces
    from ..tuning.study import TuningPlan

    names = [n.strip() for n in args.optimizers.split(",") if n.strip()]
    spaces = optimizer_spaces(names, args.space)  # ValueError: one line (command_tune)
    args.set, args.schedule, args.record_every, args.tol, args.optimizer = (
        [],
        None,
        1,
        0.0,
        names[0],
    )
    base = train_config(args)
    for key in ("optimizer", "schedule", "record_every", "tol"):
        base.pop(key)
    return TuningPlan(
        base=base,
        spaces=spaces,
        trials=args.trials,
        seeds=args.seeds,
        sampler=args.sampler,
        metric=args.metric,
        sampler_seed=args.sampler_seed,
        with_defaults=not args.no_defaults,
        prune=args.prune,
    )


def command_tune(args: argparse.Namespace) -> int:
    from ..tuning.study import ClusterError, dask_client, run_study

    refuse_empty_out(args.out)
    if args.out and not args.out.endswith((".csv", ".json")):
        raise UsageError(f"--out writes .csv or .json, not '{args.out}'")
    if args.workers is not None and not 1 <= args.workers <= 256:
        raise UsageError(f"--workers must be in [1, 256], got {args.workers}")
    try:
        plan = tuning_plan(args)
    except ValueError as error:
        raise UsageError(str(error)) from None
    bar = _ProgressBar()
    try:
        with dask_client(args.scheduler, args.workers) as client:
            result = run_study(plan, client, on_progress=bar.show)
    except ClusterError as error:  # no scheduler there, or workers of another version
        raise UsageError(str(error)) from None
    bar.end()
    _summary(result)
    if args.out:
        _write(result, args.out)
    return 0


class _ProgressBar:
    """Trials done, running and failed, and the time left, on one line of stderr."""

    def __init__(self) -> None:
        self.last = ""
        self.shown = sys.stderr.isatty()  # a log file gets the summary, not a thousand \r

    def show(self, progress) -> None:
        if not self.shown:
            return
        width = 30
        filled = round(width * progress.done / max(progress.total, 1))
        left = progress.left_seconds
        eta = "" if math.isnan(left) else f", {left:.0f} s left"
        line = (
            f"\r[{'#' * filled}{'.' * (width - filled)}] {progress.done}/{progress.total} "
            f"runs, {progress.running} running, {progress.pruned} pruned, "
            f"{progress.failed} failed{eta}"
        )
        if line != self.last:
            print(line, end="", file=sys.stderr, flush=True)
            self.last = line

    def end(self) -> None:
        if self.last:
            print(file=sys.stderr)


def _summary(result) -> None:
    from ..tuning.space import value_text

    metric = result.plan.metric
    for name in result.plan.spaces:
        best, defaults = result.best(name), result.defaults(name)
        said = f"{name}: "
        if best is None:
            said += "no trial finished"
        else:
            values = ", ".join(f"{k}={value_text(v)}" for k, v in sorted(best.values.items()))
            said += f"best {metric} {best.value:.4g} ± {best.spread:.2g} at {values}"
        if defaults is not None and not math.isnan(defaults.value):
            said += f"; defaults {defaults.value:.4g} ± {defaults.spread:.2g}"
        print(said, file=sys.stderr)


def _write(result, path: str) -> None:
    from ..tuning.files import write_trials

    try:
        rows = write_trials(result, path)
    except OSError as error:
        raise UsageError(f"cannot write '{path}': {error.strerror or error}") from None
    print(f"wrote {rows} rows to {path}", file=sys.stderr)
