"""Edits an editor makes to budget.toml by mistake: each one fails (`check` exit 1, an invalid file exit 2),
and the message is placed on the line that holds the mistake.

Each case: the text replaced, what replaces it, the text of the line the message must be on (in the
edited file), and the message. A dropped row leaves no line behind, and a row no claim repeats
can only be caught by its column's sum: those two are placed on the stated total.
"""

from __future__ import annotations

import json

import pytest

from conftest import SHIPPED


def _block(field: str) -> str:
    start = SHIPPED.index(f'\n[[fields]]\nid = "{field}"')
    return SHIPPED[start : SHIPPED.index("\n[[fields]]", start + 1)]


AV = "allocation = 1206\nprovisional = true\n"  # the 자율주행차 row's last keys

# (name, old, new, the line of the message, exit status, key path, message)
EDITS = [
    # Invalid files: exit 2, FILE:LINE:COL: path: message.
    ("thousands comma", "total = 3786", "total = 3,786", "total = 3,786", 2, "",
     "invalid TOML: a number cannot hold commas (got 3,786); write 3786 without commas"),
    ("quoted number", "total = 3786", 'total = "3786"', 'total = "3786"', 2, "fields[1].total",
     'must be a number, not text (got "3786"); write 3786 without quotes or commas'),
    ("swapped columns in a row", "total = 716\nallocation = 138", "total = 138\nallocation = 716",
     "allocation = 716", 2, "fields[4].allocation", "the year's allocation (716) exceeds the multi-year total (138)"),
    ("typo'd field id in a claim", 'field = "display"', 'field = "dispaly"', 'field = "dispaly"', 2,
     "claims.fields[5].field", "no field has the id 'dispaly' (did you mean 'display'?)"),
    ("typo'd field id in a project", 'field = "advanced-bio"\nlead', 'field = "advanced-boi"\nlead',
     'field = "advanced-boi"', 2, "projects[1].field", "no field has the id 'advanced-boi' (did you mean 'advanced-bio'?)"),
    ("typo'd project type", 'type = "common-model"', 'type = "common-modle"', 'type = "common-modle"', 2,
     "projects[0].type", "no project type has the id 'common-modle' (did you mean 'common-model'?)"),
    ("duplicated row", _block("display"), _block("display") * 2, 'id = "display"', 2,
     "fields[5].id", "duplicate id 'display' (first used by fields[4])"),
    # Budgets that read but do not reconcile: exit 1, an error finding on the line.
    ("wrong new in the split", "new = 148", "new = 149", "[totals.split]", 1, "totals.split",
     "297 + 149 = 446 ≠ stated 445 (difference +1)"),
    ("wrong continuing in the split", "continuing = 297", "continuing = 279", "[totals.split]", 1, "totals.split",
     "279 + 148 = 427 ≠ stated 445 (difference -18)"),
    ("stated project count", "projects = 445", "projects = 454", "projects = 454", 1, "totals.projects",
     "sum 445 ≠ stated 454 (difference -9)"),
    ("stated allocation", "allocation = 4787", "allocation = 4878", "allocation = 4878", 1, "totals.allocation",
     "sum 4,787 ≠ stated 4,878 (difference -91)"),
    ("digits swapped in a claimed row", "allocation = 627\nprovisional", "allocation = 672\nprovisional",
     "allocation = 672", 1, "fields[ai-factory].allocation",
     "row 672 ≠ claimed 627 (difference -45); the column's total agrees with the claim, so the row looks wrong"),
    ("row no claim repeats", "total = 205\n", "total = 250\n", "total = 18858", 1, "totals.total",
     "sum 18,903 ≠ stated 18,858 (difference +45)"),
    ("dropped row", _block("shipbuilding"), "", "projects = 445", 1, "totals.projects",
     "sum 440 ≠ stated 445 (difference -5)"),
    ("swapped keys in a claim", "projects = 20\nallocation = 216", "projects = 216\nallocation = 20",
     "projects = 216", 1, "claims.fields[ai-semiconductors].projects", "table row 20 ≠ stated 216 (difference -196)"),
    ("claim pointed at another field", 'field = "display"', 'field = "core-materials"',
     'field = "core-materials"\ntext = "디스플레이', 1, "claims.fields[core-materials].field",
     'the text names 디스플레이 (display), not 핵심소재: is field = "core-materials" right?'),
    ("claim text naming another field", '"디스플레이(14개, 138억원)"', '"핵심소재(14개, 138억원)"',
     '"핵심소재(14개, 138억원)"', 1, "claims.fields[display].text",
     "the text names 핵심소재 (core-materials), but its figures are 디스플레이's: is the name in the text right?"),
    ("count typo in a claim's text", "(44개 과제, 627억원)", "(45개 과제, 627억원)", "45개 과제", 1,
     "claims.fields[ai-factory].text", "“45개 과제” in the text ≠ projects = 44 (difference +1)"),
    ("headline amount", "amount = 4800", "amount = 4080", "amount = 4080", 1, "claims.headline.amount",
     "exact 4,787 rounds to 4,800 at 100 억원, not the stated 4,080"),
    ("growth multiple", "multiple = 2.5", "multiple = 25", "multiple = 25", 1, "claims.growth.multiple",
     "4,787 ÷ 1,860 = 2.573656×: neither truncation (2) nor rounding (3) gives the stated 25"),
    ("provisional flag flipped", "allocation = 627\nprovisional = true", "allocation = 627\nprovisional = false",
     "provisional = false", 1, "fields[ai-factory].provisional",
     "the [provisional] note names “AI팩토리”, but AI 팩토리 is not marked provisional = true"),
    ("provisional flag dropped", AV, "allocation = 1206\n", '[[fields]]\nid = "autonomous-vehicles"', 1,
     "fields[autonomous-vehicles].provisional",
     "the [provisional] note names “자동차”, but 자율주행차 is not marked provisional = true"),
    ("provisional flag added", "allocation = 39\n", "allocation = 39\nprovisional = true\n",
     'provisional = true\nsource = "참고2"\n\n[[fields]]\nid = "semiconductors"', 1, "fields[shipbuilding].provisional",
     "marked provisional, but the [provisional] note does not name 조선"),
    ("provisional note names another field", "AI팩토리, 자동차 분야는", "AI팩토리, 조선 분야는", "note = ", 1,
     "provisional.note", "the [provisional] note names “조선”, not the fields marked provisional: AI 팩토리, 자율주행차"),
    ("fiscal year a year early", "fiscal_year = 2025", "fiscal_year = 2024", "fiscal_year = 2024", 1,
     "program.fiscal_year", "fiscal_year 2024 ≠ 2025, the year of the release date 2025-05-28"),
    ("fiscal year a year late", "fiscal_year = 2025", "fiscal_year = 2026", "fiscal_year = 2026", 1,
     "program.fiscal_year", "fiscal_year 2026 ≠ 2025, the year of the release date 2025-05-28"),
    ("release date a year early", "release_date = 2025-05-28", "release_date = 2024-05-28", "release_date = 2024",
     1, "program.release_date", "release_date 2024-05-28 is in 2024, but the title and fiscal_year say 2025"),
    ("project period shifted", "period = { start = 2025, end = 2029 }", "period = { start = 2026, end = 2029 }",
     "start = 2026", 1, "projects[pharma-impurity-platform].period",
     "an allocation of 10 for 2025, outside its period 2026~2029"),
    ("project above its field", "total = 22\n", "total = 2200\n", "total = 2200", 1,
     "projects[mobility-ai-chip].total", "multi-year total 2,200 exceeds field AI 반도체's 836"),
    ("stated years", "stated_years = 3", "stated_years = 30", "stated_years = 30", 1,
     "projects[mobility-ai-chip].stated_years", "2024~2027 touches 4 calendar years, which 30 years cannot fit"),
    ("unit in won", 'unit = "억원"', 'unit = "원"', 'unit = "원"', 1, "program.unit",
     "the unit looks wrong: 10 of the 10 amounts the texts print (such as “627억원”) agree with the figures read"
     " in 억원, not 원"),
    ("unit in millions", 'unit = "억원"', 'unit = "백만원"', 'unit = "백만원"', 1, "program.unit",
     "the unit looks wrong: 10 of the 10 amounts the texts print (such as “627억원”) agree with the figures read"
     " in 억원, not 백만원"),
]  # fmt: skip


