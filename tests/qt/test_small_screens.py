"""On a projector's 1280×800 every column of the race tables shows, beside a readable name."""

from PySide6.QtCore import Qt

from optstudio.studies.landscape import default_landscape_study

from .test_lab_window import played, settled, small_study
from .test_landscape_window import wait_for_steps


def columns_fit(table) -> bool:
    header = table.horizontalHeader()
    return header.length() <= table.viewport().width() + 1


def test_the_standings_show_every_column_at_1280_by_800(qtbot, make_window):
    """Seen at 1280×800: "Converged at" beyond a scroll bar, "Gradient descent" cut to
    "Gra… desc…"."""
    window = make_window(default_landscape_study())
    window.resize(1280, 740)  # the screen less a title bar and a panel
    window.size_panes()  # what the window does once it has its size on screen
    window.controls.step_action.trigger()
    wait_for_steps(qtbot, window, 1)
    window.refresh_views()
    table = window.table
    qtbot.waitUntil(lambda: table.rowCount() == 3)
    assert columns_fit(table)
    assert table.horizontalScrollBarPolicy() != Qt.ScrollBarPolicy.ScrollBarAlwaysOn
    assert table.columnWidth(0) >= 60  # a name of six letters or so, not three
    assert window.map.width() >= 320


def test_diverged_runs_keep_every_column_in_sight(qtbot, make_window):
    """Seen at the window's first size (1500×920) on the saddle: 'diverged at step 289' and a
    loss of -9.55291e+15 pushed "Converged at" beyond a scroll bar, and the names to "Mo…"."""
    from optstudio.studies.gallery import load_preset

    window = make_window(load_preset("saddle-escape").state)
    for width, height in ((1500, 920), (1280, 740)):
        window.resize(width, height)
        window.size_panes()
        window.controls.play_action.trigger()
        wait_for_steps(qtbot, window, window.state.max_steps)
        window.refresh_views()
        table = window.table
        assert [table.item(r, 5).text() for r in range(table.rowCount())] == ["diverged"] * 2
        assert columns_fit(table), (width, height)
        assert table.columnWidth(0) >= 60


def test_the_labs_race_table_shows_every_column_at_1280_by_800(qtbot, lab):
    """Seen at 1280×800: Status beyond a scroll bar, run names three letters wide."""
    window = lab(small_study(dataset="digits"))
    window.resize(1280, 740)
    settled(qtbot, window)
    played(qtbot, window)
    table = window.table
    assert table.rowCount() == 2
    assert columns_fit(table)
    assert table.columnWidth(0) >= 60
    window.views.setFocus()
    qtbot.keyClick(window.views, Qt.Key.Key_Left)  # the timeline: "in progress", longer
    window.refresh_views()
    assert table.item(0, 6).text() == "in progress"
    assert columns_fit(table)
    assert window.rate_label.text() == "", "the race is over, whatever step is shown"


def test_a_window_larger_than_a_projector_fits_its_screen(qtbot, make_window, monkeypatch):
    """Seen at 1280×800: the window opened at 1500×920, partly off the screen."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QGuiApplication

    window = make_window(default_landscape_study())

    class Projector:
        @staticmethod
        def availableGeometry() -> QRect:
            return QRect(0, 0, 1280, 800)

    # offscreen the window is never fitted (a figure is drawn at the size asked for)
    monkeypatch.setattr(QGuiApplication, "platformName", staticmethod(lambda: "xcb"))
    monkeypatch.setattr(window, "screen", lambda: Projector())
    window.resize(1500, 920)
    window.move(300, 200)
    window.fit_to_screen()
    frame = window.frameGeometry()
    assert frame.width() <= 1280 and frame.height() <= 800
    assert frame.left() >= 0 and frame.top() >= 0
    assert frame.right() < 1280 and frame.bottom() < 800
