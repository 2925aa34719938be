"""Model runs against torch.optim training the same network in float64 on the same batches.

torch builds `nn.Sequential(Linear, act, ..., Linear)`, loads the run's initial parameters,
and trains with the optimizer of the same name on the batches the run's seed shuffles; every
step's parameters agree with `ModelRun.params` to 1e-7 relative over 200 steps.

The learning rates are ones at which training is stable. Where it is not (NAdam at lr 0.005 or
Adadelta at lr 1 on this circle, full batch), the steps agree to 1e-16 for a hundred steps and
then any rounding grows by e^0.3 a step: torch against itself with the batch rows summed in
the reverse order differs by 8e-6 after 200 steps, so no two implementations can agree there.
"""

from __future__ import annotations

import numpy as np
import pytest

import optstudio
from optstudio.engine._random import kernel_seed, shuffle_epoch

torch = pytest.importorskip("torch")

STEPS = 200
TORCH_OPTIMIZERS = {
    "sgd": lambda p, h: torch.optim.SGD(p, **h),
    "adagrad": lambda p, h: torch.optim.Adagrad(p, **h),
    "rmsprop": lambda p, h: torch.optim.RMSprop(p, **h),
    "adadelta": lambda p, h: torch.optim.Adadelta(p, **h),
    "adam": lambda p, h: torch.optim.Adam(p, **h),
    "adamw": lambda p, h: torch.optim.AdamW(p, **h),
    "adamax": lambda p, h: torch.optim.Adamax(p, **h),
    "nadam": lambda p, h: torch.optim.NAdam(p, **h),
    "radam": lambda p, h: torch.optim.RAdam(p, **h),
    "rprop": lambda p, h: torch.optim.Rprop(p, **h),
}
HYPER = {
    "sgd": {"lr": 0.1, "momentum": 0.9, "weight_decay": 1e-3},
    "adagrad": {"lr": 0.05, "lr_decay": 0.001},
    "rmsprop": {"lr": 0.002, "centered": True, "momentum": 0.5},
    "adadelta": {"lr": 0.5},
    "adam": {"lr": 0.01, "amsgrad": True},
    "adamw": {"lr": 0.01, "weight_decay": 0.05},
    "adamax": {"lr": 0.01},
    "nadam": {"lr": 0.002},
    "radam": {"lr": 0.01},
    "rprop": {"lr": 0.005},
}
ACTIVATIONS = {
    "relu": torch.nn.ReLU,
    "tanh": torch.nn.Tanh,
    "sigmoid": torch.nn.Sigmoid,
    "linear": torch.nn.Identity,
}


def torch_args(hyper):
    """The engine's names as torch's arguments (tuples for betas, etas and step sizes)."""
    out = dict(hyper)
    if "beta1" in out:
        out["betas"] = (out.pop("beta1"), out.pop("beta2"))
    return out


