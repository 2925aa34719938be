"""The live engine's loop, driven by commands as the window sends them (no Qt, no process)."""

from __future__ import annotations

import queue
import threading
import time

import numpy as np
import pytest

import optstudio
from optstudio.engine.path_reduction import PixelGrid, reduced
from optstudio.live.core import LiveEngine
from optstudio.studies.landscape import LandscapeStudy

GRID = PixelGrid(-2.0, 2.0, -1.0, 3.0, 600, 500)


class QueueInbox:
    def __init__(self) -> None:
        self.commands: queue.Queue[tuple] = queue.Queue()

    def get(self, timeout: float) -> tuple | None:
        try:
            return self.commands.get(timeout=timeout) if timeout else self.commands.get_nowait()
        except queue.Empty:
            return None


class Driven:
    """A LiveEngine in a thread of its own, with every message it sends kept."""

    def __init__(self, engine_class: type[LiveEngine] = LiveEngine) -> None:
        self.messages: list[tuple] = []
        self.snapshots: dict = {}
        self.inbox = QueueInbox()
        self.engine = engine_class(self._emit)
        self.thread = threading.Thread(target=self.engine.run, args=(self.inbox,))
        self.thread.start()

    def _emit(self, kind: str, *values) -> None:
        self.messages.append((kind, *values))
        if kind == "snapshots":
            changed, ids, _ = values
            self.snapshots = {i: changed.get(i, self.snapshots.get(i)) for i in ids}

    def send(self, *command) -> None:
        self.inbox.commands.put(command)

    def wait_for(self, condition, seconds: float = 60.0) -> None:
        deadline = time.monotonic() + seconds
        while not condition():
            assert time.monotonic() < deadline, "the engine did not get there in time"
            time.sleep(0.005)

    def stop(self) -> None:
        self.send("stop")
        self.thread.join(10)
        assert not self.thread.is_alive()


@pytest.fixture
def driven():
    engine = Driven()
    yield engine
    engine.stop()


def race(max_steps: int, lockstep: bool = True) -> LandscapeStudy:
    state = LandscapeStudy(loss="rosenbrock", max_steps=max_steps, lockstep=lockstep)
    state.add_run("gd", hyper={"lr": 1e-3})
    state.add_run("adam", hyper={"lr": 0.05})
    state.add_run("nadam", hyper={"lr": 0.01})
    return state


def test_runs_played_to_the_end_equal_simulate_bit_for_bit(driven):
    state = race(30_000)
    driven.send("configure", state.to_dict(), {})
    driven.send("set_view", GRID)
    driven.send("play")
    driven.wait_for(
        lambda: (
            len(driven.snapshots) == 3 and all(s.step == 30_000 for s in driven.snapshots.values())
        )
    )
    for entry in state.runs:
        run = optstudio.simulate(
            "rosenbrock", entry.optimizer, steps=30_000, **entry.resolved_hyper()
        )
        snap = driven.snapshots[entry.run_id]
        assert snap.theta == run.theta and snap.loss == run.loss_values[-1]
        reduction = reduced(run.path, GRID)
        np.testing.assert_array_equal(snap.path, run.path[reduction.rows])
        np.testing.assert_array_equal(snap.path_joined, reduction.joined)
        assert snap.status == "max_steps"
    assert ("playing", False) in driven.messages  # play ends by itself at the limit


def test_every_published_frame_of_a_lockstep_race_is_at_one_step(driven):
    driven.send("configure", race(200_000).to_dict(), {})
    driven.send("play")
    driven.wait_for(
        lambda: driven.snapshots and all(s.step == 200_000 for s in driven.snapshots.values())
    )
    frames = [m for m in driven.messages if m[0] == "snapshots"]
    assert len(frames) > 3
    seen: dict = {}
    for _, changed, ids, _ in frames:
        seen = {i: changed.get(i, seen.get(i)) for i in ids}
        steps = {s.step for s in seen.values() if s.status == "running"}
        assert len(steps) <= 1, f"a frame showed runs at steps {sorted(steps)}"


def test_free_running_lets_the_fast_runs_ahead(driven):
    driven.send("configure", race(50_000_000, lockstep=False).to_dict(), {})
    driven.send("play")
    driven.wait_for(lambda: driven.snapshots and min(s.step for s in driven.snapshots.values()))
    driven.wait_for(lambda: len({s.step for s in driven.snapshots.values()}) > 1)
    driven.send("pause")


