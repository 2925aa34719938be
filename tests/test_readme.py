"""Every command and code block of the README works as written, in a scratch folder.

A newcomer copies them: a Python block once used names it never defined, three command lines
needed a session file the README never made, and two wrote the same file.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from .profile import THOROUGH

README = Path(__file__).resolve().parents[1] / "README.md"
OPENS_THE_STUDIO = re.compile(r"^optstudio(\s+[\w.-]+\.optstudio)?$")
"""Lines that open the window (and wait for the user): not run here."""


def blocks(language: str) -> list[str]:
    text = README.read_text(encoding="utf-8")
    return re.findall(rf"^```{language}\n(.*?)^```$", text, flags=re.MULTILINE | re.DOTALL)


def command_lines() -> list[str]:
    """The README's command lines after its two set-up commands, comments removed."""
    lines = []
    for block in blocks("bash")[1:]:
        for line in block.splitlines():
            command = line.split("  #", 1)[0].strip()
            if command and not OPENS_THE_STUDIO.match(command):
                lines.append(command)
    return lines


def test_the_readme_opens_with_the_two_set_up_commands():
    setup = blocks("bash")[0].strip().splitlines()
    assert setup == ["pip install . && optstudio", 'pip install ".[test]" && python -m pytest'] or (
        len(setup) == 2 and setup[0].startswith("pip install .")
    )


def test_no_two_command_lines_write_the_same_file():
    outputs = []
    for line in command_lines():
        words = shlex.split(line)
        if "--out" in words:
            outputs.append(words[words.index("--out") + 1])
        if ">" in words:
            outputs.append(words[words.index(">") + 1])
    assert len(outputs) == len(set(outputs)), outputs


@pytest.mark.skipif(
    not THOROUGH, reason="fourteen commands in processes of their own: OPTSTUDIO_TESTS=thorough"
)
def test_every_command_line_runs_in_a_scratch_folder(tmp_path):
    """In order, as a reader would type them (a later line may read what an earlier one
    wrote); each must exit 0 with nothing on stderr but its own one-line reports."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    for line in command_lines():
        words = shlex.split(line)
        assert words[0] == "optstudio", line
        out = None
        if ">" in words:
            at = words.index(">")
            out, words = words[at + 1], words[:at]
        result = subprocess.run(
            [sys.executable, "-m", "optstudio", *words[1:]],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert result.returncode == 0, f"{line}\n{result.stderr}"
        assert "Traceback" not in result.stderr, line
        if out is not None:
            (tmp_path / out).write_text(result.stdout)
            assert result.stdout, line
    written = {p.name for p in tmp_path.iterdir()}
    assert {"lecture.optstudio", "race.mp4", "race.png", "circle.npz", "spiral.py"} <= written


def test_every_python_block_runs_in_one_session(tmp_path, monkeypatch):
    """In order and in one namespace, as a reader pastes them into one interpreter."""
    monkeypatch.chdir(tmp_path)
    namespace = {"__name__": "readme"}
    for number, code in enumerate(blocks("python"), start=1):
        exec(compile(code, f"README python block {number}", "exec"), namespace)
