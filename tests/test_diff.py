"""`mdbudget diff OLD NEW`: what moved between two budget files, and diff(1)'s exit codes."""

from __future__ import annotations

import json
import re
import textwrap

import pytest

from conftest import SHIPPED, edit
from mdbudget import parse
from mdbudget.formats import render
from mdbudget.reports.diff import diff

# June's committee moves 56억원 from 자율주행차 to AI 팩토리 (the rows and the prose's
# figures for them); the year's total is unchanged.
REALLOCATED = SHIPPED
for before, after in (
    ("1206\nprovisional", "1150\nprovisional"),
    ("627\nprovisional", "683\nprovisional"),
    ("82\nallocation = 1206", "82\nallocation = 1150"),
    ("44\nallocation = 627", "44\nallocation = 683"),
):
    REALLOCATED = edit(REALLOCATED, before, after)

SPACE = (
    '[[fields]]\nid = "space"\nname = "우주"\nname_en = "Space"\n'
    'projects = 3\ntotal = 90\nallocation = 30\nsource = "참고2"\n\n'
)
WORKFORCE = SHIPPED[SHIPPED.index('[[fields]]\nid = "workforce"') : SHIPPED.index('[[fields]]\nid = "infrastructure"')]
ADDED_AND_REMOVED = edit(edit(SHIPPED, WORKFORCE, ""), '[[fields]]\nid = "other"', SPACE + '[[fields]]\nid = "other"')


@pytest.fixture
def files(write, tmp_path, monkeypatch):
    """Write OLD (the shipped budget) and NEW (the given text) in the current folder; return their names."""
    monkeypatch.chdir(tmp_path)

    def _files(new_text: str) -> tuple[str, str]:
        write(SHIPPED, "old.toml"), write(new_text, "new.toml")
        return "old.toml", "new.toml"

    return _files


def report(new_text: str, **options):
    return diff(parse(SHIPPED, "old.toml"), parse(new_text, "new.toml"), **options)


def test_identical_files_are_the_same(run, files) -> None:
    old, new = files(SHIPPED)
    result = run("diff", old, new, "--json")
    assert result.exit_code == 0, result.stderr
    zero = '"change": 0,\n      "change_ratio": 0\n'
    assert result.stdout == textwrap.dedent(
        """\
        {
          "files": {
            "old": "%s",
            "new": "%s"
          },
          "unit": "억원",
          "converted_from": null,
          "years": {
            "old": 2025,
            "new": 2025
          },
          "same": true,
          "summary": {
            "projects": {
              "old": 445,
              "new": 445,
              %s    },
            "total": {
              "old": 18858,
              "new": 18858,
              %s    },
            "allocation": {
              "old": 4787,
              "new": 4787,
              %s    }
          },
          "counts": {
            "fields": {
              "added": 0,
              "removed": 0,
              "changed": 0,
              "unchanged": 17
            },
            "samples": {
              "added": 0,
              "removed": 0,
              "changed": 0,
              "unchanged": 3
            }
          },
          "fields": [],
          "samples": [],
          "facts": [],
          "other": []
        }
        """
    ) % (old, new, zero, zero, zero)
    assert result.stderr == ""


def test_comments_and_key_order_do_not_count(run, files) -> None:
    text = SHIPPED.split("\n[program]\n", 1)[1]  # no header comment
    text = "[program]\n" + edit(
        text,
        "projects = 445                     # 지원 과제수 총합\n"
        "total = 18858                      # 총 투자규모(억원) 총합",
        "total = 18858  # reordered\nprojects = 445",
    )
    text = edit(
        text,
        'id = "display"\nname = "디스플레이"\nname_en = "Display"',
        'name_en = "Display"\nid = "display"\nname = "디스플레이"',
    )
    assert text != SHIPPED
    result = run("diff", *files(text), "--lang", "en")
    assert result.exit_code == 0, result.stdout
    assert result.stdout.rstrip().endswith("same: the files match in substance")


