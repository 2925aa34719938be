"""The Code dock of the model lab: the script that trains the selected run's network the same
way (PyTorch, Keras or optax), with its mid-run changes."""

from __future__ import annotations

from ..shared.code_view import CodeView


class ModelCodeView(CodeView):
    """The Code dock for a model run: the script that trains the same network the same way."""

    def config(self) -> dict | None:
        from ...studies.model import create_lab_run

        window = self.window
        run_id = window.runs_panel.current_id()
        if run_id is None:
            return None
        config = create_lab_run(window.state, window.state.run(run_id)).config
        config["steps"] = window.state.max_steps
        snap = window.engine.snapshots().get(run_id)
        if snap is not None and snap.progress is not None and snap.progress.hyper_changes:
            config["hyper_changes"] = snap.progress.hyper_changes
            config.update(snap.progress.initial_hyper or {})
        return config

    def generate_code(self, config: dict) -> str:
        from ...codegen import generate_model

        return generate_model(config, self.framework)
