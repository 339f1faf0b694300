"""Find the budget file, parse it with tomli, validate it into a Budget.

Every failure — unreadable file, bad TOML, schema violation — is raised as one
BudgetError whose problems carry the file, line, column and key path.
"""

from __future__ import annotations

import codecs
import gc
import os
import re
import stat
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
    __slots__ = ("_locator", "_reread", "_text", "how", "identity", "name")

    def __init__(self, name: str, how: str, text: str | None, reread: Callable[[], str] | None = None) -> None:
        self.name = name
        self.how = how  # why this file was chosen: --file, $MDBUDGET_FILE, ./budget.toml, packaged
        self._text = text
        self._reread = reread  # a budget from the cache reads its text only if a key must be located
        self.identity: tuple[int, int] | None = None  # (device, inode) of the file read, so no output replaces it
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


def resolve(
    path: str | os.PathLike[str] | None = None, *, packaged: bool = False, fallback: bool = True
) -> tuple[str, str]:
    """Choose the budget file: --packaged > explicit path > $MDBUDGET_FILE > ./budget.toml > packaged copy.

    Returns (path, how it was chosen). The path is '-' for standard input.
    Without ``fallback`` (check's rule) a file someone chose is required: a
    check that passed on the packaged copy would prove nothing about theirs.
    """
    if packaged:
        return str(packaged_budget()), "--packaged"
    if path is not None:
        return os.fspath(path), "--file"
    env = os.environ.get(ENV_VAR)
    if env:
        return env, f"${ENV_VAR}"
    if Path(DEFAULT_NAME).is_file():
        return DEFAULT_NAME, f"./{DEFAULT_NAME}"
    if not fallback:
        raise BudgetError([Problem(DEFAULT_NAME, NO_FILE)])
    return str(packaged_budget()), "the copy packaged with mdbudget"


EMPTY = "the file is empty; a budget file needs [program], [totals] and [[fields]] (mdbudget schema gives the layout)"
NO_FILE = (
    f"no such file in this folder, and ${ENV_VAR} is not set; name the budget file with --file PATH "
    f"(or ${ENV_VAR}), or use --packaged for the copy installed with mdbudget"
)


def packaged_budget() -> Path:
    # Beside this module; importlib.resources would cost more start-up than the whole lookup.
    return Path(__file__).parent / DEFAULT_NAME


def load(
    path: str | os.PathLike[str] | None = None,
    cache: bool = True,
    note: Callable[[str], None] | None = None,
    *,
    packaged: bool = False,
    fallback: bool = True,
    shared: Budget | None = None,
) -> Budget:
    """Load and validate a budget file (see ``resolve`` for which one).

    With ``cache``, a file validated before is read from the cache (see cache.py);
    ``note`` is told whether it was. ``shared``: a budget loaded already (diff's OLD);
    when this file has the same bytes, it shares that budget's records instead of
    reading them again.
    """
    name, how = resolve(path, packaged=packaged, fallback=fallback)
    try:
        return _load(name, how, cache, note, shared)
    except BudgetError as exc:
        # A name from the environment is easy to forget: every problem says where it came from.
        exc.mark_chosen_by(how)
        raise


def _load(name: str, how: str, cache: bool, note: Callable[[str], None] | None, shared: Budget | None) -> Budget:
    if name == STDIN or not cache:
        if note is not None:
            note("cache not used for standard input" if name == STDIN else "cache off")
        return _parse_file(name, how)
    from . import cache as store

    if not store.enabled():
        if note is not None:
            note(f"cache off (${store.ENV_OFF})")
        return _parse_file(name, how)
    data, identity = read_file_bytes(name)
    key = store.key(data)
    budget = None
    if shared is not None and shared.cache_key == key:
        del data
        budget = shared.replace()  # the same records; its own origin below
    elif store.has(key):
        del data  # a large file's bytes need not stay in memory beside its budget
        budget = store.open_budget(key)
        if budget is None:  # the entry did not hold a budget after all: validate the file
            data, identity = read_file_bytes(name)
            key = store.key(data)
    if budget is not None:
        budget.origin = Origin(name, how, None, lambda: _reread(name, key))
        budget.origin.identity = identity
        budget.cache_key = key
        if note is not None:
            note(f"cache hit ({store.directory()})")
        return budget
    text = decode_text(data, name)
    del data  # not held while the text is parsed: a large file's bytes are as big as its text
    budget = parse(text, name, how)
    if identity is not None:
        # A regular file is read again if a key must be located, as on a hit: its text
        # (twice its bytes, for Korean) need not stay in memory while the records are saved.
        budget.origin = Origin(name, how, None, lambda: _reread(name, key))
    del text
    budget.origin.identity = identity
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


