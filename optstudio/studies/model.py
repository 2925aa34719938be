"""What a model study holds, as plain data: the data set, the network, and the runs racing on it.

TensorFlow Playground keeps its whole study in one serialisable state object (`src/state.ts`:
data set, noise, split, features, network shape, activation, regularisation, seed); so does
the model lab, with the runs of the race besides. Every run trains the same network from the
same initial weights on the same batches (the study's seed), so a race between optimizers is
fair; a run is the same `RunEntry` a landscape's runs are (name, colour, optimizer,
hyperparameters, schedule, batch size; its seed is unused, the study's applies), and
`run_config` turns it into `create_model_run`'s settings. `to_dict` / `from_dict` store the
study, refusing what `optstudio.train` refuses (ValueError).

No Qt here, and nothing compiles: the window edits a `ModelStudy`, the engine builds the runs.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar

from ..engine.models.datasets import DEFAULT_FEATURES, PLAYGROUND
from ..engine.models.mlp import checked_activation
from ..engine.models.optimizers import model_optimizer_spec
from ..engine.specs import OptimizerSpec
from ..engine.validation import MAX_RUN_STEPS, SEED_LIMIT, whole_number
from .runs import RunEntry, RunRoster, stored_speed

MODEL_PALETTE = (
    "#009e73",
    "#cc79a7",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#bcbd22",
    "#17becf",
    "#7f7f7f",
    "#ff6db6",
    "#e69f00",
    "#56b4e9",
    "#0072b2",
)
"""The model lab's run colours: the palette without the orange and blue families of the
Playground's two classes at its head (a run's curve in the colour of a class read as that
class's)."""
DEFAULT_HIDDEN = (4, 2)
"""The Playground's first network: two hidden layers of 4 and 2 units."""
DEFAULT_MODEL_STEPS = 2000
RECORD_COST = 1.0
"""A recorded row passes the whole training and test sets forward; rows are recorded at most
this often relative to the work of the steps between them, so that recording never takes
more of the time than training (`record_every`)."""
MAX_STUDY_VALUES = 1 << 24
"""Recorded parameters a run of the lab keeps at most (128 MB): a long run on a large network
records every k-th step."""


@dataclass
class ModelStudy(RunRoster):
    palette: ClassVar[tuple[str, ...]] = MODEL_PALETTE
    dataset: str = "circle"
    """A Playground set (circle, xor, gauss, spiral, plane, gaussians), digits or csv:PATH."""
    data_params: dict[str, Any] = field(default_factory=dict)
    """n_samples, noise, test_fraction, seed and features, as `optstudio.train` takes them."""
    hidden: tuple[int, ...] = DEFAULT_HIDDEN
    activation: str | tuple[str, ...] = "tanh"
    """One activation for every hidden layer, or one per hidden layer."""
    regularization: str | None = None
    reg_rate: float = 0.0
    seed: int = 0
    """The initial weights and the batches' order, shared by every run of the race."""
    runs: list[RunEntry] = field(default_factory=list)
    max_steps: int = DEFAULT_MODEL_STEPS
    lockstep: bool = True
    speed: float | None = None
    """Steps a second the study is meant to be watched at (a scenario's pace), or None for
    whatever the speed control is at."""
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1), repr=False)

    def optimizer_for(self, optimizer: str) -> OptimizerSpec:
        return model_optimizer_spec(optimizer)

    @property
    def features(self) -> tuple[str, ...]:
        return tuple(self.data_params.get("features", DEFAULT_FEATURES))

    def network_settings(self) -> dict[str, Any]:
        """What every run of the study shares: data, network, penalty and seed."""
        return {
            "dataset": self.dataset,
            "data_params": dict(self.data_params),
            "hidden": list(self.hidden),
            "activation": self.activation
            if isinstance(self.activation, str)
            else list(self.activation),
            "regularization": self.regularization,
            "reg_rate": self.reg_rate,
            "seed": self.seed,
        }

    def tuning_base(self, steps: int, batch_size: int | None) -> dict[str, Any]:
        """What every trial of a tuning study of this study trains: its network, data and
        seed, with the steps and batch size each trial takes (the lab's dialog and the tuned
        scenarios alike)."""
        return {**self.network_settings(), "steps": int(steps), "batch_size": batch_size}

    def run_config(self, entry: RunEntry, *, record_every: int = 1) -> dict[str, Any]:
        """`create_model_run`'s settings for one run of the study (its steps: max_steps)."""
        config = self.network_settings()
        config.update(
            optimizer=entry.optimizer,
            steps=self.max_steps,
            batch_size=entry.batch_size,
            schedule=entry.schedule,
            record_every=record_every,
            **entry.resolved_hyper(),
        )
        return config

    def check(self) -> None:
        """Refuse data, a network or runs that `optstudio.train` would refuse (ValueError):
        each run is built, none is trained."""
        for entry in self.runs or [None]:
            probe_run(self, entry)

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.network_settings(),
            "runs": [asdict(r) for r in self.runs],
            "max_steps": self.max_steps,
            "lockstep": self.lockstep,
            "speed": self.speed,
        }

    @classmethod
    def from_dict(cls, data: Any) -> ModelStudy:
        """Rebuild a study, refusing anything `optstudio.train` refuses (ValueError)."""
        if not isinstance(data, dict):
            raise ValueError("a model study must be a table of its settings")
        hidden = data.get("hidden", list(DEFAULT_HIDDEN))
        if not isinstance(hidden, list) or not all(isinstance(h, int) for h in hidden):
            raise ValueError(f"hidden must be a list of unit counts, got {hidden!r}")
        data_params = data.get("data_params") or {}
        if not isinstance(data_params, dict):
            raise ValueError("data_params must be a table")
        study = cls(
            dataset=str(data.get("dataset", "circle")),
            data_params=dict(data_params),
            hidden=tuple(hidden),
            activation=checked_activation(data.get("activation", "tanh"), len(hidden)),
            regularization=data.get("regularization"),
            reg_rate=data.get("reg_rate", 0.0),
            seed=whole_number(data.get("seed", 0), "seed", 0, SEED_LIMIT),
            max_steps=whole_number(
                data.get("max_steps", DEFAULT_MODEL_STEPS), "max_steps", 1, MAX_RUN_STEPS
            ),
            lockstep=bool(data.get("lockstep", True)),
            speed=stored_speed(data.get("speed")),
        )
        study._read_runs(data.get("runs", []))
        study.check()
        return study


