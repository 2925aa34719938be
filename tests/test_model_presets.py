"""Every model scenario of the gallery does what its explanation tells the audience."""

import numpy as np
import pytest

import optstudio
from optstudio.studies.gallery import MODEL_PRESETS, load_preset
from optstudio.studies.model import create_lab_run

from .profile import THOROUGH


def finished(name: str, **changes) -> dict:
    """The scenario's runs trained to its end, as the lab trains them, by run name; `changes`
    are the Model panel's edits its explanation asks the audience to make."""
    study = load_preset(name).state
    for setting, value in changes.items():
        setattr(study, setting, value)
    runs = {}
    for entry in study.runs:
        config = create_lab_run(study, entry).config
        config["steps"] = study.max_steps
        runs[entry.name] = optstudio.train(**config)
    return runs


def test_there_are_ten_model_scenarios_and_each_is_a_model_study():
    assert len(MODEL_PRESETS) >= 10
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
    assert calm.test_accuracy[-1] >= 0.98  # 245 of 250 test points or more
    assert wild.train_loss.max() > 10 * wild.train_loss[0]
    assert wild.test_accuracy[-1] < 0.65


def test_every_model_scenario_plays_at_a_pace_an_audience_can_follow():
    """A 3,000-step race at full speed was over in one to three seconds."""
    from optstudio.studies.gallery import PLAY_SECONDS

    for preset in MODEL_PRESETS:
        study = load_preset(preset.name).state
        assert study.speed is not None
        assert 0.5 * PLAY_SECONDS <= study.max_steps / study.speed <= 2 * PLAY_SECONDS


def _first_layer_lines(maps) -> tuple[np.ndarray, np.ndarray]:
    """Each first-layer unit's line w·x + b = 0: its distance from the centre, and its normal
    turned away from the centre."""
    weights, biases = maps.weights[0], maps.biases[0]
    norms = np.linalg.norm(weights, axis=1)
    outward = -np.sign(biases)[:, None] * weights / norms[:, None]
    return np.abs(biases) / norms, outward


def test_three_hidden_units_draw_three_lines_round_the_disc_and_two_cannot():
    from optstudio.engine.models.unit_maps import unit_maps

    runs = finished("model-hidden-units")
    for run in runs.values():
        assert run.test_accuracy[-1] > 0.95
        maps = unit_maps(run.network, run.data, run.params[-1])
        distances, outward = _first_layer_lines(maps)
        assert np.all((distances > 1.2) & (distances < 2.6))  # about two units from the centre
        # the lines enclose the centre: their outward normals leave no half-plane empty
        angles = np.sort(np.arctan2(outward[:, 1], outward[:, 0]))
        gaps = np.diff(np.concatenate([angles, angles[:1] + 2 * np.pi]))
        assert gaps.max() < np.pi
        # each unit's map in the Network tab is of both signs, split along its line
        for level in maps.hidden[0]:
            assert level.min() < 0 < level.max()
    for run in finished("model-hidden-units", hidden=(2,)).values():
        assert 0.78 < run.test_accuracy[-1] < 0.88


def test_squared_features_let_no_hidden_layer_separate_the_circle():
    runs = finished("model-features-trick")
    for run in runs.values():
        assert run.network.sizes == (2, 1)  # no hidden layer: inputs straight to the output
        assert run.test_accuracy[run.steps <= 200][-1] > 0.97
        assert run.test_accuracy[-1] > 0.97
    plain = {"noise": 0.1, "features": ["x1", "x2"]}
    for run in finished("model-features-trick", data_params=plain).values():
        assert run.test_accuracy[-1] < 0.7


