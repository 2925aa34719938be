"""Each optimizer's update rule, written once, for one coordinate, in torch.optim's order.

A rule is two jitted functions:

- ``<name>_scalars(lr, t, h, shared) -> (k, shared)``: what one step computes once for every
  coordinate (bias corrections, NAdam's momentum coefficients, RAdam's rectification), from the
  step's learning rate, the 1-based step count t (torch's ``state["step"]`` after its
  increment), the hyperparameters h in the order of the optimizer's spec and the two shared
  state floats (running products of beta^t). k is four floats; unused ones are 0.
- ``<name>_coordinate(p, g, a, b, c, lr, t, k, h) -> (p, a, b, c)``: one coordinate p with the
  gradient g that drives the step (already noised, clipped and negated for maximize), and
  that coordinate's three state floats a, b, c (momentum, second moment, ...; each rule says
  which).

The two-parameter kernel calls a coordinate rule for x and for y, the sweep kernel calls that
kernel, and the model kernel calls it for every parameter of a network, so the three agree
bit for bit and a rule is fixed in one place. `scalars` and `coordinate` dispatch on the
optimizer tag (see `_kernel.optimizer_tag`), a compile-time constant, so each compiled loop
holds only its own rule.

Bias corrections keep running products of beta^t in the shared floats (25 million Adam steps a
second instead of 10 with a pow per step); they agree with torch's ``beta ** step`` to a few
ulps. RAdam is the exception: its rectification amplifies those ulps, so it takes the power as
torch does. ``lerp(a, b, w)`` is torch's CPU formula, so that ``exp_avg.lerp_(grad, 1 - beta1)``
rounds as torch does.
"""

import math

from numba import njit

from ._ids import (
    ADADELTA,
    ADAGRAD,
    ADAM,
    ADAMAX,
    ADAMW,
    GD,
    LION,
    MOMENTUM,
    NADAM,
    NESTEROV,
    RADAM,
    RMSPROP,
    RPROP,
    SGD,
)

jit = njit(cache=True, nogil=True, error_model="numpy")
NO_SCALARS = (0.0, 0.0, 0.0, 0.0)


@jit
def rule_hyperparams(h):
    """The hyperparameters array h as a tuple of eight floats (h[0] to h[7], the most an
    element-wise rule reads; 0 past its end), for a kernel to read once before its loops and
    hand to `scalars` and `coordinate`. Read from the array, they may be read again for every
    coordinate: the compiler cannot tell that the loop's stores leave the array alone, and
    keeps each rule's branches on them in the loop. In a loop written alone, Adam on 2,410
    parameters took 46 us a step from the array and 12 us from the tuple; in the network
    kernel, whose passes dominate a step, the difference was within the noise."""
    n = h.shape[0]
    return (
        h[0] if n > 0 else 0.0,
        h[1] if n > 1 else 0.0,
        h[2] if n > 2 else 0.0,
        h[3] if n > 3 else 0.0,
        h[4] if n > 4 else 0.0,
        h[5] if n > 5 else 0.0,
        h[6] if n > 6 else 0.0,
        h[7] if n > 7 else 0.0,
    )


@jit
def lerp(start, end, weight):
    """torch's CPU lerp: start + weight (end - start) for |weight| < 0.5, else
    end - (end - start) (1 - weight), written as base + coefficient (end - start) with
    coefficient weight - 1 = -(1 - weight) (both negations and both roundings are exact, so
    the bits are torch's). The weight is the same every step; as one expression the
    compiler picks the base and coefficient without a branch in each coordinate, which made
    Adamax's loop a fifth faster than the two returns did."""
    small = abs(weight) < 0.5
    base = start if small else end
    coefficient = weight if small else weight - 1.0
    return base + coefficient * (end - start)


@jit
def sign(v):
    if v > 0.0:
        return 1.0
    if v < 0.0:
        return -1.0
    return 0.0


@jit
def gd_coordinate(p, g, a, b, c, lr, t, k, h):
    """p <- p - lr g."""
    return p + -lr * g, a, b, c