def batch_rows(run, step):
    """The training rows of the batch of `step`, as the run's seed shuffles them."""
    n = len(run.data.x_train)
    if run.batch_size is None or run.batch_size >= n:
        return np.arange(n)
    per_epoch = -(-n // run.batch_size)
    order = np.empty(n, dtype=np.int64)
    shuffle_epoch(order, kernel_seed(run.seed), step // per_epoch)
    first = (step % per_epoch) * run.batch_size
    return order[first : first + run.batch_size]


def torch_network(run):
    # float64 throughout, the optimizers' scalar state (step, mu_product) included: torch
    # keeps that in the default dtype, float32 unless it is set.
    torch.set_default_dtype(torch.float64)
    modules = []
    for k, (n_in, n_out) in enumerate(run.layers):
        modules.append(torch.nn.Linear(n_in, n_out, dtype=torch.float64))
        if k < len(run.layers) - 1:
            modules.append(ACTIVATIONS[run.network.activations[k]]())
    net = torch.nn.Sequential(*modules)
    torch.nn.utils.vector_to_parameters(torch.tensor(run.params[0].copy()), net.parameters())
    return net


def torch_objective(run, net, rows):
    x = torch.tensor(run.data.x_train[rows])
    y = torch.tensor(run.data.y_train[rows])
    out = net(x)
    if run.network.task == "binary":
        loss = torch.nn.functional.binary_cross_entropy_with_logits(out[:, 0], y)
    elif run.network.task == "multiclass":
        loss = torch.nn.functional.cross_entropy(out, y.long())
    else:
        loss = torch.nn.functional.mse_loss(out[:, 0], y)
    weights = [p for name, p in net.named_parameters() if name.endswith("weight")]
    if run.regularization == "l1":
        loss = loss + run.reg_rate * sum(w.abs().sum() for w in weights)
    elif run.regularization == "l2":
        loss = loss + run.reg_rate * sum((w * w).sum() for w in weights) / 2
    return loss


def torch_trajectory(run, make, hyper, scheduler=None):
    net = torch_network(run)
    optimizer = make(net.parameters(), torch_args(hyper))
    schedule = scheduler(optimizer) if scheduler else None
    rows = [torch.nn.utils.parameters_to_vector(net.parameters()).detach().numpy().copy()]
    for step in range(run.step):
        optimizer.zero_grad()
        torch_objective(run, net, batch_rows(run, step)).backward()
        if run.hyperparams["clip_norm"]:
            torch.nn.utils.clip_grad_norm_(net.parameters(), run.hyperparams["clip_norm"])
        optimizer.step()
        if schedule:
            schedule.step()
        rows.append(torch.nn.utils.parameters_to_vector(net.parameters()).detach().numpy().copy())
    return np.array(rows)


def assert_retraces(run, expected):
    assert run.status == "max_steps" and run.step == STEPS
    scale = np.abs(expected).max(axis=1, keepdims=True)
    error = np.abs(run.params - expected) / scale
    assert error.max() < 1e-7, f"worst relative difference {error.max():.3g}"


@pytest.mark.parametrize(
    ("name", "batch_size"),
    [
        (name, size)
        for name in sorted(TORCH_OPTIMIZERS)
        for size in (None, 10)
        if (name, size) != ("rprop", None)  # see the next test
    ],
)
def test_a_playground_network_retraces_torch(name, batch_size):
    run = optstudio.train(
        "circle", name, hidden=(8, 8), steps=STEPS, batch_size=batch_size, seed=3, **HYPER[name]
    )
    assert run.layers == ((2, 8), (8, 8), (8, 1))
    assert_retraces(run, torch_trajectory(run, TORCH_OPTIMIZERS[name], HYPER[name]))


def test_rprop_on_the_circle_retraces_torch_until_its_gradients_underflow():
    """Full-batch Rprop separates the circle's classes until the loss is 1e-26 and its
    gradients sink into the subnormal numbers (6e-313 at step 171), where the sign of a
    gradient is whatever the last rounding into zero left: from there Rprop's steps are a
    coin toss, in torch too. Until every gradient is below 1e-154 (its square underflows and
    the recorded norm is 0, step 139) the two agree to 1e-7 (to the bit, here)."""
    run = optstudio.train("circle", "rprop", hidden=(8, 8), steps=STEPS, seed=3, lr=0.005)
    expected = torch_trajectory(run, TORCH_OPTIMIZERS["rprop"], {"lr": 0.005})
    underflow = int(np.argmax(run.grad_norm == 0.0))
    assert 100 < underflow < STEPS and run.train_loss[underflow] < 1e-20
    scale = np.abs(expected[:underflow]).max(axis=1, keepdims=True)
    assert np.max(np.abs(run.params[:underflow] - expected[:underflow]) / scale) < 1e-7


@pytest.mark.parametrize(
    ("name", "batch_size"),
    [
        (name, size)
        for name in sorted(TORCH_OPTIMIZERS)
        for size in (None, 64)
        if (name, size) != ("rprop", None)  # see the next test
    ],
)
def test_a_digits_network_retraces_torch(name, batch_size):
    run = optstudio.train(
        "digits", name, hidden=(32,), activation="relu", steps=STEPS, batch_size=batch_size,
        **HYPER[name],
    )  # fmt: skip
    assert run.layers == ((64, 32), (32, 10))
    assert_retraces(run, torch_trajectory(run, TORCH_OPTIMIZERS[name], HYPER[name]))


def test_rprop_on_digits_retraces_torch_until_a_gradient_is_rounding_noise():
    """Rprop steps by the sign of the gradient. The weight of a nearly blank pixel has a
    gradient of 1e-20, whose sign is rounding noise (here -8.5e-21 against torch's 8.7e-21
    at step 63), so from there Rprop's step on that weight is a coin toss, in torch too. Until
    then the two agree to the last bit."""
    run = optstudio.train("digits", "rprop", hidden=(32,), activation="relu", steps=STEPS, lr=0.005)
    expected = torch_trajectory(run, TORCH_OPTIMIZERS["rprop"], {"lr": 0.005})
    assert np.array_equal(run.params[:60], expected[:60])


@pytest.mark.parametrize(
    ("settings", "scheduler"),
    [
        (
            {"regularization": "l2", "reg_rate": 0.01, "schedule": "step:step_size=30,gamma=0.5"},
            lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=30, gamma=0.5),
        ),
        (
            {"regularization": "l1", "reg_rate": 0.003, "schedule": "cosine:T_max=200"},
            lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=200),
        ),
        ({"clip_norm": 0.05, "activation": "relu", "batch_size": 25}, None),
        ({"activation": "sigmoid", "hidden": (6, 5, 4)}, None),
        ({"activation": ["relu", "tanh", "sigmoid"], "hidden": (6, 5, 4)}, None),
        ({"activation": ["relu", "linear"], "batch_size": 10, "regularization": "l2"}, None),
    ],
    ids=[
        "l2-step",
        "l1-cosine",
        "clipped-relu",
        "deep-sigmoid",
        "relu-tanh-sigmoid",
        "relu-linear",
    ],
)
def test_regularisation_schedules_and_clipping_retrace_torch(settings, scheduler):
    settings = {"hidden": (8, 8), **settings}
    run = optstudio.train("xor", "adam", steps=STEPS, lr=0.02, seed=1, **settings)
    expected = torch_trajectory(run, TORCH_OPTIMIZERS["adam"], {"lr": 0.02}, scheduler)
    assert_retraces(run, expected)


