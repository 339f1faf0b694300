"""Every reader gets something to read on every failure, and check reads only a file someone chose.

An invalid budget file is answered as JSON ({"ok": false, "problems": [...]}) and as
GitHub annotations, not only on stderr; a query that matches nothing writes its empty
answer; every problem the file allows to be found is named in one run.
"""

from __future__ import annotations

import csv
import inspect
import io
import json
from pathlib import Path

import pytest
from support import COMMANDS, READERS, argv, command_ids

from conftest import SHIPPED, edit
from mdbudget.cli import app
from mdbudget.loading.load import packaged_budget

# Three of the commonest mistakes, each with the problem check reports for it.
INVALID = {
    "misspelt key": (
        edit(SHIPPED, "allocation = 39\n", "alocation = 39\n"),
        [(153, 1, "fields[2].alocation", "unknown key 'alocation' (did you mean 'allocation'?)")],
    ),
    "TOML syntax": (
        edit(SHIPPED, "allocation = 39\n", "allocation = = 39\n"),
        [(153, 14, "", "invalid TOML: Invalid value")],
    ),
    "quoted number": (
        edit(SHIPPED, "allocation = 39\n", 'allocation = "39"\n'),
        [(153, 1, "fields[2].allocation", 'must be a number, not text (got "39"); write 39 without quotes or commas')],
    ),
}


def problems_of(stdout: str) -> list[tuple[int | None, int | None, str, str]]:
    data = json.loads(stdout)
    assert data["ok"] is False and data["omitted"] == 0
    return [(p["line"], p["column"], p["path"], p["message"]) for p in data["problems"]]


@pytest.mark.parametrize("kind", list(INVALID))
@pytest.mark.parametrize("command", READERS, ids=command_ids(READERS))
def test_an_invalid_file_is_a_json_answer_for_every_command(run, write, command, kind) -> None:
    text, expected = INVALID[kind]
    path = str(write(text))
    for json_flag in (["--json"], ["--format", "json"]):
        result = run(*argv(command, path), *json_flag)
        assert result.exit_code == 2, result.output
        assert problems_of(result.stdout) == expected
        assert result.stderr.startswith(f"{path}:153:")


@pytest.mark.parametrize("kind", list(INVALID))
def test_an_invalid_file_is_one_annotation_per_problem(run, write, kind, monkeypatch) -> None:
    text, expected = INVALID[kind]
    path = write(text)
    monkeypatch.chdir(path.parent)
    result = run("check", "--format", "github")
    assert result.exit_code == 2
    [(line, column, key, message)] = expected
    title = f"예산 파일 오류%3A {key}" if key else "예산 파일 오류"
    body = f"{key}: {message}" if key else message
    assert result.stdout.splitlines() == [
        f"::error file=budget.toml,line={line},col={column},title={title}::{body.replace('%', '%25')}",
        "검증 실패: 예산 파일이 올바르지 않음 (문제 1건)",
    ]


# Before: the schema's problems first; duplicate ids, dangling references and allocation > total
# only in a second run, after those were fixed.
ROUNDS = [
    ("allocation = 39\n", "alocation = 39\n"),  # schema: unknown key (and allocation missing)
    ('name = "AI 반도체"\nname_en = "AI Semiconductors"', 'name = "AI 반도체"\nname_en = 5'),  # schema, same field
    ('id = "ai-semiconductors"\nname = "AI 반도체"', 'id = "ai-factory"\nname = "AI 반도체"'),  # duplicate id
    ('field = "advanced-bio"\ntext', 'field = "advanced-biology"\ntext'),  # dangling reference
    ("projects = 20\ntotal = 836\nallocation = 216", "projects = 20\ntotal = 836\nallocation = 2160"),  # > total
    ("period = { start = 2024, end = 2028 }", "period = { start = 2029, end = 2028 }"),  # period order
]


def test_every_problem_is_found_in_one_run(run, write) -> None:
    text = SHIPPED
    for change in ROUNDS:
        text = edit(text, *change)
    result = run("check", "--file", str(write(text)), "--json")
    assert result.exit_code == 2
    found = problems_of(result.stdout)
    gone = "no field has the id 'ai-semiconductors' (did you mean 'semiconductors'?)"  # its id is now a duplicate
    assert [(path, message) for _, _, path, message in found] == [
        ("claims.fields[1].field", gone),
        ("claims.fields[3].field", "no field has the id 'advanced-biology' (did you mean 'advanced-bio'?)"),
        ("fields[2].alocation", "unknown key 'alocation' (did you mean 'allocation'?)"),
        ("fields[12].id", "duplicate id 'ai-factory' (first used by fields[0])"),
        ("fields[12].name_en", "must be text in quotes (got 5)"),
        ("fields[12].allocation", "the year's allocation (2160) exceeds the multi-year total (836)"),
        ("projects[0].period.end", "ends (2028) before it starts (2029)"),
        ("projects[2].field", gone),
    ]
    lines = [line for line, _, _, _ in found]
    assert lines == sorted(lines)


def test_a_file_with_many_problems_lists_them_all_in_json(run, write) -> None:
    text = SHIPPED.replace("\nsource = ", "\nsauce = ")
    n = SHIPPED.count("\nsource = ")
    path = str(write(text))
    result = run("fields", "--file", path, "--json")
    assert result.exit_code == 2
    assert len(problems_of(result.stdout)) == n > 20
    shown = result.stderr.splitlines()
    assert len(shown) == 21
    assert shown[-1] == f"{path}: … and {n - 20} more problems"


