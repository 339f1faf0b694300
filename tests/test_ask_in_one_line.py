"""Questions asked in one line: several fields at once, --provisional, --sort and --top."""

from __future__ import annotations

import json

import pytest


def ids(run, *args: str) -> list[str | None]:
    result = run(*args, "--json")
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    data = json.loads(result.stdout)
    rows = data if isinstance(data, list) else data["rows"]
    return [r["id"] for r in rows]


# The union rule: terms that each name a field exactly select each field.


@pytest.mark.parametrize(
    "terms",
    [
        ("ai-factory", "autonomous-vehicles"),
        ("AI 팩토리", "자율주행차"),
        ("AI Factory", "Autonomous Vehicles"),
        ("ai-factory autonomous-vehicles",),  # one quoted argument, its words
        ("AI팩토리", "자동차"),  # aliases
    ],
)
def test_two_named_fields_are_both_shown(run, terms: tuple[str, ...]) -> None:
    assert ids(run, "shares", *terms) == ["autonomous-vehicles", "ai-factory"]
    assert ids(run, "fields", *terms) == ["ai-factory", "autonomous-vehicles"]
    assert [r for r in ids(run, "ratios", *terms)] == ["ai-factory", "autonomous-vehicles"]


def test_the_two_provisional_fields_share_of_the_year(run) -> None:
    data = json.loads(run("shares", "ai-factory", "autonomous-vehicles", "--json").stdout)
    assert (data["allocation"], data["share"]) == (1833, 0.382912)
    table = run("shares", "ai-factory", "autonomous-vehicles").stdout
    assert "  합계 (2개 분야)                                 1,833   38.3%\n" in table


def test_the_projects_of_two_named_fields(run) -> None:
    each = ids(run, "project", "ai-factory") + ids(run, "project", "advanced-bio")
    assert len(each) == 2
    assert sorted(ids(run, "project", "ai-factory", "advanced-bio")) == sorted(each)
    # A project id and a field, named exactly, are a union too.
    assert sorted(ids(run, "project", each[0], "advanced-bio")) == sorted(each)
    # A participant and a field still narrow: the one project of 경동제약 in 첨단바이오.
    assert ids(run, "project", "경동제약", "advanced-bio") == ["pharma-impurity-platform"]
    result = run("project", "경동제약", "ai-factory")
    assert (result.exit_code, result.stderr) == (
        1,
        "mdbudget: no one sample project matches all of '경동제약 ai-factory'; "
        "the words '경동제약', 'ai-factory' each match a sample project\n",
    )


def test_words_that_are_not_all_names_still_narrow_one_search(run) -> None:
    assert ids(run, "fields", "ai", "팩토리") == ["ai-factory"]
    assert ids(run, "project", "pharma", "impurity") == ids(run, "project", "pharma impurity")


def test_when_no_one_field_has_every_word_it_says_so(run) -> None:
    result = run("fields", "AI", "팩토리", "로봇")
    assert result.exit_code == 1
    assert result.stderr == (
        "mdbudget: no one field matches all of 'AI 팩토리 로봇'; the words 'AI', '팩토리', '로봇' each match a field\n"
    )
    # "AI 자율주행차" names no field in any split of its words: they still narrow, and say so.
    result = run("shares", "AI", "자율주행차")
    assert (result.exit_code, result.stderr) == (
        1,
        "mdbudget: no one field matches all of 'AI 자율주행차'; the words 'AI', '자율주행차' each match a field\n",
    )


# Unquoted names of several words: consecutive words that name a field, with or without the space.


@pytest.mark.parametrize(
    "terms",
    [
        ("AI", "팩토리", "자율주행차"),
        ("자율주행차", "AI", "팩토리"),
        ("AI 팩토리 자율주행차",),  # one quoted argument
        ("AI", "Factory", "Autonomous", "Vehicles"),
        ("ai", "factory", "자율주행차"),
    ],
)
def test_unquoted_names_of_several_words_are_each_a_field(run, terms: tuple[str, ...]) -> None:
    assert ids(run, "shares", *terms) == ["autonomous-vehicles", "ai-factory"]
    assert ids(run, "fields", *terms) == ["ai-factory", "autonomous-vehicles"]
    assert ids(run, "ratios", *terms) == ["ai-factory", "autonomous-vehicles"]
    table = run("shares", *terms).stdout
    assert "  합계 (2개 분야)                                 1,833   38.3%\n" in table


def test_a_name_is_read_whole_before_its_words(run) -> None:
    # "AI 반도체" is one field: not a union of "AI" (no field) and 반도체 (an alias of semiconductors).
    assert ids(run, "fields", "AI", "반도체") == ["ai-semiconductors"]
    assert ids(run, "fields", "AI", "반도체", "AI", "팩토리") == ["ai-factory", "ai-semiconductors"]
    assert ids(run, "fields", "인공지능", "반도체", "조선") == ["shipbuilding", "ai-semiconductors"]


