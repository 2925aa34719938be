"""The engine stands alone: no Qt, and nothing compiled at import."""

import subprocess
import sys

CHECK = """
import sys
import optstudio, optstudio.engine, optstudio.io.export
run = optstudio.simulate
assert 'numba' not in sys.modules, 'import optstudio loaded numba'
assert not any(m.startswith(('PySide6', 'pyqtgraph')) for m in sys.modules), 'engine loaded Qt'
optstudio.simulate('rosenbrock', 'gd', steps=3)
assert not any(m.startswith(('PySide6', 'pyqtgraph')) for m in sys.modules), 'run loaded Qt'
print('ok')
"""


def test_engine_imports_without_qt_or_compiling():
    result = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, check=False
    )
    assert result.stdout.strip() == "ok", result.stderr


def test_every_package_is_installed():
    """pyproject lists packages by name: a new one left out would be missing once installed."""
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    listed = set(
        tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(path.parent.relative_to(root).parts)
        for path in (root / "optstudio").rglob("__init__.py")
    }
    assert found <= listed, f"add to pyproject's packages: {sorted(found - listed)}"