def test_reallocation_json(run, files) -> None:
    result = run("diff", *files(REALLOCATED), "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["same"] is False
    assert data["fields"] == [
        {
            "id": "ai-factory", "name": "AI 팩토리", "name_en": "AI Factory", "status": "changed", "renamed_from": None,
            "projects": {"old": 44, "new": 44, "change": 0, "change_ratio": 0},
            "total": {"old": 1516, "new": 1516, "change": 0, "change_ratio": 0},
            "allocation": {"old": 627, "new": 683, "change": 56, "change_ratio": 0.089314},
            "provisional": {"old": True, "new": True},
        },
        {
            "id": "autonomous-vehicles", "name": "자율주행차", "name_en": "Autonomous Vehicles", "status": "changed",
            "renamed_from": None,
            "projects": {"old": 82, "new": 82, "change": 0, "change_ratio": 0},
            "total": {"old": 3786, "new": 3786, "change": 0, "change_ratio": 0},
            "allocation": {"old": 1206, "new": 1150, "change": -56, "change_ratio": -0.046434},
            "provisional": {"old": True, "new": True},
        },
    ]  # fmt: skip
    assert data["summary"]["allocation"] == {"old": 4787, "new": 4787, "change": 0, "change_ratio": 0}
    # The prose's figures moved too (the edit changed both lines); the stated total did not.
    assert [(f["key"], f["change"]) for f in data["facts"]] == [
        ("claims.fields[ai-factory].allocation", 56),
        ("claims.fields[autonomous-vehicles].allocation", -56),
    ]
    assert data["other"] == [] and data["samples"] == []
    assert '"change_ratio": -0.046434' in result.stdout


def test_reallocation_csv(run, files) -> None:
    result = run("diff", *files(REALLOCATED), "--format", "csv", "--lang", "en")
    assert result.exit_code == 1
    assert result.stdout == (
        "unit,id,name,name_en,status,renamed_from_name,renamed_from_name_en,projects_old,projects_new,projects_change,"
        "projects_change_ratio,total_old,total_new,total_change,total_change_ratio,allocation_old,allocation_new,"
        "allocation_change,allocation_change_ratio,provisional_old,provisional_new\n"
        "억원,ai-factory,AI 팩토리,AI Factory,changed,,,44,44,0,0,1516,1516,0,0,627,683,56,0.089314,true,true\n"
        "억원,autonomous-vehicles,자율주행차,Autonomous Vehicles,changed,,,82,82,0,0,3786,3786,0,0,1206,1150,-56,"
        "-0.046434,true,true\n"
    )
    assert (
        result.stderr
        == "mdbudget: CSV holds the fields table; the others: samples, facts, summary, other (--table NAME)\n"
    )
    facts = run("diff", *files(REALLOCATED), "--format", "csv", "--table", "facts")
    assert facts.stdout == (
        "unit,key,old,new,change,change_ratio\n"
        "억원,claims.fields[ai-factory].allocation,627,683,56,0.089314\n"
        "억원,claims.fields[autonomous-vehicles].allocation,1206,1150,-56,-0.046434\n"
    )
    summary = run("diff", *files(REALLOCATED), "--format", "csv", "--table", "summary")
    assert summary.stdout == (
        "unit,measure,old,new,change,change_ratio\n"
        "억원,projects,445,445,0,0\n억원,total,18858,18858,0,0\n억원,allocation,4787,4787,0,0\n"
    )


def test_reallocation_table_is_signed_and_coloured(run, files) -> None:
    result = run("diff", *files(REALLOCATED), env={"COLUMNS": "120"})
    assert result.exit_code == 1
    rows = [line.split() for line in result.stdout.splitlines() if line.lstrip().startswith("~")]
    assert rows == [["~", "AI", "팩토리", "0", "0", "627", "683", "+56", "+8.9%"],
                    ["~", "자율주행차", "0", "0", "1,206", "1,150", "-56", "-4.6%"]]  # fmt: skip
    assert "변화 없는 분야 15개는 숨김 (--all)" in result.stdout
    assert (
        "순변화: 과제수 445 → 445 (0), 총 투자 18,858 → 18,858 (0), 연간 투자 4,787 → 4,787 (0) 억원" in result.stdout
    )
    assert "\x1b[" not in result.stdout  # not a terminal: no colour
    coloured = render(report(REALLOCATED), "table", lang="en", width=120, color=True)
    green = next(line for line in coloured.splitlines() if "AI Factory" in line)
    red = next(line for line in coloured.splitlines() if "Autonomous" in line)
    assert "\x1b[32m" in green and "+56" in green
    assert "\x1b[31m" in red and "-56" in red


def test_added_and_removed_fields_markdown(run, files) -> None:
    old, new = files(ADDED_AND_REMOVED)
    result = run("diff", old, new, "--format", "markdown", "--lang", "en")
    assert result.exit_code == 1
    header = (
        "|   | id | name | name\\_en | projects old | projects new | projects ± | projects ±% | total old (KRW 100M) "
        "| total new (KRW 100M) | total ± (KRW 100M) | total ±% | alloc. old (KRW 100M) | alloc. new (KRW 100M) "
        "| alloc. ± (KRW 100M) | alloc. ±% | provisional old | provisional new | renamed from |"
    )
    assert result.stdout == "\n".join([
        "**fields: {old} → {new}**",
        "",
        header,
        "|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|",
        "| - | workforce | 인력양성 | Workforce Training | 2 |  | -2 | -100.0% | 88 |  | -88 | -100.0% | 21 |  | -21 "
        "| -100.0% |  |  |  |",
        "| + | space | 우주 | Space |  | 3 | +3 |  |  | 90 | +90 |  |  | 30 | +30 |  |  |  |  |",
        "|  |  | total | total | 445 | 446 | +1 | +0.2% | 18,858 | 18,860 | +2 | +0.0% | 4,787 | 4,796 | +9 | +0.2% "
        "|  |  |  |",
        "",
        "unit: KRW 100M in both files",
        "",
        "16 unchanged fields hidden (--all shows them)",
        "",
        "net change: projects 445 → 446 (+1), total 18,858 → 18,860 (+2), allocation 4,787 → 4,796 (+9) KRW 100M",
        "",
        "differ: fields: 1 added, 1 removed",
        "",
    ]).format(old=old, new=new)  # fmt: skip


def test_added_and_removed_fields_json(run, files) -> None:
    data = json.loads(run("diff", *files(ADDED_AND_REMOVED), "--json").stdout)
    assert data["counts"]["fields"] == {"added": 1, "removed": 1, "changed": 0, "unchanged": 16}
    removed, added = data["fields"]
    assert (removed["status"], removed["allocation"]) == (
        "removed",
        {"old": 21, "new": None, "change": -21, "change_ratio": -1},
    )
    assert removed["provisional"] == {"old": False, "new": None}
    assert (added["status"], added["allocation"]) == (
        "added",
        {"old": None, "new": 30, "change": 30, "change_ratio": None},
    )
    assert data["other"] == []  # the added field's source is part of "added", not listed again


def test_changed_total_claim(run, files) -> None:
    result = run("diff", *files(edit(SHIPPED, "allocation = 4787", "allocation = 4797")), "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["facts"] == [
        {"key": "totals.allocation", "old": 4787, "new": 4797, "change": 10, "change_ratio": 0.002089}
    ]
    assert (data["fields"], data["samples"], data["other"]) == ([], [], [])


def test_rename_keeps_the_id(run, files) -> None:
    text = edit(
        edit(SHIPPED, 'name = "조선"', 'name = "조선해양"'),
        'name_en = "Shipbuilding"',
        'name_en = "Shipbuilding and Ocean"',
    )
    result = run("diff", *files(text), "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["counts"]["fields"] == {"added": 0, "removed": 0, "changed": 1, "unchanged": 16}
    (row,) = data["fields"]
    assert (row["id"], row["name"], row["status"]) == ("shipbuilding", "조선해양", "changed")
    assert row["renamed_from"] == {"name": "조선", "name_en": "Shipbuilding"}
    table = run("diff", *files(text), env={"COLUMNS": "160"}).stdout
    assert "조선해양: 이전 이름 조선" in table


def test_invalid_second_file_is_named_and_exits_2(run, files) -> None:
    old, new = files(edit(SHIPPED, "allocation = 39\n", "allocation = -5\n"))
    result = run("diff", old, new)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"{new}:153:1: fields[2].allocation: must be ≥ 0 (got -5)\n"


def test_both_files_invalid_reports_both(run, write) -> None:
    old = write(edit(SHIPPED, "total = 1516", 'total = "x"'), "old.toml")
    new = write(edit(SHIPPED, "allocation = 39\n", "allocation = -5\n"), "new.toml")
    result = run("diff", str(old), str(new))
    assert result.exit_code == 2
    assert result.stderr == (
        f'{old}:131:1: fields[0].total: must be a whole number, not text (got "x")\n'
        f"{new}:153:1: fields[2].allocation: must be ≥ 0 (got -5)\n"
    )


def test_missing_file(run, files) -> None:
    old, _ = files(SHIPPED)
    result = run("diff", old, old + ".nope")
    assert (result.exit_code, result.stderr) == (2, f"{old}.nope: no such file\n")


def test_standard_input(run, files) -> None:
    _old, new = files(REALLOCATED)
    result = run("diff", "-", new, "--json", input=SHIPPED)
    assert result.exit_code == 1
    assert json.loads(result.stdout)["files"] == {"old": "<stdin>", "new": new}
    both = run("diff", "-", "-", input=SHIPPED)
    assert (both.exit_code, both.stderr) == (2, "mdbudget: only one of OLD and NEW can be '-' (standard input)\n")


def test_sort_by_change_and_all(files, run) -> None:
    text = edit(REALLOCATED, "allocation = 39\n", "allocation = 139\n")
    old, new = files(text)
    ids = lambda *extra: [f["id"] for f in json.loads(run("diff", old, new, "--json", *extra).stdout)["fields"]]  # noqa: E731
    assert ids() == ["ai-factory", "autonomous-vehicles", "shipbuilding"]
    assert ids("--sort", "change") == ["shipbuilding", "ai-factory", "autonomous-vehicles"]
    every = ids("--all")
    assert len(every) == 17 and every[:3] == ["ai-factory", "autonomous-vehicles", "shipbuilding"]


def to_baekman(text: str) -> str:
    """The same budget written in 백만원: every amount × 100."""
    text = re.sub(r"(?m)^(total|allocation|amount|rounded_to) = (\d+)", lambda m: f"{m[1]} = {int(m[2]) * 100}", text)
    return edit(text, 'unit = "억원"', 'unit = "백만원"')


def test_other_unit_is_converted_exactly(run, files) -> None:
    result = run("diff", *files(to_baekman(SHIPPED)), "--lang", "en")
    assert result.exit_code == 0, result.stdout
    assert "unit: KRW 100M; " in result.stdout and "is in KRW 1M, converted exactly to KRW 100M" in result.stdout
    half = edit(to_baekman(SHIPPED), "allocation = 62700\nprovisional", "allocation = 62750\nprovisional")
    data = json.loads(run("diff", *files(half), "--json").stdout)
    assert (data["unit"], data["converted_from"]) == ("억원", "백만원")
    assert data["fields"][0]["allocation"] == {"old": 627, "new": 627.5, "change": 0.5, "change_ratio": 0.000797}


def test_changes_no_row_shows_are_listed(files, run) -> None:
    text = edit(
        edit(SHIPPED, 'lead = "디퍼아이"', 'lead = "디퍼아이(주)"'), "provisional = true\n", "provisional = false\n"
    )
    data = json.loads(run("diff", *files(text), "--json").stdout)
    assert data["other"] == [{"key": "projects[mobility-ai-chip].lead", "old": "디퍼아이", "new": "디퍼아이(주)"}]
    assert [(p["id"], p["status"]) for p in data["samples"]] == [("mobility-ai-chip", "changed")]
    assert data["fields"][0]["provisional"] == {"old": True, "new": False}
    table = run("diff", *files(text), env={"COLUMNS": "160"}).stdout
    assert "AI 팩토리: 변동가능 해제" in table
    assert "projects[mobility-ai-chip].lead   디퍼아이   디퍼아이(주)" in table


def test_other_csv_table_says_the_unit(files, run) -> None:
    """Every CSV table of diff has a unit column, "other" too: a key listed there may be an amount."""
    text = edit(SHIPPED, 'lead = "디퍼아이"', 'lead = "디퍼아이(주)"')
    result = run("diff", *files(text), "--format", "csv", "--table", "other")
    assert (result.exit_code, result.stderr) == (1, "")
    assert result.stdout == "unit,key,old,new\n억원,projects[mobility-ai-chip].lead,디퍼아이,디퍼아이(주)\n"


def test_amount_headers_say_the_unit(run, files) -> None:
    result = run("diff", *files(REALLOCATED), "--lang", "en", env={"COLUMNS": "200"})
    assert (
        "      name_en               projects ±   total ± (KRW 100M)   alloc. old (KRW 100M)   "
        "alloc. new (KRW 100M)   alloc. ± (KRW 100M)   alloc. ±%\n"
    ) in result.stdout
    korean = run("diff", *files(REALLOCATED), env={"COLUMNS": "200"}).stdout
    assert (
        "과제수 증감   총 투자 증감 (억원)   연간 투자 이전 (억원)   연간 투자 이후 (억원)   연간 투자 증감 (억원)"
        in korean
    )


def test_net_change_never_splits_the_unit(run, files) -> None:
    # The line is 100 cells: at 99 it broke as "… (0) KRW" and "100M".
    assert run("diff", *files(REALLOCATED), "--lang", "en", env={"COLUMNS": "100"}).stdout.endswith(
        "net change: projects 445 → 445 (0), total 18,858 → 18,858 (0), allocation 4,787 → 4,787 (0) KRW 100M\n"
        "differ: fields: 2 changed; totals and claims: 2 changed\n"
    )
    result = run("diff", *files(REALLOCATED), "--lang", "en", env={"COLUMNS": "99"})
    assert result.stdout.endswith(
        "net change: projects 445 → 445 (0), total 18,858 → 18,858 (0), allocation 4,787 → 4,787 (0)\n"
        "KRW 100M\n"
        "differ: fields: 2 changed; totals and claims: 2 changed\n"
    )


@pytest.mark.parametrize(("old_unit", "english"), [("억원", "KRW 100M"), ("백만원", "KRW 1M")])
def test_no_width_splits_a_unit(old_unit, english) -> None:
    """At every terminal width from 20 to 200, every table of a diff keeps "KRW 100M" on one line."""
    old_text = SHIPPED if old_unit == "억원" else to_baekman(SHIPPED)
    changed = edit(REALLOCATED, 'lead = "디퍼아이"', 'lead = "디퍼아이(주)"')
    result = diff(parse(old_text, "old.toml"), parse(changed, "new.toml"))
    split = re.compile(r"KRW(?! (?:1K|1M|100M|1T)\b)")  # KRW at a line's end, its size on the next
    for width in range(20, 201):
        out = render(result, "table", lang="en", width=width, color=False)
        assert out.count(english) >= 9 and not split.search(out), (width, out)
        korean = render(result, "table", lang="ko", width=width, color=False)
        assert korean.count(f"({old_unit})") >= 7, (width, korean)


def test_moving_rows_is_a_change(run, files) -> None:
    display = SHIPPED[
        SHIPPED.index('[[fields]]\nid = "display"') : SHIPPED.index('[[fields]]\nid = "secondary-batteries"')
    ]
    text = edit(edit(SHIPPED, display, ""), '[[fields]]\nid = "other"', display + '[[fields]]\nid = "other"')
    result = run("diff", *files(text), "--json")
    assert result.exit_code == 1
    (moved,) = json.loads(result.stdout)["other"]
    assert moved["key"] == "fields.(order)"
    assert moved["new"][-2:] == ["display", "other"]


def test_help_has_examples(run) -> None:
    result = run("diff", "--help")
    assert result.exit_code == 0
    assert "mdbudget diff budget-2025-05.toml budget-2025-06.toml" in result.stdout


def _merged_order_by_insertion(old: list[str], new: list[str]) -> list[str]:
    """The definition, one insertion at a time (quadratic): NEW's order, each removed row after its OLD neighbour."""
    order = list(new)
    for i, key in enumerate(old):
        if key not in order:
            before = [k for k in old[:i] if k in order]
            order.insert(order.index(before[-1]) + 1 if before else 0, key)
    return order


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("abc", "abc"),
        ("xabc", "abc"),
        ("abxyc", "cab"),
        ("abc", ""),
        ("", "abc"),
        ("axbycz", "zyx"),
        ("abcdef", "fdb"),
        ("pqab", "baqp"),
    ],
)
def test_removed_rows_keep_their_place_in_linear_merge(old: str, new: str) -> None:
    from mdbudget.reports.compare import _merged_order

    assert _merged_order(list(old), list(new)) == _merged_order_by_insertion(list(old), list(new))