def _parse_file(name: str, how: str) -> Budget:
    data, identity = read_file_bytes(name)
    budget = parse(decode_text(data, name), name, how)
    budget.origin.identity = identity
    return budget


# A budget file is a few hundred kilobytes; 10^5 projects are 28 MB. Reading stops
# here, so a device or a runaway pipe cannot fill the memory.
MAX_BYTES = 1 << 30  # 1 GiB
_CHUNK = 1 << 20


def read_text(name: str) -> str:
    """Read the file as UTF-8 (a BOM is allowed); '-' reads standard input."""
    return decode_text(read_bytes(name), name)


def read_bytes(name: str) -> bytes:
    """The file's bytes; '-' reads standard input. BudgetError when it cannot be read."""
    return read_file_bytes(name)[0]


def read_file_bytes(name: str) -> tuple[bytes, tuple[int, int] | None]:
    """The bytes of a budget file and the (device, inode) it was read from, if it has one.

    Only regular files, pipes and terminals are read: a device such as /dev/zero
    would never end. At most MAX_BYTES are read, checked for NUL bytes as they come,
    so random bytes are refused at their first chunk.
    """
    display = "<stdin>" if name == STDIN else name
    try:
        if name == STDIN:
            if sys.stdin is None or sys.stdin.closed:
                raise BudgetError([Problem(display, "standard input is closed")])
            stream: Any = sys.stdin.buffer if hasattr(sys.stdin, "buffer") else None
            if stream is None:
                return sys.stdin.read().encode(), None
            return _read_stream(stream, display)
        with open(name, "rb") as handle:
            return _read_stream(handle, display)
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
        raise BudgetError([Problem(display, f"cannot be read: {reason}")]) from None


def _read_stream(stream: Any, display: str) -> tuple[bytes, tuple[int, int] | None]:
    identity = None
    try:
        info = os.fstat(stream.fileno())
    except (OSError, ValueError, AttributeError):
        info = None  # an in-memory stream (tests, embedding): nothing to ask the system
    if info is not None:
        mode = info.st_mode
        if stat.S_ISDIR(mode):
            raise BudgetError([Problem(display, "is a directory, not a budget file")])
        pipe = stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)
        if not (stat.S_ISREG(mode) or pipe or os.isatty(stream.fileno()) or _is_null(info)):
            raise BudgetError([Problem(display, "is a device, not a budget file (read a regular file, a pipe or -)")])
        if stat.S_ISREG(mode):
            identity = (info.st_dev, info.st_ino)
            if info.st_size > MAX_BYTES:
                raise BudgetError([Problem(display, _too_large())])
    chunks: list[bytes] = []
    size = 0
    if identity is not None and info is not None and info.st_size > 0:
        # A regular file's size is known and bounded: one read, and no second copy to join chunks.
        whole = stream.read(info.st_size)
        _refuse_binary(whole, display)
        chunks.append(whole)
        size = len(whole)
    while chunk := stream.read(_CHUNK):  # a pipe, or a file that grew since its size was read
        size += len(chunk)
        if size > MAX_BYTES:
            raise BudgetError([Problem(display, _too_large())])
        chunks.append(chunk)
        # Checked as they come: /dev/urandom through a pipe is refused at its first chunk.
        if b"\x00" in chunk or (len(chunks) == 1 and _not_text(chunk)):
            _decode(b"".join(chunks), display)
    data = b"".join(chunks)  # one chunk is returned as it is, not copied
    chunks.clear()
    return data, identity


def _refuse_binary(data: bytes, display: str) -> None:
    """The checks the loop above makes as chunks come, on bytes read in one go: the same problem."""
    nul = data.find(b"\x00")
    first = data[:_CHUNK]
    if 0 <= nul < _CHUNK or _not_text(first):
        _decode(first, display)
    if nul >= 0:
        _decode(data[: nul + 1], display)  # a NUL byte: "a binary file"


def _not_text(first: bytes) -> bool:
    """Whether the first chunk read already shows the bytes are not UTF-8 text."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(first)
    except UnicodeDecodeError:
        return True
    return first.startswith((b"\xff\xfe", b"\xfe\xff"))


def _is_null(info: os.stat_result) -> bool:
    # /dev/null reads as empty, and is what CI runners give as standard input: say "empty".
    try:
        return os.path.samestat(info, os.stat(os.devnull))
    except OSError:
        return False


def _too_large() -> str:
    size = f"{MAX_BYTES >> 30} GiB" if MAX_BYTES % (1 << 30) == 0 else f"{MAX_BYTES:,} bytes"
    return f"is larger than {size}, the most mdbudget reads; a budget file is far smaller"


def decode_text(data: bytes, name: str) -> str:
    """The file's bytes as UTF-8 text (a BOM is allowed); BudgetError for anything else."""
    return _decode(data, "<stdin>" if name == STDIN else name)


