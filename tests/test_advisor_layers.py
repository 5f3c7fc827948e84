"""The advisor's inner layers: scoring returns typed results and imports no wording; the
wording (``careerpath/advisor/explain/``) imports neither the composer nor the renderers.

Read from the source (no imports run), so a cycle cannot hide behind a lazy import.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ADVISOR = Path(__file__).resolve().parents[1] / "careerpath" / "advisor"


def _imported_modules(path: Path) -> set:
    """Modules ``path`` imports, relative ones resolved inside careerpath.advisor."""
    package = ["careerpath", "advisor", *path.relative_to(ADVISOR).parent.parts]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


@pytest.mark.parametrize(
    "module", ["scoring.py", "preference_rules.py", "catalog_views.py", "results.py"]
)
def test_scoring_writes_no_prose(module):
    """Scoring returns typed results; sentences are built from them in explain/ (one way)."""
    imported = _imported_modules(ADVISOR / module)
    wording = {
        name
        for name in imported
        if name.startswith(
            ("careerpath.advisor.explain", "careerpath.advisor.advice", "careerpath.advisor.render")
        )
    }
    assert not wording, f"{module} imports {sorted(wording)}"


def test_wording_never_imports_the_composer():
    for path in (ADVISOR / "explain").glob("*.py"):
        imported = _imported_modules(path)
        assert not {
            name
            for name in imported
            if name.startswith(("careerpath.advisor.advice", "careerpath.advisor.render"))
        }, path
