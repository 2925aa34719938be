"""Every kernel the studio runs, compiled once into numba's cache.

Why: numba compiles a kernel the first time it meets each optimizer (each is a type of its
own in the kernels), a few seconds apiece, so a fresh installation made its first lab wait
half a minute. The desktop bundle runs this at build time, for the generic CPU its frozen
application targets (`optstudio/frozen.py`), and ships the cache: a user's first model step
loads its kernel instead of compiling it. A formula typed by the user runs as a small program
in a loop of its own (`_kernel.loss_tag`), compiled here once for every formula.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

PARTS = ("landscape", "network")
"""precompile's two halves, which share little but the update rules: the two-parameter loop,
its sweeps and the map's kernels (120 s on one core of the project's test machine, cold); and
the network passes with every optimizer's training kernel and the lab's drawing kernels
(116 s, the first network kernel 37 s of it; both measured side by side). Two processes can
compile one half each at once (the test suite's workers do) and compile almost nothing
twice."""


def precompile(
    report: Callable[[str], None] = print, parts: tuple[str, ...] = PARTS
) -> dict[str, float]:
    """Compile (or load) every kernel: landscape runs of each optimizer on an analytic loss, a
    typed formula and a data loss, their sweeps, path reduction, the map's grid, the Hessian
    at a point (the theory panel's and the step explainer's; since formulas have a loop of
    their own, no run compiles it), network runs of each optimizer (each its own kernel), and
    the lab's drawing kernels (boundaries, predictions, the loss-landscape plane); `parts`
    picks halves of PARTS.
    Returns the seconds each part took."""
    seconds: dict[str, float] = {}

    def timed(part: str, work: Callable[[], object]) -> None:
        began = time.perf_counter()
        work()
        seconds[part] = time.perf_counter() - began
        report(f"{part}: {seconds[part]:.1f} s")

    if "landscape" in parts:
        _landscape_kernels(timed)
    if "network" in parts:
        _network_kernels(timed)
    return seconds


def _landscape_kernels(timed: Callable[[str, Callable[[], object]], None]) -> None:
    from .. import simulate
    from .losses import make_loss
    from .optimizers import OPTIMIZERS
    from .path_reduction import PixelGrid, reduced
    from .sweep import Axis, sweep

    for name in OPTIMIZERS:
        data_loss = {} if name == "lbfgs" else {"batch_size": 10}
        timed(
            f"landscape {name}",
            lambda name=name, extra=data_loss: (
                simulate("rosenbrock", name, steps=3),
                simulate("expr:x^2 + y^2", name, steps=3),
                simulate("logreg", name, steps=3, **extra),
            ),
        )
        if name != "lbfgs":  # L-BFGS steps in numpy
            for loss in ("rosenbrock", "expr:x^2 + y^2"):
                config = {"loss": loss, "optimizer": name, "steps": 3}
                timed(
                    f"sweep {name} on {loss}",
                    lambda c=config: sweep(c, [Axis("lr", 0.01, 0.02, 2)]),
                )
    run = simulate("rosenbrock", "adam", steps=50)
    timed("path reduction", lambda: reduced(run.path, PixelGrid(-2, 2, -1, 3, 100, 100)))
    axis = np.linspace(-1.0, 1.0, 3)
    for loss in ("rosenbrock", "logreg"):
        timed(
            f"the map's grid and a point's curvature on {loss}",
            lambda loss=loss: (make_loss(loss).grid(axis, axis), make_loss(loss).hessian(0, 0)),
        )


def _network_kernels(timed: Callable[[str, Callable[[], object]], None]) -> None:
    from .. import train
    from ..live.verdicts import verdicts
    from .models.optimizers import MODEL_OPTIMIZERS
    from .models.plane import landscape
    from .optimizers import OPTIMIZERS

    for name in [*MODEL_OPTIMIZERS, *OPTIMIZERS]:
        # every optimizer is a type of its own in the training kernel: the first compiles
        # the passes all of them share (about a minute), each other one a few seconds
        timed(f"network {name}", lambda name=name: train("circle", name, hidden=(3,), steps=2))
    probe = train("circle", "adam", hidden=(3,), steps=2)
    theta = probe.params[-1]

    def drawing() -> None:
        verdicts(probe, {0: theta}, lambda: False)
        landscape(probe.network, [np.stack([theta, theta])], probe.data.x_train[:2],
                  probe.data.y_train[:2], method="random", resolution=2)  # fmt: skip

    timed("boundaries and plane", drawing)
