"""Find the budget file, parse it with tomli, validate it into a Budget.

Every failure — unreadable file, bad TOML, schema violation — is raised as one
BudgetError whose problems carry the file, line, column and key path.
"""

from __future__ import annotations

import gc
import os
import re
import sys
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import BudgetError, Problem
from .records import Budget

if TYPE_CHECKING:
    from collections.abc import Callable

    from pydantic import ValidationError

    from .locate import Locator, PathPart
    from .model import Budget as Model

ENV_VAR = "MDBUDGET_FILE"
DEFAULT_NAME = "budget.toml"
STDIN = "-"


class Origin:
    """Where a Budget was read from: a display name and its text, for locating keys."""

    # A plain class, not a dataclass: see errors.Problem.
    __slots__ = ("_locator", "_reread", "_text", "how", "name")

    def __init__(self, name: str, how: str, text: str | None, reread: Callable[[], str] | None = None) -> None:
        self.name = name
        self.how = how  # why this file was chosen: --file, $MDBUDGET_FILE, ./budget.toml, packaged
        self._text = text
        self._reread = reread  # a budget from the cache reads its text only if a key must be located
        self._locator: Locator | None = None

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = self._reread() if self._reread is not None else ""
        return self._text

    def __repr__(self) -> str:
        return f"Origin({self.name!r}, {self.how!r})"

    def locate(self, path: tuple[PathPart, ...]) -> tuple[int, int] | None:
        if self._locator is None:
            from .locate import Locator

            self._locator = Locator(self.text)
        return self._locator.locate(path)


def resolve(path: str | os.PathLike[str] | None = None) -> tuple[str, str]:
    """Choose the budget file: explicit path > $MDBUDGET_FILE > ./budget.toml > packaged copy.

    Returns (path, how it was chosen). The path is '-' for standard input.
    """
    if path is not None:
        return os.fspath(path), "--file"
    env = os.environ.get(ENV_VAR)
    if env:
        return env, f"${ENV_VAR}"
    if Path(DEFAULT_NAME).is_file():
        return DEFAULT_NAME, f"./{DEFAULT_NAME}"
    return str(packaged_budget()), "the copy packaged with mdbudget"


def packaged_budget() -> Path:
    # Beside this module; importlib.resources would cost more start-up than the whole lookup.
    return Path(__file__).parent / DEFAULT_NAME


def load(
    path: str | os.PathLike[str] | None = None, cache: bool = True, note: Callable[[str], None] | None = None
) -> Budget:
    """Load and validate a budget file (see ``resolve`` for which one).

    With ``cache``, a file validated before is read from the cache (see cache.py);
    ``note`` is told whether it was.
    """
    name, how = resolve(path)
    if name == STDIN or not cache:
        if note is not None:
            note("cache not used for standard input" if name == STDIN else "cache off")
        return parse(read_text(name), name, how)
    from . import cache as store

    if not store.enabled():
        if note is not None:
            note(f"cache off (${store.ENV_OFF})")
        return parse(read_text(name), name, how)
    data = read_bytes(name)
    key = store.key(data)
    budget = None
    if store.has(key):
        del data  # a large file's bytes need not stay in memory beside its budget
        budget = store.open_budget(key)
        if budget is None:  # the entry did not hold a budget after all: validate the file
            data = read_bytes(name)
            key = store.key(data)
    if budget is not None:
        budget.origin = Origin(name, how, None, lambda: _reread(name, key))
        budget.cache_key = key
        if note is not None:
            note(f"cache hit ({store.directory()})")
        return budget
    text = decode_text(data, name)
    del data  # not held while the text is parsed: a large file's bytes are as big as its text
    budget = parse(text, name, how)
    saved = store.store(key, budget)
    budget.cache_key = key if saved else None
    if note is not None:
        note(f"cache miss; saved in {store.directory()}" if saved else "cache miss; the cache directory is not usable")
    return budget


def _reread(name: str, key: str) -> str:
    """The text of a file whose budget came from the cache, if it is still those bytes."""
    from . import cache as store

    try:
        data = read_bytes(name)
        return decode_text(data, name) if store.key(data) == key else ""
    except BudgetError:
        return ""


def remember_lines(budget: Budget) -> None:
    """Keep the key lines a command located (check's findings) beside the cached budget."""
    if budget.cache_key is not None and len(budget.lines) > budget.cached_lines:
        from . import cache as store

        store.store_lines(budget.cache_key, budget.lines)


def read_text(name: str) -> str:
    """Read the file as UTF-8 (a BOM is allowed); '-' reads standard input."""
    return decode_text(read_bytes(name), name)


def read_bytes(name: str) -> bytes:
    """The file's bytes; '-' reads standard input. BudgetError when it cannot be read."""
    try:
        if name == STDIN:
            if sys.stdin is None or sys.stdin.closed:
                raise BudgetError([Problem("<stdin>", "standard input is closed")])
            data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
        else:
            with open(name, "rb") as handle:
                data = handle.read()
    except BudgetError:
        raise
    except FileNotFoundError:
        raise BudgetError([Problem(name, "no such file")]) from None
    except IsADirectoryError:
        raise BudgetError([Problem(name, "is a directory, not a budget file")]) from None
    except PermissionError:
        raise BudgetError([Problem(name, "cannot be read: permission denied")]) from None
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise BudgetError([Problem(name if name != STDIN else "<stdin>", f"cannot be read: {reason}")]) from None
    return data


