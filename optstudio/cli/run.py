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
        "optimizers": {
            name: {
                "display_name": s.display_name,
                "description": s.description,
                "update_rule": s.update_rule,
                "reference": s.reference,
                "hyperparameters": [p.to_dict() for p in s.hyperparams],
            }
            for name, s in OPTIMIZERS.items()
        },
        "schedules": {
            name: {
                "description": s.description,
                "torch": s.torch_name,
                "arguments": [p.to_dict() for p in s.args],
            }
            for name, s in SCHEDULES.items()
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
    for name, optimizer in data["optimizers"].items():
        out.append(f"  {name}: {optimizer['display_name']} ({optimizer['reference']})")
        out.extend(param_line(p) for p in optimizer["hyperparameters"])
    out.append("")
    out.append("SCENARIOS (optstudio --preset NAME)")
    from ..presets import PRESETS

    out.extend(f"  {p.name}: {p.title}" for p in PRESETS)
    out.append("")
    out.append("SCHEDULES (--schedule NAME[:ARG=VALUE,...]; torch.optim.lr_scheduler names)")
    for name, schedule in data["schedules"].items():
        out.append(f"  {name}: {schedule['description']} [{schedule['torch']}]")
        out.extend(param_line(p) for p in schedule["arguments"])
    print("\n".join(out))
    return 0
