"""The PyTorch script of a model run: the same network from the same initial weights, trained
on the same data and batches, with torch.optim (or the update written in torch operations
where torch has no such optimizer).

The data, the initial parameters and the studio's batch generator are written into the
script, so it needs nothing but torch; it prints the final losses and accuracy, and
`train()` returns every step's parameters (torch's Sequential layout, as optstudio records
them) for a comparison.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from .._version import __version__
from ..engine.runner import DIVERGENCE_BOUND
from .common import RNG_CODE, number, penalty_code
from .torch_code import OPTIMIZERS, SCHEDULERS, _substitute, _value

MANUAL = ("nesterov", "lion")
REFUSED = {"newton": "newton has no PyTorch script for a network (torch.optim has none)"}
ACTIVATIONS = {"relu": "ReLU", "tanh": "Tanh", "sigmoid": "Sigmoid", "linear": "Identity"}
LOSSES = {
    "binary": "torch.nn.functional.binary_cross_entropy_with_logits(out[:, 0], y)",
    "multiclass": "torch.nn.functional.cross_entropy(out, y.long())",
    "regression": "torch.nn.functional.mse_loss(out[:, 0], y)",
}
NOISE_AND_CLIP = "<noise and clipping>"
"""Where a step's gradient gets the studio's noise and then its clipping."""
NOISE_CODE = '''

def normal_lane(seed, counter, lane):
    """The studio's gradient noise of parameter `lane` at step `counter` (Box-Muller)."""
    u1 = 1.0 - uniform(seed, counter, 2 * lane)
    u2 = uniform(seed, counter, 2 * lane + 1)
    return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)
