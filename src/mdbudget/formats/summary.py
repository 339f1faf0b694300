"""The GitHub job summary: every finding of ``check`` as Markdown, for ``$GITHUB_STEP_SUMMARY``.

A step's annotations are cut after the first few on a pull request; the job's
summary page has room for the whole table, passes and accepted findings included.
"""

from __future__ import annotations

from ..errors import BudgetError
from ..reports.check.reconcile import CheckReport
from . import Options, markdown
from .github import NOT_FILES, repo_path

_INVALID = {
    "ko": ("예산 파일 오류", "행", "열", "키", "문제", "외 {n:,}건"),
    "en": ("the budget file cannot be used", "line", "column", "key", "problem", "and {n:,} more"),
}


def format(result: CheckReport | BudgetError, options: Options) -> str:
    """``options.base``: the repository's folder, which file names are given relative to (as in annotations)."""
    if isinstance(result, BudgetError):
        return problems(result, options.lang, options.base)
    if result.file not in NOT_FILES:  # named as in the annotations: relative to the checkout
        result = result._replace(file=repo_path(result.file, options.base))
    return markdown.format(result, Options(lang=options.lang)) + "\n"


def problems(error: BudgetError, lang: str = "ko", base: str | None = None) -> str:
    title, line, column, key, problem, more = _INVALID["ko" if lang == "ko" else "en"]
    file = error.problems[0].file
    shown = file if file in NOT_FILES else repo_path(file, base)
    lines = [f"**{markdown.paragraph(shown)} — {title}**", ""]
    lines += [f"| {line} | {column} | {key} | {problem} |", "|---:|---:|---|---|"]
    for p in error.problems:
        cells = ("" if p.line is None else str(p.line), "" if p.column is None else str(p.column), p.path, p.message)
        lines.append("| " + " | ".join(markdown.escape(c) for c in cells) + " |")
    if error.omitted:
        lines += ["", markdown.paragraph(more.format(n=error.omitted))]
    return "\n".join(lines) + "\n\n"
