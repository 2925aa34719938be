"""How the studio's optimizers and schedules are written with torch.optim and
torch.optim.lr_scheduler, for a script of either kind (`params` names what the optimizer
updates: `[theta]` on a landscape, the network's parameters)."""

from __future__ import annotations

from typing import Any

from .common import number
from .description import ScriptRun

OPTIMIZERS = {
    # name: (torch.optim class, keyword -> expression over the hyperparameters h)
    "gd": ("SGD", {"lr": "lr"}),
    "sgd": (
        "SGD",
        {
            "lr": "lr",
            "momentum": "momentum",
            "dampening": "dampening",
            "nesterov": "nesterov",
            "weight_decay": "weight_decay",
        },
    ),
    "momentum": ("SGD", {"lr": "lr", "momentum": "beta"}),
    "adagrad": (
        "Adagrad",
        {
            "lr": "lr",
            "lr_decay": "lr_decay",
            "weight_decay": "weight_decay",
            "initial_accumulator_value": "initial_accumulator_value",
            "eps": "eps",
        },
    ),
    "rmsprop": (
        "RMSprop",
        {
            "lr": "lr",
            "alpha": "alpha",
            "eps": "eps",
            "weight_decay": "weight_decay",
            "momentum": "momentum",
            "centered": "centered",
        },
    ),
    "adadelta": (
        "Adadelta",
        {"lr": "lr", "rho": "rho", "eps": "eps", "weight_decay": "weight_decay"},
    ),
    "adam": (
        "Adam",
        {
            "lr": "lr",
            "betas": "(beta1, beta2)",
            "eps": "eps",
            "weight_decay": "weight_decay",
            "amsgrad": "amsgrad",
        },
    ),
    "adamw": (
        "AdamW",
        {
            "lr": "lr",
            "betas": "(beta1, beta2)",
            "eps": "eps",
            "weight_decay": "weight_decay",
            "amsgrad": "amsgrad",
        },
    ),
    "adamax": (
        "Adamax",
        {"lr": "lr", "betas": "(beta1, beta2)", "eps": "eps", "weight_decay": "weight_decay"},
    ),
    "nadam": (
        "NAdam",
        {
            "lr": "lr",
            "betas": "(beta1, beta2)",
            "eps": "eps",
            "weight_decay": "weight_decay",
            "momentum_decay": "momentum_decay",
            "decoupled_weight_decay": "decoupled_weight_decay",
        },
    ),
    "radam": (
        "RAdam",
        {
            "lr": "lr",
            "betas": "(beta1, beta2)",
            "eps": "eps",
            "weight_decay": "weight_decay",
            "decoupled_weight_decay": "decoupled_weight_decay",
        },
    ),
    "adafactor": (
        "Adafactor",
        {
            "lr": "lr",
            "beta2_decay": "beta2_decay",
            "eps": "(eps1, eps2)",
            "d": "d",
            "weight_decay": "weight_decay",
        },
    ),
    "rprop": (
        "Rprop",
        {"lr": "lr", "etas": "(eta_minus, eta_plus)", "step_sizes": "(step_min, step_max)"},
    ),
}
MANUAL = ("nesterov", "lion", "newton")
"""Written in torch operations (torch.optim has none, or a different form)."""

