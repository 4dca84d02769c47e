"""The layers point one way, checked on the source and on a real import.

corpus imports neither search nor tui; search does not import tui; neither of them, nor
the indexing pipeline, imports Textual or Rich.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGES = {"corpus": "polyglance.corpus", "search": "polyglance.search", "tui": "polyglance.tui"}
FORBIDDEN = {
    "polyglance.corpus": ("polyglance.search", "polyglance.tui", "textual", "rich"),
    "polyglance.search": ("polyglance.tui", "textual", "rich"),
}
UI_FREE = ("polyglance.tui.pipeline",)


def _module_name(path: Path) -> str:
    folder = path.relative_to(REPO).parts[0]
    rest = path.relative_to(REPO / folder).with_suffix("").parts
    parts = [PACKAGES[folder], *[p for p in rest if p != "__init__"]]
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports, relative imports resolved."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            found.add(name)
    return found


def _sources(folder: str) -> list[Path]:
    return sorted(p for p in (REPO / folder).rglob("*.py"))


def _violations(module_prefix: str, banned: tuple[str, ...]) -> list[str]:
    folder = next(f for f, name in PACKAGES.items() if name == module_prefix)
    bad = []
    for path in _sources(folder):
        for name in _imports(path):
            if any(name == b or name.startswith(b + ".") for b in banned):
                bad.append(f"{path.relative_to(REPO)} imports {name}")
    return bad


def test_corpus_and_search_import_only_downwards():
    problems = [v for prefix, banned in FORBIDDEN.items() for v in _violations(prefix, banned)]
    assert not problems, problems


def test_the_pipeline_imports_no_ui():
    path = REPO / "tui" / "pipeline.py"
    bad = [n for n in _imports(path) if n.split(".")[0] in ("textual", "rich")]
    assert not bad


def test_importing_the_core_loads_no_ui_library():
    modules = [_module_name(p) for f in ("corpus", "search") for p in _sources(f)] + list(UI_FREE)
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout
