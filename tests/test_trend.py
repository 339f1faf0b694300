"""`mdbudget trend`: three synthetic years (figures made up for the tests), followed field by field."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from support import TREND, argv, assert_json_shape, csv_rows, readme_blocks, run_in, same_year

from conftest import SHIPPED, edit

K = 100_000  # 천원 in one 억원: 2026 is written in 천원 and converted exactly


def budget(year: int, unit: str, fields: list[tuple[str, str, int, int, int]]) -> str:
    head = (
        f'[program]\ntitle = "{year}년 산업 AI 투자"\nministry = "산업통상자원부"\nrelease_date = {year}-01-15\n'
        f'fiscal_year = {year}\nunit = "{unit}"\nsource_file = "release-{year}.txt"\n\n'
        f"[totals]\nprojects = {sum(f[2] for f in fields)}\ntotal = {sum(f[3] for f in fields)}\n"
        f'allocation = {sum(f[4] for f in fields)}\nsource = "참고2 총합"\n'
    )
    rows = "".join(
        f'\n[[fields]]\nid = "{i}"\nname = "{n}"\nname_en = "{i.title()}"\n'
        f'projects = {p}\ntotal = {t}\nallocation = {a}\nsource = "참고2"\n'
        for i, n, p, t, a in fields
    )
    return head + rows


# chips is renamed in 2025 under its id; bio changes its id in 2025 under its name; ai-factory appears in 2025.
YEARS = {
    2024: budget(2024, "억원", [("robots", "로봇", 10, 500, 100), ("chips", "반도체", 20, 800, 200), ("bio", "바이오", 5, 300, 50)]),
    2025: budget(2025, "억원", [
        ("robots", "로봇", 12, 600, 150), ("chips", "시스템반도체", 22, 900, 220),
        ("ai-factory", "AI 팩토리", 8, 400, 80), ("biotech", "바이오", 6, 330, 60),
    ]),
    2026: budget(2026, "천원", [
        ("robots", "로봇", 15, 700 * K, 180 * K), ("chips", "시스템반도체", 25, 1000 * K, 242 * K),
        ("ai-factory", "AI 팩토리", 10, 500 * K, 120 * K), ("biotech", "바이오", 6, 330 * K, 45 * K),
    ]),
}  # fmt: skip


@pytest.fixture
def years(write) -> list[str]:
    # Given out of order: trend orders them by fiscal year.
    return [str(write(YEARS[y], f"budget-{y}.toml")) for y in (2026, 2024, 2025)]


def test_the_table_lines_the_years_up(run, years) -> None:
    result = run("trend", *years)
    assert (result.exit_code, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[0] == "분야별 추이 — 해당 연도 투자규모 (억원), 2024~2026"
    body = [line.rstrip() for line in lines[5:11]]
    assert body == [
        "  로봇               100    150    180      +50.0%      +20.0%    +80      34.2%",
        "  시스템반도체       200    220    242      +10.0%      +10.0%    +42      10.0%   2025년 ← 반도체",
        "  AI 팩토리                  80    120                  +50.0%    +40      50.0%   2025년 신설",
        "  바이오              50     60     45      +20.0%      -25.0%     -5      -5.1%   2025년 ← id bio",
        " ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━",
        "  합계 (4개 분야)    350    510    587      +45.7%      +15.1%   +237      29.5%",
    ]


def test_json_has_the_exact_arithmetic(run, years) -> None:
    result = run("trend", *years, "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout, parse_float=Decimal)
    assert_json_shape("trend", data)
    assert (data["of"], data["unit"], data["years"]) == ("allocation", "억원", [2024, 2025, 2026])
    assert [f["unit"] for f in data["files"]] == ["억원", "억원", "천원"]
    rows = {r["id"]: r for r in data["rows"]}
    assert list(rows) == ["robots", "chips", "ai-factory", "biotech"]
    robots = rows["robots"]
    assert [(y["value"], y["change"], y["growth"]) for y in robots["years"]] == [
        (100, None, None), (150, 50, Decimal("0.5")), (180, 30, Decimal("0.2")),
    ]  # fmt: skip
    # 180 ÷ 100 = 1.8 over two years: √1.8 − 1 = 0.3416407…
    assert (robots["change"], robots["growth"], robots["cagr"]) == (80, Decimal("0.8"), Decimal("0.341641"))
    assert rows["chips"]["cagr"] == Decimal("0.1")  # 200 → 220 → 242: 10% a year, exactly
    assert rows["chips"]["events"] == [{"year": 2025, "event": "renamed", "old_id": "chips", "old_name": "반도체"}]
    assert rows["chips"]["status"] == "renamed"
    bio = rows["biotech"]
    assert bio["events"] == [{"year": 2025, "event": "renamed", "old_id": "bio", "old_name": "바이오"}]
    assert [y["growth"] for y in bio["years"]] == [None, Decimal("0.2"), Decimal("-0.25")]
    assert bio["cagr"] == Decimal("-0.051317")  # √0.9 − 1 = −0.0513167…
    factory = rows["ai-factory"]
    assert (factory["status"], factory["first_year"], factory["last_year"]) == ("appeared", 2025, 2026)
    assert [y["value"] for y in factory["years"]] == [None, 80, 120]
    assert factory["events"] == [{"year": 2025, "event": "appeared", "old_id": None, "old_name": None}]
    assert factory["cagr"] == Decimal("0.5")  # one year, 80 → 120
    programme = data["programme"]
    assert [y["value"] for y in programme["years"]] == [350, 510, 587]
    # 160 ÷ 350 = 0.4571428…, 77 ÷ 510 = 0.1509803…
    assert [y["growth"] for y in programme["years"]] == [None, Decimal("0.457143"), Decimal("0.150980")]


def test_which_field_grew_most(run, years) -> None:
    result = run("trend", *years, "--sort", "growth", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = csv_rows(result.stdout)
    assert rows[0] == ["of", "unit", "year", "id", "name", "name_en", "status", "value", "change", "growth", "cagr"]
    order = list(dict.fromkeys(r[3] for r in rows[1:]))
    assert order == ["ai-factory", "robots", "chips", "biotech", ""]  # "": the programme, last
    assert rows[1] == [
        "allocation",
        "억원",
        "2024",
        "ai-factory",
        "AI 팩토리",
        "Ai-Factory",
        "appeared",
        "",
        "",
        "",
        "0.5",
    ]
    assert rows[-1] == [
        "allocation",
        "억원",
        "2026",
        "",
        "합계",
        "programme",
        "kept",
        "587",
        "77",
        "0.15098",
        "0.295046",
    ]  # √(587 ÷ 350) − 1 = 0.2950455…


def test_unit_and_measure_are_chosen(run, years) -> None:
    data = json.loads(run("trend", *years, "--of", "total", "--unit", "천원", "--json").stdout)
    assert data["unit"] == "천원"
    assert [y["value"] for y in data["programme"]["years"]] == [1600 * K, 2230 * K, 2530 * K]
    data = json.loads(run("trend", *years, "--unit", "조원", "--json").stdout, parse_float=Decimal)
    robots = data["rows"][0]
    assert [y["value"] for y in robots["years"]] == [Decimal("0.01"), Decimal("0.015"), Decimal("0.018")]
    assert robots["cagr"] == Decimal("0.341641")  # the same growth, whatever the unit
    data = json.loads(run("trend", *years, "--of", "projects", "--json").stdout)
    assert data["unit"] is None
    assert [y["value"] for y in data["programme"]["years"]] == [35, 48, 56]


def test_markdown(run, years) -> None:
    result = run("trend", *years, "--format", "md", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert (
        "| ai-factory | AI 팩토리 | Ai-Factory |  | 80 | 120 |  | +50.0% | +40 | 50.0% | new in 2025 |" in result.stdout
    )
    assert (
        "| biotech | 바이오 | Biotech | 50 | 60 | 45 | +20.0% | -25.0% | -5 | -5.1% | 2025 ← id bio |" in result.stdout
    )


def test_the_same_year_twice_is_refused(run, write, years) -> None:
    again = write(YEARS[2025], "copy.toml")
    result = run("trend", years[2], str(again))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == f"mdbudget: {years[2]} and {again} are both fiscal year 2025; give one budget per year\n"


def test_the_harness_other_year_twice_is_a_usage_error_in_every_format(run, write) -> None:
    # The hostile-input and property tests line each file up against a budget of 2031 (support.TREND)
    # and take this message, for trend alone, as the answer to a file of 2031: it must stay what they expect.
    path = str(write(edit(SHIPPED, "fiscal_year = 2025", "fiscal_year = 2031")))
    for fmt in ("table", "json", "csv", "markdown"):
        result = run(*argv(TREND, path), "--format", fmt)
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", same_year(path))
    result = run(*argv(TREND, "-"), "--json", input=edit(SHIPPED, "fiscal_year = 2025", "fiscal_year = 2031"))
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", same_year("-"))


def test_one_file_is_not_a_trend(run, years) -> None:
    result = run("trend", years[0])
    assert (result.exit_code, result.stderr) == (2, "mdbudget: trend needs two budget files or more, one per year\n")


def test_an_invalid_file_is_named(run, write, years) -> None:
    bad = write("[program]\n", "bad.toml")
    result = run("trend", years[0], str(bad))
    assert result.exit_code == 2 and result.stdout == ""
    assert str(bad) in result.stderr


def test_the_readme_shows_real_output(tmp_path) -> None:
    for year, text in YEARS.items():
        (tmp_path / f"budget-{year}.toml").write_text(text, encoding="utf-8")
    blocks = readme_blocks("mdbudget trend", "mdbudget import and init")
    assert len(blocks) == 2
    for command, expected in blocks:
        assert run_in(tmp_path, command) == expected, command


def test_a_field_that_disappears_keeps_its_row(run, write) -> None:
    later = budget(2027, "억원", [("robots", "로봇", 1, 200, 200), ("ai-factory", "AI 팩토리", 1, 100, 100)])
    files = [str(write(YEARS[2025], "a.toml")), str(write(later, "b.toml"))]
    data = json.loads(run("trend", *files, "--json").stdout, parse_float=Decimal)
    rows = {r["id"]: r for r in data["rows"]}
    assert list(rows) == ["robots", "chips", "ai-factory", "biotech"]  # gone rows stay where they were
    chips = rows["chips"]
    assert (chips["status"], chips["first_year"], chips["last_year"], chips["change"]) == ("disappeared", 2025, 2025, 0)
    assert chips["events"] == [{"year": 2027, "event": "disappeared", "old_id": None, "old_name": None}]
    assert [y["value"] for y in chips["years"]] == [220, None]
    # 150 → 200 over two fiscal years (2025 to 2027): √(4/3) − 1 = 0.1547005…
    assert rows["robots"]["cagr"] == Decimal("0.154701")
    table = run("trend", *files, "--lang", "en").stdout
    assert "gone in 2027" in table


def test_stdin_once_only(run, years) -> None:
    result = run("trend", "-", "-", input=YEARS[2024])
    assert (result.exit_code, result.stderr) == (2, "mdbudget: only one FILE can be '-' (standard input)\n")
    result = run("trend", "-", years[0], input=YEARS[2024])
    assert result.exit_code == 0, result.stderr
