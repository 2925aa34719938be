"""The JAX / optax script of a run of either kind: the parameters one flat vector (a network's
in torch's Sequential layout, as the studio keeps them), an optax optimizer where one matches
the studio's (torch's) update, the closest one with a comment where it does not, and the
update in jax.numpy where optax has none."""

from __future__ import annotations

from . import flat_script as flat
from .common import batch_code, call, flat_train_body, number, rate_table
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
LANDSCAPE_WORDS = Dialect(
    "optax",
    "jnp",
    "jnp.array(DATA_ROWS)",
    "DATA[jnp.array(batch)]",
    "jnp.mean({})",
    "jnp.maximum(z, 0) + jnp.log1p(jnp.exp(-jnp.abs(z)))",
)
NETWORK_WORDS = flat.FlatNetwork(
    weight="theta[start : start + n_out * n_in].reshape(n_out, n_in)",
    product="x @ w.T + b",
    select=("x, y = (X_TRAIN, Y_TRAIN) if batch is None else (X_TRAIN[batch], Y_TRAIN[batch])",),
    l1="jnp.sum(jnp.abs(theta) * WEIGHTS)",
    l2="jnp.sum(theta * theta * WEIGHTS)",
    activations={
        "relu": "jax.nn.relu(z)",
        "tanh": "jnp.tanh(z)",
        "sigmoid": "jax.nn.sigmoid(z)",
        "linear": "z",
    },
    losses={
        "binary": "jnp.mean(jnp.maximum(z, 0) - z * y + jnp.log1p(jnp.exp(-jnp.abs(z))))",
        "multiclass": "jnp.mean(jax.nn.logsumexp(out, axis=1) - out[jnp.arange(len(y)), "
        "y.astype(int)])",
        "regression": "jnp.mean((out - y[:, None]) ** 2)",
    },
)
TENSORS = flat.Tensors("jnp.array({})", "len(point)", "jnp.linalg.norm(grad)")
FRAMEWORK = flat.FlatFramework(NAME, IMPORTS, TENSORS, LANDSCAPE_WORDS, NETWORK_WORDS)


def script(run: ScriptRun) -> str:
    compute = [f"grad = jax.grad(loss_fn)(point, {batch_code(run, 'jnp.array({})')})"]
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
    start = f"\ntheta = jnp.array({run.start})\n"
    middle = [
        "\n\n" + flat.gradient_code(run, FRAMEWORK, compute),
        "\n\n" + _rate_code(run),
        start,
        state,
    ]
    return flat.assemble(run, FRAMEWORK, middle, _train_body(run, step), globals_, _main_code(run))


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
    task = run.run.network.task if run.network else None
    accuracy = {
        "binary": "correct = jnp.mean((forward(rows[-1], X_TEST)[:, 0] > 0) == (Y_TEST > 0.5))",
        "multiclass": "correct = jnp.mean(jnp.argmax(forward(rows[-1], X_TEST), axis=1) == Y_TEST)",
    }
    return flat.main_code(run, "path[-1].tolist()", [accuracy[task]] if task in accuracy else [])


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


def _manual(run: ScriptRun) -> flat.ByHand | None:
    """(why, state set-up, step lines, the globals a step changes) of an update optax has no
    optimizer for, or None."""
    h = run.hyper
    lr = "LEARNING_RATE(step)" if run.scheduled else "LEARNING_RATE"
    name = run.optimizer
    if name == "nesterov":
        return flat.nesterov_by_hand(run, MANUAL[name], lr, "theta")
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


ADAM_WORDS = {"b1": "beta1", "b2": "beta2", "eps": "eps"}
"""optax's words for the Adam family's hyperparameters."""


def _optimizer(run: ScriptRun) -> tuple[str, list[str]]:
    """optax's constructor for the run, and the notes on where it differs."""
    h = run.hyper
    name = run.optimizer
    notes: list[str] = []

    def optax(function: str, words: dict[str, str] = ADAM_WORDS, **literal: str) -> str:
        return call(f"optax.{function}", "LEARNING_RATE", h, words, **literal)

    def decayed(base: str) -> str:
        """Decoupled weight decay after the update, as AdamW applies it."""
        return f"optax.chain({base}, optax.add_decayed_weights({number(h['weight_decay'])}))"

    if name == "gd":
        return optax("sgd", {}), notes
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
            return optax("sgd", {}), notes
        nesterov = str(bool(h.get("nesterov")))
        return optax("sgd", {}, momentum=number(momentum), nesterov=nesterov), notes
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
        accumulator = "initial_accumulator_value"
        return optax("adagrad", {accumulator: accumulator, "eps": "eps"}), notes
    if name == "rmsprop":
        momentum = float(h["momentum"])
        return optax(
            "rmsprop",
            {"decay": "alpha", "eps": "eps"},
            eps_in_sqrt="False",
            centered=str(bool(h["centered"])),
            momentum=number(momentum) if momentum else "None",
        ), notes
    if name == "adadelta":
        return optax("adadelta", {"rho": "rho", "eps": "eps"}), notes
    if name in ("adam", "adamw"):
        if h["amsgrad"]:
            notes.append(
                "optax.amsgrad keeps the maximum of the bias-corrected second moment, torch of "
                "the raw one: the paths differ slightly."
            )
            if name == "adamw" and float(h["weight_decay"]):
                return decayed(optax("amsgrad")), notes
            return optax("amsgrad"), notes
        if name == "adamw":
            return optax("adamw", weight_decay=number(h["weight_decay"])), notes
        return optax("adam"), notes
    if name == "adamax":
        return optax("adamax"), notes
    if name == "nadam":
        notes.append(
            "optax.nadam uses Dozat's simplified Nesterov momentum without torch's momentum_decay "
            "schedule: the paths differ."
        )
        if h["decoupled_weight_decay"] and float(h["weight_decay"]):
            notes.append("decoupled weight decay is applied after the update, as AdamW does.")
            return decayed(optax("nadam")), notes
        return optax("nadam"), notes
    if name == "radam":
        notes.append(
            "optax.radam adds eps to sqrt(v_hat); torch to sqrt(v) before the bias correction: "
            "the paths agree closely while v is not tiny."
        )
        return optax("radam"), notes
    if name == "rprop":
        if run.scheduled:
            notes.append(
                "optax.rprop takes a fixed initial step size: the schedule is not applied."
            )
        words = {
            "eta_minus": "eta_minus",
            "eta_plus": "eta_plus",
            "min_step_size": "step_min",
            "max_step_size": "step_max",
        }
        return call("optax.rprop", number(h["lr"]), h, words), notes
    if name == "lion":
        words = {"b1": "beta1", "b2": "beta2", "weight_decay": "weight_decay"}
        return optax("lion", words), notes
    raise ValueError(f"no optax optimizer for {name}")
