"""Counter-based random numbers for the kernels.

A draw is a pure function of (seed, counter, lane): the mini-batch order of epoch e and the
gradient noise of step t are the same however a run is cut into chunks, and a run can resume
from its step count alone, with no generator state to carry. The mixing function is
SplitMix64's finaliser (Steele, Lea and Flood, 2014).
"""

import math

import numpy as np
from numba import njit

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_LANE = np.uint64(0xD1B54A32D192ED03)
_S30 = np.uint64(30)
_S27 = np.uint64(27)
_S31 = np.uint64(31)
_S11 = np.uint64(11)
_TWO_POW_MINUS_53 = 1.0 / 9007199254740992.0


def kernel_seed(seed: int) -> int:
    """A seed in [0, 2**64) as the int64 with the same 64 bits: the kernels take int64, and
    `np.uint64` of it inside `uniform` gives back the same bits, so every draw is unchanged."""
    return seed - 2**64 if seed >= 2**63 else seed


@njit(cache=True, nogil=True, error_model="numpy")
def _mix(z):
    z = (z ^ (z >> _S30)) * _MIX1
    z = (z ^ (z >> _S27)) * _MIX2
    return z ^ (z >> _S31)


@njit(cache=True, nogil=True, error_model="numpy")
def uniform(seed, counter, lane):
    """A float in [0, 1) with 53 random bits."""
    z = _mix(np.uint64(seed) * _GOLDEN + np.uint64(counter))
    z = _mix(z + np.uint64(lane) * _LANE + _GOLDEN)
    return np.float64(z >> _S11) * _TWO_POW_MINUS_53


@njit(cache=True, nogil=True, error_model="numpy")
def normal_pair(seed, counter):
    """Two independent standard normal draws (Box-Muller)."""
    u1 = 1.0 - uniform(seed, counter, np.int64(0))
    u2 = uniform(seed, counter, np.int64(1))
    radius = math.sqrt(-2.0 * math.log(u1))
    return radius * math.cos(2.0 * math.pi * u2), radius * math.sin(2.0 * math.pi * u2)


@njit(cache=True, nogil=True, error_model="numpy")
def normal_lane(seed, counter, lane):
    """One standard normal draw per lane (Box-Muller on lanes 2 lane and 2 lane + 1): the
    gradient noise of a model's parameter `lane` at step `counter`."""
    u1 = 1.0 - uniform(seed, counter, 2 * lane)
    u2 = uniform(seed, counter, 2 * lane + 1)
    return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)


@njit(cache=True, nogil=True, error_model="numpy")
def shuffle_epoch(order, seed, epoch):
    """Fill `order` with the permutation of epoch `epoch` (Fisher-Yates)."""
    n = order.shape[0]
    for i in range(n):
        order[i] = i
    for i in range(n - 1, 0, -1):
        j = int(uniform(seed, epoch, i + 2) * (i + 1))
        order[i], order[j] = order[j], order[i]


def uniform_array(seed: int, counter: int, n: int) -> np.ndarray:
    """`uniform(seed, counter, lane)` for lanes 0..n-1, in numpy (the same 64-bit arithmetic,
    so the same bits), for the data sets, which are made outside the kernels."""
    with np.errstate(over="ignore"):
        base = np.array([kernel_seed(seed)], dtype=np.int64).view(np.uint64) * _GOLDEN
        z = _mix_array(base + np.uint64(counter))
        lanes = np.arange(n, dtype=np.uint64)
        z = _mix_array(z + lanes * _LANE + _GOLDEN)
    return (z >> _S11).astype(np.float64) * _TWO_POW_MINUS_53


def _mix_array(z: np.ndarray) -> np.ndarray:
    z = (z ^ (z >> _S30)) * _MIX1
    z = (z ^ (z >> _S27)) * _MIX2
    return z ^ (z >> _S31)
