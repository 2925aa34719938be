"""The JAX / optax script: an optax optimizer where one matches the studio's (torch's) update,
the closest one with a comment where it does not, and jax.numpy updates where optax has none."""

from __future__ import annotations

from .common import RNG_CODE, Dialect, RunSetup, gradient_tail, indent, loss_code, number

MANUAL = ("nesterov", "newton", "rprop")
MANUAL_NAMES = {
    "nesterov": "optax has no textbook Nesterov optimizer (optax.sgd(nesterov=True) is\n"
    "# Sutskever's reformulation, whose iterate is the lookahead point)",
    "newton": "optax has no Newton optimizer",
    "rprop": "optax.rprop keeps its previous update where torch keeps the (zeroed) gradient,\n"
    "# and does not clip an unchanged step size: torch's Rprop is written out instead",
}


def _optimizer(setup: RunSetup) -> tuple[str, list[str]]:
    """optax's constructor for the run, and the notes on where it differs."""
    h = setup.hyper
    name = setup.optimizer
    lr = "LEARNING_RATE"
    notes: list[str] = []
    n = number
    if name == "gd":
        return f"optax.sgd({lr})", notes
    if name in ("sgd", "momentum"):
        momentum = float(h["momentum"] if name == "sgd" else h["beta"])
        if name == "sgd" and float(h["dampening"]):
            notes.append("optax.sgd has no dampening: this runs without it, unlike the studio.")
        if setup.run.schedule is not None and momentum:
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
        if setup.run.schedule is not None:
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


DIALECT = Dialect(
    "optax",
    "jnp",
    "jnp.array(DATA_ROWS)",
    "DATA[jnp.array(batch)]",
    "jnp.mean({})",
    "jnp.maximum(z, 0) + jnp.log1p(jnp.exp(-jnp.abs(z)))",
)


def _gradient_code(setup: RunSetup) -> str:
    batch = "batch_of(step)" if setup.minibatch else "None"
    lines = [
        "def gradient(point, step):",
        '    """The gradient the step reads, in the studio\'s order (noise, clipping, the sign',
        '    of maximize, then an L2 weight decay where torch adds one)."""',
        f"    grad = jax.grad(loss_fn)(point, {batch})",
    ]
    lines += gradient_tail(
        setup, "jnp.array(normal_pair(SEED, step))", "jnp.linalg.norm(grad)", "optax"
    )
    return "\n".join(lines) + "\n"


def _rate_code(setup: RunSetup) -> str:
    if setup.run.schedule is None:
        return f"LEARNING_RATE = {number(setup.hyper['lr'])}\n"
    rates = setup.rates()
    rows = ",\n".join(
        "    " + ", ".join(number(v) for v in rates[i : i + 4]) for i in range(0, len(rates), 4)
    )
    return (
        f"# The studio's {setup.schedule_note()}, written out step by step: optax's own\n"
        "# schedules follow other conventions, these are the exact rates the run used.\n"
        f"RATES = jnp.array([\n{rows},\n])\n\n\n"
        "def LEARNING_RATE(count):  # noqa: N802 (optax calls it with the step count)\n"
        "    return RATES[jnp.minimum(count, len(RATES) - 1)]\n"
    )


def _manual_step(setup: RunSetup) -> tuple[list[str], list[str]]:
    """(state set-up, step lines) of the updates optax has no optimizer for."""
    h = setup.hyper
    lr = "LEARNING_RATE(step)" if setup.run.schedule is not None else "LEARNING_RATE"
    if setup.optimizer == "nesterov":
        return (
            [f"BETA = {number(h['beta'])}", "previous = theta  # theta one step ago"],
            [
                "ahead = theta + BETA * (theta - previous)  # where the momentum carries theta",
                "previous = theta",
                f"candidate = ahead - {lr} * gradient(ahead, step)",
            ],
        )
    if setup.optimizer == "rprop":
        return (
            [
                f"ETA_MINUS, ETA_PLUS = {number(h['eta_minus'])}, {number(h['eta_plus'])}",
                f"STEP_MIN, STEP_MAX = {number(h['step_min'])}, {number(h['step_max'])}",
                "previous = jnp.zeros(2)  # the last gradient, zeroed where its sign flipped",
                f"step_size = jnp.full(2, {number(setup.run.learning_rates(0, 1)[0])})"
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
        )
    batch = "batch_of(step)" if setup.minibatch else "None"
    sign = "-" if setup.maximize else ""
    return (
        [f"DAMPING = {number(h['damping'])}"],
        [
            "grad = gradient(theta, step)",
            f"hessian = {sign}jax.hessian(loss_fn)(theta, {batch})",
            "direction = jnp.linalg.solve(hessian + DAMPING * jnp.eye(2), grad)",
            f"candidate = theta - {lr} * direction",
        ],
    )


def script(setup: RunSetup) -> str:
    manual = setup.optimizer in MANUAL
    parts = [
        setup.header("JAX / optax"),
        '\nimport math\n\nimport jax\n\njax.config.update("jax_enable_x64", True)  '
        "# float64, as the studio computes\n\nimport jax.numpy as jnp  # noqa: E402\n"
        "import optax  # noqa: E402\n\n",
        setup.settings_code(),
    ]
    if setup.needs_rng:
        parts.append(RNG_CODE)
    parts += [loss_code(setup, DIALECT), "\n\n" + _gradient_code(setup), "\n\n" + _rate_code(setup)]
    parts.append("\ntheta = jnp.array(START)\n")
    if manual:
        state_lines, step_lines = _manual_step(setup)
        parts.append(
            f"# {MANUAL_NAMES[setup.optimizer]}: the update is written in jax.numpy.\n"
            + "\n".join(state_lines)
            + "\n"
        )
    else:
        constructor, notes = _optimizer(setup)
        parts.append("".join(f"# Note: {note}\n" for note in notes))
        parts.append(f"optimizer = {constructor}\nstate = optimizer.init(theta)\n")
        step_lines = [
            "updates, state = optimizer.update(gradient(theta, step), state, theta)",
            "candidate = optax.apply_updates(theta, updates)",
        ]
    body = [
        "path = [theta]",
        "for step in range(STEPS):",
        "    if step % CHECK_EVERY == 0:  # the whole objective: diverged? converged?",
        "        value, full = jax.value_and_grad(loss_fn)(theta)",
        "        norm = float(jnp.linalg.norm(full))",
        "        if not (math.isfinite(float(value)) and math.isfinite(norm)):",
        "            break",
        "        if TOL > 0 and norm < TOL:",
        "            break",
        *["    " + line for line in step_lines],
        "    if not bool(jnp.all(jnp.isfinite(candidate))) or float(jnp.max(jnp.abs(candidate)))"
        " > BOUND:",
        "        break  # diverged: the last good point stays",
        "    theta = candidate",
        "    path.append(theta)",
        "return jnp.stack(path)",
    ]
    extra = {"nesterov": ", previous", "rprop": ", previous, step_size"}
    globals_ = "theta, state" if not manual else "theta" + extra.get(setup.optimizer, "")
    parts += [
        "\n\ndef train():\n",
        '    """Take the steps; the path of theta, one row per step (the start first)."""\n',
        f"    global {globals_}\n",
        indent(body),
        '\n\nif __name__ == "__main__":\n',
        "    path = train()\n",
        '    print(f"{len(path) - 1} steps: theta = {path[-1].tolist()}, '
        'loss = {float(loss_fn(path[-1])):.10g}")\n',
    ]
    return "".join(parts)
