"""The model lab's drawing process: the latest job of each kind, its answers, what it keeps,
and the same surfaces and planes as the API's."""

from __future__ import annotations

import sys
import time

import numpy as np
import pytest

import optstudio
from optstudio.engine.models.boundary import surface_of
from optstudio.live.drawing import KEPT, DrawingService
from optstudio.live.process import start_engine
from optstudio.live.verdicts import RESOLUTION
from optstudio.studies.model import ModelStudy, create_lab_run


class Inbox:
    """Messages as the pipe would hand them over, with those that arrive while a job runs."""

    def __init__(self, messages: list[tuple]) -> None:
        self.messages = list(messages)
        self.later: dict[int, list[tuple]] = {}
        """Messages that arrive at the n-th look at the pipe (a job asking `superseded`)."""
        self.looks = 0

    def get(self, timeout: float) -> tuple | None:
        self.looks += 1
        self.messages += self.later.pop(self.looks, [])
        if self.messages:
            return self.messages.pop(0)
        if timeout > 0:
            raise EOFError  # nothing more will come: the window closed its end
        return None


def serve(messages: list[tuple], later: dict | None = None) -> list[tuple]:
    answers: list[tuple] = []
    inbox = Inbox(messages)
    inbox.later = later or {}
    with pytest.raises(EOFError):
        DrawingService(lambda *message: answers.append(message)).run(inbox)
    return answers


def study() -> ModelStudy:
    chosen = ModelStudy(dataset="xor", max_steps=20)
    chosen.add_run("adam", hyper={"lr": 0.03})
    return chosen


def test_only_the_latest_job_of_a_kind_runs_and_each_that_runs_is_answered():
    settings = study().to_dict()
    answers = serve(
        [
            ("job", "study", 1, "check_study", {"candidate": settings, "settings": None,
                                                "key": "a"}),
            ("job", "study", 2, "check_study", {"candidate": settings, "settings": {},
                                                "key": "b"}),
            ("job", "study", 3, "check_study", {"candidate": {**settings, "hidden": [0]},
                                                "settings": None, "key": "c"}),
        ]
    )  # fmt: skip
    assert [(a[0], a[1], a[2]) for a in answers] == [("failed", "study", 3)]
    assert "\n" not in answers[0][3]


def test_a_study_is_checked_and_its_probe_draws_the_apis_surface():
    chosen = study()
    entry = chosen.runs[0]
    run = optstudio.train(**{**create_lab_run(chosen, entry).config, "steps": 20})
    theta = run.params[-1]
    answers = serve(
        [
            ("job", "study", 1, "check_study",
             {"candidate": chosen.to_dict(), "settings": None, "key": "s1"}),
            ("job", "verdicts", 1, "draw_verdicts",
             {"key": "s1", "params": {7: theta}, "steps": {7: 20}, "tag": ("t",)}),
        ]
    )  # fmt: skip
    done_study, done_verdicts = answers
    checked, probe, settings, key = done_study[3]
    assert done_study[:3] == ("done", "study", 1) and key == "s1" and settings is None
    assert checked.to_dict() == chosen.to_dict()
    tag, verdicts = done_verdicts[3]
    assert tag == ("t",) and verdicts.steps == {7: 20}
    expected = surface_of(probe.network, probe.data, theta, RESOLUTION)
    np.testing.assert_array_equal(verdicts.surfaces[7].values, expected.values)
    (missing,) = serve(  # a process started after one that died has no probe yet
        [("job", "verdicts", 1, "draw_verdicts",
          {"key": "s1", "params": {7: theta}, "steps": {7: 20}, "tag": ("t",)})]
    )  # fmt: skip
    assert missing[0] == "failed" and missing[3] == "the lab's drawing process has no s1"


def test_a_running_plane_stops_for_a_newer_one():
    chosen = study()
    probe_job = ("job", "study", 1, "check_study",
                 {"candidate": chosen.to_dict(), "settings": None, "key": "s"})  # fmt: skip
    path = np.random.default_rng(0).normal(size=(5, study_params()))
    args = {"key": "s", "paths": [path], "method": "random", "resolution": 40, "seed": 0}
    newer = ("job", "plane", 2, "draw_plane", {**args, "resolution": 3, "tag": ("newer",)})
    answers = serve(
        [probe_job, ("job", "plane", 1, "draw_plane", {**args, "tag": ("older",)})],
        later={6: [newer]},  # while the first plane is on its way
    )
    assert [(a[0], a[1], a[2]) for a in answers] == [
        ("done", "study", 1),
        ("dropped", "plane", 1),
        ("done", "plane", 2),
    ]
    tag, plane, seconds = answers[-1][3]
    assert tag == ("newer",) and plane.loss.shape == (3, 3) and seconds >= 0


def test_it_keeps_the_last_few_probes():
    service = DrawingService(lambda *_: None)
    for index in range(KEPT + 2):
        service.keep(f"k{index}", index)
    assert list(service.kept) == [f"k{i}" for i in range(2, KEPT + 2)]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX process checks")
def test_the_process_answers_over_its_pipe_and_stops_when_told():
    process, connection = start_engine("drawing")
    try:
        args = {"candidate": study().to_dict(), "settings": None, "key": "k"}
        connection.send(("job", "study", 1, "check_study", args))
        assert connection.poll(60)
        outcome, kind, number, result = connection.recv()
        assert (outcome, kind, number) == ("done", "study", 1)
        assert result[1].network.n_params == study_params()
        connection.send(("stop",))
        deadline = time.monotonic() + 10
        while process.is_alive() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert not process.is_alive()
    finally:
        if process.is_alive():
            process.kill()
        connection.close()


def study_params() -> int:
    chosen = study()
    return create_lab_run(chosen, chosen.runs[0]).network.n_params
