"""What the engine thread hands the window: bounded, exact, decimated snapshots."""

import numpy as np

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
