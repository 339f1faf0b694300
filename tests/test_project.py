"""`mdbudget project`: finding sample projects every way the help promises; every format."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest

from conftest import SHIPPED

PHARMA_JSON = """\
[
  {
    "unit": "억원",
    "year": 2025,
    "id": "pharma-impurity-platform",
    "name": "AI 기반 의약품 유연물질 및 불순물 예측·관리 플랫폼 개발",
    "name_en": "AI platform for predicting and managing related substances and impurities in medicines",
    "type": {
      "id": "sector-transition",
      "number": 2,
      "name": "개별업종 특화 AI 전환",
      "name_en": "Sector-specific AI transition"
    },
    "field": {
      "id": "advanced-bio",
      "name": "첨단바이오",
      "name_en": "Advanced Biotech"
    },
    "lead": "엠에프씨 주식회사",
    "participants": [
      "경동제약",
      "주식회사 알케"
    ],
    "participants_partial": true,
    "period": {
      "start": 2025,
      "end": 2029
    },
    "stated_years": 4,
    "total": 63,
    "allocation": 10,
    "development": [
      "의약품 공정에 적용 가능한 불순물·독성 예측 AI 기술 개발",
      "검증된 의약품 성분 데이터베이스를 구축하고 AI 알고리즘 고도화",
      "불순물 발생을 사전 예측·차단하는 통합 품질관리 플랫폼 마련"
    ],
    "source": "참고1 ②"
  }
]
"""

CSV = """\
unit,year,id,name,name_en,type_id,type_number,type_name,type_name_en,field_id,field_name,field_name_en,lead,participants,participants_partial,period_start,period_end,stated_years,total,allocation,development,source
억원,2025,cnc-autonomous-manufacturing,절삭가공 산업의 AI 자율제조 고도화를 위한 핵심 기술 개발,Core technology for advanced AI autonomous manufacturing in the cutting industry,common-model,1,산업 AI 공통모델 개발,Common industrial AI models,ai-factory,AI 팩토리,AI Factory,DN솔루션즈,서울과기대; 경남TP 전자研,true,2024,2028,4,100,25,공구를 사용해 재료를 깎아내는 공정의 효율화를 위해 스스로 판단·제어하는 첨단 절삭장비 개발; 생산·품질관리·물류 전 과정을 통합하는 AI 절삭 플랫폼을 구축하고 디지털트윈·AI품질예측 기술 등과 연계해 공장에 실증·적용,참고1 ①
억원,2025,pharma-impurity-platform,AI 기반 의약품 유연물질 및 불순물 예측·관리 플랫폼 개발,AI platform for predicting and managing related substances and impurities in medicines,sector-transition,2,개별업종 특화 AI 전환,Sector-specific AI transition,advanced-bio,첨단바이오,Advanced Biotech,엠에프씨 주식회사,경동제약; 주식회사 알케,true,2025,2029,4,63,10,의약품 공정에 적용 가능한 불순물·독성 예측 AI 기술 개발; 검증된 의약품 성분 데이터베이스를 구축하고 AI 알고리즘 고도화; 불순물 발생을 사전 예측·차단하는 통합 품질관리 플랫폼 마련,참고1 ②
억원,2025,mobility-ai-chip,멀티모달 처리 및 저지연 동작을 위한 모빌리티용 AI 반도체 개발,Low-latency multimodal AI chip for mobility,ai-foundation,3,AI 활용 기반 조성,Foundations for using AI,ai-semiconductors,AI 반도체,AI Semiconductors,디퍼아이,주식회사 인투스카이,false,2024,2027,3,22,8,"영상·음성·센서 데이터를 동시에 처리하는 저지연 AI 반도체 개발; 드론, 자율비행 등 실환경에서 검증 가능한 AI 실증 플랫폼 구현; 모빌리티 분야 최적화를 위해 소형화·고성능화 동시 구현",참고1 ③
"""

MOBILITY_MARKDOWN_EN = """\
**Low-latency multimodal AI chip for mobility**

|   |   |
|---|---|
| id | mobility-ai-chip |
| Korean name | 멀티모달 처리 및 저지연 동작을 위한 모빌리티용 AI 반도체 개발 |
| project | Low-latency multimodal AI chip for mobility |
| type id | ai-foundation |
| type | ③ Foundations for using AI |
| field id | ai-semiconductors |
| field | AI Semiconductors |
| lead | 디퍼아이 |
| participants | 주식회사 인투스카이 |
| more participants (등) | no |
| start | 2024 |
| end | 2027 |
| years | 3 |
| total (KRW 100M) | 22 |
| 2025 (KRW 100M) | 8 |
| development | 영상·음성·센서 데이터를 동시에 처리하는 저지연 AI 반도체 개발; 드론, 자율비행 등 실환경에서 검증 가능한 AI 실증 플랫폼 구현; 모빌리티 분야 최적화를 위해 소형화·고성능화 동시 구현 |
| source | 참고1 ③ |

