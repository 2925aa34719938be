"""The TensorFlow / Keras script of a run of either kind: the parameters one flat float64
tensor (a network's in torch's Sequential layout, as the studio keeps them), keras.optimizers
where Keras has the method (with a comment wherever its convention differs from torch's, which
the studio follows), TensorFlow operations where it has not. Optimizers with neither are
refused with a one-line reason."""

from __future__ import annotations

from . import flat_script as flat
from .common import batch_code, call, flat_train_body, number, rate_table
from .description import LANDSCAPE, NETWORK, ScriptRun
from .landscape_code import Dialect

NAME = "TensorFlow / Keras"
REFUSED = {
    LANDSCAPE: {
        "lbfgs": "an L-BFGS script is written for PyTorch (torch.optim.LBFGS); TensorFlow / "
        "Keras has no L-BFGS that steps the same way"
    },
    NETWORK: {
        name: f"{name}'s Keras script is not written: {why}"
        for name, why in {
            "newton": "Keras has no Newton optimizer",
            "nesterov": "Keras's SGD(nesterov=True) is Sutskever's form, not the textbook method",
            "radam": "Keras has no RAdam",
            "rprop": "Keras has no Rprop",
            "muon": "Keras's Muon orthogonalises differently",
            "adafactor": "keras.optimizers.Adafactor follows the paper, not torch.optim.Adafactor",
            "lbfgs": "Keras has no L-BFGS",
        }.items()
    },
}
EPSILON_HAT = (
    "Keras adds epsilon to sqrt(v) before the bias correction ('epsilon hat'), torch after it: "
    "with a small epsilon the paths agree closely, not exactly."
)


IMPORTS = (
    "\nimport math\n\nimport keras\nimport tensorflow as tf\n\n"
    'keras.backend.set_floatx("float64")  # float64, as the studio computes\n\n'
)
LANDSCAPE_WORDS = Dialect(
    "keras",
    "tf.math",
    "tf.constant(DATA_ROWS, dtype=tf.float64)",
    "tf.gather(DATA, batch)",
    "tf.reduce_mean({})",
    "tf.maximum(z, 0) + tf.math.log1p(tf.exp(-tf.abs(z)))",
)
NETWORK_WORDS = flat.FlatNetwork(
    weight="tf.reshape(theta[start : start + n_out * n_in], (n_out, n_in))",
    product="tf.matmul(x, w, transpose_b=True) + b",
    select=(
        "if batch is None:",
        "    x, y = X_TRAIN, Y_TRAIN",
        "else:",
        "    x, y = tf.gather(X_TRAIN, batch), tf.gather(Y_TRAIN, batch)",
    ),
    l1="tf.reduce_sum(tf.abs(theta) * WEIGHTS)",
    l2="tf.reduce_sum(theta * theta * WEIGHTS)",
    activations={
        "relu": "tf.nn.relu(z)",
        "tanh": "tf.tanh(z)",
        "sigmoid": "tf.sigmoid(z)",
        "linear": "z",
    },
    losses={
        "binary": "tf.reduce_mean(tf.maximum(z, 0) - z * y + tf.math.log1p(tf.exp(-tf.abs(z))))",
        "multiclass": "tf.reduce_mean(tf.reduce_logsumexp(out, axis=1) - tf.gather(out, "
        "tf.cast(y, tf.int32), axis=1, batch_dims=1))",
        "regression": "tf.reduce_mean((out - y[:, None]) ** 2)",
    },
)
TENSORS = flat.Tensors("tf.constant({}, dtype=tf.float64)", "point.shape[0]", "tf.norm(grad)")
FRAMEWORK = flat.FlatFramework(NAME, IMPORTS, TENSORS, LANDSCAPE_WORDS, NETWORK_WORDS)
KERAS_STEP = [
    "before = keras.ops.convert_to_numpy(theta)",
    "optimizer.apply_gradients([(gradient(before, step), theta)])",
    "candidate = keras.ops.convert_to_numpy(theta)",
]
"""A step of a keras.optimizers optimizer on the variable theta."""