def test_the_drawn_points_are_learned_by_heart_and_without_the_wrong_clicks_the_rule():
    from optstudio.studies.gallery import DRAWN_STROKES

    runs = finished("model-drawn-overfitting")
    assert len(load_preset("model-drawn-overfitting").state.data_params["points"]) == 54
    for run in runs.values():
        assert run.train_accuracy[-1] == 1.0 and run.train_loss[-1] < 0.01
        best = int(np.argmin(run.test_loss))
        assert run.steps[best] <= 40
        assert run.test_loss[-1] > 2
        assert run.test_accuracy.max() >= 0.85 and run.test_accuracy[-1] < 0.6
    adam = runs["Adam"]
    assert adam.test_loss[-1] > 4
    erased = {"points": [list(p) for p in DRAWN_STROKES]}
    for run in finished("model-drawn-overfitting", data_params=erased).values():
        assert run.test_accuracy[-1] == 1.0


def test_relu_then_tanh_classifies_the_spiral_and_one_activation_falls_short():
    mixed = finished("model-relu-then-tanh")["Adam"]
    assert mixed.network.activation == ("relu", "tanh")
    assert mixed.test_accuracy[-1] == 1.0
    tanh = finished("model-relu-then-tanh", activation="tanh")["Adam"]
    assert 0.86 < tanh.test_accuracy[-1] < 0.93
    relu = finished("model-relu-then-tanh", activation="relu")["Adam"]
    assert 0.95 < relu.test_accuracy[-1] < 0.985
    assert relu.test_loss[-1] > 5 * mixed.test_loss[-1]


def test_tuned_every_optimizer_reaches_97_to_99_percent_and_their_defaults_lie_far_apart():
    from optstudio.studies.gallery import PRESETS
    from optstudio.tuning.saved import study_from_dict
    from optstudio.tuning.study import TuningResult

    name = "model-digits-tuned-fairly"
    session = load_preset(name)
    plan, trials = study_from_dict(session.tuning)
    preset = next(p for p in PRESETS if p.name == name)
    defined = preset.tuning.plan(session.state)
    assert (plan.base, plan.trials, plan.seeds, plan.metric, plan.sampler) == (
        defined.base, defined.trials, defined.seeds, defined.metric, defined.sampler
    )  # fmt: skip
    assert {n: [d.text() for d in s] for n, s in plan.spaces.items()} == {
        n: [d.text() for d in s] for n, s in defined.spaces.items()
    }
    result = TuningResult(plan, trials)
    for optimizer in ("sgd", "momentum", "adam"):
        assert len(result.of(optimizer)) == 15
        assert all(len(t.seeds) == 3 for t in result.of(optimizer))
    defaults = {n: result.defaults(n).value for n in plan.spaces}
    assert defaults["sgd"] < 0.15  # chance is 10 %
    assert 0.55 < defaults["momentum"] < 0.67 and 0.93 < defaults["adam"] < 0.97
    best = {n: result.best(n) for n in plan.spaces}
    assert all(0.97 <= b.value <= 0.99 for b in best.values())
    # the race: each optimizer's best setting, and SGD at its defaults, as the study trained
    # them (seed 0, the study's own)
    runs = finished(name)
    for optimizer, trial in best.items():
        entry = next(
            r for r in session.state.runs if r.optimizer == optimizer and "tuned" in r.name
        )
        assert entry.hyper == trial.values and entry.batch_size == 64
        accuracy = runs[entry.name].test_accuracy[-1]
        assert accuracy == trial.seeds[0]["final_test_accuracy"]
    sgd_defaults = runs["SGD, default lr"].test_accuracy[-1]
    assert sgd_defaults == result.defaults("sgd").seeds[0]["final_test_accuracy"]


@pytest.mark.skipif(not THOROUGH, reason="runs the study again: OPTSTUDIO_TESTS=thorough")
def test_the_tuned_scenario_is_its_study_run_again_to_the_bit(tmp_path):
    from optstudio.io.session import load_session
    from optstudio.studies.gallery import build_presets

    for path in build_presets(tmp_path):
        if load_preset(path.stem).tuning is not None:
            again = load_session(path)
            assert again.tuning == load_preset(path.stem).tuning
            assert again.state.to_dict() == load_preset(path.stem).state.to_dict()
