"""Every kind of bad budget file: one exact message on stderr, exit 2, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

import mdbudget
from conftest import SHIPPED, edit

CASES = [
    # (name, edited budget text, the exact stderr)
    (
        "negative allocation",
        edit(SHIPPED, "allocation = 39\n", "allocation = -5\n"),
        "{f}:153:1: fields[2].allocation: must be ≥ 0 (got -5)",
    ),
    (
        "misspelt key",
        edit(SHIPPED, "allocation = 39\n", "alocation = 39\n"),
        "{f}:153:1: fields[2].alocation: unknown key 'alocation' (did you mean 'allocation'?)",
    ),
    (
        "amount written with a comma",
        edit(SHIPPED, "total = 1516", 'total = "1,516"'),
        '{f}:131:1: fields[0].total: must be a number, not text (got "1,516"); write 1516 without quotes or commas',
    ),
    (
        "decimal amount",
        edit(SHIPPED, "total = 1516", "total = 1516.5"),
        "{f}:131:1: fields[0].total: must be a whole number; amounts are exact, write no decimals (got 1516.5)",
    ),
    (
        "nan multiple",
        edit(SHIPPED, "multiple = 2.5", "multiple = nan"),
        "{f}:55:1: claims.growth.multiple: must be a finite number (got nan)",
    ),
    (
        "infinite multiple",
        edit(SHIPPED, "multiple = 2.5", "multiple = inf"),
        "{f}:55:1: claims.growth.multiple: must be a finite number (got inf)",
    ),
    (
        "allocation above total",
        edit(SHIPPED, "allocation = 39\n", "allocation = 390\n"),
        "{f}:153:1: fields[2].allocation: the year's allocation (390) exceeds the multi-year total (205)",
    ),
    (
        "duplicate field id",
        edit(SHIPPED, 'id = "shipbuilding"', 'id = "ai-factory"'),
        "{f}:148:1: fields[2].id: duplicate id 'ai-factory' (first used by fields[0])",
    ),
    (
        "project in a field that does not exist",
        edit(SHIPPED, 'field = "advanced-bio"\nlead', 'field = "advanced-bi"\nlead'),
        "{f}:342:1: projects[1].field: no field has the id 'advanced-bi' (did you mean 'advanced-bio'?)",
    ),
    (
        "period ending before it starts",
        edit(SHIPPED, "start = 2024, end = 2028", "start = 2029, end = 2028"),
        "{f}:327:26: projects[0].period.end: ends (2028) before it starts (2029)",
    ),
    (
        "TOML syntax error",
        edit(SHIPPED, "fiscal_year = 2025", "fiscal_year == 2025"),
        "{f}:27:14: invalid TOML: Invalid value",
    ),
    (
        "duplicate key",
        edit(SHIPPED, "fiscal_year = 2025", "fiscal_year = 2025\nfiscal_year = 2026"),
        "{f}:28:19: invalid TOML: Cannot overwrite a value (a key or table is defined twice)",
    ),
    (
        "missing key",
        edit(SHIPPED, 'name_en = "Display"\n', ""),
        "{f}:166:1: fields[4].name_en: required key is missing",
    ),
    (
        "amount past 2^53",
        edit(SHIPPED, "total = 1516", "total = 10000000000000000000"),
        "{f}:131:1: fields[0].total: must be ≤ 9007199254740991 (got 10000000000000000000)",
    ),
    (
        "text where a table is expected",
        edit(SHIPPED, "period = { start = 2024, end = 2028 }", 'period = "2024~2028"'),
        '{f}:327:1: projects[0].period: must be a table (got "2024~2028")',
    ),
    (
        "boolean where a count is expected",
        edit(SHIPPED, "projects = 445", "projects = true"),
        "{f}:36:1: totals.projects: must be a whole number, not true/false (got true)",
    ),
    (
        "unknown unit",
        edit(SHIPPED, 'unit = "억원"', 'unit = "달러"'),
        "{f}:28:1: program.unit: must be one of 억원, 조원, 백만원, 천원, 원 (got '달러')",
    ),
    (
        "id that is not ascii",
        edit(SHIPPED, 'id = "shipbuilding"', 'id = "조선"'),
        '{f}:148:1: fields[2].id: must be a lowercase ascii id (letters, digits, - and _) (got "조선")',
    ),
    (
        "no fields at all",
        "fields = []\n[program]\ntitle='t'\nministry='m'\nrelease_date=2025-01-01\nfiscal_year=2025\n"
        "unit='억원'\nsource_file='s'\n[totals]\nprojects=0\ntotal=0\nallocation=0\nsource='s'\n",
        "{f}:1:1: fields: must have at least one entry",
    ),
    (
        "empty file",
        "",
        "{f}: the file is empty; a budget file needs [program], [totals] and [[fields]] (mdbudget schema gives the layout)",
    ),
    ("invalid UTF-8", b"[program]\ntitle = '\xff'\n", "{f}:2:10: is not UTF-8 text (byte 0xff); save it as UTF-8"),
    (
        "string in a date",
        edit(SHIPPED, "release_date = 2025-05-28", 'release_date = "May 28"'),
        '{f}:26:1: program.release_date: must be a date such as 2025-05-28 (got "May 28")',
    ),
]


# The prose's field claims written as one multi-line array of inline tables, not [[claims.fields]] blocks.
CLAIMS_INLINE = (
    SHIPPED[: SHIPPED.index("[[claims.fields]]")]
    + """[claims]
