"""optstudio.train: the model runs' contract, checked without torch."""

from __future__ import annotations

import json

import numpy as np
import pytest

import optstudio
from optstudio.engine.models.mlp import accuracy, objective
from tests.reference import REFERENCES, Problem


def reference_training(run, name, hyper, steps):
    """The documented algorithm (tests/reference.py) on the full-batch objective."""

    def grad(p):
        return objective(
            run.network, p, run.data.x_train, run.data.y_train, run.regularization, run.reg_rate
        )[2]

    problem = Problem(grad=grad, hessian=None, clip_norm=hyper.get("clip_norm"))
    optimizer = REFERENCES[name](hyper)
    theta = run.params[0].copy()
    rows = [theta]
    for _ in range(steps):
        theta = optimizer.step(theta, problem, hyper["lr"])
        rows.append(theta)
    return np.array(rows)


@pytest.mark.parametrize(
    ("name", "hyper"),
    [
        ("gd", {"lr": 0.3}),
        ("momentum", {"lr": 0.05, "beta": 0.9}),
        ("nesterov", {"lr": 0.05, "beta": 0.9}),
        ("lion", {"lr": 0.002, "beta1": 0.9, "beta2": 0.99, "weight_decay": 0.01}),
    ],
)
def test_optimizers_torch_lacks_follow_their_numpy_references(name, hyper):
    run = optstudio.train("circle", name, steps=150, regularization="l2", reg_rate=0.01, **hyper)
    expected = reference_training(run, name, hyper, 150)
    scale = np.abs(expected).max(axis=1, keepdims=True)
    assert (np.abs(run.params - expected) / scale).max() < 1e-9


def test_the_recorded_metrics_are_those_of_the_recorded_parameters():
    run = optstudio.train(
        "spiral", "adam", hidden=(6, 6), steps=60, lr=0.02, record_every=7,
        regularization="l1", reg_rate=0.001, data_params={"noise": 0.2, "n_samples": 300},
    )  # fmt: skip
    assert list(run.steps) == [0, 7, 14, 21, 28, 35, 42, 49, 56, 60]
    assert run.params.shape == (10, run.n_params)
    data = run.data
    for row in (0, 4, 9):
        p = run.params[row]
        loss, total, grad = objective(run.network, p, data.x_train, data.y_train, "l1", 0.001)
        assert run.train_loss[row] == pytest.approx(loss, rel=1e-12)
        assert run.objective[row] == pytest.approx(total, rel=1e-12)
        assert run.objective[row] > run.train_loss[row]
        assert run.grad_norm[row] == pytest.approx(np.linalg.norm(grad), rel=1e-12)
        test_loss = objective(run.network, p, data.x_test, data.y_test)[0]
        assert run.test_loss[row] == pytest.approx(test_loss, rel=1e-12)
        assert run.test_accuracy[row] == accuracy(run.network, p, data.x_test, data.y_test)
        assert run.train_accuracy[row] == accuracy(run.network, p, data.x_train, data.y_train)
    assert run.train_accuracy[-1] > run.train_accuracy[0]


def test_chunks_resume_bit_for_bit_and_the_config_replays():
    settings = {"batch_size": 16, "schedule": "cosine", "grad_noise": 0.05, "clip_norm": 1.0}
    whole = optstudio.train("xor", "rmsprop", steps=300, lr=0.01, **settings)
    run = optstudio.create_model_run("xor", "rmsprop", steps=300, lr=0.01, **settings)
    for chunk in (1, 7, 50, 242):
        run.advance(chunk)
    assert np.array_equal(run.params, whole.params)
    assert np.array_equal(run.test_loss, whole.test_loss)
    again = optstudio.train(**json.loads(json.dumps(whole.config)))
    assert np.array_equal(again.params, whole.params)
    assert np.array_equal(again.lr, whole.lr)


def test_set_hyperparameters_mid_run_equals_its_replay_and_keeps_the_state():
    run = optstudio.create_model_run("gauss", "adam", lr=0.01, batch_size=50)
    run.advance(40)
    run.set_hyperparameters(lr=0.05, beta1=0.8)
    run.advance(60)
    assert run.config["hyper_changes"] == [{"step": 40, "lr": 0.05, "beta1": 0.8}]
    replay = optstudio.train(**run.config)
    assert np.array_equal(replay.params, run.params)
    restarted = optstudio.train("gauss", "adam", lr=0.05, beta1=0.8, batch_size=50, steps=60)
    assert not np.allclose(restarted.params[-1], run.params[-1])


