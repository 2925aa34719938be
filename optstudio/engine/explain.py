"""One step explained with its numbers: what the optimizer read, computed and moved.

A lecturer stops a run and asks "why did it move there?". `explain_next_step` answers with
the quantities of the update rule at this step (the gradient, the moment estimates, the bias
corrections, the effective step sizes), recomputed in plain numpy from the run's state, and
with the move the engine then actually takes. The two agree to rounding (the tests hold them
to 1e-9), so the numbers on screen are the engine's, not a second opinion.

The arrows drawn on the map all start at the current point: the plain gradient step
``-lr * g``, the momentum or velocity contribution where the optimizer has one, and the update.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from .runner import Run
from .specs import Value

Vector = tuple[float, float]
Vector3 = tuple[float, float, float]


@dataclass(frozen=True)
class Term:
    """One line of the update rule: a symbol, how it is computed, and its value this step."""

    symbol: str
    rule: str
    value: float | Vector
    meaning: str = ""


@dataclass(frozen=True)
class StepExplanation:
    step: int
    """The step being explained, counted from 1 as torch's state["step"] after its increment:
    the move from the point after step - 1 steps."""
    optimizer: str
    theta: Vector
    gradient: Vector
    """The gradient the update reads: at the lookahead point for Nesterov, of the mini-batch
    for mini-batch runs, after noise, clipping and the sign flip of maximize."""
    lr: float
    terms: tuple[Term, ...]
    update: Vector
    """The move the update rule gives, recomputed here."""
    theta_next: Vector | None
    """Where the engine actually moved (None when the run had stopped: converged or diverged)."""
    arrows: tuple[tuple[str, Vector], ...]
    status: str
    hyperparams: tuple[tuple[str, Value], ...] = ()
    """The hyperparameters in force at this step (unset options left out)."""
    probes: tuple[Vector, ...] = ()
    """Where L-BFGS evaluated f and its gradient during the step, in order (its iterations and
    line searches); empty for every other optimizer."""


def _vec(v: np.ndarray) -> Vector:
    return float(v[0]), float(v[1])


class _Rule:
    """Collects the terms of one update while a mirror function computes it."""

    def __init__(self) -> None:
        self.terms: list[Term] = []

    def add(self, symbol: str, rule: str, value, meaning: str = ""):
        stored = float(value) if np.ndim(value) == 0 else _vec(np.asarray(value))
        self.terms.append(Term(symbol, rule, stored, meaning))
        return value


def _lerp(start: np.ndarray, end: np.ndarray, weight: float) -> np.ndarray:
    """torch's lerp, rounded as the engine rounds it."""
    if abs(weight) < 0.5:
        return start + weight * (end - start)
    return end - (end - start) * (1.0 - weight)


def _l2(rule: _Rule, g: np.ndarray, theta: np.ndarray, weight_decay: float) -> np.ndarray:
    if weight_decay == 0.0:
        return g
    return rule.add("g", "g + λ·θ", g + weight_decay * theta, "weight decay added to the gradient")


Mirror = Callable[
    [_Rule, Mapping[str, Value], tuple[float, ...], np.ndarray, np.ndarray, float, int],
    tuple[np.ndarray, np.ndarray | None],
]
"""(rule, hyperparameters, state, theta, g, lr, t) -> (update, momentum arrow or None)."""


def _gd(rule, h, s, theta, g, lr, t):
    return rule.add("Δθ", "−lr·g", -lr * g, "a step down the gradient"), None


def _sgd(rule, h, s, theta, g, lr, t):
    mu, dampening = float(h["momentum"]), float(h["dampening"])
    g = _l2(rule, g, theta, float(h["weight_decay"]))
    if mu == 0.0:
        return rule.add("Δθ", "−lr·g", -lr * g), None
    previous = np.array(s[:2])
    if t == 1:
        b = rule.add("b", "g   (first step)", g, "momentum buffer, started at the gradient")
    else:
        b = rule.add("b", "μ·b + (1 − τ)·g", previous * mu + (1.0 - dampening) * g, "buffer")
    if h["nesterov"]:
        direction = rule.add("d", "g + μ·b", g + mu * b, "Nesterov: look along the buffer")
    else:
        direction = b
    update = rule.add("Δθ", "−lr·d" if h["nesterov"] else "−lr·b", -lr * direction)
    return update, update - (-lr * g)


def _heavy_ball(rule, h, s, theta, g, lr, t):
    beta = float(h["beta"])
    velocity = rule.add("v", "β·(θ − θ₋₁)", beta * (theta - np.array(s[:2])))
    update = rule.add("Δθ", "−lr·g + v", -lr * g + velocity)
    return update, velocity


