"""The presentation view, driven by its keys."""

from PySide6.QtCore import Qt

from optstudio.studies.landscape import LandscapeStudy

from .test_landscape_window import press, step_of


def test_f11_folds_the_panels_and_enlarges_everything_then_restores(qtbot, make_window):
    state = LandscapeStudy(loss="rosenbrock", max_steps=50)
    state.add_run("adam")
    window = make_window(state)
    normal_font = window.map.getPlotItem().getAxis("left").style["tickFont"]
    press(qtbot, window, Qt.Key.Key_F11)
    assert window.presentation.active
    assert window.windowState() & Qt.WindowState.WindowFullScreen
    assert not window.loss_dock.isVisible() and not window.runs_dock.isVisible()
    assert window.map.getPlotItem().getAxis("left").style["tickFont"].pointSize() == 20
    assert window.map.line_width == 5.0 and window.curves.line_width == 3.0
    # the standings stay, in type a room can read (they were folded away)
    assert window.standings.isVisible() and window.table.font().pointSize() >= 12
    press(qtbot, window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: step_of(window, 1) == 50, timeout=20_000)
    press(qtbot, window, Qt.Key.Key_Escape)
    assert not window.presentation.active
    assert window.loss_dock.isVisible() and window.runs_dock.isVisible()
    assert window.map.line_width == 2.5
    assert window.table.font().pointSize() < 12
    assert (
        normal_font is None
        or window.map.getPlotItem().getAxis("left").style["tickFont"].pointSize() != 20
    )


def test_page_down_and_up_step_through_the_scenarios(qtbot, make_window):
    window = make_window(LandscapeStudy(loss="booth"), settings_name="p.ini")
    press(qtbot, window, Qt.Key.Key_PageDown)
    assert window.windowTitle().startswith("Momentum in a narrow valley")
    press(qtbot, window, Qt.Key.Key_PageDown)
    assert window.windowTitle().startswith("A learning rate too large")
    press(qtbot, window, Qt.Key.Key_PageUp)
    assert window.windowTitle().startswith("Momentum in a narrow valley")


def test_leaving_the_presentation_gives_back_every_colour_and_size(qtbot, make_window):
    """The legend kept projector colours, the step's Δθ row stayed in projector yellow and the
    arrow labels came back at 7 pt."""
    from PySide6.QtGui import QColor

    state = LandscapeStudy(loss="himmelblau", max_steps=2000)
    first = state.add_run("adam", hyper={"lr": 0.05})
    state.add_run("momentum", hyper={"lr": 0.002})
    window = make_window(state)
    press(qtbot, window, Qt.Key.Key_F11)
    for _ in range(3):
        press(qtbot, window, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: window.explainer.panel.explanation is not None, timeout=20_000)
    press(qtbot, window, Qt.Key.Key_Escape)
    window.refresh_views()

    def delta_colour():
        table = window.explainer.panel.table
        for row in range(table.rowCount()):
            if table.item(row, 0).text().startswith("Δθ"):
                return table.item(row, 0).foreground().color().name()
        return None

    qtbot.waitUntil(lambda: delta_colour() == QColor(first.colour).name(), timeout=20_000)
    pen = window.map.path_items()[first.run_id].opts["pen"]
    assert QColor(pen.color()).name() == QColor(first.colour).name()
    assert window.explainer.arrows.point_size == 9
    assert window.map.legend.opts["labelTextSize"] == "9pt"


def test_the_colour_bar_keeps_its_ticks_clear_of_its_label_on_a_projector(qtbot, make_window):
    """pyqtgraph keeps 45 px for a colour bar's ticks: at 20 pt "−8" and its label overlapped
    (seen under Xvfb, F11). The axis makes room for its widest tick and its label's height."""
    from PySide6.QtGui import QFontMetrics

    from optstudio.qt.lecture.presentation import COLOUR_BAR_AXIS_WIDTH

    window = make_window(LandscapeStudy(loss="rosenbrock"))
    axis = window.map.colour_bar.axis
    qtbot.waitUntil(lambda: axis.labelText != "", timeout=20_000)
    normal = axis.width()
    press(qtbot, window, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: axis.width() > normal, timeout=5_000)
    ticks = QFontMetrics(axis.style["tickFont"])
    label = QFontMetrics(axis.label.font())
    low, high = axis.range
    texts = [axis.tickStrings([value], 1.0, 1.0)[0] for value in (low, high)]
    widest = max(ticks.horizontalAdvance(text) for text in texts)
    assert axis.width() >= widest + label.height()
    press(qtbot, window, Qt.Key.Key_Escape)
    assert axis.fixedWidth == COLOUR_BAR_AXIS_WIDTH
    qtbot.waitUntil(lambda: axis.width() == normal, timeout=5_000)


def test_page_down_goes_on_from_the_open_scenario_within_its_kind_and_plays(qtbot, make_window):
    """Seen: Page Down ignored the scenario opened from the menu, jumped from landscapes to
    model studies, and scenarios from the menu or Page Down opened paused."""
    from optstudio.studies.gallery import PRESETS, Preset, presets_folder

    landscapes = [p for p in PRESETS if isinstance(p, Preset)]
    window = make_window(LandscapeStudy(loss="booth"), settings_name="k.ini")
    window.files.open_scenario(presets_folder() / f"{landscapes[5].name}.optstudio", play=True)
    assert window.controls.play_action.isChecked()
    press(qtbot, window, Qt.Key.Key_PageDown)
    assert window.windowTitle().startswith(landscapes[6].title)
    assert window.controls.play_action.isChecked()
    window.files.open_scenario(presets_folder() / f"{landscapes[-1].name}.optstudio")
    press(qtbot, window, Qt.Key.Key_PageDown)  # wraps to the first landscape, not a model
    assert window.windowTitle().startswith(landscapes[0].title)
    assert type(window.state) is LandscapeStudy
