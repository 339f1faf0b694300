"""The validated-budget cache: the second run on an unchanged file skips tomli and pydantic.

An entry is keyed by a SHA-256 of the file's bytes (not its mtime or size: an
edit within the same second that keeps the size is still seen), mdbudget's
version and Python's. It holds the budget's records as plain tuples written
with marshal, which loads only data (never code, unlike pickle), inside a
frame that is checked before anything is trusted: a magic tag, the key, the
SHA-256 of the file's bytes, the length, and a SHA-256 of the file's hash and
the body together (so a body is bound to the file it was made from). Anything
that fails a check, or fails while it is decoded or used — a truncated, corrupt
or foreign entry, one owned by another user or writable by others — is a miss:
the file is read and validated again and the entry rewritten.

Where: $XDG_CACHE_HOME/mdbudget, else ~/.cache/mdbudget (~/Library/Caches on
macOS, %LOCALAPPDATA% on Windows). The directory is used only if it is a real
directory (not a symlink) of the user's, open to no one else; mdbudget makes
it 0700 when it creates it and never changes the mode of one it did not make.
Files are 0600, each written to a temporary file of an unpredictable name and
renamed into place. Eviction (beyond MAX_BYTES or MAX_ENTRIES) removes only
files it can prove it wrote: its name pattern, its magic tag, the user's,
regular files opened without following links. MDBUDGET_NO_CACHE=1 or
--no-cache turns it off.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import re
import stat
import sys
import time
from pathlib import Path
from typing import Any

from ..budget import records as r
from .codec import decode, encode

ENV_OFF = "MDBUDGET_NO_CACHE"
MAGIC = b"mdbudget-cache\x00\x03"  # the last byte is the frame's layout; the records' is in the entry (codec.py)
MAX_BYTES = 256 * 10**6  # all entries together; the oldest go first
MAX_ENTRIES = 64
BUDGET_SUFFIX = ".budget"
LINES_SUFFIX = ".lines"
# The only names eviction may remove: entries, and temporaries (.ENTRY.RANDOM.tmp) of a run
# that was killed, once they are older than STALE seconds.
ENTRY_NAME = re.compile(r"[0-9a-f]{64}\.(?:budget|lines)")
TEMPORARY_NAME = re.compile(r"\.[0-9a-f]{64}\.(?:budget|lines)\.[0-9a-f]{16}\.tmp")
STALE = 600
HASH_SIZE = 32
# Files whose change changes what an entry means: an edited install must not read stale entries.
CODE = (
    "budget/records.py",
    "budget/keys.py",
    "loading/codec.py",
    "loading/cache.py",
    "loading/model.py",
    "loading/bulk.py",
    "loading/load.py",
    "loading/document.py",
    "loading/plain.py",
)


def enabled() -> bool:
    return os.environ.get(ENV_OFF, "") in ("", "0")


def directory() -> Path:
    """The user's cache directory for mdbudget (not created here)."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):  # the XDG spec: a relative path is invalid and ignored
        return Path(xdg) / "mdbudget"
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA")
        if local:
            return Path(local) / "mdbudget" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "mdbudget"
    return Path.home() / ".cache" / "mdbudget"


# The SHA-256 of the bytes each key was made from, to bind entries to them (see keys).
_files: dict[str, bytes] = {}
# Why the cache directory was not used, for --verbose.
_why: list[str] = []


def keys(data: bytes) -> tuple[str, bytes]:
    """The entry name for a budget file's bytes, and the SHA-256 of those bytes."""
    name = key(data)
    return name, _files[name]


def key(data: bytes) -> str:
    """The entry name for a budget file's bytes under this mdbudget and this Python."""
    digest = _sha256(data)
    file_hash = digest.digest()
    from .. import __version__

    here = Path(__file__).parent.parent  # the package's root: CODE names files under it
    code = []
    for name in CODE:
        try:
            info = os.stat(here / name)
            code.append(f"{info.st_size}:{info.st_mtime_ns}")
        except OSError:
            code.append("-")
    digest.update(f"\0{__version__}\0{sys.version}\0{MAGIC!r}\0{','.join(code)}".encode())
    name = str(digest.hexdigest())
    _files[name] = file_hash
    return name


def why_not() -> str:
    """Why the cache directory is not usable ("" if it is, or was not looked at)."""
    return _why[-1] if _why else ""


