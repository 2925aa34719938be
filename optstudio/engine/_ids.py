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

# Run status codes returned by the kernel.
RUNNING = 0
CONVERGED = 1
DIVERGED = 2

# Optimizer state: a fixed number of float slots, laid out per optimizer in _optimizer_steps.
STATE_SLOTS = 8
