"""The shortcuts taken for large budgets give the answers of the general code they skip."""

from __future__ import annotations

import io
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import examples

from conftest import SHIPPED, edit
from mdbudget import BudgetError, parse
from mdbudget.budget.records import Budget, Project
from mdbudget.budget.units import convert
from mdbudget.loading import read as read_module
from mdbudget.loading.load import load
from mdbudget.reports import compare as c
from mdbudget.reports import diff as d

BASE = parse(SHIPPED, "old.toml")

# Few ids and names, so that lists repeat ids, keep some and drop others, and rename projects.
projects = st.builds(
    lambda base, id, name, total, allocation: base._replace(id=id, name=name, total=total, allocation=allocation),
    st.sampled_from(BASE.projects),
    st.sampled_from("abcd"),
    st.sampled_from(("갑", "을")),
    st.integers(0, 3),
    st.integers(0, 3),
)
project_lists = st.one_of(st.lists(projects, max_size=6), st.lists(projects, max_size=6, unique_by=lambda p: p.id))


def rows_from_dicts(old: Budget, new: Budget, changed: dict[Any, Any]) -> list[c.Row]:
    """The rows the general `_rows` makes from a dict per project, NEW's amounts in OLD's unit."""

    def dicts(budget: Budget) -> list[dict[str, Any]]:
        def amount(value: int) -> Any:
            return value if budget.unit == old.unit else convert(value, budget.unit, old.unit)

        return [
            {"id": p.id, "name": p.name, "name_en": p.name_en, "field": p.field,
             "total": amount(p.total), "allocation": amount(p.allocation)}
            for p in budget.projects
        ]  # fmt: skip

    return c._rows(dicts(old), dicts(new), "projects", changed, ("total", "allocation"))


@settings(max_examples=examples(300), deadline=None)
@given(project_lists, project_lists, st.booleans(), st.booleans(), st.sets(st.sampled_from("abcdx")))
def test_project_rows_from_records_are_those_from_dicts(
    old_list: list[Project], new_list: list[Project], same_ids: bool, other_unit: bool, touched: set[str]
) -> None:
    if same_ids:  # the same ids in the same order, other figures: the rows are matched by place
        new_list = [n._replace(id=o.id) for o, n in zip(old_list, new_list, strict=False)]
        new_list += old_list[len(new_list) :]
    old, new = BASE.replace(projects=tuple(old_list)), BASE.replace(projects=tuple(new_list))
    if other_unit:
        new = new.replace(program=new.program._replace(unit="조원"))
    changed: dict[Any, Any] = {("projects", f"[{key}]", "name"): ("old", "new") for key in touched}
    assert c._project_rows(old, new, changed) == rows_from_dicts(old, new, changed)


def test_a_copy_with_the_same_bytes_shares_the_first_budgets_records(write) -> None:
    text = edit(SHIPPED, "fiscal_year = 2025", "fiscal_year = 2025  # a copy")
    first, copy = write(text, "first.toml"), write(text, "copy.toml")
    old = load(str(first))
    new = load(str(copy), shared=old)
    alone = load(str(copy))
    assert new == alone and new.source_name == alone.source_name == str(copy)
    assert new.projects is old.projects and new.origin is not old.origin and new.lines is not old.lines
    assert d.diff(old, new).data() == d.diff(old, alone).data()
    other = load(str(write(SHIPPED, "other.toml")), shared=old)
    assert other.projects is not old.projects and other.source_name.endswith("other.toml")


@settings(max_examples=examples(200), deadline=None)
@given(
    st.lists(st.sampled_from((b"a = 1\n", "한".encode(), b"\x00", b"\xff", b"\xef\xbb\xbf", b"\xff\xfe", b"\xe2\x82")))
)
def test_a_regular_file_read_in_one_go_meets_the_checks_of_chunks(tmp_path_factory, parts) -> None:
    data = b"".join(parts)
    path = tmp_path_factory.mktemp("read") / "budget.toml"
    path.write_bytes(data)

    def outcome(read: Any) -> Any:
        try:
            return read()
        except BudgetError as exc:
            return [p.message for p in exc.problems]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(read_module, "_CHUNK", 4)  # many chunks, so the checks meet every boundary
        in_one_go = outcome(lambda: read_module.read_file_bytes(str(path))[0])
        as_chunks = outcome(lambda: read_module._read_stream(io.BytesIO(data), str(path))[0])  # no file: chunks
    assert in_one_go == as_chunks
