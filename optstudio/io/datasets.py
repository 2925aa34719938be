"""Data sets by name: the Playground's, the digits shipped with the app, or a user's CSV file.

`load_dataset("circle", noise=0.1)`, `load_dataset("digits")`, `load_dataset("csv:my.csv")`.
Files are read here; the engine (`optstudio.engine.models.datasets`) makes and splits the
data. A CSV file is a table of numbers with the label in its last column and an optional
header row; anything else is refused in one line that says where.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import math
from importlib import resources
from pathlib import Path

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

DIGITS_SHA256 = "09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22"
"""The checksum of resources/data/digits.csv.gz (scikit-learn 1.9.1's copy)."""
DIGITS_PIXEL_MAX = 16.0
MAX_CSV_BYTES = 200 * 2**20
"""Larger files are refused before reading: a data set for a small network, not a database."""
DATASETS = (*PLAYGROUND, "digits")
"""The names `load_dataset` knows, besides `csv:PATH`."""
_CHECKOUT = Path(__file__).resolve().parents[2] / "resources" / "data"


def load_dataset(
    name: str,
    *,
    n_samples: int = DEFAULT_SAMPLES,
    noise: float = 0.0,
    test_fraction: float = DEFAULT_TEST_FRACTION,
    seed: int = 0,
    features: tuple[str, ...] | list[str] = DEFAULT_FEATURES,
) -> Dataset:
    """The data set `name` (see DATASETS, or `csv:PATH`), split by `seed`."""
    if name in PLAYGROUND:
        return playground(
            name,
            n_samples=n_samples,
            noise=noise,
            test_fraction=test_fraction,
            seed=seed,
            features=features,
        )
    if name != "digits" and not name.startswith("csv:"):
        raise ValueError(
            f"unknown data set '{name}'; choose one of: {', '.join(DATASETS)}, csv:PATH"
        )
    if (n_samples, noise, tuple(features)) != (DEFAULT_SAMPLES, 0.0, DEFAULT_FEATURES):
        raise ValueError(
            "n_samples, noise and features belong to the Playground's data sets "
            f"({', '.join(PLAYGROUND)}), not to '{name}'"
        )
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


def digits_table() -> tuple[np.ndarray, np.ndarray]:
    """The 1,797 digits: pixels scaled to [0, 1] (64 columns) and the digit (0 to 9)."""
    raw = _digits_file().read_bytes()
    if hashlib.sha256(raw).hexdigest() != DIGITS_SHA256:
        raise ValueError("the digits file that came with optstudio is damaged; reinstall it")
    table = np.loadtxt(gzip.decompress(raw).decode("ascii").splitlines(), delimiter=",")
    return table[:, :-1] / DIGITS_PIXEL_MAX, table[:, -1]


def _digits_file() -> Path:
    if (_CHECKOUT / "digits.csv.gz").is_file():
        return _CHECKOUT / "digits.csv.gz"
    return Path(str(resources.files("optstudio") / "resources" / "data" / "digits.csv.gz"))


def read_csv_table(path: Path) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    """Features (every column but the last), labels (the last) and the feature names."""
    where = f"cannot read '{path.name}'"
    try:
        size = path.stat().st_size
        if size > MAX_CSV_BYTES:
            raise ValueError(
                f"{where}: it is {size / 2**20:.0f} MB (at most {MAX_CSV_BYTES // 2**20})"
            )
        with path.open(newline="", encoding="utf-8") as handle:
            rows = [row for row in csv.reader(handle) if any(cell.strip() for cell in row)]
    except OSError as error:
        raise ValueError(f"{where}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise ValueError(f"{where}: it is not a text file") from None
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
    values = np.empty((len(rows), width))
    for number, row in enumerate(rows, start=2 if header else 1):
        if len(row) != width:
            raise ValueError(f"{where}: row {number} has {len(row)} fields, not {width}")
        for column, cell in enumerate(row):
            text = cell.strip()
            name = header[column] if header else f"column {column + 1}"
            if not text:
                raise ValueError(f"{where}: row {number} has no value in {name!r}")
            if not _is_number(text):
                raise ValueError(f"{where}: row {number}, {name!r} is not a number: {text[:20]!r}")
            values[number - (2 if header else 1), column] = float(text)
    names = tuple(header[:-1]) if header else tuple(f"x{i + 1}" for i in range(width - 1))
    return values[:, :-1], values[:, -1], names


def _is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False
