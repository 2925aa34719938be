"""A data set drawn by hand (Playground issues 20, 54, 111, 174): the points are the user's,
split and featured as the Playground's sets are, trained as any set is, and anything that is
not a list of [x1, x2, class] rows on the square is refused in one line, in bounded time."""

import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import optstudio
from optstudio.engine.models.datasets import playground, stable_split
from optstudio.engine.models.drawn_points import (
    DEFAULT_DRAWN,
    MAX_DRAWN_POINTS,
    as_rows,
    checked_points,
)

ROWS = [[-3.0, 2.0, 1], [-2.0, 3.0, 1], [3.0, -2.0, 0], [2.0, -3.0, 0], [0.5, 0.5, 1], [1, -1, 0]]


def test_the_points_are_the_users_and_keep_their_side_as_points_are_added():
    data = playground("drawn", points=ROWS, test_fraction=0.5, seed=4)
    train, test = stable_split(len(ROWS), 0.5, 4)
    rows = np.array(ROWS, dtype=float)
    np.testing.assert_array_equal(data.points_train, rows[train, :2])
    np.testing.assert_array_equal(data.points_test, rows[test, :2])
    np.testing.assert_array_equal(data.y_train, rows[train, 2])
    assert data.task == "binary" and data.n_classes == 2
    # the features are of the points, as for any Playground set
    squares = playground("drawn", points=ROWS, features=["x1^2", "x2^2"], seed=4)
    np.testing.assert_array_equal(squares.x_train, rows[train, :2] ** 2)


def test_a_point_added_leaves_the_others_where_they_were():
    """A shuffle of every row moved old points between train and test with each click."""
    before = playground("drawn", points=ROWS, seed=2)
    after = playground("drawn", points=[*ROWS, [5.0, 5.0, 0]], seed=2)
    old_train = {tuple(p) for p in before.points_train}
    new_train = {tuple(p) for p in after.points_train}
    assert old_train <= new_train and len(new_train - old_train) <= 1
    big = stable_split(1000, 0.3, 0)
    assert 250 < len(big[1]) < 350  # about the share asked for
    assert len(stable_split(4, 0.9, 0)[0]) >= 1 and len(stable_split(4, 0.1, 0)[1]) >= 1


def test_a_drawn_set_trains_as_any_set_and_its_run_says_where_its_data_came_from():
    run = optstudio.train("drawn", "adam", data_params={"points": list(DEFAULT_DRAWN)}, steps=200)
    assert run.config["data_params"]["points"] == list(DEFAULT_DRAWN)
    assert run.train_accuracy[-1] == 1.0  # two corners apart: a line separates them
    again = optstudio.train(**run.config)
    np.testing.assert_array_equal(again.params, run.params)


@pytest.mark.parametrize(
    ("points", "message"),
    [
        (None, "needs its points"),
        ("1,2,0", "a list of"),
        ([[0, 0, 1]] * 3, "draw at least 4"),
        ([[0, 0, 1]] * 5, "both"),
        ([[0, 0, 1], [1, 1, 0], [2, 2], [3, 3, 1]], "point 3 is not a row"),
        ([[0, 0, 1], [1, 1, 0], [7, 2, 1], [3, 3, 1]], "point 3 lies outside"),
        ([[0, 0, 1], [1, 1, 0], [np.nan, 2, 1], [3, 3, 1]], "not a finite point"),
        ([[0, 0, 1], [1, 1, 0], [1, 2, 2], [3, 3, 1]], "class 2"),
        ([[0, 0, 1], [1, 1, 0], [1, "2", 1], [3, 3, 1]], "'2' where a number"),
        ([[0, 0, 1], [1, 1, 0], [1, 2, True], [3, 3, 1]], "True where a number"),
        ([[0, 0, 1]] * (MAX_DRAWN_POINTS + 1), "at most 2,000"),
    ],
)
def test_what_is_not_a_drawn_set_is_refused_in_one_line(points, message):
    with pytest.raises(ValueError, match=message) as refused:
        playground("drawn", points=points)
    assert "\n" not in str(refused.value)


def test_points_belong_to_the_drawn_set_only():
    with pytest.raises(ValueError, match="belong to the 'drawn' data set"):
        playground("circle", points=ROWS)


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.none(),
        st.text(max_size=20),
        st.lists(
            st.one_of(
                st.lists(st.one_of(st.floats(), st.integers(), st.text(max_size=3)), max_size=4),
                st.integers(),
                st.none(),
            ),
            max_size=30,
        ),
    )
)
def test_any_input_is_a_set_or_one_line_quickly(points):
    started = time.perf_counter()
    try:
        rows = checked_points(points)
    except ValueError as error:
        assert "\n" not in str(error)
    else:
        assert rows.shape[1] == 3 and set(np.unique(rows[:, 2])) == {0.0, 1.0}
        assert np.abs(rows[:, :2]).max() <= 6.0
    assert time.perf_counter() - started < 2


def test_a_huge_list_is_refused_before_it_is_read():
    huge = [[0, 0, 1]] * 10**6
    started = time.perf_counter()
    with pytest.raises(ValueError, match="at most"):
        checked_points(huge)
    assert time.perf_counter() - started < 2  # a bound on the cost, not a speed figure


def test_a_playground_sets_points_become_rows_on_the_square():
    circle = playground("circle", noise=0.5, n_samples=200)
    rows = as_rows(circle.points_train, circle.y_train)
    checked = checked_points(rows)
    assert len(checked) == len(circle.points_train)
    assert np.abs(checked[:, :2]).max() <= 6.0
