"""The kinds of hyperparameter optimizer specs are built from, each with its meaning, bounds
and scale written once: the learning rate, the betas, eps, weight decay and flags, and the two
options torch applies around any optimizer's step (``maximize`` and gradient-norm clipping)."""

from __future__ import annotations

from .specs import HyperParam

NONNEGATIVE = {"low": 0.0}


def lr_param(default: float) -> HyperParam:
    return HyperParam(
        "lr", default, "learning rate: the size of each step", scale="log", **NONNEGATIVE
    )


def beta_param(name: str, default: float, meaning: str) -> HyperParam:
    return HyperParam(name, default, meaning, low=0.0, high=1.0, high_inclusive=False)


def eps_param(default: float) -> HyperParam:
    return HyperParam(
        "eps",
        default,
        "added to the denominator for numerical stability",
        scale="log",
        **NONNEGATIVE,
    )


def weight_decay_param(default: float = 0.0, meaning: str = "L2 penalty added to the gradient"):
    return HyperParam("weight_decay", default, meaning, **NONNEGATIVE)


def flag_param(name: str, meaning: str) -> HyperParam:
    return HyperParam(name, False, meaning, kind="bool")


BETA1 = beta_param("beta1", 0.9, "decay of the running mean of gradients (momentum)")
BETA2 = beta_param("beta2", 0.999, "decay of the running mean of squared gradients")
DECOUPLED = flag_param("decoupled_weight_decay", "apply weight decay to the weights (as AdamW)")

COMMON_HYPERPARAMS = (
    flag_param("maximize", "climb the loss instead of descending it"),
    HyperParam(
        "clip_norm",
        None,
        "clip the gradient to this norm before the step (torch's clip_grad_norm_); off if unset",
        low=0.0,
        low_inclusive=False,
        scale="log",
        optional=True,
    ),
)
