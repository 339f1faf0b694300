"""`--install-completion`, made careful: only into a home folder that is the user's, saying every file it changed.

Typer's installer writes under $HOME without checking it: with HOME unset or
empty it wrote /.bashrc, with HOME=/dev/null it crashed with a traceback, and
it names the script it wrote but not the startup file (~/.bashrc) it edited.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from ..errors import UsageError
from ..output.stream import message

# What typer's installers may write, relative to the home folder (PowerShell's profile
# lives elsewhere and is named by typer's own message).
_FILES = (
    ".bashrc", ".bash_completions/mdbudget.sh", ".zshrc", ".zfunc/_mdbudget", ".config/fish/completions/mdbudget.fish"
)  # fmt: skip


def usable_home() -> str | None:
    """$HOME if it is an existing folder of this user's that can be written; else None."""
    home = os.environ.get("HOME", "")
    if not home or not os.path.isabs(home):
        return None
    try:
        info = os.stat(home)
    except OSError:
        return None
    import stat

    if not stat.S_ISDIR(info.st_mode) or not os.access(home, os.W_OK):
        return None
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return None
    return home


def _snapshot(home: str) -> dict[str, tuple[int, int] | None]:
    shot: dict[str, tuple[int, int] | None] = {}
    for name in _FILES:
        path = os.path.join(home, name)
        try:
            info = os.stat(path)
            shot[path] = (info.st_mtime_ns, info.st_size)
        except OSError:
            shot[path] = None
    return shot


def guard(params: list[Any]) -> None:
    """Wrap the --install-completion option's callback of a root command's ``params``."""
    for param in params:
        if param.name == "install_completion" and not getattr(param.callback, "guarded", False):
            param.callback = _guarded(param.callback)


def _guarded(install: Callable[..., Any]) -> Callable[..., Any]:
    def careful(ctx: Any, param: Any, value: Any) -> Any:
        if not value or ctx.resilient_parsing:
            return install(ctx, param, value)
        home = usable_home()
        if home is None:
            raise UsageError(
                f"cannot install completion: $HOME ({os.environ.get('HOME', 'unset')!r}) is not a "
                "folder of yours that can be written; print the script with --show-completion and save it yourself"
            )
        before = _snapshot(home)
        try:
            return install(ctx, param, value)
        except OSError as exc:
            raise UsageError(f"cannot install completion: {exc.strerror or exc}: {exc.filename or home}") from None
        finally:
            after = _snapshot(home)
            for path, was in before.items():
                if after[path] != was:
                    message(f"mdbudget: {'changed' if was else 'created'} {path}")

    careful.guarded = True  # type: ignore[attr-defined]
    return careful