@jit
def sgd_coordinate(p, g, a, b, c, lr, t, k, h):
    """torch.optim.SGD.  h = (lr, momentum, dampening, nesterov, weight_decay).  a: buf."""
    momentum, dampening, nesterov, weight_decay = h[1], h[2], h[3], h[4]
    if weight_decay != 0.0:
        g = g + weight_decay * p
    if momentum != 0.0:
        a = g if t == 1 else a * momentum + (1.0 - dampening) * g
        g = g + momentum * a if nesterov != 0.0 else a
    return p + -lr * g, a, b, c


@jit
def momentum_coordinate(p, g, a, b, c, lr, t, k, h):
    """Heavy ball: p' = p - lr g + beta (p - p_prev).  h = (lr, beta).  a: p_prev, starting
    at the start point."""
    return p - lr * g + h[1] * (p - a), p, b, c


@jit
def nesterov_lookahead(p, a, h):
    """Where Nesterov's method takes its gradient: p + beta (p - p_prev)."""
    return p + h[1] * (p - a)


@jit
def nesterov_coordinate(p, g, a, b, c, lr, t, k, h):
    """Nesterov's accelerated gradient: look ahead, then step with the gradient g taken
    there.  h = (lr, beta).  a: p_prev."""
    return nesterov_lookahead(p, a, h) - lr * g, p, b, c


@jit
def adagrad_scalars(lr, t, h, shared):
    """h = (lr, lr_decay, weight_decay, initial_accumulator_value, eps).  k0: the decayed lr."""
    return (lr / (1.0 + (t - 1) * h[1]), 0.0, 0.0, 0.0), shared


@jit
def adagrad_coordinate(p, g, a, b, c, lr, t, k, h):
    """torch.optim.Adagrad.  a: the sum of squares, starting at initial_accumulator_value."""
    weight_decay, eps = h[2], h[4]
    if weight_decay != 0.0:
        g = g + weight_decay * p
    a = a + g * g
    return p + -k[0] * (g / (math.sqrt(a) + eps)), a, b, c


@jit
def rmsprop_coordinate(p, g, a, b, c, lr, t, k, h):
    """torch.optim.RMSprop.  h = (lr, alpha, eps, weight_decay, momentum, centered).
    a: square_avg, b: grad_avg, c: momentum buffer."""
    alpha, eps, weight_decay, momentum, centered = h[1], h[2], h[3], h[4], h[5]
    if weight_decay != 0.0:
        g = g + weight_decay * p
    a = a * alpha + (1.0 - alpha) * g * g
    if centered != 0.0:
        b = lerp(b, g, 1.0 - alpha)
        avg = math.sqrt(a + -1.0 * b * b) + eps
    else:
        avg = math.sqrt(a) + eps
    if momentum > 0.0:
        c = c * momentum + g / avg
        return p + -lr * c, a, b, c
    return p + -lr * (g / avg), a, b, c


@jit
def adadelta_coordinate(p, g, a, b, c, lr, t, k, h):
    """torch.optim.Adadelta.  h = (lr, rho, eps, weight_decay).  a: square_avg,
    b: acc_delta."""
    rho, eps, weight_decay = h[1], h[2], h[3]
    if weight_decay != 0.0:
        g = g + weight_decay * p
    a = a * rho + (1.0 - rho) * g * g
    delta = math.sqrt(b + eps) / math.sqrt(a + eps) * g
    b = b * rho + (1.0 - rho) * delta * delta
    return p + -lr * delta, a, b, c


@jit
def _decayed_moments(p, g, a, b, lr, h, decoupled):
    """The Adam family's start (Adam, AdamW, NAdam, RAdam; h = (lr, beta1, beta2, eps,
    weight_decay, ...)): weight decay added to the gradient (L2), or applied to the parameter
    (decoupled, AdamW's), then the moments m <- lerp(m, g, 1 - beta1) and
    v <- beta2 v + (1 - beta2) g^2."""
    beta1, beta2, weight_decay = h[1], h[2], h[4]
    if weight_decay != 0.0:
        if decoupled != 0.0:
            p = p * (1.0 - lr * weight_decay)
        else:
            g = g + weight_decay * p
    return p, g, lerp(a, g, 1.0 - beta1), b * beta2 + (1.0 - beta2) * g * g


