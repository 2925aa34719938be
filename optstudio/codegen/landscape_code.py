"""The parts of a landscape run's script that every framework shares: its settings, the loss
as code (an analytic loss, a typed formula or a data loss with its rows), in each framework's
math module."""

from __future__ import annotations

import ast
import math
from dataclasses import dataclass

import numpy as np

from .._version import __version__
from ..engine.recorded_run import DIVERGENCE_BOUND
from .common import indent, number
from .description import ScriptRun

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


def header(run: ScriptRun, framework: str) -> str:
    return (
        f'"""{run.run.optimizer.display_name} on {run.loss.name}, as optstudio {__version__} '
        f"ran it, in {framework}.\n\nGenerated from the run's settings: the same loss, start "
        "point, hyperparameters,\nschedule and number of steps"
        + (", data set, mini-batches and seed" if run.is_data else "")
        + '.\n"""\n'
    )


def settings_code(run: ScriptRun) -> str:
    """The run's plain settings as constants."""
    x, y = run.run.start
    lines = [
        f"STEPS = {run.steps}",
        f"START = ({number(x)}, {number(y)})",
        f"SEED = {run.run.seed}",
        f"TOL = {number(run.run.tol)}  # stop once the gradient norm is below this (0: never)",
        f"CHECK_EVERY = {run.check_every}  # how often the studio checks the whole objective",
        f"BOUND = {number(DIVERGENCE_BOUND)}  # a parameter beyond this counts as diverged",
    ]
    if run.noise:
        lines.append(f"GRAD_NOISE = {number(run.noise)}  # Gaussian noise added to each gradient")
    if run.clip:
        lines.append(f"CLIP_NORM = {number(run.clip)}")
    if run.is_data:
        lines.append(f"N_SAMPLES = {run.n_samples}")
        lines.append(f"BATCH_SIZE = {run.batch_size}")
    return "\n".join(lines) + "\n"


def _constants_code(run: ScriptRun) -> str:
    """The loss's parameters as constants (analytic losses)."""
    params = run.loss.params
    name = run.loss.name
    if name == "quadratic":
        angle = math.radians(float(params["angle"]))
        return (
            f"KAPPA = {number(params['condition'])}  # condition number\n"
            f"C, S = math.cos(math.radians({number(params['angle'])})), "
            f"math.sin(math.radians({number(params['angle'])}))\n"
            f"# C = {number(math.cos(angle))}, S = {number(math.sin(angle))}\n"
        )
    if name.startswith("expr:"):
        return "".join(f"{k} = {number(v)}\n" for k, v in _formula(run).parameters)
    return "".join(
        f"{key.upper()} = {number(value)}\n"
        for key, value in params.items()
        if key not in ("grad_noise",)
    )


def _data_code(run: ScriptRun) -> str:
    rows = ",\n".join(
        "    [" + ", ".join(number(v) for v in row) + "]" for row in np.asarray(run.loss.data)
    )
    return (
        "# The studio's data set (a, b, target) of this seed, written out so the run is the "
        "same.\nDATA_ROWS = [\n" + rows + ",\n]\n"
    )


def _loss_lines(run: ScriptRun, framework: str, module: str) -> list[str]:
    """The body of loss(x, y) for an analytic or custom loss."""
    name = run.loss.name
    if name.startswith("expr:"):
        return ["return " + _formula_code(run, framework, module)]
    return [line.replace("{M}", module) for line in LOSS_BODIES[name]]


def _formula(run: ScriptRun):
    from ..engine.formula_check import parse_formula

    return parse_formula(run.loss.name)


def _formula_code(run: ScriptRun, framework: str, module: str) -> str:
    from ..engine.formula_check import check_tree

    formula = _formula(run)
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


def loss_code(run: ScriptRun, dialect: Dialect) -> str:
    """`loss_fn(theta, batch=None)` with its constants or data, in the framework's terms."""
    if run.is_data:
        if run.loss.name == "linreg":
            body = f"    return {dialect.mean.format('(z - rows[:, 2]) ** 2')}\n"
        else:
            body = (
                "    # softplus(z) - t z: cross-entropy of sigmoid(z), stable for large |z|\n"
                f"    softplus = {dialect.softplus}\n"
                f"    return {dialect.mean.format('softplus - rows[:, 2] * z')}\n"
            )
        return (
            _data_code(run)
            + f"DATA = {dialect.tensor}\n\n\n"
            + "def loss_fn(theta, batch=None):\n"
            + '    """The mean loss over the samples of `batch` (all of them by default)."""\n'
            + f"    rows = DATA if batch is None else {dialect.take}\n"
            + "    z = rows[:, 0] * theta[0] + rows[:, 1] * theta[1]\n"
            + body
        )
    return (
        _constants_code(run)
        + "\n\ndef loss_fn(theta, batch=None):\n    x, y = theta[0], theta[1]\n"
        + indent(_loss_lines(run, dialect.framework, dialect.module))
    )
