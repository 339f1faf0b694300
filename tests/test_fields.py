"""`mdbudget fields`: every format, queries, footnotes, escaping and completion."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from conftest import SHIPPED, edit
from mdbudget.commands.queries import complete_field, complete_project

ONE_JSON = """\
[
  {
    "unit": "억원",
    "year": 2025,
    "id": "ai-factory",
    "name": "AI 팩토리",
    "name_en": "AI Factory",
    "aliases": [
      "AI팩토리"
    ],
    "projects": 44,
    "total": 1516,
    "allocation": 627,
    "provisional": true,
    "provisional_note": "AI팩토리, 자동차 분야는 6월중 개최되는 사업심의위원회 종료 후 일부 변동이 있을 수 있음",
    "provisional_note_en": "The AI Factory and automotive amounts may change after the project review committee meets in June.",
    "provisional_source": "참고2 각주",
    "source": "참고2"
  }
]
"""

CSV = """\
unit,year,id,name,name_en,aliases,projects,total,allocation,provisional,provisional_note,provisional_note_en,provisional_source,source
억원,2025,semiconductors,반도체 (공정·장비 등),"Semiconductors (processes, equipment, etc.)",반도체,30,871,204,false,,,,참고2
억원,2025,ai-semiconductors,AI 반도체,AI Semiconductors,인공지능 반도체; AI반도체,20,836,216,false,,,,참고2
"""

MARKDOWN = """\
**분야별 투자규모 — 2025**

| id | 분야 | English | 과제 수 | 총 투자규모 (억원) | 2025년 (억원) |   | 별칭 | 출처 |
|---|---|---|---:|---:|---:|---|---|---|
| semiconductors | 반도체 (공정·장비 등) | Semiconductors (processes, equipment, etc.) | 30 | 871 | 204 |  | 반도체 | 참고2 |
| ai-semiconductors | AI 반도체 | AI Semiconductors | 20 | 836 | 216 |  | 인공지능 반도체, AI반도체 | 참고2 |
|  | 합계 (2개 분야) |  | 50 | 1,707 | 420 |  |  |  |

