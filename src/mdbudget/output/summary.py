"""Append to the GitHub job summary (``$GITHUB_STEP_SUMMARY``), when a workflow provides one."""

from __future__ import annotations

import os

from ..safe import echo
from .stream import message

ENV_VAR = "GITHUB_STEP_SUMMARY"


def append(text: str) -> None:
    """Add ``text`` to the summary file; outside Actions (the variable unset) do nothing.

    The summary is a courtesy beside the annotations and the exit status: a file that
    cannot be written is said on stderr and never changes the exit status.
    """
    path = os.environ.get(ENV_VAR)
    if not path:
        return
    try:
        with open(path, "a", encoding="utf-8") as summary:
            summary.write(text)
    except OSError as exc:
        message(f"mdbudget: could not add to the job summary ${ENV_VAR} ({echo(path)}): {exc.strerror or exc}")
