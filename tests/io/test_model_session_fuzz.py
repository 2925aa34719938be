"""Damaged model-lab sessions: whatever a mutation does to a valid one, `load_session` refuses
it with its own one-line SessionError, or returns a study whose runs the engine replays
completely (a session that loads also replays)."""

import json

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from optstudio.io.session import Session, SessionError, load_session, progress_of, save_session
from optstudio.live.model_engine import _replayed
from optstudio.studies.model import ModelStudy, create_lab_run

from .test_session_fuzz import ODD_VALUES, _paths, damaged

REPLAY_BUDGET = 5_000
"""Steps the replays of one example may take (a mutation may ask for millions: valid)."""


def valid_model_session() -> dict:
    study = ModelStudy(dataset="xor", data_params={"noise": 0.1, "n_samples": 100},
                       hidden=(3,), max_steps=60)  # fmt: skip
    study.add_run("sgd", hyper={"lr": 0.1, "momentum": 0.5}, batch_size=10)
    study.add_run("adam", hyper={"lr": 0.03}, schedule="cosine:T_max=50")
    sgd, adam = study.runs
    first = create_lab_run(study, sgd)
    first.advance(20)
    first.set_hyperparameters(lr=0.05)
    sgd.hyper["lr"] = 0.05
    first.advance(10)
    second = create_lab_run(study, adam)
    second.advance(25)
    progress = {sgd.run_id: progress_of(first), adam.run_id: progress_of(second)}
    return Session(study, progress, None, "A title", "An explanation").to_dict()


VALID = valid_model_session()
PLACES = [p for p in _paths(VALID) if p]
MUTATION = st.tuples(
    st.sampled_from(PLACES), st.sampled_from(["delete", "replace", "add"]), ODD_VALUES
)


@settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(mutations=st.lists(MUTATION, min_size=1, max_size=3))
@example(mutations=[(("model_study", "hidden", 0), "replace", 0)])
@example(mutations=[(("model_study", "dataset"), "replace", "csv:/nonexistent.csv")])
@example(mutations=[(("progress", "1", "hyper_changes", 0, "step"), "replace", 45)])
def test_a_damaged_model_session_is_refused_in_one_line_or_replays(tmp_path, mutations):
    data = damaged(VALID, mutations)
    path = tmp_path / "damaged.optstudio"
    path.write_text(json.dumps(data, allow_nan=True))
    try:
        session = load_session(path)
    except SessionError as error:
        message = str(error)
        assert "\n" not in message and message.startswith("cannot open 'damaged.optstudio': ")
        return
    if session.is_model and sum(p.steps for p in session.progress.values()) <= REPLAY_BUDGET:
        for entry in session.state.runs:
            progress = session.progress.get(entry.run_id)
            run = _replayed(session.state, entry, progress)
            assert run.step <= (progress.steps if progress is not None else 0)
    again = load_session(save_session(session, tmp_path / "again.optstudio"))
    assert again.state.to_dict() == session.state.to_dict()


def test_a_model_session_round_trips_and_says_it_is_one(tmp_path):
    path = tmp_path / "lab.optstudio"
    path.write_text(json.dumps(VALID))
    session = load_session(path)
    assert session.is_model and session.to_dict()["version"] == 3
    assert session.progress[1].hyper_changes == [{"step": 20, "lr": 0.05}]
    assert session.progress[1].steps == 30 and session.progress[2].steps == 25
