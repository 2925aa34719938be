"""Jitted update steps, one per optimizer, written in torch.optim's order of operations.

Every step has the form ``step(x, y, gx, gy, lr, t, h, s) -> (x, y, s)``: the point, the
gradient there (already negated when maximizing), the learning rate of this step, the 1-based
step count t (torch's ``state["step"]`` after its increment), the hyperparameters h in the order
of the optimizer's spec, and the state s: a tuple of STATE_SLOTS floats whose layout each step
declares in its docstring. Bias corrections keep running products of beta^t in the state
(25 million Adam steps a second instead of 10 with a pow per step); they agree with torch's
``beta ** step`` to a few ulps. RAdam is the exception: its rectification amplifies those ulps,
so it takes the powers as torch does.

``lerp(a, b, w)`` is torch's CPU formula, so that ``exp_avg.lerp_(grad, 1 - beta1)`` rounds as
torch does.
"""

import math

from numba import njit

jit = njit(cache=True, nogil=True, error_model="numpy")


@jit
def lerp(start, end, weight):
    if abs(weight) < 0.5:
        return start + weight * (end - start)
    return end - (end - start) * (1.0 - weight)


@jit
def sign(v):
    if v > 0.0:
        return 1.0
    if v < 0.0:
        return -1.0
    return 0.0


@jit
def gd_step(x, y, gx, gy, lr, t, h, s):
    """theta <- theta - lr * g.  State: unused."""
    return x + -lr * gx, y + -lr * gy, s


@jit
def sgd_step(x, y, gx, gy, lr, t, h, s):
    """torch.optim.SGD.  h = (lr, momentum, dampening, nesterov, weight_decay).
    State: (buf_x, buf_y, ...)."""
    momentum, dampening, nesterov, weight_decay = h[1], h[2], h[3], h[4]
    if weight_decay != 0.0:
        gx = gx + weight_decay * x
        gy = gy + weight_decay * y
    bx, by = s[0], s[1]
    if momentum != 0.0:
        if t == 1:
            bx, by = gx, gy
        else:
            bx = bx * momentum + (1.0 - dampening) * gx
            by = by * momentum + (1.0 - dampening) * gy
        if nesterov != 0.0:
            gx = gx + momentum * bx
            gy = gy + momentum * by
        else:
            gx, gy = bx, by
    return x + -lr * gx, y + -lr * gy, (bx, by, s[2], s[3], s[4], s[5], s[6], s[7])


@jit
def momentum_step(x, y, gx, gy, lr, t, h, s):
    """Heavy ball: theta' = theta - lr g + beta (theta - theta_prev).  h = (lr, beta).
    State: (prev_x, prev_y, ...), starting at the start point."""
    beta = h[1]
    nx = x - lr * gx + beta * (x - s[0])
    ny = y - lr * gy + beta * (y - s[1])
    return nx, ny, (x, y, s[2], s[3], s[4], s[5], s[6], s[7])


@jit
def nesterov_lookahead(x, y, h, s):
    """Where Nesterov's method takes its gradient: theta + beta (theta - theta_prev)."""
    beta = h[1]
    return x + beta * (x - s[0]), y + beta * (y - s[1])


@jit
def nesterov_step(x, y, gx, gy, lr, t, h, s):
    """Nesterov's accelerated gradient: look ahead, then step with the gradient there.
    g is the gradient at the lookahead point.  State: (prev_x, prev_y, ...)."""
    lx, ly = nesterov_lookahead(x, y, h, s)
    return lx - lr * gx, ly - lr * gy, (x, y, s[2], s[3], s[4], s[5], s[6], s[7])


@jit
def adagrad_step(x, y, gx, gy, lr, t, h, s):
    """torch.optim.Adagrad.  h = (lr, lr_decay, weight_decay, initial_accumulator_value, eps).
    State: (sum_x, sum_y, ...), starting at initial_accumulator_value."""
    lr_decay, weight_decay, eps = h[1], h[2], h[4]
    if weight_decay != 0.0:
        gx = gx + weight_decay * x
        gy = gy + weight_decay * y
    clr = lr / (1.0 + (t - 1) * lr_decay)
    sx = s[0] + gx * gx
    sy = s[1] + gy * gy
    x = x + -clr * (gx / (math.sqrt(sx) + eps))
    y = y + -clr * (gy / (math.sqrt(sy) + eps))
    return x, y, (sx, sy, s[2], s[3], s[4], s[5], s[6], s[7])