def _nesterov(rule, h, s, theta, g, lr, t):
    beta = float(h["beta"])
    velocity = rule.add("v", "β·(θ − θ₋₁)", beta * (theta - np.array(s[:2])))
    rule.add("θ̃", "θ + v   (lookahead)", theta + velocity, "where g is taken")
    update = rule.add("Δθ", "v − lr·g(θ̃)", velocity - lr * g)
    return update, velocity


def _adagrad(rule, h, s, theta, g, lr, t):
    g = _l2(rule, g, theta, float(h["weight_decay"]))
    clr = rule.add("lr_t", "lr / (1 + (t − 1)·decay)", lr / (1.0 + (t - 1) * float(h["lr_decay"])))
    total = rule.add("G", "G + g²", np.array(s[:2]) + g * g, "sum of squared gradients")
    rule.add("lr_t/(√G+ε)", "per-coordinate step size", clr / (np.sqrt(total) + h["eps"]))
    return rule.add("Δθ", "−lr_t·g / (√G + ε)", -clr * (g / (np.sqrt(total) + h["eps"]))), None


def _rmsprop(rule, h, s, theta, g, lr, t):
    alpha, eps, mu = float(h["alpha"]), float(h["eps"]), float(h["momentum"])
    g = _l2(rule, g, theta, float(h["weight_decay"]))
    v = rule.add("v", "α·v + (1 − α)·g²", np.array(s[:2]) * alpha + (1.0 - alpha) * g * g)
    if h["centered"]:
        mean = rule.add("ḡ", "α·ḡ + (1 − α)·g", _lerp(np.array(s[2:4]), g, 1.0 - alpha))
        denom = rule.add("d", "√(v − ḡ²) + ε", np.sqrt(v + -1.0 * mean * mean) + eps)
    else:
        denom = rule.add("d", "√v + ε", np.sqrt(v) + eps)
    rule.add("lr/d", "per-coordinate step size", lr / denom)
    if mu > 0.0:
        b = rule.add("b", "μ·b + g/d", np.array(s[4:6]) * mu + g / denom, "momentum buffer")
        return rule.add("Δθ", "−lr·b", -lr * b), -lr * mu * np.array(s[4:6])
    return rule.add("Δθ", "−lr·g/d", -lr * (g / denom)), None


def _adadelta(rule, h, s, theta, g, lr, t):
    rho, eps = float(h["rho"]), float(h["eps"])
    g = _l2(rule, g, theta, float(h["weight_decay"]))
    v = rule.add("v", "ρ·v + (1 − ρ)·g²", np.array(s[:2]) * rho + (1.0 - rho) * g * g)
    u_previous = np.array(s[2:4])
    delta = rule.add("δ", "√(u + ε)/√(v + ε)·g", np.sqrt(u_previous + eps) / np.sqrt(v + eps) * g)
    rule.add("u", "ρ·u + (1 − ρ)·δ²", u_previous * rho + (1.0 - rho) * delta * delta)
    return rule.add("Δθ", "−lr·δ", -lr * delta), None


def _adam(rule, h, s, theta, g, lr, t, decoupled: bool = False):
    beta1, beta2, eps = float(h["beta1"]), float(h["beta2"]), float(h["eps"])
    weight_decay = float(h["weight_decay"])
    decay = np.zeros(2)
    if decoupled and weight_decay != 0.0:
        decay = rule.add("−lr·λ·θ", "decoupled weight decay", -lr * weight_decay * theta)
    else:
        g = _l2(rule, g, theta, weight_decay)
    m = rule.add("m", "β₁·m + (1 − β₁)·g", _lerp(np.array(s[:2]), g, 1.0 - beta1), "1st moment")
    v = rule.add("v", "β₂·v + (1 − β₂)·g²", np.array(s[2:4]) * beta2 + (1.0 - beta2) * g * g)
    c1 = rule.add("1 − β₁ᵗ", "bias correction of m", 1.0 - s[6] * beta1)
    c2 = rule.add("1 − β₂ᵗ", "bias correction of v", 1.0 - s[7] * beta2)
    rule.add("m̂", "m / (1 − β₁ᵗ)", m / c1, "bias-corrected mean gradient")
    if h["amsgrad"]:
        v = rule.add("v_max", "max(v_max, v)", np.maximum(np.array(s[4:6]), v))
    rule.add("v̂", "v / (1 − β₂ᵗ)", v / c2)
    denom = np.sqrt(v) / math.sqrt(c2) + eps
    rule.add("lr/(1−β₁ᵗ)/(√v̂+ε)", "effective step size", lr / c1 / denom)
    theta_decayed = theta + decay
    step = -(lr / c1) * (m / denom)
    update = rule.add("Δθ", "−lr·m̂ / (√v̂ + ε)", (theta_decayed + step) - theta)
    return update, -lr * (m / c1)


