"""The Python API is typed: mypy --strict rejects a misspelt name, an unknown unit or an
unknown schema name in a user's script, and the Literal types stay what mdbudget accepts."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import textwrap
import typing
from pathlib import Path

import pytest

import mdbudget
from conftest import ROOT
from mdbudget.budget import keys, units
from mdbudget.reports import registry

MISTAKES = """\
import mdbudget

budget = mdbudget.load("budget.toml")
mdbudget.sharez(budget)
mdbudget.shares(budget, unit="dollars")
mdbudget.output_schema("nonsense")
"""

CORRECT = """\
import mdbudget

budget = mdbudget.load("budget.toml")
report = mdbudget.shares(budget, top=3, unit="조원")
print(report.rows[0].share, mdbudget.total(budget, "eok").data(), mdbudget.project(budget, None, unit="원"))
unit: mdbudget.Unit = "백만원"
name: mdbudget.OutputName = "diff"
print(mdbudget.ratios(budget, unit=unit), mdbudget.fields(budget, unit="jo"), mdbudget.output_schema(name))
print(mdbudget.output_schema("check"), mdbudget.__version__)
"""

UNIT_TYPE = (
    "\"Literal['억원', '조원', '백만원', '천원', '원'] | Literal['won', 'thousand', 'million', 'eok', 'jo'] | None\""
)
OUTPUT_TYPE = "\"Literal['total', 'fields', 'shares', 'ratios', 'project', 'sql', 'check', 'diff', 'export', 'trend', 'problems']\""


def literal_names(alias: object) -> tuple[str, ...]:
    """The strings a Literal (or a union of Literals) admits, in order."""
    if typing.get_origin(alias) is typing.Literal:
        return typing.get_args(alias)
    return tuple(name for part in typing.get_args(alias) for name in literal_names(part))


def mypy(tmp_path: Path, script: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "script.py").write_text(script, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", os.devnull, "script.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_mypy_strict_reports_each_mistake(tmp_path) -> None:
    done = mypy(tmp_path, MISTAKES)
    assert (done.returncode, done.stderr) == (1, "")
    assert done.stdout.splitlines() == [
        'script.py:4: error: Module has no attribute "sharez"; maybe "shares"?  [attr-defined]',
        'script.py:5: error: Argument "unit" to "shares" has incompatible type "Literal[\'dollars\']"; '
        f"expected {UNIT_TYPE}  [arg-type]",
        'script.py:6: error: Argument 1 to "output_schema" has incompatible type "Literal[\'nonsense\']"; '
        f"expected {OUTPUT_TYPE}  [arg-type]",
        "Found 3 errors in 1 file (checked 1 source file)",
    ]


def test_mypy_strict_passes_a_correct_script(tmp_path) -> None:
    done = mypy(tmp_path, CORRECT)
    assert (done.returncode, done.stdout, done.stderr) == (0, "Success: no issues found in 1 source file\n", "")


def test_the_unit_types_are_the_unit_table() -> None:
    assert literal_names(keys.UnitName) == keys.UNITS == tuple(keys.FACTORS)
    assert literal_names(units.Alias) == tuple(units.ALIASES)
    assert literal_names(units.Unit) == units.CHOICES
    assert literal_names(mdbudget.Unit) == units.CHOICES


def test_the_schema_names_type_is_the_registry() -> None:
    assert literal_names(registry.OutputName) == registry.SCHEMA_NAMES
    assert literal_names(mdbudget.OutputName) == registry.SCHEMA_NAMES
    for name in registry.OUTPUTS:
        assert registry.is_output(name)
    assert not registry.is_output("nonsense")


def test_every_unit_the_type_admits_converts() -> None:
    budget = mdbudget.load(ROOT / "budget.toml", cache=False)
    for unit in literal_names(mdbudget.Unit):
        assert mdbudget.total(budget, unit).caption.unit == units.unit_name(unit)
    with pytest.raises(ValueError, match="unknown unit 'dollars'"):
        mdbudget.total(budget, "dollars")  # type: ignore[arg-type]


def test_unknown_schema_name_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        mdbudget.output_schema("nonsense")  # type: ignore[arg-type]


def test_all_names_every_name_and_type_checkers_see_each() -> None:
    """__all__ is every lazy name; a type checker reads them from the TYPE_CHECKING imports,
    since the module's __getattr__ is hidden from it."""
    source = (ROOT / "src" / "mdbudget" / "__init__.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    (guard,) = [node for node in tree.body if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"]
    seen = {
        alias.asname or alias.name for node in guard.body if isinstance(node, ast.ImportFrom) for alias in node.names
    }
    lazy = set(mdbudget._LAZY)  # type: ignore[attr-defined]
    assert seen == lazy
    assert set(mdbudget.__all__) == lazy | {"__version__"}
    assert {f.name for f in guard.orelse if isinstance(f, ast.FunctionDef)} == {"__getattr__"}
    for name in mdbudget.__all__:
        assert getattr(mdbudget, name) is not None, name


def test_import_stays_lazy() -> None:
    code = textwrap.dedent(
        """\
        import sys, mdbudget
        assert mdbudget.__version__
        print(sorted(m for m in sys.modules if m.startswith("mdbudget")))
        print("pydantic" in sys.modules, "rich" in sys.modules)
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout == "['mdbudget']\nFalse False\n"