SCHEDULERS = {
    "constant": "ConstantLR(optimizer, factor={factor}, total_iters={total_iters})",
    "linear": "LinearLR(optimizer, start_factor={start_factor}, end_factor={end_factor}, "
    "total_iters={total_iters})",
    "step": "StepLR(optimizer, step_size={step_size}, gamma={gamma})",
    "multistep": "MultiStepLR(optimizer, milestones={milestones}, gamma={gamma})",
    "exponential": "ExponentialLR(optimizer, gamma={gamma})",
    "polynomial": "PolynomialLR(optimizer, total_iters={total_iters}, power={power})",
    "cosine": "CosineAnnealingLR(optimizer, T_max={T_max}, eta_min={eta_min})",
    "cosine_restarts": "CosineAnnealingWarmRestarts(optimizer, T_0={T_0}, T_mult={T_mult}, "
    "eta_min={eta_min})",
    "warmup_cosine": "SequentialLR(\n    optimizer,\n    [\n        "
    "torch.optim.lr_scheduler.LinearLR(optimizer, {start_factor}, 1.0, {warmup_iters}),\n"
    "        torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, {T_max}, {eta_min}),\n"
    "    ],\n    milestones=[{warmup_iters}],\n)",
    "onecycle": "OneCycleLR(\n    optimizer,\n    max_lr={max_lr},\n    total_steps={total_steps},"
    "\n    pct_start={pct_start},\n    anneal_strategy={anneal_strategy},\n"
    "    div_factor={div_factor},\n    final_div_factor={final_div_factor},\n"
    "    three_phase={three_phase},\n    cycle_momentum=False,\n)",
    "cyclic": "CyclicLR(\n    optimizer,\n    base_lr={base_lr},\n    max_lr={max_lr},\n"
    "    step_size_up={step_size_up},\n    step_size_down={step_size_down},\n    mode={mode},\n"
    "    gamma={gamma},\n    cycle_momentum=False,\n)",
    "inverse_time": "LambdaLR(\n    optimizer,\n    lambda step: 1.0 / (1.0 + {decay_rate} * "
    "({staircase_floor}step / {decay_steps}{staircase_end})),\n)",
}


def value(v: Any) -> str:
    """A hyperparameter as Python source."""
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, float):
        return number(v)
    if isinstance(v, list | tuple):
        return "[" + ", ".join(value(x) for x in v) + "]"
    return repr(v)


def _substitute(expression: str, h: dict) -> str:
    for key in sorted(h, key=len, reverse=True):
        if key in expression:
            expression = expression.replace(key, value(h[key]))
    return expression


def _call(cls: str, params: str, args: list[str]) -> str:
    return (
        f"optimizer = torch.optim.{cls}(\n    {params},\n"
        + "".join(f"    {a},\n" for a in args)
        + ")\n"
    )


def optimizer_code(run: ScriptRun, params: str) -> str:
    """`optimizer = ...` (and the state a written-out update keeps) for the run."""
    h = run.hyper
    name = run.optimizer
    if name == "lbfgs":
        return _lbfgs_code(h, params)
    if name == "muon":
        return _muon_code(h)
    if name in MANUAL:
        return _manual_code(run, params)
    cls, keywords = OPTIMIZERS[name]
    args = [f"{k}={_substitute(expression, h)}" for k, expression in keywords.items()]
    if run.maximize:
        args.append("maximize=True")
    note = ""
    if name == "momentum":
        note = (
            "# The heavy ball, theta' = theta - lr g + beta (theta - theta_prev), is torch's SGD\n"
            "# momentum with momentum=beta"
            + (
                ". Under a schedule they differ: torch multiplies the whole velocity\n"
                "# by the current lr, the heavy ball applied each past lr to its own step (the\n"
                "# studio's Theory panel compares the two). This is the closest torch has.\n"
                if run.scheduled
                else ": the same method at a constant lr.\n"
            )
        )
    return note + _call(cls, params, args)


def _manual_code(run: ScriptRun, params: str) -> str:
    h = run.hyper
    name = run.optimizer
    what = "textbook Nesterov" if name == "nesterov" else name
    lines = [
        f"# torch.optim has no {what}; the update below is written in torch",
        "# operations. A plain SGD parameter group carries the learning rate, so that",
        "# torch's own scheduler sets it.",
        *(
            f"{k.upper()} = {value(v)}"
            for k, v in h.items()
            if k not in ("lr", "maximize", "clip_norm")
        ),
        f"optimizer = torch.optim.SGD({params}, lr={number(h['lr'])})",
    ]
    if name == "nesterov":
        lines[0:0] = [
            "# (torch.optim.SGD(nesterov=True) keeps Sutskever's reformulation, whose",
            "# iterate is the lookahead point: its path is not the one the studio draws.)",
        ]
        lines.append(
            "previous = [p.detach().clone() for p in net.parameters()]  # one step ago"
            if run.network
            else "previous = theta.detach().clone()  # theta one step ago"
        )
    if name == "lion":
        lines.append(
            "momentum = [torch.zeros_like(p) for p in net.parameters()]"
            if run.network
            else "momentum = torch.zeros(2)"
        )
    return "\n".join(lines) + "\n"


