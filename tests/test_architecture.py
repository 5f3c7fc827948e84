"""The shape of the code, checked from the source (ast), without importing anything.

- No import cycles among the modules of careerpath/, actions/, careerpath_rasa/ and workspace/
  (imports inside functions count; imports under ``if TYPE_CHECKING:`` do not, they never run).
- The layers import one way: careerpath (the library) imports no Rasa, no rasa_sdk, no Sanic and
  none of the packages built on it; actions/ uses rasa_sdk but not Rasa itself nor the
  Rasa-server plugins; careerpath_rasa/ does not reach into the SDK actions; the counselor
  workspace (its own Sanic app) uses the library only.
- No module over 400 lines unless its docstring says why in its first lines ("Long because ...").
- bench/, evaluation/ and harness/ import nothing from tests/ (they are tools, not test code).
"""

from __future__ import annotations

import ast
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERED_PACKAGES = ("careerpath", "actions", "careerpath_rasa", "workspace")
MAX_MODULE_LINES = 400
LONG_MODULE_REASON = "Long because"
REASON_WITHIN_DOCSTRING_LINES = 3
SIZE_CHECKED_FOLDERS = (
    "careerpath",
    "actions",
    "careerpath_rasa",
    "workspace",
    "harness",
    "bench",
    "evaluation",
    "tests",
)

# What each layer must not import (a prefix matches the package and all its submodules).
FORBIDDEN_IMPORTS = {
    "careerpath": (
        "rasa",
        "rasa_sdk",
        "sanic",
        "tensorflow",
        "careerpath_rasa",
        "actions",
        "workspace",
    ),
    "actions": ("rasa", "careerpath_rasa", "workspace", "tensorflow"),
    "careerpath_rasa": ("actions", "workspace"),
    # The counselor workspace is its own Sanic app on the library, beside the bot.
    "workspace": ("rasa", "rasa_sdk", "tensorflow", "actions", "careerpath_rasa"),
    "bench": ("tests",),
    "evaluation": ("tests",),
    "harness": ("tests",),
}


@dataclass(frozen=True)
class Import:
    source: str  # the importing module, dotted
    target: str  # the imported module (or the package a name was imported from), dotted
    path: Path
    line: int
    type_checking_only: bool

    def where(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def python_files(folder: str) -> list[Path]:
    return sorted(path for path in (ROOT / folder).rglob("*.py") if "__pycache__" not in path.parts)


def all_modules() -> dict[str, Path]:
    folders = set(LAYERED_PACKAGES) | set(FORBIDDEN_IMPORTS) | set(SIZE_CHECKED_FOLDERS)
    return {module_name(path): path for folder in sorted(folders) for path in python_files(folder)}


def _is_type_checking_test(node: ast.expr) -> bool:
    return (isinstance(node, ast.Name) and node.id == "TYPE_CHECKING") or (
        isinstance(node, ast.Attribute) and node.attr == "TYPE_CHECKING"
    )


class _ImportCollector(ast.NodeVisitor):
    """Every import statement of one module, wherever it is (functions, classes, try blocks)."""

    def __init__(self, module: str, path: Path, known: set[str]):
        self.module, self.path, self.known = module, path, known
        self.is_package = path.name == "__init__.py"
        self.imports: list[Import] = []
        self._type_checking = 0

    def visit_If(self, node: ast.If) -> None:
        if _is_type_checking_test(node.test):
            self._type_checking += 1
            for child in node.body:
                self.visit(child)
            self._type_checking -= 1
            for child in node.orelse:
                self.visit(child)
        else:
            self.generic_visit(node)

    def _add(self, target: str, line: int) -> None:
        self.imports.append(Import(self.module, target, self.path, line, self._type_checking > 0))

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(alias.name, node.lineno)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        base = self._resolve_base(node)
        for alias in node.names:
            candidate = f"{base}.{alias.name}" if base else alias.name
            # `from package import submodule` imports the submodule; otherwise a name from `base`.
            self._add(candidate if candidate in self.known else base, node.lineno)

    def _resolve_base(self, node: ast.ImportFrom) -> str:
        if not node.level:
            return node.module or ""
        package = self.module.split(".")
        if not self.is_package:
            package = package[:-1]
        if node.level > 1:
            package = package[: len(package) - (node.level - 1)]
        return ".".join(package + ([node.module] if node.module else []))


def imports_of(module: str, path: Path, known: set[str]) -> list[Import]:
    collector = _ImportCollector(module, path, known)
    collector.visit(ast.parse(path.read_text(), filename=str(path)))
    return collector.imports


@pytest.fixture(scope="module")
def modules() -> dict[str, Path]:
    return all_modules()


@pytest.fixture(scope="module")
def imports(modules) -> list[Import]:
    known = set(modules)
    return [found for name, path in modules.items() for found in imports_of(name, path, known)]


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


# ---- cycles -----------------------------------------------------------------------------
def strongly_connected_components(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative (no recursion limit on long chains)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            advanced = False
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = counter
                    counter += 1
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(graph[successor]))))
                    advanced = True
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(sorted(component))
    return components


