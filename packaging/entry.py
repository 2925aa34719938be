"""The frozen application's entry point (PyInstaller runs this script)."""

import multiprocessing
import sys

from optstudio.frozen import configure

if len(sys.argv) == 3 and sys.argv[1] == "--precompile-kernels":  # at build time
    configure(precompile_target=sys.argv[2])
    from optstudio.engine.precompile import precompile

    precompile()
    sys.exit(0)
configure()  # before anything imports numba

# The engine runs in a process of its own: the executable started as that process runs the
# engine here and never reaches the window (`--live-engine FD KIND`; multiprocessing on
# Windows).
multiprocessing.freeze_support()
if len(sys.argv) in (3, 4) and sys.argv[1] == "--live-engine":
    from optstudio.live.process import main as engine_main

    sys.exit(engine_main(*sys.argv[2:4]))

from optstudio.cli import main  # noqa: E402

sys.exit(main())
