"""A scenario whose race is the outcome of a tuning study: each optimizer tuned with the same
budget on the scenario's network, its best setting racing beside the runs the scenario names
(its defaults, say), and the study itself saved in the scenario so that Tune… shows it as it
ran, trial by trial, with nothing to wait for.

The study is run when the scenarios are built (`gallery.build_presets`), on this machine's
cores, with a seeded random search: its trials are the same bits however many workers ran it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..io.session import Session
from .model import ModelStudy


@dataclass(frozen=True)
class ScenarioTuning:
    """The study a scenario runs: optimizers, space, budget, seeds and metric, on the
    scenario's network and data for its steps, in batches of `batch_size`."""

    optimizers: tuple[str, ...]
    space: str
    trials: int
    seeds: int
    metric: str
    batch_size: int | None
    sampler: str = "random"

    def plan(self, study: ModelStudy) -> Any:
        from ..tuning.space import optimizer_spaces
        from ..tuning.study import TuningPlan

        return TuningPlan(
            base=study.tuning_base(study.max_steps, self.batch_size),
            spaces=optimizer_spaces(list(self.optimizers), self.space),
            trials=self.trials,
            seeds=self.seeds,
            sampler=self.sampler,
            metric=self.metric,
            sampler_seed=int(study.seed),
        )


def tuned_session(session: Session, tuning: ScenarioTuning, client: Any) -> Session:
    """`session` with each optimizer's best trial first in its race ("Adam, tuned") and the
    study saved in it."""
    from ..tuning.saved import study_to_dict
    from ..tuning.study import run_study

    study = session.state
    assert isinstance(study, ModelStudy)
    plan = tuning.plan(study)
    result = run_study(plan, client)
    named = list(study.runs)
    study.runs.clear()
    for name in plan.spaces:
        best = result.best(name)
        hyper = {k: v for k, v in best.values.items() if k != "batch_size"}
        batch = best.values.get("batch_size", tuning.batch_size)
        display = study.optimizer_for(name).display_name
        study.add_run(name, name=f"{display}, tuned", hyper=hyper, batch_size=batch)
    for entry in named:  # the scenario's own runs after the tuned ones, in new colours
        study.add_run(entry.optimizer, name=entry.name, hyper=dict(entry.hyper),
                      batch_size=entry.batch_size, schedule=entry.schedule)  # fmt: skip
    session.tuning = study_to_dict(plan, result.trials)
    return session
