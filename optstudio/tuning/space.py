"""A tuning study's search space: which settings vary, over what.

Written as the command line takes it, `lr=1e-4:1:log,momentum=0.8:0.99,batch_size=8|32|128`:
- `NAME=LOW:HIGH` a number drawn uniformly between two bounds, `:log` log-uniformly (learning
  rates, weight decay), `:int` whole numbers (units of a layer);
- `NAME=A|B|C` one of a list (batch sizes, activations, "8,8|16" network shapes).

NAME is a hyperparameter of the optimizer, or one of the lab's settings (`STUDY_SETTINGS`).
Each dimension becomes one Optuna `suggest_*` call, so Optuna's samplers and its study file
see the space as it is.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

STUDY_SETTINGS = ("batch_size", "hidden", "activation", "weight_decay", "reg_rate")
"""Settings of a run besides the optimizer's own that a space may vary."""
DEFAULT_LR_RANGE = "lr=1e-4:1:log"
"""Every optimizer's learning rate varies: a space names lr, or it spans this."""
MAX_DIMENSIONS = 8
MAX_CHOICES = 64
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Dimension:
    """One setting that varies: a range (`low`, `high`, `log`, `integer`) or `choices`."""

    name: str
    low: float | None = None
    high: float | None = None
    log: bool = False
    integer: bool = False
    choices: tuple[Any, ...] = ()

    def suggest(self, trial: Any) -> Any:
        """This dimension's value for an Optuna trial."""
        if self.choices:
            return trial.suggest_categorical(self.name, list(self.choices))
        if self.integer:
            return trial.suggest_int(self.name, int(self.low), int(self.high), log=self.log)
        return trial.suggest_float(self.name, self.low, self.high, log=self.log)

    def grid(self, points: int) -> list[Any]:
        """The values a grid search tries: the choices, or `points` spread over the range (in
        log space where it is log)."""
        if self.choices:
            return list(self.choices)
        if self.integer:
            span = int(self.high) - int(self.low) + 1
            count = min(points, span)
            return sorted({round(v) for v in _spread(self.low, self.high, count, self.log)})
        return _spread(self.low, self.high, points, self.log)

    def text(self) -> str:
        if self.choices:
            return f"{self.name}=" + "|".join(_choice_text(c) for c in self.choices)
        kind = ":log" if self.log else ""
        kind += ":int" if self.integer else ""
        return f"{self.name}={self.low:g}:{self.high:g}{kind}"


def parse_space(text: str, allowed: tuple[str, ...]) -> tuple[Dimension, ...]:
    """The dimensions `text` names (ValueError, one line, for anything else); `allowed` are
    the names a dimension may have (the optimizer's hyperparameters and STUDY_SETTINGS)."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError("the search space is empty; for example lr=1e-4:1:log")
    if len(text) > 2000:
        raise ValueError("the search space is too long (2,000 characters at most)")
    parts = _split(text)
    if len(parts) > MAX_DIMENSIONS:
        raise ValueError(f"{len(parts)} dimensions; a search space has at most {MAX_DIMENSIONS}")
    dimensions: list[Dimension] = []
    for part in parts:
        name, sep, spec = part.partition("=")
        name, spec = name.strip(), spec.strip()
        if not sep or not spec:
            raise ValueError(f"'{part}' is not NAME=LOW:HIGH or NAME=A|B")
        if not _NAME.match(name):
            raise ValueError(f"'{name}' is not a setting's name")
        if name not in allowed:
            raise ValueError(f"'{name}' cannot vary here; choose from: {', '.join(allowed)}")
        if any(d.name == name for d in dimensions):
            raise ValueError(f"'{name}' is named twice in the search space")
        dimensions.append(_dimension(name, spec))
    return tuple(dimensions)


def optimizer_spaces(optimizers: list[str], text: str) -> dict[str, tuple[Dimension, ...]]:
    """Each optimizer's own space from one text: the dimensions it has (its hyperparameters
    and STUDY_SETTINGS), lr always among them (DEFAULT_LR_RANGE unless the text names it).
    ValueError, one line, for a text that cannot be or optimizers that are not."""
    from ..engine.models.optimizers import model_optimizer_spec

    if not optimizers or len(set(optimizers)) != len(optimizers):
        raise ValueError("name one or more different optimizers")
    specs = {name: model_optimizer_spec(name) for name in optimizers}
    allowed = tuple(dict.fromkeys([*(p for s in specs.values() for p in s.hyperparam_names),
                                   *STUDY_SETTINGS]))  # fmt: skip
    text = text if "lr=" in text else f"{DEFAULT_LR_RANGE},{text}"
    space = parse_space(text, allowed)
    return {
        name: tuple(d for d in space if d.name in spec.hyperparam_names or d.name in STUDY_SETTINGS)
        for name, spec in specs.items()
    }


def value_text(value: Any) -> str:
    """A trial's value as the tables and summaries print it."""
    return f"{value:.3g}" if isinstance(value, float) else str(value)


