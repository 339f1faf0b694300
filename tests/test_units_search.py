"""Exact unit conversion, and the forgiving matching queries rely on."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mdbudget.budget import units
from mdbudget.reports import search


@pytest.mark.parametrize(
    ("amount", "source", "target", "expected"),
    [
        (4787, "억원", "억원", 4787),
        (4787, "억원", "조원", Decimal("0.4787")),
        (4787, "억원", "백만원", 478700),
        (4787, "억원", "원", 478_700_000_000),
        (4787, "억원", "천원", 478_700_000),
        (1, "천원", "억원", Decimal("0.00001")),
        (3, "억원", "조원", Decimal("0.0003")),
        (1, "원", "조원", Decimal("0.000000000001")),
        (10**18, "조원", "원", 10**30),  # beyond the default 28-digit Decimal precision
        (10**18 + 1, "원", "억원", Decimal("10000000000.00000001")),
        (Decimal("34.45"), "억원", "원", 3_445_000_000),
    ],
)
def test_convert_is_exact(amount, source, target, expected) -> None:
    result = units.convert(amount, source, target)
    assert result == expected
    assert type(result) is type(expected)


@given(
    st.integers(min_value=0, max_value=10**18),
    st.sampled_from(list(units.FACTORS)),
    st.sampled_from(list(units.FACTORS)),
)
def test_convert_round_trips(amount, source, target) -> None:
    assert units.convert(units.convert(amount, source, target), target, source) == amount


@pytest.mark.parametrize(
    ("typed", "unit"),
    [("억원", "억원"), ("eok", "억원"), ("EOK", "억원"), (" jo ", "조원"), ("million", "백만원"), ("won", "원"),
     ("thousand", "천원"), ("천원", "천원"), ("천 원", "천원"),
     (unicodedata.normalize("NFD", "조원"), "조원")],
)  # fmt: skip
def test_unit_names_and_aliases(typed, unit) -> None:
    assert units.unit_name(typed) == unit


def test_unknown_unit_names_the_choices() -> None:
    with pytest.raises(
        ValueError,
        match="unknown unit 'dollar'; use one of 억원, 조원, 백만원, 천원, 원, won, thousand, million, eok, jo",
    ):
        units.unit_name("dollar")


def test_average_rounds_to_a_hundredth_of_the_file_unit() -> None:
    assert units.average(1516, 44, "억원", "억원") == Decimal("34.45")  # 34.4545…
    assert units.average(1516, 44, "억원", "원") == 3_445_000_000
    assert units.average(22, 3, "억원", "조원") == Decimal("0.000733")
    assert units.average(88, 2, "억원", "억원") == 44
    assert units.average(5, 0, "억원", "억원") is None


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("AI 팩토리", "AI팩토리"),
        ("AI 팩토리", "ai 팩 토 리"),
        ("절삭가공 산업의 AI 자율제조", "ㅈㅅㄱㄱ"),
        ("절삭가공 산업의 AI 자율제조", "절ㅅ가ㄱ"),
        ("절삭가공 산업의 AI 자율제조", "ㅈㅅㄱㄱㅅㅇㅇ"),  # across a space
        ("절삭가공", unicodedata.normalize("NFD", "삭가")),
        ("절삭가공", "\u110c\u1109"),  # conjoining initials, as NFD spells a lone consonant
        ("Autonomous Vehicles", "VEHICLE"),
        ("DN솔루션즈", "dn솔루션"),
    ],
)
def test_contains(text, query) -> None:
    assert search.contains(text, query)


@pytest.mark.parametrize(
    ("text", "query"), [("절삭가공", "ㅈㄱ"), ("절삭가공", "ㅅㅈ"), ("조선", "ㅈㅅㄱ"), ("AI 팩토리", "AI팩토링")]
)
def test_does_not_contain(text, query) -> None:
    assert not search.contains(text, query)


def test_initials_use_unicode_arithmetic() -> None:
    assert search.initials("절삭가공 까치") == "ㅈㅅㄱㄱㄲㅊ"
    assert search.initial("가") == "ㄱ" and search.initial("힣") == "ㅎ" and search.initial("A") == "A"


def test_suggest_compares_normalised_forms() -> None:
    assert search.suggest("경동제역", ["경동제약", "DN솔루션즈"]) == ["경동제약"]
    assert search.suggest("ai팩토리", ["AI 팩토리"]) == ["AI 팩토리"]
    assert search.suggest("zzz", ["경동제약"]) == []
