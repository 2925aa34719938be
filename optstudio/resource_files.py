"""Where the files under `resources/` are: the checkout's folder when running from a source
tree (what a developer edits), else the copy installed with the package. One definition for
the scenarios, the data sets, the translations and the icons, wherever their modules sit."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent / "resources"


def resource_folder(name: str) -> Path:
    """The folder `resources/NAME` (presets, data, i18n, icons)."""
    if (CHECKOUT / name).is_dir():
        return CHECKOUT / name
    return Path(str(resources.files("optstudio") / "resources" / name))
