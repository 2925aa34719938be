"""Optimizers that only networks have: Muon and Adafactor (they need weight matrices).

Names, defaults and ranges are torch.optim's. `model_optimizer_spec` looks a name up among
these and the two-parameter catalogue, which every network trains with as well.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .. import _ids
from ..hyperparam_kinds import COMMON_HYPERPARAMS
from ..optimizers import COMMON_NAMES, OPTIMIZERS
from ..specs import HyperParam, OptimizerSpec, Value, by_name, unknown_name


def _rate(name: str, default: float, meaning: str, **bounds: float) -> HyperParam:
    return HyperParam(name, default, meaning, low=0.0, scale="log", **bounds)  # type: ignore[arg-type]


def _check_muon(values: Mapping[str, Value]) -> None:
    if values["momentum"] >= 1.0:  # type: ignore[operator]
        raise ValueError(f"muon: momentum must be below 1, got {values['momentum']}")


MUON_COEFFICIENTS = (3.4445, -4.7750, 2.0315)
"""torch.optim.Muon's Newton-Schulz coefficients (a, b, c)."""

MODEL_OPTIMIZERS: dict[str, OptimizerSpec] = by_name(
    OptimizerSpec(
        "muon",
        "Muon",
        "torch.optim.Muon on every weight matrix: momentum, then the update orthogonalised "
        "by five Newton-Schulz iterations, so that every direction of the matrix moves "
        "alike. The biases train with AdamW, as torch's documentation recommends.",
        """
weights W:  B ← μ·B + (1 − μ)·G
            U ← G + μ·(B − G)   (nesterov)   or   U ← B
            X ← U / ‖U‖;  5 × { A ← X·Xᵀ;  X ← a·X + (b·A + c·A²)·X }
            W ← W·(1 − lr·λ) − lr·√max(1, rows/cols) · X
biases:     AdamW with lr, adamw_beta1, adamw_beta2, adamw_eps, adamw_weight_decay
""".strip("\n"),
        (
            _rate("lr", 1e-3, "learning rate: the size of each step"),
            HyperParam("weight_decay", 0.1, "decoupled weight decay of the weights", low=0.0),
            HyperParam("momentum", 0.95, "momentum of the weights' update", low=0.0, high=1.0),
            HyperParam("nesterov", True, "Nesterov-style momentum", kind="bool"),
            HyperParam("ns_steps", 5, "Newton-Schulz iterations", kind="int", low=1, high=99),
            _rate("eps", 1e-7, "smallest norm the update is divided by"),
            HyperParam(
                "adjust_lr_fn",
                "original",
                "scale of lr per matrix: sqrt(max(1, rows/cols)), or 0.2 sqrt(max(rows, "
                "cols)) to match AdamW's update size",
                kind="choice",
                choices=("original", "match_rms_adamw"),
            ),
            HyperParam(
                "adamw_beta1",
                0.9,
                "AdamW's beta1 for the biases",
                low=0.0,
                high=1.0,
                high_inclusive=False,
            ),
            HyperParam(
                "adamw_beta2",
                0.999,
                "AdamW's beta2 for the biases",
                low=0.0,
                high=1.0,
                high_inclusive=False,
            ),
            _rate("adamw_eps", 1e-8, "AdamW's eps for the biases"),
            HyperParam("adamw_weight_decay", 0.01, "AdamW's weight decay of the biases", low=0.0),
            *COMMON_HYPERPARAMS,
        ),
        _ids.MUON,
        "torch.optim.Muon (weights) + torch.optim.AdamW (biases)",
        _check_muon,
    ),
    OptimizerSpec(
        "adafactor",
        "Adafactor",
        "torch.optim.Adafactor: Adam's second moments kept factored, one number per row "
        "and one per column of each weight matrix, with a step size relative to the "
        "parameters' own scale.",
        """
β₂ₜ = 1 − t^beta2_decay;  ρ = min(lr, 1/√t);  α = max(eps2, RMS(W))·ρ
W ← W·(1 − lr·weight_decay)
matrices:  R ← β₂ₜ·R + (1 − β₂ₜ)·mean_cols(G²);  C ← β₂ₜ·C + (1 − β₂ₜ)·mean_rows(G²)
           V = R·Cᵀ / max(mean(R), eps1)
vectors:   V ← β₂ₜ·V + (1 − β₂ₜ)·G²
U = G / √max(V, eps1²);   W ← W − α / max(1, RMS(U)/d) · U
""".strip("\n"),
        (
            _rate("lr", 1e-2, "learning rate (caps the relative step size)"),
            HyperParam("beta2_decay", -0.8, "decay exponent of beta2", high=0.0),
            HyperParam(
                "eps1",
                None,
                "floor of the variance estimate (unset: float64's machine epsilon)",
                low=0.0,
                scale="log",
                optional=True,
            ),
            _rate("eps2", 1e-3, "floor of the parameters' RMS in the step size"),
            HyperParam("d", 1.0, "clipping threshold of the update's RMS", low=1.0),
            HyperParam("weight_decay", 0.0, "decoupled weight decay", low=0.0),
            *COMMON_HYPERPARAMS,
        ),
        _ids.ADAFACTOR,
        "torch.optim.Adafactor",
    ),
)


def model_optimizer_spec(name: str) -> OptimizerSpec:
    """The spec of an optimizer a network can train with (every two-parameter one too)."""
    if name in MODEL_OPTIMIZERS:
        return MODEL_OPTIMIZERS[name]
    if name not in OPTIMIZERS:
        raise unknown_name("optimizer", name, {**OPTIMIZERS, **MODEL_OPTIMIZERS})
    return OPTIMIZERS[name]


def model_kernel_hyperparams(spec: OptimizerSpec, values: Mapping[str, Value]) -> np.ndarray:
    """The hyperparameters as the model kernel reads them: floats in spec order, a choice as
    its index, an unset value as NaN."""
    out = []
    for p in spec.hyperparams:
        if p.name in COMMON_NAMES:
            continue
        value = values[p.name]
        if value is None:
            out.append(float("nan"))
        elif p.kind == "choice":
            out.append(float(p.choices.index(str(value))))
        else:
            out.append(float(value))  # type: ignore[arg-type]
    return np.array(out, dtype=np.float64)


def initial_model_state(
    optimizer_id: int, h: np.ndarray, params: np.ndarray, first_lr: float
) -> tuple[np.ndarray, np.ndarray]:
    """The state (3, P) and shared (2,) floats of a model run before its first step."""
    from .._update_rules import initial_coordinate_state, initial_shared_state

    state = np.zeros((3, len(params)))
    if optimizer_id in (_ids.MUON, _ids.ADAFACTOR, _ids.LBFGS):
        shared = (1.0, 1.0) if optimizer_id == _ids.MUON else (0.0, 0.0)
        return state, np.array(shared)
    state[:] = initial_coordinate_state(optimizer_id, h, params, first_lr)
    return state, np.array(initial_shared_state(optimizer_id))


def refreshed_model_shared(optimizer_id: int, h: np.ndarray, step: int, shared) -> np.ndarray:
    """The shared floats after a beta changes mid-run, as torch's `beta ** step` gives them."""
    from .._update_rules import refreshed_shared_state

    if optimizer_id == _ids.MUON:  # AdamW's betas of the biases
        return np.array([float(h[7]) ** step, float(h[8]) ** step])
    if optimizer_id in (_ids.ADAFACTOR, _ids.LBFGS):
        return np.array(shared, dtype=np.float64)
    return np.array(refreshed_shared_state(optimizer_id, h, step, shared))
