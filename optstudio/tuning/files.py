"""A tuning study's trials as files: CSV (a row per trial and seed) or JSON (the study's
settings beside its rows), written whole or not at all."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from ..io.atomic import atomic_write
from .study import TuningResult


def write_trials(result: TuningResult, path: str | Path) -> int:
    """Write the table by the extension of `path` (.json, else CSV); the number of rows."""
    rows = result.rows()
    columns = list(dict.fromkeys(key for row in rows for key in row))
    plan = result.plan

    def write_csv(out) -> None:
        table = csv.DictWriter(out, columns, lineterminator="\n")
        table.writeheader()
        table.writerows(rows)

    def write_json(out) -> None:
        json.dump(
            {
                "metric": plan.metric,
                "sampler": plan.sampler,
                "sampler_seed": plan.sampler_seed,
                "trials": plan.trials,
                "seeds": plan.seed_list(),
                "spaces": {name: [d.text() for d in space] for name, space in plan.spaces.items()},
                "base": plan.base,
                "cancelled": result.cancelled,
                "rows": rows,
            },
            out,
            indent=1,
            default=str,
        )

    json_file = str(path).endswith(".json")
    atomic_write(Path(path), write_json if json_file else write_csv, binary=False)
    return len(rows)