def decode_text(data: bytes, name: str) -> str:
    """The file's bytes as UTF-8 text (a BOM is allowed); BudgetError for anything else."""
    display = "<stdin>" if name == STDIN else name
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BudgetError([Problem(display, "is UTF-16 text; save it as UTF-8")])
    if b"\x00" in data:
        # Text never holds NUL bytes: this is an image, an archive, a spreadsheet...
        raise BudgetError([Problem(display, "is a binary file, not TOML text (it has NUL bytes)")])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _line_col(data, exc.start)
        raise BudgetError(
            [Problem(display, f"is not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8", line, column)]
        ) from None


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    return data.count(b"\n", 0, offset) + 1, offset - (data.rfind(b"\n", 0, offset) + 1) + 1


def parse(text: str, name: str = DEFAULT_NAME, how: str = "--file") -> Budget:
    """Parse and validate budget TOML text; ``name`` is used in messages."""
    display = "<stdin>" if name == STDIN else name
    if not text.strip():
        raise BudgetError([Problem(display, "the file is empty; see README.md for the budget file layout")])
    # Parsing and validating create millions of objects and no reference cycles; the
    # cycle collector would walk the growing heap again and again (0.4 → 0.9× the time
    # of the whole load for 10^5 projects) and find nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _parse(text, display, how)
    finally:
        if collecting:
            gc.enable()


def _parse(text: str, display: str, how: str) -> Budget:
    from .records import from_model

    model, origin = validate_model(text, display, how)
    return from_model(model, origin)


def validate_model(text: str, display: str, how: str) -> tuple[Model, Origin]:
    """The pydantic model of budget TOML text, and its origin; BudgetError if invalid."""
    import tomli
    from pydantic import ValidationError

    from . import bulk
    from .model import Budget as Model

    try:
        # Floats become Decimal so amounts and ratios stay exact.
        data = tomli.loads(text, parse_float=Decimal)
    except tomli.TOMLDecodeError as exc:
        message = getattr(exc, "msg", None) or str(exc).split(" (at ")[0]
        line = getattr(exc, "lineno", None)
        column = getattr(exc, "colno", None)
        hint = _toml_message(message, text, line)
        raise BudgetError([Problem(display, f"invalid TOML: {hint}", line, column)]) from None
    except RecursionError:
        raise BudgetError([Problem(display, "invalid TOML: nested too deeply")]) from None
    except ValueError:
        # Python refuses to convert integers of more than 4300 digits (CVE-2020-10735).
        line, column = _long_number(text)
        raise BudgetError([Problem(display, "invalid TOML: a number has too many digits", line, column)]) from None
    origin = Origin(display, how, text)
    if isinstance(data.get("projects"), list):
        bulk.validate_projects(data["projects"])
    try:
        model = Model.model_validate(data)
    except ValidationError as exc:
        raise BudgetError(_problems(exc, origin, data)) from None
    except RecursionError:
        raise BudgetError([Problem(display, "nested too deeply to validate")]) from None
    return model, origin


def _long_number(text: str) -> tuple[int | None, int | None]:
    found = re.search(r"[0-9][0-9_]{4000,}", text)
    if found is None:
        return None, None
    start = found.start()
    return text.count("\n", 0, start) + 1, start - (text.rfind("\n", 0, start) + 1) + 1


_BARE_TEXT = re.compile(r"=\s*(?!(true|false|[+-]?(inf|nan))\b)[^\W\d_]")
_DATE = re.compile(r"=\s*\d{4}-\d{1,2}-\d{1,2}\s*(#.*)?$")


def _toml_message(message: str, text: str, line: int | None) -> str:
    """tomli's message, with a hint where it names the symptom rather than the cause."""
    if message.startswith("Cannot overwrite a value") or message.startswith("Cannot declare"):
        return f"{message} (a key or table is defined twice)"
    if message == "Illegal character '\\n'":
        return "a string is not closed before the end of the line"
    lines = text.split("\n")
    source_line = lines[line - 1] if line and line <= len(lines) else ""
    if message.startswith("Expected newline") and _DATE.search(source_line):
        return "not a valid date (write YYYY-MM-DD, e.g. 2025-05-28)"
    if message == "Invalid value" and _BARE_TEXT.search(source_line):
        return 'Invalid value; text must be in quotes ("...")'
    return message


# More than this many problems at once is noise; the first ones are what to fix.
MAX_PROBLEMS = 20


def _problems(exc: ValidationError, origin: Origin, data: object) -> list[Problem]:
    from .locate import format_path
    from .messages import describe  # only a budget with problems needs them

    problems = []
    errors = _without_echoes(exc.errors(include_url=False))
    for error in errors[:MAX_PROBLEMS]:
        loc = tuple(error["loc"])
        where = origin.locate(loc) or _nearest(origin, loc)
        line, column = where if where else (None, None)
        problems.append(Problem(origin.name, describe(error, loc), line, column, format_path(loc)))
    if len(errors) > MAX_PROBLEMS:
        problems.append(Problem(origin.name, f"… and {len(errors) - MAX_PROBLEMS} more problems"))
    return problems


def _without_echoes(errors: list[Any]) -> list[Any]:
    """Drop "required key is missing" where the same table has that key misspelt."""
    from .messages import suggestions

    suggested = set()
    for error in errors:
        if error["type"] == "extra_forbidden":
            loc = tuple(error["loc"])
            for key in suggestions(loc):
                suggested.add((*loc[:-1], key))
    return [e for e in errors if not (e["type"] == "missing" and tuple(e["loc"]) in suggested)]


def _nearest(origin: Origin, loc: tuple[PathPart, ...]) -> tuple[int, int] | None:
    for cut in range(len(loc) - 1, 0, -1):
        where = origin.locate(loc[:cut])
        if where:
            return where
    return None
