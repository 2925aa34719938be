"""The checking half of formula losses: a formula's text parsed into Python's syntax tree
(`ast.parse`, which runs nothing) and every node checked against a whitelist: numbers, x and y,
declared parameters, pi and e, + - * / ** ^, unary minus, parentheses and a fixed set of
functions. Anything else is refused with what and where; so is a constant or exponent too
large to compute. What passes costs little to differentiate (`formula`).
"""

from __future__ import annotations

import ast
import math
import warnings
from dataclasses import dataclass

from . import _ids

PREFIX = "expr:"
MAX_LENGTH = 500
MAX_NODES = 300
MAX_DEPTH = 40
MAX_EXPONENT = 64
MAX_STACK = _ids.FORMULA_STACK
RESERVED = {"x", "y", "pi", "e"}
BUILT_IN_PARAMETERS = ("grad_noise",)
"""Parameters every formula loss has; a declared one of the same name would be replaced."""
UNARY = {"abs": abs, "arctan": math.atan, "arcsin": math.asin, "arccos": math.acos} | {
    name: getattr(math, name)
    for name in ("sin", "cos", "tan", "exp", "log", "sqrt", "tanh", "sinh", "cosh", "log1p")
}
FUNCTIONS = {name: (1, value) for name, value in UNARY.items()} | {"min": (2, min), "max": (2, max)}
"""name: (arity, its value in floats, which checks the constant parts of a formula)."""


class FormulaError(ValueError):
    """A formula refused, with the column where the problem is."""


@dataclass(frozen=True)
class Formula:
    text: str
    expression: str
    parameters: tuple[tuple[str, float], ...]

    @property
    def loss_name(self) -> str:
        return PREFIX + self.text


def _refuse(node: ast.AST | None, message: str) -> FormulaError:
    where = (
        f"column {node.col_offset + 1}: "
        if node is not None and hasattr(node, "col_offset")
        else ""
    )
    return FormulaError(f"{where}{message}")


def parse_formula(text: str) -> Formula:
    """Split `expression; name=value, ...` and check both parts (FormulaError)."""
    if not isinstance(text, str):
        raise FormulaError("a formula is text")
    if text.startswith(PREFIX):
        text = text[len(PREFIX) :]
    text = text.strip()
    if not text:
        raise FormulaError("the formula is empty; write f(x, y), for example x**2 + 3*y**2")
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"the formula is {len(text)} characters long; at most {MAX_LENGTH}")
    expression, _, declarations = text.partition(";")
    parameters: dict[str, float] = {}
    for item in filter(None, (d.strip() for d in declarations.replace(";", ",").split(","))):
        name, sep, value = item.partition("=")
        name = name.strip()
        if name in BUILT_IN_PARAMETERS:
            raise FormulaError(
                f"'{name}' is a parameter every formula has (set it in the Parameters box); "
                "declare another name"
            )
        if not sep or not name.isidentifier() or name in RESERVED or name in FUNCTIONS:
            raise FormulaError(
                f"parameter declaration '{item}' must be NAME=NUMBER, with a name other than "
                "x, y, pi, e or a function"
            )
        try:
            number = float(value)
        except ValueError:
            raise FormulaError(f"parameter {name} needs a number, got '{value.strip()}'") from None
        if not math.isfinite(number):
            raise FormulaError(f"parameter {name} must be finite, got {value.strip()}")
        parameters[name] = number
    formula = Formula(text, expression.strip(), tuple(parameters.items()))
    check_tree(formula.expression, set(parameters))
    return formula