def test_regression_retraces_torch():
    run = optstudio.train("gaussians", "rmsprop", hidden=(8,), steps=STEPS, lr=0.003)
    assert np.isnan(run.test_accuracy).all()
    assert_retraces(run, torch_trajectory(run, TORCH_OPTIMIZERS["rmsprop"], {"lr": 0.003}))


def test_a_learning_rate_changed_mid_run_retraces_torch():
    run = optstudio.train("spiral", "adam", hidden=(8, 8), steps=STEPS, lr=0.01)
    net = torch_network(run)
    optimizer = torch.optim.Adam(net.parameters(), lr=0.01)
    changed = optstudio.train(
        "spiral", "adam", hidden=(8, 8), steps=STEPS, lr=0.01,
        hyper_changes=[{"step": 80, "lr": 0.03, "beta1": 0.5}],
    )  # fmt: skip
    rows = [run.params[0]]
    for step in range(STEPS):
        if step == 80:
            optimizer.param_groups[0]["lr"] = 0.03
            optimizer.param_groups[0]["betas"] = (0.5, 0.999)
        optimizer.zero_grad()
        torch_objective(run, net, batch_rows(run, step)).backward()
        optimizer.step()
        rows.append(torch.nn.utils.parameters_to_vector(net.parameters()).detach().numpy().copy())
    assert_retraces(changed, np.array(rows))


def float64_newton_schulz(grad, ns_coefficients, ns_steps, eps):
    """torch's _zeropower_via_newtonschulz with its bfloat16 cast taken out."""
    a, b, c = ns_coefficients
    ortho = grad.double()
    if grad.size(0) > grad.size(1):
        ortho = ortho.T
    ortho = ortho / ortho.norm().clamp(min=eps)
    for _ in range(ns_steps):
        gram = ortho @ ortho.T
        ortho = torch.addmm(ortho, torch.addmm(gram, gram, gram, beta=b, alpha=c), ortho, beta=a)
    return ortho.T if grad.size(0) > grad.size(1) else ortho


class MuonWithAdamW:
    """torch.optim.Muon on the weights and torch.optim.AdamW on the biases, as one optimizer."""

    def __init__(self, params, h):
        params = list(params)
        self.muon = torch.optim.Muon(
            [p for p in params if p.ndim == 2],
            lr=h["lr"],
            weight_decay=h.get("weight_decay", 0.1),
            momentum=h.get("momentum", 0.95),
            nesterov=h.get("nesterov", True),
            adjust_lr_fn=h.get("adjust_lr_fn"),
        )
        self.adamw = torch.optim.AdamW(
            [p for p in params if p.ndim == 1], lr=h["lr"], weight_decay=0.01
        )
        self.param_groups = [*self.muon.param_groups, *self.adamw.param_groups]

    def zero_grad(self):
        self.muon.zero_grad()
        self.adamw.zero_grad()

    def step(self):
        self.muon.step()
        self.adamw.step()


