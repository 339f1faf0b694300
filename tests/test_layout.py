"""The package's folders follow the data: file → load → Budget → report → formatter → output.

Each module may import only from its own stage or an earlier one, so a report never
reaches into a formatter and loading never into a report. Read from the source with
`ast`, imports inside functions and under TYPE_CHECKING included.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "src" / "mdbudget"

# In flow order. The first stage is what every stage may use: errors and the
# neutralising of hostile characters. The package's __init__ is the Python API over all of it.
STAGES = ("errors", "safe", "budget", "loading", "reports", "formats", "output", "commands", "cli", "__main__")
RANK = {"errors": 0, "safe": 0} | {stage: n for n, stage in enumerate(STAGES[2:], start=1)}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(["mdbudget", *parts])


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}


def imports(name: str) -> set[str]:
    """The mdbudget modules that `name` imports, anywhere in its source."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("mdbudget"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if not target.startswith("mdbudget"):
                continue
            for alias in node.names:
                submodule = f"{target}.{alias.name}"
                found.add(submodule if submodule in MODULES else target)
    found.discard(name)
    return found


def stage(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else None  # None: the package itself


def test_every_module_sits_in_a_stage() -> None:
    strays = sorted(name for name in MODULES if stage(name) not in (None, *STAGES))
    assert strays == []


def test_the_top_level_holds_folders_and_the_entry_points() -> None:
    top = sorted(p.name for p in PACKAGE.iterdir() if p.name != "__pycache__")
    assert top == [
        "__init__.py", "__main__.py", "budget", "budget.schema.json", "budget.toml", "cli.py", "commands",
        "errors.py", "formats", "loading", "output", "py.typed", "reports", "safe.py",
    ]  # fmt: skip


def test_every_import_names_a_module_that_exists() -> None:
    # an import under TYPE_CHECKING is not run by the tests, only read by mypy and by this file
    missing = sorted(
        f"{name} imports {target}" for name in MODULES for target in imports(name) if target not in MODULES
    )
    assert missing == []


def test_no_import_goes_against_the_flow() -> None:
    against = []
    for name in MODULES:
        if stage(name) is None:
            continue
        for target in imports(name):
            there = stage(target)
            if there is not None and RANK[there] > RANK[stage(name)]:  # type: ignore[index]
                against.append(f"{name} imports {target}")
    assert against == []


def test_no_two_modules_import_each_other() -> None:
    graph = {name: imports(name) for name in MODULES}
    pairs = sorted(
        f"{a} <-> {b}"
        for a, targets in graph.items()
        for b in targets
        if a < b and a in graph.get(b, set()) and stage(a) is not None and stage(b) is not None
    )
    assert pairs == []


def test_the_checker_sees_imports_against_the_flow(tmp_path: Path) -> None:
    # the rule above must be able to fail: a report that imports a formatter is caught
    source = "from ..formats.cells import show\nfrom . import views\n"
    tree = ast.parse(source)
    nodes = [node for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert [(node.level, node.module) for node in nodes] == [(2, "formats.cells"), (1, None)]
    original = MODULES["mdbudget.reports.total"]
    fake = tmp_path / "total.py"
    fake.write_text(source, encoding="utf-8")
    MODULES["mdbudget.reports.total"] = fake
    try:
        assert imports("mdbudget.reports.total") == {"mdbudget.formats.cells", "mdbudget.reports.views"}
    finally:
        MODULES["mdbudget.reports.total"] = original
