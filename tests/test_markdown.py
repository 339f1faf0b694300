"""Markdown keeps every name literal: each output is rendered by a real GFM parser and every
cell, title and note must read exactly as the value it shows."""

from __future__ import annotations

from typing import Any

import pytest
from markdown_it import MarkdownIt
from support import toml_string

from conftest import SHIPPED, edit
from mdbudget import parse
from mdbudget.formats import render
from mdbudget.formats.cells import neutralise, show
from mdbudget.reports.check.reconcile import check
from mdbudget.reports.diff import diff
from mdbudget.reports.export import export
from mdbudget.reports.fields import fields
from mdbudget.reports.project import project
from mdbudget.reports.ratios import ratios
from mdbudget.reports.shares import shares
from mdbudget.reports.total import total
from mdbudget.reports.views import Table

# GitHub's dialect: CommonMark with HTML, tables and strikethrough.
GFM = MarkdownIt("commonmark").enable(["table", "strikethrough"])
STRONG = "\x00"  # marks the bold of a title in the rendered text

HOSTILE = [
    "1~2단계 … 3~4단계",
    "~~s~~",
    "~s~",
    "&amp;",
    "&lt;b&gt;",
    "&#124;",
    "a & b",
    "|",
    "x | y",
    "x \\| y",
    "*",
    "**b**",
    "_i_",
    "`code`",
    "``",
    "<b>x</b>",
    "<",
    "\\",
    "ends in \\",
    "[link](https://x)",
    "![img](x.png)",
    "# heading",
    "1. list",
    "2) list",
    "- item",
    "+ item",
    "---",
    "===",
    "> quote",
    "    indented code",
    " padded ",
    "line\nbreak",
    "\u3000wide space",
]


def hostile_budget(name: str) -> str:
    """The shipped budget with ``name`` in every place a command shows text from the file."""
    quoted = toml_string(name)
    text = SHIPPED
    for old in (
        'title = "\'25년 산업AI 개발·확산에 4,800억원 투자"',
        'title_en = "KRW 480 billion for developing and spreading industrial AI in 2025"',
        'name = "AI 팩토리"',
        'name_en = "AI Factory"',
        'name = "AI 기반 의약품 유연물질 및 불순물 예측·관리 플랫폼 개발"',
        'lead = "DN솔루션즈"',
        'source = "참고2 표 총합 행"',
    ):
        text = edit(text, old, old.split(" = ")[0] + " = " + quoted)
    return edit(text, 'participants = ["서울과기대", ', f"participants = [{quoted}, ")


def results(name: str) -> dict[str, Any]:
    budget = parse(hostile_budget(name), "budget.toml")
    shipped = parse(SHIPPED, "shipped.toml")
    return {
        "total": total(budget),
        "fields": fields(budget),
        "shares": shares(budget),
        "ratios": ratios(budget),
        "project": project(budget),
        "project-one": project(budget, "pharma-impurity-platform"),
        "check": check(budget),
        "diff": diff(shipped, budget),
        "diff-same": diff(budget, budget),
        "export": export(budget),
    }


def rendered(markdown: str) -> list[tuple[str, Any]]:
    """The blocks a GFM parser reads: ("p", text) and ("table", rows of cell texts)."""
    blocks: list[tuple[str, Any]] = []
    tokens = GFM.parse(markdown)
    in_table = False
    for i, token in enumerate(tokens):
        if token.type == "table_open":
            in_table = True
            blocks.append(("table", []))
        elif token.type == "table_close":
            in_table = False
        elif token.type == "tr_open":
            blocks[-1][1].append([])
        elif token.type == "inline":
            text = inline_text(token.children or [])
            if in_table:
                blocks[-1][1][-1].append(text)
            else:
                assert tokens[i - 1].type == "paragraph_open", tokens[i - 1]
                blocks.append(("p", text))
        elif token.type not in ("paragraph_open", "paragraph_close") and not token.type.startswith(("t", "th", "td")):
            blocks.append((token.type, token.content))  # a heading, list, quote, code block …: never expected
    return blocks


