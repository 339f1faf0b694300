"""sql's answer is bounded by its size in memory, in values and bytes, not only rows and text.

400,000 rows of 60 REAL columns took 98 s and 4.4 GB under the default 5 s limit, and
exited 0. Each limit is an exit 2 that names it. The limits are lowered here (the real
ones are in reports/sql.py) so each test builds only a small answer.
"""

from __future__ import annotations

import pytest

from mdbudget.reports import sql

COUNT = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT {n}) SELECT {columns} FROM c"


def query(rows: int, columns: int, value: str = "x * 1.5") -> str:
    return COUNT.format(n=rows, columns=", ".join(f"{value} AS c{i}" for i in range(columns)))


def test_many_numbers_are_refused_by_their_count(run) -> None:
    # 200,001 rows of 10 numbers: past the 2,000,000 values an answer may hold.
    result = run("sql", query(200_001, 10), "--timeout", "60")
    assert result.exit_code == 2
    assert result.stderr == (
        "mdbudget: the result has more than 2,000,000 values (rows × columns); narrow the query or add a LIMIT\n"
    )
    assert result.stdout == ""


def test_an_answer_just_under_the_count_is_given(run, monkeypatch) -> None:
    monkeypatch.setattr(sql, "MAX_VALUES", 1_000)
    assert run("sql", query(100, 10), "--json").exit_code == 0
    result = run("sql", query(101, 10), "--json")
    assert result.exit_code == 2
    assert result.stderr == (
        "mdbudget: the result has more than 1,000 values (rows × columns); narrow the query or add a LIMIT\n"
    )


@pytest.mark.parametrize("value", ["printf('%.*c', 1000, 'x')", "printf('%.*c', 300, '가')", "randomblob(400)"])
def test_large_values_are_refused_by_the_memory_they_take(run, monkeypatch, value) -> None:
    monkeypatch.setattr(sql, "MAX_MEMORY", 10**6)
    result = run("sql", query(2_000, 1, value), "--json")
    assert result.exit_code == 2
    assert (
        result.stderr == "mdbudget: the result would take more than 1 MB of memory; narrow the query or add a LIMIT\n"
    )
    assert run("sql", query(200, 1, value), "--json").exit_code == 0
