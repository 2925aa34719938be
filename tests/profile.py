"""Two profiles of the suite: a quick one, README's command (every check, fewer random
examples, minutes on two cores), and a thorough one that CI also runs
(OPTSTUDIO_TESTS=thorough: many more examples of the stateful and fuzz tests)."""

from __future__ import annotations

import os

THOROUGH = os.environ.get("OPTSTUDIO_TESTS", "").lower() == "thorough"


def examples(quick: int, thorough: int) -> int:
    """How many random examples a property-based or stateful test draws in this profile."""
    return thorough if THOROUGH else quick


def window_machine_settings(quick: int, thorough: int, steps: int):
    """Hypothesis settings of a stateful window test: a failure is reported as found, its
    steps printed in full (shrinking a window's sequence, each step waiting for the engine
    and the lab's worker, took many minutes), no deadline and no health checks."""
    from hypothesis import HealthCheck, Phase, settings

    return settings(
        phases=[Phase.explicit, Phase.reuse, Phase.generate],
        max_examples=examples(quick, thorough),
        stateful_step_count=steps,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
