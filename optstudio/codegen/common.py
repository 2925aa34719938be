"""What every framework's script shares, for either kind of run: float literals, the engine's
random generator (so mini-batches and gradient noise are the studio's own), the gradient's
tail in the studio's order, the penalty on a network's weights, a schedule written out rate by
rate, and the training function around a step."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .description import ScriptRun

RNG_CODE = '''
# The studio's own counter-based generator (SplitMix64), so that the mini-batches and the
# gradient noise are the ones the studio drew; a framework's shuffling would draw others.
MASK = (1 << 64) - 1


def _mix(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def uniform(seed, counter, lane):
    z = _mix((seed * 0x9E3779B97F4A7C15 + counter) & MASK)
    z = _mix((z + lane * 0xD1B54A32D192ED03 + 0x9E3779B97F4A7C15) & MASK)
    return (z >> 11) * (1.0 / 9007199254740992.0)


def normal_pair(seed, counter):
    u1 = 1.0 - uniform(seed, counter, 0)
    u2 = uniform(seed, counter, 1)
    radius = math.sqrt(-2.0 * math.log(u1))
    return radius * math.cos(2.0 * math.pi * u2), radius * math.sin(2.0 * math.pi * u2)


def epoch_order(seed, epoch, n):
    """The order of the samples in one epoch (Fisher-Yates)."""
    order = list(range(n))
    for i in range(n - 1, 0, -1):
        j = int(uniform(seed, epoch, i + 2) * (i + 1))
        order[i], order[j] = order[j], order[i]
    return order


def batch_of(step):
    """The sample indices of the mini-batch of `step`, as the studio takes them."""
    per_epoch = -(-N_SAMPLES // BATCH_SIZE)
    first = (step % per_epoch) * BATCH_SIZE
    return epoch_order(SEED, step // per_epoch, N_SAMPLES)[first : first + BATCH_SIZE]
'''


NOISE_CODE = '''

def normal_lane(seed, counter, lane):
    """The studio's gradient noise of parameter `lane` at step `counter` (Box-Muller)."""
    u1 = 1.0 - uniform(seed, counter, 2 * lane)
    u2 = uniform(seed, counter, 2 * lane + 1)
    return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)