@jit
def rmsprop_step(x, y, gx, gy, lr, t, h, s):
    """torch.optim.RMSprop.  h = (lr, alpha, eps, weight_decay, momentum, centered).
    State: (square_avg_x, square_avg_y, grad_avg_x, grad_avg_y, buf_x, buf_y, ...)."""
    alpha, eps, weight_decay, momentum, centered = h[1], h[2], h[3], h[4], h[5]
    if weight_decay != 0.0:
        gx = gx + weight_decay * x
        gy = gy + weight_decay * y
    qx = s[0] * alpha + (1.0 - alpha) * gx * gx
    qy = s[1] * alpha + (1.0 - alpha) * gy * gy
    ax, ay = s[2], s[3]
    if centered != 0.0:
        ax = lerp(ax, gx, 1.0 - alpha)
        ay = lerp(ay, gy, 1.0 - alpha)
        avg_x = math.sqrt(qx + -1.0 * ax * ax) + eps
        avg_y = math.sqrt(qy + -1.0 * ay * ay) + eps
    else:
        avg_x = math.sqrt(qx) + eps
        avg_y = math.sqrt(qy) + eps
    bx, by = s[4], s[5]
    if momentum > 0.0:
        bx = bx * momentum + gx / avg_x
        by = by * momentum + gy / avg_y
        x = x + -lr * bx
        y = y + -lr * by
    else:
        x = x + -lr * (gx / avg_x)
        y = y + -lr * (gy / avg_y)
    return x, y, (qx, qy, ax, ay, bx, by, s[6], s[7])


@jit
def adadelta_step(x, y, gx, gy, lr, t, h, s):
    """torch.optim.Adadelta.  h = (lr, rho, eps, weight_decay).
    State: (square_avg_x, square_avg_y, acc_delta_x, acc_delta_y, ...)."""
    rho, eps, weight_decay = h[1], h[2], h[3]
    if weight_decay != 0.0:
        gx = gx + weight_decay * x
        gy = gy + weight_decay * y
    qx = s[0] * rho + (1.0 - rho) * gx * gx
    qy = s[1] * rho + (1.0 - rho) * gy * gy
    dx = math.sqrt(s[2] + eps) / math.sqrt(qx + eps) * gx
    dy = math.sqrt(s[3] + eps) / math.sqrt(qy + eps) * gy
    ux = s[2] * rho + (1.0 - rho) * dx * dx
    uy = s[3] * rho + (1.0 - rho) * dy * dy
    return x + -lr * dx, y + -lr * dy, (qx, qy, ux, uy, s[4], s[5], s[6], s[7])


@jit
def _adam_family_step(x, y, gx, gy, lr, h, s, decoupled):
    """Adam and AdamW.  h = (lr, beta1, beta2, eps, weight_decay, amsgrad).
    State: (m_x, m_y, v_x, v_y, vmax_x, vmax_y, beta1^t, beta2^t)."""
    beta1, beta2, eps, weight_decay, amsgrad = h[1], h[2], h[3], h[4], h[5]
    if weight_decay != 0.0:
        if decoupled:
            x = x * (1.0 - lr * weight_decay)
            y = y * (1.0 - lr * weight_decay)
        else:
            gx = gx + weight_decay * x
            gy = gy + weight_decay * y
    mx = lerp(s[0], gx, 1.0 - beta1)
    my = lerp(s[1], gy, 1.0 - beta1)
    vx = s[2] * beta2 + (1.0 - beta2) * gx * gx
    vy = s[3] * beta2 + (1.0 - beta2) * gy * gy
    beta1_power = s[6] * beta1
    beta2_power = s[7] * beta2
    step_size = lr / (1.0 - beta1_power)
    bias_correction2_sqrt = math.sqrt(1.0 - beta2_power)
    wx, wy = s[4], s[5]
    if amsgrad != 0.0:
        wx = max(wx, vx)
        wy = max(wy, vy)
        denom_x = math.sqrt(wx) / bias_correction2_sqrt + eps
        denom_y = math.sqrt(wy) / bias_correction2_sqrt + eps
    else:
        denom_x = math.sqrt(vx) / bias_correction2_sqrt + eps
        denom_y = math.sqrt(vy) / bias_correction2_sqrt + eps
    x = x + -step_size * (mx / denom_x)
    y = y + -step_size * (my / denom_y)
    return x, y, (mx, my, vx, vy, wx, wy, beta1_power, beta2_power)


@jit
def adam_step(x, y, gx, gy, lr, t, h, s):
    """torch.optim.Adam (weight decay added to the gradient)."""
    return _adam_family_step(x, y, gx, gy, lr, h, s, False)


