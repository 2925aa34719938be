"""The jitted stack machine that evaluates formula losses (see formula.py for the programs).

A formula's six programs (f, the gradient, the Hessian) live in its float64 kernel parameters:
p[0:7] are offsets, then (opcode, argument) pairs. Running them here, instead of compiling
generated code, keeps the engine's single cached step loop and runs nothing the user typed.
"""

import math

import numpy as np
from numba import njit

from ._ids import (
    FORMULA_STACK,
    OP_ABS,
    OP_ACOS,
    OP_ADD,
    OP_ASIN,
    OP_ATAN,
    OP_CONST,
    OP_COS,
    OP_COSH,
    OP_DIV,
    OP_EXP,
    OP_LOG,
    OP_MAX,
    OP_MIN,
    OP_MUL,
    OP_NEG,
    OP_POW,
    OP_SIGN,
    OP_SIN,
    OP_SINH,
    OP_SQRT,
    OP_STEP,
    OP_SUB,
    OP_TAN,
    OP_TANH,
    OP_X,
    OP_Y,
)

jit = njit(cache=True, nogil=True, error_model="numpy")


@jit
def _binary(op, a, b):
    if op == OP_ADD:
        return a + b
    if op == OP_SUB:
        return a - b
    if op == OP_MUL:
        return a * b
    if op == OP_DIV:
        return a / b
    if op == OP_POW:
        if a < 0.0 and b != math.floor(b):
            return math.nan
        if a == 0.0 and b < 0.0:
            return math.inf
        return a**b
    if op == OP_MIN:
        return min(a, b)
    return max(a, b)


@jit
def _unary(op, a):
    if op == OP_NEG:
        return -a
    if op == OP_SIN:
        return math.sin(a)
    if op == OP_COS:
        return math.cos(a)
    if op == OP_TAN:
        return math.tan(a)
    if op == OP_EXP:
        return math.exp(a) if a < 709.0 else math.inf
    if op == OP_LOG:
        return math.log(a) if a > 0.0 else (-math.inf if a == 0.0 else math.nan)
    if op == OP_SQRT:
        return math.sqrt(a) if a >= 0.0 else math.nan
    if op == OP_ABS:
        return abs(a)
    if op == OP_TANH:
        return math.tanh(a)
    if op == OP_SINH:
        return math.sinh(a) if abs(a) < 710.0 else math.copysign(math.inf, a)
    if op == OP_COSH:
        return math.cosh(a) if abs(a) < 710.0 else math.inf
    if op == OP_ATAN:
        return math.atan(a)
    if op == OP_ASIN:
        return math.asin(a) if abs(a) <= 1.0 else math.nan
    if op == OP_ACOS:
        return math.acos(a) if abs(a) <= 1.0 else math.nan
    if op == OP_SIGN:
        return 1.0 if a > 0.0 else (-1.0 if a < 0.0 else 0.0)
    if op == OP_STEP:
        return 1.0 if a > 0.0 else (0.0 if a < 0.0 else 0.5)
    return math.nan


@jit
def run_program(p, which, x, y, stack):
    """Evaluate program `which` (0 f, 1-2 gradient, 3-5 Hessian) of a formula loss.

    p[0:7] are offsets into p; each program is (opcode, argument) pairs for a stack machine.
    Bad maths (log of a negative number) gives nan, which the runner reports as divergence."""
    top = 0
    i = int(p[which])
    end = int(p[which + 1])
    while i < end:
        op = int(p[i])
        if op == OP_CONST:
            stack[top] = p[i + 1]
            top += 1
        elif op == OP_X:
            stack[top] = x
            top += 1
        elif op == OP_Y:
            stack[top] = y
            top += 1
        elif OP_ADD <= op <= OP_POW or op in (OP_MIN, OP_MAX):
            top -= 1
            stack[top - 1] = _binary(op, stack[top - 1], stack[top])
        else:
            stack[top - 1] = _unary(op, stack[top - 1])
        i += 2
    return stack[0]


@jit
def formula(p, x, y):
    stack = np.empty(FORMULA_STACK)  # one scratch stack for the three programs
    f = run_program(p, 0, x, y, stack)
    return f, run_program(p, 1, x, y, stack), run_program(p, 2, x, y, stack)


@jit
def formula_hessian(p, x, y):
    stack = np.empty(FORMULA_STACK)
    hxx = run_program(p, 3, x, y, stack)
    return hxx, run_program(p, 4, x, y, stack), run_program(p, 5, x, y, stack)
