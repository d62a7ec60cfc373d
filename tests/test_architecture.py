"""The package's plan holds: data flows one way through the stages, and no module imports
itself back through another (see docs/architecture.md).

Imports are read from the source (every `import` statement, also inside functions and under
TYPE_CHECKING), so a circle hidden in a function body counts as well.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "pam_recognition"
NAME = PACKAGE.name


def _modules() -> dict[str, tuple[Path, bool]]:
    """Dotted module name -> (file, is a package)."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        out[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return out


MODULES = _modules()


def _imports(module: str) -> set[str]:
    """The package's modules that `module` imports (a name imported from a package counts as
    its submodule when there is one, else as the package)."""
    path, is_package = MODULES[module]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name in MODULES}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                if f"{target}.{alias.name}" in MODULES:
                    found.add(f"{target}.{alias.name}")
                elif target in MODULES:
                    found.add(target)
    found.discard(module)
    return found


GRAPH = {module: _imports(module) for module in MODULES}


def _circles() -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(GRAPH[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(GRAPH):
        if node not in index:
            visit(node)
    return groups


def test_the_reader_finds_imports_of_every_kind() -> None:
    assert f"{NAME}.comparison.engine" in GRAPH[f"{NAME}.comparison"]  # from .engine import compare
    assert any(m.startswith(f"{NAME}.comparison") for m in GRAPH[f"{NAME}.cli.cli_compare"])  # inside functions
    assert f"{NAME}.input.drafts" in GRAPH[f"{NAME}.graph.graph"]  # under TYPE_CHECKING


def test_no_import_circles() -> None:
    assert _circles() == []


# The stages in the order data flows through them; each folder imports only its own stage and
# the ones before it (the package's __init__ and __main__ only start the command line).
STAGES = ["common", "model", "input", "graph", "comparison", "linked_data", "sitegen", "cli"]


def _stage(module: str) -> int | None:
    parts = module.split(".")
    return STAGES.index(parts[1]) if len(parts) > 1 and parts[1] in STAGES else None


def test_every_module_sits_in_a_stage_folder() -> None:
    assert sorted(m for m in MODULES if _stage(m) is None) == [NAME, f"{NAME}.__main__"]


@pytest.mark.parametrize("module", sorted(m for m in MODULES if _stage(m) is not None))
def test_no_stage_imports_a_later_one(module: str) -> None:
    own = _stage(module)
    assert own is not None
    later = sorted(m for m in GRAPH[module] if (_stage(m) or 0) > own)
    assert later == [], f"{module} ({STAGES[own]}) imports a later stage: {later}"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m.startswith(f"{NAME}.comparison")))
def test_comparison_imports_only_the_graph_the_models_and_itself(module: str) -> None:
    # the models: the data files' and the gap report's (model/report.py declares what it writes)
    # and the package's own registries and error base (common/): package facts, not the knowledge base
    allowed = {f"{NAME}.graph", f"{NAME}.graph.graph", f"{NAME}.model", f"{NAME}.model.models", f"{NAME}.model.report"}
    allowed |= {f"{NAME}.common", f"{NAME}.common.errors", f"{NAME}.common.registry", f"{NAME}.common.package_yaml"}
    outside = {m for m in GRAPH[module] if not m.startswith(f"{NAME}.comparison")}
    assert outside <= allowed, f"{module} imports {sorted(outside - allowed)}"


# The graph is built from the loaded knowledge base and answers every question about it; the
# modules that load and cache it are the only others that see the knowledge base itself.
SEES_THE_KNOWLEDGE_BASE = {f"{NAME}.graph.graph", f"{NAME}.graph.kb_cache"}


@pytest.mark.parametrize("module", sorted(set(MODULES) - SEES_THE_KNOWLEDGE_BASE))
def test_only_the_graph_reaches_into_its_knowledge_base(module: str) -> None:
    tree = ast.parse(MODULES[module][0].read_text(encoding="utf-8"))
    reaching = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Attribute) and node.attr == "kb"]
    assert reaching == [], f"{module} reads `.kb` on lines {reaching}; ask the graph (graph.py) instead"


# Code, docs and tests name only what is in the repository.
STRAY = re.compile("DESIGN" + r"\.md|\.\./shared", re.IGNORECASE)


def test_no_code_or_doc_cites_a_file_outside_the_repository() -> None:
    repo = PACKAGE.parent
    texts = [
        *PACKAGE.rglob("*.py"),
        *repo.glob("docs/**/*.md"),
        *repo.glob("tests/*.py"),
        *repo.glob("benchmarks/*.py"),
        *repo.glob("site/**/*.md"),
        repo / "README.md",
        repo / "Makefile",
        repo / "pyproject.toml",
    ]
    found = [
        f"{p.relative_to(repo)}:{n}"
        for p in texts
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if STRAY.search(line)
    ]
    assert found == []


def test_the_architecture_page_is_linked_from_the_readme_and_names_real_modules() -> None:
    repo = PACKAGE.parent
    assert "(docs/architecture.md)" in (repo / "README.md").read_text(encoding="utf-8")
    page = (repo / "docs" / "architecture.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:[a-z_]+/)*[a-z_]+\.py)`", page))
    in_package = {p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")}
    bare = {name.rsplit("/", 1)[-1] for name in in_package}  # a table row names a folder's files
    missing = sorted(n for n in named if n not in in_package and n not in bare and not (repo / n).is_file())
    assert named and missing == []