def check_tree(
    expression: str, parameters: set[str], values: dict[str, float] | None = None
) -> ast.Expression:
    """Parse and check one expression against the whitelist; with `values`, the parameters
    count as the constants they are (the formula about to be evaluated with them)."""
    source = expression.replace("^", "**")
    try:
        with warnings.catch_warnings():
            # "1or x" parses with a SyntaxWarning printed on stderr, and a string's "\g" with a
            # DeprecationWarning (Python 3.11; a SyntaxWarning from 3.12): refused here instead
            warnings.simplefilter("error", SyntaxWarning)
            warnings.simplefilter("error", DeprecationWarning)
            tree = ast.parse(source, mode="eval")
    except SyntaxError as error:
        column = f"column {error.offset}: " if error.offset else ""
        raise FormulaError(f"{column}this is not a formula ({error.msg})") from None
    except (RecursionError, MemoryError, ValueError):
        raise FormulaError("the formula is nested too deeply") from None
    nodes = list(ast.walk(tree))
    if _depth_of(tree) > MAX_DEPTH:
        raise FormulaError(f"the formula is nested too deeply (more than {MAX_DEPTH} levels)")
    if len(nodes) > MAX_NODES:
        raise FormulaError(f"the formula has {len(nodes)} parts; at most {MAX_NODES}")
    functions = {id(n.func) for n in nodes if isinstance(n, ast.Call)}
    for node in nodes:
        if id(node) not in functions:  # a call's own name is checked with the call
            _check_node(node, parameters)
    _constant_value(tree.body, values or {})
    return tree


def _constant_value(node: ast.AST, values: dict[str, float]) -> float | None:
    """The value of a part with no x or y in it (nor a parameter missing from `values`), in
    floats, or None for a part that has them; FormulaError for a constant too large to be a
    float.

    Why: sympy keeps integers exact, so `9**9**9**9` would make it compute an integer with
    hundreds of millions of digits (the window froze for good). Every constant part is checked
    here in floats first, and an exponent counts for its value, not only when written as a
    literal, so what reaches sympy costs little to compute. Parameters count with their values
    when the formula is evaluated: `(64**64)**(a+64)` is harmless with `a` a symbol and a
    number with 25,000 binary digits in its exponent once a=2."""
    if isinstance(node, ast.Constant):
        try:
            return float(node.value)
        except OverflowError:
            raise _refuse(node, "this constant is too large") from None
    if isinstance(node, ast.Name):
        return values.get(node.id, {"pi": math.pi, "e": math.e}.get(node.id))
    try:
        if isinstance(node, ast.UnaryOp):
            value = _constant_value(node.operand, values)
            return None if value is None else (-value if isinstance(node.op, ast.USub) else value)
        if isinstance(node, ast.BinOp):
            left, right = _constant_value(node.left, values), _constant_value(node.right, values)
            if isinstance(node.op, ast.Pow) and right is not None and abs(right) > MAX_EXPONENT:
                raise _refuse(
                    node.right, f"the exponent {right:.6g} is too large (at most {MAX_EXPONENT})"
                )
            if isinstance(node.op, ast.Pow) and left is not None and right is None:
                _check_exponent_terms(node.right, values)
            if left is None or right is None:
                return None
            if isinstance(node.op, ast.Pow):
                if left not in (0.0, 1.0, -1.0) and abs(right * math.log2(abs(left))) > 1024:
                    # sympy computes it exactly: (64**64)**(-64) is 1/2**24576, a fraction of
                    # 7,400 digits that floats call 0 and the derivatives could not print
                    raise _refuse(node, "this power is too large or too small to compute")
                if left < 0 and not right.is_integer():
                    raise _refuse(node, "a negative number to a fractional power is not real")
                if left == 0 and right < 0:
                    raise _refuse(node, "zero to a negative power is infinite")
                value = math.pow(left, right)
            elif isinstance(node.op, ast.Div):
                if right == 0:
                    raise _refuse(node, "division by zero")
                value = left / right
            else:
                value = {ast.Add: left + right, ast.Sub: left - right}.get(
                    type(node.op), left * right
                )
        elif isinstance(node, ast.Call):
            children = [_constant_value(a, values) for a in node.args]
            if any(c is None for c in children):
                return None
            value = FUNCTIONS[node.func.id][1](*children)  # type: ignore[operator]
        else:
            return None
    except FormulaError:
        raise
    except OverflowError:
        raise _refuse(node, "this constant is too large") from None
    except ValueError:
        raise _refuse(node, "this constant is not a real number") from None
    if not math.isfinite(value) or abs(value) > 1e300:
        raise _refuse(node, "this constant is too large")
    return value


