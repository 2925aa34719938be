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
from optstudio.studies.landscape import MAX_DISPLAY_ROWS, LandscapeStudy


def test_decimation_keeps_first_and_last_rows_within_the_limit():
    for n in (1, 10, 600, 601, 10_000, 199_999):
        index = decimated_indices(n, 600)
        assert index[0] == 0 and index[-1] == n - 1
        assert len(index) <= 600
        assert np.all(np.diff(index) > 0)


def test_a_long_studio_run_keeps_bounded_rows_and_bounded_snapshots():
    state = LandscapeStudy(loss="rosenbrock", max_steps=100_000_000)
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
    assert LandscapeStudy(max_steps=1_000_000).record_every() == 1


def test_a_snapshot_cut_at_a_step_keeps_its_path_rows_and_breaks_together():
    from optstudio.engine.path_reduction import PixelGrid, reduced

    run = optstudio.simulate("rosenbrock", "adam", steps=20_000, lr=0.05)
    grid = PixelGrid(-2.0, 2.0, -1.0, 3.0, 600, 500)
    snap = take_snapshot(1, run, None, 20_000, reduced(run.path, grid), grid)
    cut = at_step(snap, 7_000)
    rows = np.searchsorted(snap.path_steps, 7_000, side="right")
    assert cut.step <= 7_000 and len(cut.path) <= rows
    np.testing.assert_array_equal(cut.path_joined, snap.path_joined[:rows])
    np.testing.assert_array_equal(cut.path_loss, run.loss_values[snap.path_steps[:rows]])
    assert cut.steps[-1] <= 7_000


def test_every_field_of_a_cut_snapshot_is_the_one_recorded_at_its_step():
    """The timeline's Left once showed the last step's loss, gradient norm and lr beside
    'at step 285'."""
    run = optstudio.simulate("rosenbrock", "adam", steps=500, lr=0.01)
    snap = take_snapshot(1, run, 400, 500)
    for step in (0, 1, 285, 399, 400, 499):
        cut = at_step(snap, step)
        assert cut.step == step
        assert cut.loss == run.loss_values[step]
        assert cut.grad_norm == run.grad_norm[step]
        assert cut.lr == run.lr[step]
        assert cut.theta == tuple(run.path[step])
        assert tuple(cut.path[-1]) == tuple(run.path[step])
        assert cut.steps_to_converge == (400 if step >= 400 else None)
        assert cut.progress.steps == step


def test_a_snapshot_cut_between_recorded_rows_shows_the_row_before_and_names_its_step():
    run = optstudio.simulate("rosenbrock", "adam", steps=20_000, lr=0.01)
    snap = take_snapshot(1, run, None, 20_000)
    cut = at_step(snap, 7_001)
    assert cut.step <= 7_001 and cut.step in set(snap.steps.tolist())
    assert cut.loss == run.loss_values[cut.step]
    assert cut.grad_norm == run.grad_norm[cut.step]
    assert cut.theta == tuple(run.path[cut.step])
