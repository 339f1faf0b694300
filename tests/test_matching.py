"""Matching never invents a total: Latin words at word starts, Hangul anywhere, words joined.

`fields AI` once matched 인력양성 because "Tr-ai-ning" holds "ai", and its total
row summed four fields.
"""

from __future__ import annotations

import json

import pytest

from mdbudget.reports import search

AI_FIELDS = ["ai-factory", "advanced-bio", "ai-semiconductors"]  # 첨단바이오 has the alias 첨단바이오AI


@pytest.mark.parametrize(
    ("text", "query", "expected"),
    [
        ("Workforce Training", "ai", False),
        ("Workforce Training", "training", True),
        ("Workforce Training", "rain", False),
        ("AI Factory", "ai", True),
        ("AI Factory", "aifac", True),  # spaces are still forgiven
        ("AI Factory", "i fac", False),
        ("첨단바이오AI", "ai", True),  # after Hangul a Latin word starts
        ("pharma-impurity-platform", "impurity", True),  # after a hyphen too
        ("project_type", "type", True),  # and after an underscore
        ("Semiconductors", "conductor", False),
        ("x2025", "2025", False),  # digits are word characters
        ("'25년", "25", True),
        ("Électricité", "électricité", True),
        ("Électricité", "lectricité", False),
        ("인력양성", "양성", True),  # Hangul: anywhere
        ("인력양성", "ㅇㅅ", True),  # and by initials
        ("AI 팩토리", "ㅍㅌㄹ", True),
        ("AI 팩토리", "aㅍ", False),  # an initial is Hangul; 'a' must still start a word… and be followed by 팩
        ("AI 팩토리", "iㅍ", False),  # 'i' does not start a word
    ],
)
def test_latin_words_match_at_word_starts_hangul_anywhere(text, query, expected) -> None:
    assert search.contains(text, query) is expected


def test_a_long_query_is_matched_as_plain_text() -> None:
    name = "x" * 300
    assert search.contains(name, "x" * 250)  # beyond the pattern rules: a substring test, still right
    assert not search.contains(name, "x" * 301)


def test_fields_ai_sums_only_the_ai_fields(run) -> None:
    result = run("fields", "AI", "--json")
    assert result.exit_code == 0, result.stderr
    assert [f["id"] for f in json.loads(result.stdout)] == AI_FIELDS
    table = run("fields", "AI")
    assert "인력양성" not in table.stdout
    total = next(line for line in table.stdout.splitlines() if line.strip().startswith("합계"))
    assert total.split()[-3:] == ["144", "5,756", "1,525"]


@pytest.mark.parametrize("words", [["ai", "팩토리"], ["AI팩토리"], ["ai 팩토리"], ["AI", "팩", "토리"]])
def test_unquoted_words_are_one_query(run, words) -> None:
    result = run("fields", *words, "--json")
    assert result.exit_code == 0, result.stderr
    assert [f["id"] for f in json.loads(result.stdout)] == ["ai-factory"]


@pytest.mark.parametrize(
    "words",
    [
        ["pharma", "impurity"],
        ["pharma impurity"],
        ["impurity", "pharma"],
        ["PHARMA", "불순물"],
        ["의약품", "impurities"],
    ],
)
def test_every_word_of_a_project_query_matches_somewhere(run, words) -> None:
    result = run("project", *words, "--json")
    assert result.exit_code == 0, result.stderr
    assert [p["id"] for p in json.loads(result.stdout)] == ["pharma-impurity-platform"]


def test_a_word_that_matches_nothing_means_no_match(run) -> None:
    result = run("project", "pharma", "zzzz", "--json")
    assert (result.exit_code, result.stdout) == (1, "[]\n")
    assert result.stderr.startswith("mdbudget: no sample project matches 'pharma zzzz'")


def test_words_may_match_a_project_and_its_field(run) -> None:
    # "cnc" is in the project's id, "팩토리" in its field's name: together they find it alone.
    result = run("project", "cnc", "팩토리", "--json")
    assert result.exit_code == 0, result.stderr
    assert [p["id"] for p in json.loads(result.stdout)] == ["cnc-autonomous-manufacturing"]


def test_shares_takes_a_query_and_shows_shares_of_the_whole(run) -> None:
    result = run("shares", "자율주행차", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["query"], data["allocation"], data["share"]) == ("자율주행차", 1206, 0.251932)
    assert [(r["id"], r["share"]) for r in data["rows"]] == [("autonomous-vehicles", 0.251932)]
    whole = json.loads(run("shares", "--json").stdout)
    assert whole["query"] is None and whole["allocation"] == 4787
    assert next(r for r in whole["rows"] if r["id"] == "autonomous-vehicles")["share"] == 0.251932


def test_shares_of_several_fields_sum_to_their_share_of_the_whole(run) -> None:
    result = run("shares", "ai", "--of", "projects", "--json")
    data = json.loads(result.stdout)
    assert [r["id"] for r in data["rows"]] == ["advanced-bio", "ai-factory", "ai-semiconductors"]
    assert (data["projects"], data["share"]) == (144, round(144 / 445, 6))
    table = run("shares", "ai", "--lang", "en")
    total = next(line for line in table.stdout.splitlines() if line.strip().startswith("total"))
    assert total.split() == ["total", "(3", "fields)", "1,525", "31.9%"]


def test_shares_query_with_top_folds_among_the_matches(run) -> None:
    data = json.loads(run("shares", "ai", "--top", "1", "--json").stdout)
    assert [(r["id"], r["field_ids"]) for r in data["rows"]] == [
        ("advanced-bio", ["advanced-bio"]),
        (None, ["ai-factory", "ai-semiconductors"]),
    ]


def test_shares_query_that_matches_nothing(run) -> None:
    result = run("shares", "zzzz", "--json")
    assert (result.exit_code, result.stderr) == (1, "mdbudget: no field matches 'zzzz'\n")
    assert json.loads(result.stdout)["rows"] == []


def test_suggestions_on_a_large_budget_are_bounded_and_still_found(run, write) -> None:
    from support import with_projects

    path = write(with_projects(30_000, lead="기관 {i}"))
    result = run("project", "경동제역", "--file", str(path))
    assert result.exit_code == 1
    assert "'경동제약'" in result.stderr  # a participant of a shipped project, among the first names
