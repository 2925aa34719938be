"""A tuning study: each optimizer tuned with the same budget of trials on its own search space
(Optuna asks, Dask runs), every trial trained on K seeds, the metric their mean; then each
optimizer's best setting and its default settings side by side over the same K seeds, as
Schmidt, Schneider & Hennig ("Descending through a Crowded Valley", ICML 2021) compare them.

Each (trial, seed) is a Dask task: `trials.run_trial` of plain settings, on an embedded
`LocalCluster` (one worker process a core, started and stopped with the study) or on a cluster
the user runs (`scheduler="tcp://HOST:8786"`). Tasks are handed out as workers free up; a
trial is told to Optuna once its K seeds are in. A worker that dies mid-task has its task run
again by Dask, and a task's result is keyed by its trial and seed, so nothing is lost or
counted twice. With the grid and random samplers the trials' values do not depend on which
results came first, so the table is the same bits with any number of workers; TPE learns
from the results in the order they arrive.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import math
import os
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..engine.specs import quoted
from .metrics import METRICS, worst
from .pruning import PRUNERS, limits
from .space import Dimension
from .trials import run_trial, trial_config

SAMPLERS = ("grid", "random", "tpe")
DEFAULTS_TRIAL = -1
"""The trial number of an optimizer's default settings in the table."""


@dataclass
class TrialResult:
    """One trial of one optimizer: its values, each seed's metrics, its value (the mean)."""

    optimizer: str
    number: int
    values: dict[str, Any]
    seeds: dict[int, dict[str, Any]] = field(default_factory=dict)
    value: float = math.nan
    spread: float = math.nan
    """The standard deviation of the metric over the seeds."""

    @property
    def is_defaults(self) -> bool:
        return self.number == DEFAULTS_TRIAL

    @property
    def pruned(self) -> bool:
        return any(s.get("status") == "pruned" for s in self.seeds.values())


@dataclass
class TuningPlan:
    """What a study runs: the base run (`optstudio.train`'s settings but the optimizer and its
    varying values), each optimizer's space, the budget, seeds, sampler and metric."""

    base: dict[str, Any]
    spaces: dict[str, tuple[Dimension, ...]]
    trials: int = 20
    seeds: int = 3
    sampler: str = "tpe"
    metric: str = "final_test_loss"
    sampler_seed: int = 0
    grid_points: int = 5
    with_defaults: bool = True
    """Also run each optimizer's default settings on the same seeds (the paper's baseline)."""
    prune: str = "none"
    """"median" or "halving" (`pruning`): a run stops at a rung where its metric misses the
    limit set by the optimizer's runs that passed that rung before it was handed out. Which
    runs came first decides, so a pruned study's table depends on the workers; an unpruned
    one's does not."""

    def __post_init__(self) -> None:
        if self.sampler not in SAMPLERS:
            raise ValueError(
                f"unknown sampler {quoted(self.sampler)}; choose one of: grid, random, tpe"
            )
        if self.metric not in METRICS:
            raise ValueError(
                f"unknown metric {quoted(self.metric)}; choose one of: {', '.join(METRICS)}"
            )
        if not (isinstance(self.trials, int) and 1 <= self.trials <= 10_000):
            raise ValueError(f"trials must be a whole number in [1, 10000], got {self.trials!r}")
        if not (isinstance(self.seeds, int) and 1 <= self.seeds <= 100):
            raise ValueError(f"seeds must be a whole number in [1, 100], got {self.seeds!r}")
        if not self.spaces:
            raise ValueError("name one or more optimizers to tune")
        if self.prune not in PRUNERS:
            raise ValueError(
                f"unknown pruner {quoted(self.prune)}; choose one of: {', '.join(PRUNERS)}"
            )

    def seed_list(self) -> list[int]:
        first = int(self.base.get("seed", 0))
        return [first + k for k in range(self.seeds)]


@dataclass
class Progress:
    done: int
    running: int
    failed: int
    total: int
    elapsed: float
    pruned: int = 0

    @property
    def left_seconds(self) -> float:
        if self.done == 0:
            return math.nan
        return self.elapsed / self.done * (self.total - self.done)


