"""No jitted kernel is compiled twice because one of its callers wrote a number in place of a
variable.

numba types a whole number written into a call between jitted functions as a literal
(`Literal[int](0)`) and compiles the callee, and everything it calls that takes the number on,
once more for it. The training kernel's full-batch pass, called with `0` for its first row
where the mini-batch pass gives a variable, compiled the network passes twice: the first
network kernel took 72 s to compile instead of 50; the sweep's `0` compiled every
optimizer's two-parameter loop a second time (30 extra compiles; with these and the smaller
ones gone, the halves of `precompile`, side by side, took 120 s and 116 s instead of 128 s
and 123 s). This reads the engine's syntax trees (nothing is
compiled) and names every argument that one call inside a kernel gives as a written number
and another as anything else.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import optstudio

ENGINE = Path(optstudio.__file__).resolve().parent / "engine"


def _is_jitted(function: ast.FunctionDef) -> bool:
    return any("jit" in ast.unparse(decorator) for decorator in function.decorator_list)


def _kernels(tree: ast.Module) -> list[ast.FunctionDef]:
    return [node for node in tree.body if isinstance(node, ast.FunctionDef) and _is_jitted(node)]


def _inlines(decorator: ast.expr) -> bool:
    """Whether `decorator` is a call with inline="always"."""
    return isinstance(decorator, ast.Call) and any(
        keyword.arg == "inline" and ast.literal_eval(keyword.value) == "always"
        for keyword in decorator.keywords
    )


def _inlining_names(tree: ast.Module) -> set[str]:
    """The module's names for a decorator that inlines (`jit = njit(..., inline="always")`)."""
    return {
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign) and _inlines(node.value)
        for target in node.targets
        if isinstance(target, ast.Name)
    }


def _is_inlined(function: ast.FunctionDef, inlining: set[str]) -> bool:
    """numba writes a function marked inline="always" into each caller's code before typing
    it there: it is never compiled on its own, for a number or not."""
    return any(
        _inlines(decorator) or ast.unparse(decorator) in inlining
        for decorator in function.decorator_list
    )


def _is_written_number(argument: ast.expr) -> bool:
    return isinstance(argument, ast.Constant) and isinstance(argument.value, int)


def mixed_arguments() -> list[str]:
    """'callee argument k: a number at file:line, a variable at file:line' for every
    argument of a jitted function that calls inside kernels give both ways."""
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in ENGINE.rglob("*.py")}
    kernel_names = set()
    for tree in trees.values():
        inlining = _inlining_names(tree)
        kernel_names |= {k.name for k in _kernels(tree) if not _is_inlined(k, inlining)}
    given: dict[tuple[str, int], dict[bool, list[str]]] = defaultdict(lambda: defaultdict(list))
    for path, tree in trees.items():
        for kernel in _kernels(tree):
            for call in ast.walk(kernel):
                if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)):
                    continue
                if call.func.id not in kernel_names:
                    continue
                for k, argument in enumerate(call.args):
                    where = f"{path.relative_to(ENGINE)}:{call.lineno}"
                    given[call.func.id, k][_is_written_number(argument)].append(where)
    return [
        f"{name} argument {k}: a number at {ways[True][0]}, a variable at {ways[False][0]}"
        for (name, k), ways in sorted(given.items())
        if ways[True] and ways[False]
    ]


def test_no_kernel_is_compiled_again_for_a_number_written_in_a_call():
    assert mixed_arguments() == []


def test_the_check_sees_a_number_beside_a_variable(tmp_path, monkeypatch):
    (tmp_path / "kernels.py").write_text(
        "from numba import njit\n\n"
        "@njit\ndef inner(a, first):\n    return a + first\n\n"
        "@njit\ndef outer(a, first):\n    return inner(a, 0) + inner(a, first)\n"
    )
    monkeypatch.setattr(f"{__name__}.ENGINE", tmp_path)
    assert mixed_arguments() == [
        "inner argument 1: a number at kernels.py:9, a variable at kernels.py:9"
    ]
