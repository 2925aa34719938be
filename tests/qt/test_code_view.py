"""The Code view beside the runs: the selected run as a script, following its settings."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from optstudio.studies.landscape import LandscapeStudy

from .test_landscape_window import WAIT_MS, step_of, type_into


def _code(window):
    return window.code_view.panel.editor.toPlainText()


def test_the_selected_run_as_code_in_each_framework(qtbot, make_window, tmp_path):
    state = LandscapeStudy(loss="rosenbrock", max_steps=300)
    state.add_run("adam", hyper={"lr": 0.02})
    window = make_window(state)
    window.code_view.dock.raise_()
    qtbot.waitUntil(lambda: "torch.optim.Adam(" in _code(window), timeout=WAIT_MS)
    assert "lr=0.02," in _code(window) and "STEPS = 300" in _code(window)
    compile(_code(window), "adam.py", "exec")

    panel = window.code_view.panel
    panel.framework.setCurrentIndex(panel.framework.findData("optax"))
    assert "optax.adam(LEARNING_RATE" in _code(window)
    panel.framework.setCurrentIndex(panel.framework.findData("keras"))
    assert "keras.optimizers.Adam(" in _code(window) and "epsilon hat" in _code(window)

    # a new learning rate in the form: the script follows
    type_into(qtbot, window.runs_panel.form.fields["lr"], "0.05")
    qtbot.waitUntil(lambda: "LEARNING_RATE = 0.05" in _code(window), timeout=WAIT_MS)

    qtbot.mouseClick(panel.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == _code(window)
    target = tmp_path / "adam_keras"
    window.code_view.choose_save = lambda name: str(target)
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    saved = tmp_path / "adam_keras.py"
    assert saved.read_text() == _code(window)


def test_a_run_changed_mid_way_says_why_it_has_no_script(qtbot, make_window):
    state = LandscapeStudy(loss="rosenbrock", max_steps=100_000)
    run_id = state.add_run("gd", hyper={"lr": 0.001}).run_id
    window = make_window(state)
    window.code_view.dock.raise_()
    window.controls.speed.setValue(20)
    window.controls.play_action.trigger()
    qtbot.waitUntil(lambda: step_of(window, run_id) > 5, timeout=WAIT_MS)
    window.set_hyperparameter(run_id, "lr", 0.002)  # kept state: a change mid-run
    qtbot.waitUntil(
        lambda: "changed while it ran" in window.code_view.panel.note.text(), timeout=WAIT_MS
    )
    assert _code(window) == "" and not window.code_view.panel.save_button.isEnabled()
    window.controls.play_action.trigger()