@pytest.mark.parametrize(
    ("dataset", "hidden", "activation", "settings"),
    [
        ("circle", (8, 8), "tanh", {"lr": 0.005}),
        ("spiral", (8, 5), "tanh", {"lr": 0.01, "nesterov": False, "batch_size": 25}),
        (
            "digits",
            (32,),
            "relu",
            {"lr": 0.02, "batch_size": 64, "adjust_lr_fn": "match_rms_adamw"},
        ),
    ],
)
def test_muon_retraces_torch_with_its_orthogonalisation_in_float64(
    monkeypatch, dataset, hidden, activation, settings
):
    """torch.optim.Muon orthogonalises in bfloat16 (8 bits of mantissa); the studio runs the
    same iteration in float64. With torch's iteration patched to float64, every other part of
    Muon (momentum, Nesterov, the lr adjustment, decay) and AdamW on the biases agree."""
    import torch.optim._muon as muon_module

    monkeypatch.setattr(muon_module, "_zeropower_via_newtonschulz", float64_newton_schulz)
    run = optstudio.train(
        dataset, "muon", hidden=hidden, activation=activation, steps=STEPS, **settings
    )
    hyper = {k: v for k, v in settings.items() if k != "batch_size"}
    assert_retraces(run, torch_trajectory(run, MuonWithAdamW, hyper))


def test_muon_stays_near_torchs_bfloat16_muon():
    run = optstudio.train("circle", "muon", steps=20, lr=0.02)
    expected = torch_trajectory(run, MuonWithAdamW, {"lr": 0.02})
    drift = np.abs(run.params - expected).max() / np.abs(expected).max()
    assert drift < 0.05


@pytest.mark.parametrize(
    ("dataset", "hidden", "settings"),
    [
        ("circle", (8, 8), {}),
        ("xor", (6, 4), {"lr": 0.05, "weight_decay": 0.01, "batch_size": 25}),
        ("digits", (32,), {"lr": 0.01, "beta2_decay": -0.5, "eps2": 1e-2, "d": 2.0}),
        ("digits", (32,), {"lr": 0.01, "weight_decay": 0.1, "batch_size": 64}),
    ],
)
def test_adafactor_retraces_torch(dataset, hidden, settings):
    activation = "relu" if dataset == "digits" else "tanh"
    run = optstudio.train(
        dataset, "adafactor", hidden=hidden, activation=activation, steps=STEPS, **settings
    )
    hyper = {k: v for k, v in settings.items() if k != "batch_size"}
    hyper.setdefault("lr", 1e-2)
    args = dict(hyper)
    for name in ("eps2",):
        if name in args:
            args["eps"] = (None, args.pop(name))
    assert_retraces(run, torch_trajectory(run, lambda p, h: torch.optim.Adafactor(p, **h), args))


@pytest.mark.parametrize(
    ("dataset", "hidden", "activation", "settings"),
    [
        ("circle", (8, 8), "tanh", {"max_iter": 4}),
        ("circle", (8, 8), "tanh", {"line_search_fn": "strong_wolfe"}),
        ("gaussians", (6,), "sigmoid", {"lr": 0.5, "history_size": 5, "max_iter": 7}),
        ("xor", (5, 5), "tanh", {"line_search_fn": "strong_wolfe", "regularization": "l2"}),
        ("digits", (32,), "relu", {"line_search_fn": "strong_wolfe", "max_iter": 5}),
    ],
)
def test_lbfgs_retraces_torch_step_by_step(dataset, hidden, activation, settings):
    """Each L-BFGS step is up to max_iter quasi-Newton moves, which amplify rounding: with
    torch's defaults on the circle (160 moves in 8 steps down to a loss of 1e-8), torch against
    itself with the rows summed in reverse order differs by 1.5e-7, as the studio does."""
    settings = dict(settings)
    regularization = settings.pop("regularization", None)
    steps = 8
    run = optstudio.train(
        dataset, "lbfgs", hidden=hidden, activation=activation, steps=steps,
        regularization=regularization, reg_rate=0.01 if regularization else 0.0, **settings,
    )  # fmt: skip
    net = torch_network(run)
    optimizer = torch.optim.LBFGS(net.parameters(), **settings)
    rows = np.arange(len(run.data.x_train))

    def closure():
        optimizer.zero_grad()
        loss = torch_objective(run, net, rows)
        loss.backward()
        return loss

    expected = [run.params[0]]
    for _ in range(steps):
        optimizer.step(closure)
        expected.append(torch.nn.utils.parameters_to_vector(net.parameters()).detach().numpy())
    expected = np.array(expected)
    scale = np.abs(expected).max(axis=1, keepdims=True)
    assert run.step == steps
    assert (np.abs(run.params - expected) / scale).max() < 1e-7
