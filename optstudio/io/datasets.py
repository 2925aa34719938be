"""Data sets by name: the Playground's, the digits shipped with the app, or a user's CSV file.

`load_dataset("circle", noise=0.1)`, `load_dataset("digits")`, `load_dataset("csv:my.csv")`.
Files are read here; the engine (`optstudio.engine.models.datasets`) makes and splits the
data. A CSV file is a table of numbers with the label in its last column and an optional
header row; anything else is refused in one line that says where.
"""

from __future__ import annotations

import csv
import functools
import gzip
import hashlib
import math
import stat
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from ..engine.models.datasets import (
    DEFAULT_FEATURES,
    DEFAULT_SAMPLES,
    DEFAULT_TEST_FRACTION,
    PLAYGROUND,
    Dataset,
    from_table,
    playground,
)
from ..resource_files import resource_folder
from .atomic import atomic_write

DIGITS_SHA256 = "09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22"
"""The checksum of resources/data/digits.csv.gz (scikit-learn 1.9.1's copy)."""
DIGITS_PIXEL_MAX = 16.0
MAX_CSV_BYTES = 200 * 2**20
"""Larger files are refused before reading: a data set for a small network, not a database."""
DATASETS = (*PLAYGROUND, "digits")
"""The names `load_dataset` knows, besides `csv:PATH`."""
PLAYGROUND_ONLY = {
    "n_samples": DEFAULT_SAMPLES,
    "noise": 0.0,
    "features": DEFAULT_FEATURES,
    "boundary": None,
    "points": None,
}
"""The Playground's own parameters, with the values that leave them unset."""


def load_dataset(name: str, **params: Any) -> Dataset:
    """The data set `name` (see DATASETS, or `csv:PATH`). A Playground set takes playground()'s
    parameters (n_samples, noise, test_fraction, seed, features); the digits and a CSV file
    are split by test_fraction and seed, and refuse the Playground's own."""
    if name in PLAYGROUND:
        return playground(name, **params)
    if name != "digits" and not name.startswith("csv:"):
        raise ValueError(
            f"unknown data set {name!r}; choose one of: {', '.join(DATASETS)}, csv:PATH"
        )
    split = {"test_fraction": DEFAULT_TEST_FRACTION, "seed": 0}
    for key, value in params.items():
        if key in split:
            split[key] = value
        elif key not in PLAYGROUND_ONLY:
            raise ValueError(f"'{key}' is not a parameter of a data set")
        elif (tuple(value) if key == "features" else value) != PLAYGROUND_ONLY[key]:
            raise ValueError(
                "n_samples, noise and features belong to the Playground's data sets "
                f"({', '.join(PLAYGROUND)}), not to '{name}'"
            )
    test_fraction, seed = split["test_fraction"], split["seed"]
    if name == "digits":
        x, y = digits_table()
        pixels = tuple(f"pixel{row}{column}" for row in range(8) for column in range(8))
        return from_table(
            "digits", x, y, test_fraction=test_fraction, seed=seed, feature_names=pixels
        )
    path = Path(name[4:])  # csv:PATH
    x, y, names = read_csv_table(path)
    return from_table(
        f"csv:{path.name}", x, y, test_fraction=test_fraction, seed=seed, feature_names=names
    )


def write_table_csv(data: Dataset, path: str | Path) -> int:
    """The data set as a CSV table that `csv:PATH` reads back: the points on the plane and
    their class (or target) for a set on the plane (a drawn set, the Playground's), else its
    features; training rows then test rows. Written atomically; the number of rows."""
    if data.points_train is not None and data.points_test is not None:
        x = np.concatenate([data.points_train, data.points_test])
        names = list(data.features) if data.inputs_are_points else ["x1", "x2"]
    else:
        x = np.concatenate([data.x_train, data.x_test])
        names = list(data.features)
    y = np.concatenate([data.y_train, data.y_test])
    labels = [f"{v:.0f}" if data.task != "regression" else repr(float(v)) for v in y]

    def write(out) -> None:
        table = csv.writer(out, lineterminator="\n")
        table.writerow([*names, "label"])
        for row, label in zip(x, labels, strict=True):
            table.writerow([*(repr(float(v)) for v in row), label])

    atomic_write(Path(path), write, binary=False)
    return len(y)


def digits_table() -> tuple[np.ndarray, np.ndarray]:
    """The 1,797 digits: pixels scaled to [0, 1] (64 columns) and the digit (0 to 9)."""
    raw = _digits_file().read_bytes()
    if hashlib.sha256(raw).hexdigest() != DIGITS_SHA256:
        raise ValueError("the digits file that came with optstudio is damaged; reinstall it")
    table = np.loadtxt(gzip.decompress(raw).decode("ascii").splitlines(), delimiter=",")
    return table[:, :-1] / DIGITS_PIXEL_MAX, table[:, -1]


def _digits_file() -> Path:
    return resource_folder("data") / "digits.csv.gz"


MAX_FEATURES = 1000
"""The most feature columns a table may have: a network's scratch grows with the square of its
widest layer, inputs included (a 3 MB file of 10⁵ columns asked for 80 GB)."""


