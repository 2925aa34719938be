"""The run as code: complete scripts in PyTorch, Keras and optax that reproduce a studio run.

`generate(config, framework)` takes a landscape run's config (simulate's keyword arguments, as
`Run.config` gives them), `generate_model(config, framework)` a network run's
(`ModelRun.config`); both return the script. Each run is first described once
(`description.ScriptRun`); one module per framework writes either kind of run from that
description, mapping the specs (the loss, the optimizer's hyperparameters, the schedule's
arguments) to its own classes and saying in a comment wherever it cannot follow the engine
exactly. What every framework shares is written once in `common`, `landscape_code` and
`network_code`.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import import_module
from typing import Any

from .description import LANDSCAPE, NETWORK, describe

FRAMEWORKS = ("torch", "keras", "optax")
FRAMEWORK_NAMES = {"torch": "PyTorch", "keras": "TensorFlow / Keras", "optax": "JAX / optax"}


def generate(config: Mapping[str, Any], framework: str) -> str:
    """The script of a landscape run for `framework` (ValueError for an unknown framework or
    a run it cannot write)."""
    return _script(config, framework, LANDSCAPE)


def generate_model(config: Mapping[str, Any], framework: str) -> str:
    """The script of a network run (`ModelRun.config`) for `framework`."""
    return _script(config, framework, NETWORK)


def _script(config: Mapping[str, Any], framework: str, kind: str) -> str:
    if framework not in FRAMEWORKS:
        raise ValueError(f"unknown framework '{framework}'; choose from {', '.join(FRAMEWORKS)}")
    module = import_module(f"{__name__}.{framework}")
    return module.script(describe(config, kind, module.REFUSED[kind]))