def _adamw(rule, h, s, theta, g, lr, t):
    return _adam(rule, h, s, theta, g, lr, t, decoupled=True)


def _adamax(rule, h, s, theta, g, lr, t):
    beta1, beta2, eps = float(h["beta1"]), float(h["beta2"]), float(h["eps"])
    g = _l2(rule, g, theta, float(h["weight_decay"]))
    m = rule.add("m", "β₁·m + (1 − β₁)·g", _lerp(np.array(s[:2]), g, 1.0 - beta1))
    u = rule.add("u", "max(β₂·u, |g| + ε)", np.maximum(np.array(s[2:4]) * beta2, np.abs(g) + eps))
    c1 = rule.add("1 − β₁ᵗ", "bias correction of m", 1.0 - s[6] * beta1)
    rule.add("lr/(1−β₁ᵗ)/u", "effective step size", lr / c1 / u)
    return rule.add("Δθ", "−lr/(1 − β₁ᵗ)·m/u", -(lr / c1) * (m / u)), -lr * (m / c1)


def _decoupled(rule, h, g, theta, lr):
    weight_decay = float(h["weight_decay"])
    if weight_decay != 0.0 and h["decoupled_weight_decay"]:
        return g, rule.add("−lr·λ·θ", "decoupled weight decay", -lr * weight_decay * theta)
    return _l2(rule, g, theta, weight_decay), np.zeros(2)


def _nadam(rule, h, s, theta, g, lr, t):
    beta1, beta2, eps = float(h["beta1"]), float(h["beta2"]), float(h["eps"])
    g, decay = _decoupled(rule, h, g, theta, lr)
    c2 = rule.add("1 − β₂ᵗ", "bias correction of v", 1.0 - s[7] * beta2)
    mu = rule.add(
        "μ_t", "β₁(1 − ½·0.96^(tψ))", beta1 * (1.0 - 0.5 * 0.96 ** (t * h["momentum_decay"]))
    )
    mu_next = beta1 * (1.0 - 0.5 * 0.96 ** ((t + 1) * h["momentum_decay"]))
    rule.add("μ_{t+1}", "β₁(1 − ½·0.96^((t+1)ψ))", mu_next)
    product = rule.add("Πμ", "μ₁·…·μ_t", s[6] * mu)
    m = rule.add("m", "β₁·m + (1 − β₁)·g", _lerp(np.array(s[:2]), g, 1.0 - beta1))
    v = rule.add("v", "β₂·v + (1 − β₂)·g²", np.array(s[2:4]) * beta2 + (1.0 - beta2) * g * g)
    denom = rule.add("d", "√(v / (1 − β₂ᵗ)) + ε", np.sqrt(v / c2) + eps)
    grad_coefficient = -lr * (1.0 - mu) / (1.0 - product)
    momentum_coefficient = (-lr * mu_next) / (1.0 - product * mu_next)
    point = theta + decay
    point = point + grad_coefficient * (g / denom)
    point = point + momentum_coefficient * (m / denom)
    update = rule.add("Δθ", "−lr[(1−μ_t)g/(1−Πμ) + μ_{t+1}m/(1−Πμ·μ_{t+1})]/d", point - theta)
    return update, momentum_coefficient * (m / denom)


def _radam(rule, h, s, theta, g, lr, t):
    beta1, beta2, eps = float(h["beta1"]), float(h["beta2"]), float(h["eps"])
    g, decay = _decoupled(rule, h, g, theta, lr)
    m = rule.add("m", "β₁·m + (1 − β₁)·g", _lerp(np.array(s[:2]), g, 1.0 - beta1))
    v = rule.add("v", "β₂·v + (1 − β₂)·g²", np.array(s[2:4]) * beta2 + (1.0 - beta2) * g * g)
    c1 = rule.add("1 − β₁ᵗ", "bias correction of m", 1.0 - s[6] * beta1)
    power2 = beta2 ** float(t)
    c2 = rule.add("1 − β₂ᵗ", "bias correction of v", 1.0 - power2)
    m_hat = rule.add("m̂", "m / (1 − β₁ᵗ)", m / c1)
    rho_inf = 2.0 / (1.0 - beta2) - 1.0
    rho_t = rule.add("ρ_t", "ρ_∞ − 2tβ₂ᵗ/(1 − β₂ᵗ)", rho_inf - 2.0 * t * power2 / c2)
    point = theta + decay
    if rho_t > 5.0:
        rect = math.sqrt(
            (rho_t - 4.0) * (rho_t - 2.0) * rho_inf / ((rho_inf - 4.0) * (rho_inf - 2.0) * rho_t)
        )
        rule.add("r_t", "variance rectification (ρ_t > 5)", rect)
        adaptive = rule.add("l_t", "√(1 − β₂ᵗ)/(√v + ε)", math.sqrt(c2) / (np.sqrt(v) + eps))
        point = point + -1.0 * (m_hat * lr * adaptive * rect)
        update = rule.add("Δθ", "−lr·m̂·r_t·l_t", point - theta)
    else:
        point = point + -1.0 * (m_hat * lr)
        update = rule.add("Δθ", "−lr·m̂   (ρ_t ≤ 5: no adaptive step yet)", point - theta)
    return update, -lr * m_hat


