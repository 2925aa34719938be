"""The network kernels' own tanh and exp against references in extended precision.

They replace the C library's functions so that the kernels' loops vectorise; they must be as
accurate (glibc's tanh is within 2 ulp) and keep every special value."""

from __future__ import annotations

import math

import numpy as np
import pytest
from numba import njit

from optstudio.engine.models._elementary import exp_nonpositive, log1p_unit, tanh


@njit
def _each(kind, values):  # pragma: no cover - jitted
    out = np.empty_like(values)
    for k in range(values.shape[0]):
        out[k] = tanh(values[k]) if kind == 0 else exp_nonpositive(values[k])
    return out


def ulps(got: np.ndarray, exact: np.ndarray) -> np.ndarray:
    """|got - exact| in units of the last place of the exact value rounded to float64."""
    rounded = exact.astype(np.float64)
    unit = np.spacing(np.abs(rounded)).astype(np.longdouble)
    return np.asarray(np.abs(got.astype(np.longdouble) - exact) / unit, dtype=np.float64)


def sample(rng: np.random.Generator) -> np.ndarray:
    return np.concatenate(
        [
            rng.uniform(-1, 1, 100_000),
            rng.uniform(-25, 25, 100_000),
            rng.normal(0, 1e-4, 10_000),
            np.ldexp(rng.uniform(0.5, 1, 10_000), rng.integers(-1074, 5, 10_000)),
        ]
    )


def test_tanh_is_within_one_and_a_half_ulp_of_extended_precision():
    values = sample(np.random.default_rng(0))
    exact = np.tanh(values.astype(np.longdouble))
    got = _each(0, values)
    assert ulps(got, exact).max() <= 1.5  # glibc: 1.2
    assert np.array_equal(_each(0, -values), -got)  # odd, to the bit


def test_exp_of_a_nonpositive_number_is_within_one_ulp_down_to_the_subnormals():
    rng = np.random.default_rng(1)
    values = -np.abs(np.concatenate([sample(rng), rng.uniform(700, 745, 10_000)]))
    got = _each(1, values)
    exact = np.exp(values.astype(np.longdouble))
    normal = exact >= np.finfo(np.float64).tiny
    assert ulps(got[normal], exact[normal]).max() <= 1.0
    # below 2^-1022 the spacing is fixed: one rounding, as the library's
    libm = np.array([math.exp(v) for v in values[~normal]])
    assert np.abs(got[~normal] - libm).max() <= np.spacing(0.0)


@pytest.mark.parametrize(
    ("value", "tanh_value"),
    [(0.0, 0.0), (-0.0, -0.0), (math.inf, 1.0), (-math.inf, -1.0), (20.0, 1.0), (5e-324, 5e-324)],
)
def test_tanh_keeps_the_special_values(value, tanh_value):
    got = _each(0, np.array([value]))[0]
    assert got == tanh_value and math.copysign(1, got) == math.copysign(1, tanh_value)


def test_special_values_pass_through_as_the_library_gives_them():
    assert math.isnan(_each(0, np.array([math.nan]))[0])
    assert math.isnan(_each(1, np.array([math.nan]))[0])
    got = _each(1, np.array([0.0, -0.0, -math.inf, -745.2, -745.1, -708.4]))
    assert got.tolist() == [math.exp(v) for v in (0.0, -0.0, -math.inf, -745.2, -745.1, -708.4)]


@njit
def _log1p_each(values):  # pragma: no cover - jitted
    out = np.empty_like(values)
    for k in range(values.shape[0]):
        out[k] = log1p_unit(values[k])
    return out


def test_log1p_of_a_number_from_zero_to_one_is_within_one_ulp_down_to_the_subnormals():
    """Binary cross-entropy's log(1 + e^-|z|) for every z: e from 1 down to the subnormals."""
    rng = np.random.default_rng(2)
    values = np.concatenate(
        [
            rng.uniform(0, 1, 200_000),
            np.exp(-rng.uniform(0, 745, 100_000)),
            np.ldexp(rng.uniform(0.5, 1, 10_000), rng.integers(-1074, 0, 10_000)),
            [0.0, 1.0, 0.5, np.nextafter(0.5, 0.0), 5e-324],
        ]
    )
    got = _log1p_each(values)
    exact = np.log1p(values.astype(np.longdouble))
    assert ulps(got, exact).max() <= 1.0  # glibc: 1
    assert got[-5] == 0.0 and math.isnan(_log1p_each(np.array([math.nan]))[0])
