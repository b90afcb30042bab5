"""The layers of docs/architecture.md hold: no import cycle, no import pointing up a stage.

Every module of the package is parsed (not imported), and every import counts: at module level,
inside functions, under ``TYPE_CHECKING``.  Lazy imports of optional third-party packages are
fine; imports of the package's own modules inside functions are not (they hide cycles).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import witnesscollate

PACKAGE = Path(witnesscollate.__file__).resolve().parent

#: The layers, lowest first; a module may import its own layer and those below it.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("witnesscollate._version", "witnesscollate.errors"),
    ("witnesscollate._io",),
    ("witnesscollate.model",),
    ("witnesscollate.normalization",),
    ("witnesscollate.tokenization",),
    ("witnesscollate.reading",),
    ("witnesscollate.corpus",),
    ("witnesscollate.alignment",),
    ("witnesscollate.analysis",),
    ("witnesscollate.rendering",),
    ("witnesscollate.api",),
    ("witnesscollate.cli", "witnesscollate.__main__"),
    ("witnesscollate",),
)


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> list[str]:
    """The package modules an ``import from`` names (``from . import x`` may name a module)."""
    if node.level:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        target = ".".join([*base, node.module] if node.module else base)
    else:
        target = node.module or ""
    return [target, *(f"{target}.{alias.name}" for alias in node.names)]


def _imports() -> dict[str, set[tuple[str, bool]]]:
    """module -> {(imported package module, inside a function)}."""
    known = {_module_name(p) for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[tuple[str, bool]]] = {}
    for path in PACKAGE.rglob("*.py"):
        module = _module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found: set[tuple[str, bool]] = set()
        for node in ast.walk(tree):
            nested = False
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                nested = _in_function(tree, node)
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = _resolve(module, path.name == "__init__.py", node)
            else:
                continue
            if isinstance(node, ast.ImportFrom):
                # ``from pkg import module`` imports the module, not (for layering) pkg itself
                submodules = [n for n in names[1:] if n in known]
                names = submodules or names[:1]
            for name in names:
                if name in known and name != module:
                    found.add((name, nested))
        graph[module] = found
    return graph


def _in_function(tree: ast.AST, target: ast.AST) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
            child is target for child in ast.walk(node)
        ):
            return True
    return False


def _layer(module: str) -> int:
    best = -1
    best_len = -1
    for i, prefixes in enumerate(LAYERS):
        for p in prefixes:
            if (module == p or module.startswith(p + ".")) and len(p) > best_len:
                best, best_len = i, len(p)
    if best < 0:
        raise AssertionError(f"{module} is in no layer of docs/architecture.md")
    return best


GRAPH = _imports()


def test_every_module_has_a_layer() -> None:
    for module in GRAPH:
        _layer(module)


def test_imports_point_down_the_stages() -> None:
    upward = [
        f"{m} (layer {_layer(m)}) imports {t} (layer {_layer(t)})"
        for m, targets in GRAPH.items()
        for t, _ in targets
        if _layer(t) > _layer(m) and not t.startswith(m + ".")
    ]
    assert upward == []


def test_no_package_import_inside_a_function() -> None:
    hidden = sorted(
        f"{m} -> {t}" for m, targets in GRAPH.items() for t, nested in targets if nested
    )
    assert hidden == []


def test_no_import_cycle() -> None:
    edges = {m: {t for t, _ in ts} for m, ts in GRAPH.items()}
    # A package's __init__ importing its own submodules is how packages re-export: the
    # submodules importing the package back is the cycle to find, so keep both directions.
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for t in sorted(edges.get(m, ())):
            if state.get(t) == 1:
                cycles.append([*stack[stack.index(t) :], t])
            elif t not in state:
                visit(t)
        stack.pop()
        state[m] = 2

    for m in sorted(edges):
        if m not in state:
            visit(m)
    assert cycles == []


@pytest.mark.parametrize("record", ["witness", "collation", "apparatus", "alterations", "stemma"])
def test_model_imports_nothing_but_errors_and_version(record: str) -> None:
    targets = {t for t, _ in GRAPH[f"witnesscollate.model.{record}"]}
    outside = {
        t
        for t in targets
        if not t.startswith("witnesscollate.model")
        and t not in ("witnesscollate.errors", "witnesscollate._version")
    }
    assert outside == set()
