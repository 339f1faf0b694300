"""`check` reads the figures each claim's text prints and holds them against the claim's keys and the table.

For every figure kind a claim prints, three edits: the prose alone (an error on the
text naming both figures), the number alone (the text no longer agrees, and the
number no longer agrees with the table where one is compared), and both together
(the prose agrees with its key; only the key's own comparison can fail).
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from conftest import SHIPPED, edit
from mdbudget import parse
from mdbudget.formats import render
from mdbudget.reports.check.prose import read
from mdbudget.reports.check.reconcile import check


def errors(text: str) -> list[tuple[str, str]]:
    data = json.loads(render(check(parse(text)), "json"))
    return [(f["path"], f["message"]) for f in data["findings"] if f["status"] == "error"]


# A claim with a stated total too, so every key a field claim has is exercised.
WITH_TOTAL = edit(
    SHIPPED,
    'text = "AI팩토리(44개 과제, 627억원)"\nprojects = 44\nallocation = 627',
    'text = "AI팩토리(44개 과제, 총 1,516억원 중 627억원)"\nprojects = 44\ntotal = 1516\nallocation = 627',
)

# (name, budget, prose edit, number edit, errors of the prose edit, of the number edit, of both)
CASES = [
    (
        "field count",
        SHIPPED,
        ("(44개 과제, 627억원)", "(45개 과제, 627억원)"),
        ("projects = 44\nallocation = 627", "projects = 45\nallocation = 627"),
        [("claims.fields[ai-factory].text", "“45개 과제” in the text ≠ projects = 44 (difference +1)")],
        [
            ("claims.fields[ai-factory].text", "“44개 과제” in the text ≠ projects = 45 (difference -1)"),
            ("claims.fields[ai-factory].projects", "table row 44 ≠ stated 45 (difference -1)"),
        ],
        [("claims.fields[ai-factory].projects", "table row 44 ≠ stated 45 (difference -1)")],
    ),
    (
        "field amount",
        SHIPPED,
        ("(44개 과제, 627억원)", "(44개 과제, 672억원)"),
        ("projects = 44\nallocation = 627", "projects = 44\nallocation = 672"),
        [("claims.fields[ai-factory].text", "“672억원” in the text ≠ allocation = 627 (difference +45)")],
        [
            ("claims.fields[ai-factory].text", "“627억원” in the text ≠ allocation = 672 (difference -45)"),
            ("claims.fields[ai-factory].allocation", "table row 627 ≠ stated 672 (difference -45)"),
        ],
        [("claims.fields[ai-factory].allocation", "table row 627 ≠ stated 672 (difference -45)")],
    ),
    (
        "field amount with thousands separators",
        SHIPPED,
        ("(82개 과제, 1,206억원)", "(82개 과제, 1,260억원)"),
        ("projects = 82\nallocation = 1206", "projects = 82\nallocation = 1260"),
        [("claims.fields[autonomous-vehicles].text", "“1,260억원” in the text ≠ allocation = 1,206 (difference +54)")],
        [
            (
                "claims.fields[autonomous-vehicles].text",
                "“1,206억원” in the text ≠ allocation = 1,260 (difference -54)",
            ),
            ("claims.fields[autonomous-vehicles].allocation", "table row 1,206 ≠ stated 1,260 (difference -54)"),
        ],
        [("claims.fields[autonomous-vehicles].allocation", "table row 1,206 ≠ stated 1,260 (difference -54)")],
    ),
    (
        "field total",
        WITH_TOTAL,
        ("총 1,516억원 중", "총 1,561억원 중"),
        ("total = 1516\nallocation = 627", "total = 1561\nallocation = 627"),
        [("claims.fields[ai-factory].text", "“1,561억원” in the text ≠ total = 1,516 (difference +45)")],
        [
            ("claims.fields[ai-factory].text", "“1,516억원” in the text ≠ total = 1,561 (difference -45)"),
            ("claims.fields[ai-factory].total", "table row 1,516 ≠ stated 1,561 (difference -45)"),
        ],
        [("claims.fields[ai-factory].total", "table row 1,516 ≠ stated 1,561 (difference -45)")],
    ),
    (
        "growth multiple",
        SHIPPED,
        ("2.5배 증가", "3.5배 증가"),
        ("multiple = 2.5", "multiple = 3.5"),
        [("claims.growth.text", "“3.5배” in the text ≠ multiple = 2.5 (difference +1.0)")],
        [
            ("claims.growth.text", "“2.5배” in the text ≠ multiple = 3.5 (difference -1.0)"),
            (
                "claims.growth.multiple",
                "4,787 ÷ 1,860 = 2.573656×: neither truncation (2.5) nor rounding (2.6) gives the stated 3.5",
            ),
        ],
        [
            (
                "claims.growth.multiple",
                "4,787 ÷ 1,860 = 2.573656×: neither truncation (2.5) nor rounding (2.6) gives the stated 3.5",
            )
        ],
    ),
    (
        "growth baseline amount",
        SHIPPED,
        ("1,860억원 대비", "1,680억원 대비"),
        ("allocation = 1860", "allocation = 1680"),
        [
            (
                "claims.growth.text",
                "“1,680억원” in the text matches no figure stated here "
                "(baseline.allocation 1,860, totals.allocation 4,787)",
            )
        ],
        [
            (
                "claims.growth.text",
                "“1,860억원” in the text matches no figure stated here "
                "(baseline.allocation 1,680, totals.allocation 4,787)",
            ),
            (
                "claims.growth.multiple",
                "4,787 ÷ 1,680 = 2.849405×: neither truncation (2.8) nor rounding (2.8) gives the stated 2.5",
            ),
        ],
        [
            (
                "claims.growth.multiple",
                "4,787 ÷ 1,680 = 2.849405×: neither truncation (2.8) nor rounding (2.8) gives the stated 2.5",
            )
        ],
    ),
    (
        "growth baseline year",
        SHIPPED,
        ("'23년 …", "'24년 …"),
        ("year = 2023", "year = 2024"),
        [
            (
                "claims.growth.text",
                "“'24년” in the text matches no figure stated here (baseline.year 2023, program.fiscal_year 2025)",
            )
        ],
        [
            (
                "claims.growth.text",
                "“'23년” in the text matches no figure stated here (baseline.year 2024, program.fiscal_year 2025)",
            )
        ],
        [],
    ),
    (
        "headline amount",
        SHIPPED,
        ('"4,800억원 투자"', '"4,700억원 투자"'),
        ("amount = 4800", "amount = 4700"),
        [("claims.headline.text", "“4,700억원” in the text ≠ amount = 4,800 (difference -100)")],
        [
            ("claims.headline.text", "“4,800억원” in the text ≠ amount = 4,700 (difference +100)"),
            ("claims.headline.amount", "exact 4,787 rounds to 4,800 at 100 억원, not the stated 4,700"),
        ],
        [("claims.headline.amount", "exact 4,787 rounds to 4,800 at 100 억원, not the stated 4,700")],
    ),
]


@pytest.mark.parametrize(
    ("budget", "prose", "number", "prose_errors", "number_errors", "both_errors"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_editing_the_prose_the_number_or_both(budget, prose, number, prose_errors, number_errors, both_errors) -> None:
    assert errors(budget) == []
    assert errors(edit(budget, *prose)) == prose_errors
    assert errors(edit(budget, *number)) == number_errors
    assert errors(edit(edit(budget, *prose), *number)) == both_errors


def test_the_shipped_prose_agrees_and_says_with_what() -> None:
    data = json.loads(render(check(parse(SHIPPED)), "json"))
    prose = {f["path"]: f["message"] for f in data["findings"] if f["code"].endswith(".text")}
    assert len(prose) == 10
    assert prose["claims.growth.text"] == (
        "agrees: “1,860억원” = baseline.allocation 1,860, “2.5배” = multiple 2.5, “'23년” = baseline.year 2023"
    )
    assert prose["claims.fields[display].text"] == "agrees: “14개” = projects 14, “138억원” = allocation 138"


def test_no_message_quotes_a_text_as_stating_another_figure() -> None:
    # Before: "table row 627 ≠ stated 672 in “AI팩토리(44개 과제, 627억원)”" — the quote says 627.
    for _, message in errors(edit(SHIPPED, "projects = 44\nallocation = 627", "projects = 44\nallocation = 672")):
        assert "stated 672 in" not in message


UNREADABLE = [
    ("a percentage", "(14개, 138억원)", "(14개, 138억원, 3.5%)", "3.5%"),
    ("a count of something else", "(14개, 138억원)", "(14개 분야, 138억원)", "14개"),
    ("a broken separator", "(14개, 138억원)", "(14개, 1,38억원)", "1,38억원"),
    ("a range", "(14개, 138억원)", "(14개, 138억원, 1~2단계)", "1~2단계"),
]


@pytest.mark.parametrize(("name", "old", "new", "token"), UNREADABLE, ids=[u[0] for u in UNREADABLE])
def test_a_figure_that_cannot_be_read_is_an_error(name, old, new, token) -> None:
    found = errors(edit(SHIPPED, old, new))
    assert ("claims.fields[display].text", f"cannot read “{token}” in the text; write counts as 44개, amounts as "
            "1,860억원, multiples as 2.5배 and years as '23년") in found  # fmt: skip


def test_a_stated_figure_the_text_does_not_print_is_an_error() -> None:
    found = errors(edit(SHIPPED, "2.5배 증가", "크게 증가"))
    assert found == [("claims.growth.text", "multiple = 2.5 is not printed in the text")]


def test_a_claim_without_keys_is_held_against_the_table() -> None:
    keyless = edit(SHIPPED, 'text = "디스플레이(14개, 138억원)"\nprojects = 14\nallocation = 138',
                   'text = "디스플레이(14개, 183억원)"')  # fmt: skip
    assert errors(keyless) == [
        (
            "claims.fields[display].text",
            "“183억원” in the text matches no figure stated here "
            "(the table row's total 716, the table row's allocation 138)",
        )
    ]
    agreeing = edit(keyless, "183억원", "138억원")
    assert errors(agreeing) == []


def test_a_multiple_in_a_field_claim_has_nothing_to_agree_with() -> None:
    found = errors(edit(SHIPPED, "(14개, 138억원)", "(14개, 138억원, 2배)"))
    assert found == [
        ("claims.fields[display].text", "“2배” in the text matches no figure stated here (nothing states one)")
    ]


def test_amounts_in_other_units_are_converted_exactly() -> None:
    assert errors(edit(SHIPPED, '"4,800억원 투자"', '"0.48조원 투자"')) == []
    assert errors(edit(SHIPPED, '"4,800억원 투자"', '"480,000백만원 투자"')) == []
    assert errors(edit(SHIPPED, '"4,800억원 투자"', '"4,800억 투자"')) == []


@pytest.mark.parametrize(
    ("text", "figures", "unreadable"),
    [
        ("'23년 … 1,860억원 대비 2.5배 증가", [("year", 2023), ("amount", 186_000_000_000), ("multiple", "2.5")], []),
        ("AI팩토리(44개 과제, 627억원)", [("count", 44), ("amount", 62_700_000_000)], []),
        ("1조 8,858억원", [("amount", 1_885_800_000_000)], []),
        ("44개 과제를 추진", [("count", 44)], []),
        ("2023년 500만원", [("year", 2023), ("amount", 5_000_000)], []),
        ("3개 분야", [], ["3개"]),
        ("1,8600억원", [], ["1,8600억원"]),
    ],
)
def test_read(text, figures, unreadable) -> None:
    reading = read(text)
    assert [(f.kind, f.value) for f in reading.figures] == [(k, Decimal(v)) for k, v in figures]
    assert list(reading.unreadable) == unreadable


def test_prose_findings_speak_korean_in_tables(run, write) -> None:
    path = write(edit(SHIPPED, "(44개 과제, 627억원)", "(44개 과제, 672억원)"))
    result = run("check", "--file", str(path), "--format", "markdown")
    assert result.exit_code == 1
    assert "본문의 “672억원” ≠ allocation = 627 (차이 +45)" in result.stdout


def test_digits_in_names_are_words_not_figures() -> None:
    # A field named with digits (5G, or the field's own name) prints no figure there.
    renamed = edit(SHIPPED, 'name = "디스플레이"', 'name = "디스플레이 2030"')
    assert errors(edit(renamed, "디스플레이(14개, 138억원)", "디스플레이 2030(14개, 138억원)")) == []
    assert errors(edit(SHIPPED, "디스플레이(14개, 138억원)", "5G 디스플레이(14개, 138억원)")) == []
    assert read("3D 프린팅 4.0").unreadable == ("4.0",)
