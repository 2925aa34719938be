"""The TensorFlow / Keras script of a model run: the network's parameters one flat float64
variable (torch's Sequential layout, as the studio keeps them), the same data, initial weights
and batches, and the keras.optimizers optimizer the two-parameter scripts choose
(`keras_code._optimizer`, with its notes where Keras's convention differs from torch's).
Optimizers Keras does not have are refused with a one-line reason.
"""

from __future__ import annotations

from typing import Any

from .._version import __version__
from ..engine.runner import DIVERGENCE_BOUND
from .common import RNG_CODE, gradient_tail, indent, number, penalty_code
from .keras_code import _optimizer, _rate_code
from .model_optax import _ModelSetup
from .model_torch import NOISE_CODE, _rows, script_run

REFUSED = {
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
}
ACTIVATIONS = {
    "relu": "tf.nn.relu(z)",
    "tanh": "tf.tanh(z)",
    "sigmoid": "tf.sigmoid(z)",
    "linear": "z",
}
LOSSES = {
    "binary": "tf.reduce_mean(tf.maximum(z, 0) - z * y + tf.math.log1p(tf.exp(-tf.abs(z))))",
    "multiclass": "tf.reduce_mean(tf.reduce_logsumexp(out, axis=1) - tf.gather(out, "
    "tf.cast(y, tf.int32), axis=1, batch_dims=1))",
    "regression": "tf.reduce_mean((out - y[:, None]) ** 2)",
}


def model_keras_script(config: dict[str, Any]) -> str:
    run, steps = script_run(config, REFUSED)
    setup = _ModelSetup(run, steps)
    data = run.data
    sizes = "-".join(map(str, run.network.sizes))
    parts = [
        f'"""{run.optimizer.display_name} training a {sizes} {run.network.activation} network '
        f"on {data.name}, as optstudio {__version__} trained it, in TensorFlow / Keras.\n\n"
        "The same data, initial weights, hyperparameters, schedule, batches and number of "
        'steps.\n"""\n\nimport math\n\nimport keras\nimport tensorflow as tf\n\n'
        'keras.backend.set_floatx("float64")  # float64, as the studio computes\n\n',
        f"STEPS = {steps}\nSEED = {run.seed}\nBOUND = {number(DIVERGENCE_BOUND)}\n",
        f"BATCH_SIZE = {run.batch_size or len(data.x_train)}\nN_SAMPLES = {len(data.x_train)}\n",
        f"REGULARIZATION = {run.regularization!r}\nREG_RATE = {number(run.reg_rate)}\n",
        f"GRAD_NOISE = {number(run.grad_noise)}\nCLIP_NORM = {number(setup.clip)}\n",
        f"LAYERS = {[list(layer) for layer in run.layers]}  # (in, out) of each Linear\n",
        f"# features: {', '.join(data.features)}\n",
        f"X_TRAIN = tf.constant({_rows(data.x_train)}, dtype=tf.float64)\n",
        f"Y_TRAIN = tf.constant({_rows(data.y_train)}, dtype=tf.float64)\n",
        f"X_TEST = tf.constant({_rows(data.x_test)}, dtype=tf.float64)\n",
        f"Y_TEST = tf.constant({_rows(data.y_test)}, dtype=tf.float64)\n",
        f"INITIAL = {_rows(run.initial)}\n",
        "WEIGHTS = tf.constant("
        f"{_rows(run.network.weight_mask())}, dtype=tf.float64)  # 1 a weight, 0 a bias\n",
    ]
    if setup.minibatch or run.grad_noise:
        parts.append(RNG_CODE)
    if run.grad_noise:
        parts.append(NOISE_CODE)
    parts += [
        _network_code(run.network.activation, run.network.task),
        _gradient_code(setup),
        "\n\n" + _rate_code(setup),  # type: ignore[arg-type]
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
        "        w = tf.reshape(theta[start : start + n_out * n_in], (n_out, n_in))\n"
        "        b = theta[start + n_out * n_in : start + n_out * n_in + n_out]\n"
        "        start += n_out * n_in + n_out\n"
        "        z = tf.matmul(x, w, transpose_b=True) + b\n"
        f"        x = {ACTIVATIONS[activation]} if k < len(LAYERS) - 1 else z\n"
        "    return x\n"
        "\n\ndef data_loss(theta, x, y):\n"
        "    out = forward(theta, x)\n"
        "    z = out[:, 0]\n"
        f"    return {LOSSES[task]}\n"
        "\n\ndef loss_fn(theta, batch=None):\n"
        '    """The objective: the data loss of `batch` (all rows by default) plus the penalty\n'
        '    on the weights: l1 rate sum|w|, l2 rate sum w^2 / 2."""\n'
        "    if batch is None:\n"
        "        x, y = X_TRAIN, Y_TRAIN\n"
        "    else:\n"
        "        x, y = tf.gather(X_TRAIN, batch), tf.gather(Y_TRAIN, batch)\n"
        "    loss = data_loss(theta, x, y)\n"
    ) + penalty_code(
        "tf.reduce_sum(tf.abs(theta) * WEIGHTS)", "tf.reduce_sum(theta * theta * WEIGHTS)"
    )


