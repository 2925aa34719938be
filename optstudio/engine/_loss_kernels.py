"""Jitted loss values, analytic gradients and Hessians, selected by loss id.

Every analytic loss is one function returning ``(f, df/dx, df/dy)`` and one returning the
Hessian ``(d2f/dx2, d2f/dxdy, d2f/dy2)``; `p` holds the loss's kernel parameters (see
`losses.py`). Data losses are means over the samples ``(a_i, b_i, t_i)`` of a per-sample loss of
``z_i = x*a_i + y*b_i``, so that linear and logistic regression share one loop.
"""

import math

import numpy as np
from numba import njit

from . import _cache_guard  # noqa: F401  (clears a stale kernel cache before numba reads it)
from ._formula_kernels import formula, formula_hessian
from ._ids import (
    ACKLEY,
    BEALE,
    BOOTH,
    CUSTOM,
    GOLDSTEIN_PRICE,
    HIMMELBLAU,
    LINREG,
    MATYAS,
    QUADRATIC,
    RASTRIGIN,
    ROSENBROCK,
    SADDLE,
    SIX_HUMP_CAMEL,
    STYBLINSKI_TANG,
    THREE_HUMP_CAMEL,
)

TWO_PI = 2.0 * math.pi

jit = njit(cache=True, nogil=True, error_model="numpy")


@jit
def quadratic(p, x, y):
    """f = (kappa*u^2 + v^2)/2 with (u, v) the point rotated by the angle; p = (kappa, cos, sin)."""
    kappa, c, s = p[0], p[1], p[2]
    u = c * x + s * y
    v = -s * x + c * y
    return 0.5 * (kappa * u * u + v * v), kappa * u * c - v * s, kappa * u * s + v * c


@jit
def quadratic_hessian(p, x, y):
    kappa, c, s = p[0], p[1], p[2]
    return kappa * c * c + s * s, (kappa - 1.0) * c * s, kappa * s * s + c * c


@jit
def rosenbrock(p, x, y):
    """f = (a - x)^2 + b (y - x^2)^2; p = (a, b)."""
    a, b = p[0], p[1]
    r = y - x * x
    return (a - x) ** 2 + b * r * r, -2.0 * (a - x) - 4.0 * b * x * r, 2.0 * b * r


@jit
def rosenbrock_hessian(p, x, y):
    b = p[1]
    return 2.0 - 4.0 * b * y + 12.0 * b * x * x, -4.0 * b * x, 2.0 * b


@jit
def _beale_terms(x, y):
    """y^2, y^3 and Beale's three squared terms, which its gradient and Hessian both read."""
    y2 = y * y
    y3 = y2 * y
    return y2, y3, 1.5 - x + x * y, 2.25 - x + x * y2, 2.625 - x + x * y3


@jit
def beale(p, x, y):
    """f = (1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2."""
    y2, y3, t1, t2, t3 = _beale_terms(x, y)
    gx = 2.0 * (t1 * (y - 1.0) + t2 * (y2 - 1.0) + t3 * (y3 - 1.0))
    gy = 2.0 * (t1 * x + t2 * 2.0 * x * y + t3 * 3.0 * x * y2)
    return t1 * t1 + t2 * t2 + t3 * t3, gx, gy


@jit
def beale_hessian(p, x, y):
    y2, y3, t1, t2, t3 = _beale_terms(x, y)
    hxx = 2.0 * ((y - 1.0) ** 2 + (y2 - 1.0) ** 2 + (y3 - 1.0) ** 2)
    hxy = 2.0 * (
        (y - 1.0) * x
        + t1
        + (y2 - 1.0) * 2.0 * x * y
        + 2.0 * y * t2
        + (y3 - 1.0) * 3.0 * x * y2
        + 3.0 * y2 * t3
    )
    hyy = 2.0 * (x * x + 4.0 * x * x * y2 + 9.0 * x * x * y2 * y2 + 2.0 * x * t2 + 6.0 * x * y * t3)
    return hxx, hxy, hyy


@jit
def himmelblau(p, x, y):
    """f = (x^2 + y - 11)^2 + (x + y^2 - 7)^2."""
    a = x * x + y - 11.0
    b = x + y * y - 7.0
    return a * a + b * b, 4.0 * x * a + 2.0 * b, 2.0 * a + 4.0 * y * b


@jit
def himmelblau_hessian(p, x, y):
    return 12.0 * x * x + 4.0 * y - 42.0, 4.0 * (x + y), 12.0 * y * y + 4.0 * x - 26.0


