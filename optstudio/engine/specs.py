"""The specs: one declaration per hyperparameter, optimizer and loss.

A spec is the single source of truth. The command line builds its options from it, validation
reads its ranges, the studio's side panels are generated from it and exports carry its names.
Nothing here imports numba, so reading the catalogue costs nothing.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, TypeVar

Kind = Literal["float", "int", "bool", "int_list", "choice"]
Scale = Literal["linear", "log"]
Value = float | int | bool | str | tuple[int, ...] | None


def _number_text(value: float) -> str:
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return f"{value:g}"


@dataclass(frozen=True)
class HyperParam:
    """A named, ranged setting with a one-line meaning a student can read in a tooltip.

    `low`/`high` bound the valid range (None = unbounded); the `*_inclusive` flags say whether
    the bound itself is allowed, so that "beta1 in [0, 1)" is written once and enforced everywhere.
    `optional` allows None, meaning "off" (a clipping norm that is not set).
    """

    name: str
    default: Value
    meaning: str
    kind: Kind = "float"
    low: float | None = None
    high: float | None = None
    low_inclusive: bool = True
    high_inclusive: bool = True
    scale: Scale = "linear"
    optional: bool = False
    choices: tuple[str, ...] = ()

    def range_text(self) -> str:
        if self.kind == "bool":
            return "true or false"
        if self.kind == "choice":
            return "one of " + ", ".join(self.choices)
        low = "-inf" if self.low is None else _number_text(self.low)
        high = "inf" if self.high is None else _number_text(self.high)
        left = "[" if self.low is not None and self.low_inclusive else "("
        right = "]" if self.high is not None and self.high_inclusive else ")"
        text = f"{left}{low}, {high}{right}"
        if self.kind == "int":
            text = f"integers in {text}"
        elif self.kind == "int_list":
            text = f"lists of integers in {text}"
        return text

    def _in_range(self, number: float) -> bool:
        if math.isnan(number):
            return False
        if math.isinf(number) and not (
            (number > 0 and self.high == math.inf and self.high_inclusive)
            or (number < 0 and self.low == -math.inf and self.low_inclusive)
        ):
            return False  # "[0, inf)": an open end excludes infinity itself
        if self.low is not None and (
            number < self.low or (number == self.low and not self.low_inclusive)
        ):
            return False
        return not (
            self.high is not None
            and (number > self.high or (number == self.high and not self.high_inclusive))
        )

    def validate(self, value: Any, owner: str) -> Value:
        """Convert `value` (a number, a bool or command-line text) and check its range.

        Raises ValueError with a message naming the owner, the parameter and its valid range.
        """
        where = f"{owner}: {self.name}"
        if value is None or (isinstance(value, str) and value.strip().lower() in {"none", ""}):
            if self.optional:
                return None
            raise ValueError(f"{where} needs a value in {self.range_text()}")
        if self.kind == "bool":
            return _to_bool(value, where)
        if self.kind == "choice":
            text = str(value).strip().strip("'\"")
            if text not in self.choices:
                raise ValueError(f"{where} must be {self.range_text()}, got {value!r}")
            return text
        if self.kind == "int_list":
            items = _to_int_list(value, where)
            for item in items:
                if not self._in_range(item):
                    raise ValueError(f"{where} must hold {self.range_text()}, got {item!r}")
            if list(items) != sorted(items):
                raise ValueError(f"{where} must be increasing, got {list(items)}")
            return items
        number = _to_number(value, where, integer=self.kind == "int")
        if not self._in_range(number):
            expected = self.range_text().replace("integers in", "a whole number in")
            if self.kind != "int":
                expected = f"in {expected}"
            raise ValueError(f"{where} must be {expected}, got {value!r}")
        return number

    def to_dict(self) -> dict[str, Any]:
        """A plain description for `optstudio list --json` and parameter trees."""
        default = list(self.default) if isinstance(self.default, tuple) else self.default
        return {
            "name": self.name,
            "default": default,
            "meaning": self.meaning,
            "kind": self.kind,
            "range": self.range_text(),
            "low": self.low,
            "high": self.high,
            "scale": self.scale,
            "optional": self.optional,
            "choices": list(self.choices),
        }


def _to_bool(value: Any, where: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in {"true", "1", "yes", "on"}:
        return True
    if isinstance(value, str) and value.strip().lower() in {"false", "0", "no", "off"}:
        return False
    raise ValueError(f"{where} must be true or false, got {value!r}")


def _to_number(value: Any, where: str, *, integer: bool) -> float | int:
    if isinstance(value, bool):
        raise ValueError(f"{where} must be a number, got {value!r}")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{where} must be a number, got {value!r}") from None
    if not integer:
        return number
    if not number.is_integer():
        raise ValueError(f"{where} must be a whole number, got {value!r}")
    return int(number)


def _to_int_list(value: Any, where: str) -> tuple[int, ...]:
    if isinstance(value, str):
        text = value.strip().strip("[]()")
        parts = [p for p in text.replace(";", ",").replace(" ", ",").split(",") if p]
    elif isinstance(value, Iterable):
        parts = list(value)
    else:
        parts = [value]
    return tuple(_to_number(p, where, integer=True) for p in parts)  # type: ignore[misc]


def _typo_distance(a: str, b: str) -> int:
    """Edits between two names, a swap of neighbours counting once (optimal string alignment)."""
    rows = [list(range(len(b) + 1))]
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            cost = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, rows[-2][j - 2] + 1)
            row.append(cost)
        rows.append(row)
    return rows[-1][-1]


def closest_name(name: str, choices: Iterable[str]) -> str | None:
    """The likeliest intended name for a typo, or None when nothing is close."""
    close = difflib.get_close_matches(str(name), list(choices), n=4, cutoff=0.6)
    return min(close, key=lambda c: _typo_distance(str(name), c)) if close else None


def quoted(name: object) -> str:
    """A name as a message quotes it: 'adam', or Python's escapes where it holds a line break
    or another unprintable character (a damaged session's optimizer '\n' broke the one-line
    message in two)."""
    text = str(name)
    return f"'{text}'" if text.isprintable() else repr(text)


def unknown_name(kind: str, name: str, choices: Iterable[str]) -> ValueError:
    """The message for a name that is not in a catalogue, with a suggestion where one is close."""
    choices = sorted(choices)
    close = closest_name(name, choices)
    hint = f" (did you mean '{close}'?)" if close else ""
    return ValueError(f"unknown {kind} {quoted(name)}{hint}; choose one of: {', '.join(choices)}")


def resolve_values(
    params: tuple[HyperParam, ...], overrides: Mapping[str, Any], owner: str, what: str
) -> dict[str, Value]:
    """Defaults overlaid with validated overrides; unknown names are refused."""
    by_name = {p.name: p for p in params}
    for name in overrides:
        if name not in by_name:
            known = ", ".join(by_name) or "none"
            close = closest_name(name, by_name)
            hint = f" (did you mean '{close}'?)" if close else ""
            raise ValueError(f"{owner} has no {what} '{name}'{hint}; its {what}s are: {known}")
    return {
        p.name: p.validate(overrides[p.name], owner) if p.name in overrides else p.default
        for p in params
    }


@dataclass(frozen=True)
class OptimizerSpec:
    """An optimizer as the studio shows it and the engine runs it.

    `update_rule` is the algorithm as plain math text, shown to students beside the picture.
    `check` enforces rules between fields (torch: "Nesterov momentum requires a momentum and
    zero dampening"). `kernel_id` selects the jitted step.
    """

    name: str
    display_name: str
    description: str
    update_rule: str
    hyperparams: tuple[HyperParam, ...]
    kernel_id: int
    reference: str
    check: Callable[[Mapping[str, Value]], None] | None = None

    def resolve(self, overrides: Mapping[str, Any] | None = None) -> dict[str, Value]:
        values = resolve_values(self.hyperparams, overrides or {}, self.name, "hyperparameter")
        if self.check is not None:
            self.check(values)
        return values

    @property
    def hyperparam_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.hyperparams)


@dataclass(frozen=True)
class StationaryPoint:
    """A known minimum (global or local) or saddle point, marked on the map."""

    point: tuple[float, float]
    value: float
    kind: Literal["global", "local", "saddle"] = "global"


@dataclass(frozen=True)
class LossSpec:
    """A loss landscape over two parameters (x, y).

    `points` are the known minima and saddles; where they move with the parameters
    (Rosenbrock's minimum is (a, a^2)), `points_for` computes them instead.
    `kernel_params` turns the user's parameter values into the numbers the jitted kernel reads
    (so that, for instance, a rotation angle is turned into its cosine and sine once, not every
    step). Data losses (`kind == "data"`) build their data set from their own parameters.
    """

    name: str
    display_name: str
    description: str
    formula: str
    view: tuple[float, float, float, float]
    starts: tuple[tuple[float, float], ...]
    kernel_id: int
    params: tuple[HyperParam, ...] = ()
    points: tuple[StationaryPoint, ...] = ()
    points_for: Callable[[Mapping[str, Value]], tuple[StationaryPoint, ...]] | None = None
    kind: Literal["analytic", "data"] = "analytic"
    log_colour: bool = False
    kernel_params: Callable[[Mapping[str, Value]], tuple[float, ...]] = field(
        default=lambda values: ()
    )

    @property
    def default_start(self) -> tuple[float, float]:
        return self.starts[0]

    @property
    def is_data(self) -> bool:
        return self.kind == "data"

    def resolve(self, overrides: Mapping[str, Any] | None = None) -> dict[str, Value]:
        return resolve_values(self.params, overrides or {}, self.name, "parameter")

    def stationary_points(self, values: Mapping[str, Value]) -> tuple[StationaryPoint, ...]:
        return self.points_for(values) if self.points_for is not None else self.points


class Named(Protocol):
    @property
    def name(self) -> str: ...


SpecT = TypeVar("SpecT", bound=Named)


def by_name(*specs: SpecT) -> dict[str, SpecT]:
    """A registry of specs, each under its name; a name given twice is refused (the second
    would silently hide the first)."""
    registry: dict[str, SpecT] = {}
    for spec in specs:
        if spec.name in registry:
            raise ValueError(f"two specs are named {spec.name!r}")
        registry[spec.name] = spec
    return registry
