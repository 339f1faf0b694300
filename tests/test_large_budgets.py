"""Large budgets: projects are validated one by one to save memory, with the same results.

The reference is validating the whole parsed document in one go, as pydantic
would without help: every problem, message, location and order must match.
"""

from __future__ import annotations

import copy
import sys
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from support import examples

import mdbudget.loading.bulk as bulk_module
import mdbudget.loading.model as model_module
import mdbudget.loading.plain as plain_module
from conftest import SHIPPED, edit
from mdbudget import BudgetError, parse
from mdbudget.budget import records

load_module = sys.modules["mdbudget.loading.load"]  # `mdbudget.load` is the function


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


# --- records made without a model must be the model's ---------------------------------

PLAIN = {
    "id": "p-1",
    "name": "과제",
    "name_en": "A project",
    "type": "common-model",
    "field": "advanced-bio",
    "lead": "기관",
    "participants": ["참여 1", "참여 2"],
    "participants_partial": True,
    "period": {"start": 2024, "end": 2027},
    "stated_years": 4,
    "total": 100,
    "allocation": 30,
    "development": ["개발 1"],
    "source": "test",
}
ABSENT = object()
OPTIONAL = ("name_en", "type", "participants", "participants_partial", "stated_years", "development")
# Each value at or just past a bound of some key, or of a type the schema may or may not take there.
EDGES = [
    "", "x", "a" * 10_000, "a" * 10_001, "a" * 100, "a" * 101, "Ab", "ab\n", "-ab", "a_b", "ab ", "가",
    0, -1, 1, 100, 101, 1899, 1900, 2999, 3000, 2**53 - 1, 2**53, 10**50, True, False,
    Decimal("10"), Decimal("10.0"), Decimal("1.5"), Decimal("1E+1"), [], ["x"], [""], [1], ["a" * 10_001], ("x",),
    {"start": 2024, "end": 2025}, {"start": 2025, "end": 2024}, {"start": 2024}, {"start": 2024, "end": 2025, "x": 1},
    {"start": True, "end": 2025}, {"start": Decimal("2024"), "end": 2025}, {},
]  # fmt: skip


def model_record(table: dict) -> records.Project | None:  # type: ignore[type-arg]
    try:
        project = model_module.Project.model_validate(table)
    except ValidationError:
        return None
    return records.project_record(project, {}.setdefault, {})


def test_a_plain_project_is_made_without_a_model() -> None:
    assert plain_module.plain_project(dict(PLAIN), plain_module.Sharing()) == model_record(PLAIN)
    minimal = {k: v for k, v in PLAIN.items() if k not in OPTIONAL}
    assert plain_module.plain_project(minimal, plain_module.Sharing()) == model_record(minimal) is not None


@settings(max_examples=examples(600), deadline=None)
@given(
    changes=st.dictionaries(
        st.sampled_from([*PLAIN, "unknown"]), st.one_of(st.sampled_from(EDGES), st.just(ABSENT)), max_size=3
    )
)
def test_a_project_made_without_a_model_is_the_models_record(changes) -> None:  # type: ignore[no-untyped-def]
    table = {k: v for k, v in (PLAIN | changes).items() if v is not ABSENT}
    made = plain_module.plain_project(copy.deepcopy(table), plain_module.Sharing())
    if made is not None:  # the shortcut may leave a table to the model, never accept what the model refuses
        assert made == model_record(table)
        assert all(type(v) is tuple or not isinstance(v, list) for v in made)


def test_projects_the_shortcut_leaves_to_the_model_load_the_same() -> None:
    # 10.0 is taken as 10 by the model only; the budget mixes both kinds of project.
    text = with_projects(40, {5: ("total = 10", "total = 10.0"), 9: ("stated_years = 3", "stated_years = 3.0")})
    budget = parse(text)
    reference = records.from_model(model(text))
    assert budget == reference
    assert budget.projects[3 + 5].total == 10 and type(budget.projects[3 + 5].total) is int
    assert budget.projects[3].period is budget.projects[6].period  # shared across both ways of making them


def test_a_large_valid_budget_makes_the_records_the_model_makes() -> None:
    text = with_projects(500)
    assert parse(text) == records.from_model(model(text))
