"""Find the budget file, read it (read.py), parse it (document.py), validate it into a Budget.

Every failure — unreadable file, bad TOML, schema violation — is raised as one
BudgetError whose problems carry the file, line, column and key path.
"""

from __future__ import annotations

import gc
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..budget.records import Budget
from ..errors import BudgetError, Problem
from . import document, read
from .read import STDIN

if TYPE_CHECKING:
    from collections.abc import Callable

    from pydantic import ValidationError

    from ..budget.records import PathPart
    from .locate import Locator

ENV_VAR = "MDBUDGET_FILE"
DEFAULT_NAME = "budget.toml"
TEXT_NAME = "<text>"  # what parse() calls text that no file was read for, unless given a name


class Origin:
    """Where a Budget was read from: a display name and its text, for locating keys."""

    # A plain class, not a dataclass: see errors.Problem.
    __slots__ = ("_locator", "_reread", "_text", "how", "identity", "name")

    def __init__(
        self, name: str, how: str, text: str | bytes | None, reread: Callable[[], bytes] | None = None
    ) -> None:
        self.name = name
        self.how = how  # why this file was chosen: --file, $MDBUDGET_FILE, ./budget.toml, packaged
        self._text = text
        # A budget from the cache rereads its file only if a key must be located: as bytes, which
        # the locator reads as they are (decoding a large file would hold it twice over).
        self._reread = reread
        self.identity: tuple[int, int] | None = None  # (device, inode) of the file read, so no output replaces it
        self._locator: Locator | None = None

    def _source(self) -> str | bytes:
        if self._text is None:
            self._text = self._reread() if self._reread is not None else ""
        return self._text

    def __repr__(self) -> str:
        return f"Origin({self.name!r}, {self.how!r})"

    def read_from(self) -> tuple[str, str] | None:
        """("packaged" or "file", name) for a table's source line when the file that answered is
        not ./budget.toml; None for ./budget.toml and for text, where no file was chosen."""
        if self.how in ("--packaged", PACKAGED):
            return "packaged", self.name
        if self.how in ("--file", f"${ENV_VAR}") and os.path.normpath(self.name) != DEFAULT_NAME:
            return "file", self.name
        return None

    def locate(self, path: tuple[PathPart, ...]) -> tuple[int, int] | None:
        if self._locator is None:
            from .locate import Locator

            self._locator = Locator(self._source())
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
    return str(packaged_budget()), PACKAGED


PACKAGED = "the copy packaged with mdbudget"  # how resolve() names its last resort
EMPTY = "the file is empty; a budget file needs [program], [totals] and [[fields]] (mdbudget schema gives the layout)"
NO_FILE = (
    f"no such file in this folder, and ${ENV_VAR} is not set; name the budget file with --file PATH "
    f"(or ${ENV_VAR}), or use --packaged for the copy installed with mdbudget"
)


def packaged_budget() -> Path:
    # Beside this module; importlib.resources would cost more start-up than the whole lookup.
    return Path(__file__).parent.parent / DEFAULT_NAME  # beside the package's __init__.py


def load(
    path: str | os.PathLike[str] | None = None,
    cache: bool = True,
    note: Callable[[str], None] | None = None,
    *,
    packaged: bool = False,
    fallback: bool = True,
    shared: Budget | None = None,
    named_by: str | None = None,
) -> Budget:
    """Load and validate a budget file (see ``resolve`` for which one).

    With ``cache``, a file validated before is read from the cache (see cache.py);
    ``note`` is told whether it was. ``shared``: a budget loaded already (diff's OLD);
    when this file has the same bytes, it shares that budget's records instead of
    reading them again. ``named_by``: what named ``path`` when it is not --file (an
    argument: diff's OLD, trend's FILE 2), as problems say how their file was chosen.
    """
    name, how = resolve(path, packaged=packaged, fallback=fallback)
    if named_by is not None and path is not None and not packaged:
        how = named_by
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
    data, identity = read.read_file_bytes(name)
    key, file_hash = store.keys(data)
    budget = None
    if shared is not None and shared.cache_key == key:
        del data
        budget = shared.replace()  # the same records; its own origin below
    elif store.has(key):
        lines = data.count(b"\n") + 1
        del data  # a large file's bytes need not stay in memory beside its budget
        budget = store.open_budget(key, file_hash, lines)
        if budget is None:  # the entry did not hold a budget after all: validate the file
            data, identity = read.read_file_bytes(name)
            key = store.key(data)
    if budget is not None:
        budget.origin = Origin(name, how, None, lambda: _reread(name, key))
        budget.origin.identity = identity
        budget.cache_key = key
        if note is not None:
            note(f"cache hit ({store.directory()})")
        return budget
    text = read.decode_text(data, name)
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
        why = f" ({store.why_not()})" if store.why_not() else ""
        unusable = f"cache miss; the cache directory is not usable{why}"
        note(f"cache miss; saved in {store.directory()}" if saved else unusable)
    return budget


