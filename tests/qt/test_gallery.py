"""The scenario gallery: on start unless turned off, from the menu, two clicks to a demo."""

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QImage

from optstudio.qt.lecture.gallery import show_on_start
from optstudio.qt.lecture.thumbnails import THUMBNAIL_SIZE
from optstudio.studies.gallery import PRESETS, presets_folder

from .test_landscape_window import WAIT_MS, step_of


def test_every_scenario_has_a_thumbnail():
    for preset in PRESETS:
        image = QImage(str(presets_folder() / f"{preset.name}.png"))
        assert not image.isNull(), preset.name
        assert (image.width(), image.height()) == THUMBNAIL_SIZE
        # a picture, not a blank: many distinct colours
        colours = {image.pixel(x, y) for x in range(0, 320, 7) for y in range(0, 200, 7)}
        assert len(colours) > 50, preset.name


def test_double_clicking_a_scenario_opens_and_plays_it(qtbot, make_window):
    window = make_window()
    window.files.show_gallery()
    gallery = window.files.gallery
    assert gallery.isVisible() and not gallery.isModal()
    assert gallery.list.count() == len(PRESETS) >= 12
    assert all(not gallery.list.item(i).icon().isNull() for i in range(gallery.list.count()))
    item = gallery.list.item(1)
    assert item.text() == "A learning rate too large"
    rect = gallery.list.visualItemRect(item)
    qtbot.mouseClick(gallery.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert "diverges" in gallery.explanation.text()
    qtbot.mouseDClick(gallery.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert not gallery.isVisible()
    assert window.windowTitle().startswith("A learning rate too large")
    assert window.controls.play_action.isChecked()
    qtbot.waitUntil(lambda: step_of(window, window.state.runs[0].run_id) > 0, timeout=WAIT_MS)
    window.controls.play_action.trigger()


def test_the_gallery_shows_on_start_until_turned_off(qtbot, tmp_path):
    from optstudio.qt.app import open_window

    settings = QSettings(str(tmp_path / "start.ini"), QSettings.Format.IniFormat)
    window = open_window(settings=settings)
    qtbot.addWidget(window)
    window.files.ask = lambda *_: "discard"
    try:
        assert window.files.gallery.isVisible()
        window.files.gallery.on_start.setChecked(False)
        window.files.gallery.close_button.click()
        assert not window.files.gallery.isVisible()
        assert not show_on_start(settings)
    finally:
        window.close()
    again = open_window(settings=settings)
    qtbot.addWidget(again)
    again.files.ask = lambda *_: "discard"
    try:
        assert getattr(again.files, "gallery", None) is None
    finally:
        again.close()