def query_commands() -> list[str]:
    """Every command that takes a QUERY, found from the commands themselves so a new one is covered."""
    names = []
    for command in app.registered_commands:
        callback = command.callback
        # sql's QUERY is SQL, not a search: an empty result is its own answer.
        if callback is not None and "query" in inspect.signature(callback).parameters and callback.__name__ != "sql":
            names.append(command.name or callback.__name__)
    return names


def test_the_query_commands_are_found() -> None:
    assert {"fields", "project"} <= set(query_commands())


@pytest.mark.parametrize("command", query_commands())
def test_no_match_is_an_empty_answer_in_every_format(run, command) -> None:
    for fmt in ("json", "csv", "markdown", "table"):
        result = run(command, "zzzz-nothing", "--format", fmt)
        assert result.exit_code == 1, (fmt, result.output)
        assert result.stdout.strip(), f"{command} --format {fmt}: empty stdout is not an answer"
        # Why, last on stderr (ratios' CSV first says which of its tables it holds).
        assert result.stderr.splitlines()[-1].startswith("mdbudget: no ")
        if fmt == "json":
            data = json.loads(result.stdout)
            rows = data if isinstance(data, list) else data["rows"]
            assert rows == []
        elif fmt == "csv":
            rows = list(csv.reader(io.StringIO(result.stdout)))
            assert len(rows) == 1 and rows[0][0] in ("id", "unit")  # the header row alone
        elif fmt == "markdown":
            assert "|---" in result.stdout


# COMMANDS: the readers that take --file; diff and trend take their files as arguments.
@pytest.mark.parametrize("command", COMMANDS, ids=command_ids())
def test_a_path_from_the_environment_says_so(run, command, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(*command, env={"MDBUDGET_FILE": "nonexist.toml"})
    assert result.exit_code == 2
    assert result.stderr == "nonexist.toml (from $MDBUDGET_FILE): no such file\n"
    as_json = run(*command, "--json", env={"MDBUDGET_FILE": "nonexist.toml"})
    problem = json.loads(as_json.stdout)["problems"][0]
    assert (problem["file"], problem["chosen_by"], problem["message"]) == (
        "nonexist.toml",
        "$MDBUDGET_FILE",
        "no such file",
    )


def test_a_path_from_the_file_option_needs_no_note(run, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("total", "--file", "nonexist.toml").stderr == "nonexist.toml: no such file\n"


NO_FILE = (
    "budget.toml: no such file in this folder, and $MDBUDGET_FILE is not set; name the budget file with "
    "--file PATH (or $MDBUDGET_FILE), or use --packaged for the copy installed with mdbudget\n"
)


@pytest.fixture
def empty_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    return tmp_path


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown", "github"])
def test_check_never_passes_on_a_file_nobody_chose(run, empty_folder, fmt) -> None:
    # Before: in a folder without budget.toml, check read the packaged copy and passed.
    result = run("check", "--format", fmt)
    assert result.exit_code == 2
    # Annotations share the CI log with stderr: there the problem is said once, in its annotation.
    assert result.stderr == ("" if fmt == "github" else NO_FILE)
    if fmt == "json":
        assert json.loads(result.stdout)["ok"] is False
    if fmt == "github":
        assert result.stdout.splitlines()[0].startswith("::error file=budget.toml,title=예산 파일 없음::no such")


def test_packaged_checks_the_installed_copy(run, empty_folder) -> None:
    result = run("check", "--packaged", "--json", "--verbose")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["file"] == str(packaged_budget())
    assert result.stderr.splitlines()[0] == f"mdbudget: using {packaged_budget()} (--packaged)"
    # Even where a budget.toml is at hand, or $MDBUDGET_FILE names one: asked for, the packaged copy is read.
    (empty_folder / "budget.toml").write_text(edit(SHIPPED, "fiscal_year = 2025", "fiscal_year = 2031"), "utf-8")
    for env in ({}, {"MDBUDGET_FILE": "budget.toml"}):
        assert json.loads(run("check", "--packaged", "--json", env=env).stdout)["year"] == 2025


def test_packaged_and_file_together_are_a_usage_error(run, empty_folder) -> None:
    result = run("check", "--packaged", "--file", "x.toml")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "mdbudget: --packaged and --file each name a budget file; give one of them\n"


def test_check_reads_the_current_folders_budget(run, empty_folder) -> None:
    (empty_folder / "budget.toml").write_text(SHIPPED, "utf-8")
    assert run("check", "--json").exit_code == 0


def json_stream(text: str) -> list[dict[str, object]]:
    """Every JSON document of ``text`` (check with several files writes one per file)."""
    decoder, documents, at = json.JSONDecoder(), [], 0
    while text[at:].strip():
        document, at = decoder.raw_decode(text, len(text) - len(text[at:].lstrip()))
        documents.append(document)
    return documents


@pytest.mark.parametrize(
    ("args", "named_by"),
    [
        (("check", "nope.toml"), "FILE"),
        (("check", "budget.toml", "nope.toml"), "FILE"),
        (("check", "--file", "nope.toml"), "--file"),
        (("diff", "nope.toml", "budget.toml"), "OLD"),
        (("diff", "budget.toml", "nope.toml"), "NEW"),
        (("trend", "budget.toml", "nope.toml"), "FILE 2"),
    ],
)
def test_a_file_named_by_an_argument_says_so(run, empty_folder, args, named_by) -> None:
    # Before: every file given as an argument was "chosen_by": "--file", an option diff and trend do not have.
    (empty_folder / "budget.toml").write_text(SHIPPED, encoding="utf-8")
    result = run(*args, "--json")
    assert result.exit_code == 2
    [problem] = json_stream(result.stdout)[-1]["problems"]
    assert (problem["file"], problem["message"], problem["chosen_by"]) == ("nope.toml", "no such file", named_by)
