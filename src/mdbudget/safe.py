"""The one rule for characters that act instead of showing: controls, bidi overrides, zero-width marks.

A budget file is text someone else wrote. Its names reach terminals, CI logs,
rendered Markdown and JSON readers; a character that moves the cursor, rings
the bell, reorders a line (U+202E) or hides in it (U+200B) must not do so there.

- For people (tables, Markdown, messages, annotations): ``neutralise`` shows
  each such character as a visible escape (\\x1b, \\u202e).
- For JSON: ``json_escape`` writes it as a \\uXXXX escape, which every reader
  decodes back to the same character: nothing is lost.

Tab and newline are layout, not hazards, and are left to each format.
Lone surrogates (a file name that was not UTF-8) become U+FFFD in both.
"""

from __future__ import annotations

import re

_ACTIVE = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 (but tab and newline), DEL, C1
    "\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff"  # bidi, zero-width, line separators
)
UNSAFE = re.compile(f"[{_ACTIVE}]|[\ud800-\udfff]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xD800 <= code <= 0xDFFF:
        return "\ufffd"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_MAX_ECHO = 60  # an echo is for recognising the input, not for repeating a pasted blob


def echo(text: str, limit: int = _MAX_ECHO) -> str:
    """Input a message repeats (a --unit value, a query): quoted, escaped by repr, cut to ``limit``."""
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


MAX_NAME = 200  # a file name in a message: its end, which names the file, is kept
MAX_MESSAGE = 300  # a message from SQLite that quotes the query


def brief_name(name: str, limit: int = MAX_NAME) -> str:
    """A file name a message repeats, cut to its last ``limit`` characters."""
    return name if len(name) <= limit else "…" + name[-(limit - 1) :]


def brief(text: str, limit: int = MAX_MESSAGE) -> str:
    """A message that quotes input (SQLite's), cut to ``limit`` characters."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def neutralise(text: str) -> str:
    """``text`` with every active character shown as an escape, for people to read."""
    return UNSAFE.sub(_visible, text) if UNSAFE.search(text) else text


def u_escape(match: re.Match[str]) -> str:
    """A matched character as \\uXXXX (JSON's and TOML's escape); a lone surrogate as \\ufffd."""
    code = ord(match.group())
    return "\\ufffd" if 0xD800 <= code <= 0xDFFF else f"\\u{code:04x}"


def json_escape(text: str) -> str:
    """JSON text with every active character inside its strings written as \\uXXXX.

    Safe on a whole document: json.dumps writes only ASCII outside strings and
    has already escaped tab and newline inside them, so every character this
    touches is inside a string.
    """
    return UNSAFE.sub(u_escape, text) if UNSAFE.search(text) else text
