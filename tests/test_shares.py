"""`mdbudget shares`: every format, --of, --sort, --top, and the sum-to-one property."""

from __future__ import annotations

import json
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from support import examples

from conftest import SHIPPED
from mdbudget import parse
from mdbudget.budget.records import BudgetField
from mdbudget.reports.shares import OF, SORTS, shares

TOP3_JSON = """\
{
  "unit": "억원",
  "year": 2025,
  "of": "allocation",
  "sort": "share",
  "top": 3,
  "query": null,
  "projects": 445,
  "total": 18858,
  "allocation": 4787,
  "share": 1,
  "rows": [
    {
      "id": "autonomous-vehicles",
      "name": "자율주행차",
      "name_en": "Autonomous Vehicles",
      "projects": 82,
      "total": 3786,
      "allocation": 1206,
      "share": 0.251932,
      "provisional": true,
      "provisional_note": "AI팩토리, 자동차 분야는 6월중 개최되는 사업심의위원회 종료 후 일부 변동이 있을 수 있음",
      "provisional_note_en": "The AI Factory and automotive amounts may change after the project review committee meets in June.",
      "provisional_source": "참고2 각주",
      "field_ids": [
        "autonomous-vehicles"
      ]
    },
    {
      "id": "advanced-bio",
      "name": "첨단바이오",
      "name_en": "Advanced Biotech",
      "projects": 80,
      "total": 3404,
      "allocation": 682,
      "share": 0.142469,
      "provisional": false,
      "provisional_note": null,
      "provisional_note_en": null,
      "provisional_source": null,
      "field_ids": [
        "advanced-bio"
      ]
    },
    {
      "id": "advanced-manufacturing",
      "name": "첨단제조",
      "name_en": "Advanced Manufacturing",
      "projects": 71,
      "total": 3068,
      "allocation": 681,
      "share": 0.14226,
      "provisional": false,
      "provisional_note": null,
      "provisional_note_en": null,
      "provisional_source": null,
      "field_ids": [
        "advanced-manufacturing"
      ]
    },
    {
      "id": null,
      "name": "그 외 14개 분야",
      "name_en": "14 other fields",
      "projects": 212,
      "total": 8600,
      "allocation": 2218,
      "share": 0.463338,
      "provisional": true,
      "provisional_note": "AI팩토리, 자동차 분야는 6월중 개최되는 사업심의위원회 종료 후 일부 변동이 있을 수 있음",
      "provisional_note_en": "The AI Factory and automotive amounts may change after the project review committee meets in June.",
      "provisional_source": "참고2 각주",
      "field_ids": [
        "ai-factory",
        "intelligent-robots",
        "core-materials",
        "ai-semiconductors",
        "semiconductors",
        "display",
        "infrastructure",
        "other",
        "new-energy",
        "aerospace-defense",
        "shipbuilding",
        "secondary-batteries",
        "workforce",
        "international-cooperation"
      ]
    }
  ]
}
"""

PROJECTS_CSV = """\
unit,year,of,id,name,name_en,projects,total,allocation,share,provisional,provisional_note,provisional_note_en,provisional_source,field_ids
억원,2025,projects,ai-factory,AI 팩토리,AI Factory,44,1516,627,0.098876,true,"AI팩토리, 자동차 분야는 6월중 개최되는 사업심의위원회 종료 후 일부 변동이 있을 수 있음",The AI Factory and automotive amounts may change after the project review committee meets in June.,참고2 각주,ai-factory
억원,2025,projects,autonomous-vehicles,자율주행차,Autonomous Vehicles,82,3786,1206,0.18427,true,"AI팩토리, 자동차 분야는 6월중 개최되는 사업심의위원회 종료 후 일부 변동이 있을 수 있음",The AI Factory and automotive amounts may change after the project review committee meets in June.,참고2 각주,autonomous-vehicles
억원,2025,projects,shipbuilding,조선,Shipbuilding,5,205,39,0.011236,false,,,,shipbuilding
억원,2025,projects,semiconductors,반도체 (공정·장비 등),"Semiconductors (processes, equipment, etc.)",30,871,204,0.067416,false,,,,semiconductors
억원,2025,projects,display,디스플레이,Display,14,716,138,0.031461,false,,,,display
억원,2025,projects,secondary-batteries,이차전지,Secondary Batteries,5,123,37,0.011236,false,,,,secondary-batteries
억원,2025,projects,advanced-bio,첨단바이오,Advanced Biotech,80,3404,682,0.179775,false,,,,advanced-bio
억원,2025,projects,advanced-manufacturing,첨단제조,Advanced Manufacturing,71,3068,681,0.159551,false,,,,advanced-manufacturing
억원,2025,projects,intelligent-robots,지능형로봇,Intelligent Robots,31,976,296,0.069663,false,,,,intelligent-robots
억원,2025,projects,core-materials,핵심소재,Core Materials,17,1562,277,0.038202,false,,,,core-materials
억원,2025,projects,new-energy,에너지신산업,New Energy Industries,10,344,74,0.022472,false,,,,new-energy
억원,2025,projects,aerospace-defense,항공방산,Aerospace and Defense,4,271,48,0.008989,false,,,,aerospace-defense
억원,2025,projects,ai-semiconductors,AI 반도체,AI Semiconductors,20,836,216,0.044944,false,,,,ai-semiconductors
억원,2025,projects,international-cooperation,국제협력,International Cooperation,3,11,3,0.006742,false,,,,international-cooperation
억원,2025,projects,workforce,인력양성,Workforce Training,2,88,21,0.004494,false,,,,workforce
억원,2025,projects,infrastructure,기반구축,Infrastructure,13,758,131,0.029213,false,,,,infrastructure
억원,2025,projects,other,기타,Other,14,323,107,0.031461,false,,,,other
"""

