"""numba's cache locator for the frozen application (named to numba by `frozen.configure`
through NUMBA_CACHE_LOCATOR_CLASSES).

numba files a function's cache under a hash of its source's absolute folder, so kernels
compiled where the bundle was built would never be found where a user unpacked it. This
locator files them under the module's folder inside the application (optstudio/engine), the
same wherever it lies; functions outside the application are left to numba's own locators.
"""

from __future__ import annotations

import os
import sys

from numba.core.caching import UserProvidedCacheLocator


def _root() -> str:
    return os.path.abspath(getattr(sys, "_MEIPASS", os.path.dirname(sys.executable)))


class BundleLocator(UserProvidedCacheLocator):
    @classmethod
    def get_suitable_cache_subpath(cls, py_file: str) -> str:
        return os.path.relpath(os.path.dirname(os.path.abspath(py_file)), _root())

    @classmethod
    def from_function(cls, py_func, py_file):  # type: ignore[no-untyped-def]
        if not os.path.abspath(py_file).startswith(_root() + os.sep):
            return None
        return super().from_function(py_func, py_file)
