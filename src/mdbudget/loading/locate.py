"""Find the line and column of a key path in TOML source text.

tomli returns plain dicts without positions, so errors found after parsing
(by the schema or by `check`) are located by scanning the text. The scan is
targeted and lazy: table headers are indexed once with one regex pass, then
only the block that holds the key is searched. It understands the layouts
people write by hand — ``[table]``, ``[[array]]``, ``key = value`` and inline
tables — and falls back to the nearest enclosing key it can find.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right, insort
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from ..budget.records import PathPart
from ..safe import UNSAFE, u_escape

# One quantifier per stretch of a line, none overlapping the next: a line that is
# not a header fails in time linear in its length (`[` and 10^5 spaces included).
# The name's surrounding spaces are stripped in Python, not by the pattern.
_HEADER = re.compile(r"^[ \t]*(\[\[?)([^\]\n#]*)\]\]?[ \t\r]*(?:#[^\n]*)?$", re.M)
# What changes the meaning of the text after it: quotes (and escapes in them), comments, line ends.
_TOKEN = re.compile(r'"""|\'\'\'|["\'#\n\\]')
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
# Control characters, line separators, bidi and zero-width marks (safe.UNSAFE), and tab and newline.
_CONTROL = re.compile(f"{UNSAFE.pattern}|[\t\n]")
_MAX_KEY = 60  # a key path is for finding the place, not for echoing a pasted blob