def test_gradient_noise_is_seeded_and_maximize_climbs():
    a = optstudio.train("circle", "sgd", steps=50, lr=0.1, grad_noise=0.5, seed=2)
    b = optstudio.train("circle", "sgd", steps=50, lr=0.1, grad_noise=0.5, seed=2)
    c = optstudio.train("circle", "sgd", steps=50, lr=0.1, grad_noise=0.5, seed=3)
    assert np.array_equal(a.params, b.params)
    assert not np.array_equal(a.params[1:], c.params[1:])
    up = optstudio.train("circle", "sgd", steps=50, lr=0.1, maximize=True)
    assert up.train_loss[-1] > up.train_loss[0]


def test_a_diverging_run_stops_with_its_rows_kept():
    run = optstudio.train("plane", "sgd", hidden=(8,), activation="linear", steps=500, lr=50.0)
    assert run.status == "diverged"
    assert 0 < run.step < 500
    assert np.isfinite(run.params).all() and np.isfinite(run.train_loss).all()
    assert len(run) >= run.step - 1


def test_convergence_stops_at_the_tolerance():
    run = optstudio.train("gauss", "adam", hidden=(), steps=5000, lr=0.05, tol=1e-3)
    assert run.status == "converged"
    assert run.grad_norm[-1] < 1e-3 <= run.grad_norm[-2]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: optstudio.train("moons", "adam"), "unknown data set 'moons'; choose one of"),
        (lambda: optstudio.train("circle", "adamm"), "unknown optimizer 'adamm'"),
        (lambda: optstudio.train("circle", "adam", activation="gelu"), "unknown activation"),
        (lambda: optstudio.train("circle", "adam", hidden=(0,)), "1 to 64 units, got 0"),
        (lambda: optstudio.train("circle", "adam", hidden=(1000,)), "1 to 64 units, got 1000"),
        (lambda: optstudio.train("circle", "adam", batch_size=251), "batch_size must be"),
        (lambda: optstudio.train("circle", "adam", regularization="l3"), "choose l1, l2"),
        (lambda: optstudio.train("circle", "adam", reg_rate=-1), "reg_rate must be"),
        (lambda: optstudio.train("circle", "adam", lr=-1), "lr"),
        (lambda: optstudio.train("circle", "adam", data_params={"noyse": 1}), "noyse"),
        (
            lambda: optstudio.train("digits", "adam", hidden=(64, 64), steps=10**6),
            "use record_every >=",
        ),
        (lambda: optstudio.train("digits", "newton", hidden=(32,)), "at most 500 parameters"),
    ],
)
def test_bad_settings_give_one_line_messages(call, message):
    with pytest.raises(ValueError, match=message) as error:
        call()
    assert "\n" not in str(error.value)


def test_a_csv_that_is_not_a_table_is_refused(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("hello, world\nthis is, text\n")
    with pytest.raises(ValueError) as error:
        optstudio.train(f"csv:{path}", "adam")
    assert "\n" not in str(error.value)


def test_a_users_csv_trains(tmp_path):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(120, 3))
    y = (x[:, 0] + x[:, 1] > 0).astype(int)
    path = tmp_path / "table.csv"
    lines = ["a,b,c,label", *(f"{r[0]},{r[1]},{r[2]},{c}" for r, c in zip(x, y, strict=True))]
    path.write_text("\n".join(lines))
    run = optstudio.train(f"csv:{path}", "adam", hidden=(4,), steps=300, lr=0.05)
    assert run.layers[0] == (3, 4)
    assert run.test_accuracy[-1] > 0.9


def test_landscape_plane_of_runs_from_one_initialisation():
    adam = optstudio.train("circle", "adam", steps=120, lr=0.03)
    sgd = optstudio.train("circle", "sgd", steps=120, lr=0.5, momentum=0.9)
    plane = optstudio.landscape_plane([adam, sgd], resolution=31)
    assert plane.loss.shape == (31, 31) and len(plane.paths) == 2
    assert plane.paths[0].shape == (len(adam), 2)
    assert 0.5 < plane.explained <= 1.0
    # both runs start at the same weights, so their projected paths start at one point
    np.testing.assert_allclose(plane.paths[0][0], plane.paths[1][0], atol=1e-12)
    # the centre (adam's end) is the plane's origin, a node of the odd grid: the grid's value
    # there is the training loss the run recorded
    assert plane.alpha[15] == 0.0 and plane.beta[15] == 0.0
    np.testing.assert_allclose(plane.paths[0][-1], 0.0, atol=1e-12)
    assert plane.loss[15, 15] == pytest.approx(adam.train_loss[-1], rel=1e-12)
    rows = np.linalg.norm(plane.directions, axis=1)
    np.testing.assert_allclose(rows, 1.0, atol=1e-12)
    random = optstudio.landscape_plane(adam, method="random", resolution=11, seed=4)
    assert np.isnan(random.explained) and random.loss.shape == (11, 11)