def _many_projects(edits: dict[int, tuple[str, str]], drop: int | None = None, swap: int | None = None) -> str:
    blocks = [
        f'[[projects]]\nid = "many-{i:03d}"\nname = "과제 {i}"\nfield = "ai-factory"\nlead = "기관 {i % 4}"\n'
        f'participants = ["참여 {i % 3}"]\nperiod = {{ start = 2024, end = 2027 }}\n'
        f'total = {10 + i}\nallocation = 3\ndevelopment = ["개발 {i}"]\nsource = "test"\n'
        for i in range(120)
    ]
    for i, (old, new) in edits.items():
        blocks[i] = edit(blocks[i], old, new)
    if swap is not None:
        blocks[swap], blocks[swap + 1] = blocks[swap + 1], blocks[swap]
    if drop is not None:
        del blocks[drop]
    return SHIPPED + "\n" + "\n".join(blocks)


MANY = [
    ("identical", {}, None, None),
    ("amounts, text and lists", {3: ("total = 13", "total = 99"), 8: ('name = "과제 8"', 'name = "새 이름"'),
                                 20: ('participants = ["참여 2"]', 'participants = ["참여 2", "새"]'),
                                 40: ("end = 2027", "end = 2029")}, None, None),
    ("a project added and one removed", {50: ('id = "many-050"', 'id = "new-050"')}, 70, None),
    ("the order of two projects", {}, None, 30),
]  # fmt: skip


