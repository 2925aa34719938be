"""The TensorFlow / Keras script: keras.optimizers where Keras has the method (with a comment
wherever its convention differs from torch's, which the studio follows), TensorFlow operations
where it has not (textbook Nesterov, RAdam, Rprop, Newton)."""

from __future__ import annotations

from .common import RNG_CODE, Dialect, RunSetup, gradient_tail, indent, loss_code, number

MANUAL = ("nesterov", "radam", "rprop", "newton")
EPSILON_HAT = (
    "Keras adds epsilon to sqrt(v) before the bias correction ('epsilon hat'), torch after it: "
    "with a small epsilon the paths agree closely, not exactly."
)


def _optimizer(setup: RunSetup) -> tuple[str, list[str]]:
    h = setup.hyper
    name = setup.optimizer
    n = number
    lr = "learning_rate=LEARNING_RATE"
    notes: list[str] = []
    if name in ("gd", "sgd", "momentum"):
        momentum = 0.0 if name == "gd" else float(h["momentum"] if name == "sgd" else h["beta"])
        if name == "sgd" and float(h["dampening"]):
            notes.append("keras.optimizers.SGD has no dampening: this runs without it.")
        if momentum:
            notes.append(
                "Keras keeps v = momentum v - lr g and adds v (Sutskever's form): the same as "
                "torch at a constant learning rate"
                + ("; under this schedule the two differ." if setup.run.schedule else ".")
            )
        nesterov = bool(h.get("nesterov"))
        return f"keras.optimizers.SGD({lr}, momentum={n(momentum)}, nesterov={nesterov})", notes
    if name == "adagrad":
        notes.append("Keras adds epsilon inside the square root, torch outside it.")
        if float(h["lr_decay"]):
            notes.append("keras.optimizers.Adagrad has no lr_decay: it is missing here.")
        return (
            f"keras.optimizers.Adagrad({lr}, initial_accumulator_value="
            f"{n(h['initial_accumulator_value'])}, epsilon={n(h['eps'])})"
        ), notes
    if name == "rmsprop":
        notes.append("Keras adds epsilon inside the square root, torch outside it.")
        return (
            f"keras.optimizers.RMSprop({lr}, rho={n(h['alpha'])}, momentum={n(h['momentum'])}, "
            f"epsilon={n(h['eps'])}, centered={bool(h['centered'])})"
        ), notes
    if name == "adadelta":
        return f"keras.optimizers.Adadelta({lr}, rho={n(h['rho'])}, epsilon={n(h['eps'])})", notes
    if name in ("adam", "adamw"):
        notes.append(EPSILON_HAT)
        common = (
            f"{lr}, beta_1={n(h['beta1'])}, beta_2={n(h['beta2'])}, epsilon={n(h['eps'])}, "
            f"amsgrad={bool(h['amsgrad'])}"
        )
        if name == "adamw":
            return f"keras.optimizers.AdamW({common}, weight_decay={n(h['weight_decay'])})", notes
        return f"keras.optimizers.Adam({common})", notes
    if name == "adamax":
        notes.append("Keras adds epsilon to the infinity norm after the maximum, torch before it.")
        return (
            f"keras.optimizers.Adamax({lr}, beta_1={n(h['beta1'])}, beta_2={n(h['beta2'])}, "
            f"epsilon={n(h['eps'])})"
        ), notes
    if name == "nadam":
        notes.append(
            "keras.optimizers.Nadam fixes the momentum schedule's decay at 0.004 and places "
            "epsilon differently from torch's NAdam: the paths differ slightly."
        )
        if h["decoupled_weight_decay"] and float(h["weight_decay"]):
            notes.append("decoupled weight decay: Keras's weight_decay argument.")
            return (
                f"keras.optimizers.Nadam({lr}, beta_1={n(h['beta1'])}, beta_2={n(h['beta2'])}, "
                f"epsilon={n(h['eps'])}, weight_decay={n(h['weight_decay'])})"
            ), notes
        return (
            f"keras.optimizers.Nadam({lr}, beta_1={n(h['beta1'])}, beta_2={n(h['beta2'])}, "
            f"epsilon={n(h['eps'])})"
        ), notes
    if name == "lion":
        return (
            f"keras.optimizers.Lion({lr}, beta_1={n(h['beta1'])}, beta_2={n(h['beta2'])}, "
            f"weight_decay={n(h['weight_decay']) if float(h['weight_decay']) else None})"
        ), notes
    raise ValueError(f"no Keras optimizer for {name}")


