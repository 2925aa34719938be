"""Naive numpy optimizers, written from the documented algorithms, to check the engine against.

Each follows the pseudo-code of torch.optim's documentation (or the textbook / optax for the
others), on a parameter vector, with no attempt at speed or at mirroring the engine's code.
`step(theta, problem, lr)` returns the new parameters; `problem.grad(p)` (and `.hessian(p)`)
give derivatives, so that Nesterov can look ahead and Newton can use curvature.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass
class Problem:
    grad: Callable[[np.ndarray], np.ndarray]
    hessian: Callable[[np.ndarray], np.ndarray]
    maximize: bool = False
    clip_norm: float | None = None

    def g(self, p: np.ndarray) -> np.ndarray:
        """The gradient an optimizer sees: clipped as clip_grad_norm_ does, negated to maximize."""
        g = self.grad(p)
        if self.clip_norm:
            g = g * min(self.clip_norm / (np.linalg.norm(g) + 1e-6), 1.0)
        return -g if self.maximize else g


class GD:
    def __init__(self, h: dict[str, Any]) -> None:
        self.h = h

    def step(self, theta, problem, lr):
        return theta - lr * problem.g(theta)


class SGD:
    def __init__(self, h):
        self.h = h
        self.b = None

    def step(self, theta, problem, lr):
        h = self.h
        g = problem.g(theta) + h["weight_decay"] * theta
        if h["momentum"]:
            self.b = (
                g.copy() if self.b is None else h["momentum"] * self.b + (1 - h["dampening"]) * g
            )
            g = g + h["momentum"] * self.b if h["nesterov"] else self.b
        return theta - lr * g


class HeavyBall:
    def __init__(self, h):
        self.h = h
        self.previous = None

    def step(self, theta, problem, lr):
        previous = theta if self.previous is None else self.previous
        self.previous = theta
        return theta - lr * problem.g(theta) + self.h["beta"] * (theta - previous)


class Nesterov:
    def __init__(self, h):
        self.h = h
        self.previous = None

    def step(self, theta, problem, lr):
        previous = theta if self.previous is None else self.previous
        self.previous = theta
        look = theta + self.h["beta"] * (theta - previous)
        return look - lr * problem.g(look)


class Adagrad:
    def __init__(self, h):
        self.h = h
        self.t = 0
        self.s = None

    def step(self, theta, problem, lr):
        h = self.h
        self.t += 1
        g = problem.g(theta) + h["weight_decay"] * theta
        if self.s is None:
            self.s = np.full(2, h["initial_accumulator_value"])
        eta = lr / (1 + (self.t - 1) * h["lr_decay"])
        self.s = self.s + g**2
        return theta - eta * g / (np.sqrt(self.s) + h["eps"])


class RMSprop:
    def __init__(self, h):
        self.h = h
        self.v = np.zeros(2)
        self.mean = np.zeros(2)
        self.b = np.zeros(2)

    def step(self, theta, problem, lr):
        h = self.h
        g = problem.g(theta) + h["weight_decay"] * theta
        self.v = h["alpha"] * self.v + (1 - h["alpha"]) * g**2
        v = self.v
        if h["centered"]:
            self.mean = h["alpha"] * self.mean + (1 - h["alpha"]) * g
            v = v - self.mean**2
        denominator = np.sqrt(v) + h["eps"]
        if h["momentum"] > 0:
            self.b = h["momentum"] * self.b + g / denominator
            return theta - lr * self.b
        return theta - lr * g / denominator


class Adadelta:
    def __init__(self, h):
        self.h = h
        self.v = np.zeros(2)
        self.u = np.zeros(2)

    def step(self, theta, problem, lr):
        h = self.h
        g = problem.g(theta) + h["weight_decay"] * theta
        self.v = h["rho"] * self.v + (1 - h["rho"]) * g**2
        delta = np.sqrt(self.u + h["eps"]) / np.sqrt(self.v + h["eps"]) * g
        self.u = h["rho"] * self.u + (1 - h["rho"]) * delta**2
        return theta - lr * delta


class Adam:
    decoupled = False

    def __init__(self, h):
        self.h = h
        self.t = 0
        self.m = np.zeros(2)
        self.v = np.zeros(2)
        self.v_max = np.zeros(2)

    def step(self, theta, problem, lr):
        h = self.h
        self.t += 1
        g = problem.g(theta)
        if self.decoupled:
            theta = theta * (1 - lr * h["weight_decay"])
        else:
            g = g + h["weight_decay"] * theta
        b1, b2 = h["beta1"], h["beta2"]
        self.m = b1 * self.m + (1 - b1) * g
        self.v = b2 * self.v + (1 - b2) * g**2
        m_hat = self.m / (1 - b1**self.t)
        v = self.v
        if h["amsgrad"]:
            self.v_max = np.maximum(self.v_max, self.v)
            v = self.v_max
        v_hat = v / (1 - b2**self.t)
        return theta - lr * m_hat / (np.sqrt(v_hat) + h["eps"])


class AdamW(Adam):
    decoupled = True


class Adamax:
    def __init__(self, h):
        self.h = h
        self.t = 0
        self.m = np.zeros(2)
        self.u = np.zeros(2)

    def step(self, theta, problem, lr):
        h = self.h
        self.t += 1
        g = problem.g(theta) + h["weight_decay"] * theta
        self.m = h["beta1"] * self.m + (1 - h["beta1"]) * g
        self.u = np.maximum(h["beta2"] * self.u, np.abs(g) + h["eps"])
        return theta - lr / (1 - h["beta1"] ** self.t) * self.m / self.u


class NAdam:
    def __init__(self, h):
        self.h = h
        self.t = 0
        self.m = np.zeros(2)
        self.v = np.zeros(2)
        self.mu_product = 1.0

    def step(self, theta, problem, lr):
        h = self.h
        self.t += 1
        t = self.t
        g = problem.g(theta)
        if h["decoupled_weight_decay"]:
            theta = theta * (1 - lr * h["weight_decay"])
        else:
            g = g + h["weight_decay"] * theta
        b1, b2, psi = h["beta1"], h["beta2"], h["momentum_decay"]
        mu = b1 * (1 - 0.5 * 0.96 ** (t * psi))
        mu_next = b1 * (1 - 0.5 * 0.96 ** ((t + 1) * psi))
        self.mu_product *= mu
        self.m = b1 * self.m + (1 - b1) * g
        self.v = b2 * self.v + (1 - b2) * g**2
        m_hat = mu_next * self.m / (1 - self.mu_product * mu_next) + (1 - mu) * g / (
            1 - self.mu_product
        )
        v_hat = self.v / (1 - b2**t)
        return theta - lr * m_hat / (np.sqrt(v_hat) + h["eps"])


class RAdam:
    def __init__(self, h):
        self.h = h
        self.t = 0
        self.m = np.zeros(2)
        self.v = np.zeros(2)

    def step(self, theta, problem, lr):
        h = self.h
        self.t += 1
        t = self.t
        g = problem.g(theta)
        if h["decoupled_weight_decay"]:
            theta = theta * (1 - lr * h["weight_decay"])
        else:
            g = g + h["weight_decay"] * theta
        b1, b2 = h["beta1"], h["beta2"]
        self.m = b1 * self.m + (1 - b1) * g
        self.v = b2 * self.v + (1 - b2) * g**2
        m_hat = self.m / (1 - b1**t)
        rho_inf = 2 / (1 - b2) - 1
        rho_t = rho_inf - 2 * t * b2**t / (1 - b2**t)
        if rho_t > 5:
            l_t = np.sqrt(1 - b2**t) / (np.sqrt(self.v) + h["eps"])
            r_t = np.sqrt(
                (rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)
            )
            return theta - lr * m_hat * l_t * r_t
        return theta - lr * m_hat


class Rprop:
    def __init__(self, h):
        self.h = h
        self.previous = np.zeros(2)
        self.eta = None

    def step(self, theta, problem, lr):
        h = self.h
        if self.eta is None:
            self.eta = np.full(2, lr)
        g = problem.g(theta)
        product = g * self.previous
        self.eta = np.where(
            product > 0,
            np.minimum(self.eta * h["eta_plus"], h["step_max"]),
            np.where(product < 0, np.maximum(self.eta * h["eta_minus"], h["step_min"]), self.eta),
        )
        g = np.where(product < 0, 0.0, g)
        self.previous = g
        return theta - np.sign(g) * self.eta


class Lion:
    def __init__(self, h):
        self.h = h
        self.m = None

    def step(self, theta, problem, lr):
        h = self.h
        g = problem.g(theta)
        if self.m is None:
            self.m = np.zeros_like(theta)
        update = np.sign(h["beta1"] * self.m + (1 - h["beta1"]) * g)
        self.m = h["beta2"] * self.m + (1 - h["beta2"]) * g
        return theta - lr * (update + h["weight_decay"] * theta)


class Newton:
    def __init__(self, h):
        self.h = h

    def step(self, theta, problem, lr):
        sign = -1.0 if problem.maximize else 1.0
        matrix = sign * problem.hessian(theta) + self.h["damping"] * np.eye(2)
        return theta - lr * np.linalg.solve(matrix, problem.g(theta))


REFERENCES: dict[str, type] = {
    "gd": GD,
    "sgd": SGD,
    "momentum": HeavyBall,
    "nesterov": Nesterov,
    "adagrad": Adagrad,
    "rmsprop": RMSprop,
    "adadelta": Adadelta,
    "adam": Adam,
    "adamw": AdamW,
    "adamax": Adamax,
    "nadam": NAdam,
    "radam": RAdam,
    "rprop": Rprop,
    "lion": Lion,
    "newton": Newton,
}


def reference_path(loss, name: str, hyper: dict[str, Any], start, steps: int, lrs=None):
    """The path of `steps` reference steps; `lrs[t]` overrides the lr of step t."""
    problem = Problem(
        grad=lambda p: np.array(loss.value_grad(p[0], p[1])[1:]),
        hessian=lambda p: (lambda a, b, c: np.array([[a, b], [b, c]]))(*loss.hessian(*p)),
        maximize=bool(hyper.get("maximize", False)),
        clip_norm=hyper.get("clip_norm"),
    )
    optimizer = REFERENCES[name](hyper)
    theta = np.array(start, dtype=float)
    path = [theta]
    for t in range(steps):
        lr = hyper["lr"] if lrs is None else lrs[t]
        theta = optimizer.step(theta, problem, lr)
        path.append(theta)
    return np.array(path)
