"""The drawn path keeps the true path's shape at the pixel size it is seen (no aliasing)."""

import numpy as np
import pytest

import optstudio
from optstudio.engine.path_reduction import (
    TOLERANCE_PX,
    PathReducer,
    PixelGrid,
    reduced_indices,
)

GRID = PixelGrid(-3.0, 3.0, -3.0, 3.0, 800, 600)


def zigzag(steps: int) -> np.ndarray:
    """Gradient descent just under the stability bound 2/10 of the quadratic (condition 10):
    a zig-zag that striding aliased into a few triangles."""
    return optstudio.simulate(
        "quadratic", "gd", steps=steps, lr=0.198, start=(-2.5, 1.5)
    ).path.copy()


def assert_within_a_pixel(path: np.ndarray, kept: np.ndarray, grid: PixelGrid) -> None:
    """Every dropped row lies within half a pixel of the kept row before it, so the drawn
    line is within half a pixel of the true one."""
    dx, dy = grid.pixel
    pixels = np.column_stack([(path[:, 0] - grid.x0) / dx, (path[:, 1] - grid.y0) / dy])
    kept_set = np.zeros(len(path), dtype=bool)
    kept_set[kept] = True
    assert kept_set[0] and kept_set[-1]
    assert (np.diff(kept) > 0).all()  # rows in order, so a timeline can cut the path
    last_kept = np.maximum.accumulate(np.where(kept_set, np.arange(len(path)), 0))
    dropped = ~kept_set
    gap = np.abs(pixels[dropped] - pixels[last_kept[dropped]]).max(initial=0.0)
    assert gap <= TOLERANCE_PX


@pytest.mark.parametrize("zoom", [1.0, 0.1, 0.01])
def test_the_reduction_stays_within_a_pixel_at_every_zoom(zoom):
    path = zigzag(5000)
    grid = PixelGrid(-3 * zoom, 3 * zoom, -3 * zoom, 3 * zoom, 800, 600)
    kept = reduced_indices(path, grid)
    assert_within_a_pixel(path, kept, grid)
    assert len(kept) < len(path) / 3  # the converged end collapses into a few pixels


def test_a_long_zigzag_keeps_its_zigzag_where_striding_lost_it():
    path = zigzag(5000)
    kept = reduced_indices(path, GRID)
    # the first 40 steps bounce across the valley: each one is drawn
    assert set(range(40)) <= set(kept.tolist())
    strided = np.unique(np.append(np.arange(0, 5000, 5000 // 1499), 4999))
    assert not set(range(40)) <= set(strided.tolist())


def test_following_a_growing_run_draws_what_drawing_it_finished_draws():
    path = zigzag(6000)
    reducer = PathReducer()
    earlier = None
    for end in (10, 500, 501, 2000, 4999, 6001):
        kept = reducer.indices(path[:end], GRID)
        assert_within_a_pixel(path[:end], kept, GRID)
        if earlier is not None:
            # a row drawn once stays drawn: the run looks the same at every moment
            assert set(earlier[:-1].tolist()) <= set(kept.tolist())
        earlier = kept
    np.testing.assert_array_equal(reduced_indices(path, GRID), earlier)


def test_a_new_view_reduces_again():
    path = zigzag(3000)
    reducer = PathReducer()
    coarse = reducer.indices(path, GRID)
    fine = reducer.indices(path, PixelGrid(-0.3, 0.3, -0.3, 0.3, 800, 600))
    assert len(fine) > len(coarse)