@jit
def adam_scalars(lr, t, h, shared):
    """Adam and AdamW.  h = (lr, beta1, beta2, eps, weight_decay, amsgrad).
    shared: (beta1^t, beta2^t).  k0: lr / (1 - beta1^t), k1: sqrt(1 - beta2^t)."""
    beta1_power = shared[0] * h[1]
    beta2_power = shared[1] * h[2]
    step_size = lr / (1.0 - beta1_power)
    return (step_size, math.sqrt(1.0 - beta2_power), 0.0, 0.0), (beta1_power, beta2_power)


@jit
def _adam_family_coordinate(p, g, a, b, c, lr, k, h, decoupled):
    """a: m, b: v, c: max v (amsgrad)."""
    eps, amsgrad = h[3], h[5]
    p, g, a, b = _decayed_moments(p, g, a, b, lr, h, decoupled)
    if amsgrad != 0.0:
        c = max(c, b)
        denom = math.sqrt(c) / k[1] + eps
    else:
        denom = math.sqrt(b) / k[1] + eps
    return p + -k[0] * (a / denom), a, b, c


@jit
def adam_coordinate(p, g, a, b, c, lr, t, k, h):
    """torch.optim.Adam (weight decay added to the gradient)."""
    return _adam_family_coordinate(p, g, a, b, c, lr, k, h, False)


@jit
def adamw_coordinate(p, g, a, b, c, lr, t, k, h):
    """torch.optim.AdamW (weight decay applied to the parameters, decoupled)."""
    return _adam_family_coordinate(p, g, a, b, c, lr, k, h, True)


@jit
def adamax_scalars(lr, t, h, shared):
    """h = (lr, beta1, beta2, eps, weight_decay).  shared: (beta1^t, -).
    k0: lr / (1 - beta1^t)."""
    beta1_power = shared[0] * h[1]
    return (lr / (1.0 - beta1_power), 0.0, 0.0, 0.0), (beta1_power, shared[1])


@jit
def adamax_coordinate(p, g, a, b, c, lr, t, k, h):
    """torch.optim.Adamax.  a: m, b: u (the infinity norm)."""
    beta1, beta2, eps, weight_decay = h[1], h[2], h[3], h[4]
    if weight_decay != 0.0:
        g = g + weight_decay * p
    a = lerp(a, g, 1.0 - beta1)
    b = max(b * beta2, abs(g) + eps)
    return p + -k[0] * (a / b), a, b, c


@jit
def nadam_scalars(lr, t, h, shared):
    """h = (lr, beta1, beta2, eps, weight_decay, momentum_decay, decoupled_weight_decay).
    shared: (mu_1 ... mu_t, beta2^t).  k = (1 - beta2^t, gradient coefficient, momentum
    coefficient)."""
    beta1, beta2, momentum_decay = h[1], h[2], h[5]
    beta2_power = shared[1] * beta2
    bias_correction2 = 1.0 - beta2_power
    mu = beta1 * (1.0 - 0.5 * 0.96 ** (t * momentum_decay))
    mu_next = beta1 * (1.0 - 0.5 * 0.96 ** ((t + 1) * momentum_decay))
    mu_product = shared[0] * mu
    mu_product_next = mu_product * mu_next
    grad_coefficient = -lr * (1.0 - mu) / (1.0 - mu_product)
    momentum_coefficient = (-lr * mu_next) / (1.0 - mu_product_next)
    k = (bias_correction2, grad_coefficient, momentum_coefficient, 0.0)
    return k, (mu_product, beta2_power)


@jit
def nadam_coordinate(p, g, a, b, c, lr, t, k, h):
    """torch.optim.NAdam.  a: m, b: v."""
    eps = h[3]
    p, g, a, b = _decayed_moments(p, g, a, b, lr, h, h[6])
    denom = math.sqrt(b / k[0]) + eps
    p = p + k[1] * (g / denom)
    return p + k[2] * (a / denom), a, b, c


