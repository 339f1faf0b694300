"""`mdbudget ratios`: per field, the programme's growth, the sample projects; every format."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from conftest import SHIPPED
from mdbudget.reports.ratios import cagr

FIELD_ROW = {
    "id": "ai-factory", "name": "AI 팩토리", "name_en": "AI Factory", "projects": 44, "total": 1516,
    "allocation": 627, "year_share": 0.413588, "average_total": 34.45, "average_allocation": 14.25, "provisional": True,
    "provisional_note": "AI팩토리, 자동차 분야는 6월중 개최되는 사업심의위원회 종료 후 일부 변동이 있을 수 있음",
    "provisional_note_en": "The AI Factory and automotive amounts may change after the project review committee meets in June.",
    "provisional_source": "참고2 각주",
}  # fmt: skip

# The programme row: 2025 ÷ the multi-year total, 4,787 ÷ 18,858, and the averages per project.
PROGRAMME = {"projects": 445, "total": 18858, "allocation": 4787, "year_share": 0.253845, "average_total": 42.38,
             "average_allocation": 10.76}  # fmt: skip

GROWTH = {
    "from_year": 2023, "to_year": 2025, "baseline_allocation": 1860, "allocation": 4787, "multiple": 2.573656,
    "change_rate": 1.573656, "cagr": 0.604262, "claim": "'23년 … 1,860억원 대비 2.5배 증가", "claim_multiple": 2.5,
    "claim_source": "부제 및 본문 1문단",
}  # fmt: skip

SAMPLES = [
    {"id": "cnc-autonomous-manufacturing", "name": "절삭가공 산업의 AI 자율제조 고도화를 위한 핵심 기술 개발",
     "name_en": "Core technology for advanced AI autonomous manufacturing in the cutting industry",
     "field": "ai-factory", "total": 100, "allocation": 25, "stated_years": 4, "year_share": 0.25, "per_year": 25,
     "even_spread": 1},
    {"id": "pharma-impurity-platform", "name": "AI 기반 의약품 유연물질 및 불순물 예측·관리 플랫폼 개발",
     "name_en": "AI platform for predicting and managing related substances and impurities in medicines",
     "field": "advanced-bio", "total": 63, "allocation": 10, "stated_years": 4, "year_share": 0.15873,
     "per_year": 15.75, "even_spread": 0.634921},
    {"id": "mobility-ai-chip", "name": "멀티모달 처리 및 저지연 동작을 위한 모빌리티용 AI 반도체 개발",
     "name_en": "Low-latency multimodal AI chip for mobility", "field": "ai-semiconductors", "total": 22,
     "allocation": 8, "stated_years": 3, "year_share": 0.363636, "per_year": 7.33, "even_spread": 1.090909},
]  # fmt: skip

GROWTH_CSV = """\
unit,year,from_year,to_year,baseline_allocation,allocation,multiple,change_rate,cagr,claim,claim_multiple,claim_source
억원,2025,2023,2025,1860,4787,2.573656,1.573656,0.604262,"'23년 … 1,860억원 대비 2.5배 증가",2.5,부제 및 본문 1문단
"""

SAMPLES_CSV = """\
unit,year,id,name,name_en,field,total,allocation,stated_years,year_share,per_year,even_spread
억원,2025,cnc-autonomous-manufacturing,절삭가공 산업의 AI 자율제조 고도화를 위한 핵심 기술 개발,Core technology for advanced AI autonomous manufacturing in the cutting industry,ai-factory,100,25,4,0.25,25,1
억원,2025,pharma-impurity-platform,AI 기반 의약품 유연물질 및 불순물 예측·관리 플랫폼 개발,AI platform for predicting and managing related substances and impurities in medicines,advanced-bio,63,10,4,0.15873,15.75,0.634921
억원,2025,mobility-ai-chip,멀티모달 처리 및 저지연 동작을 위한 모빌리티용 AI 반도체 개발,Low-latency multimodal AI chip for mobility,ai-semiconductors,22,8,3,0.363636,7.33,1.090909
"""

MARKDOWN_GROWTH = """\
**사업 증가 — 2023 대비 2025**

