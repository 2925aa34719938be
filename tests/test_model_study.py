"""The model lab's state: data, network and runs as plain data, stored and checked."""

from __future__ import annotations

import json

import numpy as np
import pytest

import optstudio
from optstudio.studies.landscape import LandscapeStudy
from optstudio.studies.model import ModelStudy, create_lab_run, default_model_study, record_every


def test_a_study_survives_json_and_names_its_runs_as_a_landscape_does():
    study = ModelStudy(
        dataset="spiral",
        data_params={"noise": 0.2, "features": ["x1", "x2", "sin(x1)"], "seed": 3},
        hidden=(8, 8, 4),
        activation="relu",
        regularization="l2",
        reg_rate=1e-3,
        seed=7,
        max_steps=500,
    )
    adam = study.add_run("adam", hyper={"lr": 0.01})
    second = study.add_run("adam")
    study.add_run("muon", batch_size=32, schedule="cosine")
    assert (adam.name, second.name) == ("Adam", "Adam 2")
    assert adam.colour != second.colour
    again = ModelStudy.from_dict(json.loads(json.dumps(study.to_dict())))
    assert again.to_dict() == study.to_dict()
    assert again.features == ("x1", "x2", "sin(x1)")
    assert again.add_run("sgd").run_id == 4


def test_every_run_of_a_study_trains_the_same_network_from_the_same_weights():
    study = default_model_study()
    sgd, adam = study.runs
    runs = [create_lab_run(study, entry) for entry in (sgd, adam)]
    assert np.array_equal(runs[0].params[0], runs[1].params[0])
    runs[1].advance(40)
    every = runs[1].record_every  # mini-batches of ten: a row costs more than a step
    expected = optstudio.train(**{**study.run_config(adam, record_every=every), "steps": 40})
    assert np.array_equal(runs[1].params, expected.params)
    assert runs[1].config == {**expected.config, "steps": runs[1].config["steps"]}


def test_a_study_with_an_activation_per_layer_survives_json_and_trains_as_train_does():
    study = ModelStudy(dataset="circle", hidden=(5, 4), activation=("relu", "tanh"))
    study.add_run("adam", hyper={"lr": 0.02})
    again = ModelStudy.from_dict(json.loads(json.dumps(study.to_dict())))
    assert again.activation == ("relu", "tanh") and again.to_dict() == study.to_dict()
    run = create_lab_run(again, again.runs[0])
    run.advance(30)
    expected = optstudio.train(
        "circle", "adam", hidden=[5, 4], activation=["relu", "tanh"], steps=30, lr=0.02
    )
    assert np.array_equal(run.params, expected.params)
    assert run.network.activation_text == "relu-tanh"
    # a list of one name repeated is that name, so a file says it one way
    same = {**study.to_dict(), "activation": ["tanh", "tanh"]}
    assert ModelStudy.from_dict(same).activation == "tanh"


def test_network_only_optimizers_join_a_model_study_but_not_a_landscape():
    ModelStudy().add_run("adafactor")
    with pytest.raises(ValueError, match="trains networks"):
        LandscapeStudy().add_run("adafactor")


def test_a_row_is_recorded_as_often_as_it_costs_no_more_than_the_steps_between():
    study = ModelStudy(dataset="circle", max_steps=1000)
    full = create_lab_run(study, study.add_run("adam"))
    assert full.record_every == 1  # full batch: only the test set's pass is extra
    tens = create_lab_run(study, study.add_run("sgd", batch_size=10))
    # 250 training + 250 test rows a row, against 3 x 10 rows' work a step
    assert tens.record_every == record_every(tens, 1000) == 17
    long = ModelStudy(dataset="digits", hidden=(64,), max_steps=1_000_000)
    run = create_lab_run(long, long.add_run("adam", batch_size=64))
    assert run.record_every * run.n_params * 1_000 >= 1 << 24  # memory bounds it


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"dataset": "moons"}, "unknown data set 'moons'"),
        ({"hidden": [8, 0]}, "units"),
        ({"hidden": "8,8"}, "hidden must be a list"),
        ({"activation": "swish"}, "activation"),
        ({"data_params": {"noise": 2}}, "noise"),
        ({"data_params": {"colour": 1}}, "unknown data parameter 'colour'"),
        ({"runs": [{"run_id": 1, "name": "x", "optimizer": "adamm", "colour": "#fff"}]}, "adamm"),
        (
            {
                "runs": [
                    {
                        "run_id": 1,
                        "name": "x",
                        "optimizer": "sgd",
                        "colour": "#fff",
                        "batch_size": 10_000,
                    }
                ]
            },
            "batch_size",
        ),
        ({"runs": "adam"}, "runs are not a list"),
        ({"activation": ["relu"]}, "one name per hidden layer"),
        ({"activation": ["relu", "swish"]}, "unknown activation 'swish'"),
        ({"activation": 3}, "a name or a list of names"),
        ({"max_steps": -1}, "steps"),
    ],
)
def test_a_bad_study_is_refused_in_one_line(change, message):
    data = {**default_model_study().to_dict(), **change}
    with pytest.raises(ValueError, match=message) as error:
        ModelStudy.from_dict(data)
    assert "\n" not in str(error.value)


def test_a_new_model_study_plays_at_a_pace_the_eye_can_follow():
    """At full speed its 2,000 steps were over in a second or two."""
    study = default_model_study()
    assert 5 <= study.max_steps / study.speed <= 20
    assert ModelStudy.from_dict(study.to_dict()).speed == study.speed


def test_a_new_study_and_a_run_added_take_the_playgrounds_mini_batches_of_ten():
    from optstudio.studies.model import PLAYGROUND_BATCH, new_run_batch

    assert PLAYGROUND_BATCH == 10
    assert [r.batch_size for r in default_model_study().runs] == [10, 10]
    assert new_run_batch("adam", 250) == 10
    assert new_run_batch("lbfgs", 250) is None  # L-BFGS takes the whole data set
    assert new_run_batch("sgd", 10) is None  # no larger than the training set: full batch
