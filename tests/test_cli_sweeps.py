"""optstudio sweep and optstudio basins: their files, their progress and their bad input."""

import csv
import json

import numpy as np
import pytest

from optstudio.cli import main
from optstudio.engine.runner import simulate


def test_sweep_csv_has_a_row_per_combination_equal_to_single_runs(tmp_path, capsys):
    out = tmp_path / "sweep.csv"
    code = main(
        [
            "sweep",
            "rosenbrock",
            "adam",
            "--grid",
            "lr=1e-3:0.1:4:log",
            "--grid",
            "beta1=0.8:0.95:3",
            "--steps",
            "200",
            "--set",
            "beta2=0.99",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    error = capsys.readouterr().err
    assert "12/12 runs" in error and "best: lr=" in error and str(out) in error
    rows = list(csv.DictReader(out.open()))
    assert len(rows) == 12
    assert list(rows[0]) == ["lr", "beta1", "final_loss", "steps", "status"]
    for row in (rows[0], rows[7], rows[11]):
        single = simulate(
            "rosenbrock",
            "adam",
            steps=200,
            beta2=0.99,
            lr=float(row["lr"]),
            beta1=float(row["beta1"]),
        )
        assert float(row["final_loss"]) == single.loss_values[-1]
        assert int(row["steps"]) == single.step and row["status"] == single.status


def test_sweep_npz_holds_the_grid(tmp_path):
    out = tmp_path / "sweep.npz"
    assert (
        main(
            [
                "sweep",
                "quadratic",
                "gd",
                "--grid",
                "lr=0.05:0.3:6",
                "--steps",
                "300",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    with np.load(out, allow_pickle=False) as data:
        assert data["final_loss"].shape == (6,)
        assert list(data["status"][-2:]) == ["diverged", "diverged"]  # lr 0.25, 0.3 > 2/10
        assert np.allclose(data["axis_lr"], np.linspace(0.05, 0.3, 6))
        assert json.loads(str(data["config"]))["optimizer"] == "gd"


def test_basins_npz_and_png(tmp_path, capsys):
    npz, png = tmp_path / "b.npz", tmp_path / "b.png"
    args = [
        "basins",
        "himmelblau",
        "gd",
        "--set",
        "lr=0.01",
        "--steps",
        "1500",
        "--tol",
        "1e-8",
        "--resolution",
        "16",
    ]
    assert main([*args, "--out", str(npz)]) == 0
    assert "256 starts" in capsys.readouterr().err
    with np.load(npz, allow_pickle=False) as data:
        assert data["labels"].shape == (16, 16)
        assert set(np.unique(data["labels"])) == {0, 1, 2, 3}
        assert data["minima"].shape == (4, 2)
    assert main([*args, "--out", str(png)]) == 0
    import imageio.v3 as iio

    picture = iio.imread(png)
    # the map, 512 pixels square, then its legend: a row per basin and a note
    assert picture.shape[1:] == (512, 3)
    assert picture.shape[0] == 512 + 22 * (4 + 1) + 8
    legend = picture[512:]
    from optstudio.io.basin_colours import BASIN_COLOURS

    for colour in BASIN_COLOURS[:4].astype(np.uint8):
        assert (legend == colour).all(axis=2).sum() > 100  # each basin's swatch
    assert len(np.unique(picture.reshape(-1, 3), axis=0)) >= 4


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["sweep", "rosenbrock", "adam", "--grid", "lr=1:2", "--out", "x.csv"], "NAME=LOW:HIGH"),
        (
            ["sweep", "rosenbrock", "adam", "--grid", "momentum=0:1:3", "--out", "x.csv"],
            "no hyperparameter 'momentum'",
        ),
        (["sweep", "rosenbrock", "adam", "--grid", "lr=0:1:3:log", "--out", "x.csv"], "positive"),
        (
            ["sweep", "rosenbrock", "adam", "--grid", "lr=1e-3:1:3", "--out", "x.txt"],
            ".csv or .npz",
        ),
        (
            [
                "sweep",
                "rosenbrock",
                "adam",
                "--grid",
                "lr=1e-3:1:3",
                "--grid",
                "eps=1e-8:1e-6:2",
                "--grid",
                "beta1=0.5:0.9:2",
                "--out",
                "x.csv",
            ],
            "once or twice",
        ),
        (["sweep", "rosenbrock", "adam", "--out", "x.csv"], "--grid"),
        (
            ["sweep", "rosenbrock", "adam", "--grid", "lr=1e-3:1:3", "--out", "/no/such/x.csv"],
            "no folder",
        ),
        (["sweep", "rosenbrok", "adam", "--grid", "lr=1e-3:1:3", "--out", "x.csv"], "rosenbrock"),
        (["basins", "himmelblau", "gd", "--resolution", "1000", "--out", "x.png"], "2 to 512"),
        (["basins", "himmelblau", "gd", "--out", "x.csv"], ".npz or .png"),
        (["basins", "himmelblau", "gd", "--set", "lr=-1", "--out", "x.npz"], "lr must be"),
    ],
)
def test_bad_input_is_one_line_and_status_2(args, message, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(args) == 2
    error = capsys.readouterr().err
    assert error.startswith("optstudio: error:") and message in error
    assert error.count("\n") == 1 and "Traceback" not in error
    assert not list(tmp_path.iterdir()), "nothing written"
