"""The lab's view titles name the step shown: whole at any width and type size, and steady in
size while a race counts up, so that they do not lay out the window ten times a second."""

from __future__ import annotations

from optstudio.qt.lab.titled_view import TitledView

from .layout_requests import LayoutCounter, in_a_split_window


def shows_whole(title) -> bool:
    """Every line of the text inside the label at its width."""
    needed = title.heightForWidth(title.width())
    holder = title.parentWidget()
    return title.width() == holder.width() and holder.height() == title.height() >= needed


def test_a_title_counting_up_keeps_its_size_and_follows_its_view(qtbot):
    view = TitledView()
    window, splitter = in_a_split_window(qtbot, view, 700, 400)
    title = view.title
    title.setText("adam at step 1,000: 180 of 200 test rows right")
    qtbot.wait(50)
    size = title.size()
    assert shows_whole(title)
    counter = LayoutCounter(window, splitter, view)
    for step in range(1_001, 1_031):
        title.setText(f"adam at step {step:,}: 181 of 200 test rows right")
        qtbot.wait(1)
        assert title.size() == size
    # before: 90 (three a change); a few come from elsewhere (the window settling)
    assert counter.requests < 5, "the window was laid out again as the step counted up"
    window.resize(150, 400)  # narrower: the title wraps onto more lines, whole
    qtbot.waitUntil(lambda: title.width() == view.width() < 200)
    assert title.height() > size.height() and shows_whole(title)
    font = title.font()
    font.setPointSize(font.pointSize() * 2)  # the presentation view's type
    title.setFont(font)
    qtbot.wait(20)
    assert shows_whole(title)
