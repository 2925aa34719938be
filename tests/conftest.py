"""Shared test set-up: Qt runs offscreen, so the suite needs no display, and the workers
compile the engine's kernels between them before the first test (`kernel_warm_up`)."""

import os
import shutil
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

WARM_FOLDER = "optstudio_warm_folder"
"""The key under which the workers learn the folder where each says it has compiled."""


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:
    """(pytest-xdist, on the controller) Hand every worker the same fresh folder."""
    config = node.config
    if not hasattr(config, "_optstudio_warm_folder"):
        config._optstudio_warm_folder = tempfile.mkdtemp(prefix="optstudio-warm-")
    node.workerinput[WARM_FOLDER] = config._optstudio_warm_folder


def pytest_sessionstart(session: pytest.Session) -> None:
    given = getattr(session.config, "workerinput", {})
    if WARM_FOLDER in given and given["workercount"] > 1:
        from .kernel_warm_up import warm_up

        warm_up(Path(given[WARM_FOLDER]), given["workerid"], given["workercount"])


LONGEST_FIRST = ("state_machine.py::", "test_tuning_dialog.py::")
"""Tests that take tens of seconds each (the stateful window tests, the tuning dialog's
studies) start first. In collection order the tuning ones came last: on a loaded machine one
worker ran them alone for the last 112 s of the suite while the other had nothing left. The
rest keep their order; an idle worker takes over part of another's queue (`--dist worksteal`
in pyproject.toml)."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: not any(mark in item.nodeid for mark in LONGEST_FIRST))


def pytest_unconfigure(config: pytest.Config) -> None:
    folder = getattr(config, "_optstudio_warm_folder", None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
