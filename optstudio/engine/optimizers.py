"""The optimizer catalogue: one spec per optimizer, with its update rule as students read it.

Names, defaults and ranges are torch.optim's (its ``betas`` split into beta1 and beta2, Rprop's
``etas`` and ``step_sizes`` into eta_minus, eta_plus, step_min and step_max). Textbook methods
stand as entries of their own (gd, momentum, nesterov); lion follows optax.lion and newton is
damped Newton's method on the analytic Hessian. Every optimizer also takes the two options
torch applies around any step: ``maximize`` and gradient-norm clipping (``clip_norm``).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from . import _ids
from .hyperparam_kinds import (
    BETA1,
    BETA2,
    COMMON_HYPERPARAMS,
    DECOUPLED,
    NONNEGATIVE,
    beta_param,
    eps_param,
    flag_param,
    lr_param,
    weight_decay_param,
)
from .specs import HyperParam, OptimizerSpec, Value, by_name, unknown_name


def _check_sgd(values: Mapping[str, Value]) -> None:
    if values["nesterov"] and (values["momentum"] <= 0 or values["dampening"] != 0):  # type: ignore[operator]
        raise ValueError("sgd: Nesterov momentum requires a momentum and zero dampening")


def _check_rprop(values: Mapping[str, Value]) -> None:
    minus, plus = values["eta_minus"], values["eta_plus"]
    if not 0.0 < minus < 1.0 < plus:  # type: ignore[operator]
        raise ValueError(f"rprop: need 0 < eta_minus < 1 < eta_plus, got {minus}, {plus}")
    if values["step_min"] > values["step_max"]:  # type: ignore[operator]
        raise ValueError("rprop: step_min must not exceed step_max")


def _spec(name, display, description, rule, params, kernel_id, reference, check=None):
    return OptimizerSpec(
        name,
        display,
        description,
        rule.strip("\n"),
        (*params, *COMMON_HYPERPARAMS),
        kernel_id,
        reference,
        check,
    )


ADAM_MOMENTS = """m ← β₁ · m + (1 − β₁) · g
v ← β₂ · v + (1 − β₂) · g²
v ← v_max ← max(v_max, v)    (amsgrad)
m̂ ← m / (1 − β₁ᵗ) ;  v̂ ← v / (1 − β₂ᵗ)
θ ← θ − lr · m̂ / (√v̂ + eps)
"""
"""Adam's and AdamW's moments and step, as the theory panel shows them."""
AMSGRAD = flag_param("amsgrad", "use the maximum of past squared-gradient means (AMSGrad)")


_OPTIMIZER_SPECS = (
    _spec(
        "gd",
        "Gradient descent",
        "Step straight downhill, by the learning rate times the gradient.",
        """
θ ← θ − lr · ∇f(θ)
""",
        (lr_param(1e-3),),
        _ids.GD,
        "textbook",
    ),
    _spec(
        "sgd",
        "SGD",
        "torch.optim.SGD: gradient descent with optional momentum, dampening, Nesterov "
        "momentum and weight decay. With a mini-batch loss this is stochastic gradient descent.",
        """
g ← ∇f(θ) + weight_decay · θ
b ← g                       (first step)
b ← momentum·b + (1 − dampening)·g
g ← g + momentum · b        (nesterov)
g ← b                       (otherwise)
θ ← θ − lr · g
""",
        (
            lr_param(1e-3),
            HyperParam("momentum", 0.0, "momentum factor", **NONNEGATIVE, high=1.0),
            HyperParam("dampening", 0.0, "dampening of the momentum", low=0.0, high=1.0),
            flag_param("nesterov", "Nesterov momentum (needs momentum > 0 and no dampening)"),
            weight_decay_param(),
        ),
        _ids.SGD,
        "torch.optim.SGD",
        _check_sgd,
    ),
    _spec(
        "momentum",
        "Momentum (heavy ball)",
        "Polyak's heavy ball: a gradient step plus beta times the previous step, so speed "
        "builds up along a consistent direction and oscillations cancel.",
        """
