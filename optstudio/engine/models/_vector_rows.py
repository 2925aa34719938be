"""Eight weighted sums advanced at once, written as one vector operation for LLVM.

A narrow layer's weight gradient adds, row by row, e_r a_r[i] to each of its unit's sums
(`_layer_gradients.narrow_layer_gradient`). The Playground's layers have at most eight inputs,
and numba's compiler leaves a loop of eight iterations in scalar code: its loop vectoriser
wants more iterations than one vector (a vector's width times the interleaving it picks) before
it takes the vector path, and numba does not run LLVM's straight-line (SLP) vectoriser. The 8x8
layer's gradient of the circle took 1.35 us for a block of 125 rows, 0.2 ns a multiply-add.

`add_four_rows_vector` states the same arithmetic on a vector of VECTOR_WIDTH doubles. Each
lane is the scalar expression's own IEEE operations in its order (no reassociation, no fused
multiply-add: LLVM contracts neither without fast-math flags), so the sums keep every bit on
every machine; LLVM lowers the vector to one AVX-512 register, two AVX registers or four SSE
ones, as the processor has.
"""

from llvmlite import ir
from numba import types
from numba.core import cgutils
from numba.extending import intrinsic

VECTOR_WIDTH = 8
"""Sums advanced by one `add_four_rows_vector`: the widest Playground layer's inputs, and one
AVX-512 register of doubles."""


def _is_float_array(value: types.Type, ndim: int) -> bool:
    """Whether numba's type `value` is a contiguous float64 array of `ndim` dimensions, the
    only arrays the intrinsics below know how to read as vectors."""
    return (
        isinstance(value, types.Array)
        and value.ndim == ndim
        and value.layout == "C"
        and value.dtype == types.float64
    )


@intrinsic
def add_four_rows_vector(typingctx, sums, e0, e1, e2, e3, a0, a1, a2, a3):
    """sums[i] = (((sums[i] + e0 a0[i]) + e1 a1[i]) + e2 a2[i]) + e3 a3[i] for i < VECTOR_WIDTH,
    as one vector expression. Every array is a contiguous float64 row of at least VECTOR_WIDTH
    values (unchecked: the caller's workspace has them)."""
    rows = (sums, a0, a1, a2, a3)
    if not all(_is_float_array(row, 1) for row in rows):
        return None
    if not all(isinstance(e, types.Float) for e in (e0, e1, e2, e3)):
        return None
    signature = types.void(sums, e0, e1, e2, e3, a0, a1, a2, a3)

    def codegen(context, builder, signature, args):
        vector = ir.VectorType(ir.DoubleType(), VECTOR_WIDTH)
        index = ir.IntType(32)

        def row_pointer(k):
            row = context.make_array(signature.args[k])(context, builder, args[k])
            return builder.bitcast(row.data, vector.as_pointer())

        def splat(value):
            first = builder.insert_element(ir.Constant(vector, ir.Undefined), value, index(0))
            everywhere = ir.Constant(ir.VectorType(index, VECTOR_WIDTH), [0] * VECTOR_WIDTH)
            return builder.shuffle_vector(first, first, everywhere)

        target = row_pointer(0)
        total = builder.load(target, align=8)
        for k in range(4):
            inputs = builder.load(row_pointer(5 + k), align=8)
            total = builder.fadd(total, builder.fmul(splat(args[1 + k]), inputs))
        builder.store(total, target, align=8)
        return context.get_dummy_value()

    return signature, codegen


def _interleaving(span: int) -> tuple[list[int], list[int]]:
    """The shuffle masks of one stage of a transpose: from two vectors a and b, the first
    takes a's and b's even runs of `span` values, side by side; the second, their odd runs."""
    even: list[int] = []
    odd: list[int] = []
    for run in range(VECTOR_WIDTH // (2 * span)):
        at = 2 * run * span
        even += [at + k for k in range(span)] + [VECTOR_WIDTH + at + k for k in range(span)]
        odd += [at + span + k for k in range(span)]
        odd += [VECTOR_WIDTH + at + span + k for k in range(span)]
    return even, odd


@intrinsic
def transpose_tile(typingctx, source, column, target, row):
    """target[row + k, i] = source[i, column + k] for i, k < VECTOR_WIDTH: a square of a
    layer's values, unit by unit, turned into rows, in shuffles of whole vectors (three
    stages of interleaving). A loop of single values took 0.25 us for eight units of 125
    rows. Both are contiguous float64 matrices holding the square (unchecked: the caller's
    workspace does)."""
    if not (_is_float_array(source, 2) and _is_float_array(target, 2)):
        return None
    if not (isinstance(column, types.Integer) and isinstance(row, types.Integer)):
        return None
    signature = types.void(source, column, target, row)

    def codegen(context, builder, signature, args):
        vector = ir.VectorType(ir.DoubleType(), VECTOR_WIDTH)
        mask = ir.VectorType(ir.IntType(32), VECTOR_WIDTH)
        source_type, column_type, target_type, row_type = signature.args
        source_array = context.make_array(source_type)(context, builder, args[0])
        target_array = context.make_array(target_type)(context, builder, args[2])
        first_column = context.cast(builder, args[1], column_type, types.intp)
        first_row = context.cast(builder, args[3], row_type, types.intp)

        def vector_at(array_type, array, i, j):
            at = cgutils.get_item_pointer(context, builder, array_type, array, [i, j])
            return builder.bitcast(at, vector.as_pointer())

        zero = context.get_constant(types.intp, 0)
        values = [
            builder.load(
                vector_at(source_type, source_array, context.get_constant(types.intp, i),
                          first_column),
                align=8,
            )
            for i in range(VECTOR_WIDTH)
        ]  # fmt: skip
        span = 1
        while span < VECTOR_WIDTH:
            even, odd = _interleaving(span)
            turned = list(values)
            for i in range(VECTOR_WIDTH):
                if (i // span) % 2 == 0:
                    a, b = values[i], values[i + span]
                    turned[i] = builder.shuffle_vector(a, b, ir.Constant(mask, even))
                    turned[i + span] = builder.shuffle_vector(a, b, ir.Constant(mask, odd))
            values = turned
            span *= 2
        for k in range(VECTOR_WIDTH):
            at_row = builder.add(first_row, context.get_constant(types.intp, k))
            builder.store(values[k], vector_at(target_type, target_array, at_row, zero), align=8)
        return context.get_dummy_value()

    return signature, codegen
