"""The desktop application: its icon, desktop entry and file type, the frozen start-up, the
self-test, and (marked `package`) a PyInstaller build that passes its own self-test."""

import configparser
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
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


def test_a_frozen_start_caches_kernels_in_the_users_cache_folder(tmp_path, monkeypatch):
    from optstudio import frozen

    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("NUMBA_CACHE_DIR", raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    frozen.configure()
    assert os.environ["NUMBA_CACHE_DIR"] == str(tmp_path / "optstudio" / "numba")
    assert (tmp_path / "optstudio" / "numba").is_dir()


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
    pytest.importorskip("PyInstaller")
    dist, cache = tmp_path / "dist", tmp_path / "cache"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--distpath",
            str(dist),
            "--workpath",
            str(tmp_path / "build"),
            str(ROOT / "packaging" / "optstudio.spec"),
        ],
        check=True,
        capture_output=True,
        timeout=1800,
    )
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
    assert any((cache / "optstudio" / "numba").rglob("*.nbi")), "numba cached in the user's folder"
    version = subprocess.run([str(binary), "--version"], env=env, capture_output=True, text=True)
    assert version.stdout.startswith("optstudio ")
