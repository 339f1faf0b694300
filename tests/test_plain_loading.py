"""A plainly valid budget becomes records without pydantic; anything else goes to the model.

loading/plain.py may only ever be stricter than model.py: whatever it accepts, the
model accepts too, and both make the same Budget. Held here for the shipped budget,
a small budget with every key, and thousands of mutations of it (each key × hostile
values, keys left out, unknown keys added).
"""

from __future__ import annotations

import copy
import subprocess
import sys
from decimal import Decimal
from typing import Any

import pytest
import tomli
from pydantic import ValidationError
from test_property_values import HOSTILE, KEY_LINES, LINES, SMALL, VALUE

from conftest import ROOT, SHIPPED
from mdbudget.budget.records import Budget, from_model
from mdbudget.loading import document, model, plain


def by_model(data: dict[str, Any]) -> Budget | None:
    """What the model makes of a parsed document (None: refused)."""
    try:
        return from_model(model.Budget.model_validate(copy.deepcopy(data)))
    except ValidationError:
        return None


def by_plain(data: dict[str, Any]) -> Budget | None:
    data = copy.deepcopy(data)
    items = data.get("projects", [])
    if type(items) is list:
        plain.plain_records(items, plain.Sharing())
    return plain.budget(data, items, None)


def in_bounds(data: object) -> bool:
    """Whether load.py's walk for absurd numbers, which runs before the model, lets ``data`` through."""
    if isinstance(data, dict):
        return all(in_bounds(v) for v in data.values())
    if isinstance(data, list):
        return all(in_bounds(v) for v in data)
    return isinstance(data, str) or document.out_of_bounds(data) is None


def agree(text: str) -> str:
    """Hold the two paths together on ``text``; which accepted it: both, model, neither (or not TOML)."""
    try:
        data = tomli.loads(text, parse_float=Decimal)
    except (tomli.TOMLDecodeError, ValueError, RecursionError):
        return "not TOML"  # neither path sees it
    made = by_plain(data)
    if not in_bounds(data):
        assert made is None
        return "neither"
    expected = by_model(data)
    if made is not None:
        assert expected is not None, "plain.py accepted what the model refuses"
        assert made == expected and repr(made.dump()) == repr(expected.dump())  # Decimal('2.0') is not Decimal('2')
        return "both"
    return "model" if expected is not None else "neither"


def written_as_a_float(value: str) -> bool:
    """What only the model takes: a whole number written as a TOML float (`20.0`), which plain.py leaves to it."""
    try:
        return type(tomli.loads(f"v = {value}", parse_float=Decimal)["v"]) is Decimal
    except (tomli.TOMLDecodeError, ValueError, RecursionError):
        return False


@pytest.mark.parametrize("text", [SHIPPED, SMALL], ids=["shipped", "small"])
def test_a_plain_budget_is_made_without_the_model_and_equals_its_budget(text) -> None:
    data = tomli.loads(text, parse_float=Decimal)
    made = by_plain(data)
    expected = by_model(data)
    assert made is not None and expected is not None
    assert made == expected and repr(made.dump()) == repr(expected.dump())


def test_loading_a_plain_budget_imports_no_pydantic() -> None:
    probe = (
        "import sys, mdbudget; mdbudget.parse(open(sys.argv[1], encoding='utf-8').read()); "
        "print(sorted(m for m in ('pydantic', 'mdbudget.loading.model') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe, str(ROOT / "budget.toml")], capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (0, "[]\n")


def test_an_invalid_budget_still_gets_the_models_messages() -> None:
    with pytest.raises(Exception) as refused:
        import mdbudget

        mdbudget.parse(SHIPPED.replace("allocation = 627", "allocation = 627.5", 1), "b.toml")
    assert "allocation" in str(refused.value)


# The hostile values, and ordinary ones that break a rule only in some places
# (a year at the fiscal year, an id no table has, a whole number written as a float).
VALUES = [
    *HOSTILE, "0", "1", "-1", "100", "1900", "2024", "2025", "2026", "2999", "true", "false", "1.0", "20.0",
    '"x"', '"alpha"', '"beta"', '"kind"', '"alpha-project"', '"억원"', '"조원"', '"원"', "2025-05-28", '["a", "b"]',
]  # fmt: skip


@pytest.mark.parametrize("line", KEY_LINES, ids=[LINES[i].split(" = ")[0] for i in KEY_LINES])
def test_whatever_plain_accepts_the_model_accepts_alike(line) -> None:
    """And the fast path refuses nothing the model accepts, but floats standing for whole numbers."""
    key = VALUE.match(LINES[line]).group(1)  # type: ignore[union-attr]
    counts = {"both": 0, "model": 0, "neither": 0, "not TOML": 0}
    counts[agree("\n".join(LINES[:line] + LINES[line + 1 :]))] += 1  # the key left out
    assert agree("\n".join([*LINES[: line + 1], f"{key}_extra = 1", *LINES[line + 1 :]])) == "neither"  # unknown key
    only_the_model = []
    for value in VALUES:
        verdict = agree("\n".join([*LINES[:line], f"{key} = {value}", *LINES[line + 1 :]]))
        counts[verdict] += 1
        if verdict == "model" and not written_as_a_float(value):
            only_the_model.append(value)
    assert only_the_model == [], f"plain.py refuses {key} = {only_the_model}, which the model accepts"
    assert counts["both"] >= 1, counts  # at least one value of every key is taken by both


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("total = 20\n", "total = 20.0\n"),  # the model takes a whole Decimal as its int
        ("release_date = 2025-05-28", 'release_date = "2025-05-28"'),  # and a quoted date
        ("multiple = 2.0", "multiple = 2"),
    ],
)
def test_what_only_the_model_takes_is_still_taken(old, new) -> None:
    data = tomli.loads(SMALL.replace(old, new, 1), parse_float=Decimal)
    assert by_model(data) is not None
    if old.startswith("multiple"):
        assert by_plain(data) == by_model(data)  # an int multiple is plain: Decimal(2)
    else:
        assert by_plain(data) is None
