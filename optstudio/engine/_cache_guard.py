"""Keep numba's on-disk cache in step with the engine's kernel sources.

numba validates a cached function against the timestamp of its own file only, not of the
functions it calls: after an edit to a loss or an optimizer step, the cached step loop in
`_kernel.py` would still hold the old code. Before any kernel loads, this compares a digest of
every kernel source with the one recorded beside the cache, and clears the engine's cache files
when they differ. It runs once per process and costs a millisecond.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

ENGINE = Path(__file__).resolve().parent
SOURCES = (
    "_ids.py",
    "_formula_kernels.py",
    "_loss_kernels.py",
    "_update_rules.py",
    "_optimizer_steps.py",
    "_random.py",
    "_kernel.py",
    "_sweep_kernel.py",
    "models/_elementary.py",
    "models/_vector_rows.py",
    "models/_layer_gradients.py",
    "models/_network_kernels.py",
    "models/_hessian.py",
    "models/_matrix_rules.py",
    "models/_train_kernel.py",
)
DIGEST_NAME = "optstudio-kernels.digest"


def _cache_folders() -> list[Path]:
    folders = [ENGINE / "__pycache__", ENGINE / "models" / "__pycache__"]
    if os.environ.get("NUMBA_CACHE_DIR"):
        folders.append(Path(os.environ["NUMBA_CACHE_DIR"]))
    return folders


def ensure_fresh_cache() -> None:
    digest = hashlib.sha256()
    for name in SOURCES:
        digest.update((ENGINE / name).read_bytes())
    current = digest.hexdigest()
    for folder in _cache_folders():
        marker = folder / DIGEST_NAME
        try:
            if marker.exists() and marker.read_text() == current:
                continue
            for cached in folder.rglob("*.nb[ic]"):
                if "optstudio" in str(cached) or folder.parent in (ENGINE, ENGINE / "models"):
                    cached.unlink(missing_ok=True)
            folder.mkdir(parents=True, exist_ok=True)
            marker.write_text(current)
        except OSError:
            pass  # a read-only install: numba then caches elsewhere, or not at all


ensure_fresh_cache()