fields = [
  { field = "ai-factory", text = "AI팩토리(44개 과제, 627억원)", projects = 44, allocation = 627, source = "본문 2문단" },
  { field = "ai-semiconductors", text = "인공지능 반도체(20개 과제, 216억원)", projects = 20,
    allocation = 216, source = "본문 2문단" },
  { field = "autonomous-vehicles", text = "자율주행차(82개 과제, 1,206억원)", projects = 82, allocation = 1206,
    source = "본문 2문단" },
]

"""
    + SHIPPED[SHIPPED.index("# --- Fields:") :]
)
# Each item of an array is located on its own line and column, not the array's first line.
CASES += [
    (
        "bad item of a multi-line array of strings",
        edit(SHIPPED, '  "검증된 의약품 성분 데이터베이스를 구축하고 AI 알고리즘 고도화",', "  42,"),
        "{f}:352:3: projects[1].development[1]: must be text in quotes (got 42)",
    ),
    (
        "bad key in an item of a multi-line array of inline tables",
        edit(CLAIMS_INLINE, "allocation = 216,", "allocation = -216,"),
        "{f}:68:5: claims.fields[1].allocation: must be ≥ 0 (got -216)",
    ),
    (
        "bad key on an item's first line",
        edit(CLAIMS_INLINE, "projects = 82,", "projects = -82,"),
        "{f}:69:69: claims.fields[2].projects: must be ≥ 0 (got -82)",
    ),
    (
        "missing key of an item of a multi-line array of inline tables",
        edit(CLAIMS_INLINE, ', text = "AI팩토리(44개 과제, 627억원)"', ""),
        "{f}:66:3: claims.fields[0].text: required key is missing",
    ),
    (
        "item of a multi-line array of inline tables that is not a table",
        edit(
            CLAIMS_INLINE,
            '{ field = "ai-semiconductors", text = "인공지능 반도체(20개 과제, 216억원)", projects = 20,\n'
            '    allocation = 216, source = "본문 2문단" },',
            "42,",
        ),
        "{f}:67:3: claims.fields[1]: must be a table (got 42)",
    ),
]


@pytest.mark.parametrize(("name", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_bad_budget_file(run, write, name, text, expected) -> None:
    path = write(text)
    result = run("check", "--file", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == expected.format(f=path) + "\n"
    assert "Traceback" not in result.stderr


def test_missing_file(run, tmp_path: Path) -> None:
    result = run("check", "--file", str(tmp_path / "nope.toml"))
    assert (result.exit_code, result.stderr) == (2, f"{tmp_path / 'nope.toml'}: no such file\n")


def test_directory(run, tmp_path: Path) -> None:
    result = run("check", "--file", str(tmp_path))
    assert (result.exit_code, result.stderr) == (2, f"{tmp_path}: is a directory, not a budget file\n")


def test_bom_and_crlf_are_accepted(run, write) -> None:
    path = write(b"\xef\xbb\xbf" + SHIPPED.replace("\n", "\r\n").encode())
    result = run("check", "--file", str(path), "--json")
    assert result.exit_code == 0, result.stderr


def test_several_problems_are_all_named(run, write) -> None:
    text = edit(edit(SHIPPED, "allocation = 39\n", "allocation = -5\n"), "projects = 5\n", "projects = -1\n")
    result = run("check", "--file", str(write(text)))
    assert result.exit_code == 2
    path = write(text)
    assert result.stderr.splitlines() == [
        f"{path}:151:1: fields[2].projects: must be ≥ 0 (got -1)",
        f"{path}:153:1: fields[2].allocation: must be ≥ 0 (got -5)",
    ]


def test_api_raises_budget_error_with_location(write) -> None:
    path = write(edit(SHIPPED, "allocation = 39\n", "allocation = -5\n"))
    with pytest.raises(mdbudget.BudgetError) as caught:
        mdbudget.load(path)
    error = caught.value
    assert (error.file, error.line, error.column, error.path) == (str(path), 153, 1, "fields[2].allocation")


def test_items_of_arrays_are_located_in_text_and_bytes() -> None:
    """The cache rereads a file as bytes to locate a finding: the same places as from its text."""
    from mdbudget.loading.locate import Locator

    text = (
        'fields = [{ id = "a", allocation = 1 }, { id = "b", allocation = -1 }]\n'
        "[program]\n"
        'notes = [\n  "가나다",  # a comment with a "quote\n  "b",\n]\n'
        "[claims]\n"
        'fields = [\n  { field = "한", aliases = ["x"] },\n  { field = "b", aliases = [\n      "p",\n      42,\n  ] },\n]\n'
    )
    places = {
        ("fields", 1, "allocation"): (1, 53),  # on one line: in the item asked for, not the first
        ("fields", 1): (1, 1),  # an item of a one-line array: the array's key
        ("program", "notes", 1): (5, 3),
        ("claims", "fields", 0, "aliases"): (9, 18),
        ("claims", "fields", 1, "aliases", 1): (12, 7),
        ("claims", "fields", 1, "field"): (10, 5),
    }
    for source in (text, text.encode()):
        assert {path: Locator(source).locate(path) for path in places} == places
