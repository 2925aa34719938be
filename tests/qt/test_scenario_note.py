"""A scenario's explanation is read whole, under the views, for as long as its study is open.

Seen at 1280×800 and 1920×1080: the explanation was a status-bar message cut at the window's
edge ("…escaping direction and ge") and gone after 30 seconds."""

from PySide6.QtCore import Qt

from optstudio.qt.lecture.scenario_note import ScenarioNote
from optstudio.studies.gallery import PRESETS, presets_folder
from optstudio.studies.landscape import LandscapeStudy

from .test_landscape_window import press


def _note(window) -> ScenarioNote:
    note = window.findChild(ScenarioNote)
    assert note is not None
    return note


def test_a_scenarios_explanation_is_shown_whole_and_stays(qtbot, make_window):
    saddle = next(p for p in PRESETS if p.name == "saddle-escape")
    window = make_window(LandscapeStudy(loss="booth"), settings_name="note.ini")
    window.resize(1280, 740)
    assert window.findChild(ScenarioNote) is None or not _note(window).isVisible()
    window.files.open_scenario(presets_folder() / "saddle-escape.optstudio")
    note = _note(window)
    assert note.isVisible()
    assert saddle.title in note.text() and saddle.explanation in note.text()
    # wrapped in the window's width, every line in sight
    label = note.label
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()))
    assert label.width() <= window.width()
    assert label.height() > 1.5 * label.fontMetrics().height()  # two lines
    qtbot.wait(200)
    assert note.isVisible()  # not a message that times out
    before = note.height()
    # on the projector, in type a room can read
    press(qtbot, window, Qt.Key.Key_F11)
    assert note.isVisible() and label.font().pointSize() >= 12
    press(qtbot, window, Qt.Key.Key_Escape)
    # and as tall as before afterwards (it kept the projector's three lines of height)
    qtbot.waitUntil(lambda: abs(note.height() - before) <= 2)
    # closed by the lecturer; back with the next scenario; gone with a study of no scenario
    note.close_button.click()
    assert not note.isVisible()
    window.files.open_scenario(presets_folder() / "himmelblau-basins.optstudio")
    assert note.isVisible() and "Four minima: which one?" in note.text()
    assert "?." not in note.text()
    window.files.may_discard = lambda: True
    window.files.new()
    assert not note.isVisible()


def test_a_model_scenario_opened_from_a_landscape_shows_its_explanation_in_the_lab(qtbot, lab):
    from optstudio.qt.landscape.landscape_window import LandscapeWindow

    spiral = next(p for p in PRESETS if p.name == "model-spiral-depth")
    window = lab(LandscapeStudy(loss="booth"), kind=LandscapeWindow)
    window.files.open_scenario(presets_folder() / "model-spiral-depth.optstudio")
    note = _note(window.successor)
    assert note.isVisible() and spiral.explanation in note.text()
