"""`mdbudget check`: passes on the shipped file, and fails on each kind of broken claim."""

from __future__ import annotations

import json
import re

import pytest

from conftest import SHIPPED, edit
from mdbudget import parse
from mdbudget.reports.check.reconcile import check


def findings(text: str) -> list[dict]:
    return json.loads(_format(check(parse(text))))["findings"]


def _format(report) -> str:
    from mdbudget.formats import render

    return render(report, "json")


def failing(text: str) -> list[tuple[str, str]]:
    return [(f["status"], f["path"]) for f in findings(text) if f["status"] != "pass"]


def test_shipped_budget_reconciles(run) -> None:
    result = run("check", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["ok"], data["error_count"], data["warning_count"], data["check_count"]) == (True, 0, 0, 40)
    assert data["accepted_count"] == 3  # its three duration warnings, accepted in its [check] table
    assert {f["code"] for f in data["findings"]} == {
        "totals.projects", "totals.total", "totals.allocation", "totals.split",
        "field_claim.projects", "field_claim.allocation", "field_claim.text", "growth", "growth.text",
        "headline", "headline.text", "project.allocation", "project.total", "project.duration",
        "program.fiscal_year", "provisional", "project.period",
    }  # fmt: skip


def test_strict_fails_on_the_duration_warnings(run, write) -> None:
    result = run("check", "--strict", "--json", "--file", str(write(SHIPPED)))  # without its [check] table
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert (data["ok"], data["strict"]) == (False, True)
    assert [f["path"] for f in data["findings"] if f["status"] == "warning"] == [
        "projects[cnc-autonomous-manufacturing].stated_years",
        "projects[pharma-impurity-platform].stated_years",
        "projects[mobility-ai-chip].stated_years",
    ]


def test_ten_eok_more_for_one_field_names_the_field_and_every_broken_claim(run, write) -> None:
    text = edit(SHIPPED, "allocation = 1206\nprovisional", "allocation = 1216\nprovisional")
    result = run("check", "--file", str(write(text)), "--json")
    assert result.exit_code == 1
    broken = [f for f in json.loads(result.stdout)["findings"] if f["status"] == "error"]
    assert [(f["path"], f["stated"], f["computed"], f["difference"], f["line"]) for f in broken] == [
        ("totals.allocation", 4787, 4797, 10, 38),
        ("fields[autonomous-vehicles].allocation", 1216, 1206, -10, 143),
    ]
    # Before: on the claim's line (82). The claim and the total agree against the row, so the row is the edit.
    assert broken[1]["subject"] == "자율주행차: table row's allocation"
    assert broken[1]["message"] == (
        "row 1,216 ≠ claimed 1,206 (difference -10); the column's total agrees with the claim, so the row looks wrong"
    )
    assert broken[0]["message"] == "sum 4,797 ≠ stated 4,787 (difference +10)"


def test_table_output_names_the_failure(run, write) -> None:
    text = edit(SHIPPED, "allocation = 1206\nprovisional", "allocation = 1216\nprovisional")
    path = str(write(text))
    english = run("check", "--file", path, "--lang", "en", env={"COLUMNS": "200"})
    assert english.exit_code == 1
    assert "✗" in english.stdout
    assert re.search(
        r"자율주행차: table row's allocation +row 1,216 ≠ claimed 1,206 \(difference -10\)", english.stdout
    )
    assert english.stdout.rstrip().endswith("check FAILED: 40 checks, 2 errors, 3 warnings")
    korean = run("check", "--file", path, env={"COLUMNS": "200"})
    assert korean.exit_code == 1
    assert re.search(r"자율주행차: 표 행의 투자규모 +행 1,216 ≠ 명시 1,206 \(차이 -10\)", korean.stdout)
    assert korean.stdout.rstrip().endswith("검증 실패: 검사 40건, 오류 2건, 경고 3건")


BROKEN = [
    ("column sum of projects", ("projects = 5\n", "projects = 6\n"), [("error", "totals.projects")]),
    ("column sum of totals", ("total = 205\n", "total = 206\n"), [("error", "totals.total")]),
    ("continuing + new", ("new = 148", "new = 149"), [("error", "totals.split")]),
    ("narrative count", ("projects = 44\nallocation = 627", "projects = 45\nallocation = 627"),
     [("error", "claims.fields[ai-factory].text"), ("error", "claims.fields[ai-factory].projects")]),
    ("growth claim", ("multiple = 2.5", "multiple = 2.7"),
     [("error", "claims.growth.text"), ("error", "claims.growth.multiple")]),
    ("headline", ("amount = 4800", "amount = 4700"),
     [("error", "claims.headline.text"), ("error", "claims.headline.amount")]),
    ("project above its field", ("total = 22\nallocation = 8", "total = 900\nallocation = 300"),
     [("error", "projects[mobility-ai-chip].total"), ("error", "projects[mobility-ai-chip].allocation")]),
    ("duration that cannot fit", ("stated_years = 3", "stated_years = 2"), [("error", "projects[mobility-ai-chip].stated_years")]),
]  # fmt: skip


