"""What the engine thread hands the window: bounded, exact, decimated snapshots."""

import numpy as np

import optstudio
from optstudio.engine.runner import create_run
from optstudio.model import MAX_DISPLAY_ROWS, StudioState
from optstudio.qt.engine_thread import CURVE_POINTS, PATH_POINTS, decimated_indices, take_snapshot


def test_decimation_keeps_first_and_last_rows_within_the_limit():
    for n in (1, 10, 600, 601, 10_000, 199_999):
        index = decimated_indices(n, 600)
        assert index[0] == 0 and index[-1] == n - 1
        assert len(index) <= 600
        assert np.all(np.diff(index) > 0)


def test_a_long_studio_run_keeps_bounded_rows_and_bounded_snapshots():
    state = StudioState(loss="rosenbrock", max_steps=100_000_000)
    assert state.record_every() == 500
    run = create_run("rosenbrock", "adam", record_every=state.record_every())
    run.advance(3_000_000)
    assert len(run) == 6001
    snap = take_snapshot(1, run, None, state.max_steps)
    assert len(snap.path) <= PATH_POINTS and len(snap.steps) <= CURVE_POINTS
    assert tuple(snap.path[-1]) == run.theta
    assert snap.step == 3_000_000 and snap.status == "running"
    assert state.max_steps // state.record_every() <= MAX_DISPLAY_ROWS


def test_the_window_draws_the_path_reduced_at_the_maps_pixel_size(qtbot, make_window):
    """A long zig-zag is drawn from the rows the reduction keeps at the map's view, not from
    every Nth row: its first bounces are all on the map."""
    from optstudio.engine.path_reduction import reduced_indices

    state = StudioState(loss="quadratic", max_steps=20_000, start=(-2.5, 1.5))
    state.add_run("gd", hyper={"lr": 0.198})
    window = make_window(state)
    qtbot.waitUntil(lambda: window.engine._settings.grid is not None, timeout=5_000)
    window.controls.play_action.trigger()
    qtbot.waitUntil(
        lambda: next(iter(window.engine.snapshots().values())).step == 20_000, timeout=20_000
    )
    snap = next(iter(window.engine.snapshots().values()))
    assert set(range(40)) <= set(snap.path_steps.tolist())
    grid = snap.grid
    assert grid is not None
    run = optstudio.simulate("quadratic", "gd", steps=20_000, lr=0.198, start=(-2.5, 1.5))
    np.testing.assert_array_equal(snap.path, run.path[reduced_indices(run.path, grid)])
    assert len(snap.path) < 2000
