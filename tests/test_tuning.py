"""Tuning studies: a search space read as the command line writes it; a trial's metrics are
`optstudio.train`'s to the bit; the same trials table whichever workers ran it (one or two
local processes, a scheduler and workers started here, a worker killed mid-study); Cancel
leaves no process behind; the command line prints the comparison and writes the table."""

import math
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import optstudio
from optstudio.cli import main
from optstudio.tuning.metrics import METRICS
from optstudio.tuning.pruning import limits, rung_steps, worse
from optstudio.tuning.space import STUDY_SETTINGS, parse_space
from optstudio.tuning.study import ClusterError, TuningPlan, dask_client, run_study
from optstudio.tuning.trials import run_trial, trial_config

from .cost_bound import hang_guard
from .profile import THOROUGH, examples

ALLOWED = ("lr", "momentum", "beta1", *STUDY_SETTINGS)
BASE = {"dataset": "circle", "hidden": (4, 2), "steps": 120, "batch_size": 10,
        "data_params": {"noise": 0.1}}  # fmt: skip


def _plan(**changes) -> TuningPlan:
    space = parse_space("lr=1e-3:1:log,batch_size=10|50", ALLOWED)
    settings = {"trials": 3, "seeds": 2, "sampler": "random", **changes}
    return TuningPlan(BASE, {"adam": space, "sgd": space[:1]}, **settings)


def test_a_space_is_read_as_the_command_line_writes_it():
    space = parse_space("lr=1e-4:1:log, momentum=0.8:0.99, batch_size=8|32|full, "
                        "hidden=8,8|16", ALLOWED)  # fmt: skip
    lr, momentum, batch, hidden = space
    assert (lr.low, lr.high, lr.log) == (1e-4, 1.0, True)
    assert (momentum.low, momentum.high, momentum.log) == (0.8, 0.99, False)
    assert batch.choices == (8, 32, None)
    assert hidden.choices == ("8,8", "16")
    np.testing.assert_allclose(lr.grid(5), [1e-4, 1e-3, 1e-2, 1e-1, 1.0])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("lr", "is not NAME=LOW:HIGH"),
        ("lr=1:0.1", "must be below"),
        ("lr=0:1:log", "starts above 0"),
        ("lr=a:1", "'a' is not a number"),
        ("lr=1e-3:1:cubic", "comes log or int"),
        ("eps=1e-8:1e-6", "cannot vary here"),
        ("lr=1e-3:1,lr=1e-2:1", "named twice"),
        ("batch_size=8|8", "listed twice"),
        ("hidden=8,x", "is not units per layer"),
        ("lr=1e-3:1e999", "finite"),
    ],
)
def test_a_space_that_cannot_be_is_refused_in_one_line(text, message):
    with pytest.raises(ValueError, match=message) as refused:
        parse_space(text, ALLOWED)
    assert "\n" not in str(refused.value)


@settings(max_examples=examples(quick=100, thorough=1000), deadline=None)
@given(st.text(alphabet="lrbatch_size=0123456789.:|,elogintfu -", max_size=80))
def test_any_space_text_is_read_or_refused_in_one_line_quickly(text):
    with hang_guard(5, "a space"):
        try:
            space = parse_space(text, ALLOWED)
        except ValueError as error:
            assert "\n" not in str(error)
        else:
            assert len(space) >= 1 and all(d.name in ALLOWED for d in space)


def test_a_trials_metrics_are_train_s_to_the_bit():
    config = trial_config({**BASE, "optimizer": "adam"}, {"lr": 0.05, "batch_size": 50}, 3)
    metrics = run_trial(config)
    run = optstudio.train(**config)
    assert config["seed"] == 3 and run.batch_size == 50
    assert metrics["final_test_loss"] == run.test_loss[-1]
    assert metrics["best_test_loss"] == run.test_loss.min()
    assert metrics["final_test_accuracy"] == run.test_accuracy[-1]
    assert metrics["final_train_loss"] == run.train_loss[-1]


def _table(result) -> list:
    return result.rows()


@pytest.fixture(scope="module")
def reference():
    """The study's table on one local worker."""
    with dask_client(workers=1) as client:
        return _table(run_study(_plan(), client))