def _rprop(rule, h, s, theta, g, lr, t):
    eta_minus, eta_plus = float(h["eta_minus"]), float(h["eta_plus"])
    product = g * np.array(s[:2])
    factor = np.where(product > 0.0, eta_plus, np.where(product < 0.0, eta_minus, 1.0))
    rule.add("η", "η₊ if g·g_prev > 0, η₋ if < 0, else 1", factor)
    size = np.clip(np.array(s[2:4]) * factor, h["step_min"], h["step_max"])
    rule.add("Δ", "clip(η·Δ, step_min, step_max)", size, "per-coordinate step size")
    g = np.where(factor == eta_minus, 0.0, g)
    return rule.add("Δθ", "−sign(g)·Δ", -1.0 * (np.sign(g) * size)), None


def _lion(rule, h, s, theta, g, lr, t):
    beta1, beta2 = float(h["beta1"]), float(h["beta2"])
    previous = np.array(s[:2])
    c = rule.add("c", "β₁·m + (1 − β₁)·g", (1.0 - beta1) * g + beta1 * previous)
    u = rule.add("u", "sign(c) + λ·θ", np.sign(c) + float(h["weight_decay"]) * theta)
    rule.add("m", "β₂·m + (1 − β₂)·g", (1.0 - beta2) * g + beta2 * previous)
    return rule.add("Δθ", "−lr·u", -lr * u), -lr * np.sign(previous)


def _newton(rule, h, s, theta, g, lr, t, hessian: Vector3 | None = None):
    damping = float(h["damping"])
    hxx, hxy, hyy = hessian if hessian is not None else (math.nan,) * 3
    rule.add("H_xx, H_yy", "diagonal of the Hessian (+ damping)", (hxx + damping, hyy + damping))
    rule.add("H_xy", "off-diagonal of the Hessian", hxy)
    a, d = hxx + damping, hyy + damping
    det = rule.add("det", "det(H + δI)", a * d - hxy * hxy)
    if det == 0.0:
        return np.array([math.inf, math.inf]), None
    direction = np.array([(d * g[0] - hxy * g[1]) / det, (a * g[1] - hxy * g[0]) / det])
    rule.add("p", "(H + δI)⁻¹·g   (Newton direction)", direction)
    return rule.add("Δθ", "−lr·p", -lr * direction), None


def _lbfgs(
    rule: _Rule, run: Run, theta: np.ndarray, lr: float, visited: list[Vector]
) -> np.ndarray:
    """L-BFGS's step is many moves: a copy of the run's L-BFGS takes it (the same numbers the
    run's own will compute), watching every point its line searches evaluate."""
    sign = -1.0 if run.hyperparams["maximize"] else 1.0

    def closure(point: np.ndarray) -> tuple[float, np.ndarray]:
        visited.append((float(point[0]), float(point[1])))
        f, gx, gy = run.loss.value_grad(float(point[0]), float(point[1]))
        return sign * f, np.array([sign * gx, sign * gy])

    optimizer = run.lbfgs_copy()
    moved, _ = optimizer.step(theta.copy(), closure, lr, run.hyperparams)
    state = optimizer.state
    if "d" in state:
        rule.add("d", "−H·g   (two-loop recursion over the stored pairs)", state["d"])
        rule.add("t", "step length along d (lr, or the line search's choice)", state["t"])
    rule.add("pairs", "curvature pairs (Δθ, Δg) kept", len(state.get("old_dirs") or []))
    rule.add("evaluations", "points where f and ∇f were evaluated", len(visited))
    return rule.add("Δθ", "Σ t·d over the step's iterations", moved - theta)