PROJECTS = ("cnc-autonomous-manufacturing", "pharma-impurity-platform", "mobility-ai-chip")


@pytest.mark.parametrize(("name", "change", "expected"), BROKEN, ids=[b[0] for b in BROKEN])
def test_each_kind_of_broken_claim_fails(name, change, expected) -> None:
    warnings = {("warning", f"projects[{p}].stated_years") for p in PROJECTS}
    got = [f for f in failing(edit(SHIPPED, *change)) if f not in warnings]
    assert got == expected


def test_growth_says_how_it_holds() -> None:
    growth = next(f for f in findings(SHIPPED) if f["code"] == "growth")
    assert growth["status"] == "pass"
    assert (
        growth["message"] == "4,787 ÷ 1,860 = 2.573656×: holds by truncation to 2.5, not by rounding (which gives 2.6)"
    )
    # The computed multiple has the 6 decimals total and ratios print.
    assert (growth["stated"], growth["computed"], growth["difference"]) == (2.5, 2.573656, 0.073656)


def test_growth_that_holds_by_rounding() -> None:
    growth = next(f for f in findings(edit(SHIPPED, "multiple = 2.5", "multiple = 2.6")) if f["code"] == "growth")
    assert (growth["status"], growth["message"]) == ("pass", "4,787 ÷ 1,860 = 2.573656×, which rounds to 2.6")


def test_headline_rounding() -> None:
    headline = next(f for f in findings(SHIPPED) if f["code"] == "headline")
    assert headline["message"] == "exact 4,787 rounds to 4,800 at 100 억원"


def test_every_finding_has_a_line_and_a_source() -> None:
    for f in findings(SHIPPED):
        assert isinstance(f["line"], int) and f["line"] > 0, f
        assert f["source"], f


def test_a_budget_without_claims_still_checks_its_sums() -> None:
    fields = SHIPPED.split("\n[[fields]]\n", 1)[1].split("[provisional]")[0]
    lean = SHIPPED.split("# --- Claims")[0] + "[[fields]]\n" + fields
    codes = [f["code"] for f in findings(lean)]
    assert codes == ["program.fiscal_year", "totals.projects", "totals.total", "totals.allocation", "totals.split"]


def test_findings_are_listed_down_the_file() -> None:
    # Before: the rules' order, so lines 55 and 60 came after 117. Now a reader walks down budget.toml.
    broken = edit(SHIPPED, "stated_years = 3", "stated_years = 2")
    broken = edit(broken, "multiple = 2.5", "multiple = 2.7")
    lines = [f["line"] for f in findings(broken)]
    assert lines == sorted(lines)
    assert len(findings(broken)) == 40


def lines_of(text: str) -> list[str]:
    return text.split("\n")


# Each edit breaks one kind of finding; every finding that names a key is placed on that key's own line.
EVERY_KIND = [
    ("new = 148", "new = 149"),  # totals.split
    ("projects = 445", "projects = 446"),  # totals.projects
    ("total = 18858", "total = 18859"),  # totals.total
    ("allocation = 4787", "allocation = 4788"),  # totals.allocation
    ("projects = 44\nallocation = 627", "projects = 45\nallocation = 627"),  # field claim and its text
    ("multiple = 2.5", "multiple = 2.7"),  # growth and its text
    ("amount = 4800", "amount = 4700"),  # headline and its text
    ("total = 22\nallocation = 8", "total = 900\nallocation = 300"),  # project within its field
    ("stated_years = 3", "stated_years = 2"),  # duration
]


@pytest.mark.parametrize("change", EVERY_KIND, ids=[c[0].split(" =")[0] for c in EVERY_KIND])
def test_a_finding_is_placed_on_its_keys_own_line(change) -> None:
    text = edit(SHIPPED, *change)
    rows = lines_of(text)
    broken = [f for f in findings(text) if f["status"] == "error"]
    assert broken
    for f in findings(text):
        key = f["path"].rsplit(".", 1)[-1]
        if f["path"] == "projects":
            continue  # a summary of every project: placed at the first one
        row = rows[f["line"] - 1].lstrip()
        # A finding about a whole table (the split) is placed on its header.
        assert row.startswith(f"{key} =") or row == f"[{f['path']}]", (f["path"], f["line"], row)


