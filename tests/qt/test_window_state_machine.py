"""The window as a user drives it: random sequences of actions, and after each one every view
(runs list, form, standings table, legend, curves, map) shows exactly the studio's runs and the
selected run, in the runs' colours. pytest-qt fails the test if any slot raised.

Happy-path tests missed every window defect found when the studio was tried as a new user:
stale table rows after opening a scenario, a form left on the previous run after Add, curves in
the default grey after a run id was reused, projector colours left after the presentation view.
"""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor

from optstudio.engine.optimizers import OPTIMIZERS, optimizer_spec
from optstudio.model import StudioState
from optstudio.presets import PRESETS, Preset, presets_folder
from optstudio.qt.results_table import compared_step

from .test_main_window import draw_settled

WAIT_MS = 15_000
OPTIMIZER_NAMES = [name for name in OPTIMIZERS if name != "newton"]


def _colour(pen) -> str:
    return QColor(pen.color()).name()


def check_views(window) -> None:
    """Every view against the studio's state (the one source of truth)."""
    state = window.state
    ids = [r.run_id for r in state.runs]
    colours = window.run_colours()

    panel = window.runs_panel
    listed = [panel.list.item(i) for i in range(panel.list.count())]
    assert [int(item.data(256)) for item in listed] == ids
    assert [item.text() for item in listed] == [r.name for r in state.runs]
    current = panel.current_id()
    if state.runs:
        assert current in ids
        entry = state.run(current)
        assert panel.settings_box.title().startswith(f"{entry.name}: ")
        assert set(panel.form.fields) == set(optimizer_spec(entry.optimizer).hyperparam_names)
        assert panel.seed.text() == str(entry.seed)
        lr = panel.form.fields["lr"]
        assert float(lr.entry.text()) == pytest.approx(entry.resolved_hyper()["lr"], rel=1e-3)
    else:
        assert current is None and not panel.settings_box.isVisible()

    snapshots = draw_settled(window)
    drawn = [run_id for run_id in ids if run_id in snapshots]
    assert sorted(window.table.run_ids()) == sorted(drawn)
    names = {r.run_id: r.name for r in state.runs}
    for row, run_id in enumerate(window.table.run_ids()):
        assert window.table.item(row, 0).text() == names[run_id]

    assert sorted(window.map.path_items()) == sorted(drawn)
    for run_id, item in window.map.path_items().items():
        if item.isVisible():
            assert _colour(item.opts["pen"]) == QColor(colours[run_id]).name()
    for run_id in drawn:
        for item in window.curves.curve_items(run_id):
            if item.isVisible():
                assert _colour(item.opts["pen"]) == QColor(colours[run_id]).name()
    step = compared_step({k: v for k, v in snapshots.items() if k in colours})
    caption = window.standings.caption.text()
    if drawn:
        assert caption == (
            f"Standings at step {step:,}"
            if step is not None
            else "Free running: each run at its own step"
        )
    assert window.controls.lockstep_box.isChecked() == state.lockstep
    legend = {label.text: sample.item for sample, label in window.map.legend.items}
    visible = [r for r in state.runs if r.visible and r.run_id in drawn]
    assert sorted(legend) == sorted(r.label() for r in visible)
    for entry in visible:
        assert _colour(legend[entry.label()].opts["pen"]) == QColor(colours[entry.run_id]).name()


@pytest.fixture
def machine_window(qtbot, tmp_path):
    from optstudio.qt.main_window import MainWindow

    windows = []

    def make():
        state = StudioState(loss="himmelblau", max_steps=300)
        state.add_run("adam", hyper={"lr": 0.05})
        settings_file = QSettings(str(tmp_path / "machine.ini"), QSettings.Format.IniFormat)
        window = MainWindow(state=state, settings=settings_file)
        window.files.ask = lambda title, question: "discard"
        window.warn = lambda title, text: pytest.fail(f"{title}: {text}")
        qtbot.addWidget(window)
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()
        assert not window.engine.is_running()