@jit
def adamw_step(x, y, gx, gy, lr, t, h, s):
    """torch.optim.AdamW (weight decay applied to the parameters, decoupled)."""
    return _adam_family_step(x, y, gx, gy, lr, h, s, True)


@jit
def adamax_step(x, y, gx, gy, lr, t, h, s):
    """torch.optim.Adamax.  h = (lr, beta1, beta2, eps, weight_decay).
    State: (m_x, m_y, u_x, u_y, beta1^t, ...)."""
    beta1, beta2, eps, weight_decay = h[1], h[2], h[3], h[4]
    if weight_decay != 0.0:
        gx = gx + weight_decay * x
        gy = gy + weight_decay * y
    mx = lerp(s[0], gx, 1.0 - beta1)
    my = lerp(s[1], gy, 1.0 - beta1)
    ux = max(s[2] * beta2, abs(gx) + eps)
    uy = max(s[3] * beta2, abs(gy) + eps)
    beta1_power = s[4] * beta1
    clr = lr / (1.0 - beta1_power)
    x = x + -clr * (mx / ux)
    y = y + -clr * (my / uy)
    return x, y, (mx, my, ux, uy, beta1_power, s[5], s[6], s[7])


@jit
def _decay_weights(x, y, gx, gy, lr, weight_decay, decoupled):
    """NAdam and RAdam: L2 penalty in the gradient, or decoupled (AdamW-style) decay."""
    if weight_decay != 0.0:
        if decoupled != 0.0:
            x = x * (1.0 - lr * weight_decay)
            y = y * (1.0 - lr * weight_decay)
        else:
            gx = gx + weight_decay * x
            gy = gy + weight_decay * y
    return x, y, gx, gy


@jit
def nadam_step(x, y, gx, gy, lr, t, h, s):
    """torch.optim.NAdam.
    h = (lr, beta1, beta2, eps, weight_decay, momentum_decay, decoupled_weight_decay).
    State: (m_x, m_y, v_x, v_y, mu_product, beta2^t, ...)."""
    beta1, beta2, eps, weight_decay, momentum_decay = h[1], h[2], h[3], h[4], h[5]
    beta2_power = s[5] * beta2
    bias_correction2 = 1.0 - beta2_power
    x, y, gx, gy = _decay_weights(x, y, gx, gy, lr, weight_decay, h[6])
    mu = beta1 * (1.0 - 0.5 * 0.96 ** (t * momentum_decay))
    mu_next = beta1 * (1.0 - 0.5 * 0.96 ** ((t + 1) * momentum_decay))
    mu_product = s[4] * mu
    mx = lerp(s[0], gx, 1.0 - beta1)
    my = lerp(s[1], gy, 1.0 - beta1)
    vx = s[2] * beta2 + (1.0 - beta2) * gx * gx
    vy = s[3] * beta2 + (1.0 - beta2) * gy * gy
    denom_x = math.sqrt(vx / bias_correction2) + eps
    denom_y = math.sqrt(vy / bias_correction2) + eps
    mu_product_next = mu_product * mu_next
    grad_coefficient = -lr * (1.0 - mu) / (1.0 - mu_product)
    momentum_coefficient = (-lr * mu_next) / (1.0 - mu_product_next)
    x = x + grad_coefficient * (gx / denom_x)
    y = y + grad_coefficient * (gy / denom_y)
    x = x + momentum_coefficient * (mx / denom_x)
    y = y + momentum_coefficient * (my / denom_y)
    return x, y, (mx, my, vx, vy, mu_product, beta2_power, s[6], s[7])


