"""The desktop application: its icon, desktop entry and file type, the frozen start-up, the
self-test, and (marked `package`) a PyInstaller build that passes its own self-test."""

import configparser
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINUX = ROOT / "resources" / "linux"


def test_the_icon_exists_as_svg_and_every_png_size(qapp):
    from PySide6.QtGui import QImage

    from optstudio.qt.shared.icons import PNG_SIZES, app_icon, icons_folder

    assert (icons_folder() / "optstudio.svg").exists()
    for size in PNG_SIZES:
        image = QImage(str(icons_folder() / f"optstudio-{size}.png"))
        assert (image.width(), image.height()) == (size, size)
    icon = app_icon()
    assert not icon.isNull() and len(icon.availableSizes()) == len(PNG_SIZES)


def test_the_window_has_the_icon(make_window_icon):
    assert not make_window_icon.windowIcon().isNull()


@pytest.fixture
def make_window_icon(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from optstudio.qt.landscape.landscape_window import LandscapeWindow

    window = LandscapeWindow(
        settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    )
    window.files.ask = lambda *_: "discard"
    qtbot.addWidget(window)
    yield window
    window.close()


def test_the_desktop_entry_names_the_binary_icon_and_file_type():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(LINUX / "org.optstudio.optstudio.desktop")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application" and desktop["Icon"] == "optstudio"
    assert desktop["Exec"] == "optstudio %f"
    assert "application/x-optstudio" in desktop["MimeType"].split(";")
    assert "Education" in desktop["Categories"].split(";")


def test_the_file_type_and_the_metainfo_agree():
    mime = ET.parse(LINUX / "optstudio-mime.xml").getroot()
    namespace = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    kind = mime.find("m:mime-type", namespace)
    assert kind.get("type") == "application/x-optstudio"
    assert kind.find("m:glob", namespace).get("pattern") == "*.optstudio"
    info = ET.parse(LINUX / "org.optstudio.optstudio.metainfo.xml").getroot()
    assert info.findtext("id") == "org.optstudio.optstudio"
    assert info.find("launchable").text == "org.optstudio.optstudio.desktop"
    assert info.find("provides/mediatype").text == "application/x-optstudio"


def test_the_desktop_entry_installs_for_the_user(tmp_path):
    fake = tmp_path / "optstudio"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "share")}
    done = subprocess.run(
        ["bash", str(ROOT / "packaging" / "install-desktop-entry.sh"), str(fake)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "installed" in done.stdout
    share = tmp_path / "share"
    installed = (share / "applications" / "org.optstudio.optstudio.desktop").read_text()
    assert f"Exec={fake} %f" in installed
    assert (share / "icons/hicolor/256x256/apps/optstudio.png").exists()
    assert (share / "icons/hicolor/scalable/apps/optstudio.svg").exists()
    assert (share / "mime/packages/optstudio.xml").exists()


def _frozen(monkeypatch, tmp_path):
    """A frozen start in `tmp_path`: the bundle in app/, the user's cache in cache/, an
    environment of its own (numba's settings must not leak into the other tests)."""
    from optstudio import frozen

    app = tmp_path / "app"
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(app), raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    environ = {k: v for k, v in os.environ.items() if not k.startswith("NUMBA_")}
    environ["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    monkeypatch.setattr(os, "environ", environ)
    return frozen, app


def _new_start() -> None:
    """A start of the application (not a process it started): what configure set is gone."""
    for name in [k for k in os.environ if k.startswith(("NUMBA_", "OPTSTUDIO_"))]:
        del os.environ[name]


def test_a_frozen_start_takes_the_shipped_kernels_for_its_cpu_once_a_build(tmp_path, monkeypatch):
    frozen, app = _frozen(monkeypatch, tmp_path)
    target = frozen.kernel_target()
    assert target in frozen.TARGETS
    archive = app / frozen.BUNDLED_CACHE / f"{target}.zip"
    archive.parent.mkdir(parents=True)

    def ship(build: str) -> None:
        with zipfile.ZipFile(archive, "w") as kernels:
            kernels.writestr("optstudio/engine/_kernel.advance-1.py311.nbi", b"index")
            kernels.writestr(frozen.BUILD_STAMP, build)

    ship("build 1")
    frozen.configure()
    folder = tmp_path / "cache" / "optstudio" / "numba" / target
    assert os.environ["NUMBA_CACHE_DIR"] == str(folder)
    assert os.environ["NUMBA_CPU_NAME"] == target and os.environ["NUMBA_CPU_FEATURES"] == ""
    copied = folder / "optstudio" / "engine" / "_kernel.advance-1.py311.nbi"
    assert copied.read_bytes() == b"index"
    assert "BundleLocator" in os.environ["NUMBA_CACHE_LOCATOR_CLASSES"]
    child = dict(os.environ)
    frozen.configure()  # an engine process started from it: the same kernels, not seeded
    assert os.environ == child
    copied.write_bytes(b"compiled here since")  # the same build: what the user has stays
    _new_start()
    frozen.configure()
    assert copied.read_bytes() == b"compiled here since"
    ship("build 2")
    _new_start()
    frozen.configure()
    assert copied.read_bytes() == b"index"


def test_a_user_who_names_a_cpu_gets_a_cache_of_their_own(tmp_path, monkeypatch):
    frozen, _app = _frozen(monkeypatch, tmp_path)
    os.environ["NUMBA_CPU_NAME"] = "skylake"
    frozen.configure()
    assert os.environ["NUMBA_CACHE_DIR"] == str(tmp_path / "cache" / "optstudio" / "numba" / "own")
    assert os.environ["NUMBA_CPU_NAME"] == "skylake"


def test_the_bundles_caches_are_filed_by_module_not_by_where_it_was_unpacked(tmp_path, monkeypatch):
    from optstudio.bundle_locator import BundleLocator

    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    source = tmp_path / "optstudio" / "engine" / "_kernel.py"
    assert BundleLocator.get_suitable_cache_subpath(str(source)) == os.path.join(
        "optstudio", "engine"
    )
    assert BundleLocator.from_function(test_version, __file__) is None  # not the app's


def test_the_self_test_passes_here(qapp):
    from optstudio.qt.self_test import self_test

    passed, report = self_test()
    assert passed, report
    assert "self-test passed" in report and "PNG" in report


def test_version():
    done = subprocess.run(
        [sys.executable, "-m", "optstudio", "--version"], capture_output=True, text=True, check=True
    )
    from optstudio import __version__

    assert done.stdout.strip() == f"optstudio {__version__}"


@pytest.mark.package
def test_the_built_application_starts_and_passes_its_self_test(tmp_path):
    """The bundle as packaging/build.sh makes it (its kernels shipped): a first start on a
    machine with an empty cache loads every kernel it runs (the first model step took 0.5 s
    where compiling took 31 s) and compiles none."""
    pytest.importorskip("PyInstaller")
    dist, cache = tmp_path / "dist", tmp_path / "cache"
    built = subprocess.run(
        ["bash", str(ROOT / "packaging" / "build.sh"), str(dist), str(tmp_path / "build")],
        env={**os.environ, "OPTSTUDIO_SKIP_INSTALL": "1"},
        capture_output=True,
        text=True,
        timeout=2400,
    )
    assert built.returncode == 0, built.stdout[-1000:] + built.stderr[-3000:]
    assert "kernels for x86-64-v3" in built.stdout and "kernels for generic" in built.stdout
    binary = dist / "optstudio" / "optstudio"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "VIRTUAL_ENV", "NUMBA_"))
    }
    env.update(XDG_CACHE_HOME=str(cache), QT_QPA_PLATFORM="offscreen", PATH="/usr/bin:/bin")
    for start in ("first", "second"):
        done = subprocess.run(
            [str(binary), "--self-test"],
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
            cwd=tmp_path,
        )
        assert done.returncode == 0, f"{start} start: {done.stderr[-2000:]}"
        assert "self-test passed" in done.stderr
        print(start, re.search(r"first model step took [0-9.]+ s[^\n]*", done.stderr).group(0))
    # every kernel the starts ran came from the bundle: nothing was compiled on this machine
    user = cache / "optstudio" / "numba"
    compiled = {p.relative_to(user).as_posix() for p in user.rglob("*.nbc")}
    shipped = set()
    for archive in (dist / "optstudio" / "_internal" / "numba_cache").glob("*.zip"):
        with zipfile.ZipFile(archive) as kernels:
            shipped |= {f"{archive.stem}/{name}" for name in kernels.namelist()}
    assert compiled and compiled <= shipped
    # a tuning study runs in the bundle: Optuna, and a Dask cluster whose workers are the
    # bundle's executable started again (its network's depth may compile a kernel of its own:
    # the kernels are specialised by depth, and the bundle ships the depths the starts use)
    trials = tmp_path / "trials.csv"
    arguments = ["tune", "circle", "--optimizers", "adam,sgd", "--trials", "3", "--seeds", "1",
                 "--steps", "40", "--sampler", "random", "--workers", "2", "--prune", "halving",
                 "--out", str(trials)]  # fmt: skip
    tuned = subprocess.run([str(binary), *arguments], env=env, capture_output=True, text=True,
                           timeout=600, cwd=tmp_path)  # fmt: skip
    assert tuned.returncode == 0, tuned.stderr[-2000:]
    assert "adam: best final_test_loss" in tuned.stderr
    assert len(trials.read_text().splitlines()) == 1 + 2 * 4
