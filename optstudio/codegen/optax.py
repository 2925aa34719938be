"""The JAX / optax script of a run of either kind: the parameters one flat vector (a network's
in torch's Sequential layout, as the studio keeps them), an optax optimizer where one matches
the studio's (torch's) update, the closest one with a comment where it does not, and the
update in jax.numpy where optax has none."""

from __future__ import annotations

from . import landscape_code, network_code
from .common import (
    batch_code,
    flat_train_body,
    gradient_function,
    landscape_main,
    noise_code,
    number,
    penalty_code,
    random_code,
    rate_table,
    train_function,
)
from .description import LANDSCAPE, NETWORK, ScriptRun
from .landscape_code import Dialect

NAME = "JAX / optax"
REFUSED = {
    LANDSCAPE: {
        "lbfgs": "an L-BFGS script is written for PyTorch (torch.optim.LBFGS); JAX / optax has "
        "no L-BFGS that steps the same way"
    },
    NETWORK: {
        "newton": "newton on a network has no optax script (optax has no Newton optimizer)",
        "muon": "muon's optax script is not written: optax.contrib.muon orthogonalises differently",
        "adafactor": "adafactor's optax script is not written: optax.adafactor follows the "
        "paper, not torch.optim.Adafactor",
        "lbfgs": "lbfgs's optax script is not written: optax.lbfgs searches lines differently",
    },
}
MANUAL = {
    "nesterov": "optax has no textbook Nesterov optimizer (optax.sgd(nesterov=True) is\n"
    "# Sutskever's reformulation, whose iterate is the lookahead point)",
    "newton": "optax has no Newton optimizer",
    "rprop": "optax.rprop keeps its previous update where torch keeps the (zeroed) gradient,\n"
    "# and does not clip an unchanged step size: torch's Rprop is written out instead",
}
NETWORK_MANUAL = {
    "adagrad": "torch's Adagrad, written out: optax.adagrad adds eps inside the square\n"
    "# root, which moves a network's rarely used weights by a different amount",
}
IMPORTS = (
    '\nimport math\n\nimport jax\n\njax.config.update("jax_enable_x64", True)  '
    "# float64, as the studio computes\n\nimport jax.numpy as jnp  # noqa: E402\n"
    "import optax  # noqa: E402\n\n"
)
DIALECT = Dialect(
    "optax",
    "jnp",
    "jnp.array(DATA_ROWS)",
    "DATA[jnp.array(batch)]",
    "jnp.mean({})",
    "jnp.maximum(z, 0) + jnp.log1p(jnp.exp(-jnp.abs(z)))",
)
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


def script(run: ScriptRun) -> str:
    if run.network:
        preamble = network_code.header(run, NAME) + IMPORTS
        preamble += network_code.settings_code(run, "jnp.array({})", flat=True)
        loss = _network_code(run.run.network.activation, run.run.network.task)
    else:
        preamble = landscape_code.header(run, NAME) + IMPORTS + landscape_code.settings_code(run)
        loss = landscape_code.loss_code(run, DIALECT)
    compute = [f"grad = jax.grad(loss_fn)(point, {batch_code(run, 'jnp.array({})')})"]
    noise = noise_code(run, "jnp.array({})", "len(point)")
    manual = _manual(run)
    if manual is None:
        constructor, notes = _optimizer(run)
        state = "".join(f"# Note: {note}\n" for note in notes)
        state += f"optimizer = {constructor}\nstate = optimizer.init(theta)\n"
        step = [
            "updates, state = optimizer.update(gradient(theta, step), state, theta)",
            "candidate = optax.apply_updates(theta, updates)",
        ]
        globals_ = "theta, state"
    else:
        why, state_lines, step, globals_ = manual
        state = f"# {why}: the update is written in jax.numpy.\n" + "".join(
            line + "\n" for line in state_lines
        )
    return "".join(
        [
            preamble,
            random_code(run),
            loss,
            "\n\n" + gradient_function(run, compute, noise, "jnp.linalg.norm(grad)", "optax"),
            "\n\n" + _rate_code(run),
            f"\ntheta = jnp.array({run.start})\n",
            state,
            train_function(_train_body(run, step), globals_, run.network),
            _main_code(run),
        ]
    )


def _train_body(run: ScriptRun, step: list[str]) -> list[str]:
    check = [
        "value, full = jax.value_and_grad(loss_fn)(theta)",
        "norm = float(jnp.linalg.norm(full))",
    ]
    terms = {
        "diverged": "not bool(jnp.all(jnp.isfinite(candidate))) "
        "or float(jnp.max(jnp.abs(candidate))) > BOUND",
        "accept": "yes",
        "kept": "theta",
        "stacked": "jnp.stack",
    }
    return flat_train_body(run, "theta", check, step, terms)