def test_landscape_plane_refuses_what_does_not_share_a_space():
    circle = optstudio.train("circle", "adam", steps=5)
    wider = optstudio.train("circle", "adam", steps=5, hidden=(8, 9))
    xor = optstudio.train("xor", "adam", steps=5)
    for runs, message in [
        ([circle, wider], "same network"),
        ([circle, xor], "same network on the same data"),
        ([], "one or more model runs"),
    ]:
        with pytest.raises(ValueError, match=message):
            optstudio.landscape_plane(runs)
    with pytest.raises(ValueError, match="resolution must be"):
        optstudio.landscape_plane(circle, resolution=10_000)
    with pytest.raises(ValueError, match="unknown plane method"):
        optstudio.landscape_plane(circle, method="tsne")


def _exact_hessian(run, params, rows=40):
    """The kernel's Hessian of the mean data loss over the first `rows` training rows."""
    from optstudio.engine.models._hessian import hessian

    data = run.data
    out = np.zeros((run.n_params, run.n_params))
    sizes = np.asarray(run.network.sizes, dtype=np.int64)
    starts = np.cumsum([0, *[i * o + o for i, o in run.layers[:-1]]]).astype(np.int64)
    activation = run.network.kinds()
    task = ["binary", "multiclass", "regression"].index(run.network.task)
    x, y = data.x_train[:rows], data.y_train[:rows]
    hessian(params, x, y, np.zeros(0, np.int64), 0, len(x), sizes, activation, task, starts, out)
    return out, x, y


@pytest.mark.parametrize(
    ("dataset", "activation", "hidden"),
    [
        ("circle", "tanh", (4, 3)),
        ("gaussians", "sigmoid", (5,)),
        ("xor", "linear", (3, 3)),
        ("circle", ["tanh", "sigmoid"], (4, 3)),
        ("gaussians", ["sigmoid", "linear", "tanh"], (3, 4, 2)),
    ],
)
def test_the_exact_hessian_is_the_central_difference_of_the_gradient(dataset, activation, hidden):
    run = optstudio.train(dataset, "adam", steps=30, lr=0.05, activation=activation, hidden=hidden)
    params = run.params[-1]
    exact, x, y = _exact_hessian(run, params)
    step = 1e-5
    numeric = np.empty_like(exact)
    for k in range(run.n_params):
        up, down = params.copy(), params.copy()
        up[k] += step
        down[k] -= step
        numeric[:, k] = (
            objective(run.network, up, x, y)[2] - objective(run.network, down, x, y)[2]
        ) / (2 * step)
    np.testing.assert_allclose(exact, numeric, atol=1e-7 * np.abs(numeric).max())
    np.testing.assert_allclose(exact, exact.T, atol=1e-12 * np.abs(exact).max())


def test_the_hessian_of_softmax_cross_entropy_is_exact():
    table = optstudio.train("digits", "sgd", steps=0, hidden=(2,), activation="tanh")
    params = table.params[0]
    exact, x, y = _exact_hessian(table, params)
    k = np.arange(0, table.n_params, 37)
    for column in k:
        up, down = params.copy(), params.copy()
        up[column] += 1e-5
        down[column] -= 1e-5
        numeric = (
            objective(table.network, up, x, y)[2] - objective(table.network, down, x, y)[2]
        ) / 2e-5
        np.testing.assert_allclose(
            exact[:, column], numeric, atol=1e-7 * np.abs(numeric).max() + 1e-12
        )


def test_newton_on_a_network_takes_the_damped_newton_step():
    run = optstudio.train(
        "gauss", "newton", hidden=(3,), steps=6, lr=0.5, damping=0.1,
        regularization="l2", reg_rate=0.01,
    )  # fmt: skip
    data = run.data
    for t in range(run.step):
        p = run.params[t]
        _, _, g = objective(run.network, p, data.x_train, data.y_train, "l2", 0.01)
        exact, *_ = _exact_hessian(run, p, rows=None)
        exact += 0.01 * np.diag(run.network.weight_mask()) + 0.1 * np.eye(run.n_params)
        expected = p - 0.5 * np.linalg.solve(exact, g)
        np.testing.assert_allclose(run.params[t + 1], expected, rtol=1e-9, atol=1e-12)
    assert run.train_loss[-1] < run.train_loss[0]


def test_newton_refuses_a_network_too_large_for_its_hessian():
    with pytest.raises(ValueError, match="at most 500 parameters"):
        optstudio.train("digits", "newton", hidden=(16,))