def _decode(data: bytes, display: str) -> str:
    """Decode, or raise the one problem that says what the bytes are instead of UTF-8 text."""
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
        raise BudgetError(
            [
                Problem(
                    display,
                    EMPTY,
                )
            ]
        )
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
    from . import bulk
    from .records import from_model

    data, origin = _document(text, display, how)
    items = data.get("projects")
    if type(items) is not list:
        _bounded_numbers(data, origin)
        return from_model(_model(data, origin), origin)
    sharing = bulk.Sharing()
    bulk.plain_records(items, sharing)
    _bounded_numbers(data, origin)  # before the model meets any number
    budget = _from_records(data, items, sharing, origin)
    if budget is not None:
        return budget
    # Something is invalid: the model reports on the whole budget, as it always has.
    return from_model(_model(data, origin), origin)


def _from_records(data: dict[str, Any], items: list[Any], sharing: Any, origin: Origin) -> Budget | None:
    """The budget with its projects' records made in bulk; None (tables put back) if anything is invalid."""
    from pydantic import ValidationError

    from . import bulk
    from .model import MAX_AMOUNT, WON
    from .model import Budget as Model
    from .records import from_model

    if not bulk.project_records(items, sharing):
        return None
    try:
        # The rest of the budget without its projects; their rules across tables are checked below.
        model = Model.model_validate({**data, "projects": []})
    except (ValidationError, RecursionError):
        bulk.put_back(items)
        return None
    field_ids = {f.id for f in model.fields}
    type_ids = {t.id for t in model.project_types}
    limit = MAX_AMOUNT // WON.get(model.program.unit, 1)
    if not bulk.cross_checked(items, field_ids, type_ids, limit):
        bulk.put_back(items)
        return None
    return from_model(model, origin, tuple(items))


def validate_model(text: str, display: str, how: str) -> tuple[Model, Origin]:
    """The pydantic model of budget TOML text, and its origin; BudgetError if invalid."""
    data, origin = _document(text, display, how)
    _bounded_numbers(data, origin)  # first: nothing below may meet an absurd number
    return _model(data, origin), origin


def _document(text: str, display: str, how: str) -> tuple[dict[str, Any], Origin]:
    """The parsed TOML document, and its origin; BudgetError if it is not TOML."""
    import tomli

    try:
        # Floats become Decimal so amounts and ratios stay exact.
        data = tomli.loads(text, parse_float=_decimal)
    except tomli.TOMLDecodeError as exc:
        message = getattr(exc, "msg", None) or str(exc).split(" (at ")[0]
        line = getattr(exc, "lineno", None)
        column = getattr(exc, "colno", None)
        hint = _toml_message(message, text, line)
        raise BudgetError([Problem(display, f"invalid TOML: {hint}", line, column)]) from None
    except RecursionError:
        raise BudgetError([Problem(display, "invalid TOML: nested too deeply")]) from None
    except _BadNumber as exc:
        line, column = _line_col_of(text, text.find(exc.text))
        raise BudgetError([Problem(display, f"invalid TOML: {exc}", line, column)]) from None
    except ValueError:
        # Python refuses to convert integers of more than 4300 digits (CVE-2020-10735).
        line, column = _long_number(text)
        message = f"invalid TOML: a number has too many digits (at most {MAX_DIGITS})"
        raise BudgetError([Problem(display, message, line, column)]) from None
    return data, Origin(display, how, text)


def _model(data: dict[str, Any], origin: Origin) -> Model:
    """The validated model of a parsed document whose numbers are bounded; BudgetError if invalid."""
    from pydantic import ValidationError

    from . import bulk
    from .model import Budget as Model

    if isinstance(data.get("projects"), list):
        bulk.validate_projects(data["projects"])
    try:
        return Model.model_validate(data)
    except ValidationError as exc:
        raise BudgetError(*_problems(exc, origin, data)) from None
    except RecursionError:
        raise BudgetError([Problem(origin.name, "nested too deeply to validate")]) from None


class _BadNumber(ValueError):
    def __init__(self, message: str, text: str) -> None:
        super().__init__(message)
        self.text = text


def _decimal(text: str) -> Decimal:
    """A TOML float as a Decimal; one that Decimal cannot hold (1e99999999999999999999) is refused."""
    if len(text) > 1_000:
        # Long enough to be refused below anyway; spare the conversion.
        raise _BadNumber(f"a number has too many digits (at most {MAX_DIGITS})", text)
    try:
        return Decimal(text)
    except ArithmeticError:
        raise _BadNumber(
            f"a number is out of range (write it between 1e-{MAX_EXPONENT} and 1e{MAX_EXPONENT})", text
        ) from None