def _main_code(run: ScriptRun) -> str:
    if not run.network:
        return landscape_main("path[-1].tolist()")
    task = run.run.network.task
    evaluate = [
        "train_loss = data_loss(rows[-1], X_TRAIN, Y_TRAIN)",
        "test_loss = data_loss(rows[-1], X_TEST, Y_TEST)",
    ]
    if task == "binary":
        evaluate.append(
            "correct = jnp.mean((forward(rows[-1], X_TEST)[:, 0] > 0) == (Y_TEST > 0.5))"
        )
    elif task == "multiclass":
        evaluate.append(
            "correct = jnp.mean(jnp.argmax(forward(rows[-1], X_TEST), axis=1) == Y_TEST)"
        )
    return network_code.main_code(run, evaluate)


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


def _rate_code(run: ScriptRun) -> str:
    if not run.scheduled:
        return f"LEARNING_RATE = {number(run.hyper['lr'])}\n"
    return (
        f"# The studio's {run.schedule_note()}, written out step by step: optax's own\n"
        "# schedules follow other conventions, these are the exact rates the run used.\n"
        f"RATES = jnp.array([\n{rate_table(run)},\n])\n\n\n"
        "def LEARNING_RATE(count):  # noqa: N802 (optax calls it with the step count)\n"
        "    return RATES[jnp.minimum(count, len(RATES) - 1)]\n"
    )


def _manual(run: ScriptRun) -> tuple[str, list[str], list[str], str] | None:
    """(why, state set-up, step lines, the globals a step changes) of an update optax has no
    optimizer for, or None."""
    h = run.hyper
    lr = "LEARNING_RATE(step)" if run.scheduled else "LEARNING_RATE"
    name = run.optimizer
    if name == "nesterov":
        return (
            MANUAL[name],
            [f"BETA = {number(h['beta'])}", "previous = theta  # theta one step ago"],
            [
                "ahead = theta + BETA * (theta - previous)  # where the momentum carries theta",
                "previous = theta",
                f"candidate = ahead - {lr} * gradient(ahead, step)",
            ],
            "theta, previous",
        )
    if name == "rprop":
        return (
            MANUAL[name],
            [
                f"ETA_MINUS, ETA_PLUS = {number(h['eta_minus'])}, {number(h['eta_plus'])}",
                f"STEP_MIN, STEP_MAX = {number(h['step_min'])}, {number(h['step_max'])}",
                "previous = jnp.zeros_like(theta)  # the last gradient, zeroed where its sign "
                "flipped",
                f"step_size = jnp.full_like(theta, {number(run.first_rate())})"
                "  # starts at the learning rate",
            ],
            [
                "grad = gradient(theta, step)",
                "product = grad * previous",
                "factor = jnp.where(product > 0, ETA_PLUS, jnp.where(product < 0, ETA_MINUS, 1.0))",
                "step_size = jnp.clip(step_size * factor, STEP_MIN, STEP_MAX)",
                "grad = jnp.where(factor == ETA_MINUS, 0.0, grad)",
                "previous = grad",
                "candidate = theta - jnp.sign(grad) * step_size",
            ],
            "theta, previous, step_size",
        )
    if name == "newton":
        sign = "-" if run.maximize else ""
        return (
            MANUAL[name],
            [f"DAMPING = {number(h['damping'])}"],
            [
                "grad = gradient(theta, step)",
                f"hessian = {sign}jax.hessian(loss_fn)(theta, {batch_code(run)})",
                "direction = jnp.linalg.solve(hessian + DAMPING * jnp.eye(2), grad)",
                f"candidate = theta - {lr} * direction",
            ],
            "theta",
        )
    if name == "adagrad" and run.network:
        return (
            NETWORK_MANUAL[name],
            [
                f"LR_DECAY, EPS = {number(h['lr_decay'])}, {number(h['eps'])}",
                f"accumulator = jnp.full_like(theta, {number(h['initial_accumulator_value'])})",
            ],
            [
                "grad = gradient(theta, step)",
                "accumulator = accumulator + grad * grad",
                f"decayed = {lr} / (1 + step * LR_DECAY)",
                "candidate = theta - decayed * (grad / (jnp.sqrt(accumulator) + EPS))",
            ],
            "theta, accumulator",
        )
    return None