def test_network_only_optimizers_are_one_list_and_refused_on_two_parameter_losses():
    from optstudio.engine.models.optimizers import MODEL_OPTIMIZERS
    from optstudio.engine.optimizers import NETWORK_ONLY

    assert set(MODEL_OPTIMIZERS) == set(NETWORK_ONLY)
    for name in NETWORK_ONLY:
        with pytest.raises(ValueError, match="trains networks"):
            optstudio.simulate("rosenbrock", name)
        run = optstudio.train("circle", name, steps=30)
        assert run.status == "max_steps" and np.isfinite(run.params).all()


@pytest.mark.parametrize("name", ["muon", "adafactor"])
def test_matrix_optimizers_resume_and_replay_bit_for_bit(name):
    settings = {"batch_size": 25, "schedule": "cosine", "clip_norm": 1.0, "steps": 120}
    whole = optstudio.train("spiral", name, **settings)
    run = optstudio.create_model_run("spiral", name, **settings)
    run.advance(50)
    if name == "muon":
        run.set_hyperparameters(adamw_beta1=0.8, momentum=0.9)
    else:
        run.set_hyperparameters(beta2_decay=-0.6)
    run.advance(70)
    assert np.array_equal(optstudio.train(**run.config).params, run.params)
    resumed = optstudio.create_model_run("spiral", name, **settings)
    for chunk in (1, 19, 100):
        resumed.advance(chunk)
    assert np.array_equal(resumed.params, whole.params)


def test_lbfgs_resumes_replays_and_refuses_what_does_not_apply():
    settings = {"steps": 12, "line_search_fn": "strong_wolfe", "schedule": "step:step_size=4"}
    whole = optstudio.train("spiral", "lbfgs", **settings)
    run = optstudio.create_model_run("spiral", "lbfgs", **settings)
    for chunk in (1, 3, 8):
        run.advance(chunk)
    assert np.array_equal(run.params, whole.params)
    changed = optstudio.create_model_run("spiral", "lbfgs", **settings)
    changed.advance(5)
    changed.set_hyperparameters(history_size=3, lr=0.5)
    changed.advance(7)
    assert np.array_equal(optstudio.train(**changed.config).params, changed.params)
    assert whole.train_loss[-1] < 0.5 * whole.train_loss[0]
    for bad, message in [
        ({"batch_size": 10}, "full batch"),
        ({"grad_noise": 0.1}, "full batch"),
        ({"clip_norm": 1.0}, "clip_norm does not apply"),
        ({"line_search_fn": "backtracking"}, "strong_wolfe"),
    ]:
        with pytest.raises(ValueError, match=message):
            optstudio.train("circle", "lbfgs", **bad)


def test_a_session_holds_model_runs_and_replays_them_bit_for_bit(tmp_path):
    from optstudio.io.session import Session, load_session, replay_model_runs, save_session
    from optstudio.studies.landscape import LandscapeStudy

    first = optstudio.create_model_run("spiral", "adam", hidden=(6, 6), lr=0.02, batch_size=30)
    first.advance(40)
    first.set_hyperparameters(lr=0.005)
    first.advance(25)
    second = optstudio.train("digits", "muon", hidden=(16,), activation="relu", steps=30)
    path = tmp_path / "study.optstudio"
    save_session(Session(LandscapeStudy(), model_runs=[first.config, second.config]), path)
    loaded = load_session(path)
    assert json.loads(path.read_text())["version"] == 2
    replayed = replay_model_runs(loaded)
    assert np.array_equal(replayed[0].params, first.params)
    assert np.array_equal(replayed[0].test_loss, first.test_loss)
    assert np.array_equal(replayed[1].params, second.params)


@pytest.mark.parametrize(
    ("model_runs", "message"),
    [
        ("circle", "not a list"),
        ([{"dataset": "circle"}], "needs its optimizer"),
        ([{"dataset": "moons", "optimizer": "adam"}], "unknown data set"),
        ([{"dataset": "circle", "optimizer": "adam", "hidden": [0]}], "1 to 64 units"),
        (
            [{"dataset": "digits", "optimizer": "sgd", "steps": 10**9, "record_every": 10**6}],
            "hours",
        ),
        (
            [
                {
                    "dataset": "circle",
                    "optimizer": "adam",
                    "steps": 5,
                    "hyper_changes": [{"step": 9, "lr": 1}],
                }
            ],
            "beyond steps=5",
        ),
    ],
)
def test_a_session_with_a_bad_model_run_is_refused_in_one_line(tmp_path, model_runs, message):
    from optstudio.io.session import Session, SessionError, load_session
    from optstudio.studies.landscape import LandscapeStudy

    path = tmp_path / "bad.optstudio"
    data = Session(LandscapeStudy()).to_dict()
    data["version"] = 2
    data["model_runs"] = model_runs
    path.write_text(json.dumps(data))
    with pytest.raises(SessionError, match=message) as error:
        load_session(path)
    assert "\n" not in str(error.value)