def _sha256(data: bytes) -> Any:
    if len(data) > 1 << 20:
        import hashlib  # OpenSSL's is ~3× faster, but importing it costs ~5 ms

        return hashlib.sha256(data)
    try:
        from _sha256 import sha256  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        try:
            from _sha2 import sha256  # type: ignore[import-not-found,no-redef,unused-ignore]
        except ImportError:
            from hashlib import sha256
    return sha256(data)


# --- entries on disk ---------------------------------------------------------


def _ready_directory(create: bool) -> Path | None:
    """The cache directory, if it is a real directory of the user's, open to no one else.

    With ``create``, a missing one is made 0700; one that exists is never changed: a
    symlink, or a folder of someone else's, is not used at all.
    """
    _why.clear()
    where = directory()
    try:
        try:
            info = os.lstat(where)
        except FileNotFoundError:
            if not create:
                return None
            where.parent.mkdir(parents=True, exist_ok=True)
            # The umask can only narrow it. Made meanwhile, by another run or someone else: checked below.
            with contextlib.suppress(FileExistsError):
                os.mkdir(where, 0o700)
            info = os.lstat(where)
    except (OSError, ValueError, RuntimeError) as exc:  # RuntimeError: Path.home() without a home
        _why.append(f"{where}: {getattr(exc, 'strerror', None) or exc}")
        return None
    problem = _unusable(info)
    if problem:
        _why.append(f"{where} {problem}")
        return None
    return where


def _unusable(info: os.stat_result) -> str:
    if stat.S_ISLNK(info.st_mode):
        return "is a symlink"
    if not stat.S_ISDIR(info.st_mode):
        return "is not a directory"
    if not _mine(info):
        return "belongs to another user"
    if stat.S_IMODE(info.st_mode) & 0o077:
        return f"is open to other users (mode {stat.S_IMODE(info.st_mode):o}; chmod 700 it to use the cache)"
    return ""


def _mine(info: os.stat_result) -> bool:
    getuid = getattr(os, "getuid", None)
    return getuid is None or info.st_uid == getuid()


def read_entry(name: str, file_hash: bytes) -> Any:
    """The value stored under ``name`` for the file of ``file_hash``, or None if there is none to trust."""
    body = read_body(name, file_hash)
    return None if body is None else _loads(body)


def read_body(name: str, file_hash: bytes) -> memoryview | None:
    """The checked body of the entry ``name`` (still marshalled), or None."""
    where = _ready_directory(create=False)
    if where is None:
        return None
    blob = _read_own(where / name)
    return None if blob is None else unframe(blob, name, file_hash)


def _read_own(path: Path, size: int = -1) -> bytes | None:
    """The first ``size`` bytes (-1: all) of a regular file of the user's that others cannot write."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or not _mine(info) or stat.S_IMODE(info.st_mode) & 0o022:
                return None
            return handle.read(size)
    except OSError:
        return None


def frame(name: str, value: Any, file_hash: bytes) -> bytes:
    return b"".join(_frame_parts(name, value, file_hash))


def _frame_parts(name: str, value: Any, file_hash: bytes) -> tuple[bytes, bytes]:
    """The frame's head and body, written one after the other: a large body is not copied to join them."""
    body = marshal.dumps(value, 4)
    head = MAGIC + name.encode() + file_hash + len(body).to_bytes(8, "little") + _digest(file_hash, body)
    return head, body


def _digest(file_hash: bytes, body: bytes | memoryview) -> bytes:
    digest = _sha256(file_hash)
    digest.update(body)
    return bytes(digest.digest())


def unframe(blob: bytes, name: str, file_hash: bytes) -> memoryview | None:
    """The body of a framed entry, if its tag, name, file, length and digest all hold."""
    head = MAGIC + name.encode() + file_hash
    start = len(head) + 8 + HASH_SIZE
    if len(blob) < start or not blob.startswith(head):
        return None
    size = int.from_bytes(blob[len(head) : len(head) + 8], "little")
    check = blob[len(head) + 8 : start]
    body = memoryview(blob)[start:]
    if len(body) != size or _digest(file_hash, body) != check:
        return None
    return body


def _loads(body: memoryview) -> Any:
    try:
        return marshal.loads(body)
    except Exception:  # whatever a damaged body makes marshal raise: a miss
        return None


