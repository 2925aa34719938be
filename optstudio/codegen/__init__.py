"""The run as code: complete scripts in PyTorch, Keras and optax that reproduce a studio run.

`generate(config, framework)` takes a run's config (simulate's keyword arguments, as
`Run.config` gives them) and returns the script. Everything comes from the specs: the loss's
formula, the optimizer's hyperparameters, the schedule's arguments; each framework module maps
them to its own classes and says in a comment wherever it cannot follow the engine exactly.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

FRAMEWORKS = ("torch", "keras", "optax")
FRAMEWORK_NAMES = {"torch": "PyTorch", "keras": "TensorFlow / Keras", "optax": "JAX / optax"}


def generate(config: Mapping[str, Any], framework: str) -> str:
    """The script for `framework` (ValueError for an unknown one or an impossible export)."""
    from .common import RunSetup

    setup = RunSetup.from_config(config)
    if setup.optimizer == "lbfgs" and framework in ("keras", "optax"):
        raise ValueError(
            f"an L-BFGS script is written for PyTorch (torch.optim.LBFGS); "
            f"{FRAMEWORK_NAMES[framework]} has no L-BFGS that steps the same way"
        )
    if framework == "torch":
        from .torch_code import script
    elif framework == "keras":
        from .keras_code import script
    elif framework == "optax":
        from .optax_code import script
    else:
        raise ValueError(f"unknown framework '{framework}'; choose from {', '.join(FRAMEWORKS)}")
    return script(setup)


MODEL_FRAMEWORKS = ("torch", "optax", "keras")


def generate_model(config: Mapping[str, Any], framework: str) -> str:
    """The script of a model run (`ModelRun.config`) for `framework`."""
    if framework not in MODEL_FRAMEWORKS:
        raise ValueError(
            f"unknown framework '{framework}'; choose from {', '.join(MODEL_FRAMEWORKS)}"
        )
    if framework == "optax":
        from .model_optax import model_optax_script

        return model_optax_script(dict(config))
    if framework == "keras":
        from .model_keras import model_keras_script

        return model_keras_script(dict(config))
    from .model_torch import model_script

    return model_script(config)
