"""Run files: exact round trips, data only, atomic writes."""

import numpy as np
import pytest

import optstudio
from optstudio.io import export


def test_npz_round_trip_is_bit_exact_and_pickle_free(tmp_path):
    run = optstudio.simulate("logreg", "adam", steps=120, batch_size=8, lr=0.05)
    path = export.write_run(run, tmp_path / "run.npz")
    with np.load(path, allow_pickle=False) as data:
        assert all(data[name].dtype != object for name in data.files)
    meta, columns = export.read_npz_run(path)
    np.testing.assert_array_equal(columns["x"], run.path[:, 0])
    np.testing.assert_array_equal(columns["grad_norm"], run.grad_norm)
    assert meta["config"] == run.config


def test_csv_floats_read_back_exactly(tmp_path):
    run = optstudio.simulate("ackley", "nadam", steps=60)
    path = export.write_run(run, tmp_path / "run.csv")
    table = np.loadtxt(path, delimiter=",", skiprows=1)
    np.testing.assert_array_equal(
        table[:, 1:], np.column_stack([run.path, run.loss_values, run.grad_norm, run.lr])
    )


def test_a_failed_write_leaves_the_old_file_intact(tmp_path, monkeypatch):
    target = tmp_path / "run.json"
    target.write_text("old contents")
    run = optstudio.simulate("booth", "gd", steps=5)

    def explode(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("optstudio.io.atomic.os.replace", explode)
    with pytest.raises(OSError, match="disk full"):
        export.write_run(run, target)
    assert target.read_text() == "old contents"
    assert [p.name for p in tmp_path.iterdir()] == ["run.json"]
