"""The interface's languages: English, and Simplified Chinese through Qt's translation system.

The language follows the system locale unless the user picks one in the View menu. Qt's own
dialogs are translated by Qt's catalogues (qtbase_*.qm) where they are installed.

Maintainers: after changing texts, ``python -m optstudio.qt.shared.i18n`` extracts them into
resources/i18n/optstudio_zh_CN.ts (keeping every translation already there, editable in Qt
Linguist), reports the ones still untranslated, and compiles the .qm the studio loads.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ...resource_files import CHECKOUT, resource_folder

LANGUAGES = {"en": "English", "zh_CN": "简体中文"}
"""Each language by its own name, as language menus show them."""
LANGUAGE_SETTING = "ui/language"

_installed: list[QTranslator] = []


def translations_folder() -> Path:
    return resource_folder("i18n")


def effective_language(choice: str) -> str:
    """The language for a menu choice: "system" follows the locale (Chinese locales get
    Simplified Chinese, every other locale English)."""
    if choice in LANGUAGES:
        return choice
    return "zh_CN" if QLocale.system().name().startswith("zh") else "en"


def install_translators(choice: str) -> str:
    """Replace the application's translators with those of `choice`; the language in use."""
    app = QCoreApplication.instance()
    language = effective_language(choice)
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if language == "en":
        return language
    own = QTranslator(app)
    if own.load(str(translations_folder() / f"optstudio_{language}.qm")):
        app.installTranslator(own)
        _installed.append(own)
    qt = QTranslator(app)
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt.load(f"qtbase_{language}", qt_folder):
        app.installTranslator(qt)
        _installed.append(qt)
    return language


# ----- maintainers: extract, merge and compile -----
def _tool(name: str) -> str:
    found = shutil.which(f"pyside6-{name}")
    if found is None:
        raise SystemExit(f"pyside6-{name} not found: it comes with PySide6")
    return found


def _domain_translations(ts: Path) -> dict[str, dict[str, ET.Element]]:
    """The translations of the engine's and the scenarios' contexts (read before lupdate,
    which drops contexts it does not find in the sources)."""
    from .texts import domain_messages

    contexts = set(domain_messages())
    found: dict[str, dict[str, ET.Element]] = {}
    if ts.exists():
        for element in ET.parse(ts).getroot().findall("context"):
            name = element.findtext("name")
            if name in contexts:
                for message in element.findall("message"):
                    translation = message.find("translation")
                    if translation is not None:
                        found.setdefault(name, {})[message.findtext("source")] = translation
    return found


def _set_domain_messages(ts: Path, previous: dict[str, dict[str, ET.Element]]) -> None:
    """Add the engine's and the scenarios' texts (see texts.py) as contexts of their own,
    keeping translations already made and dropping texts no longer used."""
    from .texts import domain_messages

    tree = ET.parse(ts)
    root = tree.getroot()
    for context, texts in domain_messages().items():
        old = previous.get(context, {})
        for element in root.findall("context"):
            if element.findtext("name") == context:
                root.remove(element)
        element = ET.SubElement(root, "context")
        ET.SubElement(element, "name").text = context
        for text in texts:
            message = ET.SubElement(element, "message")
            ET.SubElement(message, "source").text = text
            translation = old.get(text)
            if translation is None or not (translation.text or "").strip():
                translation = ET.Element("translation", {"type": "unfinished"})
            message.append(translation)
    ET.indent(tree)
    tree.write(ts, encoding="utf-8", xml_declaration=True)


def untranslated(ts: Path) -> list[tuple[str, str]]:
    """(context, source) of every message without a finished translation."""
    missing = []
    for context in ET.parse(ts).getroot().findall("context"):
        for message in context.findall("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") == "unfinished":
                missing.append((context.findtext("name"), message.findtext("source")))
    return missing


def update(language: str = "zh_CN") -> int:
    folder = CHECKOUT / "i18n"
    folder.mkdir(parents=True, exist_ok=True)
    ts = folder / f"optstudio_{language}.ts"
    window_code = next(p for p in Path(__file__).resolve().parents if p.name == "qt")
    sources = sorted(str(p) for p in window_code.rglob("*.py"))
    previous = _domain_translations(ts)
    subprocess.run([_tool("lupdate"), *sources, "-no-obsolete", "-ts", str(ts)], check=True)
    _set_domain_messages(ts, previous)
    subprocess.run([_tool("lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True)
    for context, source in untranslated(ts):
        print(f"untranslated [{context}] {source}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(update(*sys.argv[1:]))