def record_every(run: Any, steps: int) -> int:
    """How often a run of the lab records a row: as often as RECORD_COST allows (a row costs
    a forward pass over the training and test sets; a full-batch step already passes over
    the training set, so only the test set counts) and as MAX_STUDY_VALUES allows."""
    n_train = len(run.data.x_train)
    n_test = len(run.data.x_test)
    batch = run.batch_size or n_train
    extra = n_test + (n_train if batch < n_train else 0)
    # a step passes its batch forward and back: about three forward passes
    by_cost = max(1, math.ceil(extra / (3 * batch * RECORD_COST)))
    by_memory = max(1, math.ceil((steps + 1) * run.n_params / MAX_STUDY_VALUES))
    return max(by_cost, by_memory)


def probe_run(study: ModelStudy, entry: RunEntry | None = None) -> Any:
    """A run of the study at step 0 that records nothing more: its data and network are the
    study's (what the window draws runs' parameters through). ValueError if it is refused."""
    from ..training import create_model_run

    entry = entry or (study.runs[0] if study.runs else RunEntry(0, "probe", "sgd", "#000000"))
    return create_model_run(**study.run_config(entry, record_every=study.max_steps + 1))


def create_lab_run(study: ModelStudy, entry: RunEntry) -> Any:
    """The `ModelRun` of one entry of the study at step 0, recording as `record_every` says."""
    from ..training import create_model_run

    probe = probe_run(study, entry)
    every = record_every(probe, study.max_steps)
    return create_model_run(**study.run_config(entry, record_every=every))


DEFAULT_LAB_SPEED = 10**2.3
"""Steps a second of a new model study (a position of the speed control): its 2,000 steps in
about ten seconds."""


PLAYGROUND_BATCH = 10
"""The Playground's batch size: a new study's runs, and runs added to a study, take
mini-batches of this many rows (where the training set has more); full batch stays a choice."""


def new_run_batch(optimizer: str, training_rows: int) -> int | None:
    """The batch size a new run of the lab starts with: the Playground's, or the full batch
    for L-BFGS (it takes the whole data set) and for a training set no larger."""
    if optimizer == "lbfgs" or training_rows <= PLAYGROUND_BATCH:
        return None
    return PLAYGROUND_BATCH


def default_model_study() -> ModelStudy:
    """What File > New > Model study shows: the Playground's circle and first network,
    plain SGD against Adam on its mini-batches of ten, at a pace the eye can follow (at full
    speed the race was over in a second or two)."""
    study = ModelStudy(dataset=PLAYGROUND[0], data_params={"noise": 0.1}, speed=DEFAULT_LAB_SPEED)
    study.add_run("sgd", hyper={"lr": 0.03}, batch_size=PLAYGROUND_BATCH)
    study.add_run("adam", hyper={"lr": 0.03}, batch_size=PLAYGROUND_BATCH)
    return study
