"""What every framework's script shares: the run's settings, the loss as code, the data, the
engine's random generator (so mini-batches and gradient noise are the studio's own), and the
schedule's learning rates where a framework has no equivalent class."""

from __future__ import annotations

import ast
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from .._version import __version__
from ..engine.runner import DIVERGENCE_BOUND, Run, create_run

MAX_EMBEDDED_RATES = 20_000
"""A schedule written out rate by rate holds at most this many steps."""

LOSS_BODIES: dict[str, list[str]] = {
    "quadratic": [
        "u = C * x + S * y",
        "v = -S * x + C * y",
        "return 0.5 * (KAPPA * u * u + v * v)",
    ],
    "rosenbrock": ["return (A - x) ** 2 + B * (y - x * x) ** 2"],
    "beale": [
        "return ((1.5 - x + x * y) ** 2 + (2.25 - x + x * y**2) ** 2 + (2.625 - x + x * y**3) ** 2)"
    ],
    "himmelblau": ["return (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2"],
    "booth": ["return (x + 2 * y - 7) ** 2 + (2 * x + y - 5) ** 2"],
    "matyas": ["return 0.26 * (x * x + y * y) - 0.48 * x * y"],
    "three_hump_camel": ["return 2 * x**2 - 1.05 * x**4 + x**6 / 6 + x * y + y**2"],
    "six_hump_camel": [
        "return (4 - 2.1 * x**2 + x**4 / 3) * x**2 + x * y + (-4 + 4 * y**2) * y**2"
    ],
    "goldstein_price": [
        "first = 1 + (x + y + 1) ** 2 * (19 - 14 * x + 3 * x**2 - 14 * y + 6 * x * y + 3 * y**2)",
        "second = 30 + (2 * x - 3 * y) ** 2 * (18 - 32 * x + 12 * x**2 + 48 * y - 36 * x * y"
        " + 27 * y**2)",
        "return first * second",
    ],
    "rastrigin": [
        "return 2 * A + x**2 - A * {M}.cos(2 * math.pi * x) + y**2 - A * {M}.cos(2 * math.pi * y)"
    ],
    "ackley": [
        "# at the origin the cone has no gradient: the studio uses 0 there, autodiff gives nan",
        "r = {M}.sqrt(0.5 * (x * x + y * y))",
        "waves = {M}.exp(0.5 * ({M}.cos(C * x) + {M}.cos(C * y)))",
        "return -A * {M}.exp(-B * r) - waves + A + math.e",
    ],
    "styblinski_tang": ["return (x**4 - 16 * x**2 + 5 * x + y**4 - 16 * y**2 + 5 * y) / 2"],
    "saddle": ["return x**2 - y**2"],
}
FUNCTION_NAMES = {
    # formula function -> (torch, jax.numpy, tf.math)
    "sin": ("sin", "sin", "sin"),
    "cos": ("cos", "cos", "cos"),
    "tan": ("tan", "tan", "tan"),
    "exp": ("exp", "exp", "exp"),
    "log": ("log", "log", "log"),
    "sqrt": ("sqrt", "sqrt", "sqrt"),
    "abs": ("abs", "abs", "abs"),
    "tanh": ("tanh", "tanh", "tanh"),
    "sinh": ("sinh", "sinh", "sinh"),
    "cosh": ("cosh", "cosh", "cosh"),
    "arctan": ("arctan", "arctan", "atan"),
    "arcsin": ("arcsin", "arcsin", "asin"),
    "arccos": ("arccos", "arccos", "acos"),
    "log1p": ("log1p", "log1p", "log1p"),
    "min": ("minimum", "minimum", "minimum"),
    "max": ("maximum", "maximum", "maximum"),
}
FRAMEWORK_INDEX = {"torch": 0, "optax": 1, "keras": 2}

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


def number(value: float) -> str:
    """A float literal that reads back to the same double."""
    text = repr(float(value))
    return {"inf": "math.inf", "-inf": "-math.inf", "nan": "math.nan"}.get(text, text)


