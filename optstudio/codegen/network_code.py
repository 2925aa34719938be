"""The parts of a network run's script that every framework shares: its settings, the data and
the initial weights written out, so the script needs nothing but its framework."""

from __future__ import annotations

import numpy as np

from .._version import __version__
from ..engine.recorded_run import DIVERGENCE_BOUND
from .common import number
from .description import ScriptRun


def rows(values: np.ndarray) -> str:
    """An array as a nested list literal that reads back to the same doubles."""
    if values.ndim == 1:
        return "[" + ", ".join(number(v) for v in values.tolist()) + "]"
    return "[\n" + "".join(f"    {rows(row)},\n" for row in values) + "]"


def header(run: ScriptRun, framework: str) -> str:
    sizes = "-".join(map(str, run.run.network.sizes))
    return (
        f'"""{run.run.optimizer.display_name} training a {sizes} {run.run.network.activation_text} '
        f"network on {run.run.data.name}, as optstudio {__version__} trained it, in "
        f"{framework}.\n\nThe same data, initial weights, hyperparameters, schedule, batches "
        'and number of steps.\n"""\n'
    )


def settings_code(run: ScriptRun, array: str, flat: bool) -> str:
    """The run's settings, data and initial weights as constants; `array` wraps a nested list
    into the framework's tensor ({}), `flat` adds the layers' shapes and the weights' mask for
    a script that keeps the parameters one flat vector."""
    model, data = run.run, run.run.data
    lines = [
        f"STEPS = {run.steps}",
        f"SEED = {model.seed}",
        f"BOUND = {number(DIVERGENCE_BOUND)}  # a parameter beyond this counts as diverged",
        f"BATCH_SIZE = {run.batch_size}",
        f"N_SAMPLES = {run.n_samples}  # training rows",
        f"REGULARIZATION = {model.regularization!r}",
        f"REG_RATE = {number(model.reg_rate)}",
        f"GRAD_NOISE = {number(run.noise)}",
        f"CLIP_NORM = {number(run.clip)}",
    ]
    if flat:
        layers = [list(layer) for layer in model.layers]
        lines.append(f"LAYERS = {layers}  # (in, out) of each Linear")
    lines += [
        f"# features: {', '.join(data.features)}",
        f"X_TRAIN = {array.format(rows(data.x_train))}",
        f"Y_TRAIN = {array.format(rows(data.y_train))}",
        f"X_TEST = {array.format(rows(data.x_test))}",
        f"Y_TEST = {array.format(rows(data.y_test))}",
        f"INITIAL = {rows(model.initial)}",
    ]
    if flat:
        mask = rows(model.network.weight_mask())
        lines.append(f"WEIGHTS = {array.format(mask)}  # 1 for a weight, 0 for a bias")
    return "\n".join(lines) + "\n"


def main_code(run: ScriptRun, evaluate: list[str]) -> str:
    """The end of a network script: train, then print the final losses (and the test
    accuracy of a classifier); `evaluate` sets train_loss, test_loss and, for a classifier,
    correct, from the last row."""
    shown = "" if run.run.network.task == "regression" else ", test accuracy {float(correct):.1%}"
    return (
        '\n\nif __name__ == "__main__":\n'
        "    rows = train()\n"
        + "".join(f"    {line}\n" for line in evaluate)
        + '    print(f"{len(rows) - 1} steps: train loss {float(train_loss):.6g}, "\n'
        f'          f"test loss {{float(test_loss):.6g}}{shown}")\n'
    )
