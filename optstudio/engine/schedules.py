"""Learning-rate schedules with torch.optim.lr_scheduler's semantics and argument names.

The learning rate of step t is the one torch's scheduler gives after t calls of
``scheduler.step()``, written in closed form as a function of the base lr and t. Rates are
computed as numpy arrays in fixed blocks of steps aligned to the run's start, so that the value
for a step never depends on how the run is cut into chunks (vectorised transcendental functions
may round differently at different positions in an array), and the kernels never call back into
Python.

A schedule is written ``NAME[:ARG=VALUE,...]`` (``"cosine:T_max=500,eta_min=1e-5"``) or as a
dict with a ``"name"`` key. Arguments that default to None take the run's step count.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from .specs import HyperParam, Value, by_name, resolve_values, unknown_name

BLOCK = 1 << 14


def _factor(name: str, default: float, meaning: str, **limits: Any) -> HyperParam:
    return HyperParam(name, default, meaning, **limits)


_POSITIVE = {"low": 0.0, "low_inclusive": False}
MAX_SCHEDULE_STEPS = 10**12
"""The longest period a schedule may name: far beyond any run (2·10⁹ steps at most), and small
enough that its arithmetic stays in exact 64-bit integers and floats (1e30 overflowed)."""
_STEPS = {"kind": "int", "low": 1, "high": MAX_SCHEDULE_STEPS}

LrFunction = Callable[[float, np.ndarray, Mapping[str, Value]], np.ndarray]


@dataclass(frozen=True)
class ScheduleSpec:
    name: str
    description: str
    torch_name: str
    args: tuple[HyperParam, ...]
    lr: LrFunction
    check: Callable[[Mapping[str, Value]], None] | None = None


def _constant(base: float, t: np.ndarray, a: Mapping[str, Value]) -> np.ndarray:
    return base * np.where(t < a["total_iters"], a["factor"], 1.0)


def _linear(base: float, t: np.ndarray, a: Mapping[str, Value]) -> np.ndarray:
    start, end, total = a["start_factor"], a["end_factor"], a["total_iters"]
    return base * (start + (end - start) * np.minimum(t, total) / total)


def _step(base: float, t: np.ndarray, a: Mapping[str, Value]) -> np.ndarray:
    return base * a["gamma"] ** (t // a["step_size"])


def _multistep(base: float, t: np.ndarray, a: Mapping[str, Value]) -> np.ndarray:
    passed = np.searchsorted(np.asarray(a["milestones"], dtype=np.int64), t, side="right")
    return base * a["gamma"] ** passed


def _exponential(base: float, t: np.ndarray, a: Mapping[str, Value]) -> np.ndarray:
    return base * a["gamma"] ** t


def _polynomial(base: float, t: np.ndarray, a: Mapping[str, Value]) -> np.ndarray:
    total = a["total_iters"]
    return base * (1.0 - np.minimum(t, total) / total) ** a["power"]


def _cosine_between(low: float, high: float, fraction: np.ndarray) -> np.ndarray:
    return low + (high - low) * (1.0 + np.cos(math.pi * fraction)) / 2.0


def _cosine(base: float, t: np.ndarray, a: Mapping[str, Value]) -> np.ndarray:
    return _cosine_between(a["eta_min"], base, t / a["T_max"])


def _cosine_restarts(base: float, t: np.ndarray, a: Mapping[str, Value]) -> np.ndarray:
    period, mult = a["T_0"], a["T_mult"]
    if mult == 1:
        return _cosine_between(a["eta_min"], base, (t % period) / period)
    # Restart k begins at T_0 (T_mult^k - 1) / (T_mult - 1); exact integer boundaries.
    starts = [0]
    lengths = [period]
    while starts[-1] <= int(t.max(initial=0)):
        starts.append(starts[-1] + lengths[-1])
        lengths.append(lengths[-1] * mult)
    index = np.searchsorted(np.asarray(starts), t, side="right") - 1
    t_cur = t - np.asarray(starts)[index]
    t_i = np.asarray(lengths)[index]
    return _cosine_between(a["eta_min"], base, t_cur / t_i)


def _warmup_cosine(base: float, t: np.ndarray, a: Mapping[str, Value]) -> np.ndarray:
    warmup = a["warmup_iters"]
    start = a["start_factor"]
    ramp = base * (start + (1.0 - start) * np.minimum(t, warmup) / max(warmup, 1))
    decay = _cosine_between(a["eta_min"], base, (t - warmup) / a["T_max"])
    return np.where(t < warmup, ramp, decay)


def _one_cycle(base: float, t: np.ndarray, a: Mapping[str, Value]) -> np.ndarray:
    max_lr = base if a["max_lr"] is None else a["max_lr"]
    total = a["total_steps"]
    initial = max_lr / a["div_factor"]
    final = initial / a["final_div_factor"]
    pct = a["pct_start"]
    if a["three_phase"]:
        phases = [
            (float(pct * total) - 1, initial, max_lr),
            (float(2 * pct * total) - 2, max_lr, initial),
            (total - 1.0, initial, final),
        ]
    else:
        phases = [(float(pct * total) - 1, initial, max_lr), (total - 1.0, max_lr, final)]
    step = np.minimum(t, total).astype(np.float64)
    out = np.empty_like(step)
    done = np.zeros(step.shape, dtype=bool)
    phase_start = 0.0
    for k, (phase_end, low, high) in enumerate(phases):
        here = ~done & ((step <= phase_end) | (k == len(phases) - 1))
        fraction = (step[here] - phase_start) / (phase_end - phase_start)
        if a["anneal_strategy"] == "linear":
            out[here] = (high - low) * fraction + low
        else:
            out[here] = high + (low - high) / 2.0 * (np.cos(math.pi * fraction) + 1)
        done |= here
        phase_start = phase_end
    return out


def _cyclic(base: float, t: np.ndarray, a: Mapping[str, Value]) -> np.ndarray:
    low = base if a["base_lr"] is None else a["base_lr"]
    up = a["step_size_up"]
    down = up if a["step_size_down"] is None else a["step_size_down"]
    total = float(up + down)
    ratio = up / total
    cycle = np.floor(1 + t / total)
    x = 1.0 + t / total - cycle
    scale = np.where(x <= ratio, x / ratio, (x - 1) / (ratio - 1))
    height = (a["max_lr"] - low) * scale
    mode = a["mode"]
    if mode == "triangular":
        return low + height
    if mode == "triangular2":
        return low + height * (1 / (2.0 ** (cycle - 1)))
    return low + height * a["gamma"] ** t


def _inverse_time(base: float, t: np.ndarray, a: Mapping[str, Value]) -> np.ndarray:
    progress = t / a["decay_steps"]
    if a["staircase"]:
        progress = np.floor(progress)
    return base / (1.0 + a["decay_rate"] * progress)


def _choice(name: str, default: str, choices: tuple[str, ...], meaning: str) -> HyperParam:
    return HyperParam(name, default, meaning, kind="choice", choices=choices)


_RUN_STEPS = "default: the run's number of steps"


def _require_max_lr(a: Mapping[str, Value]) -> None:
    if a["max_lr"] is None:
        raise ValueError("cyclic: max_lr is required (the top of each cycle)")


def _no_momentum_cycling(a: Mapping[str, Value]) -> None:
    if a.get("cycle_momentum"):
        raise ValueError(
            "cycle_momentum=true is not supported: optstudio schedules the learning rate only"
        )


def _check_cyclic(a: Mapping[str, Value]) -> None:
    _require_max_lr(a)
    _no_momentum_cycling(a)


SCHEDULES: dict[str, ScheduleSpec] = by_name(
    ScheduleSpec(
        "constant",
        "The base learning rate, optionally scaled by `factor` for the first steps.",
        "ConstantLR",
        (
            _factor("factor", 1.0, "multiplier of the lr before total_iters", low=0.0),
            HyperParam(
                "total_iters",
                0,
                "steps that use the factor",
                kind="int",
                low=0,
                high=MAX_SCHEDULE_STEPS,
            ),
        ),
        _constant,
    ),
    ScheduleSpec(
        "linear",
        "Linear change of the lr from start_factor to end_factor over total_iters steps.",
        "LinearLR",
        (
            _factor("start_factor", 1 / 3, "multiplier at step 0", **_POSITIVE, high=1.0),
            _factor("end_factor", 1.0, "multiplier after total_iters", low=0.0, high=1.0),
            HyperParam("total_iters", 5, "steps of the change", **_STEPS),
        ),
        _linear,
    ),
    ScheduleSpec(
        "step",
        "Multiply the lr by gamma every step_size steps.",
        "StepLR",
        (
            HyperParam("step_size", 100, "steps between decays", **_STEPS),
            _factor("gamma", 0.1, "decay factor", **_POSITIVE),
        ),
        _step,
    ),
    ScheduleSpec(
        "multistep",
        "Multiply the lr by gamma at each milestone step.",
        "MultiStepLR",
        (
            HyperParam(
                "milestones",
                (100,),
                "steps at which to decay",
                kind="int_list",
                low=0,
                high=MAX_SCHEDULE_STEPS,
            ),
            _factor("gamma", 0.1, "decay factor", **_POSITIVE),
        ),
        _multistep,
    ),
    ScheduleSpec(
        "exponential",
        "Multiply the lr by gamma every step.",
        "ExponentialLR",
        (_factor("gamma", 0.99, "decay factor per step", **_POSITIVE),),
        _exponential,
    ),
    ScheduleSpec(
        "polynomial",
        "Decay to zero over total_iters steps as (1 - t/total_iters)^power.",
        "PolynomialLR",
        (
            HyperParam("total_iters", None, _RUN_STEPS, **_STEPS, optional=True),
            _factor("power", 1.0, "power of the decay", low=0.0),
        ),
        _polynomial,
    ),
    ScheduleSpec(
        "cosine",
        "Cosine annealing from the lr to eta_min over T_max steps.",
        "CosineAnnealingLR",
        (
            HyperParam(
                "T_max", None, f"half period in steps; {_RUN_STEPS}", **_STEPS, optional=True
            ),
            _factor("eta_min", 0.0, "lowest lr", low=0.0),
        ),
        _cosine,
    ),
    ScheduleSpec(
        "cosine_restarts",
        "Cosine annealing that restarts after T_0 steps, each period T_mult times longer.",
        "CosineAnnealingWarmRestarts",
        (
            HyperParam("T_0", 100, "steps of the first period", **_STEPS),
            HyperParam("T_mult", 1, "growth of the period", kind="int", low=1, high=1000),
            _factor("eta_min", 0.0, "lowest lr", low=0.0),
        ),
        _cosine_restarts,
    ),
    ScheduleSpec(
        "warmup_cosine",
        "Linear warm-up for warmup_iters steps, then cosine annealing over T_max steps.",
        "SequentialLR(LinearLR, CosineAnnealingLR)",
        (
            HyperParam(
                "warmup_iters",
                100,
                "steps of warm-up",
                kind="int",
                low=0,
                high=MAX_SCHEDULE_STEPS,
            ),
            _factor("start_factor", 0.01, "multiplier at step 0", **_POSITIVE, high=1.0),
            HyperParam(
                "T_max",
                None,
                "steps of the decay; default: the steps after warm-up",
                **_STEPS,
                optional=True,
            ),
            _factor("eta_min", 0.0, "lowest lr", low=0.0),
        ),
        _warmup_cosine,
    ),
    ScheduleSpec(
        "onecycle",
        "One cycle: warm up from max_lr/div_factor to max_lr, then anneal far below.",
        "OneCycleLR (cycle_momentum=False)",
        (
            _factor(
                "max_lr",
                None,
                "peak lr; default: the optimizer's lr",
                **_POSITIVE,
                optional=True,
            ),
            HyperParam("total_steps", None, _RUN_STEPS, **_STEPS, optional=True),
            _factor(
                "pct_start",
                0.3,
                "fraction of the cycle spent warming up",
                **_POSITIVE,
                high=1.0,
                high_inclusive=False,
            ),
            _choice("anneal_strategy", "cos", ("cos", "linear"), "shape of both phases"),
            _factor("div_factor", 25.0, "initial lr = max_lr / div_factor", **_POSITIVE),
            _factor(
                "final_div_factor", 1e4, "final lr = initial lr / final_div_factor", **_POSITIVE
            ),
            HyperParam("three_phase", False, "a third phase back down", kind="bool"),
            HyperParam("cycle_momentum", False, "not supported; must be false", kind="bool"),
        ),
        _one_cycle,
        _no_momentum_cycling,
    ),
    ScheduleSpec(
        "cyclic",
        "Cyclical lr between base_lr and max_lr (triangular, triangular2 or exp_range).",
        "CyclicLR (cycle_momentum=False)",
        (
            _factor(
                "base_lr",
                None,
                "bottom of each cycle; default: the optimizer's lr",
                **_POSITIVE,
                optional=True,
            ),
            _factor("max_lr", None, "top of each cycle (required)", **_POSITIVE, optional=True),
            HyperParam("step_size_up", 2000, "steps going up", **_STEPS),
            HyperParam(
                "step_size_down",
                None,
                "steps going down; default: step_size_up",
                **_STEPS,
                optional=True,
            ),
            _choice(
                "mode", "triangular", ("triangular", "triangular2", "exp_range"), "cycle shape"
            ),
            _factor("gamma", 1.0, "exp_range decay per step", **_POSITIVE),
            HyperParam("cycle_momentum", False, "not supported; must be false", kind="bool"),
        ),
        _cyclic,
        _check_cyclic,
    ),
    ScheduleSpec(
        "inverse_time",
        "lr / (1 + decay_rate * t / decay_steps), the Robbins-Monro decay (as in Keras).",
        "LambdaLR (keras InverseTimeDecay)",
        (
            _factor("decay_rate", 1.0, "decay per decay_steps", low=0.0),
            HyperParam("decay_steps", 100, "steps per unit of decay", **_STEPS),
            HyperParam("staircase", False, "decay in whole periods", kind="bool"),
        ),
        _inverse_time,
    ),
)


@dataclass(frozen=True)
class Schedule:
    """A schedule with every argument resolved (run-dependent defaults filled in)."""

    name: str
    args: Mapping[str, Value]

    @property
    def spec(self) -> ScheduleSpec:
        return SCHEDULES[self.name]

    def lr(self, base_lr: float, steps: np.ndarray) -> np.ndarray:
        """The learning rate of each step in `steps` (int64 array). A rate that overflows is
        inf, as torch's would be, and the run diverges there; no warning is printed."""
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            out = self.spec.lr(base_lr, np.asarray(steps, dtype=np.int64), self.args)
        return np.asarray(out, dtype=np.float64)

    def block(self, base_lr: float, index: int) -> np.ndarray:
        """Rates of steps [index*BLOCK, (index+1)*BLOCK): the unit every chunk is cut from."""
        return self.lr(base_lr, np.arange(index * BLOCK, (index + 1) * BLOCK, dtype=np.int64))

    def to_config(self) -> dict[str, Any]:
        return {"name": self.name, **{k: _plain(v) for k, v in self.args.items()}}