|   |   |
|---|---|
| 비교 연도 | 2023 |
| 2023년 (억원) | 1,860 |
| 2025년 (억원) | 4,787 |
| 2025 ÷ 2023 | 2.57× |
| 증가율 | +157.4% |
| 연평균 증가율 (2년) | 60.4% |
| 자료의 표현 | '23년 … 1,860억원 대비 2.5배 증가 |
| 자료의 배수 | 2.50× |
| 출처 | 부제 및 본문 1문단 |
"""


def ok(result) -> str:
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def test_json(run) -> None:
    out = ok(run("ratios", "--json"))
    data = json.loads(out)
    assert list(data) == ["unit", "year", "rows", "programme", "growth", "samples"]
    assert data["programme"] == PROGRAMME
    assert (data["unit"], data["year"], len(data["rows"])) == ("억원", 2025, 17)
    assert data["rows"][0] == FIELD_ROW
    infrastructure = next(r for r in data["rows"] if r["id"] == "infrastructure")
    assert (infrastructure["year_share"], infrastructure["average_total"]) == (0.172823, 58.31)
    assert data["growth"] == GROWTH
    assert data["samples"] == SAMPLES
    # Exact digits as written, not float noise.
    assert '      "year_share": 0.413588,\n' in out and '    "cagr": 0.604262,\n' in out


def test_csv(run) -> None:
    result = run("ratios", "--format", "csv")
    assert result.exit_code == 0
    assert (
        result.stderr == "mdbudget: CSV holds the fields table; the others: programme, growth, samples (--table NAME)\n"
    )
    lines = result.stdout.splitlines()
    assert lines[:2] == [
        "unit,year,id,name,name_en,projects,total,allocation,year_share,average_total,average_allocation,provisional,"
        "provisional_note,provisional_note_en,provisional_source",
        "억원,2025,ai-factory,AI 팩토리,AI Factory,44,1516,627,0.413588,34.45,14.25,true,"
        '"AI팩토리, 자동차 분야는 6월중 개최되는 사업심의위원회 종료 후 일부 변동이 있을 수 있음",'
        "The AI Factory and automotive amounts may change after the project review committee meets in June.,참고2 각주",
    ]
    assert len(lines) == 18 and "" not in lines
    assert ok(run("ratios", "--format", "csv", "--table", "growth")) == GROWTH_CSV
    assert ok(run("ratios", "--format", "csv", "--table", "samples")) == SAMPLES_CSV
    assert ok(run("ratios", "--format", "csv", "--table", "programme")) == (
        "unit,year,projects,total,allocation,year_share,average_total,average_allocation\n"
        "억원,2025,445,18858,4787,0.253845,42.38,10.76\n"
    )


def test_markdown(run) -> None:
    out = ok(run("ratios", "--format", "markdown"))
    assert "| ai-factory | AI 팩토리 | AI Factory | 44 | 1,516 | 627 | 41.4% | 34.45 | 14.25 | \\* |\n" in out
    assert "| infrastructure | 기반구축 | Infrastructure | 13 | 758 | 131 | 17.3% | 58.31 | 10.08 |  |\n" in out
    assert MARKDOWN_GROWTH in out
    assert "| pharma-impurity-platform | AI 기반 의약품 유연물질 및 불순물 예측·관리 플랫폼 개발 | " in out
    assert "| advanced-bio | 63 | 10 | 4 | 15.9% | 15.75 | 0.63× |\n" in out
    assert "| ai-factory | 100 | 25 | 4 | 25.0% | 25.00 | 1.00× |\n" in out  # decimals aligned


def test_table(run) -> None:
    out = ok(run("ratios"))
    assert "AI 팩토리                    44           41.4%                34.45                  14.25   *" in out
    assert "기반구축                     13           17.3%                58.31                  10.08" in out
    for line in ("2025 ÷ 2023           2.57×", "증가율                +157.4%", "연평균 증가율 (2년)   60.4%",
                 "자료의 표현           '23년 … 1,860억원 대비 2.5배 증가"):  # fmt: skip
        assert line in out
    assert "pharma-impurity-platform              4           15.9%           15.75             0.63×" in out
    # One number of decimals per column, so the points line up; the programme closes the table.
    assert "조선                          5           19.0%                41.00                   7.80" in out
    assert "합계 (17개 분야)            445           25.4%                42.38                  10.76" in out


def test_units(run) -> None:
    data = json.loads(ok(run("ratios", "--json", "--unit", "won")))
    assert data["rows"][0]["average_total"] == 3_445_000_000
    assert data["samples"][2]["per_year"] == 733_000_000
    assert data["rows"][0]["year_share"] == 0.413588


@pytest.mark.parametrize(
    ("end", "start", "years", "expected"),
    [(4787, 1860, 2, Decimal("0.604262")), (200, 100, 1, Decimal("1")), (100, 100, 5, Decimal("0")),
     (121, 100, 2, Decimal("0.1")), (5, 0, 2, None), (5, 5, 0, None)],
)  # fmt: skip
def test_cagr(end, start, years, expected) -> None:
    assert cagr(end, start, years) == expected


def test_without_baseline_or_samples(run, write) -> None:
    text = SHIPPED[: SHIPPED.index("# --- Project types")]
    start = text.index("\n[baseline]\n")
    text = text[:start] + text[text.index("\n\n", start + 1) :]
    start = text.index("\n[claims.growth]\n")
    text = text[:start] + text[text.index("\n\n", start + 1) :]
    path = write(text)
    data = json.loads(ok(run("ratios", "--json", "--file", str(path))))
    assert (data["growth"], data["samples"], len(data["rows"])) == (None, [], 17)
    growth = run("ratios", "--format", "csv", "--table", "growth", "--file", str(path))
    assert (growth.exit_code, growth.stdout.count("\n")) == (0, 1)  # the header alone
