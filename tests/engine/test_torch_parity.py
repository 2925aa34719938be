"""The engine against torch.optim itself, in float64, where torch is installed."""

import math

import numpy as np
import pytest

import optstudio
from optstudio.engine.schedules import SCHEDULES

torch = pytest.importorskip("torch")

TORCH_CASES = [
    ("sgd", lambda p, h: torch.optim.SGD(p, **h), {}),
    (
        "sgd",
        lambda p, h: torch.optim.SGD(p, **h),
        {"lr": 5e-4, "momentum": 0.9, "dampening": 0.2, "weight_decay": 0.01},
    ),
    ("sgd", lambda p, h: torch.optim.SGD(p, **h), {"lr": 5e-4, "momentum": 0.8, "nesterov": True}),
    (
        "adagrad",
        lambda p, h: torch.optim.Adagrad(p, **h),
        {"lr": 0.05, "lr_decay": 0.01, "initial_accumulator_value": 0.1, "weight_decay": 0.01},
    ),
    ("rmsprop", lambda p, h: torch.optim.RMSprop(p, **h), {"lr": 1e-3}),
    (
        "rmsprop",
        lambda p, h: torch.optim.RMSprop(p, **h),
        {"lr": 1e-3, "centered": True, "momentum": 0.5, "weight_decay": 0.01},
    ),
    ("adadelta", lambda p, h: torch.optim.Adadelta(p, **h), {"rho": 0.8, "weight_decay": 0.01}),
    ("adam", lambda p, h: torch.optim.Adam(p, **h), {"lr": 0.01}),
    (
        "adam",
        lambda p, h: torch.optim.Adam(p, **h),
        {"lr": 0.02, "betas": (0.8, 0.99), "amsgrad": True, "weight_decay": 0.01},
    ),
    ("adamw", lambda p, h: torch.optim.AdamW(p, **h), {"lr": 0.01, "weight_decay": 0.1}),
    ("adamax", lambda p, h: torch.optim.Adamax(p, **h), {"lr": 0.01, "weight_decay": 0.01}),
    ("nadam", lambda p, h: torch.optim.NAdam(p, **h), {"lr": 0.01}),
    (
        "nadam",
        lambda p, h: torch.optim.NAdam(p, **h),
        {"lr": 0.01, "momentum_decay": 0.01, "weight_decay": 0.05, "decoupled_weight_decay": True},
    ),
    ("radam", lambda p, h: torch.optim.RAdam(p, **h), {"lr": 2e-3}),
    (
        "radam",
        lambda p, h: torch.optim.RAdam(p, **h),
        {"lr": 2e-3, "weight_decay": 0.05, "decoupled_weight_decay": True},
    ),
    ("rprop", lambda p, h: torch.optim.Rprop(p, **h), {"lr": 0.01}),
    (
        "rprop",
        lambda p, h: torch.optim.Rprop(p, **h),
        {"lr": 0.02, "etas": (0.4, 1.3), "step_sizes": (1e-4, 1.0)},
    ),
]


def our_names(hyper):
    """torch's tuple arguments split into the engine's names."""
    out = dict(hyper)
    if "betas" in out:
        out["beta1"], out["beta2"] = out.pop("betas")
    if "etas" in out:
        out["eta_minus"], out["eta_plus"] = out.pop("etas")
    if "step_sizes" in out:
        out["step_min"], out["step_max"] = out.pop("step_sizes")
    return out


def rosenbrock_torch(p):
    x, y = p[0], p[1]
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2


def torch_path(make, hyper, steps, start=(-1.2, 1.0), scheduler=None, maximize=False):
    torch.set_default_dtype(torch.float64)
    p = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    optimizer = make([p], {**hyper, "maximize": maximize} if maximize else hyper)
    sched = scheduler(optimizer) if scheduler else None
    path = [p.detach().numpy().copy()]
    for _ in range(steps):
        optimizer.zero_grad()
        rosenbrock_torch(p).backward()
        optimizer.step()
        if sched:
            sched.step()
        path.append(p.detach().numpy().copy())
    return np.array(path)


@pytest.mark.parametrize(
    ("name", "make", "hyper"), TORCH_CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(TORCH_CASES)]
)
def test_matches_torch_optim(name, make, hyper):
    expected = torch_path(make, hyper, 300)
    run = optstudio.simulate("rosenbrock", name, steps=300, **our_names(hyper))
    np.testing.assert_allclose(run.path, expected, rtol=1e-9, atol=1e-12)


def test_maximize_matches_torch():
    expected = torch_path(
        lambda p, h: torch.optim.Adam(p, **h), {"lr": 0.01}, 100, start=(0.9, 0.8), maximize=True
    )
    run = optstudio.simulate(
        "rosenbrock", "adam", steps=100, start=(0.9, 0.8), lr=0.01, maximize=True
    )
    np.testing.assert_allclose(run.path, expected, rtol=1e-9)


