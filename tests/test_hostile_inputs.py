"""Hostile budget files: each gives one exact message and exit 2 — never a traceback.

tests/test_load_errors.py holds the everyday mistakes (a negative amount, a
misspelt key, "1,516", NaN, a duplicate id, ...); this file adds the files a
person would not write on purpose: binary junk, huge or deeply nested
documents, unreadable or closed inputs.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest
from support import DIFF, OTHER_YEAR, READERS, argv, command_ids, installed_script, toml_string, with_fields

from conftest import SHIPPED, edit
from mdbudget.errors import Problem

FIVE_MB = "z" * 5_000_000

CASES = [
    # (name, file content, the exact stderr; {f} is the file's path)
    (
        "binary: a PNG header",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "{f}: is a binary file, not TOML text (it has NUL bytes)",
    ),
    (
        "binary: a zip archive",
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00",
        "{f}: is a binary file, not TOML text (it has NUL bytes)",
    ),
    (
        "binary: NUL bytes after text",
        SHIPPED.encode() + b"\x00\x00",
        "{f}: is a binary file, not TOML text (it has NUL bytes)",
    ),
    ("UTF-16 text", "[program]\n".encode("utf-16"), "{f}: is UTF-16 text; save it as UTF-8"),
    (
        "Latin-1 text",
        'unit = "caf\xe9"\n'.encode("latin-1"),
        "{f}:1:12: is not UTF-8 text (byte 0xe9); save it as UTF-8",
    ),
    (
        "whitespace only",
        " \n\t\r\n",
        "{f}: the file is empty; a budget file needs [program], [totals] and [[fields]] (mdbudget schema gives the layout)",
    ),
    (
        "TOML: unclosed string",
        edit(SHIPPED, 'unit = "억원"', 'unit = "억원'),
        "{f}:28:11: invalid TOML: a string is not closed before the end of the line",
    ),
    (
        "TOML: unclosed table header",
        edit(SHIPPED, "\n[totals]\n", "\n[totals\n"),
        "{f}:35:8: invalid TOML: Expected ']' at the end of a table declaration",
    ),
    ("TOML: unclosed array", edit(SHIPPED, "aliases = [", "aliases = [["), "{f}:130:1: invalid TOML: Unclosed array"),
    (
        "TOML: missing value",
        edit(SHIPPED, "fiscal_year = 2025", "fiscal_year ="),
        "{f}:27:14: invalid TOML: Invalid value",
    ),
    (
        "TOML: text without quotes",
        edit(SHIPPED, 'unit = "억원"', "unit = 억원"),
        '{f}:28:8: invalid TOML: Invalid value; text must be in quotes ("...")',
    ),
    (
        "TOML: bad escape",
        edit(SHIPPED, 'unit = "억원"', 'unit = "\\q"'),
        "{f}:28:11: invalid TOML: Unescaped '\\' in a string",
    ),
    (
        "TOML: impossible date",
        edit(SHIPPED, "release_date = 2025-05-28", "release_date = 2025-13-45"),
        "{f}:26:20: invalid TOML: not a valid date (write YYYY-MM-DD, e.g. 2025-05-28)",
    ),
    (
        "TOML: key without a value at the end",
        SHIPPED + "\nfoo",
        "{f}:377:4: invalid TOML: Expected '=' after a key in a key/value pair",
    ),
    (
        "duplicate table",
        edit(SHIPPED, "\n[totals]\n", "\n[program]\n[totals]\n"),
        "{f}:35:9: invalid TOML: Cannot declare ('program',) twice (a key or table is defined twice)",
    ),
    (
        "nan amount",
        edit(SHIPPED, "total = 1516", "total = nan"),
        "{f}:131:1: fields[0].total: must be a whole number, not nan",
    ),
    (
        "-inf amount",
        edit(SHIPPED, "total = 1516", "total = -inf"),
        "{f}:131:1: fields[0].total: must be a whole number, not -inf",
    ),
    (
        # 1516.0 is 1516 (as a JSON Schema's "integer" says); a fraction is refused.
        "fractional amount",
        edit(SHIPPED, "total = 1516", "total = 1516.5"),
        "{f}:131:1: fields[0].total: must be a whole number; amounts are exact, write no decimals (got 1516.5)",
    ),
    (
        "integer of 5,000 digits",
        edit(SHIPPED, "total = 1516", "total = " + "9" * 5000),
        "{f}:131:9: invalid TOML: a number has too many digits (at most 40)",
    ),
    (
        "unknown table",
        edit(SHIPPED, "\n[totals]\n", "\n[totalz]\nx = 1\n[totals]\n"),
        "{f}:35:1: totalz: unknown key 'totalz' (did you mean 'totals'?)",
    ),
    (
        "unknown key, nothing close",
        edit(SHIPPED, "allocation = 39\n", "allocation = 39\nzzz = 1\n"),
        "{f}:154:1: fields[2].zzz: unknown key 'zzz'; allowed here: id, name, name_en, aliases, projects, total, "
        "allocation, provisional, source",
    ),
    (
        "unknown key made of control characters",
        edit(SHIPPED, "\n[program]\n", '\n[program]\n"\\u001b[31mred\\u0008\\r" = 1\n'),
        "{f}:21:1: program.\"\\u001b[31mred\\u0008\\u000d\": unknown key '\\x1b[31mred\\x08\\r'; allowed here: "
        "title, title_en, ministry, ministry_en, release_date, fiscal_year, unit, source_file, notes",
    ),
    (
        "5 MB title",
        edit(SHIPPED, 'title = "', 'title = "' + FIVE_MB),
        "{f}:22:1: program.title: is too long (at most 10000 characters)",
    ),
    (
        "5 MB string as an amount",
        edit(SHIPPED, "total = 1516", f'total = "{FIVE_MB}"'),
        '{f}:131:1: fields[0].total: must be a whole number, not text (got "' + "z" * 38 + "…)",
    ),
    (
        "5 MB key",
        edit(SHIPPED, "\n[program]\n", f'\n[program]\n"{FIVE_MB}" = 1\n'),
        "{f}:22:1: program." + "z" * 59 + "…: unknown key '" + "z" * 38 + "…; allowed here: "
        "title, title_en, ministry, ministry_en, release_date, fiscal_year, unit, source_file, notes",
    ),
    ("10,000 nested arrays", "x = " + "[" * 10_000 + "]" * 10_000 + "\n", "{f}: invalid TOML: nested too deeply"),
    (
        "10,000 nested inline tables",
        "x = " + "{a = " * 10_000 + "1" + " }" * 10_000 + "\n",
        "{f}: invalid TOML: nested too deeply",
    ),
    ("10,000 dotted keys", "a." * 10_000 + "b = 1\n", "{f}: invalid TOML: nested too deeply"),
    ("10,000 nested table headers", "[" + "a." * 10_000 + "b]\n", "{f}: invalid TOML: nested too deeply"),
]


@pytest.mark.parametrize(("name", "content", "expected"), CASES, ids=[c[0] for c in CASES])
def test_hostile_file(run, write, name, content, expected) -> None:
    path = write(content)
    result = run("check", "--file", str(path))
    assert result.stderr == expected.format(f=path) + "\n"
    assert (result.exit_code, result.stdout) == (2, "")
    assert len(result.stderr) < 500  # nothing pasted is echoed in full


@pytest.mark.parametrize("args", READERS, ids=command_ids(READERS))
@pytest.mark.parametrize("name", ["binary: a zip archive", "5 MB key", "10,000 nested arrays", "TOML: unclosed string"])
def test_every_command_reports_the_same_problem(run, write, args, name) -> None:
    # diff: the hostile file is NEW, against the shipped budget as OLD.
    content, expected = next((c[1], c[2]) for c in CASES if c[0] == name)
    path = write(content)
    result = run(*argv(args, str(path)), "--json")
    assert (result.exit_code, result.stderr) == (2, expected.format(f=path) + "\n")
    # The same problem, as the JSON answer a script reads instead of empty output.
    problem = json.loads(result.stdout)["problems"][0]
    assert str(Problem(**problem)) == expected.format(f=path)


@pytest.mark.parametrize(("name", "content", "expected"), CASES, ids=[c[0] for c in CASES])
def test_diff_and_trend_report_a_hostile_file_on_either_side(run, write, name, content, expected) -> None:
    path = write(content)
    for args in (
        ("diff", str(path), DIFF[1]),
        (*DIFF, str(path)),
        ("trend", str(path), str(OTHER_YEAR)),
        ("trend", str(OTHER_YEAR), str(path)),
    ):
        result = run(*args)
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", expected.format(f=path) + "\n")


def test_unreadable_file(run, write, monkeypatch) -> None:
    # CI runs as root, which reads any file whatever its mode; so the refusal is simulated.
    path = write(SHIPPED)
    real_open = os.open  # the file is opened without waiting (a FIFO), by os.open

    def refuse(file, *args, **kwargs):
        if os.fspath(file) == str(path):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    result = run("check", "--file", str(path))
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"{path}: cannot be read: permission denied\n")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its mode")
def test_unreadable_file_for_real(run, write) -> None:
    path = write(SHIPPED)
    path.chmod(0)
    result = run("check", "--file", str(path))
    assert (result.exit_code, result.stderr) == (2, f"{path}: cannot be read: permission denied\n")


def test_crlf_alone_is_accepted(run, write) -> None:
    result = run("check", "--json", "--file", str(write(SHIPPED.replace("\n", "\r\n"))))
    assert result.exit_code == 0, result.stderr


def test_bom_alone_is_accepted_on_standard_input(run) -> None:
    result = run("check", "--json", "--file", "-", input=b"\xef\xbb\xbf" + SHIPPED.encode())
    assert result.exit_code == 0, result.stderr


def test_errors_in_a_crlf_file_keep_their_line(run, write) -> None:
    path = write(edit(SHIPPED, "allocation = 39\n", "allocation = -5\n").replace("\n", "\r\n"))
    result = run("check", "--file", str(path))
    assert (result.exit_code, result.stderr) == (2, f"{path}:153:1: fields[2].allocation: must be ≥ 0 (got -5)\n")


def test_ten_thousand_fields_load_and_reconcile_quickly(run, write) -> None:
    path = write(with_fields(10_000))
    started = time.monotonic()
    result = run("check", "--json", "--file", str(path))
    assert result.exit_code == 0, result.stderr
    assert time.monotonic() - started < 20


def test_ten_thousand_findings_are_located_quickly(run, write) -> None:
    # Each finding is located in the text; that must not be quadratic.
    path = write(with_fields(10_000, claims=True))
    started = time.monotonic()
    result = run("check", "--json", "--file", str(path))
    assert result.exit_code == 0, result.stderr
    shipped = run("check", "--json").stdout.count('"code": "field_claim.projects"')
    assert result.stdout.count('"code": "field_claim.projects"') == shipped + 10_000
    assert time.monotonic() - started < 20


def test_control_characters_in_a_value_are_escaped_in_the_message(run, write) -> None:
    path = write(edit(SHIPPED, "total = 1516", "total = " + toml_string("\x1b[31m\x1b]8;;http://x\x07")))
    result = run("check", "--file", str(path))
    assert result.stderr == (
        f'{path}:131:1: fields[0].total: must be a whole number, not text (got "\\u001b[31m\\u001b]8;;http://x\\u0007")\n'
    )


def test_standard_input_closed() -> None:
    # `<&-`: no descriptor 0 at all, which CliRunner cannot imitate.
    done = subprocess.run(
        ["sh", "-c", 'exec "$0" check --file - <&-', installed_script()], capture_output=True, text=True, timeout=60
    )
    assert (done.returncode, done.stdout, done.stderr) == (2, "", "<stdin>: standard input is closed\n")


def test_standard_input_empty_from_dev_null() -> None:
    done = subprocess.run(
        [installed_script(), "check", "--file", "-"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert (
        done.stderr
        == "<stdin>: the file is empty; a budget file needs [program], [totals] and [[fields]] (mdbudget schema gives the layout)\n"
    )


def test_a_file_that_vanishes_is_no_such_file(run, tmp_path: Path) -> None:
    link = tmp_path / "budget.toml"
    link.symlink_to(tmp_path / "gone.toml")
    result = run("check", "--file", str(link))
    assert (result.exit_code, result.stderr) == (2, f"{link}: no such file\n")


def test_a_unicode_line_separator_in_a_key_stays_on_one_line(run) -> None:
    # U+2028 ends a line for str.splitlines() and for some terminals: it must not split a message.
    result = run("check", "--file", "-", input='program = []\n"\u2028" = []\n'.encode())
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "<stdin>:1:1: program: must be a table (got an array)",
        "<stdin>:2:1: \"\\u2028\": unknown key '\\u2028'; allowed here: "
        "program, totals, baseline, claims, fields, provisional, project_types, projects, check",
        "<stdin>: totals: required key is missing",
        "<stdin>: fields: required key is missing",
    ]