def _optimizer(run: ScriptRun) -> tuple[str, list[str]]:
    """optax's constructor for the run, and the notes on where it differs."""
    h = run.hyper
    name = run.optimizer
    lr = "LEARNING_RATE"
    notes: list[str] = []
    n = number
    if name == "gd":
        return f"optax.sgd({lr})", notes
    if name in ("sgd", "momentum"):
        momentum = float(h["momentum"] if name == "sgd" else h["beta"])
        if name == "sgd" and float(h["dampening"]):
            notes.append("optax.sgd has no dampening: this runs without it, unlike the studio.")
        if run.scheduled and momentum:
            notes.append(
                "Under a schedule optax (like torch) multiplies the whole momentum trace by the "
                "current learning rate"
                + (", not the heavy ball's form." if name == "momentum" else ".")
            )
        if not momentum:
            return f"optax.sgd({lr})", notes
        nesterov = bool(h.get("nesterov"))
        return f"optax.sgd({lr}, momentum={n(momentum)}, nesterov={nesterov})", notes
    if name == "adagrad":
        notes.append(
            "optax.adagrad adds eps inside the square root, torch (and the studio) outside it; "
            "with a small eps the paths agree closely."
        )
        if float(h["lr_decay"]):
            notes.append(
                "optax.adagrad has no lr_decay: torch's lr / (1 + (t - 1) lr_decay) is "
                "missing here."
            )
        return (
            f"optax.adagrad({lr}, initial_accumulator_value={n(h['initial_accumulator_value'])},"
            f" eps={n(h['eps'])})"
        ), notes
    if name == "rmsprop":
        momentum = float(h["momentum"])
        return (
            f"optax.rmsprop({lr}, decay={n(h['alpha'])}, eps={n(h['eps'])}, eps_in_sqrt=False, "
            f"centered={bool(h['centered'])}, momentum={n(momentum) if momentum else None})"
        ), notes
    if name == "adadelta":
        return f"optax.adadelta({lr}, rho={n(h['rho'])}, eps={n(h['eps'])})", notes
    if name in ("adam", "adamw"):
        b1, b2, eps = n(h["beta1"]), n(h["beta2"]), n(h["eps"])
        if h["amsgrad"]:
            notes.append(
                "optax.amsgrad keeps the maximum of the bias-corrected second moment, torch of "
                "the raw one: the paths differ slightly."
            )
            base = f"optax.amsgrad({lr}, b1={b1}, b2={b2}, eps={eps})"
            if name == "adamw" and float(h["weight_decay"]):
                return (
                    f"optax.chain({base[:-1]}), optax.add_decayed_weights({n(h['weight_decay'])}))",
                    notes,
                )
            return base, notes
        if name == "adamw":
            return (
                f"optax.adamw({lr}, b1={b1}, b2={b2}, eps={eps}, "
                f"weight_decay={n(h['weight_decay'])})"
            ), notes
        return f"optax.adam({lr}, b1={b1}, b2={b2}, eps={eps})", notes
    if name == "adamax":
        return (
            f"optax.adamax({lr}, b1={n(h['beta1'])}, b2={n(h['beta2'])}, eps={n(h['eps'])})",
            notes,
        )
    if name == "nadam":
        notes.append(
            "optax.nadam uses Dozat's simplified Nesterov momentum without torch's momentum_decay "
            "schedule: the paths differ."
        )
        if h["decoupled_weight_decay"] and float(h["weight_decay"]):
            notes.append("decoupled weight decay is applied after the update, as AdamW does.")
            return (
                f"optax.chain(optax.nadam({lr}, b1={n(h['beta1'])}, b2={n(h['beta2'])}, "
                f"eps={n(h['eps'])}), optax.add_decayed_weights({n(h['weight_decay'])}))"
            ), notes
        return (
            f"optax.nadam({lr}, b1={n(h['beta1'])}, b2={n(h['beta2'])}, eps={n(h['eps'])})",
            notes,
        )
    if name == "radam":
        notes.append(
            "optax.radam adds eps to sqrt(v_hat); torch to sqrt(v) before the bias correction: "
            "the paths agree closely while v is not tiny."
        )
        return (
            f"optax.radam({lr}, b1={n(h['beta1'])}, b2={n(h['beta2'])}, eps={n(h['eps'])})",
            notes,
        )
    if name == "rprop":
        if run.scheduled:
            notes.append(
                "optax.rprop takes a fixed initial step size: the schedule is not applied."
            )
        return (
            f"optax.rprop({n(h['lr'])}, eta_minus={n(h['eta_minus'])}, eta_plus="
            f"{n(h['eta_plus'])}, min_step_size={n(h['step_min'])}, max_step_size="
            f"{n(h['step_max'])})"
        ), notes
    if name == "lion":
        return (
            f"optax.lion({lr}, b1={n(h['beta1'])}, b2={n(h['beta2'])}, "
            f"weight_decay={n(h['weight_decay'])})"
        ), notes
    raise ValueError(f"no optax optimizer for {name}")
