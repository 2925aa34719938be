"""Light and dark themes, and the presentation view's high-contrast look."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from optstudio.qt.lecture.presentation import PROJECTOR_COLOURS
from optstudio.studies.landscape import LandscapeStudy

from .test_landscape_window import WAIT_MS, press, step_of


def _background(plot) -> str:
    return plot.backgroundBrush().color().name()


def test_light_and_dark_themes_recolour_widgets_and_plots(qtbot, make_window):
    window = make_window(LandscapeStudy(loss="himmelblau", max_steps=20))
    menu = window.view_menu
    menu.theme_actions["dark"].trigger()
    assert _background(window.map) == "#101418"
    dark_window = QApplication.palette().color(QPalette.ColorRole.Window).lightness()
    menu.theme_actions["light"].trigger()
    assert _background(window.map) == "#ffffff" and _background(window.curves) == "#ffffff"
    light_window = QApplication.palette().color(QPalette.ColorRole.Window).lightness()
    assert light_window > dark_window + 100
    assert window.settings.value("ui/theme") == "light"
    menu.theme_actions["system"].trigger()
    assert window.settings.value("ui/theme") == "system"


def test_presentation_uses_the_projector_palette_and_a_large_legend(qtbot, make_window):
    state = LandscapeStudy(loss="rosenbrock", max_steps=30)
    first = state.add_run("adam").run_id
    second = state.add_run("sgd").run_id
    window = make_window(state)
    press(qtbot, window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: step_of(window, second) == 30, timeout=WAIT_MS)
    normal = window.map.path_items()[first].opts["pen"].color().name()
    press(qtbot, window, Qt.Key.Key_F11)
    assert _background(window.map) == "#000000"
    assert window.run_colours() == {first: PROJECTOR_COLOURS[0], second: PROJECTOR_COLOURS[1]}
    window._dirty = True
    qtbot.waitUntil(
        lambda: window.map.path_items()[first].opts["pen"].color().name() == PROJECTOR_COLOURS[0]
    )
    assert window.map.legend.opts["labelTextSize"] == "18pt"
    assert window.map.colour_bar.colorMap().color[0][0] < 0.1  # the dark grey landscape
    press(qtbot, window, Qt.Key.Key_Escape)
    window._dirty = True
    qtbot.waitUntil(lambda: window.map.path_items()[first].opts["pen"].color().name() == normal)
    assert _background(window.map) != "#000000"


def test_the_update_rule_box_follows_the_theme(qtbot, make_window):
    """Its style sheet's palette(base) was fixed when set: dark text box on a light theme."""
    state = LandscapeStudy(loss="himmelblau", max_steps=20)
    state.add_run("adam")
    window = make_window(state)
    rule = window.runs_panel.rule
    for choice in ("dark", "light", "dark"):
        window.view_menu.theme_actions[choice].trigger()
        qtbot.wait(10)
        shown = rule.grab().toImage().pixelColor(rule.width() - 3, rule.height() // 2)
        base = QApplication.palette().color(QPalette.ColorRole.Base)
        assert abs(shown.lightness() - base.lightness()) < 20, choice


def test_an_unchecked_box_can_be_seen_in_the_dark_theme(qtbot, make_window):
    """Fusion draws a check box's square in the Base colour with an outline a shade darker
    than the window: with Base darker than the window too, an unchecked box was invisible."""
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QCheckBox

    window = make_window()
    window.view_menu.choose_theme("dark")
    box = QCheckBox("Lockstep")
    qtbot.addWidget(box)
    box.show()
    image = box.grab().toImage()
    background = QColor(QApplication.palette().color(QPalette.ColorRole.Window))
    height = image.height()
    indicator = [
        QColor(image.pixel(x, y)) for x in range(min(height, image.width())) for y in range(height)
    ]
    differing = [c for c in indicator if abs(c.lightness() - background.lightness()) > 12]
    assert len(differing) > 40