def test_unquoted_field_names_select_their_projects(run) -> None:
    each = ids(run, "project", "ai-factory") + ids(run, "project", "advanced-bio")
    assert sorted(ids(run, "project", "AI", "팩토리", "첨단바이오")) == sorted(each)
    assert sorted(ids(run, "project", "AI", "Factory", "Advanced", "Biotech")) == sorted(each)


def test_a_suggestion_never_repeats_what_was_typed(run) -> None:
    result = run("fields", "ai-factory", "autonomus-vehicles")
    assert result.exit_code == 1
    assert (
        result.stderr
        == "mdbudget: no field matches 'ai-factory autonomus-vehicles' (did you mean 'autonomous-vehicles'?)\n"
    )


def help_text(run, command: str) -> str:
    return " ".join(run(command, "--help", env={"COLUMNS": "200"}).stdout.replace("│", " ").split())


def test_help_says_which_is_which(run) -> None:
    for command in ("fields", "shares", "ratios"):
        text = help_text(run, command)
        assert "Several terms that each name a field exactly (id, name, English name, alias) select each" in text
    text = help_text(run, "project")
    assert "Several terms that each name a project id or a field exactly select the projects of each" in text


# --provisional


def test_provisional_keeps_the_fields_that_may_change(run) -> None:
    for command in ("fields", "shares", "ratios"):
        assert sorted(ids(run, command, "--provisional")) == ["ai-factory", "autonomous-vehicles"]
    data = json.loads(run("shares", "--provisional", "--json").stdout)
    assert (data["allocation"], data["share"]) == (1833, 0.382912)
    assert "  합계 (2개 분야)" in run("shares", "--provisional").stdout


def test_provisional_with_a_query_that_holds_none(run) -> None:
    result = run("fields", "--provisional", "반도체")
    assert (result.exit_code, result.stderr) == (1, "mdbudget: no field matched is marked provisional\n")


# --sort, --reverse and --top


def test_the_five_largest_averages_per_project(run) -> None:
    data = json.loads(run("ratios", "--sort", "average", "--top", "5", "--json").stdout)
    averages = [r["average_allocation"] for r in data["rows"]]
    assert len(averages) == 5 and averages == sorted(averages, reverse=True)
    every = json.loads(run("ratios", "--json").stdout)["rows"]
    assert averages == sorted((r["average_allocation"] for r in every), reverse=True)[:5]
    assert data["rows"][0]["id"] == "core-materials"
    assert ids(run, "ratios", "--sort", "average_allocation", "--top", "5") == [r["id"] for r in data["rows"]]


def test_sort_numbers_largest_first_and_reverse(run) -> None:
    projects = [r["projects"] for r in json.loads(run("fields", "--sort", "projects", "--json").stdout)]
    assert projects == sorted(projects, reverse=True)
    backwards = [r["projects"] for r in json.loads(run("fields", "--sort", "count", "--reverse", "--json").stdout)]
    assert backwards == sorted(projects)
    assert ids(run, "fields", "--sort", "id")[:2] == ["advanced-bio", "advanced-manufacturing"]


def test_the_total_row_and_footnote_stay_below_any_sort(run) -> None:
    out = run("fields", "--sort", "allocation", "--reverse", "--top", "3").stdout
    lines = out.splitlines()
    assert lines[-3].startswith("  합계 (3개 분야)")
    assert out.count("*") == 0 or out.index("* AI팩토리") > out.index("합계")
    shares = run("shares", "--sort", "name_en", "--top", "3").stdout.splitlines()
    folded = next(i for i, line in enumerate(shares) if "그 외 14개 분야" in line)
    total = next(i for i, line in enumerate(shares) if line.startswith("  합계"))
    assert folded == total - 2  # the fold, the rule, then the total
    assert shares[-2].startswith("* AI팩토리")


def test_shares_sorts_by_any_of_its_numbers(run) -> None:
    assert ids(run, "shares", "--sort", "projects", "--top", "2") == ["autonomous-vehicles", "advanced-bio", None]
    assert ids(run, "shares", "--sort", "share", "--reverse")[0] == "international-cooperation"


def test_projects_sort_by_total(run) -> None:
    data = json.loads(run("project", "--sort", "total", "--top", "3", "--json").stdout)
    totals = [p["total"] for p in data]
    assert len(totals) == 3 and totals == sorted(totals, reverse=True)


@pytest.mark.parametrize("command", ["fields", "shares", "ratios"])
def test_per_field_growth_says_what_exists_instead(run, command: str) -> None:
    result = run(command, "--sort", "growth")
    assert result.exit_code == 1
    assert result.stderr == (
        "mdbudget: the release gives no per-field amounts for 2023, so no field has a growth to sort by; "
        "the programme as a whole grew from 1,860억원 in 2023 to 4,787억원 in 2025 (2.57×): see mdbudget total\n"
    )


def test_an_unknown_column_is_a_usage_error_listing_the_columns(run) -> None:
    result = run("ratios", "--sort", "size")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "mdbudget: ratios cannot sort by 'size': choose one of projects, total, allocation, id, name, name_en, "
        "year_share, average_total, average_allocation (--reverse turns the order round)\n"
    )