출처: motie-2025-industrial-ai-press-release.txt — '25년 산업AI 개발·확산에 4,800억원 투자 (참고2)
"""

FOOTNOTE = "* AI팩토리, 자동차 분야는 6월중 개최되는 사업심의위원회 종료 후 일부 변동이 있을 수 있음"


def ok(result) -> str:
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def ids(result) -> list[str]:
    return [item["id"] for item in json.loads(ok(result))]


def test_json_one_match_is_a_one_element_list(run) -> None:
    assert ok(run("fields", "ai-factory", "--json")) == ONE_JSON


def test_json_all_fields_are_self_describing(run) -> None:
    items = json.loads(ok(run("fields", "--json")))
    assert len(items) == 17
    assert all((item["unit"], item["year"]) == ("억원", 2025) for item in items)
    assert set(items[0]) == {
        "unit", "year", "id", "name", "name_en", "aliases", "projects", "total", "allocation", "provisional",
        "provisional_note", "provisional_note_en", "provisional_source", "source",
    }  # fmt: skip
    assert [i["id"] for i in items if i["provisional"]] == ["ai-factory", "autonomous-vehicles"]
    # Why they are provisional: the table's footnote and where it is printed; nothing for the others.
    why = {
        (i["provisional_note"], i["provisional_note_en"], i["provisional_source"]) for i in items if i["provisional"]
    }
    assert why == {
        (
            FOOTNOTE[2:],
            "The AI Factory and automotive amounts may change after the project review committee meets in June.",
            "참고2 각주",
        )
    }
    assert {(i["provisional_note"], i["provisional_source"]) for i in items if not i["provisional"]} == {(None, None)}
    assert sum(i["allocation"] for i in items) == 4787
    assert sum(i["total"] for i in items) == 18858


def test_csv(run) -> None:
    assert ok(run("fields", "반도체", "--format", "csv")) == CSV


def test_markdown(run) -> None:
    assert ok(run("fields", "반도체", "--format", "markdown")) == MARKDOWN


def test_table(run) -> None:
    out = ok(run("fields"))
    assert out.startswith("분야별 투자규모 — 2025\n")
    assert "과제 수   총 투자규모 (억원)   2025년 (억원)" in out
    assert "자율주행차              Autonomous Vehicles          82                3,786           1,206   *" in out
    assert "국제협력                International                 3                   11               3\n" in out
    assert "합계 (17개 분야)                                    445               18,858           4,787" in out
    assert FOOTNOTE in out
    assert "출처: motie-2025-industrial-ai-press-release.txt — '25년 산업AI 개발·확산에 4,800억원 투자 (참고2)" in out


def test_table_in_english(run) -> None:
    out = ok(run("fields", "--lang", "en"))
    assert "  id                          field                  projects      (KRW 100M)       (KRW 100M)" in out
    assert "  autonomous-vehicles         Autonomous Vehicles          82           3,786            1,206   *" in out
    assert "* The AI Factory and automotive amounts may change after the project review committee meets in June." in out
    assert "자율주행차" not in out


def test_footnote_only_when_a_provisional_field_is_shown(run) -> None:
    assert FOOTNOTE in ok(run("fields", "autonomous"))
    assert FOOTNOTE not in ok(run("fields", "조선"))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("AI팩토리", ["ai-factory"]),
        ("ai 팩토리", ["ai-factory"]),
        ("자동차", ["autonomous-vehicles"]),  # alias, as the footnote names it
        ("AUTONOMOUS", ["autonomous-vehicles"]),
        ("ㅈㅇㅈㅎㅊ", ["autonomous-vehicles"]),
        ("semiconductors", ["semiconductors"]),  # an exact id wins over ai-semiconductors
        ("반도체", ["semiconductors", "ai-semiconductors"]),
        ("인공지능", ["ai-semiconductors"]),
    ],
)
def test_query(run, query, expected) -> None:
    assert ids(run("fields", query, "--json")) == expected


def test_no_match_suggests_and_fails(run) -> None:
    result = run("fields", "autonomus", "--json")
    assert (result.exit_code, result.stdout) == (1, "[]\n")
    assert result.stderr == "mdbudget: no field matches 'autonomus' (did you mean 'Autonomous'?)\n"


def test_user_text_is_printed_literally(run, write) -> None:
    path = write(edit(SHIPPED, 'name = "조선"', 'name = "조선 [bold]red[/bold] *x*"'))
    table = ok(run("fields", "shipbuilding", "--file", str(path)))
    assert "조선 [bold]red[/bold] *x*" in table
    markdown = ok(run("fields", "shipbuilding", "--file", str(path), "--format", "markdown"))
    assert r"| shipbuilding | 조선 \[bold\]red\[/bold\] \*x\* |" in markdown
    assert json.loads(ok(run("fields", "shipbuilding", "--file", str(path), "--json")))[0]["name"] == (
        "조선 [bold]red[/bold] *x*"
    )


def test_completion_offers_field_ids(run, write) -> None:
    ctx = SimpleNamespace(params={"file": None})
    assert complete_field(ctx, "ai") == ["ai-factory", "ai-semiconductors"]  # type: ignore[arg-type]
    assert "pharma-impurity-platform" in complete_project(ctx, "")  # type: ignore[arg-type]
    assert "ai-factory" in complete_project(ctx, "ai")  # type: ignore[arg-type]


def test_completion_is_quiet_when_the_budget_cannot_be_read(write, capsys) -> None:
    ctx = SimpleNamespace(params={"file": str(write("not toml [", "broken.toml"))})
    assert complete_field(ctx, "") == []  # type: ignore[arg-type]
    assert complete_project(ctx, "") == []  # type: ignore[arg-type]
    assert capsys.readouterr() == ("", "")
