"""The race in lockstep: whenever the window draws, every live run is at the same step, and
the standings say which; free running lets each run go as fast as it can."""

import pytest

from optstudio.studies.landscape import LandscapeStudy

from .test_landscape_window import WAIT_MS


def race(max_steps: int = 3_000_000) -> LandscapeStudy:
    state = LandscapeStudy(loss="rosenbrock", max_steps=max_steps)
    state.add_run("gd", hyper={"lr": 1e-4})  # cheap steps
    state.add_run("nadam", hyper={"lr": 1e-3})  # dearer steps
    state.add_run("newton", hyper={"lr": 1e-3})
    return state


def test_every_frame_of_a_full_speed_race_shows_the_runs_at_one_step(qtbot, make_window):
    # long enough to give 40 frames on a fast machine: 3 million steps took under half a
    # second once NAdam's per-step scalars were computed once a step
    window = make_window(race(max_steps=50_000_000))
    frames = []
    window.engine.snapshots_ready.connect(
        lambda: frames.append(
            {s.step for s in window.engine.snapshots().values() if s.status == "running"}
        )
    )
    window.controls.play_action.trigger()
    qtbot.waitUntil(lambda: len(frames) > 40, timeout=WAIT_MS)
    window.controls.play_action.trigger()
    moving = [steps for steps in frames if steps]
    assert moving and all(len(steps) == 1 for steps in moving)
    assert max(next(iter(s)) for s in moving) > 1000
    qtbot.waitUntil(lambda: not window.controls.play_action.isChecked(), timeout=WAIT_MS)
    qtbot.wait(200)  # the paused engine publishes its last snapshots
    window.refresh_views()
    step = next(iter(window.engine.snapshots().values())).step
    assert window.standings.caption.text() == f"Standings at step {step:,}"


def test_free_running_lets_the_cheap_run_go_ahead(qtbot, make_window):
    window = make_window(race())
    window.controls.lockstep_box.setChecked(False)
    assert window.state.lockstep is False
    window.controls.play_action.trigger()

    def apart():
        steps = {s.run_id: s.step for s in window.engine.snapshots().values()}
        return len(steps) == 3 and max(steps.values()) > 2 * min(steps.values()) > 0

    qtbot.waitUntil(apart, timeout=WAIT_MS)
    window.controls.play_action.trigger()
    window.refresh_views()
    assert window.standings.caption.text().startswith("Free running")


def test_a_restarted_run_catches_up_and_the_race_goes_on_in_step(qtbot, make_window):
    window = make_window(race(max_steps=50_000_000))
    window.controls.play_action.trigger()
    qtbot.waitUntil(
        lambda: min((s.step for s in window.engine.snapshots().values()), default=0) > 5000,
        timeout=WAIT_MS,
    )
    gd = window.state.runs[0]
    window.state.restart_on_change = True
    window.set_hyperparameter(gd.run_id, "lr", 2e-4)

    def caught_up():
        snapshots = window.engine.snapshots()
        steps = {s.step for s in snapshots.values()}
        return snapshots[gd.run_id].lr == pytest.approx(2e-4) and len(steps) == 1

    qtbot.waitUntil(caught_up, timeout=60_000)
    window.controls.play_action.trigger()
    assert next(iter(window.engine.snapshots().values())).step > 5000


def test_a_scenario_plays_at_its_own_speed(qtbot, make_window):
    from optstudio.speed_scale import speed_at
    from optstudio.studies.gallery import presets_folder

    window = make_window()
    window.files.open_scenario(presets_folder() / "adam-vs-sgd-rosenbrock.optstudio")
    assert speed_at(window.controls.speed.value()) == pytest.approx(10**2.5)
    assert not window.files.modified()  # the watching speed is not a change to save


def test_a_run_that_stops_early_leaves_the_standings_in_lockstep(qtbot, make_window):
    """Seen: 'Free running' with Lockstep on, once one run diverged early."""
    from optstudio.qt.shared.results_table import compared_step

    state = LandscapeStudy(loss="rosenbrock", max_steps=200)
    state.add_run("gd", hyper={"lr": 0.01})  # diverges at step 3
    state.add_run("adam", hyper={"lr": 0.01})
    window = make_window(state)
    window.controls.play_action.trigger()
    qtbot.waitUntil(
        lambda: {s.status for s in window.engine.snapshots().values()} == {"diverged", "max_steps"},
        timeout=20_000,
    )
    window.refresh_views()
    assert compared_step(window._shown) == 200
    assert window.standings.caption.text() == (
        "Standings at step 200 (runs that stopped earlier at their last step)"
    )


def test_add_starts_the_new_run_and_keeps_the_race(qtbot, make_window):
    """Seen: Add restarted every run at step 0."""
    import optstudio

    state = LandscapeStudy(loss="himmelblau", max_steps=400)
    first = state.add_run("adam", hyper={"lr": 0.05}).run_id
    window = make_window(state)
    window.controls.step_action.trigger()
    for _ in range(9):
        window.controls.step_action.trigger()
    qtbot.waitUntil(lambda: window.engine.snapshots()[first].step == 10, timeout=WAIT_MS)
    added = window.add_run("momentum")
    qtbot.waitUntil(lambda: added in window.engine.snapshots(), timeout=WAIT_MS)
    snapshots = window.engine.snapshots()
    assert snapshots[first].step == 10, "the race goes on"
    assert snapshots[added].step == 0
    window.controls.play_action.trigger()
    qtbot.waitUntil(
        lambda: all(s.step == 400 for s in window.engine.snapshots().values()), timeout=WAIT_MS
    )
    expected = optstudio.simulate("himmelblau", "adam", steps=400, lr=0.05)
    assert window.engine.snapshots()[first].theta == expected.theta