'''


def _rows(values: np.ndarray) -> str:
    if values.ndim == 1:
        return "[" + ", ".join(number(v) for v in values.tolist()) + "]"
    return "[\n" + "".join(f"    {_rows(row)},\n" for row in values) + "]"


def script_run(config: Mapping[str, Any], refused: Mapping[str, str]) -> tuple[Any, int]:
    """The model run (at step 0) a script reproduces, and its steps; ValueError for a run a
    script cannot start (changed mid-run, or an optimizer in `refused`)."""
    from ..training import create_model_run

    config = dict(config)
    if config.get("hyper_changes"):
        raise ValueError(
            "this run's hyperparameters were changed while it ran; a script can only start "
            "from one setting (restart the run with its current values)"
        )
    run = create_model_run(**config)
    if run.optimizer.name in refused:
        raise ValueError(refused[run.optimizer.name])
    return run, int(config.get("steps", 1000))


def model_script(config: Mapping[str, Any]) -> str:
    """The script for a model run's config (`ModelRun.config`)."""
    run, steps = script_run(config, REFUSED)
    name = run.optimizer.name
    h = run.hyperparams
    data = run.data
    minibatch = run.batch_size is not None and run.batch_size < len(data.x_train)
    clip = float(h.get("clip_norm") or 0.0)
    sizes = "-".join(map(str, run.network.sizes))
    parts = [
        f'"""{run.optimizer.display_name} training a {sizes} {run.network.activation} '
        f"network on {data.name}, as optstudio {__version__} trained it, in PyTorch.\n\n"
        "The same data, initial weights, hyperparameters, schedule, batches and number of "
        'steps.\n"""\n\nimport math\n\nimport torch\n\ntorch.set_default_dtype(torch.float64)\n\n',
        f"STEPS = {steps}\nSEED = {run.seed}\nBOUND = {number(DIVERGENCE_BOUND)}"
        "  # a parameter beyond this counts as diverged\n",
        f"BATCH_SIZE = {run.batch_size or len(data.x_train)}\n"
        f"N_SAMPLES = {len(data.x_train)}  # training rows\n",
        f"REGULARIZATION = {run.regularization!r}\nREG_RATE = {number(run.reg_rate)}\n",
        f"GRAD_NOISE = {number(run.grad_noise)}\nCLIP_NORM = {number(clip)}\n",
        f"# features: {', '.join(data.features)}\n",
        f"X_TRAIN = {_rows(data.x_train)}\nY_TRAIN = {_rows(data.y_train)}\n",
        f"X_TEST = {_rows(data.x_test)}\nY_TEST = {_rows(data.y_test)}\n",
        f"INITIAL = {_rows(run.initial)}\n",
    ]
    if minibatch or run.grad_noise:
        parts.append(RNG_CODE)
    if run.grad_noise:
        parts.append(NOISE_CODE)
    layers = []
    for k, (n_in, n_out) in enumerate(run.layers):
        layers.append(f"    torch.nn.Linear({n_in}, {n_out}),\n")
        if k < len(run.layers) - 1:
            layers.append(f"    torch.nn.{ACTIVATIONS[run.network.activation]}(),\n")
    parts += [
        "\n\nnet = torch.nn.Sequential(\n",
        *layers,
        ")\n",
        "torch.nn.utils.vector_to_parameters(torch.tensor(INITIAL), net.parameters())\n",
        "x_train, y_train = torch.tensor(X_TRAIN), torch.tensor(Y_TRAIN)\n",
        "x_test, y_test = torch.tensor(X_TEST), torch.tensor(Y_TEST)\n",
        _objective_code(run.network.task),
        _optimizer_code(name, h, run.schedule is not None),
        _scheduler_code(run),
        _train_code(
            name,
            minibatch,
            bool(run.grad_noise),
            clip,
            run.schedule is not None,
            bool(h.get("maximize")),
        ),
        _main_code(run.network.task),
    ]
    return "".join(parts)


def _objective_code(task: str) -> str:
    accuracy = {
        "binary": "((out[:, 0] > 0).double() == y).double().mean()",
        "multiclass": "(out.argmax(dim=1) == y.long()).double().mean()",
        "regression": "torch.tensor(math.nan)",
    }[task]
    return (
        "\n\ndef data_loss(x, y):\n"
        '    """The mean loss of the rows (without the penalty) and their accuracy."""\n'
        "    out = net(x)\n"
        f"    return {LOSSES[task]}, {accuracy}\n"
        "\n\ndef objective(x, y):\n"
        '    """What the optimizer minimises: the data loss plus the penalty on the weights\n'
        '    (not the biases): l1 rate sum|w|, l2 rate sum w^2 / 2."""\n'
        "    loss, _ = data_loss(x, y)\n"
        '    weights = [p for name, p in net.named_parameters() if name.endswith("weight")]\n'
    ) + penalty_code("sum(w.abs().sum() for w in weights)", "sum((w * w).sum() for w in weights)")


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


def _adafactor_code(h: dict[str, Any]) -> str:
    eps1 = "None" if h["eps1"] is None else number(h["eps1"])
    maximize = "    maximize=True,\n" if h.get("maximize") else ""
    return (
        "\noptimizer = torch.optim.Adafactor(\n    net.parameters(),\n"
        f"    lr={number(h['lr'])},\n"
        f"    beta2_decay={number(h['beta2_decay'])},\n"
        f"    eps=({eps1}, {number(h['eps2'])}),\n"
        f"    d={number(h['d'])},\n"
        f"    weight_decay={number(h['weight_decay'])},\n" + maximize + ")\n"
    )


def _lbfgs_code(h: dict[str, Any]) -> str:
    search = "None" if h["line_search_fn"] is None else repr(h["line_search_fn"])
    max_eval = "None" if h["max_eval"] is None else str(h["max_eval"])
    return (
        "\noptimizer = torch.optim.LBFGS(\n    net.parameters(),\n"
        f"    lr={number(h['lr'])},\n"
        f"    max_iter={h['max_iter']},\n"
        f"    max_eval={max_eval},\n"
        f"    tolerance_grad={number(h['tolerance_grad'])},\n"
        f"    tolerance_change={number(h['tolerance_change'])},\n"
        f"    history_size={h['history_size']},\n"
        f"    line_search_fn={search},\n"
        ")\n"
    )


def _optimizer_code(name: str, h: dict[str, Any], scheduled: bool) -> str:
    if name == "lbfgs":
        return _lbfgs_code(h)
    if name == "muon":
        return _muon_code(h)
    if name == "adafactor":
        return _adafactor_code(h)
    if name in MANUAL:
        constants = "".join(
            f"{k.upper()} = {_value(v)}\n"
            for k, v in h.items()
            if k not in ("lr", "maximize", "clip_norm")
        )
        state = (
            "previous = [p.detach().clone() for p in net.parameters()]  # one step ago\n"
            if name == "nesterov"
            else "momentum = [torch.zeros_like(p) for p in net.parameters()]\n"
        )
        what = "textbook Nesterov" if name == "nesterov" else "Lion"
        return (
            f"\n# torch.optim has no {what}: the update is written in torch operations below,\n"
            "# and a plain SGD parameter group carries the learning rate for the scheduler.\n"
            + constants
            + f"optimizer = torch.optim.SGD(net.parameters(), lr={number(h['lr'])})\n"
            + state
        )
    cls, keywords = OPTIMIZERS[name]
    args = [f"{k}={_substitute(expression, h)}" for k, expression in keywords.items()]
    if h.get("maximize"):
        args.append("maximize=True")
    note = ""
    if name == "momentum" and scheduled:
        note = (
            "# torch's SGD momentum multiplies the whole velocity by the current lr; the heavy\n"
            "# ball applies each past lr to its own step: under a schedule they differ.\n"
        )
    return (
        f"\n{note}optimizer = torch.optim.{cls}(\n    net.parameters(),\n"
        + "".join(f"    {a},\n" for a in args)
        + ")\n"
    )


def _scheduler_code(run: Any) -> str:
    schedule = run.schedule
    if schedule is None:
        return ""
    args = {k: _value(v) for k, v in schedule.to_config().items() if k != "name"}
    if schedule.name == "inverse_time":
        staircase = schedule.args.get("staircase")
        args["staircase_floor"] = "math.floor(" if staircase else ""
        args["staircase_end"] = ")" if staircase else ""
    code = "torch.optim.lr_scheduler." + SCHEDULERS[schedule.name].format(**args) + "\n"
    if run.optimizer.name == "muon":
        groups = ("muon", "adamw")
        return "".join(f"{g}_scheduler = " + code.replace("optimizer", g) for g in groups)
    return "scheduler = " + code


def _manual_step(name: str, sign: str) -> list[str]:
    if name == "nesterov":
        return [
            "with torch.no_grad():",
            "    here = [p.detach().clone() for p in net.parameters()]",
            "    for p, old in zip(net.parameters(), previous):",
            "        p.add_(BETA * (p - old))  # the lookahead point",
            "optimizer.zero_grad()",
            "objective(x, y).backward()",
            NOISE_AND_CLIP,
            "with torch.no_grad():",
            "    for p, old in zip(net.parameters(), here):",
            f"        p.sub_(lr * ({sign}p.grad))",
            "previous = here",
        ]
    return [
        "optimizer.zero_grad()",
        "objective(x, y).backward()",
        NOISE_AND_CLIP,
        "with torch.no_grad():",
        "    for p, m in zip(net.parameters(), momentum):",
        f"        g = {sign}p.grad",
        "        p.sub_(lr * (torch.sign((1 - BETA1) * g + BETA1 * m) + WEIGHT_DECAY * p))",
        "        m.mul_(BETA2).add_((1 - BETA2) * g)",
    ]


def _train_code(
    name: str, minibatch: bool, noise: bool, clip: float, scheduled: bool, maximize: bool
) -> str:
    tail = []
    if noise:
        tail += [
            "with torch.no_grad():  # the studio's seeded gradient noise",
            "    lane = 0",
            "    for p in net.parameters():",
            "        flat = p.grad.view(-1)",
            "        for k in range(flat.numel()):",
            "            flat[k] += GRAD_NOISE * normal_lane(SEED, step, lane)",
            "            lane += 1",
        ]
    if clip:
        tail.append("torch.nn.utils.clip_grad_norm_(net.parameters(), CLIP_NORM)")
    rows = "batch_of(step)" if minibatch else "slice(None)"
    if name in MANUAL:
        sign = "-" if maximize else ""
        body = ['lr = optimizer.param_groups[0]["lr"]', *_manual_step(name, sign)]
    elif name == "lbfgs":
        sign = "-" if maximize else ""
        body = [
            "def closure():",
            "    optimizer.zero_grad()",
            f"    loss = {sign}objective(x, y)",
            "    loss.backward()",
            "    return loss",
            "optimizer.step(closure)",
        ]
    elif name == "muon":
        body = ["muon.zero_grad()", "adamw.zero_grad()", "objective(x, y).backward()"]
        body += [NOISE_AND_CLIP, "muon.step()", "adamw.step()"]
    else:
        body = ["optimizer.zero_grad()", "objective(x, y).backward()", NOISE_AND_CLIP]
        body.append("optimizer.step()")
    lines: list[str] = []
    for line in body:
        lines.extend(tail if line == NOISE_AND_CLIP else [line])
    if scheduled:
        lines += (
            ["muon_scheduler.step()", "adamw_scheduler.step()"]
            if name == "muon"
            else ["scheduler.step()"]
        )
    loop = "".join(f"        {line}\n" for line in lines)
    return (
        "\n\ndef train():\n"
        '    """Take the steps; every step\'s parameters, one row each (the initial first)."""\n'
        + ("    global previous\n" if name == "nesterov" else "")
        + "    rows = [torch.nn.utils.parameters_to_vector(net.parameters()).detach().clone()]\n"
        "    for step in range(STEPS):\n"
        f"        batch = {rows}\n"
        "        x, y = x_train[batch], y_train[batch]\n"
        + loop
        + "        now = torch.nn.utils.parameters_to_vector(net.parameters()).detach().clone()\n"
        "        if not bool(torch.isfinite(now).all()) or float(now.abs().max()) > BOUND:\n"
        "            torch.nn.utils.vector_to_parameters(rows[-1], net.parameters())\n"
        "            break  # diverged: the last good parameters stay\n"
        "        rows.append(now)\n"
        "    return torch.stack(rows)\n"
    )


def _main_code(task: str) -> str:
    accuracy = "" if task == "regression" else ", test accuracy {float(test_accuracy):.1%}"
    return (
        '\n\nif __name__ == "__main__":\n'
        "    rows = train()\n"
        "    with torch.no_grad():\n"
        "        train_loss, _ = data_loss(x_train, y_train)\n"
        "        test_loss, test_accuracy = data_loss(x_test, y_test)\n"
        '    print(f"{len(rows) - 1} steps: train loss {float(train_loss):.6g}, "\n'
        f'          f"test loss {{float(test_loss):.6g}}{accuracy}")\n'
    )
