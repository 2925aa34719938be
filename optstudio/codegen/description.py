"""One description of a run for every framework's script: a landscape run (two parameters) or
a network run, at step 0, with what every script reads of it under the same names."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

MAX_EMBEDDED_RATES = 20_000
"""A schedule written out rate by rate holds at most this many steps."""

LANDSCAPE, NETWORK = "landscape", "network"


@dataclass
class ScriptRun:
    """A run's settings, resolved: what every script is generated from. `run` is the engine's
    run at step 0 (`Run` for a landscape, `ModelRun` for a network)."""

    kind: str
    config: dict[str, Any]
    run: Any

    @property
    def network(self) -> bool:
        return self.kind == NETWORK

    @property
    def steps(self) -> int:
        return int(self.config.get("steps", 1000))

    @property
    def optimizer(self) -> str:
        return self.run.optimizer.name

    @property
    def hyper(self) -> dict[str, Any]:
        return self.run.hyperparams

    @property
    def loss(self):
        """The landscape's loss (a landscape run's only)."""
        return self.run.loss

    @property
    def n_samples(self) -> int:
        return len(self.run.data.x_train) if self.network else self.loss.n_samples

    @property
    def is_data(self) -> bool:
        return self.network or self.loss.spec.is_data

    @property
    def minibatch(self) -> bool:
        return self.run.batch_size is not None and self.run.batch_size < self.n_samples

    @property
    def batch_size(self) -> int:
        return self.run.batch_size or self.n_samples

    @property
    def noise(self) -> float:
        return float(self.run.grad_noise if self.network else self.loss.grad_noise)

    @property
    def needs_rng(self) -> bool:
        return self.minibatch or self.noise > 0.0

    @property
    def clip(self) -> float:
        return float(self.hyper.get("clip_norm") or 0.0)

    @property
    def maximize(self) -> bool:
        return bool(self.hyper.get("maximize"))

    @property
    def scheduled(self) -> bool:
        return self.run.schedule is not None

    @property
    def start(self) -> str:
        """The constant that holds the first parameters."""
        return "INITIAL" if self.network else "START"

    @property
    def check_every(self) -> int:
        """How often the studio checks divergence and the tolerance on the full objective of
        a landscape: every step, or only on recorded rows when a mini-batch or a lookahead
        drives the step."""
        every_step = not self.minibatch and self.optimizer != "nesterov"
        return 1 if every_step else self.run.record_every

    def first_rate(self) -> float:
        return float(self.run.learning_rates(0, 1)[0])

    def rates(self) -> list[float]:
        """The learning rate of every step (the schedule, written out)."""
        if self.steps > MAX_EMBEDDED_RATES:
            raise ValueError(
                f"this schedule has no equivalent here and is written out step by step, for "
                f"at most {MAX_EMBEDDED_RATES:,} steps; this run has {self.steps:,}"
            )
        return [float(v) for v in self.run.learning_rates(0, self.steps)]

    def schedule_note(self) -> str:
        schedule = self.run.schedule
        return "" if schedule is None else f"schedule {schedule.to_config()}"


def describe(config: Mapping[str, Any], kind: str, refused: Mapping[str, str]) -> ScriptRun:
    """The run a script reproduces; ValueError for one a script cannot start: changed mid-run,
    or an optimizer in `refused` (name -> why)."""
    config = dict(config)
    if config.get("hyper_changes"):
        raise ValueError(
            "this run's hyperparameters were changed while it ran; a script can only start "
            "from one setting (restart the run with its current values)"
        )
    if kind == NETWORK:
        from ..training import create_model_run

        run = create_model_run(**config)
    else:
        from ..engine.runner import create_run

        run = create_run(**config)
    if run.optimizer.name in refused:
        raise ValueError(refused[run.optimizer.name])
    return ScriptRun(kind, config, run)
