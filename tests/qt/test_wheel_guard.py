"""The mouse wheel over the side panels scrolls them; it never edits a setting that the user
did not focus (seen: one notch over the model panel changed the points from 500 to 450 and
restarted every run, one over the runs form changed an lr from 0.03 to 0.0287 mid-run)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QScrollArea

from .test_lab_window import settled


def wheel(widget, notches: int = -1) -> None:
    """One or more notches of the wheel with the pointer over the middle of `widget`."""
    centre = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def test_the_wheel_over_the_model_panel_scrolls_it_and_changes_nothing(qtbot, lab):
    window = lab()
    settled(qtbot, window)
    window.resize(1280, 500)  # the panel is taller than its dock: it scrolls
    qtbot.wait(50)
    panel = window.model_panel
    before = window.state.to_dict()
    samples = panel.samples.value()
    area = panel.parentWidget().parentWidget()
    assert isinstance(area, QScrollArea)
    bar = area.verticalScrollBar()
    assert bar.maximum() > 0
    for box in (panel.samples, panel.noise, panel.dataset, panel.activation):
        assert box.focusPolicy() == Qt.FocusPolicy.StrongFocus
        wheel(box)
    assert panel.samples.value() == samples
    settled(qtbot, window)
    assert window.state.to_dict() == before
    assert bar.value() > 0, "the panel scrolled"


def test_a_focused_field_still_takes_the_wheel(qtbot, lab):
    window = lab()
    settled(qtbot, window)
    box = window.model_panel.samples
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    before = box.value()
    wheel(box, notches=1)
    assert box.value() != before


def test_the_wheel_over_a_runs_hyperparameter_slider_leaves_its_lr(qtbot, lab):
    window = lab()
    settled(qtbot, window)
    form = window.runs_panel.form
    lr = form.fields["lr"]
    text = lr.entry.text()
    wheel(lr.slider)
    wheel(lr.entry)
    assert lr.entry.text() == text


def wheel_over_a_field_changes_nothing(window, which: int, notches: int) -> None:
    """The stateful tests' action: a wheel notch over the `which`-th unfocused field of the
    window's side panels leaves the study as it was."""
    from PySide6.QtWidgets import (
        QAbstractSlider,
        QAbstractSpinBox,
        QComboBox,
        QDockWidget,
        QScrollBar,
        QWidget,
    )

    fields = [
        w
        for dock in window.findChildren(QDockWidget)
        for w in dock.findChildren(QWidget)
        if isinstance(w, QAbstractSpinBox | QComboBox | QAbstractSlider)
        and w.isVisible()
        and not w.hasFocus()
        and not isinstance(w, QScrollBar)
    ]
    if not fields:
        return
    before = window.state.to_dict()
    wheel(fields[which % len(fields)], notches)
    assert window.state.to_dict() == before
