"""Shared helpers: the shipped budget text, a budget writer, and a CLI runner."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from mdbudget.cli import app

ROOT = Path(__file__).resolve().parent.parent
# The shipped budget as the rules see it: without its closing [check] table, so the tests
# edit it and see every finding as the rules make it (accepting is tested on its own).
SHIPPED_WHOLE = (ROOT / "budget.toml").read_text(encoding="utf-8")
SHIPPED = SHIPPED_WHOLE[: SHIPPED_WHOLE.index("\n\n# --- What check accepts ---")] + "\n"


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


def edit(text: str, old: str, new: str, count: int = 1) -> str:
    """Replace ``old`` (which must occur) in budget text."""
    assert old in text, f"{old!r} not in the budget text"
    return text.replace(old, new, count)


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Run mdbudget in-process, with a clean environment for the options that matter."""
    for name in ("MDBUDGET_FILE", "NO_COLOR", "COLUMNS", "MDBUDGET_DEBUG"):
        monkeypatch.delenv(name, raising=False)

    def _run(*args: str, input: str | bytes | None = None, env: dict[str, str] | None = None) -> Result:
        return CliRunner().invoke(app, list(args), input=input, env=env)

    return _run
