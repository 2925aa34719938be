"""What the scripts that keep the parameters one flat vector share (Keras's and optax's, for
either kind of run): the opening (header, imports, settings and the loss), the network's
functions in the framework's words, the order of a script's parts, and its end."""

from __future__ import annotations

from dataclasses import dataclass

from ..engine.models.mlp import Network
from . import landscape_code, network_code
from .common import (
    gradient_function,
    landscape_main,
    noise_code,
    number,
    penalty_code,
    random_code,
    train_function,
)
from .description import ScriptRun
from .landscape_code import Dialect

ByHand = tuple[str, list[str], list[str], str]
"""An update written in the framework's operations: (why, the state's set-up, the step's
lines, the globals a step changes)."""


@dataclass(frozen=True)
class FlatNetwork:
    """A framework's words for a network kept as one flat parameter vector theta (in torch's
    Sequential layout, as the studio keeps it): a layer's weight cut out of theta, the
    layer's product, the rows of a batch, the sums of the penalty, and each activation and
    loss (of out, its first column z, and the targets y)."""

    weight: str
    product: str
    select: tuple[str, ...]
    l1: str
    l2: str
    activations: dict[str, str]
    losses: dict[str, str]


def network_functions(words: FlatNetwork, network: Network) -> str:
    """forward, data_loss and loss_fn of a flat-vector script of `network`, in `words`."""
    task = network.task
    if isinstance(network.activation, str):
        activate = words.activations[network.activation]
        opening = ""
    else:  # one activation per hidden layer
        activate = "activate(k, z)"
        branches = [
            f"    if k == {k}:\n        return {words.activations[name]}\n"
            for k, name in enumerate(network.activation[:-1])
        ]
        last = words.activations[network.activation[-1]]
        opening = (
            '\n\ndef activate(k, z):\n    """Hidden layer k\'s activation."""\n'
            + "".join(branches)
            + f"    return {last}\n"
        )
    return (
        opening + "\n\ndef forward(theta, x):\n"
        '    """The network on rows x: each layer\'s weight (out, in), then its bias."""\n'
        "    start = 0\n"
        "    for k, (n_in, n_out) in enumerate(LAYERS):\n"
        f"        w = {words.weight}\n"
        "        b = theta[start + n_out * n_in : start + n_out * n_in + n_out]\n"
        "        start += n_out * n_in + n_out\n"
        f"        z = {words.product}\n"
        f"        x = {activate} if k < len(LAYERS) - 1 else z\n"
        "    return x\n"
        "\n\ndef data_loss(theta, x, y):\n"
        "    out = forward(theta, x)\n"
        "    z = out[:, 0]\n"
        f"    return {words.losses[task]}\n"
        "\n\ndef loss_fn(theta, batch=None):\n"
        '    """The objective: the data loss of `batch` (all rows by default) plus the penalty\n'
        '    on the weights: l1 rate sum|w|, l2 rate sum w^2 / 2."""\n'
        + "".join(f"    {line}\n" for line in words.select)
        + "    loss = data_loss(theta, x, y)\n"
        + penalty_code(words.l1, words.l2)
    )


@dataclass(frozen=True)
class Tensors:
    """A framework's words for a vector: a nested list wrapped into its tensor ({}), the
    number of entries of `point`, and the norm of `grad`."""

    array: str
    length: str
    norm: str


@dataclass(frozen=True)
class FlatFramework:
    """A flat-vector framework ("TensorFlow / Keras": its short name, Keras, follows the
    slash), its imports, its words for a vector, a two-parameter loss and a network."""

    name: str
    imports: str
    tensors: Tensors
    landscape: Dialect
    network: FlatNetwork

    @property
    def short(self) -> str:
        return self.name.split(" / ")[-1]


def opening(run: ScriptRun, framework: FlatFramework) -> str:
    """The script up to its loss: header, imports, settings (and data), the loss."""
    if run.network:
        preamble = network_code.header(run, framework.name) + framework.imports
        preamble += network_code.settings_code(run, framework.tensors.array, flat=True)
        return preamble + random_code(run) + network_functions(framework.network, run.run.network)
    preamble = landscape_code.header(run, framework.name) + framework.imports
    preamble += landscape_code.settings_code(run) + random_code(run)
    return preamble + landscape_code.loss_code(run, framework.landscape)


def gradient_code(run: ScriptRun, framework: FlatFramework, compute: list[str]) -> str:
    """`gradient(point, step)`, from the loss's gradient `compute` in the framework's terms."""
    tensors = framework.tensors
    noise = noise_code(run, tensors.array, tensors.length)
    return gradient_function(run, compute, noise, tensors.norm, framework.short)


def nesterov_by_hand(run: ScriptRun, why: str, lr: str, copy: str) -> ByHand:
    """The textbook Nesterov step (the gradient at the point the momentum carries theta to),
    for frameworks whose nesterov flag is Sutskever's reformulation; `copy` is theta copied."""
    return (
        why,
        [f"BETA = {number(run.hyper['beta'])}", f"previous = {copy}  # theta one step ago"],
        [
            "ahead = theta + BETA * (theta - previous)  # where the momentum carries theta",
            f"previous = {copy}",
            f"candidate = ahead - {lr} * gradient(ahead, step)",
        ],
        "theta, previous",
    )


def assemble(
    run: ScriptRun,
    framework: FlatFramework,
    middle: list[str],
    body: list[str],
    globals_: str,
    main: str,
) -> str:
    """The whole script: the opening, then `middle` (gradient, rates, optimizer state), then
    train() around the loop `body` (changing `globals_`), then `main`."""
    train = train_function(body, globals_, run.network)
    return "".join([opening(run, framework), *middle, train, main])


def main_code(run: ScriptRun, last_point: str, accuracy: list[str]) -> str:
    """The end: a landscape script prints where the path ended (`last_point` of the path); a
    network script prints the final losses and, from `accuracy`, a classifier's accuracy."""
    if not run.network:
        return landscape_main(last_point)
    evaluate = [
        "train_loss = data_loss(rows[-1], X_TRAIN, Y_TRAIN)",
        "test_loss = data_loss(rows[-1], X_TEST, Y_TEST)",
    ]
    return network_code.main_code(run, evaluate + accuracy)