@jit
def booth(p, x, y):
    """f = (x + 2y - 7)^2 + (2x + y - 5)^2."""
    a = x + 2.0 * y - 7.0
    b = 2.0 * x + y - 5.0
    return a * a + b * b, 2.0 * a + 4.0 * b, 4.0 * a + 2.0 * b


@jit
def matyas(p, x, y):
    """f = 0.26 (x^2 + y^2) - 0.48 xy."""
    return 0.26 * (x * x + y * y) - 0.48 * x * y, 0.52 * x - 0.48 * y, 0.52 * y - 0.48 * x


@jit
def three_hump_camel(p, x, y):
    """f = 2x^2 - 1.05x^4 + x^6/6 + xy + y^2."""
    x2 = x * x
    f = 2.0 * x2 - 1.05 * x2 * x2 + x2 * x2 * x2 / 6.0 + x * y + y * y
    return f, 4.0 * x - 4.2 * x2 * x + x2 * x2 * x + y, x + 2.0 * y


@jit
def six_hump_camel(p, x, y):
    """f = (4 - 2.1x^2 + x^4/3) x^2 + xy + (-4 + 4y^2) y^2."""
    x2 = x * x
    y2 = y * y
    f = (4.0 - 2.1 * x2 + x2 * x2 / 3.0) * x2 + x * y + (-4.0 + 4.0 * y2) * y2
    return f, 8.0 * x - 8.4 * x2 * x + 2.0 * x2 * x2 * x + y, x - 8.0 * y + 16.0 * y2 * y


@jit
def _goldstein_price_factors(x, y):
    """f = A(u) B(d) with u = x + y and d = 2x - 3y; returns A, A', A'', B, B', B''."""
    u = x + y
    s = u + 1.0
    pu = 19.0 - 14.0 * u + 3.0 * u * u
    dpu = -14.0 + 6.0 * u
    a = 1.0 + s * s * pu
    da = 2.0 * s * pu + s * s * dpu
    dda = 2.0 * pu + 4.0 * s * dpu + 6.0 * s * s
    d = 2.0 * x - 3.0 * y
    q = 18.0 - 16.0 * d + 3.0 * d * d
    dq = -16.0 + 6.0 * d
    b = 30.0 + d * d * q
    db = 2.0 * d * q + d * d * dq
    ddb = 2.0 * q + 4.0 * d * dq + 6.0 * d * d
    return a, da, dda, b, db, ddb


@jit
def goldstein_price(p, x, y):
    """f = [1 + (x+y+1)^2 (19 - 14x + 3x^2 - 14y + 6xy + 3y^2)]
    * [30 + (2x-3y)^2 (18 - 32x + 12x^2 + 48y - 36xy + 27y^2)]."""
    a, da, _, b, db, _ = _goldstein_price_factors(x, y)
    return a * b, da * b + 2.0 * a * db, da * b - 3.0 * a * db


@jit
def goldstein_price_hessian(p, x, y):
    a, da, dda, b, db, ddb = _goldstein_price_factors(x, y)
    hxx = dda * b + 4.0 * da * db + 4.0 * a * ddb
    hxy = dda * b - da * db - 6.0 * a * ddb
    hyy = dda * b - 6.0 * da * db + 9.0 * a * ddb
    return hxx, hxy, hyy


@jit
def rastrigin(p, x, y):
    """f = 2A + x^2 - A cos(2 pi x) + y^2 - A cos(2 pi y); p = (A,)."""
    amp = p[0]
    f = 2.0 * amp + x * x - amp * math.cos(TWO_PI * x) + y * y - amp * math.cos(TWO_PI * y)
    gx = 2.0 * x + TWO_PI * amp * math.sin(TWO_PI * x)
    gy = 2.0 * y + TWO_PI * amp * math.sin(TWO_PI * y)
    return f, gx, gy


@jit
def rastrigin_hessian(p, x, y):
    amp = p[0]
    k = TWO_PI * TWO_PI * amp
    return 2.0 + k * math.cos(TWO_PI * x), 0.0, 2.0 + k * math.cos(TWO_PI * y)