def _lbfgs_code(h: dict[str, Any], params: str) -> str:
    search = "None" if h["line_search_fn"] is None else repr(h["line_search_fn"])
    max_eval = "None" if h["max_eval"] is None else str(h["max_eval"])
    args = [
        f"lr={number(h['lr'])}",
        f"max_iter={h['max_iter']}",
        f"max_eval={max_eval}",
        f"tolerance_grad={number(h['tolerance_grad'])}",
        f"tolerance_change={number(h['tolerance_change'])}",
        f"history_size={h['history_size']}",
        f"line_search_fn={search}",
    ]
    return _call("LBFGS", params, args)


def scheduler_code(run: ScriptRun) -> str:
    """The torch scheduler of the run's schedule (one per optimizer of a Muon run)."""
    schedule = run.run.schedule
    if schedule is None:
        return ""
    args = {k: value(v) for k, v in schedule.to_config().items() if k != "name"}
    if schedule.name == "inverse_time":
        staircase = schedule.args.get("staircase")
        args["staircase_floor"] = "math.floor(" if staircase else ""
        args["staircase_end"] = ")" if staircase else ""
    note = ""
    if schedule.name == "onecycle":
        note = "# Past total_steps the studio holds the last rate; torch raises an error there.\n"
    code = "torch.optim.lr_scheduler." + SCHEDULERS[schedule.name].format(**args) + "\n"
    if run.optimizer == "muon":
        return note + "".join(
            f"{g}_scheduler = " + code.replace("optimizer", g) for g in ("muon", "adamw")
        )
    return note + "scheduler = " + code


MUON_CODE = """
# torch.optim.Muon orthogonalises its update in bfloat16; optstudio runs the same Newton-Schulz
# iteration in float64. This replaces torch's with the float64 one, so the script trains the
# run optstudio shows (delete it to see torch's own, a few percent away after some steps).
def newton_schulz_float64(grad, ns_coefficients, ns_steps, eps):
    a, b, c = ns_coefficients
    tall = grad.size(0) > grad.size(1)
    ortho = grad.T if tall else grad
    ortho = ortho / ortho.norm().clamp(min=eps)
    for _ in range(ns_steps):
        gram = ortho @ ortho.T
        ortho = torch.addmm(ortho, torch.addmm(gram, gram, gram, beta=b, alpha=c), ortho, beta=a)
    return ortho.T if tall else ortho


torch.optim._muon._zeropower_via_newtonschulz = newton_schulz_float64
"""


def _muon_code(h: dict[str, Any]) -> str:
    adjust = "None" if h["adjust_lr_fn"] == "original" else repr(h["adjust_lr_fn"])
    maximize = "    maximize=True,\n" if h.get("maximize") else ""
    return (
        MUON_CODE
        + "\n# Muon on the weight matrices, AdamW on the biases (torch's recommendation).\n"
        "muon = torch.optim.Muon(\n"
        "    [p for p in net.parameters() if p.ndim == 2],\n"
        f"    lr={number(h['lr'])},\n"
        f"    weight_decay={number(h['weight_decay'])},\n"
        f"    momentum={number(h['momentum'])},\n"
        f"    nesterov={h['nesterov']},\n"
        f"    eps={number(h['eps'])},\n"
        f"    ns_steps={h['ns_steps']},\n"
        f"    adjust_lr_fn={adjust},\n"
        ")\n"
        "adamw = torch.optim.AdamW(\n"
        "    [p for p in net.parameters() if p.ndim == 1],\n"
        f"    lr={number(h['lr'])},\n"
        f"    betas=({number(h['adamw_beta1'])}, {number(h['adamw_beta2'])}),\n"
        f"    eps={number(h['adamw_eps'])},\n"
        f"    weight_decay={number(h['adamw_weight_decay'])},\n" + maximize + ")\n"
    )
