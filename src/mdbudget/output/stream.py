"""The one output path: every byte mdbudget writes to stdout or stderr goes through here.

- Data (JSON, CSV, Markdown, annotations, the schema) is UTF-8 whatever the
  console's encoding: it is read by programs, or saved to a file.
- Text for eyes (tables, help, messages) is encoded for the console; what it
  cannot show becomes a readable stand-in of the same width (— → -, box
  lines → - | +, bar blocks → #), so a table stays aligned. Hangul stays
  wherever the encoding carries it (cp949, EUC-KR, UTF-8).
- Writes are all or an error: bytes go out in a loop that checks how many were
  taken and waits when a non-blocking pipe is full, never dropping the rest.
- A reader that went away (or a closed stdout) is ``OutputError(closed=True)``,
  exit 141, quietly; any other failure (a full disk) is exit 2 with one line.
  Messages on stderr never fail the command: a stderr that cannot be written
  is given up on silently, and the exit code stays what it was.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import io
import os
import sys
import unicodedata
from typing import IO, Any

from ..errors import ExitStatus, OutputError
from ..safe import neutralise

STANDIN = "mdbudget-standin"
DATA = "mdbudget-data"

# Characters mdbudget prints that many consoles lack, as ASCII of the same width where a
# table could hold them; "…" and "≠" appear in prose (messages, notes) and may be wider.
_NAMED = {
    "—": "-", "\u2013": "-", "−": "-", "―": "-", "\u2010": "-", "×": "x", "÷": "/", "…": "...", "·": ".",
    "✓": "v", "✗": "x", "≠": "!=", "≥": ">", "≤": "<", "≈": "~", "±": "+", "→": ">", "←": "<",
    "“": '"', "”": '"', "\u2018": "'", "\u2019": "'", "•": "*", "▸": ">", "\u00a0": " ", "\ufffd": "?",
}  # fmt: skip
_CLOSED = (errno.EPIPE, errno.EBADF)


def _drawing(char: str) -> str | None:
    """A box-drawing or block character as ASCII: - | + for lines, # for blocks."""
    code = ord(char)
    if 0x2500 <= code <= 0x257F:
        words = set(unicodedata.name(char, "").split())
        across = bool(words & {"HORIZONTAL", "LEFT", "RIGHT"})
        down = bool(words & {"VERTICAL", "UP", "DOWN"})
        return "-" if across and not down else "|" if down and not across else "+"
    if 0x2580 <= code <= 0x259F:
        return "#"
    return None


def standin(char: str) -> str:
    """What to print for a character the console cannot show: same width, readable if possible."""
    if char in _NAMED:
        return _NAMED[char]
    drawn = _drawing(char)
    if drawn is not None:
        return drawn
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return ""
    plain = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
    wide = unicodedata.east_asian_width(char) in ("W", "F")
    if plain and len(plain) == (2 if wide else 1):
        return plain  # ① → 1, a fullwidth letter → its ASCII pair
    return "?" * (2 if wide else 1)


def _standin_errors(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeEncodeError)
    bad = error.object[error.start : error.end]
    return "".join(standin(c) for c in bad), error.end


def _data_errors(error: UnicodeError) -> tuple[str, int]:
    # Only lone surrogates (a file name that was not UTF-8) fail to encode as UTF-8.
    assert isinstance(error, UnicodeEncodeError)
    return "\ufffd" * (error.end - error.start), error.end


codecs.register_error(STANDIN, _standin_errors)
codecs.register_error(DATA, _data_errors)

# Line and block drawing: on a console that is not UTF-8 these are drawn as ASCII even
# where the encoding has them (cp949 does), since such consoles draw them two cells wide.
_ASCII_DRAWING = {code: _drawing(chr(code)) for code in range(0x2500, 0x25A0)}


def for_console(text: str, encoding: str) -> bytes:
    """``text`` for a console in ``encoding``: stand-ins for what it cannot show."""
    if encoding.startswith("utf"):
        return text.encode(encoding, DATA)
    return text.translate(_ASCII_DRAWING).encode(encoding, STANDIN)


def as_data(text: str) -> bytes:
    return text.encode("utf-8", DATA)