def one_cycle(graph: dict[str, set[str]], members: list[str]) -> list[str]:
    """A shortest cycle through the first member, staying inside the component."""
    inside = set(members)
    start = members[0]
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for successor in sorted(graph[node] & inside):
                if successor == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return [start, *reversed(path[:-1]), start]
                if successor not in previous:
                    previous[successor] = node
                    following.append(successor)
        frontier = following
    return members


def test_no_import_cycles_among_the_layered_packages(modules, imports):
    layered = {name for name in modules if any(_within(name, p) for p in LAYERED_PACKAGES)}
    graph: dict[str, set[str]] = {name: set() for name in layered}
    lines: dict[tuple[str, str], str] = {}
    for found in imports:
        if found.type_checking_only or found.source not in layered or found.target not in layered:
            continue
        if found.source != found.target:
            graph[found.source].add(found.target)
            lines.setdefault((found.source, found.target), found.where())
    cycles = []
    for component in strongly_connected_components(graph):
        if len(component) < 2:
            continue
        cycle = one_cycle(graph, component)
        steps = ", ".join(f"{a} -> {b} ({lines[(a, b)]})" for a, b in itertools.pairwise(cycle))
        cycles.append(f"{len(component)} modules import each other, e.g. {steps}")
    assert not cycles, "Import cycles:\n" + "\n".join(cycles)


# ---- layers -----------------------------------------------------------------------------
def _violations(imports: list[Import], layer: str) -> list[str]:
    forbidden = FORBIDDEN_IMPORTS[layer]
    return [
        f"{found.where()} imports {found.target}"
        for found in imports
        if _within(found.source, layer)
        and any(_within(found.target, banned) for banned in forbidden)
    ]


@pytest.mark.parametrize("layer", sorted(FORBIDDEN_IMPORTS))
def test_each_layer_imports_only_what_it_may(imports, layer):
    violations = _violations(imports, layer)
    assert not violations, (
        f"{layer}/ must not import {', '.join(FORBIDDEN_IMPORTS[layer])}:\n" + "\n".join(violations)
    )


def test_the_checks_see_function_level_and_relative_imports(tmp_path):
    """The collector itself: imports inside functions and relative imports are found, and
    ``if TYPE_CHECKING:`` imports are marked so the cycle check can skip them."""
    package = ROOT / "careerpath" / "example"  # never written: only the name is used
    source = tmp_path / "engine.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "from . import explain\n"
        "from ..kb import catalog\n"
        "if TYPE_CHECKING:\n"
        "    from .results import Result\n"
        "def run():\n"
        "    import rasa.core\n"
        "    from careerpath.kb.repository import load_catalog\n"
    )
    collector = _ImportCollector(
        "careerpath.example.engine",
        package / "engine.py",
        {"careerpath.example.explain", "careerpath.kb.catalog", "careerpath.kb.repository"},
    )
    collector.visit(ast.parse(source.read_text()))
    found = {(item.target, item.type_checking_only) for item in collector.imports}
    assert ("careerpath.example.explain", False) in found
    assert ("careerpath.kb.catalog", False) in found
    assert ("careerpath.example.results", True) in found
    assert ("rasa.core", False) in found
    assert ("careerpath.kb.repository", False) in found


def test_cycle_finder_reports_a_cycle_and_accepts_a_tree():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    components = [c for c in strongly_connected_components(graph) if len(c) > 1]
    assert components == [["a", "b", "c"]]
    assert one_cycle(graph, components[0]) == ["a", "b", "c", "a"]
    tree = {"a": {"b", "c"}, "b": {"c"}, "c": set()}
    assert all(len(c) == 1 for c in strongly_connected_components(tree))


# ---- module size ------------------------------------------------------------------------
def _reason_given(path: Path) -> bool:
    docstring = ast.get_docstring(ast.parse(path.read_text())) or ""
    first_lines = docstring.splitlines()[:REASON_WITHIN_DOCSTRING_LINES]
    return any(LONG_MODULE_REASON.lower() in line.lower() for line in first_lines)


def test_no_module_is_long_without_a_reason_at_its_top():
    too_long = []
    for folder in SIZE_CHECKED_FOLDERS:
        for path in python_files(folder):
            lines = len(path.read_text().splitlines())
            if lines > MAX_MODULE_LINES and not _reason_given(path):
                too_long.append(f"{path.relative_to(ROOT)}: {lines} lines")
    assert not too_long, (
        f"Modules over {MAX_MODULE_LINES} lines without '{LONG_MODULE_REASON} ...' in the first "
        f"{REASON_WITHIN_DOCSTRING_LINES} lines of their docstring (split them, or say why):\n"
        + "\n".join(too_long)
    )
