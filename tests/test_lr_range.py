"""The learning-rate range test (Smith 2017; fastai's lr_find): its losses are the engine's
steps under an exponentially growing lr, smoothed and cut as fastai does, and its suggestion is
where the smoothed loss falls fastest, each checked against a numpy computation of its own."""

import numpy as np
import pytest

import optstudio
from optstudio.cli import main
from optstudio.tuning.lr_range import range_test

DIGITS = {"hidden": (32,), "activation": "relu", "batch_size": 64}


def _smoothed(losses: np.ndarray, beta: float) -> np.ndarray:
    """fastai's debiased moving average, as a sum: (1-β) Σ β^(i-j) loss_j / (1 - β^(i+1))."""
    i = np.arange(len(losses))
    weights = np.where(i[None, :] <= i[:, None], beta ** (i[:, None] - i[None, :]), 0.0)
    return (1 - beta) * weights @ losses / (1 - beta ** (i + 1))


def test_the_losses_are_the_engines_steps_under_a_growing_lr():
    test = range_test("digits", "adam", start=1e-6, end=1.0, steps=120, **DIGITS)
    gamma = (1.0 / 1e-6) ** (1 / 119)
    run = optstudio.train(
        "digits", "adam", lr=1e-6, steps=120, schedule=f"exponential:gamma={gamma!r}", **DIGITS
    )
    n = len(test.lrs)
    np.testing.assert_array_equal(test.losses, run.step_loss[:n])
    np.testing.assert_allclose(test.lrs, 1e-6 * gamma ** np.arange(n), rtol=1e-12)
    assert test.lrs[0] == 1e-6
    replayed = optstudio.train(**test.config)
    np.testing.assert_array_equal(replayed.step_loss[:n], test.losses)


@pytest.mark.parametrize(("dataset", "optimizer", "settings"), [
    ("digits", "adam", DIGITS),
    ("circle", "sgd", {"batch_size": 10}),
    ("spiral", "rmsprop", {"hidden": (8, 8)}),
])  # fmt: skip
def test_smoothing_cut_and_suggestions_are_fastais(dataset, optimizer, settings):
    test = range_test(dataset, optimizer, **settings)
    np.testing.assert_allclose(test.smoothed, _smoothed(test.losses, 0.98), rtol=1e-10)
    lowest = np.minimum.accumulate(test.smoothed)
    assert np.all(test.smoothed[:-1] <= 4 * lowest[:-1])  # it stopped at the first passing
    if test.stopped == "diverged":
        assert test.smoothed[-1] > 4 * lowest[-1] or not np.isfinite(test.losses).all()
    # the steepest fall of the smoothed loss against log(lr), by finite differences
    slopes = np.diff(test.smoothed) / np.diff(np.log(test.lrs))
    assert test.steepest == test.lrs[np.argmin(slopes)]
    assert slopes.min() < 0  # the loss does fall there
    assert test.minimum_tenth == pytest.approx(test.lrs[np.argmin(test.smoothed)] / 10)


def test_an_lr_that_grows_too_far_ends_the_test_as_diverged():
    test = range_test("circle", "sgd", start=1e-3, end=1e4, steps=200)
    assert test.stopped == "diverged"
    assert test.lrs[-1] < 1e4


def test_the_suggested_rate_trains_better_than_a_timid_one_and_does_not_diverge():
    """What a user does with the suggestion: train at it."""
    test = range_test("circle", "sgd", batch_size=10)
    fast = optstudio.train("circle", "sgd", lr=test.steepest, batch_size=10, steps=300)
    timid = optstudio.train("circle", "sgd", lr=test.steepest / 1000, batch_size=10, steps=300)
    assert fast.status != "diverged"
    assert fast.train_loss[-1] < timid.train_loss[-1]


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"lr": 0.1}, "sets lr itself"),
        ({"schedule": "cosine"}, "sets schedule itself"),
        ({"start": 1.0, "end": 0.1}, "must be above its start"),
        ({"start": 0.0}, r"in \(0, 1e6\]"),
        ({"steps": 3}, "steps must be"),
        ({"beta": 1.0}, "beta must be"),
    ],
)
def test_what_the_test_cannot_do_is_refused_in_one_line(settings, message):
    with pytest.raises(ValueError, match=message) as refused:
        range_test("circle", "adam", **settings)
    assert "\n" not in str(refused.value)


def test_optstudio_lr_find_prints_the_suggestions_and_writes_the_table(capsys, tmp_path):
    out = tmp_path / "lr.csv"
    status = main(["lr-find", "circle", "adam", "--batch-size", "10", "--out", str(out)])
    assert status == 0
    said = capsys.readouterr().err
    test = range_test("circle", "adam", batch_size=10)
    assert f"steepest fall at lr {test.steepest:.3g}" in said
    rows = out.read_text().splitlines()
    assert rows[0] == "step,lr,loss,smoothed_loss" and len(rows) == len(test.lrs) + 1
    assert main(["lr-find", "circle", "adam", "--set", "lr=1"]) == 2
    assert "sets lr itself" in capsys.readouterr().err