TOP2_MARKDOWN_EN = """\
**Each field's share of the multi-year total**

| id | Korean | field | projects | total (KRW 100M) | 2025 (KRW 100M) | share |   | folded |
|---|---|---|---:|---:|---:|---:|---|---|
| autonomous-vehicles | 자율주행차 | Autonomous Vehicles | 82 | 3,786 | 1,206 | 20.1% | \\* |  |
| advanced-bio | 첨단바이오 | Advanced Biotech | 80 | 3,404 | 682 | 18.1% |  |  |
|  | 그 외 15개 분야 | 15 other fields | 283 | 11,668 | 2,899 | 61.9% | \\* | advanced-manufacturing, core-materials, ai-factory, intelligent-robots, semiconductors, ai-semiconductors, infrastructure, display, new-energy, other, aerospace-defense, shipbuilding, secondary-batteries, workforce, international-cooperation |
|  |  | total | 445 | 18,858 | 4,787 | 100.0% |  |  |

\\* The AI Factory and automotive amounts may change after the project review committee meets in June.

Source: motie-2025-industrial-ai-press-release.txt — KRW 480 billion for developing and spreading industrial AI in 2025 (참고2)
"""


def ok(result) -> str:
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def test_json(run) -> None:
    assert ok(run("shares", "--top", "3", "--json")) == TOP3_JSON


def test_csv_of_projects_in_printed_order(run) -> None:
    assert ok(run("shares", "--of", "projects", "--sort", "order", "--format", "csv")) == PROJECTS_CSV


def test_markdown(run) -> None:
    assert ok(run("shares", "--of", "total", "--top", "2", "--format", "markdown", "--lang", "en")) == TOP2_MARKDOWN_EN


def test_table(run) -> None:
    out = ok(run("shares"))
    assert out.startswith("분야별 비중 — 2025년 투자규모 기준\n")
    lines = out.splitlines()
    first = next(i for i, line in enumerate(lines) if "자율주행차" in line)
    assert (
        "1,206" in lines[first]
        and "25.2%" in lines[first]
        and "█████   " in lines[first]
        and lines[first].endswith("*")
    )
    cooperation = next(line for line in lines if "국제협력" in line)
    assert cooperation.split()[-2:] == ["3", "0.1%"]  # too small for any bar
    assert "합계" in out and "4,787   100.0%" in out
    assert "* AI팩토리, 자동차 분야는" in out and "출처: motie-2025-industrial-ai-press-release.txt" in out
    # Largest first: the order of the percentages never rises.
    percents = [Decimal(w[:-1]) for line in lines for w in line.split() if w.endswith("%")]
    assert len(percents) == 18 and percents[:-1] == sorted(percents[:-1], reverse=True)


