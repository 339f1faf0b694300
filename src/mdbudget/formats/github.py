"""GitHub Actions annotations: one ``::error`` or ``::warning`` line per finding that is not a pass.

GitHub shows each annotation on the pull request's diff, at the budget.toml line
the finding concerns. Only ``check`` offers this format: it needs findings with
a status and a line, which other results do not have. A budget file that cannot
be read gives one ``::error`` per problem, at its line and column.
"""

from __future__ import annotations

import os
from typing import Any

from ..errors import BudgetError
from ..reports.check.reconcile import CheckReport
from ..reports.check.wording import Lang, count, say, summary
from ..safe import neutralise
from . import Options

# Names that are not files in the repository: GitHub cannot place them on a diff.
NOT_FILES = ("<stdin>", "<memory>")


def format(result: CheckReport | BudgetError, options: Options) -> str:
    """``options.base``: the repository's folder; a file inside it is named relative to it, as GitHub expects."""
    base, lang = options.base, options.lang
    language: Lang = "ko" if lang == "ko" else "en"
    if isinstance(result, BudgetError):
        return problems(result, base, language)
    file = None if result.file in NOT_FILES else repo_path(result.file, base)
    lines = []
    for finding in result.findings:
        if finding.status in ("pass", "accepted"):  # accepted: counted in the summary line, not annotated
            continue
        # A line means nothing without a file (standard input): leave both out.
        properties = {"file": file, "line": finding.line if file else None, "title": finding.subject.text(language)}
        text = finding.message.text(language)
        message = f"{finding.path}: {text}" if finding.path else text
        if finding.source:
            message += "\n" + say("source", source=finding.source).text(language)
        lines.append(command(finding.status, properties, message))
    lines.append(
        summary(len(result.findings), result.errors, result.warnings, result.ok, result.strict, language,
                result.accepted)
    )  # fmt: skip
    return "".join(line + "\n" for line in lines)


def problems(error: BudgetError, base: str | None = None, lang: Lang = "en") -> str:
    """One ``::error`` per problem of a budget file that cannot be used, placed at its line and column."""
    lines = []
    why = _why(error)
    title = say(f"title.{why}").text(lang)
    for problem in error.problems:
        file = None if problem.file in NOT_FILES else repo_path(problem.file, base)
        line = problem.line if file else None
        properties = {
            "file": file,
            "line": line,
            "col": problem.column if line else None,
            "title": f"{title}: {problem.path}" if problem.path else title,
        }
        message = f"{problem.path}: {problem.message}" if problem.path else problem.message
        if problem.chosen_by.startswith("$"):
            message += f" (the file named by {problem.chosen_by})"
        lines.append(command("error", properties, message))
    total = len(error.problems) + error.omitted
    if error.omitted:
        lines.append(command("error", {"title": title}, f"… and {error.omitted:,} more problems"))
    lines.append(say(f"unusable.{why}", problems=count(total, "problem", lang)).text(lang))
    return "".join(line + "\n" for line in lines)


def _why(error: BudgetError) -> str:
    """Why a budget file could not be used: it is missing, cannot be read, or is read and invalid."""
    first = error.problems[0]
    if len(error.problems) > 1 or first.line is not None or first.path:
        return "invalid"
    if first.message.startswith(MISSING):
        return "missing"
    return "unreadable" if first.message.startswith(UNREADABLE) else "invalid"


# How the loader words a file it found no file at, and one it could not read (loading/read.py, load.py).
MISSING = ("no such file",)
UNREADABLE = ("cannot be read", "is a directory", "is a device", "standard input is closed")


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