@pytest.mark.parametrize(("dataset", "hidden"), [("circle", (8, 8)), ("digits", (16,))])
@pytest.mark.parametrize("workers", [2, 3])
@pytest.mark.parametrize("batch", [False, True])
def test_a_pass_on_every_core_gives_the_bits_of_one_core(dataset, hidden, workers, batch):
    """Blocks of rows run in parallel, their gradients and losses added in block order: the
    same bits whatever the number of threads, for the whole set and for a shuffled batch."""
    from optstudio.engine.models import _network_kernels as kernels
    from optstudio.engine.models import _parallel_passes as passes

    run = optstudio.train(dataset, "adam", hidden=hidden, activation="tanh", steps=20)
    sizes = np.asarray(run.network.sizes, dtype=np.int64)
    x, y = run.data.x_train, run.data.y_train.astype(np.float64)
    xt = np.ascontiguousarray(x.T)
    task = ["binary", "multiclass", "regression"].index(run.network.task)
    rows = np.zeros(0, dtype=np.int64)
    if batch:
        rows = np.random.default_rng(0).permutation(len(x)).astype(np.int64)
    count = len(x) - 5 if batch else len(x)
    one, every = np.zeros(run.n_params), np.zeros(run.n_params)
    kinds = run.network.kinds()
    serial = kernels.loss_and_gradient(
        run.params[-1], x, xt, y, rows, 3 if batch else 0, count, sizes, kinds, task, one,
        kernels.workspace(sizes),
    )  # fmt: skip
    scratch = passes.parallel_scratch(sizes, run.n_params, count, workers)
    parallel = passes.loss_and_gradient_parallel(
        run.params[-1], x, xt, y, rows, 3 if batch else 0, count, sizes, kinds, task, every,
        workers, scratch,
    )  # fmt: skip
    assert count > kernels.BLOCK_ROWS
    assert serial == parallel
    assert np.array_equal(one, every)


@pytest.mark.parametrize(
    ("optimizer", "batch_size", "regularization"),
    [("sgd", 10, None), ("adam", 1, "l2"), ("nesterov", None, "l1"), ("momentum", None, None)],
)
def test_each_steps_loss_is_the_objective_of_the_data_its_gradient_was_taken_on(
    optimizer, batch_size, regularization
):
    """A mini-batch run recorded a row every 17 to 600 steps: its noise was hidden. Each
    step's own loss is kept: the mini-batch's objective at the point the gradient was taken."""
    from optstudio.engine._random import kernel_seed, shuffle_epoch
    from optstudio.engine.models.datasets import split  # noqa: F401 (the data's own split)

    run = optstudio.train(
        "circle", optimizer, steps=60, lr=0.03, batch_size=batch_size,
        regularization=regularization, reg_rate=0.01 if regularization else 0.0,
    )  # fmt: skip
    x, y = run.data.x_train, run.data.y_train
    n = len(x)
    assert run.step_loss.shape == (60,)
    per_epoch = -(-n // batch_size) if batch_size else 1
    order = np.empty(n, dtype=np.int64)
    for step in range(60):
        params = run.params[step]
        if optimizer == "nesterov":  # the gradient is taken at the lookahead point
            continue
        if batch_size is None:
            rows = np.arange(n)
        else:
            shuffle_epoch(order, kernel_seed(run.seed), step // per_epoch)
            first = (step % per_epoch) * batch_size
            rows = order[first : first + batch_size]
        _, expected, _ = objective(
            run.network, params, x[rows], y[rows], regularization, run.reg_rate
        )
        assert run.step_loss[step] == pytest.approx(expected, rel=1e-12), step
    if batch_size is None and optimizer != "nesterov":
        np.testing.assert_array_equal(run.step_loss, run.objective[:60])


def test_step_losses_resume_across_chunks_bit_for_bit():
    whole = optstudio.train("xor", "adam", steps=200, lr=0.01, batch_size=4)
    from optstudio.training import create_model_run

    config = dict(whole.config)
    config.pop("steps")
    cut = create_model_run(**config, steps=200)
    for n in (1, 7, 92, 100):
        cut.advance(n)
    np.testing.assert_array_equal(cut.step_loss, whole.step_loss)
