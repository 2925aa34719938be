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
