"""The PyTorch script of a run of either kind: torch.optim and torch.optim.lr_scheduler
wherever torch has the method, the update in torch operations where it has not. A landscape's
parameters are one tensor theta; a network is torch.nn.Sequential, so that optimizers that
treat a weight matrix as a matrix (Muon, Adafactor) see the studio's layers."""

from __future__ import annotations

from . import landscape_code, network_code
from .common import (
    batch_code,
    landscape_main,
    objective_check,
    penalty_code,
    random_code,
    train_function,
)
from .description import LANDSCAPE, NETWORK, ScriptRun
from .landscape_code import Dialect
from .torch_optim import MANUAL, optimizer_code, scheduler_code

NAME = "PyTorch"
REFUSED = {
    LANDSCAPE: {},
    NETWORK: {"newton": "newton has no PyTorch script for a network (torch.optim has none)"},
}
IMPORTS = "\nimport math\n\nimport torch\n\ntorch.set_default_dtype(torch.float64)\n\n"
DIALECT = Dialect(
    "torch",
    "torch",
    "torch.tensor(DATA_ROWS)",
    "DATA[batch]",
    "({}).mean()",
    "torch.clamp(z, min=0) + torch.log1p(torch.exp(-z.abs()))",
)
ACTIVATIONS = {"relu": "ReLU", "tanh": "Tanh", "sigmoid": "Sigmoid", "linear": "Identity"}
LOSSES = {
    "binary": "torch.nn.functional.binary_cross_entropy_with_logits(out[:, 0], y)",
    "multiclass": "torch.nn.functional.cross_entropy(out, y.long())",
    "regression": "torch.nn.functional.mse_loss(out[:, 0], y)",
}
NOISE_AND_CLIP = "<noise and clipping>"
"""Where a network step's gradient gets the studio's noise and then its clipping."""


def script(run: ScriptRun) -> str:
    return (_network if run.network else _landscape)(run)


def _landscape(run: ScriptRun) -> str:
    globals_ = {"nesterov": "previous", "lion": "momentum"}.get(run.optimizer, "")
    evaluate = [
        "point = theta.detach().requires_grad_(True)",
        "value = loss_fn(point)",
        "(full,) = torch.autograd.grad(value, point)",
        "value = value.detach()  # a number to compare: float() of a graph's tensor warns",
        "norm = float(full.norm())",
    ]
    body = [
        "rows = [theta.detach().clone()]",
        "for step in range(STEPS):",
        *objective_check(evaluate),
        "    before = theta.detach().clone()",
        *["    " + line for line in _landscape_step(run)],
        "    moved = theta.detach()",
        "    if not bool(torch.isfinite(moved).all()) or float(moved.abs().max()) > BOUND:",
        "        with torch.no_grad():  # diverged: the last good point stays",
        "            theta.copy_(before)",
        "        break",
        *(["    scheduler.step()"] if run.scheduled else []),
        "    rows.append(theta.detach().clone())",
        "return torch.stack(rows)",
    ]
    return "".join(
        [
            landscape_code.header(run, NAME),
            IMPORTS,
            landscape_code.settings_code(run),
            random_code(run),
            landscape_code.loss_code(run, DIALECT),
            "\n\n" + _landscape_gradient(run),
            "\n\ntheta = torch.tensor(START, requires_grad=True)\n",
            optimizer_code(run, "[theta]"),
            scheduler_code(run),
            train_function(body, globals_, network=False),
            landscape_main("path[-1].tolist()"),
        ]
    )


def _landscape_gradient(run: ScriptRun) -> str:
    """torch.optim applies weight decay and maximize itself: the gradient is the loss's, with
    the studio's noise, and clipped here only for an update written out."""
    lines = [
        "def gradient(point, step):",
        '    """The gradient the step reads, in the studio\'s order: the loss'
        + (" of the step's mini-batch" if run.minibatch else "")
        + (", then Gaussian noise" if run.noise else "")
        + (", then clipping" if run.clip else "")
        + '."""',
        "    point = point.detach().requires_grad_(True)",
        f"    (grad,) = torch.autograd.grad(loss_fn(point, {batch_code(run)}), point)",
    ]
    if run.noise:
        lines.append("    grad = grad + GRAD_NOISE * torch.tensor(normal_pair(SEED, step))")
    if run.clip and run.optimizer in MANUAL:
        lines.append("    # as torch.nn.utils.clip_grad_norm_ does")
        lines.append("    grad = grad * min(CLIP_NORM / (float(grad.norm()) + 1e-6), 1.0)")
    lines.append("    return grad")
    return "\n".join(lines) + "\n"