@jit
def radam_step(x, y, gx, gy, lr, t, h, s):
    """torch.optim.RAdam.  h = (lr, beta1, beta2, eps, weight_decay, decoupled_weight_decay).
    State: (m_x, m_y, v_x, v_y, beta1^t, beta2^t, ...)."""
    beta1, beta2, eps, weight_decay = h[1], h[2], h[3], h[4]
    x, y, gx, gy = _decay_weights(x, y, gx, gy, lr, weight_decay, h[5])
    mx = lerp(s[0], gx, 1.0 - beta1)
    my = lerp(s[1], gy, 1.0 - beta1)
    vx = s[2] * beta2 + (1.0 - beta2) * gx * gx
    vy = s[3] * beta2 + (1.0 - beta2) * gy * gy
    # beta2**t as torch computes it (`beta2 ** step`), not as a running product: the
    # rectification below subtracts two nearly equal numbers, which turned the product's ulp
    # into a 5e-10 difference from torch at lr 1.6 with clipping. beta1**t only divides, so
    # its running product stays (an ulp stays an ulp).
    beta1_power = s[4] * beta1
    beta2_power = math.pow(beta2, float(t))
    bias_correction1 = 1.0 - beta1_power
    bias_correction2 = 1.0 - beta2_power
    corrected_x = mx / bias_correction1
    corrected_y = my / bias_correction1
    rho_inf = 2.0 / (1.0 - beta2) - 1.0
    rho_t = rho_inf - 2.0 * t * beta2_power / bias_correction2
    if rho_t > 5.0:
        rect = math.sqrt(
            (rho_t - 4.0) * (rho_t - 2.0) * rho_inf / ((rho_inf - 4.0) * (rho_inf - 2.0) * rho_t)
        )
        adaptive_x = math.sqrt(bias_correction2) / (math.sqrt(vx) + eps)
        adaptive_y = math.sqrt(bias_correction2) / (math.sqrt(vy) + eps)
        x = x + -1.0 * (corrected_x * lr * adaptive_x * rect)
        y = y + -1.0 * (corrected_y * lr * adaptive_y * rect)
    else:
        x = x + -1.0 * (corrected_x * lr)
        y = y + -1.0 * (corrected_y * lr)
    return x, y, (mx, my, vx, vy, beta1_power, beta2_power, s[6], s[7])


@jit
def _rprop_axis(g, prev, step_size, eta_minus, eta_plus, step_min, step_max):
    product = g * prev
    factor = eta_plus if product > 0.0 else (eta_minus if product < 0.0 else 1.0)
    step_size = min(max(step_size * factor, step_min), step_max)
    if factor == eta_minus:
        g = 0.0
    return -1.0 * (sign(g) * step_size), g, step_size


@jit
def rprop_step(x, y, gx, gy, lr, t, h, s):
    """torch.optim.Rprop.  h = (lr, eta_minus, eta_plus, step_min, step_max).
    State: (prev_x, prev_y, step_size_x, step_size_y, ...), step sizes starting at lr."""
    eta_minus, eta_plus, step_min, step_max = h[1], h[2], h[3], h[4]
    dx, px, kx = _rprop_axis(gx, s[0], s[2], eta_minus, eta_plus, step_min, step_max)
    dy, py, ky = _rprop_axis(gy, s[1], s[3], eta_minus, eta_plus, step_min, step_max)
    return x + dx, y + dy, (px, py, kx, ky, s[4], s[5], s[6], s[7])


@jit
def lion_step(x, y, gx, gy, lr, t, h, s):
    """optax.lion.  h = (lr, beta1, beta2, weight_decay).  State: (m_x, m_y, ...)."""
    beta1, beta2, weight_decay = h[1], h[2], h[3]
    ux = sign((1.0 - beta1) * gx + beta1 * s[0]) + weight_decay * x
    uy = sign((1.0 - beta1) * gy + beta1 * s[1]) + weight_decay * y
    mx = (1.0 - beta2) * gx + beta2 * s[0]
    my = (1.0 - beta2) * gy + beta2 * s[1]
    return x + -lr * ux, y + -lr * uy, (mx, my, s[2], s[3], s[4], s[5], s[6], s[7])


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
    from ._ids import ADAGRAD, ADAM, ADAMAX, ADAMW, MOMENTUM, NADAM, NESTEROV, RADAM, RPROP

    s = [0.0] * 8
    if optimizer_id in (MOMENTUM, NESTEROV):
        s[0], s[1] = x, y
    elif optimizer_id == ADAGRAD:
        s[0] = s[1] = h[3] * 1.0
    elif optimizer_id in (ADAM, ADAMW):
        s[6] = s[7] = 1.0
    elif optimizer_id in (ADAMAX, NADAM, RADAM):
        s[4] = s[5] = 1.0
    elif optimizer_id == RPROP:
        s[2] = s[3] = first_lr
    return s


def refresh_bias_powers(optimizer_id: int, h, step: int, state) -> None:
    """Recompute beta^t after a beta changes mid-run, as torch's `beta ** step` would."""
    from ._ids import ADAM, ADAMAX, ADAMW, NADAM, RADAM

    beta1, beta2 = float(h[1]) if len(h) > 1 else 0.0, float(h[2]) if len(h) > 2 else 0.0
    if optimizer_id in (ADAM, ADAMW):
        state[6], state[7] = beta1**step, beta2**step
    elif optimizer_id == ADAMAX:
        state[4] = beta1**step
    elif optimizer_id == NADAM:
        state[5] = beta2**step
    elif optimizer_id == RADAM:
        state[4], state[5] = beta1**step, beta2**step