def test_the_table_is_the_same_with_one_and_two_workers(reference):
    with dask_client(workers=2) as client:
        assert _table(run_study(_plan(), client)) == reference
    # every trial of each optimizer, and its defaults, on both seeds, in order
    assert [(r["optimizer"], r["trial"], r["seed"]) for r in reference] == [
        (name, trial, seed)
        for name in ("adam", "sgd")
        for trial in ("defaults", 0, 1, 2)
        for seed in (0, 1)
    ]
    # a row is its trial's settings trained on its seed
    row = next(r for r in reference if r["optimizer"] == "adam" and r["trial"] == 1)
    values = {"lr": row["param_lr"], "batch_size": row["param_batch_size"]}
    again = run_trial(trial_config({**BASE, "optimizer": "adam"}, values, row["seed"]))
    assert again["final_test_loss"] == row["final_test_loss"]


def test_a_grid_tries_every_point_once_in_order():
    space = parse_space("lr=1e-3:1:log,batch_size=10|50", ALLOWED)
    plan = TuningPlan(BASE, {"sgd": space}, trials=50, seeds=1, sampler="grid",
                      grid_points=3, with_defaults=False)  # fmt: skip
    with dask_client(workers=1) as client:
        result = run_study(plan, client)
    tried = [(t.values["lr"], t.values["batch_size"]) for t in result.of("sgd")]
    assert tried == [(lr, b) for lr in (1e-3, 10**-1.5, 1.0) for b in (10, 50)]


def test_the_best_and_the_defaults_are_compared_over_the_same_seeds(reference):
    with dask_client(workers=1) as client:
        result = run_study(_plan(), client)
    for name in ("adam", "sgd"):
        best, defaults = result.best(name), result.defaults(name)
        assert sorted(best.seeds) == sorted(defaults.seeds) == [0, 1]
        losses = [best.seeds[s]["final_test_loss"] for s in (0, 1)]
        assert best.value == pytest.approx(np.mean(losses))
        assert best.spread == pytest.approx(np.std(losses))
        assert all(best.value <= t.value for t in result.of(name))
    assert result.best("adam").value < result.defaults("adam").value  # Adam's lr 0.001 is slow


