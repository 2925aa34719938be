"""The engine in its own process: the same runs, commands in order, and nothing left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import optstudio
from optstudio.live.process import start_engine
from optstudio.studies.landscape import LandscapeStudy

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX process checks")


def gone(pid: int) -> bool:
    """Whether the process has ended (a zombie waiting for an absent reaper counts)."""
    status = Path(f"/proc/{pid}/status")
    try:
        return "zombie" in status.read_text() if status.exists() else True
    except OSError:
        return True


def wait_until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def played(process, connection, study: dict, run_id: int, steps: int) -> dict:
    """Configure the engine with `study`, play, and collect snapshots until run `run_id` is
    at `steps`; then stop the engine and check that it ended cleanly."""
    connection.send(("configure", study, {}))
    connection.send(("play",))
    snapshots: dict = {}
    deadline = time.monotonic() + 120
    while not (run_id in snapshots and snapshots[run_id].step == steps):
        assert time.monotonic() < deadline
        if connection.poll(1.0):
            message = connection.recv()
            if message[0] == "snapshots":
                snapshots.update(message[1])
    connection.send(("stop",))
    process.join(10)
    assert process.exitcode == 0
    return snapshots


def test_the_process_plays_runs_equal_to_simulate_and_stops_when_told():
    state = LandscapeStudy(loss="himmelblau", max_steps=5_000)
    adam = state.add_run("adam", hyper={"lr": 0.05})
    process, connection = start_engine()
    try:
        snapshots = played(process, connection, state.to_dict(), adam.run_id, 5_000)
        run = optstudio.simulate("himmelblau", "adam", steps=5_000, lr=0.05)
        assert snapshots[adam.run_id].theta == run.theta
    finally:
        if process.is_alive():
            process.kill()
        connection.close()


def test_the_engine_ends_when_the_window_closes_its_end_without_a_word():
    process, connection = start_engine()
    connection.close()
    process.join(10)
    assert process.exitcode == 0


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc")
def test_the_engine_ends_when_the_window_is_killed():
    """A window killed outright (SIGKILL: no clean-up of its own) leaves no engine behind."""
    script = textwrap.dedent(
        """
        import sys, time
        from optstudio.live.process import start_engine
        from optstudio.studies.landscape import LandscapeStudy
        process, connection = start_engine()
        state = LandscapeStudy(loss="rosenbrock", max_steps=10**9)
        state.add_run("adam")
        connection.send(("configure", state.to_dict(), {}))
        connection.send(("play",))
        print(process.pid, flush=True)
        time.sleep(600)
        """
    )
    window = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        engine_pid = int(window.stdout.readline())
        assert not gone(engine_pid)
        time.sleep(0.5)  # the engine is busy playing
        window.send_signal(signal.SIGKILL)
        window.wait(10)
        assert wait_until(lambda: gone(engine_pid), 10), "the engine outlived its window"
    finally:
        window.kill()
        window.wait()


def test_a_killed_engine_is_seen_as_the_end_of_its_pipe():
    process, connection = start_engine()
    try:
        os.kill(process.pid, signal.SIGKILL)
        process.join(10)
        assert process.exitcode == -signal.SIGKILL
        with pytest.raises(EOFError):
            while True:
                connection.recv()
    finally:
        connection.close()


def test_a_model_engine_process_trains_a_study_as_train_does():
    """The model lab's runs train in the engine's own process, like a landscape's."""
    import numpy as np

    from optstudio.studies.model import ModelStudy, create_lab_run

    study = ModelStudy(dataset="digits", hidden=(16,), activation="relu", max_steps=60)
    adam = study.add_run("adam", hyper={"lr": 0.01}, batch_size=64)
    process, connection = start_engine("model")
    try:
        snapshots = played(process, connection, study.to_dict(), adam.run_id, 60)
        run = create_lab_run(study, adam)
        run.advance(60)
        assert np.array_equal(snapshots[adam.run_id].params, run.params[-1])
        assert snapshots[adam.run_id].test_accuracy == run.test_accuracy[-1]
    finally:
        if process.is_alive():
            process.kill()
        connection.close()


def test_an_unknown_engine_kind_is_refused_before_a_process_starts():
    with pytest.raises(ValueError, match="unknown engine kind 'maps'; choose one of: landscape"):
        start_engine("maps")
