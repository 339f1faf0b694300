"""Read a budget file's bytes and decode them: only what can be a budget, never without bound.

'-' reads standard input. Every failure is a BudgetError with one problem that
says what the file is instead (a folder, a device, UTF-16, binary, too large).
"""

from __future__ import annotations

import codecs
import os
import stat
import sys
from typing import Any

from ..errors import BudgetError, Problem

STDIN = "-"

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
        with _open(name) as handle:
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


def _open(name: str) -> Any:
    """``name`` opened for reading without waiting: a named pipe (FIFO) no program writes to
    would block the open forever, in a command or in Tab completion. Once open, reads
    block again as usual; a FIFO with no writer then reads as empty.
    """
    nonblock = getattr(os, "O_NONBLOCK", 0)
    fd = os.open(name, os.O_RDONLY | nonblock | getattr(os, "O_BINARY", 0))
    try:
        if nonblock:
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


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
