"""English and Simplified Chinese: every text translated, switchable in the menu."""

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTranslator

from optstudio.qt.shared.i18n import install_translators, translations_folder, untranslated
from optstudio.qt.shared.texts import domain_messages

from .test_landscape_window import WAIT_MS, step_of

TS = translations_folder() / "optstudio_zh_CN.ts"
QM = translations_folder() / "optstudio_zh_CN.qm"


def _ts_messages():
    messages = {}
    for context in ET.parse(TS).getroot().findall("context"):
        for message in context.findall("message"):
            key = (context.findtext("name"), message.findtext("source"))
            messages[key] = message.findtext("translation")
    return messages


def test_every_message_is_translated():
    assert untranslated(TS) == []
    messages = _ts_messages()
    assert len(messages) > 300
    assert all(text and text.strip() for text in messages.values())


def test_every_engine_and_scenario_text_is_in_the_catalogue_and_compiled():
    messages = _ts_messages()
    translator = QTranslator()
    assert translator.load(str(QM))
    for context, texts in domain_messages().items():
        for text in texts:
            assert (context, text) in messages, f"{context}: {text}"
            assert translator.translate(context, text) == messages[(context, text)]


def test_every_interface_string_is_in_the_catalogue(tmp_path):
    """What lupdate finds in the sources must be in the committed catalogue."""
    lupdate = shutil.which("pyside6-lupdate")
    if lupdate is None:
        pytest.skip("pyside6-lupdate is not installed")
    from optstudio.qt.shared import i18n

    sources = sorted(str(p) for p in Path(i18n.__file__).parent.rglob("*.py"))
    fresh = tmp_path / "fresh.ts"
    subprocess.run([lupdate, *sources, "-ts", str(fresh)], check=True, capture_output=True)
    found = {
        (c.findtext("name"), m.findtext("source"))
        for c in ET.parse(fresh).getroot().findall("context")
        for m in c.findall("message")
    }
    missing = found - set(_ts_messages())
    assert not missing, f"run python -m {i18n.__name__} and translate: {sorted(missing)[:5]}"


@pytest.fixture
def english_afterwards():
    yield
    install_translators("en")


def test_switching_to_chinese_keeps_the_studio(qtbot, tmp_path, english_afterwards):
    from optstudio.qt import app, open_windows

    settings = QSettings(str(tmp_path / "lang.ini"), QSettings.Format.IniFormat)
    settings.setValue("ui/welcome_gallery", "false")
    settings.setValue("ui/language", "en")
    window = app.open_window(settings=settings)
    window.files.ask = lambda *_: "discard"
    adam = window.add_run("adam")
    window.controls.max_steps.setValue(30)
    window.controls.play_action.trigger()
    qtbot.waitUntil(lambda: step_of(window, adam) == 30, timeout=WAIT_MS)
    theta = window.engine.snapshots()[adam].theta
    optimizers = [r.optimizer for r in window.state.runs]
    assert window.menuBar().actions()[0].text() == "&File"
    window.show_runs(select=adam)  # a lecturer was talking about the run added last

    window.view_menu.language_actions["zh_CN"].trigger()
    qtbot.waitUntil(lambda: open_windows.OPEN[-1] is not window, timeout=WAIT_MS)
    chinese = open_windows.OPEN[-1]
    try:
        assert not window.isVisible() and chinese.isVisible()
        assert chinese.menuBar().actions()[0].text() == "文件(&F)"
        assert chinese.controls.play_action.text() == "播放"
        assert chinese.loss_panel.description.text().startswith("香蕉形山谷")
        assert [r.optimizer for r in chinese.state.runs] == optimizers
        assert chinese.runs_panel.current_id() == adam  # still the run being discussed
        qtbot.waitUntil(lambda: step_of(chinese, adam) == 30, timeout=WAIT_MS)
        assert chinese.engine.snapshots()[adam].theta == theta, "the run replayed exactly"
        assert settings.value("ui/language") == "zh_CN"
        assert chinese.view_menu.language_actions["zh_CN"].isChecked()
    finally:
        chinese.files.ask = lambda *_: "discard"
        chinese.close()
        open_windows.OPEN.clear()
    assert not chinese.engine.is_running() and not window.engine.is_running()
