"""The PyTorch script: torch.optim and torch.optim.lr_scheduler wherever torch has the method,
a plain update in torch operations where it has not (textbook Nesterov, Lion, Newton)."""

from __future__ import annotations

from .common import RNG_CODE, Dialect, RunSetup, indent, loss_code, number

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
    "rprop": (
        "Rprop",
        {"lr": "lr", "etas": "(eta_minus, eta_plus)", "step_sizes": "(step_min, step_max)"},
    ),
}
MANUAL = ("nesterov", "lion", "newton")

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


def _value(value) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return number(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return repr(value)


def _lbfgs_code(h: dict) -> str:
    search = "None" if h["line_search_fn"] is None else repr(h["line_search_fn"])
    max_eval = "None" if h["max_eval"] is None else str(h["max_eval"])
    return (
        "optimizer = torch.optim.LBFGS(\n    [theta],\n"
        f"    lr={number(h['lr'])},\n"
        f"    max_iter={h['max_iter']},\n"
        f"    max_eval={max_eval},\n"
        f"    tolerance_grad={number(h['tolerance_grad'])},\n"
        f"    tolerance_change={number(h['tolerance_change'])},\n"
        f"    history_size={h['history_size']},\n"
        f"    line_search_fn={search},\n"
        ")\n"
    )


def _optimizer_code(setup: RunSetup) -> str:
    h = setup.hyper
    name = setup.optimizer
    if name == "lbfgs":
        return _lbfgs_code(h)
    if name in MANUAL:
        constants = [
            f"{k.upper()} = {_value(v)}"
            for k, v in h.items()
            if k not in ("lr", "maximize", "clip_norm")
        ]
        lines = [
            f"# torch.optim has no {'textbook Nesterov' if name == 'nesterov' else name};"
            " the update below is written in torch",
            "# operations. A plain SGD parameter group carries the learning rate, so that",
            "# torch's own scheduler sets it.",
            *constants,
            f"optimizer = torch.optim.SGD([theta], lr={number(h['lr'])})",
        ]
        if name == "nesterov":
            lines.append("previous = theta.detach().clone()  # theta one step ago")
            lines.insert(
                0, "# (torch.optim.SGD(nesterov=True) keeps Sutskever's reformulation, whose"
            )
            lines.insert(
                1, "# iterate is the lookahead point: its path is not the one the studio draws.)"
            )
        if name == "lion":
            lines.append("momentum = torch.zeros(2)")
        return "\n".join(lines) + "\n"
    cls, keywords = OPTIMIZERS[name]
    args = [f"{k}={_substitute(expression, h)}" for k, expression in keywords.items()]
    if setup.maximize:
        args.append("maximize=True")
    notes = []
    if name == "momentum":
        notes.append(
            "# The heavy ball, theta' = theta - lr g + beta (theta - theta_prev), is torch's SGD\n"
            "# momentum with momentum=beta"
            + (
                ": the same method at a constant lr.\n"
                if setup.run.schedule is None
                else ". Under a schedule they differ: torch multiplies the whole velocity\n"
                "# by the current lr, the heavy ball applied each past lr to its own step (the\n"
                "# studio's Theory panel compares the two). This is the closest torch has.\n"
            )
        )
    return (
        "".join(notes)
        + f"optimizer = torch.optim.{cls}(\n    [theta],\n"
        + "".join(f"    {a},\n" for a in args)
        + ")\n"
    )


def _substitute(expression: str, h: dict) -> str:
    for key in sorted(h, key=len, reverse=True):
        if key in expression:
            expression = expression.replace(key, _value(h[key]))
    return expression


def _scheduler_code(setup: RunSetup) -> str:
    schedule = setup.run.schedule
    if schedule is None:
        return ""
    args = {k: _value(v) for k, v in schedule.to_config().items() if k != "name"}
    if schedule.name == "inverse_time":
        staircase = schedule.args.get("staircase")
        args["staircase_floor"] = "math.floor(" if staircase else ""
        args["staircase_end"] = ")" if staircase else ""
    note = ""
    if schedule.name == "onecycle":
        note = "# Past total_steps the studio holds the last rate; torch raises an error there.\n"
    return (
        note
        + "scheduler = torch.optim.lr_scheduler."
        + SCHEDULERS[schedule.name].format(**args)
        + "\n"
    )


DIALECT = Dialect(
    "torch",
    "torch",
    "torch.tensor(DATA_ROWS)",
    "DATA[batch]",
    "({}).mean()",
    "torch.clamp(z, min=0) + torch.log1p(torch.exp(-z.abs()))",
)


def _gradient_code(setup: RunSetup) -> str:
    batch = "batch_of(step)" if setup.minibatch else "None"
    lines = [
        "def gradient(point, step):",
        '    """The gradient the step reads, in the studio\'s order: the loss'
        + (" of the step's mini-batch" if setup.minibatch else "")
        + (", then Gaussian noise" if setup.noise else "")
        + (", then clipping" if setup.clip else "")
        + '."""',
        "    point = point.detach().requires_grad_(True)",
        f"    (grad,) = torch.autograd.grad(loss_fn(point, {batch}), point)",
    ]
    if setup.noise:
        lines.append("    grad = grad + GRAD_NOISE * torch.tensor(normal_pair(SEED, step))")
    if setup.clip and setup.optimizer in MANUAL:
        lines.append("    # as torch.nn.utils.clip_grad_norm_ does")
        lines.append("    grad = grad * min(CLIP_NORM / (float(grad.norm()) + 1e-6), 1.0)")
    lines.append("    return grad")
    return "\n".join(lines) + "\n"


def _step_code(setup: RunSetup) -> list[str]:
    name = setup.optimizer
    sign = "-" if setup.maximize else ""
    lr = 'lr = optimizer.param_groups[0]["lr"]'
    if name == "nesterov":
        return [
            lr,
            "with torch.no_grad():",
            "    ahead = theta + BETA * (theta - previous)  # where the momentum carries theta",
            f"grad = {sign}gradient(ahead, step)",
            "with torch.no_grad():",
            "    previous = theta.detach().clone()",
            "    theta.copy_(ahead - lr * grad)",
        ]
    if name == "lion":
        return [
            lr,
            f"grad = {sign}gradient(theta, step)",
            "with torch.no_grad():",
            "    update = torch.sign((1 - BETA1) * grad + BETA1 * momentum) + WEIGHT_DECAY * theta",
            "    theta.sub_(lr * update)",
            "    momentum = (1 - BETA2) * grad + BETA2 * momentum",
        ]
    if name == "newton":
        batch = "batch_of(step)" if setup.minibatch else "None"
        return [
            lr,
            f"grad = {sign}gradient(theta, step)",
            f"hessian = {sign}torch.autograd.functional.hessian(",
            f"    lambda point: loss_fn(point, {batch}), theta.detach()",
            ")",
            "try:",
            "    direction = torch.linalg.solve(hessian + DAMPING * torch.eye(2), grad)",
            "except RuntimeError:  # a singular matrix: the studio calls the run diverged",
            "    break",
            "with torch.no_grad():",
            "    theta.sub_(lr * direction)",
        ]
    if name == "lbfgs":
        return [
            "def closure():  # L-BFGS evaluates the loss many times a step",
            "    optimizer.zero_grad()",
            f"    value = {sign}loss_fn(theta)",
            "    value.backward()",
            "    return value",
            "optimizer.step(closure)",
        ]
    lines = ["theta.grad = gradient(theta, step)"]
    if setup.clip:
        lines.append("torch.nn.utils.clip_grad_norm_([theta], CLIP_NORM)")
    lines.append("optimizer.step()")
    return lines


def script(setup: RunSetup) -> str:
    globals_ = {"nesterov": "previous", "lion": "momentum"}.get(setup.optimizer)
    body = [
        "path = [theta.detach().clone()]",
        "for step in range(STEPS):",
        "    if step % CHECK_EVERY == 0:  # the whole objective: diverged? converged?",
        "        point = theta.detach().requires_grad_(True)",
        "        value = loss_fn(point)",
        "        (full,) = torch.autograd.grad(value, point)",
        "        norm = float(full.norm())",
        "        if not (math.isfinite(float(value.detach())) and math.isfinite(norm)):",
        "            break",
        "        if TOL > 0 and norm < TOL:",
        "            break",
        "    before = theta.detach().clone()",
        *["    " + line for line in _step_code(setup)],
        "    moved = theta.detach()",
        "    if not bool(torch.isfinite(moved).all()) or float(moved.abs().max()) > BOUND:",
        "        with torch.no_grad():  # diverged: the last good point stays",
        "            theta.copy_(before)",
        "        break",
    ]
    if setup.run.schedule is not None:
        body.append("    scheduler.step()")
    body += ["    path.append(theta.detach().clone())", "return torch.stack(path)"]
    parts = [
        setup.header("PyTorch"),
        "\nimport math\n\nimport torch\n\ntorch.set_default_dtype(torch.float64)\n\n",
        setup.settings_code(),
    ]
    if setup.needs_rng:
        parts.append(RNG_CODE)
    parts += [
        loss_code(setup, DIALECT),
        "\n\n" + _gradient_code(setup),
        "\n\ntheta = torch.tensor(START, requires_grad=True)\n",
        _optimizer_code(setup),
        _scheduler_code(setup),
        "\n\ndef train():\n",
        '    """Take the steps; the path of theta, one row per step (the start first)."""\n',
        f"    global {globals_}\n" if globals_ else "",
        indent(body),
        '\n\nif __name__ == "__main__":\n',
        "    path = train()\n",
        '    print(f"{len(path) - 1} steps: theta = {path[-1].tolist()}, '
        'loss = {float(loss_fn(path[-1])):.10g}")\n',
    ]
    return "".join(parts)
