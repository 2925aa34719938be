"""The JAX / optax script of a model run: the same network (its parameters one flat vector, in
torch's Sequential layout, as the studio keeps them), the same data, initial weights and
batches, and the optax optimizer the two-parameter scripts use for the same settings
(`optax_code._optimizer`, with its notes where optax differs from torch), or the update in
jax.numpy where optax has none (textbook Nesterov, torch's Rprop).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .._version import __version__
from ..engine.runner import DIVERGENCE_BOUND
from .common import RNG_CODE, gradient_tail, indent, number, penalty_code
from .model_torch import NOISE_CODE, _rows, script_run
from .optax_code import _optimizer, _rate_code

REFUSED = {
    "newton": "newton on a network has no optax script (optax has no Newton optimizer)",
    "muon": "muon's optax script is not written: optax.contrib.muon orthogonalises differently",
    "adafactor": "adafactor's optax script is not written: optax.adafactor follows the paper, "
    "not torch.optim.Adafactor",
    "lbfgs": "lbfgs's optax script is not written: optax.lbfgs searches lines differently",
}
ACTIVATIONS = {
    "relu": "jax.nn.relu(z)",
    "tanh": "jnp.tanh(z)",
    "sigmoid": "jax.nn.sigmoid(z)",
    "linear": "z",
}
LOSSES = {
    "binary": "jnp.mean(jnp.maximum(z, 0) - z * y + jnp.log1p(jnp.exp(-jnp.abs(z))))",
    "multiclass": "jnp.mean(jax.nn.logsumexp(out, axis=1) - out[jnp.arange(len(y)), "
    "y.astype(int)])",
    "regression": "jnp.mean((out - y[:, None]) ** 2)",
}


@dataclass
class _ModelSetup:
    """What the optax helpers read of a run (`RunSetup`'s names), for a model run."""

    run: Any
    steps: int

    @property
    def optimizer(self) -> str:
        return self.run.optimizer.name

    @property
    def hyper(self) -> dict[str, Any]:
        return self.run.hyperparams

    @property
    def minibatch(self) -> bool:
        size = self.run.batch_size
        return size is not None and size < len(self.run.data.x_train)

    @property
    def noise(self) -> float:
        return self.run.grad_noise

    @property
    def clip(self) -> float:
        return float(self.hyper.get("clip_norm") or 0.0)

    @property
    def maximize(self) -> bool:
        return bool(self.hyper.get("maximize"))

    def rates(self) -> list[float]:
        return [float(v) for v in self.run.learning_rates(0, self.steps)]

    def schedule_note(self) -> str:
        schedule = self.run.schedule
        return "" if schedule is None else f"schedule {schedule.to_config()}"


def model_optax_script(config: dict[str, Any]) -> str:
    run, steps = script_run(config, REFUSED)
    setup = _ModelSetup(run, steps)
    data = run.data
    sizes = "-".join(map(str, run.network.sizes))
    mask = run.network.weight_mask()
    parts = [
        f'"""{run.optimizer.display_name} training a {sizes} {run.network.activation} network '
        f"on {data.name}, as optstudio {__version__} trained it, in JAX / optax.\n\n"
        "The same data, initial weights, hyperparameters, schedule, batches and number of "
        'steps.\n"""\n\nimport math\n\nimport jax\n\n'
        'jax.config.update("jax_enable_x64", True)  # float64, as the studio computes\n\n'
        "import jax.numpy as jnp  # noqa: E402\nimport optax  # noqa: E402\n\n",
        f"STEPS = {steps}\nSEED = {run.seed}\nBOUND = {number(DIVERGENCE_BOUND)}\n",
        f"BATCH_SIZE = {run.batch_size or len(data.x_train)}\nN_SAMPLES = {len(data.x_train)}\n",
        f"REGULARIZATION = {run.regularization!r}\nREG_RATE = {number(run.reg_rate)}\n",
        f"GRAD_NOISE = {number(run.grad_noise)}\nCLIP_NORM = {number(setup.clip)}\n",
        f"LAYERS = {[list(layer) for layer in run.layers]}  # (in, out) of each Linear\n",
        f"# features: {', '.join(data.features)}\n",
        f"X_TRAIN = jnp.array({_rows(data.x_train)})\nY_TRAIN = jnp.array({_rows(data.y_train)})\n",
        f"X_TEST = jnp.array({_rows(data.x_test)})\nY_TEST = jnp.array({_rows(data.y_test)})\n",
        f"INITIAL = {_rows(run.initial)}\n",
        f"WEIGHTS = jnp.array({_rows(mask)})  # 1 for a weight, 0 for a bias\n",
    ]
    if setup.minibatch or run.grad_noise:
        parts.append(RNG_CODE)
    if run.grad_noise:
        parts.append(NOISE_CODE)
    parts += [
        _network_code(run.network.activation, run.network.task),
        _gradient_code(setup),
        "\n\n" + _rate_code(setup),  # type: ignore[arg-type]
        "\ntheta = jnp.array(INITIAL)\n",
        *_optimizer_code(setup),
        _main_code(run.network.task),
    ]
    return "".join(parts)


def _network_code(activation: str, task: str) -> str:
    return (
        "\n\ndef forward(theta, x):\n"
        '    """The network on rows x: each layer\'s weight (out, in), then its bias."""\n'
        "    start = 0\n"
        "    for k, (n_in, n_out) in enumerate(LAYERS):\n"
        "        w = theta[start : start + n_out * n_in].reshape(n_out, n_in)\n"
        "        b = theta[start + n_out * n_in : start + n_out * n_in + n_out]\n"
        "        start += n_out * n_in + n_out\n"
        "        z = x @ w.T + b\n"
        f"        x = {ACTIVATIONS[activation]} if k < len(LAYERS) - 1 else z\n"
        "    return x\n"
        "\n\ndef data_loss(theta, x, y):\n"
        "    out = forward(theta, x)\n"
        "    z = out[:, 0]\n"
        f"    return {LOSSES[task]}\n"
        "\n\ndef loss_fn(theta, batch=None):\n"
        '    """The objective: the data loss of `batch` (all rows by default) plus the penalty\n'
        '    on the weights: l1 rate sum|w|, l2 rate sum w^2 / 2."""\n'
        "    x, y = (X_TRAIN, Y_TRAIN) if batch is None else (X_TRAIN[batch], Y_TRAIN[batch])\n"
        "    loss = data_loss(theta, x, y)\n"
    ) + penalty_code("jnp.sum(jnp.abs(theta) * WEIGHTS)", "jnp.sum(theta * theta * WEIGHTS)")


def _gradient_code(setup: _ModelSetup) -> str:
    batch = "jnp.array(batch_of(step))" if setup.minibatch else "None"
    noise = "jnp.array([normal_lane(SEED, step, k) for k in range(len(point))])"
    lines = [
        "\n\ndef gradient(point, step):",
        '    """The gradient the step reads, in the studio\'s order (noise, clipping, the sign',
        '    of maximize, then an L2 weight decay where torch adds one)."""',
        f"    grad = jax.grad(loss_fn)(point, {batch})",
        *gradient_tail(setup, noise, "jnp.linalg.norm(grad)", "optax"),  # type: ignore[arg-type]
    ]
    return "\n".join(lines) + "\n"


def _optimizer_code(setup: _ModelSetup) -> list[str]:
    h = setup.hyper
    lr = "LEARNING_RATE(step)" if setup.run.schedule is not None else "LEARNING_RATE"
    if setup.optimizer == "nesterov":
        state = [
            "# optax has no textbook Nesterov: the update is written in jax.numpy.\n",
            f"BETA = {number(h['beta'])}\nprevious = theta  # theta one step ago\n",
        ]
        step = [
            "ahead = theta + BETA * (theta - previous)",
            "previous = theta",
            f"candidate = ahead - {lr} * gradient(ahead, step)",
        ]
        return [*state, _train_code(step, "theta, previous")]
    if setup.optimizer == "adagrad":
        state = [
            "# torch's Adagrad, written in jax.numpy: optax.adagrad adds eps inside the square\n"
            "# root, which moves a network's rarely used weights by a different amount.\n",
            f"LR_DECAY, EPS = {number(h['lr_decay'])}, {number(h['eps'])}\n",
            f"accumulator = jnp.full_like(theta, {number(h['initial_accumulator_value'])})\n",
        ]
        step = [
            "grad = gradient(theta, step)",
            "accumulator = accumulator + grad * grad",
            f"decayed = {lr} / (1 + step * LR_DECAY)",
            "candidate = theta - decayed * (grad / (jnp.sqrt(accumulator) + EPS))",
        ]
        return [*state, _train_code(step, "theta, accumulator")]
    if setup.optimizer == "rprop":
        first = number(setup.run.learning_rates(0, 1)[0])
        state = [
            "# torch's Rprop, written in jax.numpy (optax.rprop keeps its previous update).\n",
            f"ETA_MINUS, ETA_PLUS = {number(h['eta_minus'])}, {number(h['eta_plus'])}\n",
            f"STEP_MIN, STEP_MAX = {number(h['step_min'])}, {number(h['step_max'])}\n",
            "previous = jnp.zeros_like(theta)\n",
            f"step_size = jnp.full_like(theta, {first})\n",
        ]
        step = [
            "grad = gradient(theta, step)",
            "product = grad * previous",
            "factor = jnp.where(product > 0, ETA_PLUS, jnp.where(product < 0, ETA_MINUS, 1.0))",
            "step_size = jnp.clip(step_size * factor, STEP_MIN, STEP_MAX)",
            "grad = jnp.where(factor == ETA_MINUS, 0.0, grad)",
            "previous = grad",
            "candidate = theta - jnp.sign(grad) * step_size",
        ]
        return [*state, _train_code(step, "theta, previous, step_size")]
    constructor, notes = _optimizer(setup)  # type: ignore[arg-type]
    step = [
        "updates, state = optimizer.update(gradient(theta, step), state, theta)",
        "candidate = optax.apply_updates(theta, updates)",
    ]
    return [
        "".join(f"# Note: {note}\n" for note in notes),
        f"optimizer = {constructor}\nstate = optimizer.init(theta)\n",
        _train_code(step, "theta, state"),
    ]


def _train_code(step_lines: list[str], globals_: str) -> str:
    body = [
        "rows = [theta]",
        "for step in range(STEPS):",
        *["    " + line for line in step_lines],
        "    if not bool(jnp.all(jnp.isfinite(candidate))) or float(jnp.max(jnp.abs(candidate)))"
        " > BOUND:",
        "        break  # diverged: the last good parameters stay",
        "    theta = candidate",
        "    rows.append(theta)",
        "return jnp.stack(rows)",
    ]
    return (
        "\n\ndef train():\n"
        '    """Take the steps; every step\'s parameters, one row each (the initial first)."""\n'
        f"    global {globals_}\n" + indent(body)
    )


def _main_code(task: str) -> str:
    if task == "regression":
        accuracy = ""
    elif task == "binary":
        accuracy = (
            "    correct = jnp.mean((forward(rows[-1], X_TEST)[:, 0] > 0) == (Y_TEST > 0.5))\n"
        )
    else:
        accuracy = (
            "    correct = jnp.mean(jnp.argmax(forward(rows[-1], X_TEST), axis=1) == Y_TEST)\n"
        )
    shown = "" if task == "regression" else ", test accuracy {float(correct):.1%}"
    return (
        '\n\nif __name__ == "__main__":\n'
        "    rows = train()\n"
        "    train_loss = data_loss(rows[-1], X_TRAIN, Y_TRAIN)\n"
        "    test_loss = data_loss(rows[-1], X_TEST, Y_TEST)\n"
        + accuracy
        + '    print(f"{len(rows) - 1} steps: train loss {float(train_loss):.6g}, "\n'
        f'          f"test loss {{float(test_loss):.6g}}{shown}")\n'
    )