@dataclass
class TuningResult:
    plan: TuningPlan
    trials: list[TrialResult]
    cancelled: bool = False

    def of(self, optimizer: str) -> list[TrialResult]:
        return [t for t in self.trials if t.optimizer == optimizer and not t.is_defaults]

    def best(self, optimizer: str) -> TrialResult | None:
        told = [t for t in self.of(optimizer) if not math.isnan(t.value)]
        if not told:
            return None
        better = min if METRICS[self.plan.metric] == "minimize" else max
        return better(told, key=lambda t: t.value)

    def defaults(self, optimizer: str) -> TrialResult | None:
        return next((t for t in self.trials if t.optimizer == optimizer and t.is_defaults), None)

    def rows(self) -> list[dict[str, Any]]:
        """The table: a row per trial and seed, in the order of optimizer, trial and seed."""
        out = []
        for trial in sorted(self.trials, key=lambda t: (t.optimizer, t.number)):
            for seed in sorted(trial.seeds):
                metrics = trial.seeds[seed]
                out.append({
                    "optimizer": trial.optimizer,
                    "trial": "defaults" if trial.is_defaults else trial.number,
                    **{f"param_{k}": v for k, v in sorted(trial.values.items())},
                    "seed": seed,
                    **{k: metrics[k] for k in (*METRICS, "final_train_loss", "status")},
                })  # fmt: skip
        return out


class ClusterError(ValueError):
    """The cluster cannot run the study: no scheduler at the address, something else there, or
    a worker with another optstudio. Its text is one line for the user."""


@contextlib.contextmanager
def dask_client(
    scheduler: str | None = None, workers: int | None = None, nice: int = 0
) -> Iterator[Any]:
    """A Dask client: on the cluster at `scheduler`, or on a `LocalCluster` of `workers`
    processes (one a core), one thread each, closed with the study (no process outlives it).
    `nice`: the local workers' scheduling priority lowered by this much (the window's own
    processes keep theirs, and a study run from it does not stall its frames)."""
    if scheduler:
        client = _connect(scheduler)
        try:
            check_versions(client)
            yield client
        finally:
            client.close()
        return
    import dask
    from distributed import Client

    count = workers or os.cpu_count() or 1
    # Dask's nannies set MALLOC_TRIM_THRESHOLD_=65536 in their workers, which returns freed
    # memory to the system at once: a trial's many small arrays then cost 16 % more time
    # (335 against 289 ms a digits trial). Trials are short and their memory small.
    spawned = dict(dask.config.get("distributed.nanny.pre-spawn-environ"))
    spawned.pop("MALLOC_TRIM_THRESHOLD_", None)
    with dask.config.set({"distributed.nanny.pre-spawn-environ": spawned}):
        cluster = _local_cluster(count)
    client = Client(cluster)
    if nice:
        client.run(os.nice, nice)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def one_line(error: BaseException) -> str:
    """An error's first line, or its type's name when it says nothing: what a study says of a
    failure (the lab's study process, a scheduler that cannot be reached)."""
    text = str(error)
    return text.splitlines()[0] if text else type(error).__name__


CONNECT_SECONDS = 8
"""How long a study waits for a scheduler to answer before it says it cannot reach it."""


def _connect(scheduler: str) -> Any:
    """A client of the scheduler at `scheduler`, or a ClusterError saying why not in one line
    within CONNECT_SECONDS. The address is asked who it is first, under a deadline of our own:
    Dask's client waited for ever on a web server there (its handshake has no deadline), and
    on another it read the reply as a 3 EiB message and failed with a MemoryError."""
    from distributed import Client

    try:
        reply = asyncio.run(asyncio.wait_for(_identity(scheduler), CONNECT_SECONDS))
    except TimeoutError:
        raise ClusterError(
            f"no Dask scheduler answered at {scheduler} within {CONNECT_SECONDS} s"
        ) from None
    except ValueError as error:  # an address Dask cannot read
        raise ClusterError(f"cannot read the scheduler address '{scheduler}': {error}") from None
    except OSError as error:
        reason = one_line(error)
        raise ClusterError(f"cannot reach the Dask scheduler {scheduler}: {reason}") from None
    except Exception:  # anything else: what answers there does not speak Dask
        reply = None
    if not (isinstance(reply, dict) and reply.get("type") == "Scheduler"):
        raise ClusterError(f"what answers at {scheduler} is not a Dask scheduler (a wrong port?)")
    return Client(scheduler, timeout=f"{CONNECT_SECONDS}s")


