"""The standings table as drawn: cells changed together (`changed_at_once`) still reach the
screen, and the numbers' columns still grow to fit them."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from optstudio.qt.shared.results_table import Standings


def snapshots(step: int, runs: int = 3) -> dict:
    return {
        run_id: SimpleNamespace(
            step=step,
            loss=1.0 / (step + run_id + 1),
            grad_norm=0.5,
            lr=1e-3,
            status="running",
            steps_to_converge=None,
            error=None,
        )
        for run_id in range(runs)
    }


def cell_image(table, row: int, column: int) -> np.ndarray:
    rect = table.visualRect(table.model().index(row, column))
    image = table.viewport().grab(rect).toImage()
    width, height = image.width(), image.height()
    return np.array([[image.pixel(x, y) for x in range(width)] for y in range(height)])


def test_a_step_that_grows_shows_whole_and_drawn(qtbot):
    standings = Standings()
    qtbot.addWidget(standings)
    standings.resize(700, 240)
    standings.show()
    names = {k: f"run {k}" for k in range(3)}
    colours = {k: "#ff8800" for k in range(3)}
    standings.update_rows(snapshots(7), names, colours)
    qtbot.wait(50)
    table = standings.table
    row = table.run_ids().index(0)
    before = cell_image(table, row, 1)
    narrow = table.horizontalHeader().sectionSize(1)
    standings.update_rows(snapshots(123_456_789), names, colours)
    qtbot.wait(50)
    assert table.item(row, 1).text() == "123,456,789"
    width = table.fontMetrics().horizontalAdvance("123,456,789")
    assert table.horizontalHeader().sectionSize(1) >= width > narrow, "the column fits the step"
    after = cell_image(table, row, 1)
    assert before.shape != after.shape or (before != after).any(), "the new step was drawn"


def model_snapshots(step: int) -> dict:
    return {
        run_id: SimpleNamespace(
            step=step,
            train_loss=0.5,
            test_loss=0.6,
            test_accuracy=0.9,
            status="running",
            error=None,
            epoch_of=lambda s: s / 10,
        )
        for run_id in range(2)
    }


def test_the_labs_table_draws_a_step_that_grows(qtbot):
    """The lab's table is not sorted: only the word that its cells changed reaches the view."""
    from optstudio.qt.lab.model_table import ModelTable

    table = ModelTable()
    qtbot.addWidget(table)
    table.resize(800, 200)
    table.show()
    names, colours = {0: "sgd", 1: "adam"}, {0: "#ff8800", 1: "#0088ff"}
    table.update_rows(model_snapshots(7), names, colours, classes=True)
    qtbot.wait(50)
    before = cell_image(table, 0, 1)
    narrow = table.horizontalHeader().sectionSize(1)
    table.update_rows(model_snapshots(123_456_789), names, colours, classes=True)
    qtbot.wait(50)
    assert table.item(0, 1).text() == "123,456,789"
    width = table.fontMetrics().horizontalAdvance("123,456,789")
    assert table.horizontalHeader().sectionSize(1) >= width > narrow, "the column fits the step"
    after = cell_image(table, 0, 1)
    assert before.shape != after.shape or (before != after).any(), "the new step was drawn"


def test_a_caption_counting_up_lays_out_nothing_and_wraps_when_narrow(qtbot):
    """'Standings at step N' changes ten times a second in a race; as a label in the
    standings' layout it laid out the landscape's right-hand pane at each change (93 times
    in ten seconds of `benchmarks/window_speed.py`)."""
    from .layout_requests import LayoutCounter, in_a_split_window

    standings = Standings()
    window, splitter = in_a_split_window(qtbot, standings, 700, 300)
    names = {k: f"run {k}" for k in range(3)}
    colours = {k: "#ff8800" for k in range(3)}
    standings.update_rows(snapshots(1_000), names, colours)
    qtbot.wait(50)
    caption = standings.caption
    size = caption.size()
    counter = LayoutCounter(window, splitter, standings)
    for step in range(1_001, 1_031):
        standings.update_rows(snapshots(step), names, colours)
        qtbot.wait(1)
        assert caption.text() == f"Standings at step {step:,}" and caption.size() == size
    assert counter.requests < 5, "the window was laid out again as the step counted up"
    window.resize(160, 300)  # narrow: the caption wraps onto more lines, whole
    qtbot.waitUntil(lambda: caption.width() < 200)
    holder = caption.parentWidget()
    assert caption.height() > size.height()
    assert holder.height() == caption.height() >= caption.heightForWidth(caption.width())
