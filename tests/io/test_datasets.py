"""Data sets by name: the digits that ship with optstudio and a user's CSV file."""

import hashlib

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from optstudio.io.datasets import DIGITS_SHA256, load_dataset, read_csv_table

from ..cost_bound import hang_guard


def test_the_digits_are_the_uci_set_scaled_to_one():
    from optstudio.io.datasets import _digits_file

    assert hashlib.sha256(_digits_file().read_bytes()).hexdigest() == DIGITS_SHA256
    data = load_dataset("digits", test_fraction=0.5, seed=0)
    assert data.task == "multiclass" and data.n_outputs == 10
    assert len(data.x_train) + len(data.x_test) == 1797 and data.x_train.shape[1] == 64
    assert data.x_train.min() == 0.0 and data.x_train.max() == 1.0
    counts = np.bincount(np.concatenate([data.y_train, data.y_test]).astype(int))
    assert counts.tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]


def test_a_csv_with_a_header_is_read_with_its_names(tmp_path):
    path = tmp_path / "points.csv"
    rows = ["a,b,label"] + [f"{i},{i * 0.5},{i % 2}" for i in range(20)]
    path.write_text("\n".join(rows) + "\n")
    data = load_dataset(f"csv:{path}", seed=2)
    assert data.features == ("a", "b") and data.task == "binary"
    assert len(data.x_train) == 10 and data.name == "csv:points.csv"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "it is empty"),
        ("a,b\n1,2\n", "it has 2 column(s)"),
        ("a,b,c\n1,2,3\n4,,5\n", "row 3 has no value in 'b'"),
        ("a,b,c\n1,2,3\n4,x,5\n", "row 3, 'b' is not a number: 'x'"),
        ("1,2,3\n4,5\n", "row 2 has 2 fields, not 3"),
        ("1,2,1\n" * 20, "every row has the label 1"),
        ("1,2,1\n3,4,0\n", "the table has 2 rows; at least 10"),
    ],
)
def test_a_bad_csv_is_refused_in_one_line_that_says_where(tmp_path, text, message):
    path = tmp_path / "bad.csv"
    path.write_text(text)
    with pytest.raises(ValueError) as error:
        load_dataset(f"csv:{path}")
    assert message in str(error.value) and "\n" not in str(error.value)


def test_a_missing_or_binary_file_is_refused(tmp_path):
    with pytest.raises(ValueError, match=r"cannot read 'nothing\.csv'"):
        load_dataset(f"csv:{tmp_path / 'nothing.csv'}")
    (tmp_path / "image.csv").write_bytes(b"\x89PNG\xff\xfe\x00")
    with pytest.raises(ValueError, match=r"not a text file|not a number|column"):
        load_dataset(f"csv:{tmp_path / 'image.csv'}")


def test_playground_settings_do_not_apply_to_tables():
    with pytest.raises(ValueError, match="belong to the Playground's data sets"):
        load_dataset("digits", noise=0.2)
    with pytest.raises(ValueError, match="unknown data set 'mnist'"):
        load_dataset("mnist")


CELLS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-5, 5).map(str),
    st.text(max_size=6),
    st.sampled_from(["", " ", '"', "1e999", "nan", "-0", "0x10"]),
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.lists(CELLS, min_size=1, max_size=5), max_size=30))
def test_any_csv_loads_or_is_refused_in_one_line(tmp_path, rows):
    path = tmp_path / "fuzz.csv"
    path.write_text("\n".join(",".join(row) for row in rows), encoding="utf-8")
    with hang_guard(10, "reading one CSV file"):
        try:
            x, _, names = read_csv_table(path)
            data = load_dataset(f"csv:{path}")
        except ValueError as error:
            assert "\n" not in str(error)
            return
    assert np.isfinite(x).all() and len(names) == x.shape[1] == data.x_train.shape[1]


def test_a_fifo_or_a_device_is_refused_at_once(tmp_path):
    """A FIFO as csv:PATH hung the reader; /dev/zero read forever."""
    import os

    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    for path in (fifo, "/dev/zero", "/dev/urandom"):
        with hang_guard(5), pytest.raises(ValueError, match="not a regular file"):
            load_dataset(f"csv:{path}")


def test_a_csv_saved_by_excel_with_a_byte_order_mark_keeps_its_first_row_and_names(tmp_path):
    rows = ["a,b,label"] + [f"{i},{i * 0.5},{i % 2}" for i in range(20)]
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeff".encode() + "\r\n".join(rows).encode() + b"\r\n")
    x, _, names = read_csv_table(path)
    assert names == ("a", "b") and len(x) == 20
    headless = tmp_path / "headless.csv"
    headless.write_bytes("\ufeff".encode() + "\n".join(rows[1:]).encode())
    x, _y, names = read_csv_table(headless)
    assert len(x) == 20 and x[0].tolist() == [0.0, 0.0] and names == ("x1", "x2")


def test_a_table_too_wide_for_a_network_is_refused_in_one_line(tmp_path):
    """10⁵ feature columns (3 MB) asked for 80 GB of scratch."""
    path = tmp_path / "wide.csv"
    row = ",".join(["1"] * 100_001)
    path.write_text("\n".join([row] * 12))
    with hang_guard(20), pytest.raises(ValueError, match="100,000 feature columns; at most"):
        load_dataset(f"csv:{path}")


def test_the_fast_reader_and_the_checked_reader_agree_and_a_file_is_read_once(tmp_path):
    from optstudio.io import datasets

    path = tmp_path / "table.csv"
    rng = np.random.default_rng(0)
    values = rng.normal(size=(500, 4))
    path.write_text("\n".join(",".join(repr(float(v)) for v in row) for row in values) + "\n")
    text = path.read_text()
    fast, _header = datasets._fast_table(text)
    checked, _ = datasets._checked_table(text, "t")
    np.testing.assert_array_equal(fast, checked)
    np.testing.assert_array_equal(fast, values)
    datasets._read_table.cache_clear()
    for _ in range(5):
        read_csv_table(path)
    assert datasets._read_table.cache_info().misses == 1
    path.write_text("\n".join(",".join(repr(float(v)) for v in row) for row in values[:100]) + "\n")
    assert len(read_csv_table(path)[0]) == 100  # a changed file is read again


@pytest.mark.parametrize("seed", [2**70, "x", None, -1, 2**64, 1.5])
def test_a_data_seed_that_is_not_a_64_bit_whole_number_is_refused(seed):
    import optstudio

    with pytest.raises(ValueError, match="the data seed must be a whole number"):
        optstudio.train("circle", "sgd", steps=1, data_params={"seed": seed})
    with pytest.raises(ValueError, match="the data seed must be a whole number"):
        load_dataset("circle", seed=seed)


def test_data_params_that_are_not_a_table_and_steps_by_one_rule():
    import optstudio

    with pytest.raises(ValueError, match="data_params must be a table"):
        optstudio.train("circle", "sgd", steps=1, data_params=[1, 2])
    assert optstudio.train("circle", "sgd", steps=0).step == 0
    assert optstudio.simulate("rosenbrock", "adam", steps=0).step == 0
    for call in (
        lambda: optstudio.train("circle", "sgd", steps=2_000_000_001),
        lambda: optstudio.simulate("rosenbrock", "adam", steps=2_000_000_001),
    ):
        with pytest.raises(ValueError, match=r"steps must be a whole number in \[0, 2,000"):
            call()