θₜ₊₁ = θₜ − lr · ∇f(θₜ) + β · (θₜ − θₜ₋₁)
""",
        (lr_param(1e-3), beta_param("beta", 0.9, "fraction of the previous step carried over")),
        _ids.MOMENTUM,
        "Polyak (1964)",
    ),
    _spec(
        "nesterov",
        "Nesterov accelerated gradient",
        "Like the heavy ball, but the gradient is taken at the point the momentum is about to "
        "carry the parameters to, which corrects an overshoot before it happens.",
        """
φ = θₜ + β · (θₜ − θₜ₋₁)        (look ahead)
θₜ₊₁ = φ − lr · ∇f(φ)
""",
        (lr_param(1e-3), beta_param("beta", 0.9, "fraction of the previous step carried over")),
        _ids.NESTEROV,
        "Nesterov (1983); Sutskever et al. (2013)",
    ),
    _spec(
        "adagrad",
        "Adagrad",
        "Per-coordinate step sizes that shrink with the sum of all past squared gradients: "
        "large early steps, ever smaller later ones.",
        """
g ← ∇f(θ) + weight_decay · θ
η ← lr / (1 + (t − 1) · lr_decay)
s ← s + g²       (s₀ = initial_accumulator_value)
θ ← θ − η · g / (√s + eps)
""",
        (
            lr_param(1e-2),
            HyperParam("lr_decay", 0.0, "decay of the learning rate per step", **NONNEGATIVE),
            weight_decay_param(),
            HyperParam(
                "initial_accumulator_value",
                0.0,
                "starting sum of squared gradients",
                **NONNEGATIVE,
            ),
            eps_param(1e-10),
        ),
        _ids.ADAGRAD,
        "torch.optim.Adagrad",
    ),
    _spec(
        "rmsprop",
        "RMSprop",
        "Divides each step by a running root-mean-square of recent gradients, so that steep "
        "and flat directions move at similar speeds.",
        """
g ← ∇f(θ) + weight_decay · θ
v ← α · v + (1 − α) · g²
ḡ ← α · ḡ + (1 − α) · g      (centered)
d ← √(v − ḡ²) + eps          (centered)
d ← √v + eps                 (otherwise)
b ← momentum · b + g / d     (momentum > 0)
θ ← θ − lr · b               (momentum > 0)
θ ← θ − lr · g / d           (otherwise)
""",
        (
            lr_param(1e-2),
            HyperParam(
                "alpha", 0.99, "decay of the running mean of squared gradients", low=0.0, high=1.0
            ),
            eps_param(1e-8),
            weight_decay_param(),
            HyperParam("momentum", 0.0, "momentum factor", **NONNEGATIVE, high=1.0),
            flag_param("centered", "normalise by the variance of the gradient instead"),
        ),
        _ids.RMSPROP,
        "torch.optim.RMSprop",
    ),
    _spec(
        "adadelta",
        "Adadelta",
        "RMSprop whose step is scaled by a running RMS of past updates, so its units match "
        "the parameters and it needs almost no learning rate.",
        """
g ← ∇f(θ) + weight_decay · θ
v ← ρ · v + (1 − ρ) · g²
Δ ← √(u + eps) / √(v + eps) · g
u ← ρ · u + (1 − ρ) · Δ²
θ ← θ − lr · Δ
""",
        (
            lr_param(1.0),
            HyperParam("rho", 0.9, "decay of the running averages", low=0.0, high=1.0),
            eps_param(1e-6),
            weight_decay_param(),
        ),
        _ids.ADADELTA,
        "torch.optim.Adadelta",
    ),
    _spec(
        "adam",
        "Adam",
        "Momentum and RMSprop together, with both running means corrected for their start at zero.",
        "\ng ← ∇f(θ) + weight_decay · θ\n" + ADAM_MOMENTS,
        (
            lr_param(1e-3),
            BETA1,
            BETA2,
            eps_param(1e-8),
            weight_decay_param(),
            AMSGRAD,
        ),
        _ids.ADAM,
        "torch.optim.Adam",
    ),
    _spec(
        "adamw",
        "AdamW",
        "Adam with weight decay applied to the weights directly instead of through the "
        "gradient, so the decay is not rescaled by the adaptive step.",
        "\nθ ← θ · (1 − lr · weight_decay)\n" + ADAM_MOMENTS,
        (
            lr_param(1e-3),
            BETA1,
            BETA2,
            eps_param(1e-8),
            weight_decay_param(1e-2, "decoupled weight decay: shrinks the weights each step"),
            AMSGRAD,
        ),
        _ids.ADAMW,
        "torch.optim.AdamW",
    ),
    _spec(
        "adamax",
        "Adamax",
        "Adam with the infinity norm: steps are scaled by a decaying maximum of past "
        "gradient sizes.",
        """
