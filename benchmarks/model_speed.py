"""Training steps per second of the model engine, beside torch.optim doing the same training.

The networks of the "Real models" issue: 2-8-8-1 tanh on the Playground's circle (500 samples,
250 for training), full batch and batches of 10, and 64-32-10 relu on the digits (898 training
rows), full batch and batches of 64; Adam and SGD. torch trains the same network from the same
weights in float64 on one thread in this process, with the usual loop (zero_grad, forward,
loss, backward, step) and records nothing. optstudio records a row every 100 steps unless
--record-every says otherwise: a row holds the parameters and the loss and accuracy over the
whole training and test sets, so recording every step adds a pass over both sets to each
step (for batches of 10, fifty times the work of the step itself), which torch's loop does
not do.

    python benchmarks/model_speed.py [--seconds 2] [--record-every 100]

Prints figures, each the best of three timings of optstudio and of torch alike; asserts
nothing. Compare the ratios measured in one run: these machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import os
import time

import optstudio

CASES = [
    ("circle", {"hidden": (8, 8), "activation": "tanh"}, None),
    ("circle", {"hidden": (8, 8), "activation": "tanh"}, 10),
    ("digits", {"hidden": (32,), "activation": "relu"}, None),
    ("digits", {"hidden": (32,), "activation": "relu"}, 64),
]
OPTIMIZERS = {"adam": {"lr": 0.001}, "sgd": {"lr": 0.01}}
TIMINGS = 3
"""Each figure is the best of three timings (as timeit takes): on a shared machine noise only
slows a timing, and optstudio's full-batch passes on two cores feel another process most."""


def optstudio_rate(dataset, shape, batch_size, name, seconds, record_every) -> float:
    settings = dict(shape, batch_size=batch_size, record_every=record_every, **OPTIMIZERS[name])
    optstudio.train(dataset, name, steps=10, **settings)  # compile or load the kernel
    steps = 100
    while True:
        began = time.perf_counter()
        optstudio.train(dataset, name, steps=steps, **settings)
        elapsed = time.perf_counter() - began
        if elapsed > seconds / TIMINGS or steps > 10**8:
            break
        steps = int(steps * max(2.0, 1.2 * seconds / TIMINGS / max(elapsed, 1e-6)))
    best = steps / elapsed
    for _ in range(TIMINGS - 1):
        began = time.perf_counter()
        optstudio.train(dataset, name, steps=steps, **settings)
        best = max(best, steps / (time.perf_counter() - began))
    return best


def torch_rate(dataset, shape, batch_size, name, seconds) -> float | None:
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float64)
    run = optstudio.train(dataset, name, steps=0, batch_size=batch_size, **shape)
    layers = []
    activation = {"tanh": torch.nn.Tanh, "relu": torch.nn.ReLU}[shape["activation"]]
    for k, (n_in, n_out) in enumerate(run.layers):
        layers.append(torch.nn.Linear(n_in, n_out))
        if k < len(run.layers) - 1:
            layers.append(activation())
    net = torch.nn.Sequential(*layers)
    torch.nn.utils.vector_to_parameters(torch.tensor(run.params[0].copy()), net.parameters())
    make = {"adam": torch.optim.Adam, "sgd": torch.optim.SGD}[name]
    optimizer = make(net.parameters(), **OPTIMIZERS[name])
    x = torch.tensor(run.data.x_train)
    y = torch.tensor(run.data.y_train)
    if run.network.task == "binary":
        y = y[:, None]
        loss_of = torch.nn.functional.binary_cross_entropy_with_logits
    else:
        y = y.long()
        loss_of = torch.nn.functional.cross_entropy
    n = len(x)
    size = batch_size or n
    order = torch.randperm(n)
    step = 0
    best = 0.0
    for _ in range(TIMINGS):
        began = time.perf_counter()
        first_step = step
        while time.perf_counter() - began < seconds / TIMINGS:
            for _ in range(50):
                first = (step * size) % n
                rows = order[first : first + size]
                optimizer.zero_grad()
                loss_of(net(x[rows]), y[rows]).backward()
                optimizer.step()
                step += 1
        best = max(best, (step - first_step) / (time.perf_counter() - began))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--record-every", type=int, default=100)
    args = parser.parse_args()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"steps per second, {os.cpu_count()} cores, load average {load:.2f} at the start")
    print(f"optstudio records every {args.record_every} step(s); torch float64, one thread")
    print(f"{'network':28s} {'batch':>6s} {'optimizer':9s} {'optstudio':>10s} {'torch':>9s} ratio")
    for dataset, shape, batch_size in CASES:
        sizes = "-".join(map(str, optstudio.train(dataset, "sgd", steps=0, **shape).network.sizes))
        label = f"{sizes} {shape['activation']} on {dataset}"
        for name in OPTIMIZERS:
            ours = optstudio_rate(dataset, shape, batch_size, name, args.seconds, args.record_every)
            theirs = torch_rate(dataset, shape, batch_size, name, args.seconds)
            ratio = f"{ours / theirs:5.1f}x" if theirs else "  (no torch)"
            torch_text = f"{theirs:9,.0f}" if theirs else f"{'-':>9s}"
            batch = batch_size or "full"
            print(f"{label:28s} {batch:>6} {name:9s} {ours:10,.0f} {torch_text} {ratio}")


if __name__ == "__main__":
    main()
