"""Accepted findings: [check] accept and --accept, listed as accepted, stale entries, --strict; several FILEs."""

from __future__ import annotations

import csv
import io
import json

from conftest import SHIPPED, SHIPPED_WHOLE

CNC = "projects[cnc-autonomous-manufacturing].stated_years"
PHARMA = "projects[pharma-impurity-platform].stated_years"
CHIP = "projects[mobility-ai-chip].stated_years"


def statuses(stdout: str) -> list[tuple[str, str, int | None]]:
    return [(f["status"], f["path"], f["line"]) for f in json.loads(stdout)["findings"] if f["status"] != "pass"]


def test_the_shipped_budget_passes_strict_with_its_accepted_warnings_listed(run) -> None:
    result = run("check", "--strict", "--lang", "en")
    assert result.exit_code == 0, result.stdout
    lines = result.stdout.splitlines()
    assert lines[-1] == "check passed: 40 checks, 0 errors, 0 warnings, 3 accepted (--strict: warnings fail)"
    assert [line[:12] for line in lines if line.startswith("  ~")] == ["  ~    328  ", "  ~    347  ", "  ~    367  "]


def test_json_counts_and_marks_accepted_findings(run) -> None:
    result = run("check", "--strict", "--json")
    data = json.loads(result.stdout)
    assert (result.exit_code, data["ok"], data["warning_count"], data["accepted_count"]) == (0, True, 0, 3)
    assert statuses(result.stdout) == [("accepted", CNC, 328), ("accepted", PHARMA, 347), ("accepted", CHIP, 367)]


def test_a_code_alone_accepts_every_warning_of_that_code(run, write) -> None:
    path = str(write(SHIPPED))
    result = run("check", "--strict", "--json", "--file", path, "--accept", "project.duration")
    assert result.exit_code == 0
    assert [status for status, _, _ in statuses(result.stdout)] == ["accepted"] * 3


def test_accept_on_the_command_line_takes_code_and_path(run, write) -> None:
    path = str(write(SHIPPED))
    result = run("check", "--strict", "--json", path, "--accept", f"project.duration:{CHIP}")
    assert result.exit_code == 1  # two warnings left
    assert statuses(result.stdout) == [("warning", CNC, 328), ("warning", PHARMA, 347), ("accepted", CHIP, 367)]


def test_a_stale_entry_is_a_warning_on_its_own_line(run, write) -> None:
    text = SHIPPED_WHOLE.replace('"project.duration:projects[mobility', '"project.duration:projects[no-such')
    result = run("check", "--json", "--file", str(write(text)))
    assert result.exit_code == 0  # a warning: only --strict fails on it
    entry = "project.duration:projects[no-such-ai-chip].stated_years"
    stale = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "check.accept"]
    line = text.splitlines().index(f'  "{entry}",') + 1  # the entry's own line in the list
    assert [(f["status"], f["path"], f["line"], f["message"]) for f in stale] == [
        ("warning", "check.accept[2]", line,
         f'"{entry}" matches no warning of this budget: remove it, or correct its code and path '
         "(errors cannot be accepted)"),
    ]  # fmt: skip
    assert statuses(result.stdout)[2] == ("warning", CHIP, 367)
    assert run("check", "--strict", "--file", str(write(text))).exit_code == 1


def test_a_stale_command_line_entry_names_the_option(run) -> None:
    result = run("check", "--lang", "en", "--accept", "nope")
    assert result.exit_code == 0
    assert "--accept nope matches no warning of this budget" in " ".join(result.stdout.split())
    assert result.stdout.splitlines()[-1] == "check passed: 41 checks, 0 errors, 1 warning, 3 accepted"


def test_an_error_cannot_be_accepted(run, write) -> None:
    text = SHIPPED.replace("allocation = 4787 ", "allocation = 4788 ", 1)
    result = run("check", "--json", "--file", str(write(text)), "--accept", "totals.allocation")
    assert result.exit_code == 1
    found = [(f["code"], f["status"]) for f in json.loads(result.stdout)["findings"] if f["status"] != "pass"]
    assert ("totals.allocation", "error") in found and ("check.accept", "warning") in found


def test_csv_and_markdown_list_accepted_findings(run) -> None:
    rows = list(csv.DictReader(io.StringIO(run("check", "--format", "csv").stdout)))
    assert [r["path"] for r in rows if r["status"] == "accepted"] == [CNC, PHARMA, CHIP]
    markdown = run("check", "--format", "md", "--lang", "en").stdout
    assert markdown.count("| \\~ |") == 3
    assert markdown.rstrip().endswith("check passed: 40 checks, 0 errors, 0 warnings, 3 accepted")


def test_annotations_leave_accepted_findings_to_the_summary_line(run) -> None:
    result = run("check", "--format", "github", "--lang", "en", "--strict")
    assert (result.exit_code, result.stdout) == (
        0, "check passed: 40 checks, 0 errors, 0 warnings, 3 accepted (--strict: warnings fail)\n"
    )  # fmt: skip


def test_accept_must_be_a_list_of_text(run, write) -> None:
    result = run("check", "--file", str(write(SHIPPED + "\n[check]\naccept = 3\n")))
    assert result.exit_code == 2
    assert "check.accept" in result.stderr


def test_several_files_are_each_checked_and_the_worst_exit_wins(run, write) -> None:
    good = write(SHIPPED_WHOLE, "good.toml")
    bad = write(SHIPPED.replace("allocation = 4787 ", "allocation = 4788 ", 1), "bad.toml")
    both = run("check", "--lang", "en", str(good), str(bad))
    assert both.exit_code == 1
    assert [line for line in both.stdout.splitlines() if line.startswith("check ")] == [
        "check passed: 40 checks, 0 errors, 0 warnings, 3 accepted",
        "check FAILED: 40 checks, 1 error, 3 warnings",
    ]
    assert run("check", str(good), str(good)).exit_code == 0
    broken = write("[program]\n", "broken.toml")
    worst = run("check", "--lang", "en", str(bad), str(broken), str(good))
    assert worst.exit_code == 2  # the broken file is told after the others' answers
    assert [line[:12] for line in worst.stdout.splitlines() if line.startswith("check ")] == [
        "check FAILED",
        "check passed",
    ]
    assert worst.stderr.startswith(f"{broken}:")


def test_one_file_argument_is_the_same_as_file(run, write) -> None:
    path = str(write(SHIPPED))
    assert run("check", "--json", path).stdout == run("check", "--json", "--file", path).stdout


def test_a_file_argument_and_file_or_packaged_are_usage_errors(run, write) -> None:
    path = str(write(SHIPPED))
    result = run("check", path, "--file", path)
    assert (result.exit_code, result.stderr) == (
        2,
        "mdbudget: FILE and --file each name a budget file; give one of them\n",
    )
    result = run("check", path, "--packaged")
    assert (result.exit_code, result.stderr) == (
        2,
        "mdbudget: --packaged and FILE each name a budget file; give one of them\n",
    )


def test_an_item_of_a_list_written_over_several_lines_is_located_on_its_own_line() -> None:
    from mdbudget.loading.locate import locate

    text = '[check]\naccept = [  # kept\n  "a,]",  # a comment ] with brackets\n  \'b\',\n  "c"]\n'
    assert [locate(text, ("check", "accept", i)) for i in range(4)] == [(3, 3), (4, 3), (5, 3), (2, 1)]
    assert locate(text.encode(), ("check", "accept", 2)) == (5, 3)
    # A list on one line keeps its key's place, as before.
    assert locate('[check]\naccept = ["a", "b"]\n', ("check", "accept", 1)) == (2, 1)
