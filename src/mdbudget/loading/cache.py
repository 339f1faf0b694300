"""The validated-budget cache: the second run on an unchanged file skips tomli and pydantic.

An entry is keyed by a SHA-256 of the file's bytes (not its mtime or size: an
edit within the same second that keeps the size is still seen), mdbudget's
version and Python's. It holds the budget's records as plain tuples written
with marshal, which loads only data (never code, unlike pickle), inside a
frame that is checked before anything is trusted: a magic tag, the key, the
length and a CRC of the body. Anything that fails a check — a truncated,
corrupt or foreign entry, one owned by another user or writable by others —
is ignored and rebuilt; a cache directory that cannot be made or written
means no cache, never an error.

Where: $XDG_CACHE_HOME/mdbudget, else ~/.cache/mdbudget (~/Library/Caches on
macOS, %LOCALAPPDATA% on Windows); directory 0700, files 0600, each written to
a temporary file and renamed into place. Old entries are evicted beyond
MAX_BYTES. MDBUDGET_NO_CACHE=1 or --no-cache turns it off.
"""

from __future__ import annotations

import marshal
import os
import stat
import sys
from pathlib import Path
from typing import Any
from zlib import crc32

from ..budget import records as r
from .codec import decode, encode

ENV_OFF = "MDBUDGET_NO_CACHE"
MAGIC = b"mdbudget-cache\x00\x02"  # the last byte is the frame's layout; the records' is in the entry (codec.py)
MAX_BYTES = 256 * 10**6  # all entries together; the oldest go first
MAX_ENTRIES = 64
BUDGET_SUFFIX = ".budget"
LINES_SUFFIX = ".lines"
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


def key(data: bytes) -> str:
    """The entry name for a budget file's bytes under this mdbudget and this Python."""
    digest = _sha256(data)
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
    return str(digest.hexdigest())


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
    """The cache directory, if it is ours and private (made 0700 when ``create``)."""
    where = directory()
    try:
        if create:
            where.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.stat(where)
        if not stat.S_ISDIR(info.st_mode) or not _mine(info):
            return None
        if stat.S_IMODE(info.st_mode) & 0o077:
            if not create:
                return None
            os.chmod(where, 0o700)
    except (OSError, ValueError, RuntimeError):  # RuntimeError: Path.home() without a home
        return None
    return where


def _mine(info: os.stat_result) -> bool:
    getuid = getattr(os, "getuid", None)
    return getuid is None or info.st_uid == getuid()


def read_entry(name: str) -> Any:
    """The value stored under ``name``, or None for a missing or untrustworthy entry."""
    body = read_body(name)
    return None if body is None else _loads(body)


def read_body(name: str) -> memoryview | None:
    """The checked body of the entry ``name`` (still marshalled), or None."""
    where = _ready_directory(create=False)
    if where is None:
        return None
    path = where / name
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or not _mine(info) or stat.S_IMODE(info.st_mode) & 0o022:
                return None
            blob = handle.read()
    except OSError:
        return None
    return unframe(blob, name)


def frame(name: str, value: Any) -> bytes:
    return b"".join(_frame_parts(name, value))


def _frame_parts(name: str, value: Any) -> tuple[bytes, bytes]:
    """The frame's head and body, written one after the other: a large body is not copied to join them."""
    body = marshal.dumps(value, 4)
    head = MAGIC + name.encode() + len(body).to_bytes(8, "little") + crc32(body).to_bytes(4, "little")
    return head, body


def unframe(blob: bytes, name: str) -> memoryview | None:
    """The body of a framed entry, if its tag, name, length and checksum all hold."""
    head = MAGIC + name.encode()
    start = len(head) + 12
    if len(blob) < start or not blob.startswith(head):
        return None
    size = int.from_bytes(blob[len(head) : len(head) + 8], "little")
    check = int.from_bytes(blob[len(head) + 8 : start], "little")
    body = memoryview(blob)[start:]
    if len(body) != size or crc32(body) != check:
        return None
    return body


def _loads(body: memoryview) -> Any:
    try:
        return marshal.loads(body)
    except (ValueError, EOFError, TypeError):
        return None


def write_entry(name: str, value: Any) -> bool:
    """Store ``value`` under ``name`` atomically; False when the cache cannot be written."""
    where = _ready_directory(create=True)
    if where is None:
        return False
    try:
        head, body = _frame_parts(name, value)
    except ValueError:  # something marshal cannot write: not cached, not an error
        return False
    temporary = where / f".{name}.{os.getpid()}.tmp"
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
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
    """Remove the least recently used entries beyond MAX_BYTES or MAX_ENTRIES."""
    try:
        entries = []
        for item in os.scandir(where):
            if item.name.endswith((BUDGET_SUFFIX, LINES_SUFFIX)) and item.is_file(follow_symlinks=False):
                info = item.stat(follow_symlinks=False)
                entries.append((info.st_mtime_ns, info.st_size, item.name))
        entries.sort(reverse=True)
        used = 0
        for count, (_, size, name) in enumerate(entries):
            used += size
            if name != keep and (used > MAX_BYTES or count >= MAX_ENTRIES):
                os.unlink(where / name)
    except OSError:
        pass


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


def open_budget(name: str) -> r.Budget | None:
    """The budget stored under ``name``, or None if there is none that can be trusted."""
    body = read_body(name + BUDGET_SUFFIX)
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
    lines = read_entry(name + LINES_SUFFIX)
    if type(lines) is dict:
        budget.lines.update(lines)
        budget.cached_lines = len(budget.lines)
    _touch(name + BUDGET_SUFFIX)
    return budget


def store(name: str, budget: r.Budget) -> bool:
    return write_entry(name + BUDGET_SUFFIX, encode(budget))


def store_lines(name: str, lines: dict[Any, int | None]) -> bool:
    return write_entry(name + LINES_SUFFIX, lines)
