"""Large budgets: projects are validated one by one to save memory, with the same results.

The reference is validating the whole parsed document in one go, as pydantic
would without help: every problem, message, location and order must match.
"""

from __future__ import annotations

import sys

import pytest

import mdbudget.bulk as bulk_module
from conftest import SHIPPED, edit
from mdbudget import BudgetError, parse

load_module = sys.modules["mdbudget.load"]  # `mdbudget.load` is the function


def with_projects(count: int, bad: dict[int, tuple[str, str]] | None = None) -> str:
    """The shipped budget and ``count`` more projects; ``bad`` edits some: {index: (old, new)}."""
    blocks = []
    for i in range(count):
        block = (
            f'[[projects]]\nid = "extra-{i:04d}"\nname = "추가 과제 {i}"\nfield = "advanced-bio"\n'
            f'lead = "기관 {i % 7}"\nparticipants = ["참여 {i % 5}"]\n'
            f"period = {{ start = 2024, end = {2026 + i % 3} }}\nstated_years = 3\n"
            f'total = 10\nallocation = 2\nsource = "test"\n'
        )
        if bad and i in bad:
            block = edit(block, *bad[i])
        blocks.append(block)
    return SHIPPED + "\n" + "\n".join(blocks)


def problems(text: str) -> list[str]:
    with pytest.raises(BudgetError) as caught:
        parse(text, "big.toml")
    return [str(p) for p in caught.value.problems]


def problems_in_one_go(text: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    with monkeypatch.context() as patch:
        patch.setattr(bulk_module, "validate_projects", lambda items: None)
        return problems(text)


BAD = [
    ("ends before it starts", {40: ("start = 2024", "start = 2030")}),
    ("negative total", {7: ("total = 10", "total = -1")}),
    ("bad total after a good period", {8: ("total = 10", 'total = "10"'), 9: ("lead", "leed")}),
    ("period not a table", {3: ("period = {", 'period = "2024" #')}),
    ("period with a bool", {5: ("start = 2024", "start = true")}),
    ("period with an unknown key", {6: ("start = 2024", "start = 2024, middle = 2025")}),
    ("duplicate id", {11: ('id = "extra-0011"', 'id = "extra-0010"')}),
    ("unknown field", {12: ('field = "advanced-bio"', 'field = "advanced-bi"')}),
    ("project not a table", {13: ("[[projects]]\n", "[[projects]]\nid = 1\n")}),
]


@pytest.mark.parametrize(("name", "bad"), BAD, ids=[name for name, _ in BAD])
def test_problems_are_those_of_validating_in_one_go(name, bad, monkeypatch) -> None:
    text = with_projects(60, bad)
    expected = problems_in_one_go(text, monkeypatch)
    assert expected  # each case is a broken budget
    assert problems(text) == expected


def test_problems_elsewhere_keep_their_order_before_the_projects(monkeypatch) -> None:
    text = edit(with_projects(30, {20: ("total = 10", "total = -1")}), "fiscal_year = 2025", "fiscal_year = 25")
    found = problems(text)
    assert found == problems_in_one_go(text, monkeypatch)
    assert [line.split(": ")[1] for line in found] == ["program.fiscal_year", "projects[23].total"]


def model(text: str):  # type: ignore[no-untyped-def]
    return load_module.validate_model(text, "big.toml", "--file")[0]


def test_a_valid_large_budget_loads_the_same_projects(monkeypatch) -> None:
    text = with_projects(300)
    budget = model(text)
    with monkeypatch.context() as patch:
        patch.setattr(bulk_module, "validate_projects", lambda items: None)
        reference = model(text)
    assert budget.model_dump() == reference.model_dump()
    assert parse(text).dump() == reference.model_dump()  # the records hold what the model holds
    assert [p.model_fields_set for p in budget.projects] == [p.model_fields_set for p in reference.projects]


def test_projects_with_the_same_years_share_one_period() -> None:
    projects = parse(with_projects(9)).projects[3:]
    assert projects[0].period is projects[3].period is projects[6].period
    assert projects[0].period is not projects[1].period
    assert (projects[1].period.start, projects[1].period.end) == (2024, 2027)


def test_a_changed_copy_leaves_the_shared_key_sets_alone() -> None:
    first, second = model(with_projects(2)).projects[3:]
    keys = set(second.model_fields_set)
    copy = first.model_copy(update={"name_en": "renamed"})
    assert "name_en" in copy.model_fields_set
    assert first.model_fields_set == keys and second.model_fields_set == keys
