"""Shared fixtures: the shipped budget text, a budget writer, and the CLI runner.

Before any test runs, the run checks that `mdbudget` is this checkout's `src/`: a
copy installed elsewhere (`pip install .` rather than `pip install -e .`) would
test code nobody is editing.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings
from support import FULL_EXAMPLES, ROOT, SHIPPED, SHIPPED_WHOLE, edit, examples, invoke
from typer.testing import Result

import mdbudget

__all__ = ["ROOT", "SHIPPED", "SHIPPED_WHOLE", "edit"]  # test modules import these from here

SOURCE = ROOT / "src" / "mdbudget"
WHERE = "import mdbudget, os; print(os.path.dirname(os.path.realpath(mdbudget.__file__)))"

# Property tests that set no count of their own: 100 examples in CI, fewer locally (support.examples).
settings.register_profile(
    "mdbudget", settings.get_profile("ci" if FULL_EXAMPLES else "default"), max_examples=examples(100)
)
settings.load_profile("mdbudget")


def pytest_configure(config: pytest.Config) -> None:
    here = Path(mdbudget.__file__).resolve().parent
    if here != SOURCE:
        raise pytest.UsageError(
            f"the tests import mdbudget from {here}, not from this checkout's {SOURCE}: "
            "install it editable (pip install -e '.[test]') so that the tests run the source you edit"
        )
    if hasattr(config, "workerinput"):
        return  # a pytest-xdist worker: the controller has checked the console script's Python
    # The subprocess tests run the console script installed beside this Python: it must import the same.
    done = subprocess.run([sys.executable, "-c", WHERE], capture_output=True, text=True, cwd="/", timeout=60)
    if done.returncode != 0 or Path(done.stdout.strip()) != SOURCE:
        raise pytest.UsageError(
            f"the installed mdbudget script imports mdbudget from {done.stdout.strip() or done.stderr.strip()}, "
            f"not from {SOURCE}: install it editable (pip install -e '.[test]')"
        )


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test starts with an empty cache of its own, never the user's real one.

    A test's first read of a file is a miss (validated); reading it again is a hit.
    """
    home = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv("MDBUDGET_NO_CACHE", raising=False)
    return home / "mdbudget"


@pytest.fixture
def shipped() -> str:
    return SHIPPED


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write budget text to tmp_path/NAME (default budget.toml) and return the path."""

    def _write(text: str | bytes, name: str = "budget.toml") -> Path:
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return _write


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Run mdbudget in-process, with a clean environment for the options that matter."""
    for name in ("MDBUDGET_FILE", "NO_COLOR", "COLUMNS", "MDBUDGET_DEBUG"):
        monkeypatch.delenv(name, raising=False)

    def _run(*args: str, input: str | bytes | None = None, env: dict[str, str] | None = None) -> Result:
        return invoke(args, input=input, env=env)

    return _run