def _gradient_code(setup: _ModelSetup) -> str:
    batch = "batch_of(step)" if setup.minibatch else "None"
    noise = "tf.constant([normal_lane(SEED, step, k) for k in range(point.shape[0])], tf.float64)"
    lines = [
        "\n\ndef gradient(point, step):",
        '    """The gradient the step reads, in the studio\'s order (noise, clipping, the sign',
        '    of maximize, then an L2 weight decay where torch adds one)."""',
        "    point = tf.constant(point)",
        "    with tf.GradientTape() as tape:",
        "        tape.watch(point)",
        f"        value = loss_fn(point, {batch})",
        "    grad = tape.gradient(value, point)",
        *gradient_tail(setup, noise, "tf.norm(grad)", "Keras"),  # type: ignore[arg-type]
    ]
    return "\n".join(lines) + "\n"


def _optimizer_code(setup: _ModelSetup) -> list[str]:
    if setup.optimizer in ("adam", "adamw"):
        return _adam_code(setup)
    constructor, notes = _optimizer(setup)  # type: ignore[arg-type]
    step = [
        "before = keras.ops.convert_to_numpy(theta)",
        "optimizer.apply_gradients([(gradient(before, step), theta)])",
        "candidate = keras.ops.convert_to_numpy(theta)",
    ]
    return [
        "\n" + "".join(f"# Note: {note}\n" for note in notes),
        f'theta = keras.Variable(INITIAL, dtype="float64")\noptimizer = {constructor}\n',
        _train_code(step, "rows = [tf.constant(keras.ops.convert_to_numpy(theta))]", ""),
    ]


def _adam_code(setup: _ModelSetup) -> list[str]:
    """torch's Adam and AdamW in TensorFlow: Keras adds epsilon before the bias correction,
    which moves a network's rarely used weights by a different amount."""
    h = setup.hyper
    decoupled = setup.optimizer == "adamw" and float(h["weight_decay"])
    weight = 1.0 - float(h["beta1"])
    # torch's lerp(m, g, w): m + w (g - m) for w < 0.5, else g - (g - m)(1 - w)
    lerp = "m + W * (grad - m)" if weight < 0.5 else "grad - (grad - m) * (1 - W)"
    state = [
        "\n# torch's Adam, written in TensorFlow: keras.optimizers.Adam adds epsilon before the\n"
        "# bias correction ('epsilon hat'), which moves a network's rarely used weights apart.\n",
        f"BETA1, BETA2, EPS = {number(h['beta1'])}, {number(h['beta2'])}, {number(h['eps'])}\n",
        f"W = {number(weight)}  # 1 - beta1, the weight of torch's lerp\n",
        f"WEIGHT_DECAY = {number(float(h['weight_decay']))}\n",
        "theta = tf.constant(INITIAL, dtype=tf.float64)\n",
        "m = tf.zeros_like(theta)\nv = tf.zeros_like(theta)\nv_max = tf.zeros_like(theta)\n",
    ]
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
    return [*state, _train_code(step, "rows = [theta]", "theta, m, v, v_max", accept=True)]


def _train_code(step_lines: list[str], first: str, globals_: str, accept: bool = False) -> str:
    body = [
        first,
        "for step in range(STEPS):",
        *["    " + line for line in step_lines],
        "    if not bool(tf.reduce_all(tf.math.is_finite(candidate))) or float("
        "tf.reduce_max(tf.abs(candidate))) > BOUND:",
        "        break  # diverged: the last good parameters stay",
        *(["    theta = candidate"] if accept else []),
        "    rows.append(tf.constant(candidate))",
        "return tf.stack(rows)",
    ]
    return (
        "\n\ndef train():\n"
        '    """Take the steps; every step\'s parameters, one row each (the initial first)."""\n'
        + (f"    global {globals_}\n" if globals_ else "")
        + indent(body)
    )


def _main_code(task: str) -> str:
    if task == "regression":
        accuracy, shown = "", ""
    else:
        guess = (
            "tf.cast(out[:, 0] > 0, tf.float64)"
            if task == "binary"
            else "tf.cast(tf.argmax(out, axis=1), tf.float64)"
        )
        accuracy = (
            "    out = forward(rows[-1], X_TEST)\n"
            f"    correct = tf.reduce_mean(tf.cast({guess} == Y_TEST, tf.float64))\n"
        )
        shown = ", test accuracy {float(correct):.1%}"
    return (
        '\n\nif __name__ == "__main__":\n'
        "    rows = train()\n"
        "    train_loss = data_loss(rows[-1], X_TRAIN, Y_TRAIN)\n"
        "    test_loss = data_loss(rows[-1], X_TEST, Y_TEST)\n"
        + accuracy
        + '    print(f"{len(rows) - 1} steps: train loss {float(train_loss):.6g}, "\n'
        f'          f"test loss {{float(test_loss):.6g}}{shown}")\n'
    )
