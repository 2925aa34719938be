"""The File menu: new, open, save, save as, recent files, and session files dropped on the window.

A file that cannot be read gives a message naming what is wrong and leaves the current studio as
it was; a file that cannot be written gives a message and keeps the old file. Closing or
replacing a studio whose setup changed since it was saved asks first.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QStandardPaths, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox

from ...io.atomic import atomic_write
from ...io.session import EXTENSION, Session, SessionError, load_session, save_session
from ...studies.landscape import default_landscape_study
from ...studies.model import default_model_study
from .. import open_windows
from .texts import SCENARIO_TEXTS, translated

RECENT_LIMIT = 8
AUTOSAVE_MS = 20_000
TITLE_MS = 500
FILTER = "optstudio sessions (*.optstudio)"

Ask = Callable[[str, str], str]
"""ask(title, question) -> "save", "discard" or "cancel"."""


def ask_with_dialog(parent: QMainWindow) -> Ask:
    def ask(title: str, question: str) -> str:
        buttons = (
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        answer = QMessageBox.question(parent, title, question, buttons)
        return {
            QMessageBox.StandardButton.Save: "save",
            QMessageBox.StandardButton.Discard: "discard",
        }.get(answer, "cancel")

    return ask


class SessionActions(QObject):
    """Owns the File menu of `window` (a LandscapeWindow) and the current file's name."""

    def __init__(self, window, settings: QSettings) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.path: Path | None = None
        self.ask: Ask = ask_with_dialog(window)
        self.choose_open: Callable[[], str] = lambda: QFileDialog.getOpenFileName(
            window, self.tr("Open session"), self._folder(), FILTER
        )[0]
        self.choose_save: Callable[[], str] = lambda: QFileDialog.getSaveFileName(
            window, self.tr("Save session"), self._folder(), FILTER
        )[0]
        self._saved_setup = self._setup()
        self.menu = window.menuBar().addMenu(self.tr("&File"))
        self._action(self.tr("&New landscape study"), QKeySequence.StandardKey.New, self.new)
        self._action(self.tr("New &model study"), "Ctrl+Shift+N", self.new_model)
        self._action(self.tr("&Open…"), QKeySequence.StandardKey.Open, self.open_dialog)
        self.recent_menu = QMenu(self.tr("Open &recent"), window)
        self.menu.addMenu(self.recent_menu)
        self._action(self.tr("&Save"), QKeySequence.StandardKey.Save, self.save)
        self._action(self.tr("Save &as…"), QKeySequence.StandardKey.SaveAs, self.save_as)
        self.menu.addSeparator()
        self._show_recent()
        self._scenarios_menu(window)
        window.setAcceptDrops(True)
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
        self.autosave_path = Path(folder or Path.home() / ".optstudio") / "autosave.optstudio"
        self.ask_restore: Callable[[], bool] = lambda: (
            QMessageBox.question(
                window,
                self.tr("Restore"),
                self.tr("optstudio did not close properly last time. Restore the studio it had?"),
            )
            == QMessageBox.StandardButton.Yes
        )
        self._autosaved = ""
        self.title = ""
        self.explanation = ""
        """The open scenario's or session's title and explanation, kept when it is saved."""
        self.model_runs: list[dict] = []
        """The open session's model runs: the window has no view of them yet, so it keeps
        them as they came and saves them again, losing nothing."""
        self.title_timer = QTimer(self)
        self.title_timer.setInterval(TITLE_MS)
        self.title_timer.timeout.connect(self._show_title)
        self.title_timer.start()
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.autosave)

    def _scenarios_menu(self, window) -> None:
        from ...studies.gallery import PRESETS, presets_folder

        menu = window.menuBar().addMenu(self.tr("&Scenarios"))
        gallery = menu.addAction(self.tr("Gallery…"))
        gallery.triggered.connect(self.show_gallery)
        menu.addSeparator()
        for index, preset in enumerate(PRESETS):
            if index and type(preset) is not type(PRESETS[index - 1]):
                menu.addSeparator()  # landscapes, then model studies
            action = menu.addAction(translated(SCENARIO_TEXTS, preset.title))
            action.setToolTip(translated(SCENARIO_TEXTS, preset.explanation))
            path = presets_folder() / f"{preset.name}.optstudio"
            action.triggered.connect(lambda _=False, p=path: self.open_scenario(p, play=True))
        menu.setToolTipsVisible(True)
        self.scenarios_menu = menu

    def show_gallery(self) -> None:
        from ..lecture.gallery import Gallery

        if getattr(self, "gallery", None) is None:
            self.gallery = Gallery(self.window)
        self.gallery.show()
        self.gallery.raise_()
        self.gallery.activateWindow()

    def open_scenario(self, path: str | Path, *, ask: bool = True, play: bool = False) -> bool:
        """A scenario opens as an untitled copy (Save asks where, so the installed scenario is
        never overwritten) that keeps its title and explanation, with the explanation shown;
        `play`: and starts playing at its pace, from the gallery, the menu or Page Down alike."""
        session = self._replace_studio(path, None, ask, self.tr("Cannot open the scenario"))
        if session is None:
            return False
        # a scenario of the other kind opens in a window of its kind, which took this one's place
        window = getattr(self.window, "successor", self.window)
        if session.tuning is not None and hasattr(window, "tuning"):
            window.tuning.open()  # the scenario is about its tuning study: shown with it
        if play and not window.controls.play_action.isChecked():
            window.controls.play_action.trigger()
        return True

    def _replace_studio(
        self, path: str | Path, saved_as: Path | None, ask: bool, problem: str
    ) -> Session | None:
        """Load `path` and show it (None, with a message, if it cannot be read; the current
        studio stays). `saved_as` is the file Save writes to: None for an untitled copy."""
        if ask and not self.may_discard():
            return None
        try:
            session = load_session(path)
        except SessionError as error:
            self.window.warn(problem, str(error))
            return None
        files = self.show_session(session)
        files.path = saved_as
        files.title, files.explanation = session.title, session.explanation
        files.model_runs = list(session.model_runs)
        files._saved_setup = files._setup()  # unchanged, it closes without asking
        files._show_title()
        files.show_explanation()
        return session

    def show_session(self, session: Session) -> SessionActions:
        """Show `session` in this window, or in a new window of its kind that takes this one's
        place (a model study opened in a landscape window, say); that window's File menu."""
        kind = "model" if session.is_model else "landscape"
        if kind == self.window.kind:
            self.window.load_studio(session)
            return self
        replacement = open_windows.hand_over(self.window, open_windows.KINDS[kind], session)
        replacement.files.start_autosave(offer_restore=False)
        return replacement.files

    # ----- autosave -----
    def start_autosave(self, offer_restore: bool = True) -> None:
        """Offer what a crashed studio left, then save the studio every few seconds."""
        if offer_restore and self.autosave_path.exists():
            saved_as = self._autosaved_source()
            restored = self.ask_restore() and self._replace_studio(
                self.autosave_path, saved_as, False, self.tr("Cannot restore")
            )
            if restored:
                # the file it was saved as, again (a restart showed it as "untitled"); the
                # work counts as unsaved unless it is what that file holds
                files = getattr(self.window, "successor", self.window).files
                files._saved_setup = _setup_of(saved_as) if saved_as is not None else ""
                files._show_title()
            self.discard_autosave()
        self.autosave_timer.start()

    @property
    def _source_path(self) -> Path:
        """Beside the autosave: the file the studio was last saved as (empty if untitled)."""
        return self.autosave_path.with_name(self.autosave_path.name + ".source")

    def _autosaved_source(self) -> Path | None:
        try:
            text = self._source_path.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError):
            return None
        return Path(text) if text and Path(text).is_file() else None

    def autosave(self) -> None:
        session = self.window.current_session()
        text = json.dumps([session.to_dict(), str(self.path)], sort_keys=True)
        if text == self._autosaved:
            return
        try:
            self.autosave_path.parent.mkdir(parents=True, exist_ok=True)
            save_session(session, self.autosave_path)
            source = "" if self.path is None else str(self.path)
            atomic_write(self._source_path, lambda f: f.write(source), binary=False)
        except (OSError, ValueError) as error:  # never interrupt the user for this; say it
            reason = getattr(error, "strerror", None) or str(error)
            self.window.statusBar().showMessage(
                self.tr("Autosave failed: {0}").format(reason), 8000
            )
            return
        self._autosaved = text

    def discard_autosave(self) -> None:
        """A clean exit leaves nothing to restore."""
        self.autosave_timer.stop()
        self.autosave_path.unlink(missing_ok=True)
        self._source_path.unlink(missing_ok=True)

    def add_quit(self) -> None:
        """Quit (Ctrl+Q), last in the File menu: closing asks about unsaved changes."""
        self.menu.addSeparator()
        self.quit_action = self._action(self.tr("&Quit"), "Ctrl+Q", self.window.close)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)

    def _action(self, text: str, key, slot) -> QAction:
        action = QAction(text, self.window)
        action.setShortcut(QKeySequence(key))
        action.triggered.connect(lambda _=False: slot())
        self.menu.addAction(action)
        return action

    # ----- state -----
    def _setup(self) -> str:
        """The setup that counts as a change to save: the watching speed does not."""
        setup = self.window.state.to_dict()
        setup.pop("speed", None)
        return json.dumps(setup, sort_keys=True)

    def modified(self) -> bool:
        """Whether the setup (not the progress of the runs) changed since it was saved."""
        return self._setup() != self._saved_setup

    def may_discard(self) -> bool:
        """True when the current studio may be replaced: saved, discarded, or unchanged."""
        if not self.modified():
            return True
        answer = self.ask(
            self.tr("Unsaved changes"),
            self.tr("The studio has changed since it was saved. Save it first?"),
        )
        if answer == "save":
            return self.save()
        return answer == "discard"

    def _folder(self) -> str:
        return str(self.path.parent) if self.path else str(Path.home())

    def window_title(self) -> str:
        """The file's name (or the scenario's title, or "untitled"), marked while the setup has
        changes that are not saved."""
        if self.path is not None:
            name = self.path.name
        elif self.title:
            name = translated(SCENARIO_TEXTS, self.title)
        else:
            name = self.tr("untitled")
        return f"{name}{' *' if self.modified() else ''} — optstudio"

    def show_explanation(self) -> None:
        """The scenario's explanation, whole, under the views (hidden for a study without
        one, so no lesson is left under another study)."""
        from ..lecture.scenario_note import ScenarioNote

        note = self.window.findChild(ScenarioNote)
        if note is None and not self.explanation:
            return
        if note is None:
            note = ScenarioNote.of(self.window)
        note.show_explanation(
            translated(SCENARIO_TEXTS, self.title), translated(SCENARIO_TEXTS, self.explanation)
        )

    def _show_title(self) -> None:
        title = self.window_title()
        if self.window.windowTitle() != title:
            self.window.setWindowTitle(title)

    # ----- actions -----
    def new(self) -> None:
        """A new landscape study (the default loss and runs)."""
        self._new(Session(default_landscape_study()))

    def new_model(self) -> None:
        """A new model study: the Playground's circle and first network, SGD against Adam."""
        self._new(Session(default_model_study()))

    def _new(self, session: Session) -> None:
        if self.may_discard():
            files = self.show_session(session)
            files.path = None
            files.title = files.explanation = ""
            files.model_runs = []
            files._saved_setup = files._setup()
            files._show_title()
            files.show_explanation()

    def open_dialog(self) -> None:
        if self.may_discard():
            chosen = self.choose_open()
            if chosen:
                self.open(chosen, ask=False)

    def open(self, path: str | Path, *, ask: bool = True) -> bool:
        """Open a session; on any problem, say what and keep the current studio."""
        problem = self.tr("Cannot open the session")
        if self._replace_studio(path, Path(path), ask, problem) is None:
            return False
        self._remember(Path(path))
        return True

    def save(self) -> bool:
        if self.path is None:
            return self.save_as()
        return self._write(self.path)

    def save_as(self) -> bool:
        chosen = self.choose_save()
        if not chosen:
            return False
        path = Path(chosen)
        if path.suffix != EXTENSION:
            path = path.with_name(path.name + EXTENSION)
        return self._write(path)

    def _write(self, path: Path) -> bool:
        try:
            save_session(self.window.current_session(), path)
        except (OSError, ValueError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            self.window.warn(
                self.tr("Cannot save the session"),
                self.tr("Cannot write '{0}': {1}").format(str(path), reason),
            )
            return False
        self.path = path
        self._saved_setup = self._setup()
        self._remember(path)
        self._show_title()
        self.window.statusBar().showMessage(self.tr("Saved {0}").format(str(path)), 5000)
        return True

    # ----- recent files -----
    def recent(self) -> list[str]:
        value = self.settings.value("files/recent") or []
        return [str(v) for v in (value if isinstance(value, list) else [value])]

    def _remember(self, path: Path) -> None:
        entries = [str(path.resolve())] + [p for p in self.recent() if p != str(path.resolve())]
        self.settings.setValue("files/recent", entries[:RECENT_LIMIT])
        self._show_recent()

    def _show_recent(self) -> None:
        self.recent_menu.clear()
        for entry in self.recent():
            action = self.recent_menu.addAction(Path(entry).name)
            action.setToolTip(entry)
            action.triggered.connect(lambda _=False, p=entry: self.open(p))
        self.recent_menu.setEnabled(bool(self.recent()))

    # ----- drag and drop (forwarded by the window) -----
    @staticmethod
    def dropped_session(mime) -> str | None:
        for url in mime.urls() if mime.hasUrls() else []:
            if url.isLocalFile() and url.toLocalFile().endswith(EXTENSION):
                return url.toLocalFile()
        return None


def _setup_of(path: Path) -> str:
    """The setup a session file holds, as `SessionActions._setup` writes it ("" if it cannot
    be read: the restored work then counts as unsaved)."""
    try:
        setup = load_session(path).state.to_dict()
    except SessionError:
        return ""
    setup.pop("speed", None)
    return json.dumps(setup, sort_keys=True)
