"""Two profiles of the suite: a quick one, README's command (every check, fewer random
examples, minutes on two cores), and a thorough one that CI also runs
(OPTSTUDIO_TESTS=thorough: many more examples of the stateful and fuzz tests)."""

from __future__ import annotations

import os

THOROUGH = os.environ.get("OPTSTUDIO_TESTS", "").lower() == "thorough"


def examples(quick: int, thorough: int) -> int:
    """How many random examples a property-based or stateful test draws in this profile."""
    return thorough if THOROUGH else quick