MIRRORS: dict[str, Mirror] = {
    "gd": _gd,
    "sgd": _sgd,
    "momentum": _heavy_ball,
    "nesterov": _nesterov,
    "adagrad": _adagrad,
    "rmsprop": _rmsprop,
    "adadelta": _adadelta,
    "adam": _adam,
    "adamw": _adamw,
    "adamax": _adamax,
    "nadam": _nadam,
    "radam": _radam,
    "rprop": _rprop,
    "lion": _lion,
    "newton": _newton,
}


def _driving_gradient(run: Run, rule: _Rule) -> tuple[np.ndarray, np.ndarray, Vector3 | None]:
    """The gradient the kernel hands the update this step, in the kernel's order of work."""
    from ._loss_kernels import data_hessian, data_value_grad
    from ._random import kernel_seed, normal_pair

    loss = run.loss
    hyper = run.hyperparams
    theta = np.array(run.theta)
    state = run.optimizer_state
    at = theta
    if run.optimizer.name == "nesterov":
        at = theta + float(hyper["beta"]) * (theta - np.array(state[:2]))
    batch = run.current_batch()
    if batch is not None:
        order = np.ascontiguousarray(batch, dtype=np.int64)
        _, gx, gy = data_value_grad(loss.spec.kernel_id, loss.data, order, 0, len(order), *at)
        rule.add("g", "∇f over the mini-batch", (gx, gy), "the mean gradient of its samples")
    else:
        _, gx, gy = loss.value_grad(*at)
        rule.add("g", "∇f(θ̃)" if run.optimizer.name == "nesterov" else "∇f(θ)", (gx, gy))
    g = np.array([gx, gy])
    if loss.grad_noise > 0.0:
        noise = np.array(normal_pair(kernel_seed(run.seed), run.step))
        g = rule.add("g", "g + σ·ξ   (gradient noise)", g + loss.grad_noise * noise)
    clip = float(hyper["clip_norm"] or 0.0)
    if clip > 0.0:
        coefficient = min(clip / (math.hypot(g[0], g[1]) + 1e-6), 1.0)
        g = rule.add("g", "g·min(1, c/‖g‖)   (clipped)", g * coefficient)
    hessian = None
    if run.optimizer.name == "newton":
        if batch is not None:
            order = np.ascontiguousarray(batch, dtype=np.int64)
            hessian = data_hessian(loss.spec.kernel_id, loss.data, order, 0, len(order), *theta)
        else:
            hessian = loss.hessian(*theta)
    if hyper["maximize"]:
        g = rule.add("g", "−g   (maximize)", -g)
        if hessian is not None:
            hessian = tuple(-v for v in hessian)
    return theta, g, hessian


def explain_next_step(run: Run) -> StepExplanation:
    """Explain the step the run takes next, then take it (the run ends one step further)."""
    rule = _Rule()
    hyper = tuple(
        (name, value)
        for name, value in run.hyperparams.items()
        if value is not None and not (name == "maximize" and not value)
    )
    theta, g, hessian = _driving_gradient(run, rule)
    probes: list[Vector] = []
    lr = run.next_lr
    step = run.step + 1
    if run.optimizer.name == "newton":
        update, momentum = _newton(rule, run.hyperparams, (), theta, g, lr, step, hessian)
    elif run.optimizer.name == "lbfgs":
        update, momentum = _lbfgs(rule, run, theta, lr, probes), None
    else:
        mirror = MIRRORS[run.optimizer.name]
        update, momentum = mirror(rule, run.hyperparams, run.optimizer_state, theta, g, lr, step)
    theta_next: Vector | None = None
    if not run.finished:
        before = run.step
        run.advance(1)
        if run.step > before:
            theta_next = run.theta
    # L-BFGS never steps by -lr g (lr is its line search's first try along -H g): that arrow,
    # hundreds of times the update at lr 1, would only shrink the update out of sight
    arrows = [] if run.optimizer.name == "lbfgs" else [("−lr·g", _vec(-lr * g))]
    if momentum is not None:
        arrows.append(("momentum", _vec(momentum)))
    arrows.append(("update", _vec(update)))
    return StepExplanation(
        step=step,
        optimizer=run.optimizer.name,
        theta=_vec(theta),
        gradient=_vec(g),
        lr=lr,
        terms=tuple(rule.terms),
        update=_vec(update),
        theta_next=theta_next,
        arrows=tuple(arrows),
        # after the attempt: a step that diverges ends the run with this status
        status=run.status,
        hyperparams=hyper,
        probes=tuple(probes[1:]),  # the first is theta itself
    )
