"""HTML: the whole budget as one self-contained page (`mdbudget report`).

Built from the export report's objects and their tables, so every figure and
every header is the one the JSON and the tables give; nothing is summed or
divided here. Every string from the budget file goes through ``esc``. The page
needs nothing from outside: its one stylesheet is inline and named by hash in
a Content-Security-Policy that allows no script, no image, no font, no request.
The same report gives the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from typing import Any

from ..reports.export import ExportReport
from ..reports.views import Lang, Table
from . import Options, svg
from .cells import is_numeric, show
from .svg import esc

WORDS: dict[str, tuple[str, str]] = {
    "unit": ("단위", "Unit"),
    "source": ("출처", "Source"),
    "headline": ("한눈에 보기", "At a glance"),
    "check": ("검증", "Check"),
    "findings": ("통과하지 못한 항목", "What did not pass"),
    "every_check": ("검증 항목 전체와 출처", "Every check, with where its figure is printed"),
    "sources": ("수치의 출처", "Where each figure is printed"),
    "figure": ("수치", "Figure"),
    "where": ("보도자료의 위치", "Where in the release"),
    "totals": ("총합 (과제 수, 총 투자규모, 투자규모)", "Totals (projects, multi-year total, allocation)"),
    "baseline": ("비교 연도 투자규모", "The earlier year's allocation"),
    "growth": ("증가 배수", "Growth claim"),
    "fields": ("분야별 표", "The table of fields"),
    "field_claims": ("본문에 적힌 분야별 과제 수와 투자규모", "Fields' projects and allocations in the text"),
    "provisional": ("잠정 분야 각주", "The provisional fields' footnote"),
    "chart": ("그림", "Chart"),
    "flag": ("잠정", "provisional"),
    "status": ("상태", "status"),
    "key": ("키", "key"),
    "claim": ("자료의 표현", "the source says"),
}


def say(key: str, lang: Lang) -> str:
    ko, en = WORDS[key]
    return ko if lang == "ko" else en


def format(result: ExportReport, options: Options) -> str:
    lang: Lang = "en" if options.lang == "en" else "ko"
    c = result.total.caption
    title = c.title if lang == "ko" else c.title_en
    body = "\n".join(
        [
            f"<header><h1>{esc(title)}</h1>"
            f'<p class="lede">{esc(c.year)} · {say("unit", lang)}: {esc(_unit(c.unit, lang))} · '
            f"{say('source', lang)}: {esc(c.source_file)}</p></header>",
            _headline(result, lang),
            _shares(result, lang),
            _fields(result, lang),
            _projects(result, lang),
            _check(result, lang),
            _sources(result, lang),
        ]
    )
    style = STYLE
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    policy = f"default-src 'none'; style-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="color-scheme" content="light dark">\n'
        f"<title>{esc(title)} — {esc(c.year)}</title>\n<style>{style}</style>\n</head>\n"
        f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def _unit(unit: str, lang: Lang) -> str:
    from ..budget.units import label

    return label(unit, lang)


def _headline(result: ExportReport, lang: Lang) -> str:
    table = result.total.tables(lang)[0]
    cells = {col.key: (col, value) for col, value in zip(table.columns, table.rows[0], strict=True)}

    def figure(key: str) -> str:
        col, value = cells[key]
        shown = esc(show(value, col.kind))
        return f'<span class="label">{esc(col.header)}</span> <span data-key="{key}">{shown}</span>'

    def card(key: str, *more: str) -> str:
        col, value = cells[key]
        extra = "".join(f'<p class="sub">{figure(k)}</p>' for k in more if k in cells and cells[k][1] is not None)
        return (
            f'<div class="card"><dt>{esc(col.header)}</dt>'
            f'<dd class="big" data-key="{key}">{esc(show(value, col.kind))}</dd><dd>{extra}</dd></div>'
        )

    cards = [card("allocation"), card("total"), card("projects", "continuing_projects", "new_projects")]
    if "multiple" in cells:
        cards.append(card("multiple", "baseline_allocation", "change"))
    growth = result.ratios.growth
    claim = ""
    if growth is not None and growth.claim:
        claim = f'<p class="note">{say("claim", lang)}: “{esc(growth.claim)}” ({esc(growth.claim_source or "")})</p>'
    notes = "".join(f'<p class="note">{esc(n)}</p>' for n in table.notes)
    return (
        f'<section aria-labelledby="headline"><h2 id="headline">{esc(table.title)}</h2>'
        f'<dl class="cards">{"".join(cards)}</dl>{claim}{notes}</section>'
    )


def _chart(chart: svg.Chart, ident: str, lang: Lang) -> str:
    keys = []
    if chart.legend:
        dark, pale = chart.legend
        keys += [f'<span class="key bar-key"></span>{esc(dark)}', f'<span class="key back-key"></span>{esc(pale)}']
    if any(b.provisional for b in chart.bars):
        keys.append(f'<span class="key prov-key"></span>* {say("flag", lang)}')
    legend = f'<p class="legend">{" ".join(keys)}</p>' if keys else ""
    height = len(chart.bars) * svg.ROW
    return (
        f'<figure class="chart">{legend}'
        f'<svg width="100%" height="{height}" role="img" aria-labelledby="{ident}-t {ident}-d">'
        f'<title id="{ident}-t">{esc(chart.title)}</title><desc id="{ident}-d">{esc(svg.description(chart))}</desc>'
        f"{svg.bars_svg(chart, None)}</svg>"
        f"<figcaption>{say('chart', lang)}: {esc(chart.title)}</figcaption></figure>"
    )


def _shares(result: ExportReport, lang: Lang) -> str:
    table = result.shares.tables(lang)[0]
    name = "name" if lang == "ko" else "name_en"
    keys = [name, result.shares.of, "share", "provisional"]
    chart = _chart(svg.shares_chart(result.shares, lang), "shares-chart", lang)
    ids = [r.id for r in result.shares.rows]
    inner = _pair(chart, table_html(table, keys, "shares", ids, heading=table.title, lang=lang))
    return _section("shares", table.title, inner)


def _fields(result: ExportReport, lang: Lang) -> str:
    table = result.ratios.tables(lang)[0]
    name = "name" if lang == "ko" else "name_en"
    keys = [name, "projects", "total", "allocation", "year_share", "provisional"]
    chart = _chart(svg.fields_chart(result.fields, lang), "fields-chart", lang)
    ids = [r.id for r in result.ratios.rows]
    parts = [_pair(chart, table_html(table, keys, "fields", ids, lang=lang))]
    for extra in result.ratios.tables(lang)[1:]:
        if extra.name == "growth":
            parts.append(table_html(extra, None, "growth", lang=lang))
    return _section("fields", result.fields.tables(lang)[0].title, "".join(parts))


def _projects(result: ExportReport, lang: Lang) -> str:
    report = result.project
    if not report.rows:
        return ""
    table = report.tables(lang)[0]
    name = "name" if lang == "ko" else "name_en"
    keys = [name, "type_name", "field_name", "lead", "participants", "start", "end", "total", "allocation", "source"]
    ids = [r.project.id for r in report.rows]
    return _section("projects", table.title, table_html(table, keys, "projects", ids, caption=False, lang=lang))


def _check(result: ExportReport, lang: Lang) -> str:
    report = result.check
    table = report.tables(lang)[0]
    mark = "pass" if report.ok else "error"
    parts = [f'<p class="verdict {mark}" data-key="check">{esc(report.summary(lang))}</p>']
    brief = table.extra.get("brief_rows", ())
    if brief:
        keys = ["status", "line", "subject", "message", "source"]
        rows, statuses = tuple(table.rows[i] for i in brief), tuple(table.statuses[i] for i in brief)
        shown = Table(say("findings", lang), table.columns, rows, statuses=statuses)
        parts.append(table_html(shown, keys, "findings", [report.findings[i].path for i in brief], lang=lang))
    keys = ["status", "subject", "message", "source"]
    every = Table(say("every_check", lang), table.columns, tuple(table.rows), statuses=table.statuses)
    paths = [f.path for f in report.findings]
    parts.append(
        f"<details><summary>{say('every_check', lang)} ({len(paths)})</summary>"
        f"{table_html(every, keys, 'checks', paths, caption=False, key_column=True, lang=lang)}</details>"
    )
    return _section("check", say("check", lang), "".join(parts))


def _sources(result: ExportReport, lang: Lang) -> str:
    t = result.total
    checked = {f.code: f for f in result.check.findings if f.source}  # the last of each kind

    def finding(code: str) -> list[tuple[str, str]]:
        f = checked.get(code)
        return [(f.subject.text(lang), f.source or "")] if f else []

    rows: list[tuple[str, str]] = [(say("totals", lang), t.source), *finding("totals.split")]
    if t.baseline is not None:
        rows.append((f"{say('baseline', lang)} ({t.baseline.year})", t.baseline.source))
    growth = result.ratios.growth
    if growth is not None and growth.claim_source:
        rows.append((f"{say('growth', lang)}: “{growth.claim}”", growth.claim_source))
    rows += finding("headline")
    rows.append((say("fields", lang), ", ".join(dict.fromkeys(r.source for r in result.fields.rows))))
    claims = [f.source for f in result.check.findings if f.code == "field_claim.allocation" and f.source]
    if claims:
        rows.append((say("field_claims", lang), ", ".join(dict.fromkeys(claims))))
    c = result.fields.caption
    if c.provisional_source and any(r.provisional for r in result.fields.rows):
        rows.append((say("provisional", lang), c.provisional_source))
    for r in result.project.rows:
        p = r.project
        rows.append((p.name if lang == "ko" else (p.name_en or p.name), p.source))
    body = "".join(f"<tr><td>{esc(what)}</td><td>{esc(where)}</td></tr>" for what, where in rows)
    table = (
        f'<div class="scroll" role="group" tabindex="0" aria-labelledby="sources"><table>'
        f'<thead><tr><th scope="col">{say("figure", lang)}</th><th scope="col">{say("where", lang)}</th></tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
        f'<p class="note">{esc(c.source(lang))}</p>'
    )
    return _section("sources", say("sources", lang), table)


def _pair(chart: str, table: str) -> str:
    """A chart and its table: side by side on a wide screen, one above the other on a narrow one."""
    return f'<div class="pair"><div>{chart}</div><div>{table}</div></div>'


def _section(ident: str, title: str, inner: str) -> str:
    return f'<section aria-labelledby="{ident}"><h2 id="{ident}">{esc(title)}</h2>{inner}</section>'


def table_html(
    table: Table,
    keys: Sequence[str] | None,
    ident: str,
    row_ids: Sequence[str | None] = (),
    *,
    caption: bool = True,
    key_column: bool = False,
    lang: Lang,
    heading: str = "",
) -> str:
    """A report's table: the columns ``keys`` names (all when None), its total row and notes.

    Each cell carries its column's key (``data-key``) and each row its item's id,
    so a reader (or a test) can find a figure without knowing the layout.
    """
    if table.detail:
        return _detail(table, ident)
    index = [i for i, col in enumerate(table.columns) if keys is None or col.key in keys]
    if keys is not None:
        index.sort(key=lambda i: list(keys).index(table.columns[i].key))
    columns = [table.columns[i] for i in index]
    head = "".join(_th(col.header, col.key, col.kind, lang) for col in columns)
    if key_column:
        head += f'<th scope="col">{say("key", lang)}</th>'
    rows = []
    for n, row in enumerate(table.rows):
        ident_attr = f' data-id="{esc(row_ids[n])}"' if n < len(row_ids) and row_ids[n] is not None else ""
        cells = "".join(_td(row[i], col.key, col.kind) for i, col in zip(index, columns, strict=True))
        if key_column:
            cells += f'<td class="path">{esc(row_ids[n] or "")}</td>'
        status = f' class="{esc(table.statuses[n])}"' if n < len(table.statuses) else ""
        rows.append(f"<tr{ident_attr}{status}>{cells}</tr>")
    foot = ""
    if table.total is not None:
        total = table.total
        cells = "".join(_td(total[i], col.key, col.kind) for i, col in zip(index, columns, strict=True))
        foot = f'<tfoot><tr data-id="total">{cells}</tr></tfoot>'
    hidden = ' class="sr"' if table.title == heading else ""
    cap = f'<caption id="{ident}-caption"{hidden}>{esc(table.title)}</caption>' if caption else ""
    label = f'aria-labelledby="{ident}-caption"' if caption else f'aria-label="{esc(table.title)}"'
    notes = "".join(f'<p class="note">{esc(note)}</p>' for note in table.notes)
    return (
        f'<div class="scroll" role="group" tabindex="0" {label}><table id="{ident}-table">{cap}'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody>{foot}</table></div>{notes}"
    )


def _th(header: str, key: str, kind: str, lang: Lang) -> str:
    numeric = ' class="num"' if is_numeric(kind) else ""  # type: ignore[arg-type]
    if not header:  # a mark's column (provisional, status): unnamed in the tables, named for a screen reader
        name = say("status" if kind == "status" else "flag", lang)
        return f'<th scope="col"{numeric}><span class="sr">{name}</span></th>'
    return f'<th scope="col"{numeric} data-key="{key}">{esc(header)}</th>'


def _td(value: Any, key: str, kind: Any) -> str:
    numeric = ' class="num"' if is_numeric(kind) else ""
    return f'<td{numeric} data-key="{key}">{esc(show(value, kind))}</td>'


def _detail(table: Table, ident: str) -> str:
    row = table.rows[0] if table.rows else ()
    items = "".join(
        f'<tr><th scope="row">{esc(col.header)}</th>'
        f'<td class="num" data-key="{col.key}">{esc(show(v, col.kind))}</td></tr>'
        for col, v in zip(table.columns, row, strict=False)
        if v is not None
    )
    notes = "".join(f'<p class="note">{esc(note)}</p>' for note in table.notes)
    return (
        f'<div class="scroll" role="group" tabindex="0" aria-labelledby="{ident}-caption">'
        f'<table class="detail" id="{ident}-table"><caption id="{ident}-caption">{esc(table.title)}</caption>'
        f"<tbody>{items}</tbody></table></div>{notes}"
    )


STYLE = """
:root{color-scheme:light dark;--bg:#ffffff;--fg:#1b1f24;--muted:#4a525c;--line:#d5dae0;--card:#f4f6f9;
--bar:#1f5fa8;--prov:#a8570f;--back:#c5d5ea;--ok:#1a6b2f;--bad:#a4161a;--warn:#8a5300;--focus:#1f5fa8}
@media (prefers-color-scheme:dark){:root{--bg:#14171b;--fg:#e6e8eb;--muted:#b6bcc4;--line:#39414b;
--card:#1e2329;--bar:#78aef5;--prov:#f0a050;--back:#34465e;--ok:#7fd48f;--bad:#ff8a8a;--warn:#f0b050;--focus:#78aef5}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);line-height:1.5;overflow-wrap:anywhere;font-family:FONT}
main{max-width:72rem;margin:0 auto;padding:1.5rem 1rem 3rem}
h1{font-size:1.6rem;line-height:1.3;margin:0 0 .25rem;word-break:keep-all}
h2{font-size:1.2rem;margin:2.2rem 0 .8rem;padding-bottom:.3rem;border-bottom:1px solid var(--line);break-after:avoid}
.lede,.note,figcaption,.legend{color:var(--muted);font-size:.875rem;margin:.4rem 0}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,13rem),1fr));gap:.75rem;margin:0}
@media (max-width:30rem){.cards{grid-template-columns:1fr 1fr}.card{padding:.6rem .7rem}.card .big{font-size:1.45rem}}
.card{background:var(--card);border:1px solid var(--line);border-radius:.5rem;padding:.8rem 1rem;break-inside:avoid}
.card dt{font-size:.875rem;color:var(--muted)}
.card dd{margin:0}.card .big{font-size:1.9rem;font-weight:700;font-variant-numeric:tabular-nums}
.card .sub{margin:.1rem 0;font-size:.875rem}.card .label{color:var(--muted)}
.chart{margin:0 0 1rem;break-inside:avoid}
.pair{display:grid;grid-template-columns:minmax(0,1fr);gap:0 2rem;align-items:start}
@media (min-width:60rem){.pair{grid-template-columns:minmax(0,1fr) minmax(0,1.2fr)}}
.chart svg{display:block;overflow:hidden}
.chart text{fill:var(--fg);font-size:14px;font-family:inherit}.chart .value{font-weight:700}
@media (max-width:30rem){.chart text{font-size:12px}}
.bar{fill:var(--bar)}.bar.provisional{fill:var(--prov)}.back{fill:var(--back)}
.key{display:inline-block;width:.8rem;height:.8rem;margin:0 .3rem 0 .6rem;vertical-align:-.05rem}
.key:first-child{margin-left:0}.bar-key{background:var(--bar)}.back-key{background:var(--back)}.prov-key{background:var(--prov)}
.scroll{overflow-x:auto;margin:.5rem 0;break-inside:avoid;position:relative}
.scroll:focus{outline:2px solid var(--focus);outline-offset:2px}
table{border-collapse:collapse;width:100%;font-size:.9rem;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:600;padding:.3rem 0}
th,td{padding:.35rem .6rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
thead th{border-bottom:2px solid var(--line);font-weight:600}
.num{text-align:right;white-space:nowrap}th.num{white-space:normal}
td,th{overflow-wrap:normal;word-break:keep-all}
td[data-key=name],td[data-key=name_en],td[data-key=subject],td[data-key=message]{min-width:8rem}
tfoot td{font-weight:700;border-top:2px solid var(--line)}
table.detail{width:auto}table.detail th{font-weight:400;color:var(--muted);white-space:nowrap}
@media (max-width:30rem){th,td{padding:.3rem .3rem}table{font-size:.82rem}main{padding:1rem .75rem 2rem}}
#projects-table td{min-width:5rem}
#projects-table td[data-key="name"],#projects-table td[data-key="name_en"]{min-width:13rem}
.verdict{font-weight:700;font-size:1.05rem}.verdict.pass{color:var(--ok)}.verdict.error{color:var(--bad)}
tr.error td[data-key="status"]{color:var(--bad)}tr.warning td[data-key="status"]{color:var(--warn);font-weight:700}
tr.pass td[data-key="status"]{color:var(--ok)}
.path{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.8rem}
details summary{cursor:pointer;margin:.6rem 0}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@page{size:A4;margin:14mm}
@media print{main{max-width:none;padding:0}.scroll{overflow:visible}tr,figure,.card{break-inside:avoid}
details>*{display:block}h2{break-after:avoid}}
""".strip().replace("FONT", svg.FONT)
