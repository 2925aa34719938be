"""The learning-rate range test (Smith 2017, "Cyclical Learning Rates"; fastai's `lr_find`).

One run whose learning rate grows exponentially, from `start` to `end` over `steps` steps (the
engine's ExponentialLR schedule with gamma = (end / start)^(1 / (steps - 1))). Each step's loss
is the loss of the mini-batch that step trains on, taken before its update, paired with the
step's learning rate, as fastai records them. The losses are smoothed as fastai smooths them
(an exponential moving average, debiased: avg = beta·avg + (1 - beta)·loss, shown as
avg / (1 - beta^(i+1))), and the test stops once the smoothed loss passes `stop_factor` times
its lowest (the run has diverged; what follows says nothing about training).

Two suggestions, as fastai gives them:
- *steepest*: the learning rate where the smoothed loss falls fastest against log(lr), the
  largest rate that still makes quick progress;
- *minimum / 10*: a tenth of the learning rate at the smoothed loss's lowest point, a step
  back from where it stops improving.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..engine.validation import whole_number

DEFAULT_START = 1e-7
DEFAULT_END = 10.0
DEFAULT_STEPS = 300
DEFAULT_BETA = 0.98
DEFAULT_STOP_FACTOR = 4.0
MIN_STEPS = 10


@dataclass(frozen=True)
class RangeTest:
    """What a range test found: each step's learning rate and mini-batch loss (raw and
    smoothed) up to where it stopped, and the two suggestions."""

    lrs: np.ndarray
    losses: np.ndarray
    smoothed: np.ndarray
    steepest: float
    """The learning rate where the smoothed loss falls fastest against log(lr)."""
    minimum_tenth: float
    """A tenth of the learning rate at the smoothed loss's lowest point."""
    stopped: str
    """Why the test ended: "diverged" (the smoothed loss passed stop_factor × its lowest, or a
    loss was not finite) or "end" (it reached `end`)."""
    config: dict[str, Any]
    """`optstudio.train`'s settings of the run behind it (train(**config) replays it)."""


def smoothed_losses(losses: np.ndarray, beta: float = DEFAULT_BETA) -> np.ndarray:
    """fastai's smoothing: an exponential moving average of the losses, debiased."""
    out = np.empty(len(losses))
    average = 0.0
    for i, loss in enumerate(losses):
        average = beta * average + (1.0 - beta) * loss
        out[i] = average / (1.0 - beta ** (i + 1))
    return out


def steepest_descent(lrs: np.ndarray, smoothed: np.ndarray) -> float:
    """The learning rate at the start of the steepest fall of `smoothed` against log(lr)."""
    if len(lrs) < 2:
        return float(lrs[0])
    slopes = np.diff(smoothed) / np.diff(np.log(lrs))
    return float(lrs[int(np.argmin(slopes))])


def range_test(
    dataset: str,
    optimizer: str,
    *,
    start: float = DEFAULT_START,
    end: float = DEFAULT_END,
    steps: int = DEFAULT_STEPS,
    beta: float = DEFAULT_BETA,
    stop_factor: float = DEFAULT_STOP_FACTOR,
    **settings: Any,
) -> RangeTest:
    """The range test of `optimizer` on `dataset`; `settings` are `optstudio.train`'s (the
    network, batch size, seed, data and the optimizer's other hyperparameters; not lr or a
    schedule, which the test sets)."""
    from ..training import train

    for taken in ("lr", "schedule", "steps"):
        if taken in settings:
            raise ValueError(f"the range test sets {taken} itself")
    start, end = _rate(start, "start"), _rate(end, "end")
    if end <= start:
        raise ValueError(f"the range test's end ({end:g}) must be above its start ({start:g})")
    steps = whole_number(steps, "steps", MIN_STEPS, 100_000)
    if not (0.0 <= beta < 1.0):
        raise ValueError(f"the smoothing beta must be in [0, 1), got {beta!r}")
    if not (isinstance(stop_factor, int | float) and stop_factor > 1.0):
        raise ValueError(f"stop_factor must be a number above 1, got {stop_factor!r}")
    gamma = (end / start) ** (1.0 / (steps - 1))
    run = train(
        dataset,
        optimizer,
        lr=start,
        schedule={"name": "exponential", "gamma": gamma},
        steps=steps,
        record_every=steps,  # the whole-set rows are not what the test reads
        **settings,
    )
    taken = min(run.step, len(run.step_loss))
    lrs = np.asarray(run.learning_rates(0, taken), dtype=np.float64)
    losses = np.asarray(run.step_loss[:taken], dtype=np.float64)
    finite = np.isfinite(losses)
    stopped = "end"
    if not finite.all():
        cut = int(np.argmin(finite))
        lrs, losses, stopped = lrs[:cut], losses[:cut], "diverged"
    if len(losses) == 0:
        raise ValueError("the first step's loss is not finite: nothing to read")
    smoothed = smoothed_losses(losses, beta)
    lowest = np.minimum.accumulate(smoothed)
    over = np.flatnonzero(smoothed > stop_factor * lowest)
    if over.size:
        cut = int(over[0]) + 1
        lrs, losses, smoothed, stopped = lrs[:cut], losses[:cut], smoothed[:cut], "diverged"
    best = int(np.argmin(smoothed))
    return RangeTest(
        lrs=lrs,
        losses=losses,
        smoothed=smoothed,
        steepest=steepest_descent(lrs, smoothed),
        minimum_tenth=float(lrs[best]) / 10.0,
        stopped=stopped,
        config=dict(run.config),
    )


def _rate(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"the range test's {name} must be a number, got {value!r}")
    if not (math.isfinite(value) and 0.0 < value <= 1e6):
        raise ValueError(f"the range test's {name} must be in (0, 1e6], got {value!r}")
    return float(value)
