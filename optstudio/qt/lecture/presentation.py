"""The presentation view for projectors: F11 toggles full screen with the side panels folded
away, large axis text and thick lines; Page Down and Page Up step through the scenarios."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QDockWidget

from .scenario_note import ScenarioNote

PRESENTING_POINT_SIZE = 20
LEGEND_POINT_SIZE = 18
TABLE_POINT_SIZE = 12
"""The standings' and the scenario's explanation's type on the projector: a few rows a room
can read under the curves."""
NORMAL_LEGEND_POINT_SIZE = 9
PROJECTOR_COLOURS = ("#ff3b30", "#00d5ff", "#ffd60a", "#39ff14", "#ff2dd1", "#ffffff", "#ff9500")
"""Run colours on the projector: saturated, and far apart on the dark grey landscape."""
PATH_WIDTH = (2.5, 5.0)
CURVE_WIDTH = (1.0, 3.0)


COLOUR_BAR_AXIS_WIDTH = 45
"""pyqtgraph's width for a colour bar's ticks at the normal font size."""


class Presentation(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.active = False
        self._restore_state = None

    def toggle(self) -> None:
        self.leave() if self.active else self.enter()

    def enter(self) -> None:
        window = self.window
        self._restore_state = (
            window.saveState(),
            window.windowState(),
            window.standings.isVisible(),
        )
        # Every dock, also those tabbed behind the folded ones (they would come forward). The
        # standings stay, in type a room can read: "at step 285 its loss was this" is what a
        # lecturer points at.
        for dock in window.findChildren(QDockWidget):
            dock.hide()
        window.standings.show()
        window.showFullScreen()
        self.active = True
        self._style(PRESENTING_POINT_SIZE, PATH_WIDTH[1], CURVE_WIDTH[1])
        window.view_menu.apply_theme()

    def leave(self) -> None:
        window = self.window
        layout, state, table_visible = self._restore_state or (
            None,
            Qt.WindowState.WindowNoState,
            True,
        )
        window.setWindowState(state)
        if layout is not None:
            window.restoreState(layout)
        else:
            for dock in window.findChildren(QDockWidget):
                dock.show()
        window.standings.setVisible(table_visible)
        self.active = False
        self._style(QFont().pointSize(), PATH_WIDTH[0], CURVE_WIDTH[0])
        window.view_menu.apply_theme()

    def _style(self, point_size: int, path_width: float, curve_width: float) -> None:
        """Axis text, line widths and legends at the size of the view (the window knows its
        plots: `restyle`)."""
        font = QFont()
        font.setPointSize(point_size)
        presenting = point_size == PRESENTING_POINT_SIZE
        table_font = QFont()
        table_font.setPointSize(TABLE_POINT_SIZE if presenting else QFont().pointSize())
        self.window.standings.setFont(table_font)
        ScenarioNote.of(self.window).set_font(table_font)  # the lesson, read by the room
        legend_size = LEGEND_POINT_SIZE if presenting else NORMAL_LEGEND_POINT_SIZE
        self.window.restyle(font, presenting, path_width, curve_width, legend_size)

    def next_scenario(self, step: int = 1) -> None:
        """The scenario after (or before) the one open, among those of this window's kind
        (Page Down once ignored the open scenario and jumped between kinds), playing."""
        from ...studies.gallery import PRESETS, ModelPreset, presets_folder
        from ...studies.model import ModelStudy

        model = isinstance(self.window.state, ModelStudy)
        kind = [p for p in PRESETS if isinstance(p, ModelPreset) == model]
        titles = [p.title for p in kind]
        title = self.window.files.title
        here = titles.index(title) if title in titles else (-1 if step > 0 else 0)
        preset = kind[(here + step) % len(kind)]
        self.window.files.open_scenario(presets_folder() / f"{preset.name}.optstudio", play=True)