def line_of(text: str, needle: str) -> int:
    """The line of the last ``needle``: a duplicated row's mistake is its second copy."""
    return text[: text.rindex(needle)].count("\n") + 1


@pytest.mark.parametrize(("name", "old", "new", "where", "status", "path", "message"), EDITS, ids=[e[0] for e in EDITS])
def test_each_edit_is_caught_on_its_line(run, write, name, old, new, where, status, path, message) -> None:
    assert SHIPPED.count(old) == 1, name
    text = SHIPPED.replace(old, new)
    line = line_of(text, where)
    file = str(write(text))
    result = run("check", "--file", file, "--json", "--lang", "en")
    assert result.exit_code == status, (result.stdout, result.stderr)
    if status == 2:
        problems = json.loads(result.stdout)["problems"]
        assert (problems[0]["line"], problems[0]["path"], problems[0]["message"]) == (line, path, message)
        return
    errors = [
        (f["line"], f["path"], f["message"]) for f in json.loads(result.stdout)["findings"] if f["status"] == "error"
    ]
    assert (line, path, message) in errors, errors


def test_the_wrong_unit_is_said_once_and_first(run, write) -> None:
    # Before: ten errors, each a prose figure 10^8 times off, and no word of the unit.
    text = SHIPPED.replace('unit = "억원"', 'unit = "원"')
    result = run("check", "--file", str(write(text)), "--json")
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    failed = [f for f in findings if f["status"] != "pass" and f["code"] != "project.duration"]
    assert [f["code"] for f in failed] == ["program.unit"]
    assert next(f["code"] for f in findings if f["status"] == "error") == "program.unit"
    # The prose is then read in the unit that fits: a real edit of a figure still shows.
    typo = text.replace("(44개 과제, 627억원)", "(44개 과제, 672억원)")
    findings = json.loads(run("check", "--file", str(write(typo)), "--json").stdout)["findings"]
    assert [(f["path"], f["message"]) for f in findings if f["status"] == "error"] == [
        ("program.unit", "the unit looks wrong: 9 of the 10 amounts the texts print (such as “216억원”) agree with "
         "the figures read in 억원, not 원"),
        ("claims.fields[ai-factory].text", "“672억원” in the text ≠ allocation = 627 (difference +45)"),
    ]  # fmt: skip


def test_a_budget_announced_in_the_autumn_before_its_year_passes(run, write) -> None:
    # The government's proposal and the Assembly's vote come before the year: a December release of 2025's budget.
    text = SHIPPED.replace("release_date = 2025-05-28", "release_date = 2024-12-20")
    result = run("check", "--file", str(write(text)), "--json")
    assert result.exit_code == 0, result.stdout
    found = next(f for f in json.loads(result.stdout)["findings"] if f["code"] == "program.fiscal_year")
    assert (found["status"], found["line"], found["message"]) == (
        "pass", 27, "2025: the year after the release date 2024-12-20, announced ahead of its year",
    )  # fmt: skip
    # In the spring before, it is an error: a release of May 2024 is not about 2025's allocations.
    spring = SHIPPED.replace("release_date = 2025-05-28", "release_date = 2024-05-28")
    assert run("check", "--file", str(write(spring)), "--json").exit_code == 1