@jit
def ackley(p, x, y):
    """f = -a exp(-b sqrt((x^2+y^2)/2)) - exp((cos cx + cos cy)/2) + a + e; p = (a, b, c).

    The cone at the origin has no gradient; the kernel uses 0 there (a subgradient).
    """
    a, b, c = p[0], p[1], p[2]
    r = math.sqrt(0.5 * (x * x + y * y))
    e1 = math.exp(-b * r)
    e2 = math.exp(0.5 * (math.cos(c * x) + math.cos(c * y)))
    f = -a * e1 - e2 + a + math.e
    k = 0.5 * a * b * e1 / r if r > 0.0 else 0.0
    gx = k * x + 0.5 * c * e2 * math.sin(c * x)
    gy = k * y + 0.5 * c * e2 * math.sin(c * y)
    return f, gx, gy


@jit
def ackley_hessian(p, x, y):
    a, b, c = p[0], p[1], p[2]
    r = math.sqrt(0.5 * (x * x + y * y))
    e1 = math.exp(-b * r)
    e2 = math.exp(0.5 * (math.cos(c * x) + math.cos(c * y)))
    hxx = 0.5 * c * c * e2 * (math.cos(c * x) - 0.5 * math.sin(c * x) ** 2)
    hyy = 0.5 * c * c * e2 * (math.cos(c * y) - 0.5 * math.sin(c * y) ** 2)
    hxy = -0.25 * c * c * e2 * math.sin(c * x) * math.sin(c * y)
    if r > 0.0:
        k = 0.5 * a * b * e1
        radial = -0.5 * b / (r * r) - 0.5 / (r * r * r)
        hxx += k * (1.0 / r + radial * x * x)
        hyy += k * (1.0 / r + radial * y * y)
        hxy += k * radial * x * y
    return hxx, hxy, hyy


@jit
def styblinski_tang(p, x, y):
    """f = (x^4 - 16x^2 + 5x + y^4 - 16y^2 + 5y) / 2."""
    f = 0.5 * (x**4 - 16.0 * x * x + 5.0 * x + y**4 - 16.0 * y * y + 5.0 * y)
    return f, 2.0 * x**3 - 16.0 * x + 2.5, 2.0 * y**3 - 16.0 * y + 2.5


@jit
def saddle(p, x, y):
    """f = x^2 - y^2: a saddle at the origin, unbounded below along y."""
    return x * x - y * y, 2.0 * x, -2.0 * y


def _builtin_value_grad(loss_id, p, x, y):
    """Value and gradient of a built-in analytic loss (not a typed formula)."""
    if loss_id == ROSENBROCK:
        return rosenbrock(p, x, y)
    if loss_id == QUADRATIC:
        return quadratic(p, x, y)
    if loss_id == BEALE:
        return beale(p, x, y)
    if loss_id == HIMMELBLAU:
        return himmelblau(p, x, y)
    if loss_id == BOOTH:
        return booth(p, x, y)
    if loss_id == MATYAS:
        return matyas(p, x, y)
    if loss_id == THREE_HUMP_CAMEL:
        return three_hump_camel(p, x, y)
    if loss_id == SIX_HUMP_CAMEL:
        return six_hump_camel(p, x, y)
    if loss_id == GOLDSTEIN_PRICE:
        return goldstein_price(p, x, y)
    if loss_id == RASTRIGIN:
        return rastrigin(p, x, y)
    if loss_id == ACKLEY:
        return ackley(p, x, y)
    if loss_id == STYBLINSKI_TANG:
        return styblinski_tang(p, x, y)
    if loss_id == SADDLE:
        return saddle(p, x, y)
    return math.nan, math.nan, math.nan


# The step loop calls this copy: inlined into the loop, the loss dispatch and the small loss
# functions behind it compile to straight-line code (a call per step would cost 3x). A typed
# formula is not among them: its stack machine inlined into the same loop made every loss's
# steps 2.3 times slower, so formulas have a loop of their own (`_kernel.loss_tag`).
builtin_value_grad_inline = njit(cache=True, nogil=True, error_model="numpy", inline="always")(
    _builtin_value_grad
)


@jit
def analytic_value_grad(loss_id, p, x, y):
    """Value and gradient of an analytic loss: a built-in or a typed formula."""
    if loss_id == CUSTOM:
        return formula(p, x, y)
    return builtin_value_grad_inline(loss_id, p, x, y)


