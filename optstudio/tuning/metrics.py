"""What a tuning study ranks trials by, which way is better, and what a failed trial counts as
(the trials, the pruners and the study's table each need them)."""

from __future__ import annotations

import math

METRICS = {
    "final_test_loss": "minimize",
    "best_test_loss": "minimize",
    "final_test_accuracy": "maximize",
    "best_test_accuracy": "maximize",
}


def worst(metric: str) -> float:
    """The value a failed trial counts as."""
    return math.inf if METRICS[metric] == "minimize" else 0.0
