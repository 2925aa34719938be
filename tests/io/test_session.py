"""Session files: exact round trips, and every kind of bad file refused with a clear message."""

import json

import numpy as np
import pytest

from optstudio.io.session import (
    RunProgress,
    Session,
    SessionError,
    load_session,
    progress_of,
    replay_run,
    save_session,
)
from optstudio.studies.landscape import LandscapeStudy


def race() -> LandscapeStudy:
    state = LandscapeStudy(
        loss="linreg", max_steps=600, start=(0.5, 1.5), loss_params={"noise": 1.0, "data_seed": 4}
    )
    state.add_run("sgd", hyper={"lr": 0.01, "momentum": 0.5}, batch_size=6, seed=3)
    state.add_run("adam", hyper={"lr": 0.05}, schedule="cosine:T_max=400")
    return state


def test_a_saved_session_reopens_bit_for_bit(tmp_path):
    state = race()
    sgd, adam = state.runs
    runs = {sgd.run_id: replay_run(state, sgd, None), adam.run_id: replay_run(state, adam, None)}
    runs[sgd.run_id].advance(150)
    runs[sgd.run_id].set_hyperparameters(lr=0.002)
    sgd.hyper["lr"] = 0.002  # what the studio's form shows now
    runs[sgd.run_id].advance(250)
    runs[adam.run_id].advance(333)
    session = Session(state, {i: progress_of(r) for i, r in runs.items()}, (-1, 4, -3, 3))
    path = save_session(session, tmp_path / "race.optstudio")
    assert json.loads(path.read_text())["format"] == "optstudio-session"

    opened = load_session(path)
    assert opened.view == (-1.0, 4.0, -3.0, 3.0)
    assert opened.state.to_dict() == state.to_dict()
    for entry in opened.state.runs:
        again = replay_run(opened.state, entry, opened.progress[entry.run_id])
        original = runs[entry.run_id]
        for name in ("path", "loss_values", "grad_norm", "lr", "steps"):
            np.testing.assert_array_equal(getattr(again, name), getattr(original, name))
        assert again.step == original.step
    assert opened.progress[sgd.run_id].hyper_changes == [{"step": 150, "lr": 0.002}]
    assert opened.progress[sgd.run_id].initial_hyper["lr"] == 0.01


def write(tmp_path, text, name="bad.optstudio"):
    path = tmp_path / name
    path.write_text(text) if isinstance(text, str) else path.write_bytes(text)
    return path


def good_dict():
    state = race()
    return Session(state, {1: RunProgress(10)}).to_dict()


def mutated(change):
    data = good_dict()
    change(data)
    return json.dumps(data)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON (line 1, column 2"),
        (json.dumps(good_dict())[:-40], "the file may be truncated or corrupt"),
        (b"\xff\xfe\x00garbage", "it is not a text file"),
        ("[1, 2, 3]", "it is not an optstudio session file"),
        (json.dumps({"format": "optstudio-run"}), "it is not an optstudio session file"),
        (
            mutated(lambda d: d.update(version=99)),
            "written by a newer optstudio (session version 99",
        ),
        (mutated(lambda d: d.update(version="one")), "its version 'one' is not a version number"),
        (mutated(lambda d: d.pop("studio")), "it has no studio section"),
        (mutated(lambda d: d["studio"].update(loss="rosenbrok")), "unknown loss 'rosenbrok'"),
        (
            mutated(lambda d: d["studio"]["runs"][1].update(optimizer="adamm")),
            "unknown optimizer 'adamm'",
        ),
        (
            mutated(lambda d: d["studio"]["runs"][1]["hyper"].update(beta1=1.5)),
            "adam: beta1 must be in [0, 1), got 1.5",
        ),
        (
            mutated(lambda d: d["studio"]["runs"][0].update(batch_size=0)),
            "batch_size must be a whole number in [1, 60]",
        ),
        (
            mutated(lambda d: d["studio"]["runs"][1].update(schedule="cosine:T_max=-3")),
            "T_max must be a whole number",
        ),
        (mutated(lambda d: d["studio"].update(max_steps=-5)), "max_steps must be a whole number"),
        (mutated(lambda d: d["studio"].update(start=["a", 1])), "start must be two finite numbers"),
        (
            mutated(lambda d: d["studio"]["loss_params"].update(noise=-1)),
            "linreg: noise must be in [0, 100], got -1",
        ),
        (
            mutated(lambda d: d["progress"].update({"1": {"steps": 601}})),
            "progress steps must be in [0, 600], got 601",
        ),
        (mutated(lambda d: d["progress"].update({"7": {"steps": 1}})), "progress names run 7"),
        (mutated(lambda d: d.update(view=[1, 0, 0, 1])), "is not a finite, non-empty window"),
        (mutated(lambda d: d["studio"]["runs"][1].update(run_id=1)), "two runs share one run id"),
    ],
)
def test_bad_files_are_refused_with_a_message_naming_what_is_wrong(tmp_path, content, message):
    path = write(tmp_path, content)
    with pytest.raises(SessionError) as error:
        load_session(path)
    text = str(error.value)
    assert text.startswith("cannot open 'bad.optstudio': ")
    assert message in text
    assert "\n" not in text


def test_a_missing_or_huge_file_is_refused(tmp_path):
    with pytest.raises(SessionError, match="No such file"):
        load_session(tmp_path / "none.optstudio")
    huge = tmp_path / "huge.optstudio"
    with open(huge, "wb") as f:
        f.truncate(21 * 1024 * 1024)
    with pytest.raises(SessionError, match="too large for a session file"):
        load_session(huge)


def test_saving_where_no_file_can_be_written_raises_and_keeps_the_old_file(tmp_path):
    target = tmp_path / "kept.optstudio"
    save_session(Session(race()), target)
    before = target.read_text()
    not_a_folder = tmp_path / "plain-file"
    not_a_folder.write_text("x")
    with pytest.raises(OSError):
        save_session(Session(race()), not_a_folder / "new.optstudio")
    assert target.read_text() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.optstudio", "plain-file"]


@pytest.mark.parametrize(
    "start", ["12", [1], [1, 2, 3], {"x": 1}, [True, 1], ["1", "2"], [1e400, 0]]
)
def test_a_start_that_is_not_two_numbers_is_refused_in_one_line(tmp_path, start):
    data = mutated(lambda d: d["studio"].update(start=start))
    path = tmp_path / "s.optstudio"
    path.write_text(data.replace("Infinity", "1e400"))
    with pytest.raises(SessionError, match=r"start must be two finite numbers \[x, y\] or null"):
        load_session(path)


def test_a_version_of_true_is_not_a_version(tmp_path):
    path = tmp_path / "s.optstudio"
    path.write_text(mutated(lambda d: d.update(version=True)))
    with pytest.raises(SessionError, match="its version True is not a version number"):
        load_session(path)


def test_a_fifo_or_a_device_is_refused_without_reading(tmp_path):
    import os

    from ..cost_bound import hang_guard

    fifo = tmp_path / "pipe.optstudio"
    os.mkfifo(fifo)
    for path in (fifo, "/dev/zero", "/dev/urandom"):
        with hang_guard(5), pytest.raises(SessionError, match="it is not a regular file"):
            load_session(path)