def read_csv_table(path: Path) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    """Features (every column but the last), labels (the last) and the feature names.

    Read once per version of a file (its path, size and modification time), as the window
    and the engine ask for the same file many times while a study changes; a regular file
    only (a FIFO or a device would hang or never end), at most MAX_CSV_BYTES of it, in UTF-8
    with or without Excel's byte-order mark."""
    where = f"cannot read '{path.name}'"
    try:
        found = path.stat()
        if not stat.S_ISREG(found.st_mode):
            raise ValueError(f"{where}: it is not a regular file")
        if found.st_size > MAX_CSV_BYTES:
            raise ValueError(
                f"{where}: it is {found.st_size / 2**20:.0f} MB (at most {MAX_CSV_BYTES // 2**20})"
            )
        key = (str(path.resolve()), found.st_size, found.st_mtime_ns)
    except OSError as error:
        raise ValueError(f"{where}: {error.strerror or error}") from None
    x, y, names = _read_table(key, where)
    return x.copy(), y.copy(), names


@functools.lru_cache(maxsize=4)
def _read_table(
    key: tuple[str, int, int], where: str
) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    path = Path(key[0])
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_CSV_BYTES + 1)
    except OSError as error:
        raise ValueError(f"{where}: {error.strerror or error}") from None
    if len(raw) > MAX_CSV_BYTES:
        raise ValueError(f"{where}: it is larger than {MAX_CSV_BYTES // 2**20} MB")
    try:
        text = raw.decode("utf-8-sig")  # Excel's "CSV UTF-8" starts with a byte-order mark
    except UnicodeDecodeError:
        raise ValueError(f"{where}: it is not a text file") from None
    if "\x00" in text:
        raise ValueError(f"{where}: it is not a text file")
    values, header = _fast_table(text)
    if values is None:
        values, header = _checked_table(text, where)
    width = values.shape[1]
    if width - 1 > MAX_FEATURES:
        raise ValueError(
            f"{where}: it has {width - 1:,} feature columns; at most {MAX_FEATURES:,} are read"
        )
    names = tuple(header[:-1]) if header else tuple(f"x{i + 1}" for i in range(width - 1))
    x, y = values[:, :-1], values[:, -1]
    x.flags.writeable = y.flags.writeable = False
    return x, y, names


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip(" \t,"):
            return line
    return ""


def _fast_table(text: str) -> tuple[np.ndarray | None, list[str] | None]:
    """The common case in numpy's C parser (50 MB in seconds, where a cell at a time in
    Python took half a minute); None where the table is anything but plain, so that
    `_checked_table` says what is wrong and where."""
    first = _first_line(text)
    if not first:
        return None, None
    cells = next(csv.reader([first]))
    header = None if all(_is_number(cell) for cell in cells) else [c.strip() for c in cells]
    if len(cells) - 1 > MAX_FEATURES or len(cells) < 3:
        return None, None
    lines = text.splitlines()
    if header is not None:
        lines = lines[lines.index(first) + 1 :]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "input contained no data": said below
            values = np.loadtxt(
                lines, delimiter=",", ndmin=2, dtype=np.float64, quotechar='"', comments=None
            )
    except (ValueError, IndexError):
        return None, None
    if values.shape[1] != len(cells) or not np.isfinite(values).all() or len(values) == 0:
        return None, None
    return values, header


def _checked_table(text: str, where: str) -> tuple[np.ndarray, list[str] | None]:
    """A cell at a time: the row and column of the first thing that is not a number."""
    try:
        rows = [row for row in csv.reader(text.splitlines()) if any(c.strip() for c in row)]
    except csv.Error as error:
        raise ValueError(f"{where}: it is not a CSV table ({error})") from None
    if not rows:
        raise ValueError(f"{where}: it is empty")
    header: list[str] | None = None
    if not all(_is_number(cell) for cell in rows[0]):
        header, rows = [cell.strip() for cell in rows[0]], rows[1:]
    width = len(header) if header else len(rows[0]) if rows else 0
    if width < 3:
        raise ValueError(
            f"{where}: it has {width} column(s); it needs two or more features and a label"
        )
    if width - 1 > MAX_FEATURES:
        raise ValueError(
            f"{where}: it has {width - 1:,} feature columns; at most {MAX_FEATURES:,} are read"
        )
    values = np.empty((len(rows), width))
    for number, row in enumerate(rows, start=2 if header else 1):
        if len(row) != width:
            raise ValueError(f"{where}: row {number} has {len(row)} fields, not {width}")
        for column, cell in enumerate(row):
            text_value = cell.strip()
            name = header[column] if header else f"column {column + 1}"
            if not text_value:
                raise ValueError(f"{where}: row {number} has no value in {name!r}")
            if not _is_number(text_value):
                raise ValueError(
                    f"{where}: row {number}, {name!r} is not a number: {text_value[:20]!r}"
                )
            values[number - (2 if header else 1), column] = float(text_value)
    return values, header


def _is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False