def _landscape_step(run: ScriptRun) -> list[str]:
    name = run.optimizer
    sign = "-" if run.maximize else ""
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
        batch = "batch_of(step)" if run.minibatch else "None"
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
    if run.clip:
        lines.append("torch.nn.utils.clip_grad_norm_([theta], CLIP_NORM)")
    lines.append("optimizer.step()")
    return lines


def _network(run: ScriptRun) -> str:
    model = run.run
    layers = []
    for k, (n_in, n_out) in enumerate(model.layers):
        layers.append(f"    torch.nn.Linear({n_in}, {n_out}),\n")
        if k < len(model.layers) - 1:
            layers.append(f"    torch.nn.{ACTIVATIONS[model.network.activations[k]]}(),\n")
    return "".join(
        [
            network_code.header(run, NAME),
            IMPORTS,
            network_code.settings_code(run, "{}", flat=False),
            random_code(run),
            "\n\nnet = torch.nn.Sequential(\n",
            *layers,
            ")\n",
            "torch.nn.utils.vector_to_parameters(torch.tensor(INITIAL), net.parameters())\n",
            "x_train, y_train = torch.tensor(X_TRAIN), torch.tensor(Y_TRAIN)\n",
            "x_test, y_test = torch.tensor(X_TEST), torch.tensor(Y_TEST)\n",
            _objective_code(model.network.task),
            "\n" + optimizer_code(run, "net.parameters()"),
            scheduler_code(run),
            _network_train(run),
            network_code.main_code(
                run,
                [
                    "with torch.no_grad():",
                    "    train_loss, _ = data_loss(x_train, y_train)",
                    "    test_loss, correct = data_loss(x_test, y_test)",
                ],
            ),
        ]
    )


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


def _network_train(run: ScriptRun) -> str:
    name = run.optimizer
    sign = "-" if run.maximize else ""
    tail = []
    if run.noise:
        tail += [
            "with torch.no_grad():  # the studio's seeded gradient noise",
            "    lane = 0",
            "    for p in net.parameters():",
            "        flat = p.grad.view(-1)",
            "        for k in range(flat.numel()):",
            "            flat[k] += GRAD_NOISE * normal_lane(SEED, step, lane)",
            "            lane += 1",
        ]
    if run.clip:
        tail.append("torch.nn.utils.clip_grad_norm_(net.parameters(), CLIP_NORM)")
    if name in MANUAL:
        body = ['lr = optimizer.param_groups[0]["lr"]', *_manual_step(name, sign)]
    elif name == "lbfgs":
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
    if run.scheduled:
        muon = name == "muon"
        lines += (
            ["muon_scheduler.step()", "adamw_scheduler.step()"] if muon else ["scheduler.step()"]
        )
    vector = "torch.nn.utils.parameters_to_vector(net.parameters()).detach().clone()"
    loop = [
        f"rows = [{vector}]",
        "for step in range(STEPS):",
        f"    batch = {batch_code(run, '{}') if run.minibatch else 'slice(None)'}",
        "    x, y = x_train[batch], y_train[batch]",
        *["    " + line for line in lines],
        f"    now = {vector}",
        "    if not bool(torch.isfinite(now).all()) or float(now.abs().max()) > BOUND:",
        "        torch.nn.utils.vector_to_parameters(rows[-1], net.parameters())",
        "        break  # diverged: the last good parameters stay",
        "    rows.append(now)",
        "return torch.stack(rows)",
    ]
    return train_function(loop, "previous" if name == "nesterov" else "", network=True)
