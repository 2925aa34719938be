"""The drawn path keeps the true path's shape at the pixel size it is seen (no aliasing)."""

import numpy as np
import pytest

import optstudio
from optstudio.engine.path_reduction import MAX_KEPT, PathReducer, PixelGrid, reduced

GRID = PixelGrid(-3.0, 3.0, -3.0, 3.0, 800, 600)


def zigzag(steps: int) -> np.ndarray:
    """Gradient descent just under the stability bound 2/10 of the quadratic (condition 10):
    a zig-zag that striding aliased into a few triangles."""
    return optstudio.simulate(
        "quadratic", "gd", steps=steps, lr=0.198, start=(-2.5, 1.5)
    ).path.copy()


def pixels(points: np.ndarray, grid: PixelGrid) -> np.ndarray:
    dx, dy = grid.pixel
    return np.column_stack([(points[:, 0] - grid.x0) / dx, (points[:, 1] - grid.y0) / dy])


def _clipped(a: np.ndarray, b: np.ndarray, grid: PixelGrid) -> tuple[float, float] | None:
    """The part [t0, t1] of the segment a→b inside the view (Liang-Barsky), or None."""
    t0, t1 = 0.0, 1.0
    d = b - a
    for p, q in (
        (-d[0], a[0]),
        (d[0], grid.width - a[0]),
        (-d[1], a[1]),
        (d[1], grid.height - a[1]),
    ):
        if p == 0:
            if q < 0:
                return None
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
    return (t0, t1) if t0 <= t1 else None


def drawn_image(path: np.ndarray, grid: PixelGrid) -> np.ndarray:
    """The view's pixels the drawn line covers, one pixel either side (each drawn stretch
    sampled every quarter pixel inside the view): an independent rasteriser of what the map
    draws."""
    reduction = reduced(path, grid)
    points = pixels(path[reduction.rows], grid)
    samples = [points[[0] + [k for k in range(1, len(points)) if not reduction.joined[k]]]]
    for k in np.flatnonzero(reduction.joined):
        a, b = points[k - 1], points[k]
        if not (np.isfinite(a).all() and np.isfinite(b).all()):
            continue
        part = _clipped(a, b, grid)
        if part is None:
            continue
        n = int(np.ceil(np.abs(b - a).max() * (part[1] - part[0]) * 4)) + 1
        samples.append(a + np.linspace(*part, n)[:, None] * (b - a))
    cells = np.floor(np.concatenate(samples)).astype(np.int64) + 1
    image = np.zeros((grid.width + 3, grid.height + 3), dtype=bool)
    inside = (cells >= 0).all(axis=1) & (cells[:, 0] <= grid.width + 1)
    inside &= cells[:, 1] <= grid.height + 1
    cells = cells[inside]
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            image[np.clip(cells[:, 0] + dx, 0, None), np.clip(cells[:, 1] + dy, 0, None)] = True
    return image


def assert_within_a_pixel(path: np.ndarray, grid: PixelGrid) -> None:
    """Every row of the true path inside the view lies within a pixel of the drawn line."""
    cells = np.floor(pixels(path, grid)).astype(np.int64) + 1
    inside = (cells >= 1).all(axis=1) & (cells[:, 0] <= grid.width) & (cells[:, 1] <= grid.height)
    cells = cells[inside]
    assert len(cells), "the test path must cross the view"
    covered = drawn_image(path, grid)[cells[:, 0], cells[:, 1]]
    assert covered.all(), f"{np.count_nonzero(~covered)} rows of the true path are not drawn"


@pytest.mark.parametrize("zoom", [1.0, 0.1, 0.01])
def test_the_reduction_stays_within_a_pixel_at_every_zoom(zoom):
    path = zigzag(5000)
    grid = PixelGrid(-3 * zoom, 3 * zoom, -3 * zoom, 3 * zoom, 800, 600)
    reduction = reduced(path, grid)
    assert_within_a_pixel(path, grid)
    assert (np.diff(reduction.rows) > 0).all()  # rows in order: a timeline can cut the path
    assert reduction.rows[0] == 0 and reduction.rows[-1] == len(path) - 1
    assert len(reduction.rows) < len(path) / 3  # the converged end collapses into a few pixels


def test_a_long_zigzag_keeps_its_zigzag_where_striding_lost_it():
    path = zigzag(5000)
    kept = reduced(path, GRID).rows
    # the first 40 steps bounce across the valley: each one is drawn
    assert set(range(40)) <= set(kept.tolist())
    strided = np.unique(np.append(np.arange(0, 5000, 5000 // 1499), 4999))
    assert not set(range(40)) <= set(strided.tolist())


def test_a_run_of_a_million_steps_is_drawn_true_and_small():
    """Adam at a large learning rate hovers around Rosenbrock's minimum for a million steps,
    crossing the same few pixels again and again: every pixel it visits is drawn, with a few
    hundred rows instead of the tens of thousands a distance rule alone kept."""
    path = optstudio.simulate("rosenbrock", "adam", steps=1_000_000, lr=0.05).path.copy()
    grid = PixelGrid(-2.0, 2.0, -1.0, 3.0, 616, 778)
    reduction = reduced(path, grid)
    assert_within_a_pixel(path, grid)
    assert len(reduction.rows) < 2_000 < MAX_KEPT
    # where the line breaks, the stretch it skipped is already drawn: it resumes nearby
    breaks = np.flatnonzero(~reduction.joined[1:]) + 1
    assert len(breaks) < len(reduction.rows) / 2


def test_following_a_growing_run_draws_what_drawing_it_finished_draws():
    path = zigzag(6000)
    reducer = PathReducer()
    earlier = None
    for end in (10, 500, 501, 2000, 4999, 6001):
        reduction = reducer.reduce(path[:end], GRID)
        assert_within_a_pixel(path[:end], GRID)
        if earlier is not None:
            # a row drawn once stays drawn, joined as it was: the run looks the same at every
            # moment of its life
            n = len(earlier.rows) - 1
            np.testing.assert_array_equal(reduction.rows[:n], earlier.rows[:n])
            np.testing.assert_array_equal(reduction.joined[:n], earlier.joined[:n])
        earlier = reduction
    final = reduced(path, GRID)
    np.testing.assert_array_equal(final.rows, earlier.rows)
    np.testing.assert_array_equal(final.joined, earlier.joined)


def test_a_new_view_reduces_again():
    path = zigzag(3000)
    reducer = PathReducer()
    coarse = reducer.reduce(path, GRID)
    fine = reducer.reduce(path, PixelGrid(-0.3, 0.3, -0.3, 0.3, 800, 600))
    assert len(fine.rows) > len(coarse.rows)


def test_a_diverging_path_is_reduced_without_error():
    path = np.array([[0.0, 0.0], [1e300, -1e300], [np.inf, 0.0], [np.nan, np.nan], [1.0, 1.0]])
    reduction = reduced(path, GRID)
    assert reduction.rows[0] == 0 and reduction.rows[-1] == 4
