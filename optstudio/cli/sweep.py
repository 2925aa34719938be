"""`optstudio sweep` and `optstudio basins`: thousands of runs from the command line.

sweep writes one row per combination (CSV: a column per swept hyperparameter, then final_loss,
steps, status; NPZ: the same as arrays shaped as the grid, with the config). basins writes the
map as NPZ (labels, steps, bounds, minima) or as a PNG picture. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

from .options import UsageError, add_run_options, run_config

PNG_SIDE = 512


def add_sweep_commands(commands: Any) -> None:

    sweep = commands.add_parser(
        "sweep",
        help="run every combination of one or two hyperparameters, in parallel",
        description="Run LOSS with OPTIMIZER for every combination of the --grid values (up to "
        "256 each), all other settings from the run options; write CSV (one row per "
        "combination: the swept values, final_loss, steps, status) or NPZ.",
    )
    basins = commands.add_parser(
        "basins",
        help="start a run from every point of a grid over the view; which minimum is reached",
        description="Start LOSS with OPTIMIZER from every point of an N x N grid over the "
        "loss's view and record which known minimum each run ends in (or diverged, or not "
        "converged) and its steps; write NPZ, or a PNG picture of the basins.",
    )
    for command in (sweep, basins):
        command.add_argument("loss", help="loss name, for example himmelblau")
        command.add_argument("optimizer", help="optimizer name, for example adam")
        add_run_options(command)
    sweep.add_argument(
        "--grid",
        action="append",
        required=True,
        metavar="NAME=LOW:HIGH:COUNT[:log]",
        help="a swept hyperparameter, for example lr=1e-5:1:64:log; once or twice",
    )
    sweep.add_argument("--out", required=True, help="the results: .csv or .npz")
    basins.add_argument("--resolution", type=int, default=128, help="grid side, 2 to 512 (128)")
    basins.add_argument("--out", required=True, help="the map: .npz or .png")


def _progress(label: str, total: int):
    done: list[int] = [0]

    def report(_runs, finished: np.ndarray) -> bool:
        done[0] += len(finished)
        print(f"\r{label}: {done[0]:,}/{total:,} runs", end="", file=sys.stderr, flush=True)
        return True

    return report


def _suffix(out: str, allowed: tuple[str, ...]) -> str:

    suffix = Path(out).suffix.lower()
    if suffix not in allowed:
        raise UsageError(f"--out must end in {' or '.join(allowed)}, got '{out}'")
    folder = Path(out).parent
    if not folder.is_dir():  # said before the runs, not after
        raise UsageError(f"cannot write '{out}': there is no folder '{folder}'")
    return suffix


def _written(out: str, write) -> Path:
    from ..io.atomic import atomic_write

    try:
        atomic_write(Path(out), write, binary=True)
    except OSError as error:
        raise UsageError(f"cannot write '{out}': {error.strerror or error}") from None
    return Path(out)


def command_sweep(args: argparse.Namespace) -> int:
    from ..engine.sweep import Axis, sweep

    suffix = _suffix(args.out, (".csv", ".npz"))
    if not 1 <= len(args.grid) <= 2:
        raise UsageError("give --grid once or twice")
    axes = [Axis.parse(text) for text in args.grid]
    config = run_config(args)
    total = int(np.prod([axis.count for axis in axes]))
    result = sweep(config, axes, progress=_progress("sweep", total))
    print(file=sys.stderr)
    names = [axis.name for axis in axes]
    statuses = result.runs.status_names()
    if suffix == ".csv":
        lines = [",".join([*names, "final_loss", "steps", "status"])]
        for i in range(result.runs.steps.size):
            values = result.settings(i)
            lines.append(
                ",".join(
                    [
                        *(f"{values[n]:.17g}" for n in names),
                        f"{result.runs.final_loss[i]:.17g}",
                        str(int(result.runs.steps[i])),
                        statuses[i],
                    ]
                )
            )
        text = "\n".join(lines) + "\n"
        path = _written(args.out, lambda f: f.write(text.encode()))
    else:
        arrays = {
            **{f"axis_{axis.name}": axis.values for axis in axes},
            "final_loss": result.grid(result.runs.final_loss),
            "steps": result.grid(result.runs.steps),
            "status": result.grid(np.array(statuses)),
            "theta": result.runs.theta.reshape(*result.shape, 2),
            "config": np.array(json.dumps({**result.config, "axes": args.grid})),
        }
        path = _written(args.out, lambda f: np.savez(f, **arrays))
    best = result.best()
    summary = (
        "every run diverged"
        if best is None
        else "best: "
        + ", ".join(f"{k}={v:.6g}" for k, v in result.settings(best).items())
        + f" (final loss {result.runs.final_loss[best]:.6g})"
    )
    print(f"{result.runs.steps.size:,} runs; {summary}; wrote {path}", file=sys.stderr)
    return 0


def basin_picture(labels: np.ndarray, steps: np.ndarray, total_steps: int) -> np.ndarray:
    """The basin map as a picture: y up (a picture's first row is its top), enlarged to about
    PNG_SIDE pixels."""
    from ..io.basin_colours import basin_rgb

    picture = basin_rgb(labels, steps, total_steps)[::-1]
    repeat = max(1, PNG_SIDE // labels.shape[0])
    return picture.repeat(repeat, axis=0).repeat(repeat, axis=1)


LEGEND_ROW = 22


def with_basin_legend(picture: np.ndarray, result, total_steps: int) -> np.ndarray:
    """The basin picture with a legend under it: a swatch and a name per basin (with its share
    of the starts), what the shading means, and the window the map covers."""
    from PIL import Image, ImageDraw, ImageFont

    from ..io.basin_colours import basin_rgb

    labels, counts = np.unique(result.labels, return_counts=True)
    entries = []
    for label, count in zip(labels.tolist(), counts.tolist(), strict=True):
        name = {-1: "not converged", -2: "diverged"}.get(label) or (
            "minimum ({:.4g}, {:.4g})".format(*result.minima[label])
        )
        swatch = basin_rgb(np.array([[label]]), np.zeros((1, 1)), total_steps)[0, 0]
        entries.append((tuple(int(v) for v in swatch), f"{name}: {count / result.labels.size:.0%}"))
    x0, x1, y0, y1 = result.bounds
    notes = [
        f"x from {x0:.4g} to {x1:.4g}, y from {y0:.4g} to {y1:.4g}; darker: more steps to converge"
    ]
    width = picture.shape[1]
    height = picture.shape[0] + LEGEND_ROW * (len(entries) + len(notes)) + 8
    canvas = Image.new("RGB", (width, height), (255, 255, 255))
    canvas.paste(Image.fromarray(picture), (0, 0))
    draw = ImageDraw.Draw(canvas)
    font = ImageFont.load_default(size=13)
    y = picture.shape[0] + 6
    for colour, text in entries:
        draw.rectangle((8, y + 3, 22, y + 17), fill=colour, outline=(0, 0, 0))
        draw.text((30, y + 2), text, fill=(20, 20, 20), font=font)
        y += LEGEND_ROW
    for text in notes:
        draw.text((8, y + 2), text, fill=(70, 70, 70), font=font)
        y += LEGEND_ROW
    return np.asarray(canvas)


def png_bytes(picture: np.ndarray) -> bytes:
    import imageio.v3 as iio

    return iio.imwrite("<bytes>", picture, extension=".png")


def command_basins(args: argparse.Namespace) -> int:
    from ..engine.sweep import basins

    suffix = _suffix(args.out, (".npz", ".png"))
    config = run_config(args)
    progress = _progress("basins", args.resolution**2)
    result = basins(config, resolution=args.resolution, progress=progress)
    print(file=sys.stderr)
    if suffix == ".png":
        picture = with_basin_legend(
            basin_picture(result.labels, result.steps, args.steps), result, args.steps
        )
        path = _written(args.out, lambda f: f.write(png_bytes(picture)))
    else:
        arrays = {
            "labels": result.labels,
            "steps": result.steps,
            "bounds": np.array(result.bounds),
            "minima": np.array(result.minima).reshape(-1, 2),
            "config": np.array(json.dumps(result.config)),
        }
        path = _written(args.out, lambda f: np.savez(f, **arrays))
    labels, numbers = np.unique(result.labels, return_counts=True)
    counts = dict(zip(labels.tolist(), numbers.tolist(), strict=True))
    names = {-1: "not converged", -2: "diverged"}
    parts = [
        names[k] if k < 0 else "minimum ({:.4g}, {:.4g})".format(*result.minima[k]) for k in counts
    ]
    summary = "; ".join(f"{part}: {counts[k]:,}" for part, k in zip(parts, counts, strict=True))
    print(f"{result.labels.size:,} starts; {summary}; wrote {path}", file=sys.stderr)
    return 0
