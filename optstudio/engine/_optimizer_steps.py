"""The two-parameter optimizer step: each update rule of `_update_rules` applied to x and to y.

The state of a two-parameter run is STATE_SLOTS floats: (a_x, a_y, b_x, b_y, c_x, c_y,
shared_0, shared_1), where a, b, c are the per-coordinate state each rule documents (m, v,
max v for Adam, say) and the shared pair holds the rule's running products (beta1^t, beta2^t).
Newton is the one rule that is not element-wise: it solves with the 2x2 Hessian.
"""

import math

from numba import njit

from ._update_rules import (
    coordinate,
    initial_coordinate_state,
    initial_shared_state,
    nesterov_lookahead,
    refreshed_shared_state,
    scalars,
)

jit = njit(cache=True, nogil=True, error_model="numpy")


@jit
def point_step(optimizer_tag, x, y, gx, gy, lr, t, h, s):
    """One step of the tagged optimizer at (x, y) with gradient (gx, gy): (x, y, state)."""
    k, shared = scalars(optimizer_tag, lr, t, h, (s[6], s[7]))
    x, ax, bx, cx = coordinate(optimizer_tag, x, gx, s[0], s[2], s[4], lr, t, k, h)
    y, ay, by, cy = coordinate(optimizer_tag, y, gy, s[1], s[3], s[5], lr, t, k, h)
    return x, y, (ax, ay, bx, by, cx, cy, shared[0], shared[1])


@jit
def point_lookahead(x, y, h, s):
    """Where Nesterov's method takes its gradient: theta + beta (theta - theta_prev)."""
    return nesterov_lookahead(x, s[0], h), nesterov_lookahead(y, s[1], h)


@jit
def newton_step(x, y, gx, gy, lr, hxx, hxy, hyy, h, s):
    """Damped Newton: theta <- theta - lr (H + damping I)^-1 g.  h = (lr, damping).

    A singular matrix gives an infinite step, which the runner reports as divergence."""
    damping = h[1]
    a = hxx + damping
    d = hyy + damping
    det = a * d - hxy * hxy
    if det == 0.0:
        return math.inf, math.inf, s
    dx = (d * gx - hxy * gy) / det
    dy = (a * gy - hxy * gx) / det
    return x - lr * dx, y - lr * dy, s


def initial_state(optimizer_id: int, h, x, y, first_lr) -> list:
    """The state slots before the first step (plain Python: it runs once per run). Also for
    many runs at once: with h as columns (h[k] an array) and arrays x, y, first_lr, each slot
    is a scalar or an array, to be broadcast."""
    ax, bx, cx = initial_coordinate_state(optimizer_id, h, x, first_lr)
    ay, by, cy = initial_coordinate_state(optimizer_id, h, y, first_lr)
    return [ax, ay, bx, by, cx, cy, *initial_shared_state(optimizer_id)]


def refresh_bias_powers(optimizer_id: int, h, step: int, state) -> None:
    """Recompute beta^t after a beta changes mid-run, as torch's `beta ** step` would."""
    state[6], state[7] = refreshed_shared_state(optimizer_id, h, step, (state[6], state[7]))
