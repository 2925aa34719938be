"""Every model scenario of the gallery does what its explanation tells the audience."""

import numpy as np

import optstudio
from optstudio.studies.gallery import MODEL_PRESETS, load_preset
from optstudio.studies.model import create_lab_run


def finished(name: str) -> dict:
    """The scenario's runs trained to its end, as the lab trains them, by run name."""
    study = load_preset(name).state
    runs = {}
    for entry in study.runs:
        config = create_lab_run(study, entry).config
        config["steps"] = study.max_steps
        runs[entry.name] = optstudio.train(**config)
    return runs


def test_there_are_six_model_scenarios_and_each_is_a_model_study():
    assert len(MODEL_PRESETS) >= 6
    for preset in MODEL_PRESETS:
        assert load_preset(preset.name).is_model


def test_plain_adam_overfits_the_noisy_circle_and_l2_holds_its_test_loss():
    runs = finished("model-overfitting-l2")
    plain, decayed = runs["Adam"], runs["Adam, weight decay 0.01"]
    assert plain.train_loss[-1] < 1e-3
    best = int(np.argmin(plain.test_loss))
    assert plain.steps[best] <= 100  # its test loss turns up after a few dozen steps
    assert plain.test_loss[-1] > 3 * plain.test_loss[best]
    assert decayed.test_loss[-1] < 1.1 * decayed.test_loss.min()
    assert decayed.test_loss[-1] < plain.test_loss[-1] / 3


def test_adam_winds_round_the_spiral_and_sgd_does_not():
    runs = finished("model-spiral-depth")
    assert runs["Adam"].test_accuracy[-1] > 0.96
    assert 0.7 < runs["SGD"].test_accuracy[-1] < 0.8


def test_adam_solves_xor_within_a_thousand_steps_and_sgd_is_near_91_percent():
    runs = finished("model-xor-sgd-vs-adam")
    assert runs["Adam"].test_accuracy[-1] == 1.0
    assert 0.88 < runs["SGD"].test_accuracy[-1] < 0.94


def test_batch_sizes_on_digits_reach_about_the_same_accuracy_step_for_step():
    runs = finished("model-digits-batch-size")
    accuracies = [runs[name].test_accuracy[-1] for name in ("full batch", "batch 64", "batch 8")]
    assert all(0.94 <= a <= 0.965 for a in accuracies)
    rows = len(runs["full batch"].data.x_train)
    assert rows == 1437 and round(rows / runs["batch 8"].batch_size) == 180


def test_muon_fits_the_digits_by_step_170_and_adamw_is_still_on_its_way():
    runs = finished("model-muon-vs-adamw")
    muon, adamw = runs["Muon"], runs["AdamW"]
    assert muon.train_loss[muon.steps <= 170][-1] < 0.1
    assert adamw.train_loss[adamw.steps <= 170][-1] > 0.1
    assert abs(muon.test_accuracy[-1] - 0.98) < 0.01
    assert abs(adamw.test_accuracy[-1] - 0.98) < 0.01


def test_a_learning_rate_of_30_overshoots_and_3_settles():
    runs = finished("model-learning-rate-too-large")
    calm, wild = runs["lr 3"], runs["lr 30"]
    assert calm.test_accuracy[-1] > 0.98
    assert wild.train_loss.max() > 10 * wild.train_loss[0]
    assert wild.test_accuracy[-1] < 0.65


def test_every_model_scenario_plays_at_a_pace_an_audience_can_follow():
    """A 3,000-step race at full speed was over in one to three seconds."""
    from optstudio.studies.gallery import PLAY_SECONDS

    for preset in MODEL_PRESETS:
        study = load_preset(preset.name).state
        assert study.speed is not None
        assert 0.5 * PLAY_SECONDS <= study.max_steps / study.speed <= 2 * PLAY_SECONDS