def _check_exponent_terms(exponent: ast.AST, values: dict[str, float]) -> None:
    """A number's exponent with x or y in it may still not add a large constant: sympy splits
    `2**(64**64 + x*y)` into `2**(64**64) * 2**(x*y)` and computes the first exactly (it ran
    for minutes). Each constant term of the exponent's sum is held to MAX_EXPONENT."""
    terms, stack = [], [exponent]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Sub):
            stack += [node.left, node.right]
        elif isinstance(node, ast.UnaryOp):
            stack.append(node.operand)
        else:
            terms.append(node)
    for term in terms:
        value = _constant_value(term, values)
        if value is not None and abs(value) > MAX_EXPONENT:
            raise _refuse(
                term, f"the exponent's term {value:.6g} is too large (at most {MAX_EXPONENT})"
            )


_OPERATORS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)


def _depth_of(node: ast.AST) -> int:
    """The tree's depth, counted with a stack rather than recursion: 495 unary minus signs
    made a tree deep enough to exhaust Python's own recursion (a traceback, not a message)."""
    deepest = 0
    stack = [(node, 1)]
    while stack:
        current, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(current))
    return deepest


def _check_node(node: ast.AST, parameters: set[str]) -> None:
    if isinstance(node, ast.Expression | ast.Load):
        return
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, int | float):
            raise _refuse(node, f"{node.value!r} is not a number")
        try:
            value = float(node.value)
        except OverflowError:  # a whole number of hundreds of digits
            value = math.inf
        if not math.isfinite(value) or abs(value) > 1e300:
            shown = repr(node.value) if len(repr(node.value)) <= 24 else f"{repr(node.value)[:20]}…"
            raise _refuse(node, f"the number {shown} is too large")
        return
    if isinstance(node, ast.Name):
        allowed = {"x", "y", "pi", "e"} | parameters
        if node.id not in allowed:
            hint = "declare it after a semicolon, e.g. '; a=100'" if node.id.isidentifier() else ""
            raise _refuse(
                node,
                f"unknown name '{node.id}'; use x, y, pi, e"
                f"{', ' + ', '.join(sorted(parameters)) if parameters else ''}"
                f"{' or ' + hint if hint else ''}",
            )
        return
    if isinstance(node, ast.BinOp):
        if not isinstance(node.op, _OPERATORS):
            raise _refuse(
                node, f"the operator {type(node.op).__name__} is not allowed; use + - * / ** or ^"
            )
        if (
            isinstance(node.op, ast.Pow)
            and isinstance(node.right, ast.Constant)
            and isinstance(node.right.value, int | float)
            and abs(node.right.value) > MAX_EXPONENT
        ):
            raise _refuse(
                node.right, f"the exponent {node.right.value} is too large (at most {MAX_EXPONENT})"
            )
        return
    if isinstance(node, ast.UnaryOp):
        if not isinstance(node.op, ast.USub | ast.UAdd):
            raise _refuse(node, "only a minus or plus sign may stand before a term")
        return
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name):
            _check_node(node.func, parameters)  # says what the callee is (an attribute, ...)
            raise _refuse(node, "only the listed functions can be called")
        if node.func.id not in FUNCTIONS:
            allowed = ", ".join(sorted(FUNCTIONS))
            raise _refuse(
                node, f"'{node.func.id}' is not an allowed function; use one of {allowed}"
            )
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            raise _refuse(node, f"{node.func.id}() takes plain arguments only")
        arity = FUNCTIONS[node.func.id][0]
        if len(node.args) != arity:
            raise _refuse(
                node,
                f"{node.func.id}() takes {arity} argument(s), got {len(node.args)}",
            )
        return
    if isinstance(node, ast.operator | ast.unaryop):
        return
    described = {
        ast.Attribute: "attributes (a.b)",
        ast.Subscript: "subscripts (a[b])",
        ast.Lambda: "lambdas",
        ast.Compare: "comparisons",
        ast.BoolOp: "and/or",
        ast.IfExp: "if/else",
        ast.Tuple: "tuples",
        ast.List: "lists",
        ast.Dict: "dicts",
        ast.ListComp: "comprehensions",
        ast.GeneratorExp: "comprehensions",
        ast.JoinedStr: "strings",
        ast.NamedExpr: "assignments",
    }.get(type(node), type(node).__name__)
    raise _refuse(node, f"{described} are not allowed in a formula")
