"""The timeline's step label as a race counts up: whole, and steady in size, so that a frame
does not lay out the whole window again."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow

from optstudio.qt.lecture.timeline import Timeline

from .layout_requests import LayoutCounter


def fits(timeline: Timeline) -> bool:
    label = timeline.label
    return label.fontMetrics().horizontalAdvance(label.text()) <= label.width()


def test_a_race_counting_up_does_not_lay_the_window_out_every_frame(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    timeline = Timeline(window)
    window.addToolBar(timeline)
    window.resize(900, 300)
    window.show()
    timeline.set_extent(1_000_000)
    qtbot.waitExposed(window)
    qtbot.wait(50)
    size = timeline.label.size()
    counter = LayoutCounter(window, timeline, timeline.label.parentWidget())
    for frame in range(60):  # a second of a race whose steps keep seven digits
        timeline.set_extent(1_000_000 + 137_003 * frame)
        qtbot.wait(1)
        assert timeline.label.text() == f"live · step {1_000_000 + 137_003 * frame:,}"
        assert timeline.label.size() == size and fits(timeline)
    # before: 177 (three a frame); a few come from elsewhere (the window settling)
    assert counter.requests < 10, "the window was laid out again as the steps counted up"
    timeline.scrub_to(123)
    assert timeline.label.text() == f"step 123 of {timeline.extent:,}" and fits(timeline)
    timeline.follow_live()
    timeline.set_extent(987_654_321)  # more digits: the label grows once, and fits
    qtbot.wait(20)
    assert timeline.label.width() > size.width() and fits(timeline)
    timeline.scrub_to(987_654_320)
    assert fits(timeline)
