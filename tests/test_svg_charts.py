"""`shares --format svg` and `fields --format svg`: a standalone chart, one labelled bar per field."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from conftest import SHIPPED, edit
from mdbudget.formats.svg import PAD

SVG = "{http://www.w3.org/2000/svg}"


def chart(run, *args: str) -> ET.Element:
    result = run(*args, "--format", "svg")
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    root = ET.fromstring(result.stdout)  # well-formed XML, or this raises
    assert root.tag == f"{SVG}svg"
    return root


def marks(root: ET.Element) -> list[tuple[str, str, list[ET.Element]]]:
    """Each field's mark: its label, the text beside its bar, and its bars."""
    found = []
    for g in root.iter(f"{SVG}g"):
        if g.get("class") == "mark":
            text = "".join(g.find(f"{SVG}text").itertext())  # type: ignore[union-attr]
            found.append((g.get("data-label", ""), text, g.findall(f"{SVG}rect")))
    return found


def test_shares_draws_one_labelled_bar_per_field_with_its_share(run) -> None:
    root = chart(run, "shares")
    rows = json.loads(run("shares", "--json").stdout)["rows"]
    drawn = marks(root)
    assert len(drawn) == len(rows) == 17
    for (label, text, bars), row in zip(drawn, rows, strict=True):
        name = row["name"] + (" *" if row["provisional"] else "")
        assert label == name
        assert text == f"{name} {Decimal(str(row['share'])) * 100:.1f}%"
        assert len(bars) == 1
    # A full bar is the whole year (100%): each bar is its share of the width, not of the largest bar's.
    full = float(root.get("width", "")) - 2 * PAD
    widths = [float(bars[0].get("width", "")) for _, _, bars in drawn]
    assert widths == [round(float(row["share"]) * full, 1) for row in rows]
    assert widths[0] == 161.2  # 자율주행차, 25.2% of 640 pixels


def test_the_chart_names_itself_for_a_screen_reader(run) -> None:
    root = chart(run, "shares", "--lang", "en")
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "title desc"
    assert root.findtext(f"{SVG}title") == "Each field's share of the 2025 allocation"
    description = root.findtext(f"{SVG}desc") or ""
    assert description.startswith("Autonomous Vehicles * 25.2%; Advanced Biotech 14.2%;")
    notes = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "note"]
    assert " ".join(n or "" for n in notes).startswith("* The AI Factory and automotive amounts may change")


def test_fields_draws_each_year_against_its_multi_year_total(run) -> None:
    root = chart(run, "fields")
    rows = json.loads(run("fields", "--json").stdout)
    drawn = marks(root)
    assert len(drawn) == len(rows)
    for (_, text, bars), row in zip(drawn, rows, strict=True):
        assert text.endswith(f" {row['allocation']:,} / {row['total']:,}")
        assert [bar.get("class") for bar in bars] == ["back", "bar provisional" if row["provisional"] else "bar"]
        back, year = (float(bar.get("width", "")) for bar in bars)
        assert year < back
    legend = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "note"][:2]
    assert legend == ["2025년 (억원)", "총 투자규모 (억원)"]


def bar_widths(root: ET.Element) -> dict[str, list[str]]:
    return {label: [bar.get("width", "") for bar in bars] for label, _, bars in marks(root)}


@pytest.mark.parametrize(
    "view",
    [("첨단바이오",), ("--top", "3"), ("--provisional",), ("ai-factory", "workforce"), ("AI", "팩토리", "조선")],
)
def test_a_bar_is_as_long_in_every_view(run, view: tuple[str, ...]) -> None:
    for command in ("shares", "fields"):
        every = bar_widths(chart(run, command))
        some = bar_widths(chart(run, command, *view))
        assert some and all(every[label] == widths for label, widths in some.items() if label in every)
        assert any(label in every for label in some)


def test_fields_bars_are_on_the_programme_s_multi_year_total(run) -> None:
    root = chart(run, "fields")
    full = float(root.get("width", "")) - 2 * PAD
    rows = json.loads(run("fields", "--json").stdout)
    programme = sum(r["total"] for r in rows)
    assert programme == 18858
    for (_, _, bars), row in zip(marks(root), rows, strict=True):
        back, year = (float(bar.get("width", "")) for bar in bars)
        assert (back, year) == (
            round(row["total"] / programme * full, 1),
            round(row["allocation"] / programme * full, 1),
        )
    assert bar_widths(root)["자율주행차 *"] == ["128.5", "40.9"]  # 3,786 and 1,206 of 18,858, on 640 pixels


def test_the_report_s_charts_use_the_same_scale(run) -> None:
    page = run("report").stdout

    def widths(chart_id: str, label: str) -> list[str]:
        chart = page[page.index(f'id="{chart_id}') :]
        mark = chart[chart.index(f'data-label="{label}"') :]
        return re.findall(r'width="([0-9.]+%)"', mark[: mark.index("</g>")])

    assert widths("shares-chart", "자율주행차 *") == ["25.19%"]  # of the year: 1,206 of 4,787
    assert widths("fields-chart", "자율주행차 *") == ["20.08%", "6.40%"]  # 3,786 and 1,206 of 18,858
    assert widths("fields-chart", "기타") == ["1.71%", "0.57%"]


def test_a_query_or_top_draws_only_what_the_table_shows(run) -> None:
    assert [label for label, _, _ in marks(chart(run, "shares", "--top", "3"))] == [
        "자율주행차 *",
        "첨단바이오",
        "첨단제조",
        "그 외 14개 분야 *",  # AI 팩토리, provisional, is among them
    ]
    assert [label for label, _, _ in marks(chart(run, "fields", "반도체"))] == ["반도체 (공정·장비 등)", "AI 반도체"]


def test_the_same_budget_gives_the_same_chart(run) -> None:
    assert run("shares", "--format", "svg").stdout == run("shares", "--format", "svg").stdout


@pytest.mark.parametrize("command", ["shares", "fields"])
def test_names_from_the_budget_file_are_text_in_the_chart(run, write, command) -> None:
    hostile = "<script>alert(1)</script> & \u202e\x01"
    path = write(edit(SHIPPED, 'name = "조선"', f'name = "{hostile[:-2]}\\u202e\\u0001"'))
    result = run(command, "--format", "svg", "--file", str(path))
    assert result.exit_code == 0, result.stderr
    assert "<script" not in result.stdout and "\u202e" not in result.stdout and "\x01" not in result.stdout
    labels = [label for label, _, _ in marks(ET.fromstring(result.stdout))]
    assert "<script>alert(1)</script> & \\u202e\\x01" in labels  # shown, as the tables show it


@pytest.mark.parametrize("command", ["total", "ratios", "project"])
def test_commands_without_a_chart_refuse_svg(run, command) -> None:
    result = run(command, "--format", "svg")
    assert (result.exit_code, result.stdout) == (2, "")
    assert "Invalid value for '--format': 'svg' is not one of" in result.stderr


def test_a_field_query_that_matches_nothing_draws_an_empty_chart_and_exits_1(run) -> None:
    result = run("shares", "nothing-like-this", "--format", "svg")
    assert result.exit_code == 1
    assert marks(ET.fromstring(result.stdout)) == []
    assert result.stderr.startswith("mdbudget: no field matches 'nothing-like-this'")


def test_the_readme_s_chart_is_the_command_s(run) -> None:
    from conftest import ROOT

    assert (ROOT / "docs" / "shares.svg").read_text(encoding="utf-8") == run("shares", "--format", "svg").stdout