@dataclass
class RunSetup:
    """A run's settings, resolved: what every script is generated from."""

    config: dict[str, Any]
    run: Run

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> RunSetup:
        config = dict(config)
        if config.get("hyper_changes"):
            raise ValueError(
                "this run's hyperparameters were changed while it ran; a script can only "
                "start from one setting (restart the run with its current values)"
            )
        run = create_run(**config)
        return cls(config, run)

    @property
    def steps(self) -> int:
        return int(self.config.get("steps", 1000))

    @property
    def optimizer(self) -> str:
        return self.run.optimizer.name

    @property
    def hyper(self) -> dict[str, Any]:
        return self.run.hyperparams

    @property
    def loss(self):
        return self.run.loss

    @property
    def is_data(self) -> bool:
        return self.loss.spec.is_data

    @property
    def minibatch(self) -> bool:
        return self.run.batch_size is not None and self.run.batch_size < self.loss.n_samples

    @property
    def noise(self) -> float:
        return self.loss.grad_noise

    @property
    def needs_rng(self) -> bool:
        return self.minibatch or self.noise > 0.0

    @property
    def clip(self) -> float:
        return float(self.hyper.get("clip_norm") or 0.0)

    @property
    def maximize(self) -> bool:
        return bool(self.hyper.get("maximize"))

    @property
    def check_every(self) -> int:
        """How often the studio checks divergence and the tolerance on the full objective:
        every step, or only on recorded rows when a mini-batch or a lookahead drives the step."""
        every_step = not self.minibatch and self.optimizer != "nesterov"
        return 1 if every_step else self.run.record_every

    def rates(self) -> list[float]:
        """The learning rate of every step (the schedule, written out)."""
        if self.steps > MAX_EMBEDDED_RATES:
            raise ValueError(
                f"this schedule has no equivalent here and is written out step by step, for "
                f"at most {MAX_EMBEDDED_RATES:,} steps; this run has {self.steps:,}"
            )
        return [float(v) for v in self.run.learning_rates(0, self.steps)]

    def header(self, framework: str) -> str:
        loss = self.loss.name
        return (
            f'"""{self.run.optimizer.display_name} on {loss}, as optstudio {__version__} ran it,'
            f" in {framework}.\n\nGenerated from the run's settings: the same loss, start point, "
            "hyperparameters,\nschedule and number of steps"
            + (", data set, mini-batches and seed" if self.is_data else "")
            + '.\n"""\n'
        )

    def settings_code(self) -> str:
        """The run's plain settings as constants."""
        x, y = self.run.start
        lines = [
            f"STEPS = {self.steps}",
            f"START = ({number(x)}, {number(y)})",
            f"SEED = {self.run.seed}",
            f"TOL = {number(self.run.tol)}  # stop once the gradient norm is below this (0: never)",
            f"CHECK_EVERY = {self.check_every}  # how often the studio checks the whole objective",
            f"BOUND = {number(DIVERGENCE_BOUND)}  # a parameter beyond this counts as diverged",
        ]
        if self.noise:
            lines.append(
                f"GRAD_NOISE = {number(self.noise)}  # Gaussian noise added to each gradient"
            )
        if self.clip:
            lines.append(f"CLIP_NORM = {number(self.clip)}")
        if self.is_data:
            lines.append(f"N_SAMPLES = {self.loss.n_samples}")
            lines.append(f"BATCH_SIZE = {self.run.batch_size or self.loss.n_samples}")
        return "\n".join(lines) + "\n"

    def constants_code(self) -> str:
        """The loss's parameters as constants (analytic losses)."""
        params = self.loss.params
        name = self.loss.name
        if name == "quadratic":
            angle = math.radians(float(params["angle"]))
            return (
                f"KAPPA = {number(params['condition'])}  # condition number\n"
                f"C, S = math.cos(math.radians({number(params['angle'])})), "
                f"math.sin(math.radians({number(params['angle'])}))\n"
                f"# C = {number(math.cos(angle))}, S = {number(math.sin(angle))}\n"
            )
        if name.startswith("expr:"):
            return "".join(f"{k} = {number(v)}\n" for k, v in self._formula().parameters)
        return "".join(
            f"{key.upper()} = {number(value)}\n"
            for key, value in params.items()
            if key not in ("grad_noise",)
        )

    def data_code(self) -> str:
        rows = ",\n".join(
            "    [" + ", ".join(number(v) for v in row) + "]" for row in np.asarray(self.loss.data)
        )
        return (
            "# The studio's data set (a, b, target) of this seed, written out so the run is the "
            "same.\nDATA_ROWS = [\n" + rows + ",\n]\n"
        )

    def loss_lines(self, framework: str, module: str) -> list[str]:
        """The body of loss(x, y) for an analytic or custom loss."""
        name = self.loss.name
        if name.startswith("expr:"):
            return ["return " + self._formula_code(framework, module)]
        return [line.replace("{M}", module) for line in LOSS_BODIES[name]]

    def _formula(self):
        from ..engine.formula_check import parse_formula

        return parse_formula(self.loss.name)

    def _formula_code(self, framework: str, module: str) -> str:
        from ..engine.formula_check import check_tree

        formula = self._formula()
        tree = check_tree(formula.expression, {k for k, _ in formula.parameters})
        index = FRAMEWORK_INDEX[framework]

        class Rename(ast.NodeTransformer):
            def visit_Call(self, node: ast.Call) -> ast.AST:
                self.generic_visit(node)
                target = FUNCTION_NAMES[node.func.id][index]
                node.func = ast.Attribute(ast.Name(module, ast.Load()), target, ast.Load())
                return node

            def visit_Name(self, node: ast.Name) -> ast.AST:
                if node.id in ("pi", "e"):
                    return ast.Attribute(ast.Name("math", ast.Load()), node.id, ast.Load())
                return node

        renamed = ast.fix_missing_locations(Rename().visit(tree))
        return ast.unparse(renamed.body) + "  # " + formula.text.replace("\n", " ")

    def schedule_note(self) -> str:
        schedule = self.run.schedule
        return "" if schedule is None else f"schedule {schedule.to_config()}"


