"""Files written whole or not at all, with the user's permissions, and no debris when a
write is interrupted."""

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from optstudio.io.atomic import WriteError, atomic_write


def test_a_new_file_gets_the_umask_permissions_and_an_old_file_keeps_its_mode(tmp_path):
    old = os.umask(0o027)
    try:
        target = tmp_path / "new.txt"
        atomic_write(target, lambda f: f.write("x"), binary=False)
        assert target.stat().st_mode & 0o777 == 0o640
        kept = tmp_path / "kept.txt"
        kept.write_text("old")
        kept.chmod(0o604)
        atomic_write(kept, lambda f: f.write("new"), binary=False)
        assert kept.stat().st_mode & 0o777 == 0o604 and kept.read_text() == "new"
    finally:
        os.umask(old)


def test_a_failed_write_keeps_the_old_file_and_names_the_users_file(tmp_path):
    target = tmp_path / "run.csv"
    target.write_text("old")

    def broken(f):
        f.write("half")
        raise OSError(28, "No space left on device")

    with pytest.raises(WriteError) as caught:
        atomic_write(target, broken, binary=False)
    assert str(caught.value) == f"cannot write '{target}': No space left on device"
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["run.csv"]


def test_a_temporary_file_of_a_killed_writer_is_removed_by_the_next_write(tmp_path):
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    pid = int(dead.stdout)
    debris = tmp_path / f".run.csv.{pid}.abc123.part"
    debris.write_text("half")
    mine = tmp_path / f".run.csv.{os.getpid()}.xyz.part"  # a live writer's: left alone
    mine.write_text("in progress")
    atomic_write(tmp_path / "run.csv", lambda f: f.write("whole"), binary=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == [mine.name, "run.csv"]


def test_sigterm_during_a_write_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "run.csv"
    target.write_text("old")
    script = textwrap.dedent(
        f"""
        import time
        from pathlib import Path
        from optstudio.io.atomic import atomic_write, exit_on_sigterm
        exit_on_sigterm()

        def slow(f):
            f.write("half")
            f.flush()
            print("writing", flush=True)
            time.sleep(30)

        atomic_write(Path({str(target)!r}), slow, binary=False)
        """
    )
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "writing"
    time.sleep(0.2)
    child.send_signal(signal.SIGTERM)
    assert child.wait(timeout=20) == 128 + signal.SIGTERM
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["run.csv"]