def test_a_learning_rate_changed_mid_run_equals_the_api(driven):
    """Steps taken one by one, then a new learning rate: the run equals `Run.advance` and
    `set_hyperparameters` at the same step."""
    state = LandscapeStudy(loss="rosenbrock", max_steps=1_000)
    entry = state.add_run("momentum", hyper={"lr": 1e-3})
    driven.send("configure", state.to_dict(), {})
    for _ in range(5):
        driven.send("single_step")
    driven.wait_for(lambda: driven.snapshots and driven.snapshots[entry.run_id].step == 5)
    entry.hyper["lr"] = 2e-3
    driven.send("update_run", entry, False)
    for _ in range(7):
        driven.send("single_step")
    driven.wait_for(lambda: driven.snapshots[entry.run_id].step == 12)
    run = optstudio.simulate("rosenbrock", "momentum", steps=5, lr=1e-3)
    run.set_hyperparameters(lr=2e-3)
    run.advance(7)
    assert driven.snapshots[entry.run_id].theta == run.theta
    assert driven.snapshots[entry.run_id].progress.hyper_changes == [{"step": 5, "lr": 2e-3}]


def test_a_bad_command_is_said_and_the_engine_goes_on(driven):
    state = race(100)
    driven.send("no_such_command", 1)
    driven.send("configure", state.to_dict(), {})
    driven.send("play")
    driven.wait_for(
        lambda: driven.snapshots and all(s.step == 100 for s in driven.snapshots.values())
    )
    assert ("error", "unknown engine command 'no_such_command'") in driven.messages


def test_an_unchanged_run_is_not_sent_again(driven):
    state = race(100)
    driven.send("configure", state.to_dict(), {})
    driven.send("play")
    driven.wait_for(
        lambda: driven.snapshots and all(s.step == 100 for s in driven.snapshots.values())
    )
    count = len(driven.messages)
    driven.send("set_speed", 10.0)  # a command makes the engine publish: nothing changed
    time.sleep(0.3)
    assert all(m[0] != "snapshots" or not m[1] for m in driven.messages[count:])


def test_a_pause_in_lockstep_leaves_every_run_at_one_step(driven):
    """A command waits for the round to end: however a pause falls, the runs stop together."""
    driven.send("configure", race(10**9).to_dict(), {})
    for _ in range(5):
        count = len(driven.messages)
        driven.send("play")
        time.sleep(0.15)
        driven.send("pause")
        driven.wait_for(lambda count=count: ("playing", False) in driven.messages[count:])
        time.sleep(0.1)
        steps = {s.step for s in driven.snapshots.values()}
        assert len(steps) == 1
    assert steps.pop() > 0


def test_a_long_session_replays_a_slice_at_a_time_and_says_how_far(driven):
    """A session saved at 2·10⁹ steps replayed in one call: no word for a minute, and no way
    to stop it. Now the engine replays a slice at a time, says how far it is, applies each
    change at its step, ends where the run was saved (bit for bit), and Reset stops it."""
    from optstudio.io.session import RunProgress, replay_run

    state = LandscapeStudy(loss="rosenbrock", max_steps=3_000_000)
    entry = state.add_run("momentum", hyper={"lr": 2e-3})
    progress = RunProgress(1_500_000, [{"step": 400_000, "lr": 2e-3}], {"lr": 1e-3})
    driven.send("configure", state.to_dict(), {entry.run_id: progress}, 1)
    driven.wait_for(lambda: driven.snapshots and driven.snapshots[entry.run_id].step == 1_500_000)
    assert [m for m in driven.messages if m[0] == "replaying"][-1][1:] == (0, 0)  # done
    expected = replay_run(state, entry, progress)
    shown = driven.snapshots[entry.run_id]
    assert shown.theta == expected.theta
    assert shown.progress.hyper_changes == [{"step": 400_000, "lr": 2e-3}]

    long = RunProgress(2_000_000_000, [], None)
    state.max_steps = 2_000_000_000
    driven.send("configure", state.to_dict(), {entry.run_id: long}, 2)
    driven.wait_for(
        lambda: any(m[0] == "replaying" and m[1] and m[2] == 2_000_000_000 for m in driven.messages)
    )
    assert all(m[1] <= m[2] for m in driven.messages if m[0] == "replaying")
    driven.send("reset")  # stops it: the run starts again, with nothing more to replay
    driven.wait_for(lambda: driven.snapshots[entry.run_id].step == 0)
    heard = len(driven.messages)
    time.sleep(0.3)
    assert not [m for m in driven.messages[heard:] if m[0] == "replaying" and m[2]]