SCHEDULE_CASES = [
    (
        "constant:factor=0.5,total_iters=40",
        lambda o: torch.optim.lr_scheduler.ConstantLR(o, factor=0.5, total_iters=40),
    ),
    (
        "linear:start_factor=0.25,end_factor=1.0,total_iters=60",
        lambda o: torch.optim.lr_scheduler.LinearLR(o, 0.25, 1.0, 60),
    ),
    ("step:step_size=30,gamma=0.5", lambda o: torch.optim.lr_scheduler.StepLR(o, 30, 0.5)),
    (
        "multistep:milestones=[20,50,90],gamma=0.3",
        lambda o: torch.optim.lr_scheduler.MultiStepLR(o, [20, 50, 90], 0.3),
    ),
    ("exponential:gamma=0.98", lambda o: torch.optim.lr_scheduler.ExponentialLR(o, 0.98)),
    (
        "polynomial:total_iters=100,power=2",
        lambda o: torch.optim.lr_scheduler.PolynomialLR(o, 100, 2.0),
    ),
    (
        "cosine:T_max=70,eta_min=1e-4",
        lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, 70, 1e-4),
    ),
    (
        "cosine_restarts:T_0=25,T_mult=2,eta_min=1e-4",
        lambda o: torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(o, 25, 2, 1e-4),
    ),
    (
        "cosine_restarts:T_0=40",
        lambda o: torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(o, 40),
    ),
    (
        "warmup_cosine:warmup_iters=30,start_factor=0.1,T_max=120,eta_min=1e-5",
        lambda o: torch.optim.lr_scheduler.SequentialLR(
            o,
            [
                torch.optim.lr_scheduler.LinearLR(o, 0.1, 1.0, 30),
                torch.optim.lr_scheduler.CosineAnnealingLR(o, 120, 1e-5),
            ],
            milestones=[30],
        ),
    ),
    (
        "onecycle:max_lr=0.05,total_steps=160",
        lambda o: torch.optim.lr_scheduler.OneCycleLR(
            o, 0.05, total_steps=160, cycle_momentum=False
        ),
    ),
    (
        "onecycle:max_lr=0.05,total_steps=160,three_phase=true,anneal_strategy=linear",
        lambda o: torch.optim.lr_scheduler.OneCycleLR(
            o,
            0.05,
            total_steps=160,
            three_phase=True,
            anneal_strategy="linear",
            cycle_momentum=False,
        ),
    ),
    (
        "cyclic:base_lr=0.001,max_lr=0.01,step_size_up=20,mode=triangular2",
        lambda o: torch.optim.lr_scheduler.CyclicLR(
            o, 0.001, 0.01, 20, mode="triangular2", cycle_momentum=False
        ),
    ),
    (
        "cyclic:base_lr=0.001,max_lr=0.01,step_size_up=15,step_size_down=25,mode=exp_range,"
        "gamma=0.99",
        lambda o: torch.optim.lr_scheduler.CyclicLR(
            o, 0.001, 0.01, 15, 25, mode="exp_range", gamma=0.99, cycle_momentum=False
        ),
    ),
]


def torch_rates(make_scheduler, steps, lr=0.01):
    p = torch.zeros(2, requires_grad=True)
    optimizer = torch.optim.SGD([p], lr=lr)
    scheduler = make_scheduler(optimizer)
    rates = []
    for _ in range(steps):
        rates.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        scheduler.step()
    return np.array(rates)


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize(("spec", "make"), SCHEDULE_CASES, ids=[c[0] for c in SCHEDULE_CASES])
def test_schedule_matches_torch_lr_scheduler(spec, make):
    steps = 150
    run = optstudio.simulate("quadratic", "sgd", steps=steps, lr=0.01, schedule=spec)
    np.testing.assert_allclose(run.lr, torch_rates(make, steps + 1), rtol=1e-12, atol=1e-15)


def test_every_schedule_but_inverse_time_is_checked_against_torch():
    checked = {spec.partition(":")[0] for spec, _ in SCHEDULE_CASES}
    assert checked | {"inverse_time"} == set(SCHEDULES)


def test_adam_with_cosine_schedule_matches_torch():
    expected = torch_path(
        lambda p, h: torch.optim.Adam(p, **h),
        {"lr": 0.05},
        200,
        scheduler=lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, 200),
    )
    run = optstudio.simulate("rosenbrock", "adam", steps=200, lr=0.05, schedule="cosine")
    np.testing.assert_allclose(run.path, expected, rtol=1e-9)
    assert math.isclose(run.lr[100], 0.025, rel_tol=1e-12)


def test_radam_with_clipping_at_a_large_learning_rate_matches_torch_closely():
    """RAdam's rectification subtracts two nearly equal numbers, so a running product for
    beta2**t (an ulp from torch's power) grew into a 5e-10 difference at lr 1.6 with
    clipping; the engine computes the powers as torch does."""
    torch.set_default_dtype(torch.float64)
    p = torch.tensor((-2.0, 2.0), dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.RAdam([p], lr=1.6)
    path = [p.detach().numpy().copy()]
    for _ in range(300):
        optimizer.zero_grad()
        rosenbrock_torch(p).backward()
        torch.nn.utils.clip_grad_norm_([p], 1.0)
        optimizer.step()
        path.append(p.detach().numpy().copy())
    run = optstudio.simulate(
        "rosenbrock", "radam", steps=300, start=(-2.0, 2.0), lr=1.6, clip_norm=1.0
    )
    np.testing.assert_allclose(run.path, np.array(path), rtol=1e-13, atol=1e-13)


@pytest.mark.parametrize(
    "hyper",
    [
        {},
        {"line_search_fn": "strong_wolfe"},
        {"lr": 0.3, "history_size": 3, "max_iter": 5},
        {"line_search_fn": "strong_wolfe", "max_iter": 3, "max_eval": 6},
    ],
)
def test_lbfgs_matches_torch_step_by_step(hyper):
    torch.set_default_dtype(torch.float64)
    p = torch.tensor((-1.2, 1.0), requires_grad=True)
    optimizer = torch.optim.LBFGS([p], **hyper)

    def closure():
        optimizer.zero_grad()
        value = rosenbrock_torch(p)
        value.backward()
        return value

    expected = [p.detach().numpy().copy()]
    for _ in range(6):
        optimizer.step(closure)
        expected.append(p.detach().numpy().copy())
    run = optstudio.simulate("rosenbrock", "lbfgs", steps=6, **hyper)
    np.testing.assert_allclose(run.path, np.array(expected), rtol=1e-9, atol=1e-12)
