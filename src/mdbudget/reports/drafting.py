"""A budget.toml drafted from an imported table, and the skeleton `init` writes.

Pure: an Imported table (and, with ``--into``, the budget it updates) in, TOML text
out. With ``into`` the draft is that budget with the table's figures: its totals and
its fields replaced, every other table (program, baseline, claims, provisional,
project types, projects) carried over, and each field's id, English name, aliases
and provisional mark kept when its name (or an alias) matches a row. Without it,
the parts a table does not give are placeholders that load and pass `check`,
marked with comments, and the claims and projects a commented skeleton.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from ..budget.records import Budget, BudgetField, dump
from ..errors import UsageError
from ..loading.importer import Imported
from .search import normalise

# Revised Romanization of Korean, syllable by syllable (no sound changes across syllables).
INITIALS = ("g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h")
VOWELS = (
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo",
    "u", "wo", "we", "wi", "yu", "eu", "ui", "i",
)  # fmt: skip
FINALS = (
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l",
    "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t",
)  # fmt: skip


def romanise(text: str) -> str:
    """Hangul syllables in Revised Romanization; everything else as it is (AI 팩토리 → AI paektori)."""
    out = []
    final = ""
    for char in unicodedata.normalize("NFC", text):
        code = ord(char) - 0xAC00
        if 0 <= code < 11172:
            initial = INITIALS[code // 588]
            if initial == "r" and final == "l":  # ㄹㄹ is ll (플레이 → peullei)
                initial = "l"
            final = FINALS[code % 28]
            out.append(initial + VOWELS[code % 588 // 28] + final)
        else:
            final = ""
            out.append(char)
    return "".join(out)


def propose_id(name: str, taken: set[str]) -> str:
    """An id for a field named ``name``: romanised, lower case, words joined by '-', unique among ``taken``."""
    words = re.findall(r"[a-z0-9]+", romanise(name).casefold())
    base = "-".join(words)[:60].strip("-") or "field"
    found, n = base, 2
    while found in taken:
        found, n = f"{base}-{n}", n + 1
    taken.add(found)
    return found


def draft(table: Imported, into: Budget | None = None) -> str:
    """The budget.toml text for ``table``."""
    matches = _matches(table, into)
    taken = {f.id for f in matches.values()}
    fields: list[dict[str, Any]] = []
    for row in table.rows:
        old = matches.get(row.number)
        # A footnote that names a row (the release's "may still change" note) marks it provisional.
        mentioned = any(_named_in(row.name, old, note) for note in table.notes)
        fields.append(
            {
                "id": old.id if old else propose_id(row.name, taken),
                "name": row.name,
                "name_en": old.name_en if old else row.name,
                "aliases": list(old.aliases) if old else [],
                "projects": row.projects,
                "total": row.total,
                "allocation": row.allocation,
                "provisional": mentioned,
                "source": f"{table.label} 표 {row.number}행",
            }
        )
    sums = {k: sum(f[k] for f in fields) for k in ("projects", "total", "allocation")}
    stated = table.stated
    totals = {
        **({k: getattr(stated, k) for k in sums} if stated else sums),
        "source": f"{table.label} 표 {stated.name} 행" if stated else f"{table.label} 표 (행의 합계)",
    }
    if into is None:
        return _fresh(table, totals, fields)
    return _updated(table, into, totals, fields)


def what_changed(table: Imported, into: Budget) -> list[str]:
    """What a user of ``--into`` should know: rows given new ids, fields left out, a new year.

    UsageError when the table's unit is not the budget's: the amounts carried over
    (claims, baseline, projects) would be read in the wrong unit.
    """
    if table.unit is not None and table.unit != into.unit:
        raise UsageError(f"the table is in {table.unit} and {into.source_name} in {into.unit}; --into needs one unit")
    matches = _matches(table, into)
    notes = []
    new = [row.name for row in table.rows if row.number not in matches]
    if new:
        notes.append(
            f"{len(new)} row(s) match no field of {into.source_name} by name, and get new ids: {', '.join(new)}"
        )
    kept = {f.id for f in matches.values()}
    gone = [f.id for f in into.fields if f.id not in kept]
    if gone:
        notes.append(f"left out, with their claims and projects (not in the table): {', '.join(gone)}")
    if table.year is not None and table.year != into.year:
        notes.append(
            f"fiscal_year is now {table.year}; the program's title, date and claims are {into.year}'s: update them"
        )
    return notes


def _matches(table: Imported, into: Budget | None) -> dict[int, BudgetField]:
    """The field of ``into`` each row is (by name or alias, spaces and case ignored), by row number."""
    if into is None:
        return {}
    by_name: dict[str, BudgetField] = {}
    for f in into.fields:
        for text in (f.name, *f.aliases):
            by_name.setdefault(normalise(text), f)
    found: dict[int, BudgetField] = {}
    used: set[str] = set()
    for row in table.rows:
        match = by_name.get(normalise(row.name))
        if match is not None and match.id not in used:
            found[row.number] = match
            used.add(match.id)
    return found


def _named_in(name: str, old: BudgetField | None, note: str) -> bool:
    """Whether a footnote names the field (by its name or an alias, spaces ignored)."""
    folded = normalise(note)
    return any(normalise(text) in folded for text in (name, *(old.aliases if old else ())))


def _updated(table: Imported, into: Budget, totals: dict[str, Any], fields: list[dict[str, Any]]) -> str:
    parts = {name: dump(getattr(into, name)) for name in ("program", "totals", "baseline", "claims", "provisional")}
    ids = {f["id"] for f in fields}
    claims = parts["claims"]
    claims["fields"] = [c for c in claims["fields"] if c["field"] in ids]
    parts["totals"].update(totals)
    if table.year is not None:
        parts["program"]["fiscal_year"] = table.year
    if table.notes and any(f["provisional"] for f in fields):
        old = parts["provisional"] or {}
        note = " ".join(table.notes)
        same = old.get("note") == note
        parts["provisional"] = {"note": note, "note_en": old.get("note_en") if same else None}
        parts["provisional"]["source"] = old.get("source") if same else f"{table.label} 각주"
    out = [
        f"# Drafted by `mdbudget import` from {table.file} into {into.source_name}:",
        "# the totals and fields are the table's; every other table is carried over.",
        "",
    ]
    for name in ("program", "totals", "baseline", "claims"):
        out += _table(name, parts[name])
    for f in fields:
        out += _table("fields", f, array=True)
    out += _table("provisional", parts["provisional"])
    for part in ("project_types", "projects"):
        kept = [dump(p) for p in getattr(into, part) if part != "projects" or p.field in ids]
        for record in kept:
            out += _table(part, record, array=True)
    return "\n".join(out).rstrip("\n") + "\n"


def _fresh(table: Imported, totals: dict[str, Any], fields: list[dict[str, Any]]) -> str:
    year = table.year or datetime.date.today().year
    program = {
        "title": f"{year}년 {table.label}",
        "ministry": "부처명",
        "release_date": datetime.date(year, 1, 1),
        "fiscal_year": year,
        "unit": table.unit,
        "source_file": PurePath(table.file).name,
    }
    out = [
        f"# Drafted by `mdbudget import` from {table.file}.",
        "# The figures, names and unit are the table's; the lines marked FILL IN are placeholders",
        "# for what a table does not say. Run `mdbudget check --file` on it.",
        "",
        *_table("program", program),
    ]
    for key, mark in (("title", "FILL IN: the release's title"), ("ministry", "FILL IN"), ("release_date", "FILL IN")):
        index = next(i for i, line in enumerate(out) if line.startswith(f"{key} ="))
        out[index] += f"  # {mark}"
    out += _table("totals", totals)
    for f in fields:
        lines = _table("fields", f, array=True)
        lines[3] += "  # FILL IN: the English name"  # [[fields]], id, name, name_en
        out += lines
    if table.notes and any(f["provisional"] for f in fields):
        out += _table("provisional", {"note": " ".join(table.notes), "source": f"{table.label} 각주"})
    out += SKELETON_TAIL.splitlines()
    return "\n".join(out).rstrip("\n") + "\n"


SKELETON_TAIL = """# What the release's prose states, for `check` to hold against the table (optional):
# [claims.headline]
# text = "4,800억원 투자"
# amount = 4800
# rounded_to = 100
# source = "제목"
#
# [[claims.fields]]
# field = "FIELD-ID"
# text = "분야명(44개 과제, 627억원)"
# projects = 44
# allocation = 627
# source = "본문 2문단"
#
# Sample projects the release describes (optional):
# [[projects]]
# id = "PROJECT-ID"
# name = "과제명"
# field = "FIELD-ID"
# lead = "주관기관"
# period = { start = 2025, end = 2028 }
# total = 100
# allocation = 25
# source = "참고1"
"""


def _table(name: str, data: dict[str, Any] | None, array: bool = False) -> list[str]:
    """``data`` as a TOML table: its plain keys, then its sub-tables (which must come last)."""
    if data is None:
        return []
    out = [f"[[{name}]]" if array else f"[{name}]"]
    nested: list[tuple[str, Any]] = []
    for key, value in data.items():
        if value is None or value == [] or (key in ("provisional", "participants_partial") and value is False):
            continue
        if isinstance(value, dict) and key != "period":
            nested.append((key, value))
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            nested.extend((key, [v]) for v in value)
        else:
            out.append(f"{key} = {_value(value)}")
    out.append("")
    for key, value in nested:
        if isinstance(value, list):
            out += _table(f"{name}.{key}", value[0], array=True)
        else:
            out += _table(f"{name}.{key}", value)
    return out


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal)):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(f"\\u{ord(c):04x}" if ord(c) < 0x20 or ord(c) == 0x7F else c for c in text) + '"'
