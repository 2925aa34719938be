"""Settings for the frozen (PyInstaller) application, applied before numba loads.

The bundle ships numba's compiled kernels (`engine/precompile.py`, run at build time), so a
user's first model step loads its kernel in a fraction of a second instead of compiling it
for half a minute. Compiled code is only valid for the CPU it was compiled for, so the bundle
holds two caches: one for "x86-64-v3" (AVX2 and FMA, every x86 laptop of the last decade;
within 1.3x of the host's own code in `benchmarks/`) and one for the generic CPU, which runs
anywhere (2.4x slower on the Playground network); each start picks the best its CPU runs.

The application's folder may be read-only and is replaced by each update, so the kernels are
used from the user's cache folder, copied there from the bundle on the first start of each
build; `bundle_locator` files them by module, so they are found wherever the bundle was
unpacked (numba 0.61 and later read NUMBA_CACHE_LOCATOR_CLASSES; an older numba compiles on
the first start, as before).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

TARGETS = ("x86-64-v3", "generic")
"""The CPUs the bundle's kernels are compiled for, the fastest first."""
V3_FEATURES = ("avx", "avx2", "fma", "bmi", "bmi2", "f16c", "lzcnt", "movbe", "popcnt")
BUNDLED_CACHE = "numba_cache"
"""The bundle's folder of compiled kernels, a zip file per target (numba's cache files
compress 2.4 times)."""
BUILD_STAMP = "BUILD"
"""A file in each bundled cache naming its build: a new build's cache is copied again."""


def user_cache_folder() -> Path:
    """The per-user cache folder of optstudio, by each platform's convention."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "optstudio" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "optstudio"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "optstudio"


def kernel_target() -> str:
    """The fastest of TARGETS this CPU runs."""
    import platform

    if platform.machine().lower() not in ("x86_64", "amd64"):
        return "generic"
    import llvmlite.binding as llvm

    features = llvm.get_host_cpu_features()
    return "x86-64-v3" if all(features.get(name) for name in V3_FEATURES) else "generic"


def bundle_root() -> Path:
    """Where the frozen application's files are (PyInstaller's _internal folder)."""
    return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))


CHOSEN = "OPTSTUDIO_KERNELS"
"""Set by the first frozen process to the target it chose: its engine and drawing processes
(started from it) use the same kernels without choosing again."""
LOCATORS = (
    "optstudio.bundle_locator.BundleLocator,UserProvidedCacheLocator,InTreeCacheLocator,"
    "UserWideCacheLocator"
)


def configure(precompile_target: str | None = None) -> None:
    """Point numba at the shipped kernels when running frozen; `precompile_target` (build
    time) compiles them into the bundle's own cache for that target instead."""
    if not getattr(sys, "frozen", False):
        return
    if CHOSEN in os.environ and precompile_target is None:
        return  # a process the application started: its environment already says it all
    root = bundle_root()
    if precompile_target is not None:
        target = precompile_target
        folder = root / BUNDLED_CACHE / target
        folder.mkdir(parents=True, exist_ok=True)
    elif "NUMBA_CPU_NAME" in os.environ:  # the user's own choice: their own cache
        target = os.environ["NUMBA_CPU_NAME"]
        folder = user_cache_folder() / "numba" / "own"
        folder.mkdir(parents=True, exist_ok=True)
    else:
        target = kernel_target()
        folder = user_cache_folder() / "numba" / target
        _seed(root / BUNDLED_CACHE / target, folder)
    os.environ.setdefault("NUMBA_CPU_NAME", target)
    os.environ.setdefault("NUMBA_CPU_FEATURES", "")  # the target's own, not this CPU's
    os.environ.setdefault("NUMBA_CACHE_DIR", str(folder))
    os.environ.setdefault("NUMBA_CACHE_LOCATOR_CLASSES", LOCATORS)
    os.environ[CHOSEN] = target


def _seed(shipped: Path, folder: Path) -> None:
    """Unpack the shipped kernels (`shipped`.zip) into the user's cache once per build."""
    import zipfile

    folder.mkdir(parents=True, exist_ok=True)
    archive = shipped.with_suffix(".zip")
    if not archive.is_file():
        return
    seeded = folder / BUILD_STAMP
    try:
        with zipfile.ZipFile(archive) as kernels:
            build = kernels.read(BUILD_STAMP).decode()
            if seeded.is_file() and seeded.read_text() == build:
                return
            kernels.extractall(folder)
    except (OSError, KeyError, zipfile.BadZipFile):  # a full disk: they compile as needed
        return
