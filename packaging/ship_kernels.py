"""Compile every kernel into the built application's own cache, for each CPU it targets
(`optstudio/frozen.py`), and stamp the caches with this build; run by build.sh after
PyInstaller: python packaging/ship_kernels.py dist/optstudio"""

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

from optstudio.frozen import BUILD_STAMP, BUNDLED_CACHE, TARGETS


def main(app: Path) -> None:
    binary = app / "optstudio"
    env = {k: v for k, v in os.environ.items() if not k.startswith("NUMBA_")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    build = uuid.uuid4().hex
    for target in TARGETS:
        began = time.perf_counter()
        subprocess.run([str(binary), "--precompile-kernels", target], env=env, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        folder = app / "_internal" / BUNDLED_CACHE / target
        (folder / BUILD_STAMP).write_text(build)
        size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
        archive = shutil.make_archive(str(folder), "zip", folder)
        shutil.rmtree(folder)
        print(
            f"kernels for {target}: {time.perf_counter() - began:.0f} s, {size / 2**20:.0f} MB,"
            f" {Path(archive).stat().st_size / 2**20:.0f} MB zipped"
        )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
