"""The presentation view, driven by its keys."""

from PySide6.QtCore import Qt

from optstudio.model import StudioState

from .test_main_window import press, step_of


def test_f11_folds_the_panels_and_enlarges_everything_then_restores(qtbot, make_window):
    state = StudioState(loss="rosenbrock", max_steps=50)
    state.add_run("adam")
    window = make_window(state)
    normal_font = window.map.getPlotItem().getAxis("left").style["tickFont"]
    press(qtbot, window, Qt.Key.Key_F11)
    assert window.presentation.active
    assert window.windowState() & Qt.WindowState.WindowFullScreen
    assert not window.loss_dock.isVisible() and not window.runs_dock.isVisible()
    assert window.map.getPlotItem().getAxis("left").style["tickFont"].pointSize() == 20
    assert window.map.line_width == 5.0 and window.curves.line_width == 3.0
    press(qtbot, window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: step_of(window, 1) == 50, timeout=20_000)
    press(qtbot, window, Qt.Key.Key_Escape)
    assert not window.presentation.active
    assert window.loss_dock.isVisible() and window.runs_dock.isVisible()
    assert window.map.line_width == 2.5
    assert (
        normal_font is None
        or window.map.getPlotItem().getAxis("left").style["tickFont"].pointSize() != 20
    )


def test_page_down_and_up_step_through_the_scenarios(qtbot, make_window):
    window = make_window(StudioState(loss="booth"), settings_name="p.ini")
    press(qtbot, window, Qt.Key.Key_PageDown)
    assert window.windowTitle().startswith("Momentum in a narrow valley")
    press(qtbot, window, Qt.Key.Key_PageDown)
    assert window.windowTitle().startswith("A learning rate too large")
    press(qtbot, window, Qt.Key.Key_PageUp)
    assert window.windowTitle().startswith("Momentum in a narrow valley")
