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


def test_a_run_whose_start_is_not_finite_exports_as_valid_json_with_null(tmp_path):
    import json

    import optstudio
    from optstudio.io.export import write_run

    run = optstudio.simulate("expr:log(x) + y", "adam", steps=5, start=(-1.0, 1.0))
    path = write_run(run, tmp_path / "run.json")
    data = json.loads(path.read_text())
    assert data["status"] == "diverged"
    assert data["columns"]["x"] == [-1.0] and data["columns"]["loss"] == [None]


def test_csv_and_json_stream_in_chunks_and_read_back_exactly(tmp_path, monkeypatch):
    import csv
    import json

    import numpy as np

    import optstudio
    from optstudio.io import export

    monkeypatch.setattr(export, "CHUNK_ROWS", 7)  # several chunks for a short run
    run = optstudio.simulate("rosenbrock", "adam", steps=50, lr=0.01)
    csv_path = export.write_run(run, tmp_path / "run.csv")
    rows = list(csv.DictReader(csv_path.open()))
    assert [float(r["x"]) for r in rows] == run.path[:, 0].tolist()
    assert [int(r["step"]) for r in rows] == run.steps.tolist()
    data = json.loads(export.write_run(run, tmp_path / "run.json").read_text())
    np.testing.assert_array_equal(data["columns"]["loss"], run.loss_values)
    assert data["columns"]["step"] == run.steps.tolist()
    assert optstudio.simulate(**data["config"]).path.tolist() == run.path.tolist()