def write_entry(name: str, value: Any, file_hash: bytes) -> bool:
    """Store ``value`` under ``name`` atomically; False when the cache cannot be written."""
    where = _ready_directory(create=True)
    if where is None:
        return False
    try:
        head, body = _frame_parts(name, value, file_hash)
    except ValueError:  # something marshal cannot write: not cached, not an error
        return False
    # Unpredictable, so a leftover of a killed run (same pid in a container) never blocks a write.
    temporary = where / f".{name}.{os.urandom(8).hex()}.tmp"
    try:
        fd = os.open(
            temporary,
            os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0),
            0o600,
        )
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(head)
                handle.write(body)
            os.replace(temporary, where / name)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    except OSError:
        return False
    _evict(where, keep=name)
    return True


def _evict(where: Path, keep: str) -> None:
    """Remove the least recently used entries beyond MAX_BYTES or MAX_ENTRIES, and stale temporaries.

    Only files mdbudget can prove it wrote: its names, its magic tag, the user's regular files.
    """
    try:
        entries = []
        stale = time.time() - STALE
        for item in os.scandir(where):
            temporary = TEMPORARY_NAME.fullmatch(item.name) is not None
            if not (temporary or ENTRY_NAME.fullmatch(item.name)) or not item.is_file(follow_symlinks=False):
                continue
            info = item.stat(follow_symlinks=False)
            if temporary:
                if info.st_mtime < stale:
                    _remove_own(where / item.name)
                continue
            entries.append((info.st_mtime_ns, info.st_size, item.name))
        entries.sort(reverse=True)
        used = 0
        for count, (_, size, name) in enumerate(entries):
            used += size
            if name != keep and (used > MAX_BYTES or count >= MAX_ENTRIES):
                _remove_own(where / name)
    except OSError:
        pass


def _remove_own(path: Path) -> None:
    """Remove ``path`` if it starts with mdbudget's magic tag and is the user's regular file."""
    head = _read_own(path, len(MAGIC))
    if head == MAGIC:
        os.unlink(path)


def _touch(name: str) -> None:
    # Eviction goes by modification time: a hit makes its entry the newest.
    where = _ready_directory(create=False)
    try:
        if where is not None:
            os.utime(where / name)
    except OSError:
        pass


# --- budgets ------------------------------------------------------------------


def has(name: str) -> bool:
    """Whether an entry for the budget keyed ``name`` exists (it may still not be trusted)."""
    where = _ready_directory(create=False)
    return where is not None and os.path.lexists(where / (name + BUDGET_SUFFIX))


def open_budget(name: str, file_hash: bytes, lines: int) -> r.Budget | None:
    """The budget stored under ``name`` for the file of ``file_hash`` (of ``lines`` lines), or None.

    Anything unexpected while the entry is decoded is a miss, never a wrong figure or a crash.
    """
    body = read_body(name + BUDGET_SUFFIX, file_hash)
    if body is None:
        return None
    stored = _loads(body)
    del body  # the entry's bytes go before the records are built
    if stored is None:
        return None
    try:
        budget = decode(stored)
    except Exception:  # an entry that is not what we wrote is rebuilt, never trusted
        return None
    located = read_entry(name + LINES_SUFFIX, file_hash)
    if _is_line_table(located, lines):
        budget.lines.update(located)
        budget.cached_lines = len(budget.lines)
    _touch(name + BUDGET_SUFFIX)
    return budget


def _is_line_table(value: Any, lines: int) -> bool:
    """A dict of key paths (tuples of str and int) to line numbers within the file."""
    if type(value) is not dict:
        return False
    for path, line in value.items():
        if type(path) is not tuple or not all(type(part) in (str, int) for part in path):
            return False
        if type(line) is not int or not 1 <= line <= lines:
            return False
    return True


def store(name: str, budget: r.Budget) -> bool:
    file_hash = _files.get(name)
    return file_hash is not None and write_entry(name + BUDGET_SUFFIX, encode(budget), file_hash)


def store_lines(name: str, lines: dict[Any, int | None]) -> bool:
    """Keep the lines located for the budget keyed ``name``.

    Only lines found (a number): a key not found may be one that could not be looked
    for, in a pipe read once or a file edited during the run; saved, it would hide
    every later finding's line.
    """
    file_hash = _files.get(name)
    found = {path: line for path, line in lines.items() if type(line) is int}
    return file_hash is not None and bool(found) and write_entry(name + LINES_SUFFIX, found, file_hash)
