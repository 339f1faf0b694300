"""--format json writes what json.dumps(indent=2, ensure_ascii=False) writes, byte for byte.

The fast writer joins strings itself; the reference is json's own encoder (with
Decimals written exactly and active characters escaped, as mdbudget always has:
formats.json._slow).
"""

from __future__ import annotations

import json
import math
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import READERS, argv, command_ids, examples, with_fields, with_projects

from mdbudget.formats import json as json_format
from mdbudget.safe import json_escape


def only_json_dumps(monkeypatch: pytest.MonkeyPatch) -> None:
    """Send every value to json.dumps, as before the fast writer."""

    def refuse(value: Any, newline: str) -> str:
        raise json_format._Unknown

    monkeypatch.setattr(json_format, "_value", refuse)


def large_budget() -> str:
    # Many projects (with Korean text, quotes and escapes) and many fields with prose claims.
    fields = with_fields(40, claims=True, name='추가 "{i}"\\t')
    return with_projects(400, lead='기관 "{i}" \\\\ ①', budget=fields)


@pytest.mark.parametrize("args", [*READERS, ("project", "추가")], ids=[*command_ids(READERS), "project-query"])
def test_every_answer_is_what_json_dumps_writes(args, run, write, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = str(write(large_budget()))
    fast = run(*argv(args, path), "--format", "json")
    assert fast.exit_code in (0, 1), fast.output
    assert json.loads(fast.stdout)
    with monkeypatch.context() as patch:
        only_json_dumps(patch)
        reference = run(*argv(args, path), "--format", "json", "--no-cache")
    assert fast.stdout == reference.stdout
    assert fast.exit_code == reference.exit_code


def test_plain_data_is_json_dumps_with_indent_2() -> None:
    data = {
        "rows": [{"id": f"p-{i}", "name": f"과제 {i} \"인용\" \\ \n\t\x00 \u2028", "n": i, "ok": i % 2 == 0} for i in range(500)],
        "empty": {"list": [], "dict": {}, "nested": [[], {}, [[]]]},
        "numbers": [0, -1, 2**70, 1.5, -0.0, 1e300, 1e-7],
        "none": None,
        "tuple": ("a", 1),
    }  # fmt: skip
    assert json_format.dumps(data) == json_escape(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    assert "\\u2028" in json_format.dumps(data)  # active characters escaped, as everywhere in JSON


def test_decimals_are_written_as_before() -> None:
    values = [Decimal("1"), Decimal("2.50"), Decimal("0.1"), Decimal("0.123456"), Decimal("1E+3"), Decimal("-0"),
              Decimal("12345678901234567890.123456789"), Decimal("NaN"), Decimal("Infinity"), Decimal("1e-30")]  # fmt: skip
    data = {"values": values, "nested": {"ratio": Decimal("0.333333")}}
    text = json_format.dumps(data)
    assert text == json_format._slow(data)
    assert '"values": [\n    1,\n    2.5,\n    0.1,' in text
    assert "12345678901234567890.123456789" in text


def test_values_json_decides_go_to_json() -> None:
    assert json_format.dumps({1: "a", "b": math.nan}) == json.dumps({1: "a", "b": math.nan}, indent=2) + "\n"
    with pytest.raises(TypeError):
        json_format.dumps({"when": object()})


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.decimals(allow_nan=True, allow_infinity=True, places=None).filter(lambda d: abs(d.adjusted()) < 30 if d.is_finite() else True),
)  # fmt: skip
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.lists(inner, max_size=5).map(tuple),
        st.dictionaries(st.one_of(st.text(max_size=8), st.integers(0, 9)), inner, max_size=5),
    ),
    max_leaves=40,
)


@settings(max_examples=examples(400), deadline=None)
@given(documents)
def test_any_document_is_written_as_json_writes_it(data) -> None:  # type: ignore[no-untyped-def]
    assert json_format.dumps(data) == json_format._slow(data)
