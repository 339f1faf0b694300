"""The locator finds the same line and column in a file's bytes as in its text.

A budget from the cache rereads its file as bytes to locate a finding (decoding a
large file would hold a second, larger copy); every key path of these documents is
located both ways, and the two must agree, columns counted in characters.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
import tomli
from test_property_values import SMALL

from conftest import SHIPPED
from mdbudget.loading.locate import Locator

TRICKY = """\
# 주석 [[fields]]
[program]
title = "제목 \\"인용\\" [x]"
notes = [\"\"\"
[[fields]]
여러 줄 \"\"\", '''
[totals]
''']
"키 이름" = 1
'작은 따옴표' = { "안쪽" = 2, inner.deep = 3 }
mix = { a = "가나다라", b = 2 }

[[fields]]
id = "가"
name = "가나다라마바사아자차카타파하"  # 한글 뒤의 열
period = { start = 2024, end = 2028 }

[[fields]]
id = "b"
"""

DOCUMENTS = {
    "shipped": SHIPPED,
    "small": SMALL,
    "crlf": SMALL.replace("\n", "\r\n"),
    "tricky": TRICKY,
}


def paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key path of a parsed document, and one that is not there under each table."""
    found = [path] if path else []
    if isinstance(value, dict):
        found.append((*path, "not-there"))
        for key, item in value.items():
            found += paths(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += paths(item, (*path, i))
        found.append((*path, len(value)))  # past the end
    return found


@pytest.mark.parametrize("bom", [False, True], ids=["plain", "bom"])
@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_bytes_and_text_give_the_same_places(name, bom) -> None:
    text = DOCUMENTS[name]
    data = ("\ufeff" if bom else "").encode() + text.encode("utf-8")
    from_text, from_bytes = Locator(text), Locator(data)
    every = paths(tomli.loads(text, parse_float=Decimal))
    assert len(every) > 20
    places = [(path, from_text.locate(path)) for path in every]
    assert [(path, from_bytes.locate(path)) for path in every] == places
    assert any(place is not None and place[1] > 1 for _, place in places)  # columns past the first are compared
    if name == "tricky":
        assert from_bytes.locate(("program", "mix", "b")) == (11, 21)  # after four Hangul: characters, not bytes


def test_a_column_after_hangul_counts_characters_not_bytes() -> None:
    text = "[t]\nx = { 가나다 = 1, key = 2 }\n"
    assert Locator(text.encode()).locate(("t", "x", "key")) == Locator(text).locate(("t", "x", "key")) == (2, 16)