async def _identity(address: str) -> Any:
    """What the server at `address` says it is (a scheduler says {"type": "Scheduler", ...})."""
    from distributed.comm import connect

    comm = await connect(address, timeout=CONNECT_SECONDS)
    try:
        await comm.write({"op": "identity", "reply": True})
        return await comm.read()
    finally:
        comm.abort()


def worker_version() -> str:
    """The optstudio a worker runs (it runs there: a function of this module, by name)."""
    import optstudio

    return optstudio.__version__


def check_versions(client: Any) -> None:
    """Refuse a cluster with a worker whose optstudio is not this one: its trials would train
    with other code, and the table would mix two versions' numbers."""
    import optstudio

    try:
        client.wait_for_workers(1, timeout=CONNECT_SECONDS)
    except TimeoutError:
        raise ClusterError(
            f"no worker has joined the scheduler in {CONNECT_SECONDS} s: start dask-worker "
            "processes with its address"
        ) from None
    try:
        found = client.run(worker_version, on_error="return")
    except Exception as error:  # the scheduler went away while asked
        raise ClusterError(f"cannot ask the workers their optstudio version: {error}") from None
    for address, version in sorted(found.items()):
        if isinstance(version, BaseException):
            raise ClusterError(f"the worker at {address} cannot run optstudio: {version}")
        if version != optstudio.__version__:
            raise ClusterError(
                f"the worker at {address} runs optstudio {version}, "
                f"this is optstudio {optstudio.__version__}: install the same version there"
            )


def _local_cluster(count: int) -> Any:
    from distributed import LocalCluster

    return LocalCluster(
        n_workers=count,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",  # any free port: two studies at once both start, silently
        silence_logs=logging.CRITICAL,  # a worker closing with the study logged a heartbeat
        # traceback on stderr (the README test caught it); a task's own failure comes back
        # with its future
    )


def make_sampler(plan: TuningPlan) -> Any:
    """Optuna's sampler for the plan: random or TPE, seeded; a grid is random sampling of
    the grid's queued points."""
    import optuna

    if plan.sampler in ("grid", "random"):  # a grid's points are queued (`_queue_grid`)
        return optuna.samplers.RandomSampler(seed=plan.sampler_seed)
    return optuna.samplers.TPESampler(seed=plan.sampler_seed)


