"""`optstudio run` (one optimizer on one loss: its rows as CSV, JSON or NPZ) and `list`."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from .options import UsageError, refuse_empty_out, run_config


def command_run(args: argparse.Namespace) -> int:
    from ..engine.runner import simulate
    from ..io.export import write_csv, write_run

    refuse_empty_out(args.out)
    run = simulate(**run_config(args))
    if args.out:
        try:
            path = write_run(run, args.out)
        except OSError as error:
            raise UsageError(f"cannot write '{args.out}': {error.strerror or error}") from None
        print(
            f"{run.optimizer.name} on {run.loss.name}: {run.status} after {run.step} steps, "
            f"loss {run.loss_values[-1]:.6g}; wrote {len(run)} rows to {path}",
            file=sys.stderr,
        )
    else:
        write_csv(run, sys.stdout)
    return 0


def catalogue() -> dict[str, Any]:
    from ..engine.losses import LOSSES
    from ..engine.optimizers import OPTIMIZERS
    from ..engine.schedules import SCHEDULES

    return {
        "losses": {
            name: {
                "description": s.description,
                "formula": s.formula,
                "kind": s.kind,
                "view": list(s.view),
                "start": list(s.default_start),
                "parameters": [p.to_dict() for p in s.params],
            }
            for name, s in LOSSES.items()
        },
        "optimizers": {name: optimizer_entry(s) for name, s in OPTIMIZERS.items()},
        "schedules": {
            name: {
                "description": s.description,
                "torch": s.torch_name,
                "arguments": [p.to_dict() for p in s.args],
            }
            for name, s in SCHEDULES.items()
        },
        **model_catalogue(),
    }


def optimizer_entry(spec: Any) -> dict[str, Any]:
    """An optimizer as `list --json` shows it."""
    return {
        "display_name": spec.display_name,
        "description": spec.description,
        "update_rule": spec.update_rule,
        "reference": spec.reference,
        "hyperparameters": [p.to_dict() for p in spec.hyperparams],
    }


DATASET_DESCRIPTIONS = {
    "circle": "binary: a disc inside a ring (Playground)",
    "xor": "binary: the signs of x1 and x2 agree or not (Playground)",
    "gauss": "binary: two Gaussian blobs (Playground)",
    "spiral": "binary: two interleaved spirals (Playground)",
    "plane": "regression: a tilted plane (Playground)",
    "gaussians": "regression: six Gaussian bumps of either sign (Playground)",
    "boundary": "binary: the side of a boundary you type, --boundary 'y > sin(2*x)'",
    "drawn": "binary: points drawn by hand in the lab, kept in its session (or csv:PATH)",
    "digits": "10 classes: 1,797 handwritten digits, 8x8 pixels in [0, 1] (UCI, BSD)",
}


def model_catalogue() -> dict[str, Any]:
    """What `optstudio train` accepts: data sets, network shapes and their limits."""
    from ..engine.models.datasets import (
        DEFAULT_FEATURES,
        DEFAULT_SAMPLES,
        DEFAULT_TEST_FRACTION,
        FEATURES,
        NOISE_RANGE,
        SAMPLES_RANGE,
        TEST_FRACTION_RANGE,
    )
    from ..engine.models.mlp import ACTIVATIONS, MAX_HIDDEN_LAYERS, UNITS_RANGE
    from ..engine.models.optimizers import MODEL_OPTIMIZERS

    return {
        "datasets": {
            **DATASET_DESCRIPTIONS,
            "csv:PATH": "your table: numeric feature columns, then the label column",
        },
        "data_parameters": {
            "n_samples": {"default": DEFAULT_SAMPLES, "range": list(SAMPLES_RANGE)},
            "noise": {"default": 0.0, "range": list(NOISE_RANGE)},
            "test_fraction": {
                "default": DEFAULT_TEST_FRACTION,
                "range": list(TEST_FRACTION_RANGE),
            },
            "features": {"default": list(DEFAULT_FEATURES), "choices": list(FEATURES)},
        },
        "models": {
            "kind": "multi-layer perceptron (torch.nn.Sequential of Linear layers)",
            "hidden_layers": [0, MAX_HIDDEN_LAYERS],
            "units": list(UNITS_RANGE),
            "activations": list(ACTIVATIONS),
            "regularization": ["none", "l1", "l2"],
            "optimizers": {name: optimizer_entry(s) for name, s in MODEL_OPTIMIZERS.items()},
            "losses": {
                "binary": "binary cross-entropy with logits",
                "multiclass": "softmax cross-entropy",
                "regression": "mean squared error",
            },
        },
    }


def param_line(p: dict[str, Any]) -> str:
    default = p["default"]
    default_text = (
        "unset"
        if default is None
        else str(default).lower()
        if isinstance(default, bool)
        else str(default)
    )
    return f"      {p['name']:<26} {default_text:<10} {p['range']:<24} {p['meaning']}"


def _optimizer_lines(optimizers: dict[str, Any]) -> list[str]:
    """Each optimizer's name, what it is, and its hyperparameters, one a line."""
    out = []
    for name, optimizer in optimizers.items():
        out.append(f"  {name}: {optimizer['display_name']} ({optimizer['reference']})")
        out.extend(param_line(p) for p in optimizer["hyperparameters"])
    return out


def command_list(args: argparse.Namespace) -> int:
    data = catalogue()
    if args.json:
        print(json.dumps(data, indent=1))
        return 0
    out = ["LOSSES (name: formula; parameters with default and range)"]
    for name, loss in data["losses"].items():
        out.append(f"  {name}: {loss['formula']}")
        out.extend(param_line(p) for p in loss["parameters"])
    out.append("")
    out.append("OPTIMIZERS (name: what it is; hyperparameters with default and range)")
    out.extend(_optimizer_lines(data["optimizers"]))
    out.append("")
    out.append("DATA SETS (optstudio train DATASET OPTIMIZER)")
    out.extend(f"  {name}: {text}" for name, text in data["datasets"].items())
    models = data["models"]
    low, high = models["units"]
    out.append("")
    out.append("MODELS (optstudio train --hidden, --activation, --regularization)")
    out.append(
        f"  {models['kind']}: 0 to {models['hidden_layers'][1]} hidden layers of {low} to "
        f"{high} units; activations {', '.join(models['activations'])}; regularization "
        f"{', '.join(models['regularization'])}"
    )
    out.extend(f"  {task}: {loss}" for task, loss in models["losses"].items())
    out.append("  optimizers: every one above, and these for networks only:")
    out.extend(_optimizer_lines(models["optimizers"]))
    out.append("")
    out.append("SCENARIOS (optstudio --preset NAME)")
    from ..studies.gallery import PRESETS

    out.extend(f"  {p.name}: {p.title}" for p in PRESETS)
    out.append("")
    out.append("SCHEDULES (--schedule NAME[:ARG=VALUE,...]; torch.optim.lr_scheduler names)")
    for name, schedule in data["schedules"].items():
        out.append(f"  {name}: {schedule['description']} [{schedule['torch']}]")
        out.extend(param_line(p) for p in schedule["arguments"])
    print("\n".join(out))
    return 0
