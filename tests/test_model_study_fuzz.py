"""Damaged model studies: whatever a mutation does to a valid study, `ModelStudy.from_dict`
either refuses it with a one-line ValueError or gives a study whose runs all build and that
stores to the same file again; never another error, never a hang."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from optstudio.studies.model import ModelStudy, create_lab_run, default_model_study

from .cost_bound import hang_guard
from .io.test_session_fuzz import ODD_VALUES, _paths, damaged

VALID = default_model_study()
VALID.add_run("muon", batch_size=20, schedule="cosine")
VALID.data_params["features"] = ["x1", "x2", "x1*x2"]
VALID = VALID.to_dict()
PLACES = [p for p in _paths(VALID) if p]
MUTATION = st.tuples(
    st.sampled_from(PLACES), st.sampled_from(["delete", "replace", "add"]), ODD_VALUES
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutations=st.lists(MUTATION, min_size=1, max_size=3))
@example(mutations=[(("runs", 0, "run_id"), "replace", "x")])
@example(mutations=[(("hidden",), "replace", [64, 64, 64, 64, 64, 64])])
@example(mutations=[(("data_params",), "add", 100_000)])
def test_a_damaged_study_is_refused_in_one_line_or_builds(mutations):
    data = damaged(VALID, mutations)
    with hang_guard(20):
        try:
            study = ModelStudy.from_dict(json.loads(json.dumps(data, allow_nan=True)))
        except ValueError as error:
            assert "\n" not in str(error)
            return
        for entry in study.runs:
            create_lab_run(study, entry)
        assert ModelStudy.from_dict(study.to_dict()).to_dict() == study.to_dict()
