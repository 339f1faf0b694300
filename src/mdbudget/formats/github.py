"""GitHub Actions annotations: one ``::error`` or ``::warning`` line per finding that is not a pass.

GitHub shows each annotation on the pull request's diff, at the budget.toml line
the finding concerns. Only ``check`` offers this format: it needs findings with
a status and a line, which other results do not have.
"""

from __future__ import annotations

import os
from typing import Any

from ..check import CheckReport
from ..safe import neutralise

# Names that are not files in the repository: GitHub cannot place them on a diff.
NOT_FILES = ("<stdin>", "<memory>")


def format(result: CheckReport, base: str | None = None, **_: Any) -> str:
    """``base``: the repository's folder; a file inside it is named relative to it, as GitHub expects."""
    file = None if result.file in NOT_FILES else repo_path(result.file, base)
    lines = []
    for finding in result.findings:
        if finding.status == "pass":
            continue
        # A line means nothing without a file (standard input): leave both out.
        properties = {"file": file, "line": finding.line if file else None, "title": finding.subject}
        message = f"{finding.path}: {finding.message}" if finding.path else finding.message
        if finding.source:
            message += f"\nsource: {finding.source}"
        lines.append(command(finding.status, properties, message))
    counts = f"{len(result.findings)} checks, {result.errors} errors, {result.warnings} warnings"
    strict = " (--strict: warnings fail)" if result.strict else ""
    lines.append(f"check {'passed' if result.ok else 'FAILED'}: {counts}{strict}")
    return "".join(line + "\n" for line in lines)


def command(status: str, properties: dict[str, Any], message: str) -> str:
    name = "error" if status == "error" else "warning"
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items() if value is not None)
    return f"::{name} {props}::{escape_data(message)}" if props else f"::{name}::{escape_data(message)}"


def escape_data(text: str) -> str:
    # CI logs are read by people: controls (ESC, OSC 8, BEL, C1, DEL), bidi and zero-width marks
    # are shown, not obeyed. Then GitHub's rules (actions/toolkit, command.ts): % first, so the
    # escapes themselves survive.
    return neutralise(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def repo_path(file: str, base: str | None) -> str:
    path = file
    if base is not None:
        absolute, root = os.path.abspath(file), os.path.abspath(base)
        try:
            if os.path.commonpath([absolute, root]) == root:
                path = os.path.relpath(absolute, root)
        except ValueError:  # another drive (Windows): keep the name as given
            pass
    path = path.replace(os.sep, "/")
    return path[2:] if path.startswith("./") else path
