"""`mdbudget report`: one self-contained HTML page, its figures the JSON's, every budget string escaped.

Read with the standard library's HTML parser; what a browser makes of the page
(widths, requests, accessibility) is tested in test_report_browser.py.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest

from conftest import SHIPPED, edit

HOSTILE = "<script>alert(1)</script>"


class Cells(HTMLParser):
    """Each element with a data-key: (the table it is in, its row's data-id, the key) → its text."""

    def __init__(self) -> None:
        super().__init__()
        self.found: dict[tuple[str, str, str], str] = {}
        self.table = self.row = ""
        self.open: list[tuple[str, str]] = []  # (tag, key) of elements being read
        self.tags: list[str] = []
        self.attributes: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append(tag)
        self.attributes.append((tag, a))
        if tag == "table":
            self.table = a.get("id") or ""
        if tag == "tr":
            self.row = a.get("data-id") or ""
        if a.get("data-key"):
            self.open.append((tag, a["data-key"] or ""))
            self.found[(self.table, self.row, a["data-key"] or "")] = ""

    def handle_endtag(self, tag: str) -> None:
        if self.open and self.open[-1][0] == tag:
            self.open.pop()
        if tag == "table":
            self.table = ""
        if tag in ("tr", "table"):
            self.row = ""

    def handle_data(self, data: str) -> None:
        for _, key in self.open:
            self.found[(self.table, self.row, key)] += data


def parse(page: str) -> Cells:
    cells = Cells()
    cells.feed(page)
    return cells


def number(text: str) -> Decimal:
    return Decimal(text.replace(",", "").rstrip("%×"))


@pytest.fixture
def page(run) -> str:
    result = run("report")
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    return result.stdout


def test_the_page_is_one_document_that_needs_nothing_from_outside(page) -> None:
    assert page.startswith('<!DOCTYPE html>\n<html lang="ko">\n')
    assert page.endswith("</html>\n")
    tags = parse(page).tags
    # No script, no stylesheet, image, font or frame to fetch; no link to follow.
    for tag in ("script", "link", "img", "iframe", "object", "embed", "a", "base", "form"):
        assert tag not in tags
    for attribute in ("src=", "href=", "url(", "@import", "http:", "https:"):
        assert attribute not in page


def test_a_content_security_policy_forbids_scripts_and_names_the_one_stylesheet(page) -> None:
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    assert policy is not None
    rules = dict(rule.strip().split(" ", 1) for rule in policy.group(1).split(";"))
    assert rules["default-src"] == "'none'"  # scripts, images, fonts, connections: none
    assert "script-src" not in rules
    styles = re.findall(r"<style>(.*?)</style>", page, flags=re.S)
    assert len(styles) == 1
    digest = base64.b64encode(hashlib.sha256(styles[0].encode()).digest()).decode()
    assert rules["style-src"] == f"'sha256-{digest}'"
    assert ' style="' not in page  # an inline style attribute would be refused by that policy


def test_the_same_budget_gives_the_same_bytes(run, page) -> None:
    assert run("report").stdout == page


def test_the_figures_shown_are_the_json_export_s(run, page) -> None:
    data = json.loads(run("export").stdout)
    cells = parse(page).found
    total = data["total"]
    assert number(cells[("", "", "allocation")]) == total["allocation"]
    assert number(cells[("", "", "total")]) == total["total"]
    assert number(cells[("", "", "projects")]) == total["projects"]
    assert number(cells[("", "", "continuing_projects")]) == total["continuing_projects"]
    assert number(cells[("", "", "new_projects")]) == total["new_projects"]
    assert cells[("", "", "multiple")] == f"{total['growth']['multiple']:.2f}×"
    for row in data["shares"]["rows"]:
        assert number(cells[("shares-table", row["id"], "allocation")]) == row["allocation"]
        assert cells[("shares-table", row["id"], "share")] == f"{Decimal(str(row['share'])) * 100:.1f}%"
    for row in data["ratios"]["rows"]:
        for key in ("projects", "total", "allocation"):
            assert number(cells[("fields-table", row["id"], key)]) == row[key]
        assert cells[("fields-table", row["id"], "year_share")] == f"{Decimal(str(row['year_share'])) * 100:.1f}%"
    assert number(cells[("fields-table", "total", "allocation")]) == data["ratios"]["programme"]["allocation"]
    for row in data["project"]:
        assert number(cells[("projects-table", row["id"], "allocation")]) == row["allocation"]
        assert cells[("projects-table", row["id"], "lead")] == row["lead"]
    assert cells[("", "", "check")] == "검증 통과: 검사 40건, 오류 0건, 경고 0건, 허용 3건"
    assert (data["check"]["check_count"], data["check"]["warning_count"], data["check"]["accepted_count"]) == (40, 0, 3)


def test_each_warning_of_check_is_listed_with_its_key(page) -> None:
    cells = parse(page).found
    warned = [key for key in cells if key[0] == "findings-table" and key[2] == "status"]
    assert [row for _, row, _ in warned] == [
        "projects[cnc-autonomous-manufacturing].stated_years",
        "projects[pharma-impurity-platform].stated_years",
        "projects[mobility-ai-chip].stated_years",
    ]


def test_english_uses_the_tables_words(run) -> None:
    result = run("report", "--lang", "en")
    assert result.exit_code == 0
    page = result.stdout
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">\n')
    english = run("fields", "--lang", "en", "--format", "markdown").stdout
    for header in ("total (KRW 100M)", "2025 (KRW 100M)", "Budget by field — 2025"):
        assert header in english and header in page
    assert "check passed: 40 checks, 0 errors, 0 warnings, 3 accepted" in page


def test_a_name_from_the_budget_file_is_shown_never_run(run, write) -> None:
    text = edit(SHIPPED, 'name = "조선"', f'name = "{HOSTILE}"')
    text = edit(text, 'name_en = "Shipbuilding"', 'name_en = "a\\" onload=\\"x & \'y\'\\u202e"')
    path = write(text)
    for lang in ("ko", "en"):
        result = run("report", "--file", str(path), "--lang", lang)
        assert result.exit_code == 0, result.stderr
        page = result.stdout
        assert "<script" not in page
        assert '" onload' not in page and "\u202e" not in page
        tags = parse(page).attributes
        assert all("onload" not in attributes for _, attributes in tags)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in run("report", "--file", str(path)).stdout


def test_out_writes_the_page_and_says_how_big_it_is(run, tmp_path, page) -> None:
    out = tmp_path / "new" / "report.html"
    result = run("report", "--out", str(out))
    assert (result.exit_code, result.stdout) == (0, "")
    size = len(page.encode())
    assert result.stderr == f"mdbudget: wrote {out} ({size:,} bytes)\n"
    assert out.read_text(encoding="utf-8") == page


def test_out_dash_is_standard_output(run, page) -> None:
    assert run("report", "--out", "-").stdout == page


def test_out_never_replaces_the_budget_file(run, write) -> None:
    path = write(SHIPPED, "report.html")
    result = run("report", "--file", str(path), "--out", str(path))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"mdbudget: refusing to overwrite the budget file {path}\n"
    assert path.read_text(encoding="utf-8") == SHIPPED


def test_out_that_is_a_folder_is_refused(run, tmp_path) -> None:
    result = run("report", "--out", str(tmp_path))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"mdbudget: cannot write {tmp_path}: it is a folder\n"


def test_an_invalid_budget_is_exit_2_with_nothing_on_stdout(run, write) -> None:
    path = write(edit(SHIPPED, "allocation = 4787", "allocation = -1"))
    result = run("report", "--file", str(path))
    assert (result.exit_code, result.stdout) == (2, "")
    assert "totals.allocation" in result.stderr


def test_a_unit_converts_every_amount_exactly(run) -> None:
    page = run("report", "--unit", "조원").stdout
    cells = parse(page).found
    assert cells[("", "", "allocation")] == "0.4787"
    assert cells[("fields-table", "international-cooperation", "allocation")] == "0.0003"


def test_a_budget_that_fails_check_says_so_and_lists_each_error_with_its_key(run, write) -> None:
    path = write(edit(SHIPPED, "total = 18858", "total = 18859"))
    result = run("report", "--file", str(path), "--lang", "en")
    assert result.exit_code == 0  # as export: the page is written, check's verdict is in it
    cells = parse(result.stdout).found
    assert cells[("", "", "check")] == "check FAILED: 40 checks, 1 error, 3 warnings"
    errors = [row for table, row, key in cells if table == "findings-table" and key == "status"]
    assert errors[0] == "totals.total"
    assert cells[("findings-table", "totals.total", "message")] == "sum 18,858 ≠ stated 18,859 (difference -1)"
    assert '<p class="verdict error" data-key="check">' in result.stdout


def test_where_each_figure_is_printed(run) -> None:
    page = run("report", "--lang", "en").stdout
    section = page[page.index('<section aria-labelledby="sources">') :]
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td></tr>", section)
    assert rows == [
        ("Totals (projects, multi-year total, allocation)", "참고2 표 총합 행"),
        ("continuing + new projects", "본문 1문단"),
        ("The earlier year&#x27;s allocation (2023)", "부제 및 본문 1문단"),
        ("Growth claim: “&#x27;23년 … 1,860억원 대비 2.5배 증가”", "부제 및 본문 1문단"),
        ("headline “4,800억원 투자”", "제목"),
        ("The table of fields", "참고2"),
        ("Fields&#x27; projects and allocations in the text", "본문 2문단"),
        ("The provisional fields&#x27; footnote", "참고2 각주"),
        ("Core technology for advanced AI autonomous manufacturing in the cutting industry", "참고1 ①"),
        ("AI platform for predicting and managing related substances and impurities in medicines", "참고1 ②"),
        ("Low-latency multimodal AI chip for mobility", "참고1 ③"),
    ]
