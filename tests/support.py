"""What the hostile-input, output-safety and pipe tests share.

COMMANDS is the one list of commands those tests run against a budget file;
a new command that reads a budget file is added here to be covered by all of them.
"""

from __future__ import annotations

import os
import shutil
import sys

from conftest import SHIPPED

# Each entry: the arguments before --file/--format; exit 0 or 1 on a valid budget.
COMMANDS: list[tuple[str, ...]] = [
    ("total",),
    ("fields",),
    ("shares",),
    ("ratios",),
    ("project",),
    ("check",),
    ("export",),
]

# The exit codes a command may end with on a budget it could read (0 ok, 1 failed).
DATA_EXITS = (0, 1)


def command_ids() -> list[str]:
    return [" ".join(c) for c in COMMANDS]


def with_fields(n: int, claims: bool = False, name: str = "추가 {i}") -> str:
    """The shipped budget plus ``n`` fields of zero amounts, so every sum still reconciles.

    With ``claims``, each new field also gets a prose claim: one more `check`
    finding per field, for output larger than a pipe's buffer.
    """
    parts = [SHIPPED]
    for i in range(n):
        label = toml_string(name.format(i=i))
        parts.append(
            f'\n[[fields]]\nid = "extra-{i}"\nname = {label}\nname_en = "Extra {i}"\n'
            'projects = 0\ntotal = 0\nallocation = 0\nsource = "test"\n'
        )
        if claims:
            parts.append(f'\n[[claims.fields]]\nfield = "extra-{i}"\ntext = {label}\nprojects = 0\nsource = "test"\n')
    return "".join(parts)


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string: quotes, backslashes and control characters escaped."""
    out = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(f"\\u{ord(c):04x}" if ord(c) < 0x20 or ord(c) == 0x7F else c for c in out) + '"'


def installed_script() -> str:
    """The mdbudget console script installed beside the running Python."""
    exe = shutil.which("mdbudget", path=os.path.dirname(sys.executable))
    assert exe, "the mdbudget console script is not installed next to this Python"
    return exe
