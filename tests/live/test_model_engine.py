"""The live engine driving a model study, as the window will (no Qt, no process)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

import optstudio
from optstudio.io.session import RunProgress
from optstudio.live.model_engine import ModelLiveEngine, ModelSnapshot
from optstudio.studies.model import ModelStudy, create_lab_run

from .test_core import Driven


@pytest.fixture
def driven():
    engine = Driven(ModelLiveEngine)
    yield engine
    engine.stop()


def study(max_steps: int, lockstep: bool = True) -> ModelStudy:
    chosen = ModelStudy(dataset="xor", data_params={"noise": 0.1}, hidden=(6, 4),
                        max_steps=max_steps, lockstep=lockstep)  # fmt: skip
    chosen.add_run("sgd", hyper={"lr": 0.05})
    chosen.add_run("adam", hyper={"lr": 0.02}, batch_size=25)
    chosen.add_run("muon", hyper={"lr": 0.02})
    return chosen


def expected_run(chosen: ModelStudy, run_id: int, steps: int):
    entry = chosen.run(run_id)
    run = create_lab_run(chosen, entry)
    return optstudio.train(**{**chosen.run_config(entry, record_every=run.record_every),
                              "steps": steps})  # fmt: skip


@pytest.mark.parametrize("lockstep", [True, False])
def test_a_study_played_to_the_end_equals_train_bit_for_bit(driven, lockstep):
    chosen = study(300, lockstep)
    driven.send("configure", chosen.to_dict(), {})
    driven.send("play")
    driven.wait_for(
        lambda: (
            len(driven.snapshots) == 3
            and all(s.status == "max_steps" for s in driven.snapshots.values())
        )
    )
    for entry in chosen.runs:
        shown = driven.snapshots[entry.run_id]
        assert isinstance(shown, ModelSnapshot) and shown.step == 300
        run = expected_run(chosen, entry.run_id, 300)
        assert np.array_equal(shown.params, run.params[-1])
        assert shown.test_loss == run.test_loss[-1]
        assert shown.test_accuracy == run.test_accuracy[-1]
        assert np.array_equal(shown.steps, run.steps)
        assert np.array_equal(shown.train_curve, run.train_loss)
    assert ("playing", False) in driven.messages


def test_a_mid_run_change_of_lr_lands_on_its_run_as_set_hyperparameters_does(driven):
    chosen = study(10_000)
    adam = chosen.runs[1]
    driven.send("configure", chosen.to_dict(), {})
    for _ in range(40):
        driven.send("single_step")
    driven.wait_for(lambda: len(driven.snapshots) == 3 and
                    all(s.step == 40 for s in driven.snapshots.values()))  # fmt: skip
    adam.hyper = {"lr": 0.005}
    driven.send("update_run", adam, False)
    for _ in range(25):
        driven.send("single_step")
    driven.wait_for(lambda: all(s.step == 65 for s in driven.snapshots.values()))
    run = create_lab_run(chosen, replace(adam, hyper={"lr": 0.02}))
    run.advance(40)
    run.set_hyperparameters(lr=0.005)
    run.advance(25)
    assert np.array_equal(driven.snapshots[adam.run_id].params, run.params[-1])
    sgd = driven.snapshots[chosen.runs[0].run_id]
    assert np.array_equal(sgd.params, expected_run(chosen, chosen.runs[0].run_id, 65).params[-1])


def test_a_study_that_cannot_be_built_reports_one_line_and_keeps_the_engine(driven):
    bad = study(100).to_dict()
    bad["hidden"] = [0]
    driven.send("configure", bad, {})
    driven.wait_for(lambda: any(m[0] == "error" for m in driven.messages))
    message = next(m[1] for m in driven.messages if m[0] == "error")
    assert "units" in message and "\n" not in message
    driven.send("configure", study(50).to_dict(), {})
    driven.send("play")
    driven.wait_for(lambda: len(driven.snapshots) == 3 and
                    all(s.step == 50 for s in driven.snapshots.values()))  # fmt: skip


def test_a_saved_run_replays_to_the_same_bits(driven):
    chosen = study(1000)
    entry = chosen.runs[0]
    saved = RunProgress(80, [{"step": 30, "lr": 0.2}], {"lr": 0.05})
    driven.send("configure", chosen.to_dict(), {entry.run_id: saved})
    driven.wait_for(lambda: entry.run_id in driven.snapshots)
    run = create_lab_run(chosen, entry)
    run.advance(30)
    run.set_hyperparameters(lr=0.2)
    run.advance(50)
    assert driven.snapshots[entry.run_id].step == 80
    assert np.array_equal(driven.snapshots[entry.run_id].params, run.params[-1])


def test_an_exported_model_run_holds_its_parameters(driven, tmp_path):
    chosen = study(30)
    entry = chosen.runs[0]
    driven.send("configure", chosen.to_dict(), {})
    driven.send("play")
    driven.wait_for(lambda: entry.run_id in driven.snapshots
                    and driven.snapshots[entry.run_id].step == 30)  # fmt: skip
    target = tmp_path / "sgd.npz"
    driven.send("export_runs", {entry.run_id: target})
    driven.wait_for(lambda: any(m[0] == "exported" for m in driven.messages))
    assert ("exported", [str(target)], "") in driven.messages
    with np.load(target) as saved:
        assert np.array_equal(saved["params"][-1], driven.snapshots[entry.run_id].params)


def test_trajectories_are_the_recorded_rows_and_a_long_run_sends_a_stride_of_them(driven):
    chosen = study(300)
    driven.send("configure", chosen.to_dict(), {})
    driven.send("play")
    driven.wait_for(lambda: len(driven.snapshots) == 3
                    and all(s.step == 300 for s in driven.snapshots.values()))  # fmt: skip
    driven.send("send_trajectories", None, 1000)
    driven.send("send_trajectories", None, 50)
    driven.wait_for(lambda: sum(m[0] == "trajectories" for m in driven.messages) == 2)
    whole, strided = (m[1] for m in driven.messages if m[0] == "trajectories")
    for entry in chosen.runs:
        run = expected_run(chosen, entry.run_id, 300)
        steps, params = whole[entry.run_id]
        assert np.array_equal(steps, run.steps) and np.array_equal(params, run.params)
        steps, params = strided[entry.run_id]
        assert len(steps) <= 50 and steps[0] == 0 and steps[-1] == 300
        assert np.array_equal(params[-1], run.params[-1])


def test_trajectories_until_a_step_end_at_each_run_s_last_row_at_or_before_it(driven):
    """The timeline's rows: each run's path up to its last recorded row at or before the
    step asked for, that row's parameters last, and the answer names what it answers."""
    chosen = study(300)
    driven.send("configure", chosen.to_dict(), {})
    driven.send("play")
    driven.wait_for(lambda: len(driven.snapshots) == 3
                    and all(s.step == 300 for s in driven.snapshots.values()))  # fmt: skip
    first = chosen.runs[0].run_id
    until = {first: 101}
    driven.send("send_trajectories", until)
    driven.wait_for(lambda: any(m[0] == "trajectories" for m in driven.messages))
    _, sent, answered = next(m for m in driven.messages if m[0] == "trajectories")
    assert answered == until and set(sent) == {first}
    run = expected_run(chosen, first, 300)
    row = int(np.searchsorted(run.steps, 101, side="right")) - 1
    steps, params = sent[first]
    assert steps[-1] == run.steps[row] <= 101 and steps[0] == 0
    assert np.array_equal(params[-1], run.params[row])
