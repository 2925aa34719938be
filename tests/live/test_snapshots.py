"""What the live engine hands the window: bounded, exact snapshots."""

import numpy as np

import optstudio
from optstudio.engine.runner import create_run
from optstudio.live.snapshots import (
    CURVE_POINTS,
    PATH_POINTS,
    at_step,
    decimated_indices,
    take_snapshot,
)
from optstudio.model import MAX_DISPLAY_ROWS, StudioState


def test_decimation_keeps_first_and_last_rows_within_the_limit():
    for n in (1, 10, 600, 601, 10_000, 199_999):
        index = decimated_indices(n, 600)
        assert index[0] == 0 and index[-1] == n - 1
        assert len(index) <= 600
        assert np.all(np.diff(index) > 0)


def test_a_long_studio_run_keeps_bounded_rows_and_bounded_snapshots():
    state = StudioState(loss="rosenbrock", max_steps=100_000_000)
    assert state.record_every() == 96
    run = create_run("rosenbrock", "adam", record_every=state.record_every())
    run.advance(3_000_000)
    assert len(run) == 31_251
    snap = take_snapshot(1, run, None, state.max_steps)
    assert len(snap.path) <= PATH_POINTS and len(snap.steps) <= CURVE_POINTS
    assert tuple(snap.path[-1]) == run.theta
    assert snap.step == 3_000_000 and snap.status == "running"
    assert state.max_steps // state.record_every() <= MAX_DISPLAY_ROWS


def test_a_run_of_a_million_steps_records_every_step():
    assert StudioState(max_steps=1_000_000).record_every() == 1


def test_a_snapshot_cut_at_a_step_keeps_its_path_rows_and_breaks_together():
    from optstudio.engine.path_reduction import PixelGrid, reduced

    run = optstudio.simulate("rosenbrock", "adam", steps=20_000, lr=0.05)
    grid = PixelGrid(-2.0, 2.0, -1.0, 3.0, 600, 500)
    snap = take_snapshot(1, run, None, 20_000, reduced(run.path, grid), grid)
    cut = at_step(snap, 7_000)
    rows = np.searchsorted(snap.path_steps, 7_000, side="right")
    assert cut.step == 7_000 and len(cut.path) == rows
    np.testing.assert_array_equal(cut.path_joined, snap.path_joined[:rows])
    np.testing.assert_array_equal(cut.path_loss, run.loss_values[snap.path_steps[:rows]])
    assert cut.steps[-1] <= 7_000