def test_random_sequences_of_user_actions_keep_every_view_true(qtbot, tmp_path, machine_window):
    class Studio(RuleBasedStateMachine):
        @initialize()
        def open_window(self):
            self.window = machine_window()
            self.saved = tmp_path / "machine.optstudio"
            self.synced()

        def synced(self):
            """Wait for the engine thread to hold exactly the studio's runs."""
            window = self.window
            qtbot.waitUntil(
                lambda: set(window.engine.snapshots()) == {r.run_id for r in window.state.runs},
                timeout=WAIT_MS,
            )

        @rule(name=st.sampled_from([p.name for p in PRESETS if isinstance(p, Preset)]))
        def open_scenario(self, name):
            assert self.window.files.open_scenario(presets_folder() / f"{name}.optstudio")
            self.synced()

        @rule(optimizer=st.sampled_from(OPTIMIZER_NAMES))
        def add(self, optimizer):
            run_id = self.window.add_run(optimizer)
            assert self.window.runs_panel.current_id() == run_id
            self.synced()

        @precondition(lambda self: self.window.state.runs)
        @rule()
        def duplicate(self):
            run_id = self.window.runs_panel.current_id()
            self.window.runs_panel.duplicate_button.click()
            assert self.window.runs_panel.current_id() != run_id
            self.synced()

        @precondition(lambda self: self.window.state.runs)
        @rule()
        def remove(self):
            self.window.runs_panel.remove_button.click()
            self.synced()

        @precondition(lambda self: self.window.state.runs)
        @rule(index=st.integers(0, 20))
        def select(self, index):
            panel = self.window.runs_panel
            panel.list.setCurrentRow(index % panel.list.count())

        @precondition(lambda self: self.window.state.runs)
        @rule(factor=st.sampled_from([0.5, 2.0, 10.0]))
        def edit_lr(self, factor):
            """Type a new lr into the form: it must land on the run the list selects."""
            window = self.window
            run_id = window.runs_panel.current_id()
            old = window.state.run(run_id).resolved_hyper()["lr"]
            field = window.runs_panel.form.fields["lr"]
            field.entry.setText(f"{old * factor:g}")
            field.entry.editingFinished.emit()
            assert window.state.run(run_id).resolved_hyper()["lr"] == pytest.approx(
                float(f"{old * factor:g}")
            )

        @precondition(lambda self: self.window.state.runs)
        @rule(pick=st.integers(0, 10))
        def pick_a_choice(self, pick):
            """Pick an entry of a choice in the form (L-BFGS's line search, with its "none"):
            it must land on the selected run, unset for "none"."""
            from PySide6.QtWidgets import QComboBox

            window = self.window
            run_id = window.runs_panel.current_id()
            fields = window.runs_panel.form.fields
            combos = {n: f for n, f in fields.items() if isinstance(f, QComboBox)}
            if not combos:
                return
            name = sorted(combos)[pick % len(combos)]
            combo = combos[name]
            combo.setCurrentIndex(pick % combo.count())
            chosen = combo.currentText()
            value = window.state.run(run_id).resolved_hyper()[name]
            assert value == (None if chosen == "none" else chosen)

        @rule()
        def play_or_pause(self):
            self.window.controls.play_action.trigger()

        @rule()
        def step(self):
            self.window.controls.step_requested.emit()

        @rule()
        def reset(self):
            self.window.controls.reset_requested.emit()
            self.synced()

        @rule()
        def toggle_lockstep(self):
            self.window.controls.lockstep_box.click()

        @rule(position=st.integers(0, 60))
        def set_speed(self, position):
            self.window.controls.speed.setValue(position)

        @rule(theme=st.sampled_from(["light", "dark", "system"]))
        def switch_theme(self, theme):
            self.window.view_menu.choose_theme(theme)

        @rule()
        def toggle_presentation(self):
            self.window.presentation.toggle()

        @rule()
        def save_and_reopen(self):
            window = self.window
            window.files.choose_save = lambda: str(self.saved)
            assert window.files.save_as()
            before = window.state.to_dict()
            assert window.files.open(self.saved, ask=False)
            assert window.state.to_dict() == before
            self.synced()

        @invariant()
        def views_show_the_studio(self):
            if hasattr(self, "window"):
                check_views(self.window)

        def teardown(self):
            if hasattr(self, "window"):
                if self.window.presentation.active:
                    self.window.presentation.leave()
                if self.window.controls.play_action.isChecked():
                    self.window.controls.play_action.trigger()
                # each example's window (and its engine process) ends with the example
                self.window.close()
                assert not self.window.engine.is_running()

    Studio.TestCase.settings = settings(
        max_examples=12,
        stateful_step_count=14,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    Studio.TestCase().runTest()


def test_the_presets_folder_is_found():
    assert Path(presets_folder()).is_dir()