class Stream(io.TextIOBase):
    """stdout or stderr as mdbudget writes them: encoded here, written whole, failures known at once.

    ``sink`` is a file descriptor, a binary file (a test runner's buffer), or
    None for a stream that was closed when mdbudget started.
    """

    def __init__(self, sink: int | IO[bytes] | _TextSink | None, encoding: str, tty: bool, quiet: bool = False) -> None:
        super().__init__()
        self.sink = sink
        self._encoding = encoding
        self.tty = tty
        self.quiet = quiet  # stderr: never fail the command
        self.gave_up = False

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._encoding

    @property
    def errors(self) -> str:  # type: ignore[override]
        return STANDIN

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self.tty

    def fileno(self) -> int:
        if isinstance(self.sink, int):
            return self.sink
        raise io.UnsupportedOperation("fileno")

    def flush(self) -> None:
        pass  # nothing is held back

    def write(self, text: str) -> int:
        self.write_bytes(for_console(text, self._encoding))
        return len(text)

    def write_data(self, text: str) -> None:
        self.write_bytes(as_data(text))

    def write_bytes(self, data: bytes) -> None:
        if self.gave_up:
            return
        try:
            if self.sink is None:
                raise OSError(errno.EBADF, "the stream is closed")
            if isinstance(self.sink, int):
                write_all(self.sink, data)
            else:
                self.sink.write(data)
                self.sink.flush()
        except OSError as exc:
            if self.quiet:
                self.gave_up = True
                return
            raise OutputError(exc.strerror or str(exc), closed=exc.errno in _CLOSED) from None


def write_all(fd: int, data: bytes) -> None:
    """Write every byte, or raise: a short write is continued, a full non-blocking pipe waited on."""
    view = memoryview(data)
    while view:
        try:
            written = os.write(fd, view)
        except BlockingIOError:
            wait_writable(fd)
            continue
        view = view[written:]


def wait_writable(fd: int) -> None:
    try:
        import select

        if hasattr(select, "poll"):
            poller = select.poll()
            poller.register(fd, select.POLLOUT)
            poller.poll()
        else:  # Windows: select works on sockets only
            select.select([], [fd], [])
    except (OSError, ValueError):
        import time

        time.sleep(0.01)


def wrap(stream: Any, quiet: bool = False) -> Stream:
    """A Stream writing where ``stream`` (a text file, or None when closed) writes."""
    if isinstance(stream, Stream):
        return stream
    if stream is None:
        return Stream(None, "utf-8", False, quiet)
    encoding = _codec_name(getattr(stream, "encoding", None))
    try:
        tty = stream.isatty()
    except (OSError, ValueError, AttributeError):
        tty = False
    with contextlib.suppress(OSError, ValueError, AttributeError):
        stream.flush()  # anything it holds goes first
    sink: int | IO[bytes] | _TextSink | None
    try:
        sink = stream.fileno()
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        sink = getattr(stream, "buffer", None)
        if sink is None:
            sink = _TextSink(stream, encoding)
    return Stream(sink, encoding, tty, quiet)


class _TextSink:
    """A text-only stream (io.StringIO) as a binary sink: bytes decoded back on the way in."""

    def __init__(self, stream: Any, encoding: str) -> None:
        self.stream, self.encoding = stream, encoding

    def write(self, data: bytes) -> int:
        self.stream.write(data.decode(self.encoding, "replace"))
        return len(data)

    def flush(self) -> None:
        self.stream.flush()


def _codec_name(encoding: str | None) -> str:
    try:
        return codecs.lookup(encoding or "utf-8").name
    except LookupError:
        return "utf-8"


def install() -> None:
    """Put mdbudget's streams in place of sys.stdout and sys.stderr (the console entry point)."""
    for fd in (1, 2):
        try:
            os.fstat(fd)
        except OSError:
            # Started with the descriptor closed (`>&-`): hold it with devnull, so no file
            # opened later (the budget file!) is given this number and written to.
            try:
                held = os.open(os.devnull, os.O_WRONLY)
                if held != fd:
                    os.dup2(held, fd)
                    os.close(held)
            except OSError:
                pass
    sys.stdout = wrap(sys.stdout)
    sys.stderr = wrap(sys.stderr, quiet=True)


def stdout() -> Stream:
    return wrap(sys.stdout)


def stderr() -> Stream:
    return wrap(sys.stderr, quiet=True)


def write_data(text: str) -> None:
    """JSON, CSV, Markdown, annotations: UTF-8 bytes whatever the console."""
    stdout().write_data(text)


def write_text(text: str) -> None:
    """Tables, help, the version: for the console's eyes."""
    stdout().write(text)


def message(text: str) -> None:
    """One line (or more) for the person on stderr, controls shown not obeyed; never raises."""
    text = neutralise(text)
    with contextlib.suppress(Exception):  # a message must never be the reason a command fails
        stderr().write(text if text.endswith("\n") else text + "\n")


def exit_status(exc: OutputError) -> int:
    """The exit code for output that could not be written, saying why unless the reader left."""
    if exc.closed:
        return ExitStatus.BROKEN_PIPE
    message(f"mdbudget: cannot write the output: {exc}")
    return ExitStatus.USAGE