@dataclass(frozen=True)
class Dialect:
    """How a framework writes the few things the loss needs."""

    framework: str
    module: str
    """Where the math functions live: torch, jnp, tf.math."""
    tensor: str
    """The data as a tensor, from DATA_ROWS."""
    take: str
    """The rows of `batch`."""
    mean: str
    """The mean of the expression {}."""
    softplus: str
    """softplus(z), stable for large |z|."""


def loss_code(setup: RunSetup, dialect: Dialect) -> str:
    """`loss_fn(theta, batch=None)` with its constants or data, in the framework's terms."""
    if setup.is_data:
        if setup.loss.name == "linreg":
            body = f"    return {dialect.mean.format('(z - rows[:, 2]) ** 2')}\n"
        else:
            body = (
                "    # softplus(z) - t z: cross-entropy of sigmoid(z), stable for large |z|\n"
                f"    softplus = {dialect.softplus}\n"
                f"    return {dialect.mean.format('softplus - rows[:, 2] * z')}\n"
            )
        return (
            setup.data_code()
            + f"DATA = {dialect.tensor}\n\n\n"
            + "def loss_fn(theta, batch=None):\n"
            + '    """The mean loss over the samples of `batch` (all of them by default)."""\n'
            + f"    rows = DATA if batch is None else {dialect.take}\n"
            + "    z = rows[:, 0] * theta[0] + rows[:, 1] * theta[1]\n"
            + body
        )
    return (
        setup.constants_code()
        + "\n\ndef loss_fn(theta, batch=None):\n    x, y = theta[0], theta[1]\n"
        + indent(setup.loss_lines(dialect.framework, dialect.module))
    )


COUPLED_DECAY = ("sgd", "adagrad", "rmsprop", "adadelta", "adam", "adamax", "nadam", "radam")
"""torch adds weight_decay * theta to the gradient for these (L2); Keras and optax scripts do
it in `gradient`, as their own weight decay is decoupled or absent."""


def gradient_tail(setup: RunSetup, noise: str, norm: str, framework: str) -> list[str]:
    """The rest of `gradient` after the loss's gradient, in the studio's order: noise,
    clipping as torch's clip_grad_norm_, the sign of maximize, then torch's L2 weight decay."""
    lines = []
    if setup.noise:
        lines.append(f"    grad = grad + GRAD_NOISE * {noise}")
    if setup.clip:
        lines.append("    # as torch.nn.utils.clip_grad_norm_ does (1e-6 in the denominator)")
        lines.append(f"    grad = grad * min(CLIP_NORM / (float({norm}) + 1e-6), 1.0)")
    if setup.maximize:
        lines.append(f"    grad = -grad  # maximize: {framework} minimizes, so descend -f")
    decay = float(setup.hyper.get("weight_decay") or 0.0)
    coupled = setup.optimizer in COUPLED_DECAY and not (
        setup.hyper.get("decoupled_weight_decay") and setup.optimizer in ("nadam", "radam")
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
