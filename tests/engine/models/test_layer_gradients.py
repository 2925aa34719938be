"""A narrow layer's weight gradient, summed in one vector expression per unit, against the
scalar loop and against numpy: the same bits as the loop, whatever the layer's shape; and the
vector transpose that turns its inputs into rows."""

from __future__ import annotations

import numpy as np
import pytest
from numba import njit

from optstudio.engine.models._layer_gradients import layer_gradient, narrow_layer_gradient
from optstudio.engine.models._network_kernels import BLOCK_ROWS, ROW_STRIDE
from optstudio.engine.models._vector_rows import VECTOR_WIDTH, transpose_tile


def _both(
    n_in: int, n_out: int, count: int, seed: int, past: float | None = None
) -> tuple[np.ndarray, ...]:
    """The gradients by the scalar loop and by the vector one, and numpy's; the columns past
    n_in of the vector's rows hold a wider layer's numbers, or `past`."""
    rng = np.random.default_rng(seed)
    d = rng.normal(size=(n_out, ROW_STRIDE))
    inputs = rng.normal(size=(count, n_in))
    by_row = rng.normal(size=(BLOCK_ROWS, n_in + 8))
    if past is not None:
        by_row[:] = past
    by_row[:count, :n_in] = inputs
    start = 3  # the layer's place in the parameter vector
    scalar = np.zeros(start + n_out * n_in + n_out)
    vector = scalar.copy()
    no_rows = np.zeros(0, dtype=np.int64)
    sums = np.empty((n_out, max(n_in, VECTOR_WIDTH) + 1))
    layer_gradient(inputs, no_rows, 0, d, start, n_in, n_out, count, scalar, sums)
    narrow_layer_gradient(by_row, no_rows, d, start, n_in, n_out, count, vector, sums)
    exact = np.concatenate(
        [(d[:, :count] @ inputs).ravel(), d[:, :count].sum(axis=1)]
    )  # numpy's own order: close, not equal
    return scalar[start:], vector[start:], exact


@pytest.mark.parametrize("n_in", range(1, VECTOR_WIDTH + 1))
@pytest.mark.parametrize(("n_out", "count"), [(1, 125), (8, 125), (3, 7), (8, 128), (5, 2)])
def test_the_vector_sums_are_the_scalar_loops_to_the_bit(n_in, n_out, count):
    scalar, vector, exact = _both(n_in, n_out, count, seed=n_in * 100 + n_out + count)
    assert np.array_equal(vector, scalar)
    np.testing.assert_allclose(vector, exact, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("past", [0.0, 1e300, np.nan, np.inf, 5e-324])
def test_what_lies_past_a_narrow_layers_inputs_changes_nothing(past):
    _, vector, _ = _both(2, 8, 125, seed=1)
    assert np.array_equal(_both(2, 8, 125, seed=1, past=past)[1], vector)


@njit
def _turn(source, column, target, row):  # pragma: no cover - jitted
    transpose_tile(source, column, target, row)


def test_a_tile_of_a_layers_values_turns_into_rows_and_touches_nothing_else():
    source = np.random.default_rng(3).normal(size=(VECTOR_WIDTH + 1, ROW_STRIDE))
    target = np.full((BLOCK_ROWS, 2 * VECTOR_WIDTH), 7.0)
    _turn(source, 16, target, 40)
    np.testing.assert_array_equal(target[40:48, :VECTOR_WIDTH], source[:VECTOR_WIDTH, 16:24].T)
    untouched = np.ones(target.shape, dtype=bool)
    untouched[40:48, :VECTOR_WIDTH] = False
    assert (target[untouched] == 7.0).all()
