"""Damaged session files: whatever a mutation does to a valid session, `load_session` either
refuses it with its own one-line SessionError or returns a session that replays completely.

A session that loads but fails half-way through its replay is what left the window showing one
studio while the engine kept the old one's runs; this test is the property that rules it out.
"""

import json
import math

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from optstudio.io.session import (
    Session,
    SessionError,
    load_session,
    progress_of,
    replay_run,
    save_session,
)
from optstudio.studies.landscape import LandscapeStudy

REPLAY_BUDGET = 200_000
"""Steps a replay may take in this test (a mutation may ask for two billion: it is valid)."""


def valid_session() -> dict:
    state = LandscapeStudy(loss="linreg", max_steps=300, loss_params={"noise": 0.5})
    state.add_run("sgd", hyper={"lr": 0.01, "momentum": 0.5}, batch_size=4, seed=3)
    state.add_run("adam", hyper={"lr": 0.05}, schedule="cosine:T_max=200")
    sgd, adam = state.runs
    first = replay_run(state, sgd, None)
    first.advance(40)
    first.set_hyperparameters(lr=0.002)
    sgd.hyper["lr"] = 0.002
    first.advance(30)
    second = replay_run(state, adam, None)
    second.advance(55)
    progress = {sgd.run_id: progress_of(first), adam.run_id: progress_of(second)}
    return Session(state, progress, (-1, 4, -3, 3), "A title", "An explanation").to_dict()


VALID = valid_session()

ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([1e400, -1e400, 2**31, 2**63, 2**64, -1, 0, 0.5, "", "x", "1e3", "adam"]),
    st.text(max_size=8),
    st.lists(st.integers(-3, 3), max_size=3),
    st.dictionaries(st.sampled_from(["step", "lr", "beta", "x"]), st.integers(-3, 3), max_size=2),
    st.recursive(st.none(), lambda inner: st.lists(inner, max_size=2), max_leaves=4),
)


def _paths(value, prefix=()):
    """Every place in a JSON tree, as the keys that lead there."""
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, (*prefix, index))


PLACES = [p for p in _paths(VALID) if p]


def _mutated(data, place, action, value):
    data = json.loads(json.dumps(data))
    *parents, last = place
    holder = data
    for key in parents:
        holder = holder[key]
    if action == "delete":
        del holder[last]
    elif action == "replace":
        holder[last] = value
    elif action == "add" and isinstance(holder[last], dict):
        holder[last]["extra" if value is None else str(value)[:6]] = value
    elif action == "add" and isinstance(holder[last], list):
        holder[last].append(value)
    else:
        holder[last] = value
    return data


def damaged(data, mutations):
    """`data` after each mutation in turn (one whose place an earlier one removed is skipped)."""
    for place, action, value in mutations:
        try:
            data = _mutated(data, place, action, value)
        except (KeyError, IndexError, TypeError):
            continue
    return data


def _replays(session: Session) -> None:
    total = sum(p.steps for p in session.progress.values())
    if total > REPLAY_BUDGET:
        return
    for entry in session.state.runs:
        run = replay_run(session.state, entry, session.progress.get(entry.run_id))
        assert run.requested_steps == (
            session.progress[entry.run_id].steps if entry.run_id in session.progress else 0
        )
        assert math.isfinite(run.path[0][0]) and math.isfinite(run.path[0][1])


MUTATION = st.tuples(
    st.sampled_from(PLACES), st.sampled_from(["delete", "replace", "add"]), ODD_VALUES
)


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(mutations=st.lists(MUTATION, min_size=1, max_size=3))
@example(mutations=[(("studio", "runs", 0, "visible"), "replace", math.inf)])
@example(mutations=[(("studio", "runs", 0, "optimizer"), "replace", "\n")])
@example(mutations=[(("studio", "loss"), "replace", "\n")])
def test_a_damaged_session_is_refused_in_one_line_or_replays(tmp_path, mutations):
    data = damaged(VALID, mutations)
    path = tmp_path / "damaged.optstudio"
    path.write_text(json.dumps(data, allow_nan=True))
    try:
        session = load_session(path)
    except SessionError as error:
        message = str(error)
        assert "\n" not in message and message.startswith("cannot open 'damaged.optstudio': ")
        return
    _replays(session)
    # What loaded saves again, and what it saves loads to the same studio.
    again = load_session(save_session(session, tmp_path / "again.optstudio"))
    assert again.state.to_dict() == session.state.to_dict()


@pytest.mark.parametrize(
    "text",
    [
        '{"format": "optstudio-session", "version": 1, "studio": {"runs": []}, "x": '
        + "[" * 100_000
        + "]" * 100_000
        + "}",
        json.dumps(VALID).replace('"step": 40', '"step": 1e400'),
        json.dumps(VALID).replace('"step": 40', '"step": 500'),
        json.dumps(VALID).replace('"lr": 0.002}', '"lr": -1}'),
        json.dumps(VALID).replace('"lr": 0.002}', '"nonsense": 1}'),
        json.dumps(VALID).replace('"max_steps": 300', '"max_steps": 1e400'),
    ],
    ids=["deep-nesting", "step-1e400", "change-past-end", "bad-change", "unknown-name", "inf"],
)
def test_corpus_of_damaged_sessions_gives_one_line(tmp_path, text):
    path = tmp_path / "damaged.optstudio"
    path.write_text(text)
    with pytest.raises(SessionError) as caught:
        load_session(path)
    assert "\n" not in str(caught.value)


def test_large_run_ids_and_seeds_in_a_valid_session_load_with_small_ids(tmp_path):
    data = json.loads(json.dumps(VALID))
    first, second = data["studio"]["runs"]
    first["run_id"], second["run_id"] = 2**40, 7
    first["seed"] = 2**63 + 5
    data["progress"] = {str(2**40): data["progress"]["1"], "7": data["progress"]["2"]}
    path = tmp_path / "large.optstudio"
    path.write_text(json.dumps(data))
    session = load_session(path)
    assert [r.run_id for r in session.state.runs] == [1, 2]
    assert session.state.runs[0].seed == 2**63 + 5
    assert session.progress[1].steps == 70 and session.progress[2].steps == 55
    _replays(session)
