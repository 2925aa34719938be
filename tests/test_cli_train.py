"""`optstudio train`: the metrics of optstudio.train, written whole; bad input in one line."""

import csv
import io
import json

import numpy as np
import pytest

import optstudio
from optstudio.cli import main
from optstudio.cli.run import DATASET_DESCRIPTIONS
from optstudio.io.datasets import DATASETS


def run_cli(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_train_writes_the_runs_metrics_as_csv(capsys):
    status, out, _ = run_cli(
        capsys, "train", "spiral", "adam", "--hidden", "6,4", "--activation", "relu",
        "--steps", "40", "--batch-size", "25", "--set", "lr=0.02", "--noise", "0.1",
        "--regularization", "l2", "--reg-rate", "0.001",
    )  # fmt: skip
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    run = optstudio.train(
        "spiral", "adam", hidden=(6, 4), activation="relu", steps=40, batch_size=25, lr=0.02,
        data_params={"noise": 0.1}, regularization="l2", reg_rate=0.001,
    )  # fmt: skip
    assert [int(r["step"]) for r in rows] == list(run.steps)
    assert [float(r["test_loss"]) for r in rows] == run.test_loss.tolist()
    assert [float(r["train_accuracy"]) for r in rows] == run.train_accuracy.tolist()
    # the Playground's epoch: steps x batch / training rows (250 of spiral's 500 points)
    assert [float(r["epoch"]) for r in rows] == [int(r["step"]) * 25 / 250 for r in rows]


def test_an_activation_per_layer_on_the_command_line_trains_as_train_does(capsys):
    status, out, _ = run_cli(
        capsys, "train", "circle", "sgd", "--hidden", "4,3", "--activation", "relu,tanh",
        "--steps", "5",
    )  # fmt: skip
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    run = optstudio.train("circle", "sgd", hidden=(4, 3), activation=["relu", "tanh"], steps=5)
    assert [float(r["train_loss"]) for r in rows] == run.train_loss.tolist()


def test_npz_and_json_carry_the_parameters_and_the_config(capsys, tmp_path):
    for name in ("run.npz", "run.json"):
        path = tmp_path / name
        args = ("train", "xor", "rmsprop", "--steps", "30", "--hidden", "5", "--out", str(path))
        status, _, err = run_cli(capsys, *args)
        assert status == 0 and "test accuracy" in err
        if name.endswith(".npz"):
            with np.load(path, allow_pickle=False) as data:
                meta = json.loads(str(data["meta"]))
                params = data["params"]
        else:
            document = json.loads(path.read_text())
            meta, params = document, np.array(document["params"])
        again = optstudio.train(**meta["config"])
        assert np.array_equal(params, again.params)
        assert meta["layers"] == [[2, 5], [5, 1]]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("train", "moons", "adam"), "unknown data set 'moons'"),
        (("train", "circle", "adam", "--hidden", "0"), "1 to 64 units, got 0"),
        (("train", "circle", "adam", "--hidden", "8,x"), "hidden layers are unit counts"),
        (("train", "circle", "adam", "--activation", "gelu"), "unknown activation 'gelu'"),
        (("train", "circle", "adam", "--batch-size", "251"), "batch_size must be"),
        (("train", "circle", "adam", "--set", "momentum=0.9"), "not a hyperparameter of adam"),
        (("train", "digits", "adam", "--noise", "0.1"), "belong to the Playground"),
        (("train", "digits", "sgd", "--steps", "100000000", "--record-every", "100000"), "hours"),
        (("train", "circle", "adam", "--out", "x.xlsx"), "cannot tell the format"),
    ],
)
def test_bad_input_exits_2_with_one_line(capsys, tmp_path, argv, message):
    status, _, err = run_cli(capsys, *argv)
    assert status == 2
    assert message in err and err.count("\n") == 1


def test_list_names_the_data_sets_and_models(capsys):
    assert set(DATASET_DESCRIPTIONS) == set(DATASETS)
    status, out, _ = run_cli(capsys, "list", "--json")
    data = json.loads(out)
    assert set(data["datasets"]) == {*DATASETS, "csv:PATH"}
    assert data["models"]["activations"] == ["relu", "tanh", "sigmoid", "linear"]
    assert status == 0
    status, out, _ = run_cli(capsys, "list")
    assert status == 0
    assert "DATA SETS" in out and "digits:" in out and "MODELS" in out


def test_a_mini_batch_runs_csv_has_a_row_for_every_step_with_its_loss(capsys, tmp_path):
    """Seen: 13 rows for 2,000 steps of batch 1 in an export of the lab."""
    from optstudio.io.model_export import write_model_run

    run = optstudio.train("circle", "sgd", steps=50, lr=0.03, batch_size=1, record_every=10)
    path = write_model_run(run, tmp_path / "run.csv")
    rows = list(csv.DictReader(path.open()))
    assert [int(r["step"]) for r in rows] == list(range(51))
    assert [float(r["step_loss"]) for r in rows[:50]] == run.step_loss.tolist()
    recorded = [int(r["step"]) for r in rows if r["train_loss"]]
    assert recorded == run.steps.tolist()
    assert all(r["train_loss"] == "" for r in rows if int(r["step"]) % 10)


def test_a_boundary_typed_on_the_command_line_trains_as_train_does(capsys):
    status, out, _ = run_cli(
        capsys, "train", "boundary", "adam", "--boundary", "x^2 + y^2 < 9", "--steps", "20"
    )
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    run = optstudio.train("boundary", "adam", steps=20, data_params={"boundary": "x^2 + y^2 < 9"})
    assert [float(r["test_loss"]) for r in rows] == run.test_loss.tolist()