def script(run: ScriptRun) -> str:
    compute = [
        "point = tf.constant(point)",
        "with tf.GradientTape() as tape:",
        "    tape.watch(point)",
        f"    value = loss_fn(point, {batch_code(run)})",
        "grad = tape.gradient(value, point)",
    ]
    manual = _manual(run)
    if manual is None:
        constructor, notes = _optimizer(run)
        state = "\n" + "".join(f"# Note: {note}\n" for note in notes)
        state += (
            f'theta = keras.Variable({run.start}, dtype="float64")\noptimizer = {constructor}\n'
        )
        step, globals_ = KERAS_STEP, ""
    else:
        why, state_lines, step, globals_ = manual
        state = (
            f"\ntheta = tf.constant({run.start}, dtype=tf.float64)\n"
            f"# {why}: the update is written in TensorFlow.\n"
            + "".join(line + "\n" for line in state_lines)
        )
    gradient = flat.gradient_code(run, FRAMEWORK, compute)
    middle = ["\n\n" + gradient, "\n\n" + _rate_code(run), state]
    body = _train_body(run, step, manual is not None)
    return flat.assemble(run, FRAMEWORK, middle, body, globals_, _main_code(run))


def _train_body(run: ScriptRun, step: list[str], manual: bool) -> list[str]:
    current = "theta" if manual else "keras.ops.convert_to_numpy(theta)"
    check = [
        f"point = tf.constant({current})",
        "with tf.GradientTape() as tape:",
        "    tape.watch(point)",
        "    value = loss_fn(point)",
        "norm = float(tf.norm(tape.gradient(value, point)))",
    ]
    terms = {
        "diverged": "not bool(tf.reduce_all(tf.math.is_finite(candidate))) "
        "or float(tf.reduce_max(tf.abs(candidate))) > BOUND",
        "accept": "yes" if manual else "",
        "kept": "tf.constant(candidate)",
        "stacked": "tf.stack",
    }
    return flat_train_body(run, f"tf.constant({current})", check, step, terms)


def _main_code(run: ScriptRun) -> str:
    if not run.network or run.run.network.task == "regression":
        return flat.main_code(run, "path[-1].numpy().tolist()", [])
    guess = (
        "tf.cast(out[:, 0] > 0, tf.float64)"
        if run.run.network.task == "binary"
        else "tf.cast(tf.argmax(out, axis=1), tf.float64)"
    )
    accuracy = [
        "out = forward(rows[-1], X_TEST)",
        f"correct = tf.reduce_mean(tf.cast({guess} == Y_TEST, tf.float64))",
    ]
    return flat.main_code(run, "path[-1].numpy().tolist()", accuracy)


def _rate_code(run: ScriptRun) -> str:
    if not run.scheduled:
        return (
            f"LEARNING_RATE = {number(run.hyper['lr'])}\n\n\n"
            "def rate(step):\n    return LEARNING_RATE\n"
        )
    return (
        f"# The studio's {run.schedule_note()}, written out step by step: Keras's own\n"
        "# schedules follow other conventions, these are the exact rates the run used.\n"
        f"RATES = [\n{rate_table(run)},\n]\n\n\n"
        "def rate(step):\n    return RATES[min(step, len(RATES) - 1)]\n\n\n"
        "class StudioRates(keras.optimizers.schedules.LearningRateSchedule):\n"
        "    def __call__(self, step):\n"
        "        table = tf.constant(RATES, dtype=tf.float64)\n"
        "        return tf.gather(table, tf.minimum(tf.cast(step, tf.int32), len(RATES) - 1))\n\n\n"
        "LEARNING_RATE = StudioRates()\n"
    )


ADAM_WORDS = {"beta_1": "beta1", "beta_2": "beta2", "epsilon": "eps"}
"""Keras's words for the Adam family's hyperparameters."""