def _plain(value: Value) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _split_args(text: str) -> dict[str, str]:
    """Split "a=1,b=[2,3]" on the commas outside brackets."""
    args: dict[str, str] = {}
    depth = 0
    current = ""
    for char in text + ",":
        if char in "[(":
            depth += 1
        elif char in "])":
            depth -= 1
            if depth < 0:
                raise ValueError(f"schedule arguments '{text}' close a bracket never opened")
        if char == "," and depth == 0:
            if current.strip():
                if "=" not in current:
                    raise ValueError(f"schedule argument '{current.strip()}' is not NAME=VALUE")
                key, _, value = current.partition("=")
                args[key.strip()] = value.strip()
            current = ""
        else:
            current += char
    if depth:
        raise ValueError(f"schedule arguments '{text}' open a bracket never closed")
    return args


def parse_schedule(
    spec: str | Mapping[str, Any] | Schedule | None, *, steps: int
) -> Schedule | None:
    """Validate a schedule given as text or dict; None and "constant" with no args mean none."""
    if spec is None or isinstance(spec, Schedule):
        return spec
    if isinstance(spec, str):
        name, _, rest = spec.strip().partition(":")
        raw: dict[str, Any] = _split_args(rest)
    elif isinstance(spec, Mapping):
        if "name" not in spec:
            raise ValueError("a schedule given as a dict needs a 'name' key")
        name = spec["name"]
        raw = {k: v for k, v in spec.items() if k != "name"}
    else:
        raise ValueError(f"a schedule is text like 'cosine:T_max=500' or a dict, got {spec!r}")
    name = str(name).strip().lower()
    if name not in SCHEDULES:
        raise unknown_name("schedule", name, SCHEDULES)
    schedule_spec = SCHEDULES[name]
    args = resolve_values(schedule_spec.args, raw, f"schedule {name}", "argument")
    run_steps = max(int(steps), 1)
    for key in ("T_max", "total_iters", "total_steps"):
        if key in args and args[key] is None:
            warmup = int(args.get("warmup_iters", 0))
            args[key] = max(run_steps - warmup, 1)
    if schedule_spec.check is not None:
        schedule_spec.check(args)
    return Schedule(name, args)