def format_path(path: Sequence[PathPart]) -> str:
    """('fields', 3, 'allocation') → 'fields[3].allocation'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            name = _key_name(part)
            out += f".{name}" if out else name
    return out


@lru_cache(maxsize=1024)
def _key_name(part: str) -> str:
    # Cached: check's findings name the same few keys (projects, stated_years) 10^5 times.
    name = part if _BARE_KEY.match(part) else quote_key(part)
    return name if len(name) <= _MAX_KEY else name[: _MAX_KEY - 1] + "…"


def quote_key(key: str) -> str:
    """A key as TOML would quote it; control characters escaped so none reaches a terminal raw."""
    text = key.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + _CONTROL.sub(u_escape, text) + '"'


@lru_cache(maxsize=1024)
def _normalise_header(name: str) -> tuple[str, ...]:
    # Cached: a large file repeats a few header names (projects, fields) 10^5 times.
    return tuple(p.strip().strip("\"'") for p in name.split("."))


_HEADER_BYTES = re.compile(_HEADER.pattern.encode(), re.M)
_TOKEN_BYTES = re.compile(_TOKEN.pattern.encode())


def _str(part: str | bytes) -> str:
    return part if isinstance(part, str) else part.decode("utf-8", "replace")


class Locator:
    """Where keys are in a budget file's text, or in its UTF-8 bytes.

    Bytes are what a budget from the cache rereads: its file need not be decoded (a
    second copy, twice its size for Hangul) to find a few lines. Every offset is then a
    byte offset; columns are still counted in characters.
    """

    def __init__(self, text: str | bytes) -> None:
        if isinstance(text, bytes) and text.startswith(b"\xef\xbb\xbf"):
            text = text[3:]  # as decoding drops it: a BOM is neither a column nor part of a header
        self.text: Any = text  # str or bytes: every operation below works on either
        self._nl: Any = "\n" if isinstance(text, str) else b"\n"
        # Known (offset, line) pairs, so counting newlines starts from the nearest one.
        self._checkpoints: list[tuple[int, int]] = [(0, 1)]
        self._index: tuple[dict[tuple[str, ...], int], dict[tuple[str, ...], array[int]]] | None = None
        # Per header: where it starts and ends, its dotted name, whether it is [[array]].
        # Columns of machine ints, not a tuple per header: 5 bytes a header instead of 130.
        self._starts: array[int] = array("q")
        self._ends: array[int] = array("q")
        self._names: list[tuple[str, ...]] = []
        self._arrays = bytearray()
        strings = _multiline_strings(text)
        headers: Any = _HEADER if isinstance(text, str) else _HEADER_BYTES
        for m in headers.finditer(text):
            name = _str(m.group(2)).strip(" \t")
            if not name or (strings and _inside(strings, m.start())):
                continue  # `[]`, or a line of a multi-line string that looks like a header
            self._starts.append(m.start())
            self._ends.append(m.end())
            self._names.append(_normalise_header(name))
            self._arrays.append(len(m.group(1)) == 2)  # `[[`

    def line_col(self, offset: int) -> tuple[int, int]:
        # Few offsets are ever located, so count newlines on demand instead of
        # indexing every line of a file that may hold millions.
        near = bisect_right(self._checkpoints, (offset, float("inf"))) - 1
        start, line = self._checkpoints[near]
        line += self.text.count(self._nl, start, offset)
        insort(self._checkpoints, (offset, line))
        line_start = self.text.rfind(self._nl, 0, offset) + 1
        if isinstance(self.text, str):
            return line, offset - line_start + 1
        return line, len(self.text[line_start:offset].decode("utf-8", "replace")) + 1

    def locate(self, path: Sequence[PathPart]) -> tuple[int, int] | None:
        offset = self._offset(tuple(path))
        return None if offset is None else self.line_col(offset)

    def _offset(self, path: tuple[PathPart, ...]) -> int | None:
        # Try the longest prefix of the path that names a table header.
        for cut in range(len(path), 0, -1):
            block = self._block_for(path[:cut])
            if block is None:
                continue
            start, end, key_start = block
            rest = path[cut:]
            found = self._find_keys(start, end, rest)
            return found if found is not None else key_start
        # Keys of the root table come before the first header.
        root_end = self._starts[0] if self._starts else len(self.text)
        return self._find_keys(0, root_end, path)

    def _block_for(self, prefix: tuple[PathPart, ...]) -> tuple[int, int, int] | None:
        """The text span of the table that ``prefix`` names, if it has a header."""
        names = tuple(p for p in prefix if isinstance(p, str))
        # An index selects the n-th [[array]] header; only the last index counts
        # for nested arrays, which hand-written budget files do not use.
        index = prefix[-1] if prefix and isinstance(prefix[-1], int) else None
        tables, arrays = self._by_name()
        positions = arrays.get(names, ())
        if index is None:
            # A whole array of tables is located at its first element.
            found = tables.get(names, positions[0] if positions else None)
        else:
            found = positions[index] if 0 <= index < len(positions) else None
        if found is None:
            return None
        h_start, h_end = self._starts[found], self._ends[found]
        end = self._starts[found + 1] if found + 1 < len(self._starts) else len(self.text)
        indent = len(self.text[h_start:h_end]) - len(self.text[h_start:h_end].lstrip())
        return h_end, end, h_start + indent

    def _by_name(self) -> tuple[dict[tuple[str, ...], int], dict[tuple[str, ...], array[int]]]:
        """Header positions by dotted name, built once: lookups stay O(1) on huge files."""
        if self._index is None:
            tables: dict[tuple[str, ...], int] = {}
            arrays: dict[tuple[str, ...], array[int]] = {}
            for i, (name, is_array) in enumerate(zip(self._names, self._arrays, strict=True)):
                if is_array:
                    arrays.setdefault(name, array("q")).append(i)
                else:
                    tables.setdefault(name, i)
            self._index = (tables, arrays)
        return self._index

    def _find_keys(self, start: int, end: int, keys: tuple[PathPart, ...]) -> int | None:
        names = [k for k in keys if isinstance(k, str)]
        if not names:
            return None
        first = names[0]
        if len(first) > _MAX_KEY:
            # Compiling a pattern of a huge pasted key takes minutes; a plain find will do.
            found = self.text.find(self._like_text(first), start, end)
            return None if found == -1 else self.text.rfind(self._nl, 0, found) + 1
        key = re.escape(first)
        key_re = self._pattern(r"^[ \t]*(?:\"" + key + r"\"|'" + key + r"'|" + key + r")[ \t]*[=.]", re.M)
        m = key_re.search(self.text, start, end)
        if m is None:
            return None
        key_offset = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
        # A nested key such as period.end usually sits in an inline table on the same line.
        line_end = self.text.find(self._nl, m.end())
        line_end = end if line_end == -1 else min(line_end, end)
        offset = key_offset
        # Where the value being searched is: its keys are looked for on the key's line, its
        # list items in the whole block; inside a list item, both within that item.
        value, within, items_end = m.end(), line_end, end
        for n, part in enumerate(keys[1:], start=2):
            if isinstance(part, int):  # an item of a list: its own line (and column), if not the key's
                item = _list_item(self.text, value, items_end, part)
                if item is None:
                    break
                if item <= line_end and n == len(keys):
                    return offset  # the list is on the key's line: the key says where
                offset = value = item
                within = items_end = _past_item(self.text, item, items_end)
                continue
            if len(part) > _MAX_KEY:
                break
            inner = self._pattern(r"(?:[{,\s.])" + re.escape(part) + r"[ \t]*=")
            mi = inner.search(self.text, min(offset, value), within)
            if mi is None:
                break
            offset, value = mi.start() + 1, mi.end()
        return offset

    def _like_text(self, part: str) -> Any:
        return part if isinstance(self.text, str) else part.encode("utf-8")

    def _pattern(self, pattern: str, flags: int = 0) -> re.Pattern[Any]:
        # re.escape leaves non-ASCII characters as they are, so the UTF-8 of the pattern matches the bytes
        return re.compile(self._like_text(pattern), flags)


def _list_item(text: str | bytes, start: int, end: int, index: int) -> int | None:
    """Where item ``index`` of the list written from ``start`` (after a key's ``=``) begins, if found.

    Read one character at a time, minding strings and comments; latin-1 keeps a byte's offset.
    """
    chunk = text[start:end]
    source = chunk.decode("latin-1") if isinstance(chunk, bytes) else chunk
    i, n, depth, count = 0, len(source), 0, -1
    while i < n:
        c = source[i]
        if c == "#":
            i = source.find("\n", i)
            if i == -1:
                return None
        elif c in "[{" and depth == 0 and c == "[":
            depth = 1
        elif depth == 0 and c not in " \t":
            return None  # not a list
        elif c in "[{":
            if depth == 1:
                count += 1
                if count == index:
                    return start + i
            depth += 1
        elif c in "]}":
            depth -= 1
            if depth == 0:
                return None
        elif depth == 1 and c not in " \t\r\n,":
            count += 1
            if count == index:
                return start + i
            i = _past_value(source, i)
            continue
        elif c in "\"'":
            i = _past_value(source, i)
            continue
        i += 1
    return None


def _past_item(text: str | bytes, start: int, end: int) -> int:
    """The offset just past the list item (a value, or an inline table or list) at ``start``."""
    chunk = text[start:end]
    source = chunk.decode("latin-1") if isinstance(chunk, bytes) else chunk
    if not source or source[0] not in "[{":
        return start + _past_value(source, 0) if source else start
    i, n, depth = 0, len(source), 0
    while i < n:
        c = source[i]
        if c == "#":
            i = source.find("\n", i)
            if i == -1:
                return end
        elif c in "\"'":
            i = _past_value(source, i)
            continue
        elif c in "[{":
            depth += 1
        elif c in "]}":
            depth -= 1
            if depth == 0:
                return start + i + 1
        i += 1
    return end


def _past_value(source: str, i: int) -> int:
    """The offset just past the string or bare value starting at ``i``."""
    quote = source[i]
    if quote in "\"'":
        if source.startswith(quote * 3, i):
            close = source.find(quote * 3, i + 3)
            return len(source) if close == -1 else close + 3
        j = i + 1
        while j < len(source) and source[j] != quote and source[j] != "\n":
            j += 2 if quote == '"' and source[j] == "\\" else 1
        return j + 1
    j = i
    while j < len(source) and source[j] not in ",]}#\n \t":
        j += 1
    return j


def _multiline_strings(text: str | bytes) -> list[tuple[int, int]]:
    """The spans of the multi-line strings in ``text``, found in one pass over its quotes.

    Most budget files have none, and are spared the pass. Offsets are ``text``'s own
    (bytes for bytes); the tokens are ASCII, read as str.
    """
    if isinstance(text, bytes):
        if b'"""' not in text and b"'''" not in text:
            return []
        tokens: Any = _TOKEN_BYTES
    else:
        if '"""' not in text and "'''" not in text:
            return []
        tokens = _TOKEN
    spans = []
    state = ""  # "" outside strings; otherwise the quote that ends the one we are in, or "#"
    start = pos = 0
    while (m := tokens.search(text, pos)) is not None:
        token, pos = _str(m.group()), m.end()
        if state == "":
            if token in ('"""', "'''", '"', "'"):
                state, start = token, m.start()
            elif token == "#":
                state = "#"
        elif state == "#":
            if token == "\n":
                state = ""
        elif token == "\\":
            if state in ('"', '"""'):
                pos += 1  # an escaped character never ends a basic string
        elif token == "\n":
            if state in ('"', "'"):
                state = ""  # a one-line string left open: tomli reports it; carry on
        elif token[0] == state[0]:
            if len(state) == 3 and len(token) == 3:
                # Up to two more quotes may belong to the string: ''''' ends it after two.
                end = pos
                while end < len(text) and end - pos < 2 and _str(text[end : end + 1]) == state[0]:
                    end += 1
                spans.append((start, end))
                state, pos = "", end
            elif len(state) == 1:
                state = ""  # a one-line string closed (a triple quote here is "" plus an empty string)
    if len(state) == 3:
        spans.append((start, len(text)))
    return spans


def _inside(spans: list[tuple[int, int]], offset: int) -> bool:
    i = bisect_right(spans, (offset, 1 << 62)) - 1
    return i >= 0 and spans[i][0] < offset < spans[i][1]


def locate(text: str | bytes, path: Sequence[PathPart]) -> tuple[int, int] | None:
    return Locator(text).locate(path)
