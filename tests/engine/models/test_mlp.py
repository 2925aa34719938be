"""The network's layout, initialisation, loss and gradient, against independent references."""

import math

import numpy as np
import pytest

from optstudio.engine.models.mlp import (
    ACTIVATIONS,
    accuracy,
    initial_parameters,
    network,
    objective,
    predict,
)

CASES = [
    ("binary", 1, lambda rng, n: (rng.random(n) > 0.5).astype(float)),
    ("multiclass", 4, lambda rng, n: rng.integers(0, 4, n).astype(float)),
    ("regression", 1, lambda rng, n: rng.normal(size=n)),
]


def central_gradient(f, params, h=1e-6):
    grad = np.empty_like(params)
    for k in range(len(params)):
        step = np.zeros_like(params)
        step[k] = h
        grad[k] = (f(params + step) - f(params - step)) / (2 * h)
    return grad


@pytest.mark.parametrize("activation", [*ACTIVATIONS, ["relu", "sigmoid"], ["tanh", "linear"]])
@pytest.mark.parametrize(("task", "outputs", "labels"), CASES)
@pytest.mark.parametrize("regularization", [None, "l1", "l2"])
def test_the_gradient_is_the_objectives_slope(activation, task, outputs, labels, regularization):
    rng = np.random.default_rng(1)
    net = network(3, (5, 4), outputs, activation, task)
    x = rng.normal(size=(12, 3))
    y = labels(rng, 12)
    params = initial_parameters(net, seed=2) + 0.3 * rng.normal(size=net.n_params)
    params[np.abs(params) < 1e-3] = 0.05  # |w| has no slope at 0
    rate = 0.01 if regularization else 0.0
    _, value, grad = objective(net, params, x, y, regularization, rate)

    def f(p):
        return objective(net, p, x, y, regularization, rate)[1]

    assert value == pytest.approx(f(params))
    # relu's kink: a pre-activation at 0 within h would spoil the difference quotient
    np.testing.assert_allclose(grad, central_gradient(f, params), rtol=1e-5, atol=1e-7)


def numpy_layers(net, params, x):
    """A plain numpy network, layer by layer: every layer's outputs (after its activation; the
    last, the network's output), for the kernel and the network view to agree with."""
    act = {
        "relu": lambda z: np.maximum(z, 0),
        "tanh": np.tanh,
        "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
        "linear": lambda z: z,
    }
    a, start, outputs = x, 0, []
    for k, (n_in, n_out) in enumerate(net.layers):
        w = params[start : start + n_out * n_in].reshape(n_out, n_in)
        b = params[start + n_out * n_in : start + n_out * n_in + n_out]
        start += n_out * n_in + n_out
        a = a @ w.T + b
        if k < len(net.layers) - 1:
            a = act[net.activations[k]](a)
        outputs.append(a)
    return outputs


def numpy_forward(net, params, x):
    """The network's outputs, by `numpy_layers`."""
    return numpy_layers(net, params, x)[-1]


def test_the_losses_are_torchs_definitions_in_numpy():
    rng = np.random.default_rng(4)
    x = rng.normal(size=(30, 2))
    for (task, outputs, labels), activation in zip(
        CASES, ["tanh", ["relu", "sigmoid"], ["sigmoid", "tanh"]], strict=False
    ):
        net = network(2, (6,) if isinstance(activation, str) else (6, 4), outputs, activation, task)
        params = initial_parameters(net, 5)
        y = labels(rng, 30)
        z = numpy_forward(net, params, x)
        np.testing.assert_allclose(predict(net, params, x), z, rtol=1e-13)
        if task == "binary":
            expected = np.mean(np.logaddexp(0, z[:, 0]) - y * z[:, 0])
        elif task == "multiclass":
            expected = np.mean(np.log(np.exp(z).sum(1)) - z[np.arange(30), y.astype(int)])
        else:
            expected = np.mean((z[:, 0] - y) ** 2)
        assert objective(net, params, x, y)[0] == pytest.approx(expected, rel=1e-12)


def test_initialisation_is_torchs_default_bounds_and_the_same_for_a_seed():
    net = network(64, (32,), 10, "relu", "multiclass")
    params = initial_parameters(net, 0)
    assert len(params) == 64 * 32 + 32 + 32 * 10 + 10 == net.n_params
    first = params[: 64 * 32 + 32]
    second = params[64 * 32 + 32 :]
    assert np.abs(first).max() <= 1 / 8 and np.abs(first).max() > 0.99 / 8
    assert np.abs(second).max() <= 1 / math.sqrt(32)
    np.testing.assert_array_equal(params, initial_parameters(net, 0))
    assert not np.array_equal(params, initial_parameters(net, 1))


def test_accuracy_counts_right_answers():
    net = network(1, (), 1, "linear", "binary")
    params = np.array([1.0, 0.0])  # logit = x
    x = np.array([[-2.0], [-1.0], [1.0], [3.0]])
    assert accuracy(net, params, x, np.array([0.0, 1.0, 1.0, 1.0])) == 0.75
    assert math.isnan(accuracy(network(1, (), 1, "linear", "regression"), params, x, x[:, 0]))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            (2, (8,), 1, "gelu", "binary"),
            "unknown activation 'gelu'; choose one of: relu, tanh, sigmoid, linear",
        ),
        ((2, (0,), 1, "tanh", "binary"), "a hidden layer has 1 to 64 units, got 0"),
        ((2, (1000,), 1, "tanh", "binary"), "a hidden layer has 1 to 64 units, got 1000"),
        ((2, (4,) * 7, 1, "tanh", "binary"), "at most 6 hidden layers, got 7"),
        (
            (2, (4, 4), 1, ["relu"], "binary"),
            "activation lists one name per hidden layer: 2 for this network, got 1",
        ),
        (
            (2, (4,), 1, ["gelu"], "binary"),
            "unknown activation 'gelu'; choose one of: relu, tanh, sigmoid, linear",
        ),
        ((2, (4,), 1, [3], "binary"), "activation must be a name or a list of names, got [3]"),
    ],
)
def test_bad_shapes_are_refused_in_one_line(args, message):
    with pytest.raises(ValueError) as error:
        network(*args)
    assert str(error.value) == message


def test_the_layout_is_torchs_sequential_parameters():
    torch = pytest.importorskip("torch")
    net = network(3, (5, 4), 2, "tanh", "multiclass")
    params = initial_parameters(net, 7)
    model = torch.nn.Sequential(
        torch.nn.Linear(3, 5),
        torch.nn.Tanh(),
        torch.nn.Linear(5, 4),
        torch.nn.Tanh(),
        torch.nn.Linear(4, 2),
    ).double()
    torch.nn.utils.vector_to_parameters(torch.tensor(params), model.parameters())
    rng = np.random.default_rng(0)
    x = rng.normal(size=(9, 3))
    y = rng.integers(0, 2, 9).astype(float)
    out = model(torch.tensor(x))
    np.testing.assert_allclose(predict(net, params, x), out.detach().numpy(), rtol=1e-12)
    loss = torch.nn.functional.cross_entropy(out, torch.tensor(y).long())
    loss.backward()
    grad = torch.cat([p.grad.flatten() for p in model.parameters()]).numpy()
    value, _, ours = objective(net, params, x, y)
    assert value == pytest.approx(loss.item(), rel=1e-12)
    np.testing.assert_allclose(ours, grad, rtol=1e-10, atol=1e-14)
