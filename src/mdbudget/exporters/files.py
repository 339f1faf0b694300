"""Writing export files safely: never over the budget file, and whole or not at all."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..errors import UsageError

Identity = tuple[int, int]  # (device, inode): the same file whatever path names it


def input_identity(budget_path: str | None) -> Identity | None:
    """The identity of the budget file the command read, however it was chosen.

    ``--file``, $MDBUDGET_FILE, ./budget.toml and the packaged copy all go
    through the same choice as loading; standard input counts when it is a
    redirected file (``< budget.toml``).
    """
    from ..load import STDIN, resolve

    name, _ = resolve(budget_path)
    try:
        if name == STDIN:
            if sys.stdin is None:
                return None
            info = os.fstat(sys.stdin.fileno())
        else:
            info = os.stat(name)
    except (OSError, ValueError, AttributeError):  # no such file, or a stdin with no descriptor
        return None
    return (info.st_dev, info.st_ino)


def refuse_input(target: Path, budget: Identity | None) -> None:
    """Refuse a target that is the budget file, by any name (a symlink, a hard link, ../x)."""
    if budget is None:
        return
    try:
        info = os.stat(target)
    except OSError:
        return  # nothing there yet
    if (info.st_dev, info.st_ino) == budget:
        raise UsageError(f"refusing to write {target}: it is the budget file")


def prepare_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise UsageError(f"cannot write into {folder}: it is a file, not a folder") from None
    except OSError as exc:
        raise UsageError(f"cannot create {folder}: {exc.strerror or exc}") from None


def replace_file(target: Path, write: Callable[[Path], None], budget: Identity | None) -> None:
    """Write ``target`` through a temporary file beside it, then rename it into place.

    A reader never sees half a file, and a failure (a full disk, Ctrl-C) leaves
    any earlier ``target`` as it was.
    """
    refuse_input(target, budget)
    if target.is_dir():
        raise UsageError(f"cannot write {target}: it is a folder")
    folder = target.parent
    prepare_folder(folder)
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise UsageError(f"cannot write into {folder}: {exc.strerror or exc}") from None
    os.close(handle)
    temporary = Path(name)
    try:
        write(temporary)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; an export is an ordinary file
        refuse_input(target, budget)  # again: the target may have changed while we wrote
        os.replace(temporary, target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise UsageError(f"cannot write {target}: {exc.strerror or exc}") from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def replace_text(target: Path, text: str, budget: Identity | None) -> None:
    def write(path: Path) -> None:
        path.write_text(text, encoding="utf-8", newline="")

    replace_file(target, write, budget)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
