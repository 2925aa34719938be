"""Losses typed as formulas: `expr:(1-x)^2 + a*(y-x^2)^2; a=100`.

The text is checked first (`formula_check`: a whitelist of the syntax tree's nodes, with
bounds on what can cost). The checked tree is turned into a sympy expression node by node
(never through sympy's string parser), differentiated symbolically, and compiled into small
stack programs that a jitted interpreter inside the engine (_formula_kernels.py) runs: no code
is generated or executed, and nothing needs compiling per formula, so a new formula is ready
at once.
"""

from __future__ import annotations

import ast
import contextlib
import math
from collections.abc import Iterator
from functools import lru_cache

from . import _ids
from .formula_check import (
    BUILT_IN_PARAMETERS,
    MAX_STACK,
    Formula,
    FormulaError,
    _refuse,
    check_tree,
    parse_formula,
)
from .specs import HyperParam, LossSpec


# ----- symbolic form -----
def _symbols():
    import sympy

    return sympy.Symbol("x", real=True), sympy.Symbol("y", real=True)


def to_sympy(formula: Formula, values: dict[str, float] | None = None):
    """The checked tree as a sympy expression (parameters as symbols, or as `values`)."""
    import sympy

    x, y = _symbols()
    names = {"x": x, "y": y, "pi": sympy.pi, "e": sympy.E}
    for name, default in formula.parameters:
        names[name] = (
            sympy.Float((values or {}).get(name, default))
            if values is not None
            else sympy.Symbol(name, real=True)
        )
    functions = {
        "sin": sympy.sin,
        "cos": sympy.cos,
        "tan": sympy.tan,
        "exp": sympy.exp,
        "log": sympy.log,
        "sqrt": sympy.sqrt,
        "abs": sympy.Abs,
        "tanh": sympy.tanh,
        "sinh": sympy.sinh,
        "cosh": sympy.cosh,
        "arctan": sympy.atan,
        "arcsin": sympy.asin,
        "arccos": sympy.acos,
        "log1p": lambda u: sympy.log(1 + u),
        "min": sympy.Min,
        "max": sympy.Max,
    }
    operators = {
        ast.Add: lambda a, b: a + b,
        ast.Sub: lambda a, b: a - b,
        ast.Mult: lambda a, b: a * b,
        ast.Div: lambda a, b: a / b,
        ast.Pow: lambda a, b: a**b,
    }

    def convert(node):
        if isinstance(node, ast.Expression):
            return convert(node.body)
        if isinstance(node, ast.Constant):
            value = node.value
            return sympy.Integer(value) if isinstance(value, int) else sympy.Float(value)
        if isinstance(node, ast.Name):
            return names[node.id]
        if isinstance(node, ast.BinOp):
            left, right = convert(node.left), convert(node.right)
            if isinstance(node.op, ast.Pow) and _costly_root(left, right):
                return sympy.Float(math.pow(float(left), float(right)))
            return operators[type(node.op)](left, right)
        if isinstance(node, ast.UnaryOp):
            operand = convert(node.operand)
            return -operand if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.Call):
            return functions[node.func.id](*(convert(a) for a in node.args))
        raise _refuse(node, "unexpected part")  # unreachable after check_tree

    given = None if values is None else {n: float(values.get(n, d)) for n, d in formula.parameters}
    return convert(check_tree(formula.expression, {n for n, _ in formula.parameters}, given))


MAX_EXACT_ROOT = 100
"""A number to a fraction p/q is kept exact (sqrt(2), 8**(1/3)) for q up to this."""


def _costly_root(base, exponent) -> bool:
    """Whether `base ** exponent` is a number that sympy would keep as an exact root of a high
    order: 99**(-1/9801) took it over 20 s to print (found by the formula fuzz test), while
    its value is an ordinary float."""
    return bool(
        base.is_number
        and exponent.is_Rational
        and not exponent.is_integer
        and exponent.q > MAX_EXACT_ROOT
    )


@contextlib.contextmanager
def _refused_by_sympy() -> Iterator[None]:
    """sympy's own refusals as a FormulaError with its message: a parameter value that makes a
    constant complex, or "Invalid NaN comparison" from cosh(a / (x - x)) (the fuzz test)."""
    try:
        yield
    except FormulaError:
        raise
    except (ValueError, TypeError, ArithmeticError, RecursionError) as error:
        raise FormulaError(f"cannot differentiate this formula: {error}") from None


def derivatives(formula: Formula, values: dict[str, float] | None = None):
    """f, its gradient and its Hessian as sympy expressions."""
    import sympy

    x, y = _symbols()
    f = to_sympy(formula, values)
    gx, gy = sympy.diff(f, x), sympy.diff(f, y)
    return f, (gx, gy), (sympy.diff(gx, x), sympy.diff(gx, y), sympy.diff(gy, y))


SHOWN_OPERATIONS = 200
"""Derivatives longer than this are summarised rather than typeset: text that long helps no
one, and typesetting it costs seconds."""


def readable(formula: Formula) -> dict[str, str]:
    """The formula, gradient and Hessian as text a lecturer can point at.

    Not passed through `sympy.simplify`: its cost has no bound (nested sin and exp took
    minutes); sympy's automatic simplification already gives the textbook forms of the usual
    losses (the Rosenbrock gradient reads -4·a·x·(y - x²) + 2·x - 2)."""
    import sympy

    with _refused_by_sympy():
        f, (gx, gy), (hxx, hxy, hyy) = derivatives(formula)

    def show(expression) -> str:
        operations = sympy.count_ops(expression)
        if operations > SHOWN_OPERATIONS:
            return f"({operations} operations: too long to show)"
        text = sympy.pretty(expression, use_unicode=True, wrap_line=False)
        if "\n" not in text:
            return text
        # sympy's two-dimensional layout (fractions over bars, raised powers) reads as ASCII
        # art in a panel: one line, with ^ for powers, as the formula is typed
        return sympy.sstr(expression).replace("**", "^").replace("*", "⋅")

    return {
        "f": show(f),
        "df/dx": show(gx),
        "df/dy": show(gy),
        "d2f/dx2": show(hxx),
        "d2f/dxdy": show(hxy),
        "d2f/dy2": show(hyy),
    }


