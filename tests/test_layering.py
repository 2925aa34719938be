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
import optstudio.live.process
assert not any(m.startswith(('PySide6', 'pyqtgraph')) for m in sys.modules), 'live loaded Qt'
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


def test_every_library_the_package_imports_is_a_declared_dependency():
    """A library that happens to be installed (torch brings sympy) hides a missing one."""
    import ast
    import sys
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    declared = " ".join(
        tomllib.loads((root / "pyproject.toml").read_text())["project"]["dependencies"]
    )
    distribution = {
        "PySide6": "PySide6-Essentials",
        "OpenGL": "PyOpenGL",
        "imageio_ffmpeg": "imageio-ffmpeg",
        "PIL": "pillow",
    }
    imported = set()
    for path in (root / "optstudio").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    third_party = {name for name in imported if name not in sys.stdlib_module_names} - {"optstudio"}
    missing = {name for name in third_party if distribution.get(name, name) not in declared}
    assert not missing, f"declare in pyproject's dependencies: {sorted(missing)}"


def test_the_command_line_has_no_import_cycle():
    """One module a subcommand and their shared options in one more: no module of the command
    line imports another that imports it back (cli.py, cli_code.py and cli_sweeps.py did)."""
    import ast
    from pathlib import Path

    folder = Path(__file__).resolve().parents[1] / "optstudio" / "cli"
    modules = {path.stem: path for path in folder.glob("*.py")}
    edges: dict[str, set[str]] = {}
    for name, path in modules.items():
        found = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                target = (node.module or "").split(".")[0]
                found |= {target} if target else {a.name for a in node.names}
        edges[name] = {t for t in found if t in modules and t != name}
    edges["__init__"] = set()  # the package imports its modules; none may import it back
    assert all("__init__" not in targets for targets in edges.values())

    def cycle_from(start: str, seen: tuple[str, ...]) -> tuple[str, ...] | None:
        for nxt in edges[start]:
            if nxt in seen:
                return (*seen, nxt)
            found = cycle_from(nxt, (*seen, nxt))
            if found:
                return found
        return None

    for name in modules:
        assert cycle_from(name, (name,)) is None
    assert {"options", "run", "sweep", "code", "render", "studio"} <= set(modules)