@jit
def radam_scalars(lr, t, h, shared):
    """h = (lr, beta1, beta2, eps, weight_decay, decoupled_weight_decay).
    shared: (beta1^t, beta2^t).  k = (1 - beta1^t, 1 - beta2^t, rectification, 1 when the
    variance is tractable (rho_t > 5))."""
    beta1, beta2 = h[1], h[2]
    # beta2**t as torch computes it (`beta2 ** step`), not as a running product: the
    # rectification subtracts two nearly equal numbers, which turned the product's ulp into a
    # 5e-10 difference from torch at lr 1.6 with clipping. beta1**t only divides, so its
    # running product stays (an ulp stays an ulp).
    beta1_power = shared[0] * beta1
    beta2_power = math.pow(beta2, float(t))
    bias_correction1 = 1.0 - beta1_power
    bias_correction2 = 1.0 - beta2_power
    rho_inf = 2.0 / (1.0 - beta2) - 1.0
    rho_t = rho_inf - 2.0 * t * beta2_power / bias_correction2
    if rho_t > 5.0:
        rect = math.sqrt(
            (rho_t - 4.0) * (rho_t - 2.0) * rho_inf / ((rho_inf - 4.0) * (rho_inf - 2.0) * rho_t)
        )
        return (bias_correction1, bias_correction2, rect, 1.0), (beta1_power, beta2_power)
    return (bias_correction1, bias_correction2, 0.0, 0.0), (beta1_power, beta2_power)


@jit
def radam_coordinate(p, g, a, b, c, lr, t, k, h):
    """torch.optim.RAdam.  a: m, b: v."""
    eps = h[3]
    p, g, a, b = _decayed_moments(p, g, a, b, lr, h, h[5])
    corrected = a / k[0]
    if k[3] != 0.0:
        adaptive = math.sqrt(k[1]) / (math.sqrt(b) + eps)
        return p + -1.0 * (corrected * lr * adaptive * k[2]), a, b, c
    return p + -1.0 * (corrected * lr), a, b, c


@jit
def rprop_coordinate(p, g, a, b, c, lr, t, k, h):
    """torch.optim.Rprop.  h = (lr, eta_minus, eta_plus, step_min, step_max).
    a: the previous gradient, b: the step size, starting at lr."""
    eta_minus, eta_plus, step_min, step_max = h[1], h[2], h[3], h[4]
    product = g * a
    factor = eta_plus if product > 0.0 else (eta_minus if product < 0.0 else 1.0)
    b = min(max(b * factor, step_min), step_max)
    if factor == eta_minus:
        g = 0.0
    return p + -1.0 * (sign(g) * b), g, b, c


@jit
def lion_coordinate(p, g, a, b, c, lr, t, k, h):
    """optax.lion.  h = (lr, beta1, beta2, weight_decay).  a: m."""
    beta1, beta2, weight_decay = h[1], h[2], h[3]
    update = sign((1.0 - beta1) * g + beta1 * a) + weight_decay * p
    return p + -lr * update, (1.0 - beta2) * g + beta2 * a, b, c


@jit
def scalars(optimizer_tag, lr, t, h, shared):
    """The step's per-step scalars k and the new shared state, for the tagged optimizer."""
    optimizer_id = len(optimizer_tag) - 1
    if optimizer_id == ADAM:
        return adam_scalars(lr, t, h, shared)
    if optimizer_id == ADAMW:
        return adam_scalars(lr, t, h, shared)
    if optimizer_id == ADAGRAD:
        return adagrad_scalars(lr, t, h, shared)
    if optimizer_id == ADAMAX:
        return adamax_scalars(lr, t, h, shared)
    if optimizer_id == NADAM:
        return nadam_scalars(lr, t, h, shared)
    if optimizer_id == RADAM:
        return radam_scalars(lr, t, h, shared)
    return NO_SCALARS, shared