@pytest.mark.parametrize(("name", "edits", "drop", "swap"), MANY, ids=[m[0] for m in MANY])
@pytest.mark.parametrize("fmt", ["json", "table"])
def test_projects_equal_in_both_are_skipped_with_the_same_answer(name, edits, drop, swap, fmt, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import mdbudget.reports.compare as compare_module

    old, new = parse(_many_projects({})), parse(_many_projects(edits, drop, swap))
    for show_all in (False, True):
        fast = render(diff(old, new, show_all=show_all), fmt)
        with monkeypatch.context() as patch:
            patch.setattr(compare_module, "_same_projects", lambda a, b: set())  # flatten every project
            reference = render(diff(old, new, show_all=show_all), fmt)
        assert fast == reference
    touched = {f"many-{i:03d}" for i in (*edits, drop) if i is not None}
    assert compare_module._same_projects(old, new) == {p.id for p in old.projects} - touched


def test_the_documented_june_example_is_real(tmp_path) -> None:
    # docs/diff-trend.md: the committee moves 56억원 from 자율주행차 to AI 팩토리, clears both
    # rows' provisional flag and drops the footnote; the page shows diff's table and CSV for it.
    from support import doc_section, run_in

    june = SHIPPED.replace("AI팩토리(44개 과제, 627억원)", "AI팩토리(44개 과제, 683억원)")
    june = june.replace("자율주행차(82개 과제, 1,206억원)", "자율주행차(82개 과제, 1,150억원)")
    june = june.replace("allocation = 627\n", "allocation = 683\n").replace(
        "allocation = 1206\n", "allocation = 1150\n"
    )
    june = june.replace("provisional = true\n", "provisional = false\n")
    june = june[: june.index("\n[provisional]\n")] + june[june.index("\n[[project_types]]\n") :]
    (tmp_path / "budget-2025-05.toml").write_text(SHIPPED, encoding="utf-8")
    (tmp_path / "budget-2025-06.toml").write_text(june, encoding="utf-8")
    section = doc_section("mdbudget diff", "mdbudget trend")
    for command, stop in (
        ("mdbudget diff budget-2025-05.toml budget-2025-06.toml", "$ echo $?\n"),
        ("mdbudget diff budget-2025-05.toml budget-2025-06.toml --format csv | head -3", "```"),
    ):
        start = section.index(f"$ {command}\n") + len(f"$ {command}\n")
        shown = section[start : section.index(stop, start)]
        assert run_in(tmp_path, command) == shown, command