def _manual(setup: RunSetup) -> tuple[str, list[str], list[str]]:
    """(why, state lines, step lines) of the updates written in TensorFlow."""
    h = setup.hyper
    n = number
    lr = "rate(step)"
    if setup.optimizer == "nesterov":
        return (
            "Keras's SGD(nesterov=True) is Sutskever's reformulation, whose iterate is the "
            "lookahead point",
            [f"BETA = {n(h['beta'])}", "previous = tf.constant(START, dtype=tf.float64)"],
            [
                "ahead = theta + BETA * (theta - previous)  # where the momentum carries theta",
                "previous = tf.identity(theta)",
                f"candidate = ahead - {lr} * gradient(ahead, step)",
            ],
        )
    if setup.optimizer == "rprop":
        return (
            "Keras has no Rprop",
            [
                f"ETA_MINUS = tf.constant({n(h['eta_minus'])}, dtype=tf.float64)",
                f"ETA_PLUS = tf.constant({n(h['eta_plus'])}, dtype=tf.float64)",
                "ONE = tf.constant(1.0, dtype=tf.float64)",
                f"STEP_MIN, STEP_MAX = {n(h['step_min'])}, {n(h['step_max'])}",
                "previous = tf.zeros(2, dtype=tf.float64)",
                f"step_size = tf.fill([2], tf.constant({n(setup.run.learning_rates(0, 1)[0])},"
                " dtype=tf.float64))",
            ],
            [
                "grad = gradient(theta, step)",
                "product = grad * previous",
                "factor = tf.where(product > 0, ETA_PLUS, tf.where(product < 0, ETA_MINUS, ONE))",
                "step_size = tf.clip_by_value(step_size * factor, STEP_MIN, STEP_MAX)",
                "grad = tf.where(factor == ETA_MINUS, tf.zeros_like(grad), grad)",
                "previous = grad",
                "candidate = theta - tf.sign(grad) * step_size",
            ],
        )
    if setup.optimizer == "radam":
        decoupled = bool(h["decoupled_weight_decay"]) and float(h["weight_decay"])
        return (
            "Keras has no RAdam",
            [
                f"BETA1, BETA2, EPS = {n(h['beta1'])}, {n(h['beta2'])}, {n(h['eps'])}",
                "m = tf.zeros(2, dtype=tf.float64)",
                "v = tf.zeros(2, dtype=tf.float64)",
                "RHO_INF = 2 / (1 - BETA2) - 1",
            ],
            [
                "t = step + 1",
                "point = theta"
                + (
                    f" * (1 - {lr} * {n(h['weight_decay'])})  # decoupled weight decay"
                    if decoupled
                    else ""
                ),
                "grad = gradient(theta, step)",
                "m = BETA1 * m + (1 - BETA1) * grad",
                "v = BETA2 * v + (1 - BETA2) * grad * grad",
                "m_hat = m / (1 - BETA1**t)",
                "rho = RHO_INF - 2 * t * BETA2**t / (1 - BETA2**t)",
                "if rho > 5:",
                "    rect = math.sqrt((rho - 4) * (rho - 2) * RHO_INF"
                " / ((RHO_INF - 4) * (RHO_INF - 2) * rho))",
                "    adaptive = math.sqrt(1 - BETA2**t) / (tf.sqrt(v) + EPS)",
                f"    candidate = point - m_hat * {lr} * adaptive * rect",
                "else:",
                f"    candidate = point - m_hat * {lr}",
            ],
        )
    batch = "batch_of(step)" if setup.minibatch else "None"
    sign = "-" if setup.maximize else ""
    return (
        "Keras has no Newton optimizer",
        [f"DAMPING = {n(h['damping'])}"],
        [
            "grad = gradient(theta, step)",
            "point = tf.identity(theta)",
            "with tf.GradientTape() as outer:",
            "    outer.watch(point)",
            "    with tf.GradientTape() as inner:",
            "        inner.watch(point)",
            f"        value = loss_fn(point, {batch})",
            "    first = inner.gradient(value, point)",
            f"hessian = {sign}outer.jacobian(first, point)",
            "matrix = hessian + DAMPING * tf.eye(2, dtype=tf.float64)",
            "direction = tf.linalg.solve(matrix, tf.reshape(grad, (2, 1)))[:, 0]",
            f"candidate = theta - {lr} * direction",
        ],
    )


DIALECT = Dialect(
    "keras",
    "tf.math",
    "tf.constant(DATA_ROWS, dtype=tf.float64)",
    "tf.gather(DATA, batch)",
    "tf.reduce_mean({})",
    "tf.maximum(z, 0) + tf.math.log1p(tf.exp(-tf.abs(z)))",
)