def run_study(
    plan: TuningPlan,
    client: Any,
    *,
    on_trial: Callable[[TrialResult], None] = lambda trial: None,
    on_progress: Callable[[Progress], None] = lambda progress: None,
    cancelled: Callable[[], bool] = lambda: False,
) -> TuningResult:
    """Run every optimizer's trials on `client`'s workers, each as soon as one frees up;
    `on_trial` hears each trial once its seeds are in, `on_progress` after every task."""
    import optuna
    from distributed import as_completed

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    if cancelled():  # while the cluster started
        return TuningResult(plan, [], cancelled=True)
    direction = METRICS[plan.metric]
    studies = {
        name: optuna.create_study(direction=direction, sampler=make_sampler(plan))
        for name, space in plan.spaces.items()
    }
    if plan.sampler == "grid":
        for name, space in plan.spaces.items():
            _queue_grid(studies[name], space, plan.grid_points)
    seeds = plan.seed_list()
    results: list[TrialResult] = []
    waiting: dict[str, tuple[TrialResult, Any, int]] = {}
    capacity = 2 * max(len(client.scheduler_info().get("workers", {})), 1)
    pending = as_completed([])
    started = time.perf_counter()
    total = len(plan.spaces) * (plan.trials + plan.with_defaults) * len(seeds)
    counts = {"done": 0, "failed": 0, "pruned": 0}
    passed: dict[str, dict[int, list[float]]] = {name: {} for name in plan.spaces}
    """Each optimizer's runs' metric at each rung they reached: the pruner's data."""
    queue = _work(plan, studies)
    study_key = uuid.uuid4().hex[:12]  # a task's key: this study, its trial and its seed

    def submit_next() -> bool:
        item = next(queue, None)
        if item is None:
            return False
        trial, handle = item
        results.append(trial)
        for seed in seeds:
            key = f"optstudio-{study_key}-{trial.optimizer}-{trial.number}-{seed}"
            config = trial_config({**plan.base, "optimizer": trial.optimizer}, trial.values, seed)
            limit = limits(plan.prune, passed[trial.optimizer], plan.metric)
            future = client.submit(
                run_trial, config, limit, plan.metric, plan.prune, key=key, pure=False, retries=2
            )
            waiting[future.key] = (trial, handle, seed)
            pending.add(future)
        return True

    while len(waiting) < capacity and submit_next():
        pass
    stopped = False
    for future in pending:
        trial, handle, seed = waiting.pop(future.key)
        try:
            trial.seeds[seed] = future.result()
        except Exception as error:  # any failure of a task is that trial's
            counts["failed"] += 1
            trial.seeds[seed] = _failed(str(error).splitlines()[0] if str(error) else "failed")
        counts["done"] += 1
        counts["pruned"] += trial.seeds[seed].get("status") == "pruned"
        for step, value in trial.seeds[seed].get("rungs", {}).items():
            passed[trial.optimizer].setdefault(int(step), []).append(value)
        if len(trial.seeds) == len(seeds):
            settle(trial, plan.metric)
            if handle is not None and trial.pruned:
                studies[trial.optimizer].tell(handle, state=optuna.trial.TrialState.PRUNED)
            elif handle is not None:
                studies[trial.optimizer].tell(handle, trial.value)
            on_trial(trial)
        on_progress(Progress(counts["done"], len(waiting), counts["failed"], total,
                             time.perf_counter() - started, counts["pruned"]))  # fmt: skip
        if cancelled():
            stopped = True
            client.cancel(list(pending.futures))
            break
        while len(waiting) < capacity and submit_next():
            pass
    if stopped:
        results = [t for t in results if len(t.seeds) == len(seeds)]
    return TuningResult(plan, results, cancelled=stopped)


def _work(plan: TuningPlan, studies: dict) -> Iterator[tuple[TrialResult, Any]]:
    """The trials to run, the optimizers taking turns so that each budget advances alike:
    each optimizer's defaults first (with no Optuna trial), then its trials as Optuna asks."""
    if plan.with_defaults:
        for name in plan.spaces:
            yield TrialResult(name, DEFAULTS_TRIAL, {}), None
    for turn in range(plan.trials):
        for name, space in plan.spaces.items():
            if plan.sampler == "grid" and turn >= grid_size(space, plan.grid_points):
                continue  # every point of its grid is tried
            handle = studies[name].ask()
            values = {d.name: d.suggest(handle) for d in space}
            yield TrialResult(name, handle.number, values), handle


def _queue_grid(study: Any, space: tuple[Dimension, ...], points: int) -> None:
    """Every point of the grid, queued in order: Optuna's GridSampler stops its study when
    the grid is done, which only an objective function may do (ask and tell raised), and
    picks its points at random."""
    for values in itertools.product(*(d.grid(points) for d in space)):
        study.enqueue_trial(dict(zip((d.name for d in space), values, strict=True)))


def grid_size(space: tuple[Dimension, ...], points: int) -> int:
    """How many trials a grid search of `space` has."""
    return math.prod(len(d.grid(points)) for d in space)


def settle(trial: TrialResult, metric: str) -> None:
    """A trial's value (its seeds' mean metric, the worst if one failed; none if it was
    pruned: it is not ranked) and spread."""
    if trial.pruned:
        trial.value = trial.spread = math.nan
        return
    values = np.array([trial.seeds[s].get(metric, worst(metric)) for s in sorted(trial.seeds)])
    trial.value = float(np.mean(values)) if np.all(np.isfinite(values)) else worst(metric)
    trial.spread = float(np.std(values)) if np.all(np.isfinite(values)) else math.nan


def _failed(message: str) -> dict[str, Any]:
    return {
        **{name: worst(name) for name in METRICS},
        "final_train_loss": math.inf,
        "status": f"error: {message}",
        "steps": 0,
        "curve_steps": [],
        "curve_test_loss": [],
    }
