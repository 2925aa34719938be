"""The window's engine: bounded, exact snapshots from a process that is restarted if it dies."""

import numpy as np

import optstudio
from optstudio.studies.landscape import LandscapeStudy


def test_the_window_draws_the_path_reduced_at_the_maps_pixel_size(qtbot, make_window):
    """A long zig-zag is drawn from the rows the reduction keeps at the map's view, not from
    every Nth row: its first bounces are all on the map."""
    from optstudio.engine.path_reduction import reduced

    state = LandscapeStudy(loss="quadratic", max_steps=20_000, start=(-2.5, 1.5))
    state.add_run("gd", hyper={"lr": 0.198})
    window = make_window(state)
    qtbot.waitUntil(lambda: window.engine.view is not None, timeout=5_000)
    window.controls.play_action.trigger()
    qtbot.waitUntil(
        lambda: next(iter(window.engine.snapshots().values())).step == 20_000, timeout=20_000
    )
    run_id = next(iter(window.engine.snapshots()))
    item = window.map.path_items()[run_id]

    def drawn() -> bool:
        """The map shows the engine's latest snapshot (the view may still settle after the
        window first shows, and a new view re-reduces the path at its pixel size)."""
        snap = window.engine.snapshots()[run_id]
        x, y = item.getData()
        return len(x) == len(snap.path) and np.array_equal(np.column_stack([x, y]), snap.path)

    qtbot.waitUntil(drawn, timeout=10_000)
    snap = window.engine.snapshots()[run_id]
    assert set(range(40)) <= set(snap.path_steps.tolist())
    grid = snap.grid
    assert grid is not None
    run = optstudio.simulate("quadratic", "gd", steps=20_000, lr=0.198, start=(-2.5, 1.5))
    reduction = reduced(run.path, grid)
    np.testing.assert_array_equal(snap.path, run.path[reduction.rows])
    np.testing.assert_array_equal(snap.path_joined, reduction.joined)
    assert len(snap.path) < 2000


def test_a_killed_engine_is_replaced_and_the_runs_replayed_to_where_they_were(qtbot, make_window):
    """The engine's process dies (the system ran out of memory, someone killed it): the
    window says so in one line and a new engine replays every run to the step it had
    reached, bit for bit."""
    import os
    import signal

    state = LandscapeStudy(loss="rosenbrock", max_steps=4_000)
    adam = state.add_run("adam", hyper={"lr": 0.05})
    window = make_window(state)
    window.controls.play_action.trigger()
    qtbot.waitUntil(lambda: window.engine.snapshots()[adam.run_id].step == 4_000, timeout=30_000)
    old_pid = window.engine._process.pid
    os.kill(old_pid, signal.SIGKILL)
    qtbot.waitUntil(
        lambda: window.engine._process is not None and window.engine._process.pid != old_pid,
        timeout=10_000,
    )
    assert "The engine stopped (SIGKILL)" in window.statusBar().currentMessage()
    assert not window.controls.play_action.isChecked()
    before = window.engine.snapshots()[adam.run_id]
    qtbot.waitUntil(lambda: window.engine.snapshots()[adam.run_id] is not before, timeout=10_000)
    replayed = window.engine.snapshots()[adam.run_id]
    run = optstudio.simulate("rosenbrock", "adam", steps=4_000, lr=0.05)
    assert replayed.step == 4_000 and replayed.theta == run.theta


def test_closing_the_window_ends_its_engine(qtbot, make_window, empty_state):
    window = make_window(empty_state)
    process = window.engine._process
    assert process.is_alive()
    window.close()
    assert process.exitcode == 0