@njit(cache=True, nogil=True, error_model="numpy", inline="always")
def builtin_hessian(loss_id, p, x, y):
    """Hessian (xx, xy, yy) of a built-in analytic loss (not a typed formula), inlined where
    it is called, as `builtin_value_grad_inline` is: Newton's steps ran at half speed with
    a call."""
    if loss_id == ROSENBROCK:
        return rosenbrock_hessian(p, x, y)
    if loss_id == QUADRATIC:
        return quadratic_hessian(p, x, y)
    if loss_id == BEALE:
        return beale_hessian(p, x, y)
    if loss_id == HIMMELBLAU:
        return himmelblau_hessian(p, x, y)
    if loss_id == BOOTH:
        return 10.0, 8.0, 10.0
    if loss_id == MATYAS:
        return 0.52, -0.48, 0.52
    if loss_id == THREE_HUMP_CAMEL:
        return 4.0 - 12.6 * x * x + 5.0 * x**4, 1.0, 2.0
    if loss_id == SIX_HUMP_CAMEL:
        return 8.0 - 25.2 * x * x + 10.0 * x**4, 1.0, -8.0 + 48.0 * y * y
    if loss_id == GOLDSTEIN_PRICE:
        return goldstein_price_hessian(p, x, y)
    if loss_id == RASTRIGIN:
        return rastrigin_hessian(p, x, y)
    if loss_id == ACKLEY:
        return ackley_hessian(p, x, y)
    if loss_id == STYBLINSKI_TANG:
        return 6.0 * x * x - 16.0, 0.0, 6.0 * y * y - 16.0
    if loss_id == SADDLE:
        return 2.0, 0.0, -2.0
    return math.nan, math.nan, math.nan


@jit
def analytic_hessian(loss_id, p, x, y):
    """Hessian (xx, xy, yy) of an analytic loss: a built-in or a typed formula."""
    if loss_id == CUSTOM:
        return formula_hessian(p, x, y)
    return builtin_hessian(loss_id, p, x, y)


@jit
def _sample_terms(loss_id, z, target):
    """Per-sample loss of the model output z, and its first and second derivative in z.

    linreg: (z - t)^2.  logreg: softplus(z) - t z, the binary cross-entropy of sigmoid(z),
    written so that it neither overflows nor loses precision for large |z|.
    """
    if loss_id == LINREG:
        r = z - target
        return r * r, 2.0 * r, 2.0
    softplus = max(z, 0.0) + math.log1p(math.exp(-abs(z)))
    if z >= 0.0:
        sigmoid = 1.0 / (1.0 + math.exp(-z))
    else:
        ez = math.exp(z)
        sigmoid = ez / (1.0 + ez)
    return softplus - target * z, sigmoid - target, sigmoid * (1.0 - sigmoid)


@jit
def _sample_at(loss_id, data, order, k, x, y):
    """Sample order[k] (sample k where order is empty): its inputs a and b, and its loss and
    the loss's first and second derivative in z = x a + y b."""
    i = order[k] if order.shape[0] > 0 else k
    a = data[i, 0]
    b = data[i, 1]
    value, dz, d2 = _sample_terms(loss_id, x * a + y * b, data[i, 2])
    return a, b, value, dz, d2


@jit
def data_value_grad(loss_id, data, order, start, count, x, y):
    """Mean loss and gradient over samples order[start:start+count] (all samples when
    order is empty)."""
    f = 0.0
    gx = 0.0
    gy = 0.0
    for k in range(start, start + count):
        a, b, value, dz, _ = _sample_at(loss_id, data, order, k, x, y)
        f += value
        gx += dz * a
        gy += dz * b
    return f / count, gx / count, gy / count


@jit
def data_hessian(loss_id, data, order, start, count, x, y):
    hxx = 0.0
    hxy = 0.0
    hyy = 0.0
    for k in range(start, start + count):
        a, b, _, _, d2 = _sample_at(loss_id, data, order, k, x, y)
        hxx += d2 * a * a
        hxy += d2 * a * b
        hyy += d2 * b * b
    return hxx / count, hxy / count, hyy / count


NO_ORDER = np.zeros(0, dtype=np.int64)


@jit
def value_grad(loss_id, p, data, x, y):
    """The full objective at (x, y): every sample of a data loss, no gradient noise."""
    if data.shape[0] > 0:
        return data_value_grad(loss_id, data, NO_ORDER, np.int64(0), data.shape[0], x, y)
    return analytic_value_grad(loss_id, p, x, y)


@jit
def evaluate_grid(loss_id, p, data, xs, ys, out):
    """Loss values on the grid out[j, i] = f(xs[i], ys[j]), for the landscape map."""
    for j in range(ys.shape[0]):
        for i in range(xs.shape[0]):
            out[j, i] = value_grad(loss_id, p, data, xs[i], ys[j])[0]