g ← ∇f(θ) + weight_decay · θ
m ← β₁ · m + (1 − β₁) · g
u ← max(β₂ · u, |g| + eps)
θ ← θ − lr / (1 − β₁ᵗ) · m / u
""",
        (lr_param(2e-3), BETA1, BETA2, eps_param(1e-8), weight_decay_param()),
        _ids.ADAMAX,
        "torch.optim.Adamax",
    ),
    _spec(
        "nadam",
        "NAdam",
        "Adam with Nesterov momentum: the step uses the momentum it is about to have, with "
        "a momentum schedule that warms up over the first steps.",
        """
μₜ = β₁ (1 − ½ · 0.96^(t · momentum_decay))
m ← β₁ · m + (1 − β₁) · g
v ← β₂ · v + (1 − β₂) · g²
d = √(v / (1 − β₂ᵗ)) + eps
θ ← θ − lr (1 − μₜ) / (1 − Πᵢ≤ₜ μᵢ) · g / d
θ ← θ − lr μₜ₊₁ / (1 − Πᵢ≤ₜ₊₁ μᵢ) · m / d
""",
        (
            lr_param(2e-3),
            BETA1,
            BETA2,
            eps_param(1e-8),
            weight_decay_param(),
            HyperParam("momentum_decay", 4e-3, "speed of the momentum warm-up", **NONNEGATIVE),
            DECOUPLED,
        ),
        _ids.NADAM,
        "torch.optim.NAdam",
    ),
    _spec(
        "radam",
        "RAdam",
        "Rectified Adam: plain momentum steps while the variance estimate is unreliable, "
        "then Adam steps scaled by a rectification term.",
        """
m ← β₁ · m + (1 − β₁) · g
v ← β₂ · v + (1 − β₂) · g²
m̂ = m / (1 − β₁ᵗ)
ρ∞ = 2 / (1 − β₂) − 1
ρₜ = ρ∞ − 2t β₂ᵗ / (1 − β₂ᵗ)
if ρₜ > 5:
  r = √((ρₜ−4)(ρₜ−2)ρ∞ / ((ρ∞−4)(ρ∞−2)ρₜ))
  θ ← θ − lr · m̂ · r · √(1 − β₂ᵗ) / (√v + eps)
else:
  θ ← θ − lr · m̂
""",
        (lr_param(1e-3), BETA1, BETA2, eps_param(1e-8), weight_decay_param(), DECOUPLED),
        _ids.RADAM,
        "torch.optim.RAdam",
    ),
    _spec(
        "rprop",
        "Rprop",
        "Resilient backpropagation: only the sign of the gradient counts; each coordinate's "
        "step grows while the sign holds and shrinks when it flips.",
        """
η starts at lr, per coordinate
if g · g_prev > 0:  η ← min(η·eta_plus, step_max)
if g · g_prev < 0:  η ← max(η·eta_minus, step_min)
                    g ← 0
θ ← θ − sign(g) · η ;  g_prev ← g
""",
        (
            lr_param(1e-2),
            HyperParam(
                "eta_minus",
                0.5,
                "step shrink factor on a sign change",
                low=0.0,
                high=1.0,
                low_inclusive=False,
                high_inclusive=False,
            ),
            HyperParam(
                "eta_plus",
                1.2,
                "step growth factor while the sign holds",
                low=1.0,
                low_inclusive=False,
            ),
            HyperParam("step_min", 1e-6, "smallest step", **NONNEGATIVE, scale="log"),
            HyperParam("step_max", 50.0, "largest step", **NONNEGATIVE, scale="log"),
        ),
        _ids.RPROP,
        "torch.optim.Rprop",
        _check_rprop,
    ),
    _spec(
        "lion",
        "Lion",
        "Evolved sign momentum (Chen et al., 2023): every coordinate moves by exactly lr "
        "in the direction of an interpolated momentum's sign.",
        """