def _reread(name: str, key: str) -> bytes:
    """The bytes of a file whose budget came from the cache, if they are still those bytes (valid UTF-8)."""
    from . import cache as store

    try:
        data = read.read_bytes(name)
        return data if store.key(data) == key else b""
    except BudgetError:
        return b""


def remember_lines(budget: Budget) -> None:
    """Keep the key lines a command located (check's findings) beside the cached budget."""
    if budget.cache_key is not None and len(budget.lines) > budget.cached_lines:
        from . import cache as store

        store.store_lines(budget.cache_key, budget.lines)


def _parse_file(name: str, how: str) -> Budget:
    data, identity = read.read_file_bytes(name)
    budget = parse(read.decode_text(data, name), name, how)
    budget.origin.identity = identity
    return budget


def parse(text: str, name: str = TEXT_NAME, how: str = "text") -> Budget:
    """Parse and validate budget TOML text; ``name`` (default ``<text>``: no file was read) is used in messages."""
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
    from ..budget.records import from_model
    from . import plain

    data = document.parse_toml(text, display)
    origin = Origin(display, how, text)
    items = data.get("projects")
    if type(items) is not list:
        if "projects" not in data and (budget := plain.budget(data, [], origin)) is not None:
            return budget
        _bounded_numbers(data, origin)
        return from_model(_model(data, origin), origin)
    sharing = plain.Sharing()
    plain.plain_records(items, sharing)
    budget = plain.budget(data, items, origin)
    if budget is not None:
        return budget  # plainly valid: no pydantic (most files, and every first run of one)
    _bounded_numbers(data, origin)  # before the model meets any number
    budget = _from_records(data, items, sharing, origin)
    if budget is not None:
        return budget
    # Something is invalid: the model reports on the whole budget, as it always has.
    return from_model(_model(data, origin), origin)


def _from_records(data: dict[str, Any], items: list[Any], sharing: Any, origin: Origin) -> Budget | None:
    """The budget with its projects' records made in bulk; None (tables put back) if anything is invalid."""
    from pydantic import ValidationError

    from ..budget.records import from_model
    from . import bulk
    from .model import Budget as Model
    from .rules import broken

    if not bulk.project_records(items, sharing):
        return None
    try:
        # The rest of the budget without its projects; the rules with them are checked below.
        model: Any = Model.model_validate({**data, "projects": []})
    except (ValidationError, RecursionError):
        bulk.put_back(items)
        return None
    budget = from_model(model, origin, tuple(items))
    if broken(budget):
        bulk.put_back(items)
        return None
    return budget


def validate_model(text: str, display: str, how: str) -> tuple[Any, Origin]:
    """The pydantic model of budget TOML text, and its origin; BudgetError if invalid."""
    data = document.parse_toml(text, display)
    origin = Origin(display, how, text)
    _bounded_numbers(data, origin)  # first: nothing below may meet an absurd number
    return _model(data, origin), origin


def _model(data: dict[str, Any], origin: Origin) -> Any:
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
        elif (reason := document.out_of_bounds(value)) is not None:
            where = origin.locate(path) or _nearest(origin, path)
            line, column = where if where else (None, None)
            problems.append(Problem(origin.name, reason, line, column, format_path(path)))
    if problems:
        problems.sort(key=lambda p: (p.line or 0, p.column or 0))
        raise BudgetError(problems[:MAX_PROBLEMS])


# Problems described in full; past this many, a file has one mistake repeated, and the rest are counted.
MAX_PROBLEMS = 1000


def _problems(exc: ValidationError, origin: Origin, data: object) -> tuple[list[Problem], int]:
    from .locate import format_path
    from .messages import describe  # only a budget with problems needs them
    from .rules import broken

    errors = _without_echoes(exc.errors(include_url=False))
    # Rules across keys run only on a file the schema accepts; run them on what could be read,
    # so one run names every problem and fixing them is not done in rounds.
    seen = {tuple(e["loc"]) for e in errors}
    errors += [
        {"type": "budget_rule", "loc": loc, "input": value, "msg": message, "ctx": {"message": message}}
        for loc, value, message in broken(data, seen)
        if loc not in seen
    ]
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