def _gradient_code(setup: RunSetup) -> str:
    batch = "batch_of(step)" if setup.minibatch else "None"
    lines = [
        "def gradient(point, step):",
        '    """The gradient the step reads, in the studio\'s order (noise, clipping, the sign',
        '    of maximize, then an L2 weight decay where torch adds one)."""',
        "    point = tf.constant(point)",
        "    with tf.GradientTape() as tape:",
        "        tape.watch(point)",
        f"        value = loss_fn(point, {batch})",
        "    grad = tape.gradient(value, point)",
    ]
    lines += gradient_tail(
        setup, "tf.constant(normal_pair(SEED, step), dtype=tf.float64)", "tf.norm(grad)", "Keras"
    )
    return "\n".join(lines) + "\n"


def _rate_code(setup: RunSetup) -> str:
    if setup.run.schedule is None:
        return (
            f"LEARNING_RATE = {number(setup.hyper['lr'])}\n\n\n"
            "def rate(step):\n    return LEARNING_RATE\n"
        )
    rates = setup.rates()
    rows = ",\n".join(
        "    " + ", ".join(number(v) for v in rates[i : i + 4]) for i in range(0, len(rates), 4)
    )
    return (
        f"# The studio's {setup.schedule_note()}, written out step by step: Keras's own\n"
        "# schedules follow other conventions, these are the exact rates the run used.\n"
        f"RATES = [\n{rows},\n]\n\n\n"
        "def rate(step):\n    return RATES[min(step, len(RATES) - 1)]\n\n\n"
        "class StudioRates(keras.optimizers.schedules.LearningRateSchedule):\n"
        "    def __call__(self, step):\n"
        "        table = tf.constant(RATES, dtype=tf.float64)\n"
        "        return tf.gather(table, tf.minimum(tf.cast(step, tf.int32), len(RATES) - 1))\n\n\n"
        "LEARNING_RATE = StudioRates()\n"
    )


def script(setup: RunSetup) -> str:
    manual = setup.optimizer in MANUAL
    parts = [
        setup.header("TensorFlow / Keras"),
        "\nimport math\n\nimport keras\nimport tensorflow as tf\n\n"
        'keras.backend.set_floatx("float64")  # float64, as the studio computes\n\n',
        setup.settings_code(),
    ]
    if setup.needs_rng:
        parts.append(RNG_CODE)
    parts += [loss_code(setup, DIALECT), "\n\n" + _gradient_code(setup), "\n\n" + _rate_code(setup)]
    if manual:
        why, state_lines, step_lines = _manual(setup)
        parts.append(
            "\ntheta = tf.constant(START, dtype=tf.float64)\n"
            f"# {why}: the update is written in TensorFlow.\n" + "\n".join(state_lines) + "\n"
        )
        globals_ = "theta" + {
            "nesterov": ", previous",
            "rprop": ", previous, step_size",
            "radam": ", m, v",
        }.get(setup.optimizer, "")
        accept = ["theta = candidate"]
    else:
        constructor, notes = _optimizer(setup)
        parts.append("\n" + "".join(f"# Note: {note}\n" for note in notes))
        parts.append(f'theta = keras.Variable(START, dtype="float64")\noptimizer = {constructor}\n')
        step_lines = [
            "before = keras.ops.convert_to_numpy(theta)",
            "optimizer.apply_gradients([(gradient(before, step), theta)])",
            "candidate = keras.ops.convert_to_numpy(theta)",
        ]
        globals_ = ""
        accept = []
    current = "keras.ops.convert_to_numpy(theta)" if not manual else "theta"
    body = [
        f"path = [tf.constant({current})]",
        "for step in range(STEPS):",
        "    if step % CHECK_EVERY == 0:  # the whole objective: diverged? converged?",
        f"        point = tf.constant({current})",
        "        with tf.GradientTape() as tape:",
        "            tape.watch(point)",
        "            value = loss_fn(point)",
        "        norm = float(tf.norm(tape.gradient(value, point)))",
        "        if not (math.isfinite(float(value)) and math.isfinite(norm)):",
        "            break",
        "        if TOL > 0 and norm < TOL:",
        "            break",
        *["    " + line for line in step_lines],
        "    if not bool(tf.reduce_all(tf.math.is_finite(candidate))) or float("
        "tf.reduce_max(tf.abs(candidate))) > BOUND:",
        "        break  # diverged: the last good point stays",
        *["    " + line for line in accept],
        "    path.append(tf.constant(candidate))",
        "return tf.stack(path)",
    ]
    parts += [
        "\n\ndef train():\n",
        '    """Take the steps; the path of theta, one row per step (the start first)."""\n',
        f"    global {globals_}\n" if globals_ else "",
        indent(body),
        '\n\nif __name__ == "__main__":\n',
        "    path = train()\n",
        '    print(f"{len(path) - 1} steps: theta = {path[-1].numpy().tolist()}, '
        'loss = {float(loss_fn(path[-1])):.10g}")\n',
    ]
    return "".join(parts)