def _split(text: str) -> list[str]:
    """The dimensions of `text`: commas separate them, except inside a network shape of a
    choice ("hidden=8,8|16" is one dimension: a comma that is not followed by NAME=)."""
    parts: list[str] = []
    for piece in text.split(","):
        if parts and "=" not in piece:
            parts[-1] += "," + piece
        else:
            parts.append(piece)
    return [p for p in (q.strip() for q in parts) if p]


def _dimension(name: str, spec: str) -> Dimension:
    if "|" in spec or name in ("hidden", "activation"):
        values = [v.strip() for v in spec.split("|")]
        if len(values) > MAX_CHOICES or any(not v for v in values):
            raise ValueError(f"{name}: a list of 1 to {MAX_CHOICES} values, A|B|C")
        choices = tuple(_choice(name, v) for v in values)
        if len(set(map(str, choices))) != len(choices):
            raise ValueError(f"{name}: a value is listed twice")
        return Dimension(name, choices=choices)
    fields = [f.strip() for f in spec.split(":")]
    if len(fields) < 2 or len(fields) > 4:
        raise ValueError(f"{name}: a range is LOW:HIGH, LOW:HIGH:log or LOW:HIGH:int")
    flags = set(fields[2:])
    if not flags <= {"log", "int"}:
        raise ValueError(f"{name}: after LOW:HIGH comes log or int, not {':'.join(fields[2:])}")
    low, high = (_number(name, f) for f in fields[:2])
    if not low < high:
        raise ValueError(f"{name}: the range's low ({low:g}) must be below its high ({high:g})")
    log = "log" in flags
    if log and low <= 0:
        raise ValueError(f"{name}: a log range starts above 0, not at {low:g}")
    integer = "int" in flags
    if integer and (low != round(low) or high != round(high)):
        raise ValueError(f"{name}: a whole-number range has whole bounds")
    return Dimension(name, low, high, log, integer)


def _number(name: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{name}: '{text}' is not a number") from None
    if not math.isfinite(value) or abs(value) > 1e12:
        raise ValueError(f"{name}: '{text}' is not a finite number of a sensible size")
    return value


def _choice(name: str, text: str) -> Any:
    """A listed value as the run's setting takes it."""
    if name == "hidden":  # kept as text (Optuna's choices are numbers and words)
        if text in ("", "none", "()"):
            return "none"
        try:
            return ",".join(str(int(u)) for u in text.split(","))
        except ValueError:
            raise ValueError(f"hidden: '{text}' is not units per layer, e.g. 16,8") from None
    if name == "activation":
        return text
    if name == "batch_size" and text in ("full", "none"):
        return None
    try:
        number = float(text)
    except ValueError:
        return text  # a word (a flag's choice); the run refuses a wrong one in one line
    if not math.isfinite(number):
        raise ValueError(f"{name}: '{text}' is not a finite number")
    return (
        int(number) if number == round(number) and "." not in text and "e" not in text else number
    )


def _choice_text(value: Any) -> str:
    return "full" if value is None else str(value)


def run_settings(params: dict[str, Any]) -> dict[str, Any]:
    """A trial's values as `optstudio.train` takes them (a network shape from its text)."""
    settings = dict(params)
    if "hidden" in settings:
        text = settings["hidden"]
        settings["hidden"] = () if text == "none" else tuple(int(u) for u in text.split(","))
    return settings


def _spread(low: float, high: float, count: int, log: bool) -> list[float]:
    if count <= 1:
        return [low]
    if log:
        a, b = math.log10(low), math.log10(high)
        return [10 ** (a + (b - a) * i / (count - 1)) for i in range(count)]
    return [low + (high - low) * i / (count - 1) for i in range(count)]