# ----- stack programs -----
def _program(expression) -> list[float]:
    import sympy

    x, y = _symbols()
    unary = {
        sympy.sin: _ids.OP_SIN,
        sympy.cos: _ids.OP_COS,
        sympy.tan: _ids.OP_TAN,
        sympy.exp: _ids.OP_EXP,
        sympy.log: _ids.OP_LOG,
        sympy.Abs: _ids.OP_ABS,
        sympy.tanh: _ids.OP_TANH,
        sympy.sinh: _ids.OP_SINH,
        sympy.cosh: _ids.OP_COSH,
        sympy.atan: _ids.OP_ATAN,
        sympy.asin: _ids.OP_ASIN,
        sympy.acos: _ids.OP_ACOS,
        sympy.sign: _ids.OP_SIGN,
        sympy.Heaviside: _ids.OP_STEP,
    }
    code: list[float] = []

    def emit(e) -> None:
        if e == x:
            code.extend((_ids.OP_X, 0.0))
        elif e == y:
            code.extend((_ids.OP_Y, 0.0))
        elif e.is_Number or e.is_NumberSymbol:
            code.extend((_ids.OP_CONST, float(e)))
        elif isinstance(e, sympy.DiracDelta):
            code.extend((_ids.OP_CONST, 0.0))  # zero almost everywhere
        elif e.is_Add or e.is_Mul or isinstance(e, sympy.Min | sympy.Max):
            op = (
                _ids.OP_ADD
                if e.is_Add
                else _ids.OP_MUL
                if e.is_Mul
                else _ids.OP_MIN
                if isinstance(e, sympy.Min)
                else _ids.OP_MAX
            )
            args = e.args
            emit(args[0])
            for arg in args[1:]:
                emit(arg)
                code.extend((op, 0.0))
        elif e.is_Pow:
            base, exponent = e.args
            if exponent == sympy.Rational(1, 2):
                emit(base)
                code.extend((_ids.OP_SQRT, 0.0))
            else:
                emit(base)
                emit(exponent)
                code.extend((_ids.OP_POW, 0.0))
        elif type(e) in unary or e.func in unary:
            emit(e.args[0])
            code.extend((unary[e.func], 0.0))
        else:
            raise FormulaError(f"cannot evaluate '{e}' (from the derivatives)")

    emit(expression)
    return code


_PUSHES = (_ids.OP_CONST, _ids.OP_X, _ids.OP_Y)
_BINARY = (
    _ids.OP_ADD,
    _ids.OP_SUB,
    _ids.OP_MUL,
    _ids.OP_DIV,
    _ids.OP_POW,
    _ids.OP_MIN,
    _ids.OP_MAX,
)


def _depth(code: list[float]) -> int:
    """The deepest the interpreter's stack gets running `code`."""
    depth = deepest = 0
    for op in code[0::2]:
        if op in _PUSHES:
            depth += 1
        elif op in _BINARY:
            depth -= 1
        deepest = max(deepest, depth)
    return deepest


def kernel_parameters(formula: Formula, values: dict[str, float]) -> tuple[float, ...]:
    """Six programs (f, df/dx, df/dy and the Hessian) in one float array with a header of
    offsets, the layout the jitted interpreter in _formula_kernels reads."""
    with _refused_by_sympy():
        f, (gx, gy), (hxx, hxy, hyy) = derivatives(formula, values)
        programs = [_program(e) for e in (f, gx, gy, hxx, hxy, hyy)]
    if max(_depth(p) for p in programs) > MAX_STACK:
        raise FormulaError(f"the formula is too deeply nested to evaluate (stack > {MAX_STACK})")
    offsets = [7.0]
    for program in programs:
        offsets.append(offsets[-1] + len(program))
    return tuple(offsets) + tuple(v for program in programs for v in program)


@lru_cache(maxsize=128)
def formula_spec(name: str) -> LossSpec:
    """A LossSpec for `expr:...`, cached per formula text."""
    formula = parse_formula(name)
    # A parameter ranges over ten times its declared size either way: a slider the user can
    # use, where [-1e12, 1e12] would make one step of it a jump of 2e9.
    params = tuple(
        HyperParam(
            p,
            default,
            f"parameter {p} of the formula",
            low=-10 * max(abs(default), 1),
            high=10 * max(abs(default), 1),
        )
        for p, default in formula.parameters
    )
    params = (
        *params,
        HyperParam(
            BUILT_IN_PARAMETERS[0],
            0.0,
            "standard deviation of Gaussian noise added to each gradient (stochastic steps)",
            low=0.0,
        ),
    )
    declared = [p for p, _ in formula.parameters]

    def kernel_params(values) -> tuple[float, ...]:
        return kernel_parameters(formula, {k: float(values[k]) for k in declared})

    kernel_params(dict(formula.parameters))  # refuse at once what cannot be evaluated
    return LossSpec(
        formula.loss_name,
        "Custom formula",
        "A loss typed as a formula in x and y.",
        f"f = {formula.expression}",
        (-3.0, 3.0, -3.0, 3.0),
        ((-2.0, 2.0), (2.0, -2.0), (1.0, 1.0)),
        _ids.CUSTOM,
        params,
        kernel_params=kernel_params,
    )