'''
"""A network's gradient noise, one lane per parameter (a landscape draws `normal_pair`)."""


def number(value: float) -> str:
    """A float literal that reads back to the same double."""
    text = repr(float(value))
    return {"inf": "math.inf", "-inf": "-math.inf", "nan": "math.nan"}.get(text, text)


def call(
    function: str, first: str, hyper: Mapping[str, Any], keywords: Mapping[str, str], **literal: str
) -> str:
    """`function(first, keyword=value, ...)`: each of `keywords` takes the studio's
    hyperparameter it names (a framework's word for it, e.g. Keras's beta_1 for beta1), then
    the `literal` ones as written. A framework's optimizer is one such call."""
    parts = [first, *(f"{k}={number(hyper[name])}" for k, name in keywords.items())]
    parts += [f"{k}={v}" for k, v in literal.items()]
    return f"{function}({', '.join(parts)})"


def random_code(run: ScriptRun) -> str:
    """The generator, where the run draws batches or noise."""
    if not run.needs_rng:
        return ""
    return RNG_CODE + (NOISE_CODE if run.network and run.noise else "")


def batch_code(run: ScriptRun, wrap: str = "{}") -> str:
    """The rows a step's gradient reads: its mini-batch, or all (None)."""
    return wrap.format("batch_of(step)") if run.minibatch else "None"


def noise_code(run: ScriptRun, vector: str, count: str) -> str:
    """The step's noise vector: `vector` wraps a list of floats into the framework's tensor,
    `count` is the number of parameters of `point`."""
    if run.network:
        return vector.format(f"[normal_lane(SEED, step, k) for k in range({count})]")
    return vector.format("normal_pair(SEED, step)")


def rate_table(run: ScriptRun) -> str:
    """The schedule's rates, four to a line."""
    rates = run.rates()
    return ",\n".join(
        "    " + ", ".join(number(v) for v in rates[i : i + 4]) for i in range(0, len(rates), 4)
    )


def gradient_function(run: ScriptRun, compute: list[str], noise: str, norm: str, name: str) -> str:
    """`gradient(point, step)`: the loss's gradient (`compute`, ending in `grad = ...`), then
    the tail in the studio's order; `noise` and `norm` in the framework's terms."""
    lines = [
        "def gradient(point, step):",
        '    """The gradient the step reads, in the studio\'s order (noise, clipping, the sign',
        '    of maximize, then an L2 weight decay where torch adds one)."""',
        *["    " + line for line in compute],
        *gradient_tail(run, noise, norm, name),
    ]
    return "\n".join(lines) + "\n"


def objective_check(evaluate: list[str]) -> list[str]:
    """A landscape loop's check of the whole objective every CHECK_EVERY steps: `evaluate`
    sets `value` and `norm`; a value or norm that is not finite, or a norm under TOL, ends
    the run as the studio ends it."""
    return [
        "    if step % CHECK_EVERY == 0:  # the whole objective: diverged? converged?",
        *["        " + line for line in evaluate],
        "        if not (math.isfinite(float(value)) and math.isfinite(norm)):",
        "            break",
        "        if TOL > 0 and norm < TOL:",
        "            break",
    ]


def flat_train_body(
    run: ScriptRun, first: str, check: list[str], step: list[str], terms: dict[str, str]
) -> list[str]:
    """The loop of a framework that keeps the parameters one flat vector (optax, Keras):
    `first` is the first row, `check` evaluates the whole objective (a landscape's), `step`
    sets `candidate`; `terms` says in the framework's words whether the candidate
    "diverged", whether the loop must "accept" it into theta ("yes" or ""), how a row is
    "kept" and how the rows are "stacked"."""
    return [
        f"rows = [{first}]",
        "for step in range(STEPS):",
        *([] if run.network else objective_check(check)),
        *["    " + line for line in step],
        f"    if {terms['diverged']}:",
        "        break  # diverged: the last good parameters stay",
        *(["    theta = candidate"] if terms["accept"] else []),
        f"    rows.append({terms['kept']})",
        f"return {terms['stacked']}(rows)",
    ]


def landscape_main(last: str) -> str:
    """The end of a landscape script: train, then print where theta ended (`last`: the final
    row as a list) and its loss."""
    return (
        '\n\nif __name__ == "__main__":\n'
        "    path = train()\n"
        f'    print(f"{{len(path) - 1}} steps: theta = {{{last}}}, '
        'loss = {float(loss_fn(path[-1])):.10g}")\n'
    )


def train_function(body: list[str], globals_: str, network: bool) -> str:
    """`train()` around the loop `body`, returning every step's parameters."""
    doc = (
        "Take the steps; every step's parameters, one row each (the initial first)."
        if network
        else "Take the steps; the path of theta, one row per step (the start first)."
    )
    return (
        f'\n\ndef train():\n    """{doc}"""\n'
        + (f"    global {globals_}\n" if globals_ else "")
        + indent(body)
    )


COUPLED_DECAY = ("sgd", "adagrad", "rmsprop", "adadelta", "adam", "adamax", "nadam", "radam")
"""torch adds weight_decay * theta to the gradient for these (L2); Keras and optax scripts do
it in `gradient`, as their own weight decay is decoupled or absent."""


def gradient_tail(run: ScriptRun, noise: str, norm: str, framework: str) -> list[str]:
    """The rest of `gradient` after the loss's gradient, in the studio's order: noise,
    clipping as torch's clip_grad_norm_, the sign of maximize, then torch's L2 weight decay."""
    lines = []
    if run.noise:
        lines.append(f"    grad = grad + GRAD_NOISE * {noise}")
    if run.clip:
        lines.append("    # as torch.nn.utils.clip_grad_norm_ does (1e-6 in the denominator)")
        lines.append(f"    grad = grad * min(CLIP_NORM / (float({norm}) + 1e-6), 1.0)")
    if run.maximize:
        lines.append(f"    grad = -grad  # maximize: {framework} minimizes, so descend -f")
    decay = float(run.hyper.get("weight_decay") or 0.0)
    coupled = run.optimizer in COUPLED_DECAY and not (
        run.hyper.get("decoupled_weight_decay") and run.optimizer in ("nadam", "radam")
    )
    if decay and coupled:
        lines.append(f"    grad = grad + {number(decay)} * point  # torch's weight_decay (L2)")
    lines.append("    return grad")
    return lines


def penalty_code(l1: str, l2: str) -> str:
    """The end of a network script's objective: `loss` gains the penalty on the weights, l1
    rate sum|w| (`l1`, the framework's sum of |w|) or l2 rate sum w^2 / 2 (`l2`, its sum of
    w^2), and is returned."""
    return (
        '    if REGULARIZATION == "l1":\n'
        f"        loss = loss + REG_RATE * {l1}\n"
        '    elif REGULARIZATION == "l2":\n'
        f"        loss = loss + REG_RATE * {l2} / 2\n"
        "    return loss\n"
    )


def indent(lines: list[str], spaces: int = 4) -> str:
    return "".join(" " * spaces + line + "\n" if line else "\n" for line in lines)
