"""The frozen application's entry point (PyInstaller runs this script)."""

import sys

from optstudio.frozen import configure

configure()  # before anything imports numba

from optstudio.cli import main  # noqa: E402

sys.exit(main())