def _line_col_of(text: str, offset: int) -> tuple[int | None, int | None]:
    if offset < 0:
        return None, None
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _long_number(text: str) -> tuple[int | None, int | None]:
    found = re.search(r"(?<![0-9_])[0-9][0-9_]{4000,}", text)  # run starts only: linear
    if found is None:
        return None, None
    start = found.start()
    return text.count("\n", 0, start) + 1, start - (text.rfind("\n", 0, start) + 1) + 1


# Beyond these no budget figure goes; past them Decimal arithmetic needs unbounded
# precision (1e-999999999 is a billion digits written out) and Python refuses to
# print an integer of more than 4,300 digits.
MAX_DIGITS = 40
MAX_EXPONENT = 40


def _bounded_numbers(data: object, origin: Origin) -> None:
    """Refuse, located, any number with absurdly many digits or an absurd exponent, wherever it is."""
    from .locate import format_path

    problems = []
    stack: list[tuple[tuple[PathPart, ...], object]] = [((), data)]
    while stack:
        path, value = stack.pop()
        # Text is never a number, and records (tuples: TOML has none) were made only from numbers in range.
        if isinstance(value, dict):
            stack.extend(((*path, k), v) for k, v in value.items() if not isinstance(v, (str, tuple)))
        elif isinstance(value, list):
            stack.extend(((*path, i), v) for i, v in enumerate(value) if not isinstance(v, (str, tuple)))
        elif (reason := _out_of_bounds(value)) is not None:
            where = origin.locate(path) or _nearest(origin, path)
            line, column = where if where else (None, None)
            problems.append(Problem(origin.name, reason, line, column, format_path(path)))
    if problems:
        problems.sort(key=lambda p: (p.line or 0, p.column or 0))
        raise BudgetError(problems[:MAX_PROBLEMS])


def _out_of_bounds(value: object) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        # bit_length, not str(): the string of a 4,000-digit hex number cannot be made.
        if value.bit_length() > MAX_DIGITS * 10 // 3:
            return f"a number has too many digits (at most {MAX_DIGITS})"
    elif isinstance(value, Decimal) and value.is_finite():
        _, digits, exponent = value.as_tuple()
        assert isinstance(exponent, int)
        if len(digits) > MAX_DIGITS:
            return f"a number has too many digits (at most {MAX_DIGITS})"
        if (value and not -MAX_EXPONENT <= value.adjusted() <= MAX_EXPONENT) or exponent < -MAX_DIGITS:
            return f"a number is out of range (write it between 1e-{MAX_EXPONENT} and 1e{MAX_EXPONENT})"
    return None


_BARE_TEXT = re.compile(r"=\s*(?!(true|false|[+-]?(inf|nan))\b)[^\W\d_]")
# A digit that is not 0-9: a fullwidth one, or another script's.
_WIDE_DIGIT = re.compile(r"=\s*[+-]?(?![0-9])\d")
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
    if message == "Invalid value" and _WIDE_DIGIT.search(source_line):
        return "Invalid value; write numbers in ASCII digits (10, not \uff11\uff10)"
    if message == "Invalid value" and _BARE_TEXT.search(source_line):
        return 'Invalid value; text must be in quotes ("...")'
    return message


# Problems described in full; past this many, a file has one mistake repeated, and the rest are counted.
MAX_PROBLEMS = 1000


def _problems(exc: ValidationError, origin: Origin, data: object) -> tuple[list[Problem], int]:
    from .locate import format_path
    from .messages import describe  # only a budget with problems needs them
    from .rules import rule_errors

    errors = _without_echoes(exc.errors(include_url=False))
    # Rules across keys run only on a file the schema accepts; run them on what could be read,
    # so one run names every problem and fixing them is not done in rounds.
    seen = {tuple(e["loc"]) for e in errors}
    errors += [e for e in rule_errors(data, seen) if tuple(e["loc"]) not in seen]
    problems = []
    for error in errors[:MAX_PROBLEMS]:
        loc = tuple(error["loc"])
        where = origin.locate(loc) or _nearest(origin, loc)
        line, column = where if where else (None, None)
        problems.append(Problem(origin.name, describe(error, loc), line, column, format_path(loc)))
    # Down the file, as an editor walks it; problems without a place (a missing table) last.
    problems.sort(key=lambda p: (p.line is None, p.line or 0, p.column or 0))
    return problems, max(0, len(errors) - MAX_PROBLEMS)


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