def _optimizer(run: ScriptRun) -> tuple[str, list[str]]:
    """The keras.optimizers constructor for the run, and the notes on where it differs."""
    h = run.hyper
    name = run.optimizer
    notes: list[str] = []

    def keras(function: str, words: dict[str, str] = ADAM_WORDS, **literal: str):
        first = "learning_rate=LEARNING_RATE"
        return call(f"keras.optimizers.{function}", first, h, words, **literal), notes

    decay = float(h.get("weight_decay", 0.0))
    if name in ("gd", "sgd", "momentum"):
        momentum = 0.0 if name == "gd" else float(h["momentum"] if name == "sgd" else h["beta"])
        if name == "sgd" and float(h["dampening"]):
            notes.append("keras.optimizers.SGD has no dampening: this runs without it.")
        if momentum:
            notes.append(
                "Keras keeps v = momentum v - lr g and adds v (Sutskever's form): the same as "
                "torch at a constant learning rate"
                + ("; under this schedule the two differ." if run.scheduled else ".")
            )
        nesterov = str(bool(h.get("nesterov")))
        return keras("SGD", {}, momentum=number(momentum), nesterov=nesterov)
    if name == "adagrad":
        notes.append("Keras adds epsilon inside the square root, torch outside it.")
        if float(h["lr_decay"]):
            notes.append("keras.optimizers.Adagrad has no lr_decay: it is missing here.")
        accumulator = "initial_accumulator_value"
        return keras("Adagrad", {accumulator: accumulator, "epsilon": "eps"})
    if name == "rmsprop":
        notes.append("Keras adds epsilon inside the square root, torch outside it.")
        words = {"rho": "alpha", "momentum": "momentum", "epsilon": "eps"}
        return keras("RMSprop", words, centered=str(bool(h["centered"])))
    if name == "adadelta":
        return keras("Adadelta", {"rho": "rho", "epsilon": "eps"})
    if name in ("adam", "adamw"):
        notes.append(EPSILON_HAT)
        amsgrad = str(bool(h["amsgrad"]))
        if name == "adamw":
            return keras("AdamW", amsgrad=amsgrad, weight_decay=number(decay))
        return keras("Adam", amsgrad=amsgrad)
    if name == "adamax":
        notes.append("Keras adds epsilon to the infinity norm after the maximum, torch before it.")
        return keras("Adamax")
    if name == "nadam":
        notes.append(
            "keras.optimizers.Nadam fixes the momentum schedule's decay at 0.004 and places "
            "epsilon differently from torch's NAdam: the paths differ slightly."
        )
        if h["decoupled_weight_decay"] and decay:
            notes.append("decoupled weight decay: Keras's weight_decay argument.")
            return keras("Nadam", weight_decay=number(decay))
        return keras("Nadam")
    if name == "lion":
        betas = {"beta_1": "beta1", "beta_2": "beta2"}
        return keras("Lion", betas, weight_decay=number(decay) if decay else "None")
    raise ValueError(f"no Keras optimizer for {name}")