u ← sign((1 − β₁) · g + β₁ · m)
u ← u + weight_decay · θ
m ← (1 − β₂) · g + β₂ · m
θ ← θ − lr · u
""",
        (
            lr_param(1e-3),
            beta_param("beta1", 0.9, "interpolation for the update's sign"),
            beta_param("beta2", 0.99, "decay of the momentum"),
            weight_decay_param(1e-3, "decoupled weight decay"),
        ),
        _ids.LION,
        "optax.lion",
    ),
    _spec(
        "newton",
        "Newton's method",
        "Second order: divide the gradient by the curvature (the Hessian), jumping to the "
        "minimum of the local quadratic model. Damping adds λ·I to the Hessian.",
        """
θ ← θ − lr · (∇²f(θ) + damping · I)⁻¹ ∇f(θ)
""",
        (
            lr_param(1.0),
            HyperParam("damping", 0.0, "λ added to the Hessian's diagonal", **NONNEGATIVE),
        ),
        _ids.NEWTON,
        "textbook",
    ),
)


def _check_lbfgs(values: Mapping[str, Value]) -> None:
    if values["clip_norm"] is not None:
        raise ValueError(
            "lbfgs: clip_norm does not apply (its line search needs the true gradient)"
        )


LBFGS_SPEC = OptimizerSpec(
    "lbfgs",
    "L-BFGS",
    "torch.optim.LBFGS: a quasi-Newton method that builds the curvature from the last "
    "history_size gradient changes; each step runs up to max_iter iterations, moving by lr or "
    "by a strong-Wolfe line search. Full batch.",
    """
each of max_iter iterations:
  d ← −H·g   (H from the last history_size pairs s = Δθ, y = Δg, two-loop recursion)
  t ← lr   (first iteration: min(1, 1/‖g‖₁)·lr),  or a strong-Wolfe line search
  θ ← θ + t·d
stop early when max|g| ≤ tolerance_grad or the change is below tolerance_change
""".strip("\n"),
    (
        lr_param(1.0),
        HyperParam("max_iter", 20, "iterations per step", kind="int", low=1, high=1000),
        HyperParam(
            "max_eval",
            None,
            "evaluations per step (unset: max_iter * 5 / 4)",
            kind="int",
            low=1,
            high=100_000,
            optional=True,
        ),
        HyperParam(
            "tolerance_grad",
            1e-7,
            "stop when the largest gradient entry is below this",
            low=0.0,
            scale="log",
        ),
        HyperParam(
            "tolerance_change",
            1e-9,
            "stop when the loss or the step changes less",
            low=0.0,
            scale="log",
        ),
        HyperParam("history_size", 100, "curvature pairs kept", kind="int", low=1, high=1000),
        HyperParam(
            "line_search_fn",
            None,
            "strong_wolfe, or unset for fixed steps of lr",
            kind="choice",
            choices=("strong_wolfe",),
            optional=True,
        ),
        *COMMON_HYPERPARAMS,
    ),
    _ids.LBFGS,
    "torch.optim.LBFGS",
    _check_lbfgs,
)


OPTIMIZERS: dict[str, OptimizerSpec] = by_name(*_OPTIMIZER_SPECS, LBFGS_SPEC)
COMMON_NAMES = frozenset(p.name for p in COMMON_HYPERPARAMS)


NETWORK_ONLY = ("muon", "adafactor")
"""Optimizers of networks only (engine/models/optimizers.py): they need weight matrices."""


def optimizer_spec(name: str) -> OptimizerSpec:
    if name in NETWORK_ONLY:
        raise ValueError(
            f"{name} trains networks, not two-parameter losses; "
            f"use optstudio.train or 'optstudio train DATASET {name}'"
        )
    if name not in OPTIMIZERS:
        raise unknown_name("optimizer", name, OPTIMIZERS)
    return OPTIMIZERS[name]


def kernel_hyperparams(spec: OptimizerSpec, values: Mapping[str, Value]) -> np.ndarray:
    """The hyperparameters as the jitted step reads them: floats in spec order (a choice as
    its index, an unset value as 0)."""
    return np.array(
        [
            float(p.choices.index(str(values[p.name])))
            if p.kind == "choice" and values[p.name] is not None
            else float(values[p.name] or 0.0)  # type: ignore[arg-type]
            for p in spec.hyperparams
            if p.name not in COMMON_NAMES
        ],
        dtype=np.float64,
    )
