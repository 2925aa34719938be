"""Integer ids by which the jitted kernels select a loss or an optimizer.

The kernels dispatch on these plain ints (compile-time constants to numba) instead of taking
jitted functions as arguments, so that numba's on-disk cache works (numba issue 2065).
"""

# Losses: analytic test functions.
QUADRATIC = 0
ROSENBROCK = 1
BEALE = 2
HIMMELBLAU = 3
BOOTH = 4
MATYAS = 5
THREE_HUMP_CAMEL = 6
SIX_HUMP_CAMEL = 7
GOLDSTEIN_PRICE = 8
RASTRIGIN = 9
ACKLEY = 10
STYBLINSKI_TANG = 11
SADDLE = 12
CUSTOM = 13  # a formula typed by the user, run by the stack interpreter in _loss_kernels
# Losses on a data set: the two map coordinates are the model's weights.
FIRST_DATA_LOSS = 100
LINREG = 100
LOGREG = 101

# Optimizers.
GD = 0
SGD = 1
MOMENTUM = 2
NESTEROV = 3
ADAGRAD = 4
RMSPROP = 5
ADADELTA = 6
ADAM = 7
ADAMW = 8
ADAMAX = 9
NADAM = 10
RADAM = 11
RPROP = 12
LION = 13
NEWTON = 14
LBFGS = 17  # stepped in numpy (engine/lbfgs.py), not by the kernels
# Optimizers of networks only (engine/models): they need weight matrices.
MUON = 15
ADAFACTOR = 16

# Run status codes returned by the kernel.
RUNNING = 0
CONVERGED = 1
DIVERGED = 2

# Optimizer state: a fixed number of float slots, laid out per optimizer in _optimizer_steps.
STATE_SLOTS = 8

# Opcodes of formula programs (written by formula.py, run by _formula_kernels.py).
OP_CONST, OP_X, OP_Y = 1, 2, 3
OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_POW, OP_NEG = 10, 11, 12, 13, 14, 15
OP_SIN, OP_COS, OP_TAN, OP_EXP, OP_LOG = 20, 21, 22, 23, 24
OP_SQRT, OP_ABS, OP_TANH, OP_SINH, OP_COSH = 25, 26, 27, 28, 29
OP_ATAN, OP_ASIN, OP_ACOS, OP_MIN, OP_MAX, OP_SIGN, OP_STEP = 30, 31, 32, 33, 34, 35, 36
FORMULA_STACK = 48
"""Deepest stack a formula program may use (formula.py refuses deeper ones)."""
