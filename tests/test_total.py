"""`mdbudget total`: every format, units, and a budget without a baseline or split."""

from __future__ import annotations

import json

from conftest import SHIPPED

JSON = """\
{
  "unit": "억원",
  "year": 2025,
  "field_count": 17,
  "projects": 445,
  "continuing_projects": 297,
  "new_projects": 148,
  "total": 18858,
  "allocation": 4787,
  "source": "참고2 표 총합 행",
  "growth": {
    "from_year": 2023,
    "to_year": 2025,
    "baseline_allocation": 1860,
    "baseline_source": "부제 및 본문 1문단",
    "allocation": 4787,
    "change": 2927,
    "multiple": 2.573656
  }
}
"""

CSV = """\
unit,year,field_count,projects,continuing_projects,new_projects,total,allocation,source,growth_from_year,growth_to_year,growth_baseline_allocation,growth_baseline_source,growth_allocation,growth_change,growth_multiple
억원,2025,17,445,297,148,18858,4787,참고2 표 총합 행,2023,2025,1860,부제 및 본문 1문단,4787,2927,2.573656
"""

MARKDOWN_EN = """\
**Programme total — 2025**

|   |   |
|---|---|
| fields | 17 |
| projects | 445 |
| continuing projects | 297 |
| new projects | 148 |
| total (KRW 100M) | 18,858 |
| 2025 (KRW 100M) | 4,787 |
| earlier year | 2023 |
| 2023 (KRW 100M) | 1,860 |
| change (KRW 100M) | 2,927 |
| 2025 ÷ 2023 | 2.57× |

Source: motie-2025-industrial-ai-press-release.txt — KRW 480 billion for developing and spreading industrial AI in 2025 (참고2 표 총합 행)
"""


def ok(result) -> str:
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def test_json(run) -> None:
    assert ok(run("total", "--json")) == JSON
    assert ok(run("total", "--format", "json")) == JSON


def test_csv(run) -> None:
    assert ok(run("total", "--format", "csv")) == CSV
    assert ok(run("total", "--format", "csv", "--bom")) == "\ufeff" + CSV


def test_markdown(run) -> None:
    assert ok(run("total", "--format", "markdown", "--lang", "en")) == MARKDOWN_EN


def test_table(run) -> None:
    out = ok(run("total"))
    assert out.startswith("사업 총괄 — 2025\n")
    for line in ("과제 수              445", "계속 과제            297", "신규 과제            148",
                 "총 투자규모 (억원)   18,858", "2025년 (억원)        4,787", "2023년 (억원)        1,860",
                 "2025 ÷ 2023          2.57×"):  # fmt: skip
        assert line in out
    assert "출처: motie-2025-industrial-ai-press-release.txt — '25년 산업AI 개발·확산에 4,800억원 투자" in out


def test_units_convert_exactly(run) -> None:
    jo = json.loads(ok(run("total", "--json", "--unit", "jo")))
    assert (jo["unit"], jo["total"], jo["allocation"], jo["growth"]["change"]) == ("조원", 1.8858, 0.4787, 0.2927)
    assert '"allocation": 0.4787,' in ok(run("total", "--json", "--unit", "조원"))
    won = json.loads(ok(run("total", "--json", "-u", "won")))
    assert (won["unit"], won["allocation"], won["growth"]["baseline_allocation"]) == (
        "원",
        478_700_000_000,
        186_000_000_000,
    )
    assert won["growth"]["multiple"] == 2.573656  # a ratio does not depend on the unit
    assert "total (KRW 1M)        1,885,800" in ok(run("total", "--unit", "million", "--lang", "en"))


def test_unknown_unit_is_a_usage_error(run) -> None:
    result = run("total", "--unit", "dollar")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "unknown unit 'dollar'" in result.stderr


def drop(text: str, header: str) -> str:
    """Remove a [table] and its keys from budget text."""
    start = text.index(f"\n{header}\n")
    end = text.index("\n\n", start + 1)
    return text[:start] + text[end:]


def test_without_baseline_or_split(run, write) -> None:
    text = drop(drop(drop(SHIPPED, "[totals.split]"), "[baseline]"), "[claims.growth]")
    path = write(text)
    data = json.loads(ok(run("total", "--json", "--file", str(path))))
    assert (data["continuing_projects"], data["new_projects"], data["growth"]) == (None, None, None)
    csv = ok(run("total", "--format", "csv", "--file", str(path)))
    assert csv.splitlines() == [
        "unit,year,field_count,projects,continuing_projects,new_projects,total,allocation,source,growth_from_year,"
        "growth_to_year,growth_baseline_allocation,growth_baseline_source,growth_allocation,growth_change,growth_multiple",
        "억원,2025,17,445,,,18858,4787,참고2 표 총합 행,,,,,,,",
    ]