Source: motie-2025-industrial-ai-press-release.txt — KRW 480 billion for developing and spreading industrial AI in 2025 (참고1 ③)
"""

CNC, PHARMA, CHIP = "cnc-autonomous-manufacturing", "pharma-impurity-platform", "mobility-ai-chip"


def ok(result) -> str:
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def test_json(run) -> None:
    assert ok(run("project", "pharma", "--json")) == PHARMA_JSON


def test_csv(run) -> None:
    assert ok(run("project", "--format", "csv")) == CSV
    # The type's name as JSON has it, its number apart: no "①" glued on.
    assert ",common-model,1,산업 AI 공통모델 개발,Common industrial AI models," in CSV


def test_markdown(run) -> None:
    assert ok(run("project", "mobility", "--format", "markdown", "--lang", "en")) == MOBILITY_MARKDOWN_EN


def test_one_match_is_a_detail_view_naming_the_lead(run) -> None:
    out = ok(run("project", "pharma"))
    assert out.startswith("AI 기반 의약품 유연물질 및 불순물 예측·관리 플랫폼 개발\n")
    assert "  주관기관                   엠에프씨 주식회사\n" in out
    assert "  참여기관                   경동제약, 주식회사 알케\n" in out
    assert "  출처                       참고1 ②\n" in out
    assert "출처: motie-2025-industrial-ai-press-release.txt" in out
    assert "  lead                     엠에프씨 주식회사\n" in ok(run("project", "impurity", "--lang", "en"))


def test_several_matches_are_a_table(run) -> None:
    out = ok(run("project"))
    assert out.startswith("대표 과제 3건\n")
    assert "주관기관" in out and "DN솔루션즈" in out and "디퍼아이" in out
    assert out.count("━━━") and "개발 내용" not in out


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (PHARMA, [PHARMA]),
        ("pharma", [PHARMA]),
        ("impurities", [PHARMA]),  # the English name
        ("불순물", [PHARMA]),
        ("ㅈㅅㄱㄱ", [CNC]),
        ("ㅁㅌㅁㄷ", [CHIP]),
        (unicodedata.normalize("NFD", "절삭가공"), [CNC]),
        ("ai-factory", [CNC]),  # a field by id
        ("AI팩토리", [CNC]),  # by Korean name, spaces ignored
        ("advanced biotech", [PHARMA]),  # by English name
        ("인공지능 반도체", [CHIP]),  # by alias
        ("DN솔루션즈", [CNC]),
        ("dn솔루션즈", [CNC]),
        ("경동제약", [PHARMA]),  # a participant
        ("인투스카이", [CHIP]),
        ("AI", [CNC, PHARMA, CHIP]),
    ],
)
def test_query(run, query, expected) -> None:
    assert [p["id"] for p in json.loads(ok(run("project", query, "--json")))] == expected


def test_no_match_suggests_on_stderr(run) -> None:
    result = run("project", "경동제역", "--format", "csv")
    assert (result.exit_code, result.stdout.count("\n")) == (1, 1)  # the header row alone
    assert result.stderr == "mdbudget: no sample project matches '경동제역' (did you mean '경동제약'?)\n"
    result = run("project", "xyzzy", "--json")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "[]\n",
        "mdbudget: no sample project matches 'xyzzy'\n",
    )


def test_unit(run) -> None:
    data = json.loads(ok(run("project", "pharma", "--json", "--unit", "조원")))[0]
    assert (data["unit"], data["total"], data["allocation"]) == ("조원", 0.0063, 0.001)


@pytest.mark.parametrize(
    ("command", "example"),
    [
        ("project", "mdbudget project pharma"),
        ("project", "Who leads the pharma impurity project?"),
        ("shares", "What share of the year goes to autonomous driving?"),
        ("shares", "mdbudget shares --lang en"),
        ("total", "mdbudget total --unit 조원"),
        ("fields", "mdbudget fields 반도체"),
        ("ratios", "mdbudget ratios --json | jq .growth"),
    ],
)
def test_help_answers_questions_with_examples(run, command, example) -> None:
    result = run(command, "--help", env={"COLUMNS": "120"})
    assert result.exit_code == 0
    assert example in result.stdout


def test_query_commands_are_grouped_in_the_main_help(run) -> None:
    out = ok(run("--help", env={"COLUMNS": "120"}))
    assert "Queries" in out
    for command in ("total", "fields", "shares", "ratios", "project"):
        assert f" {command} " in out


def test_a_project_with_only_its_required_keys_is_shown(run, write) -> None:
    # name_en, type, participants, development and stated_years are optional: empty cells, not exit 3
    text = SHIPPED
    for key in ("name_en", "type", "stated_years"):
        text = re.sub(rf"(\[\[projects\]\][^[]*?)\n{key} = [^\n]*", r"\1", text)
    text = re.sub(r"\n(participants|development) = \[[^]]*\]", "", text)
    path = write(text)
    for width in ("30", "80", "200"):
        one = run("project", "pharma", "--file", str(path), env={"COLUMNS": width})
        every = run("project", "--file", str(path), env={"COLUMNS": width})
        assert (one.exit_code, every.exit_code, one.stderr, every.stderr) == (0, 0, "", ""), width
        assert "엠에프씨 주식회사" in one.stdout and "pharma-impurity-platform" in every.stdout
    data = json.loads(run("project", "pharma", "--json", "--file", str(path)).stdout)
    assert (data[0]["name_en"], data[0]["type"], data[0]["participants"]) == (None, None, [])