def _children() -> set[int]:
    """This process's descendants, read from /proc (but multiprocessing's resource tracker)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                parents[int(entry.name)] = int(fields[1])
            except (OSError, IndexError, ValueError):
                continue
    found, frontier = set(), {os.getpid()}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return {pid for pid in found if not _resource_tracker(pid)}


def _resource_tracker(pid: int) -> bool:
    """multiprocessing's one helper of this process (it lives as long as this process does,
    whatever a study does): not a worker."""
    try:
        return b"resource_tracker" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def test_cancel_stops_the_study_and_leaves_no_process_behind():
    before = _children()
    heard = []
    with dask_client(workers=2) as client:
        result = run_study(_plan(trials=20), client, on_trial=heard.append,
                           cancelled=lambda: bool(heard))  # fmt: skip
    assert result.cancelled
    assert all(len(t.seeds) == 2 for t in result.trials)  # only whole trials are kept
    assert len(result.trials) < 2 * 21
    deadline = time.monotonic() + 20
    while _children() - before and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not (_children() - before), "a worker process outlived the study"


@pytest.mark.skipif(not THOROUGH, reason="kills a worker mid-study: OPTSTUDIO_TESTS=thorough")
def test_a_worker_killed_mid_study_changes_no_result(reference):
    killed = []

    with dask_client(workers=2) as client:
        pids = list(client.run(os.getpid).values())

        def kill_one(_trial) -> None:
            if not killed:
                os.kill(pids[0], signal.SIGKILL)
                killed.append(pids[0])

        table = _table(run_study(_plan(), client, on_trial=kill_one))
    assert killed and table == reference


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.skipif(not THOROUGH, reason="starts a scheduler and workers: OPTSTUDIO_TESTS=thorough")
def test_a_remote_scheduler_and_two_workers_give_the_same_table(reference, tmp_path):
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    dask = [sys.executable, "-m", "distributed.cli.dask_scheduler"]
    worker = [sys.executable, "-m", "distributed.cli.dask_worker", address, "--nthreads", "1"]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    processes = [subprocess.Popen([*dask, "--port", str(port), "--no-dashboard"], **quiet)]
    try:
        time.sleep(2)
        started = time.monotonic()
        with (
            pytest.raises(ClusterError, match="no worker has joined the scheduler"),
            dask_client(address),
        ):
            pass
        assert time.monotonic() - started < 12
        processes += [subprocess.Popen(worker, **quiet) for _ in range(2)]
        with dask_client(address) as client:
            client.wait_for_workers(2, timeout=60)
            assert _table(run_study(_plan(), client)) == reference
        # a worker with another optstudio is refused, its version named
        other = tmp_path / "other_version.py"
        other.write_text("import optstudio\noptstudio.__version__ = '0.0.1'\n")
        processes.append(subprocess.Popen([*worker, "--preload", str(other)], **quiet))
        with dask_client(address) as client:
            client.wait_for_workers(3, timeout=60)
        with (
            pytest.raises(ClusterError, match=r"runs optstudio 0\.0\.1, this is optstudio"),
            dask_client(address),
        ):
            pass
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


@pytest.mark.skipif(
    not THOROUGH, reason="waits on five addresses that answer nothing: OPTSTUDIO_TESTS=thorough"
)
def test_an_address_with_no_scheduler_is_refused_in_one_line_within_ten_seconds():
    """A closed port, a port that accepts and says nothing, a web server (Dask's own client
    waited for ever on one), and addresses that cannot be read."""
    from concurrent.futures import ThreadPoolExecutor

    web = subprocess.Popen([sys.executable, "-m", "http.server", str(web_port := _free_port()),
                            "--bind", "127.0.0.1"], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)  # fmt: skip
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(4)
    addresses = {
        f"tcp://127.0.0.1:{_free_port()}": "(no Dask scheduler answered|cannot reach the Dask)",
        f"tcp://127.0.0.1:{silent.getsockname()[1]}": "no Dask scheduler answered",
        f"tcp://127.0.0.1:{web_port}": "(no Dask scheduler answered|is not a Dask scheduler)",
        "nonsense": "cannot read the scheduler address 'nonsense'",
        "tcp://host:port": "cannot read the scheduler address",
    }

    def refusal(address: str) -> tuple[str, float]:
        started = time.monotonic()
        with pytest.raises(ClusterError) as refused, dask_client(address):
            pass
        return str(refused.value), time.monotonic() - started

    try:
        time.sleep(0.5)  # the web server is listening
        with hang_guard(30), ThreadPoolExecutor(len(addresses)) as pool:
            said = dict(zip(addresses, pool.map(refusal, addresses), strict=True))
    finally:
        web.terminate()
        silent.close()
    for address, pattern in addresses.items():
        text, seconds = said[address]
        assert re.search(pattern, text) and "\n" not in text and seconds < 10, (address, said)


def test_optstudio_tune_compares_the_optimizers_and_writes_every_trial(capsys, tmp_path):
    out = tmp_path / "trials.csv"
    arguments = ["tune", "circle", "--optimizers", "adam,sgd", "--space",
                 "lr=1e-3:1:log,batch_size=10|50", "--trials", "3", "--seeds", "2",
                 "--sampler", "random", "--hidden", "4,2", "--steps", "120",
                 "--batch-size", "10", "--noise", "0.1", "--workers", "1",
                 "--out", str(out)]  # fmt: skip
    assert main(arguments) == 0
    said = capsys.readouterr().err
    assert "adam: best final_test_loss" in said and "; defaults" in said
    rows = out.read_text().splitlines()
    assert len(rows) == 1 + 2 * 4 * 2
    assert rows[0].startswith("optimizer,trial,seed,final_test_loss")
    assert main(["tune", "circle", "--optimizers", "adam", "--space", "momentum=0.1:0.9"]) == 2
    assert "cannot vary here" in capsys.readouterr().err
    assert main(["tune", "circle", "--optimizers", "adam,adam"]) == 2
    assert main(["tune", "circle", "--optimizers", "adam", "--scheduler", "tcp://:x"]) == 2
    assert "cannot read the scheduler address" in capsys.readouterr().err


def test_a_diverged_trial_is_the_worst_not_missing():
    plane = {**BASE, "dataset": "plane", "optimizer": "sgd", "activation": "relu"}
    metrics = run_trial(trial_config(plane, {"lr": 1e3}, 0))
    assert metrics["status"] == "diverged"
    assert math.isinf(metrics["final_test_loss"])
    assert metrics["best_test_loss"] < math.inf  # what it reached before


def test_a_saved_study_reads_back_as_it_was_and_bad_ones_are_refused(reference, tmp_path):
    from optstudio.io.session import Session, SessionError, load_session, save_session
    from optstudio.studies.model import ModelStudy
    from optstudio.tuning.saved import study_from_dict, study_to_dict

    with dask_client(workers=1) as client:
        result = run_study(_plan(), client)
    saved = study_to_dict(result.plan, result.trials)
    study = ModelStudy(**{k: v for k, v in BASE.items() if k in ("dataset", "data_params")})
    path = save_session(Session(study, tuning=saved), tmp_path / "tuned.optstudio")
    plan, trials = study_from_dict(load_session(path).tuning)
    assert plan.spaces.keys() == result.plan.spaces.keys() and plan.seeds == 2
    again = {(t.optimizer, t.number): (t.value, t.spread, t.values) for t in trials}
    assert again == {(t.optimizer, t.number): (t.value, t.spread, t.values) for t in result.trials}
    for broken, message in [
        ({**saved, "spaces": {"adam": ["eps=1:2:cubic"]}}, "comes log or int"),
        ({**saved, "seeds": 0}, "seeds must be"),
        ({**saved, "finished": [{"optimizer": "lion"}]}, "not in the study"),
        ({**saved, "finished": [{**saved["finished"][0], "seeds": {}}]}, "has not its 2 seeds"),
        ({**saved, "base": {**saved["base"], "hidden": [999]}}, "units"),
        ({**saved, "finished": "x" * 10}, "not a list"),
    ]:
        bad = Session(study, tuning=broken).to_dict()
        (tmp_path / "bad.optstudio").write_text(__import__("json").dumps(bad))
        with pytest.raises(SessionError, match=message) as refused:
            load_session(tmp_path / "bad.optstudio")
        assert "\n" not in str(refused.value)


def test_a_run_past_a_rungs_limit_stops_there_and_one_below_it_goes_on():
    config = trial_config({**BASE, "optimizer": "adam"}, {"lr": 0.05}, 0)
    whole = run_trial(config)
    first = min(int(step) for step in whole["rungs"])
    stopped = run_trial(config, {first: 0.0}, "final_test_loss")  # no loss is below 0
    assert stopped["status"] == "pruned" and stopped["steps"] == first
    assert stopped["rungs"] == {str(first): whole["rungs"][str(first)]}
    passed = run_trial(config, {first: math.inf}, "final_test_loss")
    assert passed == {**whole, "limits": {str(first): math.inf}}  # the same run, to the bit


@pytest.mark.parametrize("pruner", ["median", "halving"])
def test_pruning_stops_runs_that_miss_the_limit_of_the_runs_before_them(pruner):
    space = parse_space("lr=1e-4:10:log", ALLOWED)
    plan = TuningPlan(BASE, {"sgd": space}, trials=24, seeds=1, sampler="random",
                      prune=pruner, with_defaults=False)  # fmt: skip
    with dask_client(workers=2) as client:
        result = run_study(plan, client)
    rungs = rung_steps(pruner, BASE["steps"], 1)
    assert rungs == ([30, 60, 90] if pruner == "median" else [4, 13, 40])
    pruned = [t for t in result.of("sgd") if t.pruned]
    assert pruned, "some of 24 random learning rates from 1e-4 to 10 are hopeless"
    for trial in pruned:
        metrics = trial.seeds[0]
        step = metrics["steps"]
        assert step in rungs and step < BASE["steps"] and math.isnan(trial.value)
        assert metrics["rungs"][str(step)] > metrics["limits"][str(step)]  # it missed the limit
    for trial in result.of("sgd"):
        assert set(trial.seeds[0]["rungs"]) <= {str(step) for step in rungs}
    best = result.best("sgd")
    assert not best.pruned and best.value == min(t.value for t in result.of("sgd") if not t.pruned)


@settings(max_examples=examples(300, 3000), deadline=None)
@given(
    before=st.lists(st.floats(0, 10, allow_nan=False) | st.just(math.inf), max_size=40),
    value=st.floats(0, 10, allow_nan=False) | st.just(math.inf),
    metric=st.sampled_from(sorted(METRICS)),
)
def test_halving_promotes_a_run_as_optunas_successive_halving_does(before, value, metric):
    """Optuna's own rule (asynchronous successive halving, reduction factor 3) is the
    reference: a run goes on from a rung exactly when Optuna would promote it."""
    from optuna.pruners import _successive_halving as reference
    from optuna.study import StudyDirection

    direction = StudyDirection[METRICS[metric].upper()]
    promoted = reference._is_trial_promotable_to_next_rung(value, [*before, value], 3, direction)
    limit = (limits("halving", {10: before}, metric) or {}).get(10)
    assert promoted == (limit is None or not worse(value, limit, metric))