def inline_text(children: list[Any]) -> str:
    parts = []
    for child in children:
        if child.type == "text":
            parts.append(child.content)
        elif child.type == "html_inline" and child.content == "<br>":
            parts.append("\n")
        elif child.type in ("strong_open", "strong_close"):
            parts.append(STRONG)
        else:  # emphasis, strikethrough, code, a link, raw HTML: markup where a name was
            parts.append(f"<{child.type}:{child.content}>")
    return "".join(parts)


def expected(table: Table) -> list[tuple[str, Any]]:
    """What a reader must see for ``table``: every value as the table formatter shows it."""
    blocks: list[tuple[str, Any]] = []
    if table.title.strip():
        blocks.append(("p", STRONG + neutralise(table.title) + STRONG))
    columns = [(i, c) for i, c in enumerate(table.columns) if c.kind != "bar"]
    if table.detail:
        row = table.rows[0] if table.rows else ()
        cells = [
            [neutralise(c.header), neutralise(show(v, c.kind))]
            for c, v in zip(table.columns, row, strict=False)
            if c.kind != "bar"
        ]
        blocks.append(("table", [["", ""], *cells]))
    elif table.rows:
        rows = [*table.rows, *([table.total] if table.total else [])]
        body = [[neutralise(show(row[i], c.kind)) for i, c in columns] for row in rows]
        blocks.append(("table", [[neutralise(c.header) for _, c in columns], *body]))
    blocks.extend(("p", neutralise(note)) for note in table.notes)
    return blocks


@pytest.mark.parametrize("name", HOSTILE)
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_cell_renders_as_the_value_it_shows(name, lang) -> None:
    for command, result in results(name).items():
        markdown = render(result, "markdown", lang=lang)
        want = [block for table in result.tables(lang) for block in expected(table)]
        assert rendered(markdown) == want, command
        shown = [
            text for kind, body in want for text in ([body] if kind == "p" else [cell for row in body for cell in row])
        ]
        if command != "diff-same":  # two files that match: no table, no name
            assert any(neutralise(name) in text for text in shown), command


def test_range_notation_is_not_struck_through() -> None:
    markdown = render(fields(parse(hostile_budget("1~2단계 … 3~4단계"), "b.toml"), "ai-factory"), "markdown")
    assert "| 1\\~2단계 … 3\\~4단계 |" in markdown
    assert "<s>" not in GFM.render(markdown) and "<del>" not in GFM.render(markdown)


def test_entities_print_as_written() -> None:
    markdown = render(fields(parse(hostile_budget("&lt;b&gt; &#124;"), "b.toml"), "ai-factory"), "markdown")
    assert "| \\&lt;b\\&gt; \\&#124; |" in markdown
    assert "&amp;lt;b&amp;gt; &amp;#124;" in GFM.render(markdown)  # HTML that shows "&lt;b&gt; &#124;"


class Notes:
    """A result whose title and notes are the given texts: paragraphs, where a leading # or 1. is markup."""

    def __init__(self, *texts: str) -> None:
        self.texts = texts

    def data(self) -> None:
        return None

    def tables(self, lang: str) -> list[Table]:
        return [Table(self.texts[0], (), (), notes=self.texts[1:], detail=True)]


@pytest.mark.parametrize("text", ["# h", "## h", "1. one", "12) twelve", "- item", "+ item", "***", "= x", "> q"])
def test_a_paragraph_that_looks_like_a_block_stays_a_paragraph(text) -> None:
    markdown = render(Notes(text, text, "ok", text), "markdown")
    assert rendered(markdown) == [
        ("p", STRONG + text + STRONG),
        ("table", [["", ""]]),
        ("p", text),
        ("p", "ok"),
        ("p", text),
    ]