def _manual(run: ScriptRun) -> flat.ByHand | None:
    """(why, state lines, step lines, the globals a step changes) of an update written in
    TensorFlow, or None where a keras.optimizers optimizer takes the step."""
    h = run.hyper
    n = number
    lr = "rate(step)"
    name = run.optimizer
    if run.network:
        return _adam(run) if name in ("adam", "adamw") else None
    if name == "nesterov":
        why = "Keras's SGD(nesterov=True) is Sutskever's reformulation, whose iterate is the "
        why += "lookahead point"
        return flat.nesterov_by_hand(run, why, lr, "tf.identity(theta)")
    if name == "rprop":
        return (
            "Keras has no Rprop",
            [
                f"ETA_MINUS = tf.constant({n(h['eta_minus'])}, dtype=tf.float64)",
                f"ETA_PLUS = tf.constant({n(h['eta_plus'])}, dtype=tf.float64)",
                "ONE = tf.constant(1.0, dtype=tf.float64)",
                f"STEP_MIN, STEP_MAX = {n(h['step_min'])}, {n(h['step_max'])}",
                "previous = tf.zeros_like(theta)",
                f"step_size = tf.fill(tf.shape(theta), tf.constant({n(run.first_rate())},"
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
            "theta, previous, step_size",
        )
    if name == "radam":
        return _radam(run)
    if name == "newton":
        sign = "-" if run.maximize else ""
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
                f"        value = loss_fn(point, {batch_code(run)})",
                "    first = inner.gradient(value, point)",
                f"hessian = {sign}outer.jacobian(first, point)",
                "matrix = hessian + DAMPING * tf.eye(2, dtype=tf.float64)",
                "direction = tf.linalg.solve(matrix, tf.reshape(grad, (2, 1)))[:, 0]",
                f"candidate = theta - {lr} * direction",
            ],
            "theta",
        )
    return None


def _radam(run: ScriptRun) -> flat.ByHand:
    h = run.hyper
    decay = float(h["weight_decay"])
    decoupled = bool(h["decoupled_weight_decay"]) and decay
    return (
        "Keras has no RAdam",
        [
            f"BETA1, BETA2, EPS = {number(h['beta1'])}, {number(h['beta2'])}, {number(h['eps'])}",
            "m = tf.zeros_like(theta)",
            "v = tf.zeros_like(theta)",
            "RHO_INF = 2 / (1 - BETA2) - 1",
        ],
        [
            "t = step + 1",
            "point = theta"
            + (
                f" * (1 - rate(step) * {number(decay)})  # decoupled weight decay"
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
            "    candidate = point - m_hat * rate(step) * adaptive * rect",
            "else:",
            "    candidate = point - m_hat * rate(step)",
        ],
        "theta, m, v",
    )


def _adam(run: ScriptRun) -> flat.ByHand:
    """torch's Adam and AdamW in TensorFlow, for a network: Keras adds epsilon before the bias
    correction, which moves a network's rarely used weights by a different amount."""
    h = run.hyper
    decoupled = run.optimizer == "adamw" and float(h["weight_decay"])
    weight = 1.0 - float(h["beta1"])
    # torch's lerp(m, g, w): m + w (g - m) for w < 0.5, else g - (g - m)(1 - w)
    lerp = "m + W * (grad - m)" if weight < 0.5 else "grad - (grad - m) * (1 - W)"
    step = [
        "t = step + 1",
        "grad = gradient(theta, step)",
        "point = theta * (1 - rate(step) * WEIGHT_DECAY)  # decoupled"
        if decoupled
        else "point = theta",
        f"m = {lerp}",
        "v = v * BETA2 + (1 - BETA2) * grad * grad",
        "step_size = rate(step) / (1 - BETA1**t)",
    ]
    if h["amsgrad"]:
        step += [
            "v_max = tf.maximum(v_max, v)",
            "denom = tf.sqrt(v_max) / math.sqrt(1 - BETA2**t) + EPS",
        ]
    else:
        step.append("denom = tf.sqrt(v) / math.sqrt(1 - BETA2**t) + EPS")
    step.append("candidate = point - step_size * (m / denom)")
    return (
        "torch's Adam: keras.optimizers.Adam adds epsilon before the bias correction\n"
        "# ('epsilon hat'), which moves a network's rarely used weights apart",
        [
            f"BETA1, BETA2, EPS = {number(h['beta1'])}, {number(h['beta2'])}, {number(h['eps'])}",
            f"W = {number(weight)}  # 1 - beta1, the weight of torch's lerp",
            f"WEIGHT_DECAY = {number(float(h['weight_decay']))}",
            "m = tf.zeros_like(theta)",
            "v = tf.zeros_like(theta)",
            "v_max = tf.zeros_like(theta)",
        ],
        step,
        "theta, m, v, v_max",
    )