def test_sort_and_of(run) -> None:
    def ids(*args: str) -> list[str | None]:
        return [r["id"] for r in json.loads(ok(run("shares", "--json", *args)))["rows"]]

    assert ids("--sort", "id")[:3] == ["advanced-bio", "advanced-manufacturing", "aerospace-defense"]
    assert ids("--sort", "name")[:3] == ["ai-semiconductors", "ai-factory", "international-cooperation"]  # 가나다
    assert ids("--top", "2", "--sort", "name_en") == ["advanced-bio", "autonomous-vehicles", None]
    assert ids("--of", "total", "--top", "1") == ["autonomous-vehicles", None]
    assert ids("--top", "17")[-1] == "international-cooperation"  # nothing left to fold
    # One field left over is shown, never folded into "그 외 1개 분야".
    assert ids("--top", "16") == ids()
    assert None not in ids("--top", "16", "--of", "projects")
    assert ids("--top", "15")[-1] is None


def test_a_single_leftover_field_is_shown_not_folded(run) -> None:
    for lang in ("ko", "en"):
        out = ok(run("shares", "--top", "16", "--lang", lang))
        assert "그 외" not in out and "other field" not in out
        assert ("국제협력" if lang == "ko" else "International Cooperation") in out


def test_bad_options_are_usage_errors(run) -> None:
    assert run("shares", "--top", "0").exit_code == 2
    assert run("shares", "--of", "money").exit_code == 2
    assert run("shares", "--sort", "size").exit_code == 2


def test_csv_has_no_bar_column(run) -> None:
    header = ok(run("shares", "--format", "csv")).splitlines()[0]
    assert header == (
        "unit,year,of,id,name,name_en,projects,total,allocation,share,provisional,"
        "provisional_note,provisional_note_en,provisional_source,field_ids"
    )


BASE = parse(SHIPPED)
amounts = st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 10**6)), min_size=1, max_size=40)


def budget_with(pairs: list[tuple[int, int]]):
    fields = [
        BudgetField(
            id=f"f{i}", name=f"분야{i}", name_en=f"Field {i}", aliases=(), projects=i % 7,
            total=allocation + extra, allocation=allocation, provisional=False, source="test",
        )
        for i, (allocation, extra) in enumerate(pairs)
    ]  # fmt: skip
    return BASE.replace(fields=tuple(fields))


@settings(max_examples=examples(200), deadline=None)
@given(amounts, st.sampled_from(OF), st.sampled_from(SORTS), st.one_of(st.none(), st.integers(1, 45)))
def test_shares_sum_to_one_and_the_fold_keeps_the_total(pairs, of, sort, top) -> None:
    budget = budget_with(pairs)
    whole = sum(getattr(f, of) for f in budget.fields)
    report = shares(budget, of, sort, top)
    rows = report.rows
    # Amounts are never lost or doubled by the fold.
    for key in ("projects", "total", "allocation"):
        assert (
            sum(getattr(r, key) for r in rows)
            == getattr(report.sum, key)
            == sum(getattr(f, key) for f in budget.fields)
        )
    # A fold of one field would hide it for nothing: --top N shows N + 1 fields then.
    folds = top is not None and len(pairs) - top > 1
    assert len(rows) == (top + 1 if folds else len(pairs))
    assert all(r.id is not None for r in rows[:-1]) and (rows[-1].id is None) == folds
    # Every field is in exactly one row; a field's row names only itself.
    assert sorted(i for r in rows for i in r.field_ids) == sorted(f.id for f in budget.fields)
    assert all(r.field_ids == (r.id,) for r in rows if r.id is not None)
    if whole == 0:
        assert all(r.share is None for r in rows)
        return
    # Each share is rounded on its own, so the sum is 1 within half a millionth per row.
    assert report.sum.share == 1
    assert abs(sum(r.share for r in rows) - 1) <= Decimal("0.0000005") * len(rows)
    for r in rows:
        exact = Decimal(sum(getattr(f, of) for f in budget.fields if f.id in r.field_ids)) / whole
        assert abs(r.share - exact) <= Decimal("0.0000005")


def test_a_full_bar_is_the_whole_base_in_every_view(run) -> None:
    # 25.2% of the year is a quarter of a 20-cell bar, whether it is the only row or the largest.
    def bar_of(args: tuple[str, ...], name: str) -> str:
        line = next(line for line in ok(run("shares", *args, env={"COLUMNS": "120"})).splitlines() if name in line)
        return "".join(ch for ch in line if ch in "█▏▎▍▌▋▊▉")

    assert bar_of((), "자율주행차") == bar_of(("autonomous",), "자율주행차") == "█████"
    # The fold of the other 14 fields (46.3%) is under half a bar, not a full one.
    assert bar_of(("--top", "3"), "그 외 14개 분야") == "█████████▎"