@pytest.mark.parametrize("change", [("continuing = 297", "continuing = 298"), ("new = 148", "new = 149")])
def test_the_split_is_placed_on_its_table_also_in_an_inline_table(change) -> None:
    # Before: on the continuing line (42) even when new (43) was the edited one. Either may be wrong:
    # the finding is placed on the table, [totals.split] on 41.
    text = edit(SHIPPED, *change)
    split = next(f for f in findings(text) if f["code"] == "totals.split")
    assert (split["status"], split["line"], split["path"]) == ("error", 41, "totals.split")
    block = SHIPPED[SHIPPED.index("\n[totals.split]\n") : SHIPPED.index("\n[baseline]\n")]
    inline = SHIPPED.replace(block, '\nsplit = { continuing = 298, new = 148, source = "본문 1문단" }\n')
    split = next(f for f in findings(inline) if f["code"] == "totals.split")
    assert lines_of(inline)[split["line"] - 1].startswith("split = { continuing = 298")


def test_counts_are_plural_only_when_needed(run, write) -> None:
    from mdbudget.reports.check.wording import count

    assert [count(n, "error", "en") for n in (0, 1, 2)] == ["0 errors", "1 error", "2 errors"]
    assert count(1, "warning", "ko") == "경고 1건"
    # One error (the headline) and one warning (two of the three durations made to hold).
    text = edit(SHIPPED, "amount = 4800", "amount = 4700")
    text = edit(text, '"4,800억원 투자"', '"4,700억원 투자"')
    text = edit(text, "stated_years = 4", "stated_years = 5", count=2)
    result = run("check", "--file", str(write(text)), "--lang", "en")
    assert result.stdout.rstrip().endswith("check FAILED: 39 checks, 1 error, 1 warning")


def test_every_phrase_has_its_korean() -> None:
    from mdbudget.reports.check.wording import PHRASES

    for key, (en, ko) in PHRASES.items():
        words = re.sub(r"\{[^}]*\}", "", en)
        if re.search(r"[A-Za-z]{2}", words.replace("--strict", "").replace("--format json", "")):
            assert ko != en and re.search("[가-힣]", ko), key


def test_korean_mode_translates_every_subject_and_message(run, write) -> None:
    # Before: Korean headers over English subjects and messages.
    text = SHIPPED
    for change in EVERY_KIND:
        text = edit(text, *change)
    path = str(write(text))
    # Tables and Markdown are for people: Korean. CSV and JSON are data, the same in every language.
    findings = json.loads(run("check", "--file", path, "--json").stdout)["findings"]
    korean = run("check", "--file", path, "--format", "markdown").stdout
    english = run("check", "--file", path, "--format", "markdown", "--lang", "en").stdout
    assert len(findings) > 30
    rows = [line for line in korean.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert len(rows) == len(findings)
    for row in rows:
        assert re.search("[가-힣]", row.split(" | ")[2]) and re.search("[가-힣]", row.split(" | ")[3]), row
    for f in findings:
        assert f["subject"].replace("_", "\\_") in english or f["subject"] in english
        assert f["message"].replace("_", "\\_") not in korean


def test_stated_is_the_file_figure_and_computed_what_it_is_held_against(run, write) -> None:
    # A duration: stated = the stated years, computed = the calendar years of the period.
    text = edit(SHIPPED, "stated_years = 4", "stated_years = 2")
    # A project above its field: stated = the project's figure, computed = the field's.
    text = edit(text, "total = 22\n", "total = 900\n")
    data = json.loads(run("check", "--file", str(write(text)), "--json").stdout)
    errors = {f["code"]: f for f in data["findings"] if f["status"] == "error"}
    duration, total = errors["project.duration"], errors["project.total"]
    assert (duration["path"], duration["stated"], duration["computed"], duration["difference"]) == (
        "projects[cnc-autonomous-manufacturing].stated_years", 2, 5, 3,
    )  # fmt: skip
    assert (total["path"], total["stated"], total["computed"], total["difference"]) == (
        "projects[mobility-ai-chip].total",
        900,
        836,
        -64,
    )


def test_summaries_carry_no_null_figures(run) -> None:
    findings = json.loads(run("check", "--json").stdout)["findings"]
    summaries = [f for f in findings if f["path"] == "projects"]
    assert len(summaries) == 3  # allocations, totals, periods; the durations have none: all three are warnings
    assert all(not {"stated", "computed", "difference"} & f.keys() for f in summaries)
    # Every figure present is a number: a data frame keeps the column numeric.
    assert all(isinstance(f[k], (int, float)) for f in findings for k in ("stated", "computed", "difference") if k in f)


def test_projects_with_the_same_period_and_years_get_the_same_finding(run, write) -> None:
    # The second project's period made the first's: one verdict, worded once, for both.
    path = write(edit(SHIPPED, "period = { start = 2025, end = 2029 }", "period = { start = 2024, end = 2028 }"))
    data = json.loads(run("check", "--json", "--file", str(path)).stdout)
    durations = {f["path"]: (f["status"], f["message"]) for f in data["findings"] if f["code"] == "project.duration"}
    first, second = (
        "projects[cnc-autonomous-manufacturing].stated_years",
        "projects[pharma-impurity-platform].stated_years",
    )
    assert durations[first] == durations[second]
    assert durations[first][0] == "warning"
