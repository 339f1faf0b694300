"""`mdbudget sql` only reads: every way to write, open a file, load code or run away ends in exit 2.

The refusals come from SQLite's authorizer and query_only, not from reading the
query's text: a write hidden behind a CTE is refused, and a string that merely
mentions INSERT is not.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from support import interruptible

from conftest import ROOT
from mdbudget.errors import UsageError
from mdbudget.reports import sql as sql_report

WRITE = "the budget's tables cannot be changed"
SCHEMA = "changing the schema (CREATE, DROP, ANALYZE) is refused"
FILES = "ATTACH, DETACH and VACUUM are refused: a query cannot open or write database files"
ONLY_QUERIES = "only queries (SELECT, WITH, VALUES) may run"

REFUSED = [
    ("INSERT INTO fields (id) VALUES ('x')", f"INSERT on fields is refused: {WRITE}"),
    ("UPDATE totals SET allocation = 0", f"UPDATE on totals is refused: {WRITE}"),
    ("DELETE FROM claims", f"DELETE on claims is refused: {WRITE}"),
    ("REPLACE INTO totals (year) VALUES (1)", f"INSERT on totals is refused: {WRITE}"),
    (
        "WITH x AS (SELECT 1) INSERT INTO participants SELECT 'a', 'b', 1 FROM x",
        f"INSERT on participants is refused: {WRITE}",
    ),
    ("CREATE TABLE t (x)", SCHEMA),
    ("CREATE TEMP TABLE t (x)", SCHEMA),
    ("CREATE VIEW v AS SELECT 1", SCHEMA),
    ("DROP TABLE fields", SCHEMA),
    ("ANALYZE", SCHEMA),
    ("ALTER TABLE fields ADD COLUMN x", f"ALTER TABLE is refused: {ONLY_QUERIES}"),
    ("CREATE TRIGGER t AFTER INSERT ON fields BEGIN SELECT 1; END", f"CREATE TRIGGER is refused: {ONLY_QUERIES}"),
    ("REINDEX", f"REINDEX is refused: {ONLY_QUERIES}"),
    ("BEGIN", f"TRANSACTION is refused: {ONLY_QUERIES}"),
    ("SAVEPOINT a", f"SAVEPOINT is refused: {ONLY_QUERIES}"),
    ("ATTACH DATABASE '{tmp}/other.db' AS other", FILES),
    ("DETACH DATABASE main", FILES),
    ("VACUUM", FILES),
    ("VACUUM INTO '{tmp}/copy.db'", FILES),
    ("SELECT load_extension('{tmp}/evil')", "load_extension() is refused: a query cannot load code"),
    ("SELECT LOAD_EXTENSION('{tmp}/evil', 'init')", "load_extension() is refused: a query cannot load code"),
    ("PRAGMA query_only = 0", "PRAGMA query_only is refused: only PRAGMAs that describe the tables may run"),
    ("PRAGMA user_version = 7", "PRAGMA user_version is refused: only PRAGMAs that describe the tables may run"),
    ("PRAGMA journal_mode = WAL", "PRAGMA journal_mode is refused: only PRAGMAs that describe the tables may run"),
    ("PRAGMA writable_schema = ON", "PRAGMA writable_schema is refused: only PRAGMAs that describe the tables may run"),
    (
        "PRAGMA temp_store_directory = '{tmp}'",
        "PRAGMA temp_store_directory is refused: only PRAGMAs that describe the tables may run",
    ),
    ("PRAGMA optimize", "PRAGMA optimize is refused: only PRAGMAs that describe the tables may run"),
]


@pytest.mark.parametrize(("query", "message"), REFUSED, ids=[q.split(" (")[0][:40] for q, _ in REFUSED])
def test_refused(run, tmp_path, query, message) -> None:
    result = run("sql", query.format(tmp=tmp_path))
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"mdbudget: {message}\n")
    assert list(tmp_path.iterdir()) == []  # nothing was written anywhere


@pytest.mark.parametrize(
    "query",
    [
        "SELECT 1; SELECT 2",
        "SELECT 1; DROP TABLE fields",
        "SELECT 1; ATTACH DATABASE 'x.db' AS x",
    ],
)
def test_one_statement_at_a_time(run, query) -> None:
    result = run("sql", query)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "mdbudget: give one statement at a time (the query has more than one)\n"


def test_a_trailing_semicolon_and_comment_are_one_statement(run) -> None:
    result = run("sql", "--format", "csv", "SELECT 1 AS one; -- that is all")
    assert (result.exit_code, result.stdout) == (0, "one\n1\n")


def test_words_in_a_string_are_only_words(run) -> None:
    result = run("sql", "--format", "csv", "SELECT 'INSERT INTO fields; ATTACH ''x''; PRAGMA query_only=0' AS text")
    assert (result.exit_code, result.stdout) == (0, "text\nINSERT INTO fields; ATTACH 'x'; PRAGMA query_only=0\n")


@pytest.mark.parametrize(
    "query",
    [
        "PRAGMA table_info(fields)",
        "SELECT name, pk FROM pragma_table_info('participants') WHERE pk > 0",
        "PRAGMA foreign_key_list(projects)",
        "PRAGMA query_only",
        "SELECT * FROM pragma_index_list('projects')",
        "SELECT value FROM json_each('[1, 2]')",
    ],
)
def test_pragmas_and_functions_that_describe_are_allowed(run, query) -> None:
    result = run("sql", "--json", query)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)


def test_the_read_only_pragmas_answer(run) -> None:
    result = run(
        "sql", "--format", "csv", "SELECT name, pk FROM pragma_table_info('participants') WHERE pk > 0 ORDER BY pk"
    )
    assert result.stdout == "name,pk\nproject_id,1\nord,2\n"
    assert run("sql", "--format", "csv", "PRAGMA query_only").stdout == "query_only\n1\n"
    assert run("sql", "--format", "csv", "PRAGMA user_version").stdout == "user_version\n1\n"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("SELEC id FROM fields", 'SQL error: near "SELEC": syntax error'),
        (
            "SELECT id FROM nowhere",
            "SQL error: no such table: nowhere "
            "(the tables are fields, project_types, projects, participants, totals, claims)",
        ),
        ("SELECT missing FROM fields", "SQL error: no such column: missing"),
        ("SELECT sum(9223372036854775807) FROM fields", "SQL error: integer overflow"),
        ("SELECT zeroblob(200000000)", "SQL error: string or blob too big"),
    ],
)
def test_errors_are_sqlites_message_never_a_traceback(run, query, message) -> None:
    result = run("sql", query)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"mdbudget: {message}\n")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("SELECT '\udcff'", "the query is not UTF-8 text (byte 0xff)"),
        ("SELECT 1\x00", "the query contains a NUL character"),
    ],
)
def test_a_query_that_is_not_text(run, query, message) -> None:
    # A command line in Latin-1 reaches Python as surrogates; SQLite takes UTF-8 only.
    result = run("sql", query)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"mdbudget: {message}\n")


def test_a_latin1_command_line_is_a_usage_error() -> None:
    done = subprocess.run(
        [str(Path(sys.executable).parent / "mdbudget"), "sql", b"SELECT '\xff'"], capture_output=True, timeout=60
    )
    assert (done.returncode, done.stdout, done.stderr) == (
        2,
        b"",
        b"mdbudget: the query is not UTF-8 text (byte 0xff)\n",
    )


RUNAWAY = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"


def test_a_runaway_query_stops_at_the_time_limit(run) -> None:
    started = time.monotonic()
    result = run("sql", "--timeout", "0.5", RUNAWAY)
    elapsed = time.monotonic() - started
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "mdbudget: the query ran longer than 0.5 s and was stopped (see --timeout)\n"
    assert 0.5 <= elapsed < 5


def test_the_default_time_limit_is_five_seconds(run, monkeypatch) -> None:
    # A clock that moves a second each time it is read: five seconds pass without waiting
    # for them (the test above stops a query on the real clock).
    readings: list[float] = []

    def monotonic() -> float:
        readings.append(float(len(readings)))
        return readings[-1]

    monkeypatch.setattr(sql_report, "time", SimpleNamespace(monotonic=monotonic))
    result = run("sql", RUNAWAY)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "mdbudget: the query ran longer than 5 s and was stopped (see --timeout)\n"
    # Started at 0 (the deadline is 0 + 5); still running at 5, stopped at the first reading past it.
    assert readings == [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0]


def test_a_result_too_large_to_hold_is_refused(run) -> None:
    query = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n LIMIT 1000001) SELECT i FROM n"
    result = run("sql", "--timeout", "60", query)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "mdbudget: the result has more than 1,000,000 rows; narrow the query or add a LIMIT\n"


def test_a_result_of_many_large_values_is_refused_before_it_fills_the_memory(run) -> None:
    # 300 blobs of 600 kB: 360 MB as hex, refused as soon as the answer passes 100 MB
    query = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n LIMIT 300) SELECT zeroblob(600000) FROM n"
    result = run("sql", "--timeout", "60", query)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "mdbudget: the result holds more than 100 MB of text and blobs; narrow the query or add a LIMIT\n"
    )


def test_one_value_too_long_is_refused_where_sqlite_cannot_be_told(monkeypatch) -> None:
    # Python 3.10's sqlite3 cannot set SQLite's length limit: the rows are measured instead
    from mdbudget.reports import sql

    with pytest.raises(UsageError, match="string or blob too big"):
        sql._fetch(iter([(1, "x" * (sql.MAX_LENGTH + 1))]))  # type: ignore[arg-type]
    assert sql._fetch(iter([(1, "x" * sql.MAX_LENGTH)])) == [(1, "x" * sql.MAX_LENGTH)]  # type: ignore[arg-type]


def test_ctrl_c_stops_a_long_query_with_130() -> None:
    script = Path(sys.executable).parent / "mdbudget"
    env = {k: v for k, v in os.environ.items() if k != "MDBUDGET_FILE"}
    process = subprocess.Popen(
        [str(script), "sql", "--verbose", "--timeout", "60", "--file", str(ROOT / "budget.toml"), RUNAWAY],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        preexec_fn=interruptible,
    )
    assert process.stderr is not None
    first = process.stderr.readline()  # --verbose: the budget file is being read
    first += process.stderr.readline()  # and whether it came from the cache
    time.sleep(1.0)  # and the query is running
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=20)
    assert (process.returncode, out, first + err) == (
        130,
        b"",
        f"mdbudget: using {ROOT / 'budget.toml'} (--file)\n"
        f"mdbudget: cache miss; saved in {os.environ['XDG_CACHE_HOME']}/mdbudget\n".encode(),
    )
