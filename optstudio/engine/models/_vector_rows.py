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
from numba.extending import intrinsic

VECTOR_WIDTH = 8
"""Sums advanced by one `add_four_rows_vector`: the widest Playground layer's inputs, and one
AVX-512 register of doubles."""


def _is_row(value: types.Type) -> bool:
    return (
        isinstance(value, types.Array)
        and value.ndim == 1
        and value.layout == "C"
        and value.dtype == types.float64
    )


@intrinsic
def add_four_rows_vector(typingctx, sums, e0, e1, e2, e3, a0, a1, a2, a3):
    """sums[i] = (((sums[i] + e0 a0[i]) + e1 a1[i]) + e2 a2[i]) + e3 a3[i] for i < VECTOR_WIDTH,
    as one vector expression. Every array is a contiguous float64 row of at least VECTOR_WIDTH
    values (unchecked: the caller's workspace has them)."""
    rows = (sums, a0, a1, a2, a3)
    if not all(_is_row(row) for row in rows):
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