@jit
def coordinate(optimizer_tag, p, g, a, b, c, lr, t, k, h):
    """One coordinate's update by the tagged optimizer: (p, a, b, c) after the step."""
    optimizer_id = len(optimizer_tag) - 1
    if optimizer_id == ADAM:
        return adam_coordinate(p, g, a, b, c, lr, t, k, h)
    if optimizer_id == GD:
        return gd_coordinate(p, g, a, b, c, lr, t, k, h)
    if optimizer_id == SGD:
        return sgd_coordinate(p, g, a, b, c, lr, t, k, h)
    if optimizer_id == MOMENTUM:
        return momentum_coordinate(p, g, a, b, c, lr, t, k, h)
    if optimizer_id == NESTEROV:
        return nesterov_coordinate(p, g, a, b, c, lr, t, k, h)
    if optimizer_id == ADAGRAD:
        return adagrad_coordinate(p, g, a, b, c, lr, t, k, h)
    if optimizer_id == RMSPROP:
        return rmsprop_coordinate(p, g, a, b, c, lr, t, k, h)
    if optimizer_id == ADADELTA:
        return adadelta_coordinate(p, g, a, b, c, lr, t, k, h)
    if optimizer_id == ADAMW:
        return adamw_coordinate(p, g, a, b, c, lr, t, k, h)
    if optimizer_id == ADAMAX:
        return adamax_coordinate(p, g, a, b, c, lr, t, k, h)
    if optimizer_id == NADAM:
        return nadam_coordinate(p, g, a, b, c, lr, t, k, h)
    if optimizer_id == RADAM:
        return radam_coordinate(p, g, a, b, c, lr, t, k, h)
    if optimizer_id == RPROP:
        return rprop_coordinate(p, g, a, b, c, lr, t, k, h)
    if optimizer_id == LION:
        return lion_coordinate(p, g, a, b, c, lr, t, k, h)
    return math.nan, a, b, c


def loop_rule(optimizer_id: int, h) -> int:
    """The rule whose compiled loop takes a two-parameter run's steps: the optimizer's own,
    except SGD without momentum or weight decay, which is gradient descent step for step
    (p + -lr g, the same bits, no state) and takes GD's loop. SGD's loop tests its momentum
    and weight decay on every step, on the path from the gradient to the step, and ran a
    fifth slower on Rosenbrock. Plain Python, once per kernel call, with h as the kernel
    reads it (a change of momentum mid-run picks SGD's loop again at the next call)."""
    if optimizer_id == SGD and h[1] == 0.0 and h[4] == 0.0:
        return GD
    return optimizer_id


def initial_coordinate_state(optimizer_id: int, h, p, first_lr) -> tuple:
    """(a, b, c) of a coordinate at p before the first step (plain Python, once per run; p
    and first_lr may be arrays, for many coordinates or runs at once)."""
    zero = p * 0.0
    if optimizer_id in (MOMENTUM, NESTEROV):
        return p * 1.0, zero, zero
    if optimizer_id == ADAGRAD:
        return zero + h[3], zero, zero
    if optimizer_id == RPROP:
        return zero, zero + first_lr, zero
    return zero, zero, zero


def initial_shared_state(optimizer_id: int) -> tuple[float, float]:
    """The shared floats before the first step: running products start at 1."""
    if optimizer_id in (ADAM, ADAMW, ADAMAX, NADAM, RADAM):
        return 1.0, 1.0
    return 0.0, 0.0


def refreshed_shared_state(optimizer_id: int, h, step: int, shared) -> tuple[float, float]:
    """The shared floats after a beta changes mid-run, as torch's `beta ** step` would give."""
    beta1 = float(h[1]) if len(h) > 1 else 0.0
    beta2 = float(h[2]) if len(h) > 2 else 0.0
    if optimizer_id in (ADAM, ADAMW, RADAM):
        return beta1**step, beta2**step
    if optimizer_id == ADAMAX:
        return beta1**step, float(shared[1])
    if optimizer_id == NADAM:
        return float(shared[0]), beta2**step
    return float(shared[0]), float(shared[1])
