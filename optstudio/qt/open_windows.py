"""The studio windows alive.

Qt deletes a top-level window that no Python object holds, so the studio holds its windows
here: start-up adds the first, a change of language swaps a window for its rebuilt twin, and
SIGTERM saves each. A module of its own because start-up (`app.py`), the window and its menus
all need it, and none of them may import another in a circle.
"""

from __future__ import annotations

OPEN: list = []
"""The studio windows, oldest first."""
RETIRED: list = []
"""The last window closed for its replacement: held a while longer, because a dialog of its
own (the gallery) may still be running the slot that replaced it. Only the last is held: an
earlier one's slots are long done, and a lecturer paging through scenarios of both kinds would
otherwise keep every window."""


def keep(window) -> None:
    """Hold `window` for as long as the studio runs."""
    OPEN.append(window)


def replace(old, new) -> None:
    """`new` takes the place of `old`, which Qt may now delete."""
    if old in OPEN:
        OPEN.remove(old)
    OPEN.append(new)


KINDS: dict[str, type] = {}
"""The window class of each kind of study ("landscape", "model"), registered by
`qt/windows.py`: the File menu opens a session of the other kind in a window of its kind."""


def register(kind: str, window_class: type) -> None:
    KINDS[kind] = window_class


def hand_over(old, window_class: type, session):
    """A new window of `window_class` showing `session` takes `old`'s place: its geometry,
    settings, file and the ways it asks and warns (tests replace them); `old` closes."""
    files = old.files
    replacement = window_class(state=session.state, settings=old.settings)
    replacement.restoreGeometry(old.saveGeometry())
    replacement.files.ask = files.ask
    replacement.files.choose_open = files.choose_open
    replacement.files.choose_save = files.choose_save
    replacement.warn = old.warn
    replacement.show()
    replacement.load_studio(session)
    presenting = old.presentation.active
    if presenting:  # a lecturer paging through the scenarios stays on the projector
        old.presentation.leave()
    files.ask = lambda *_: "discard"  # the studio lives on in the new window
    old.successor = replacement
    old.close()
    replace(old, replacement)
    RETIRED[:] = [old]
    if presenting:
        replacement.presentation.enter()
    return replacement
