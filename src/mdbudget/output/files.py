"""Write output files all or nothing, and never over the budget file being read.

Every target is checked before anything is written: none may be the file a
budget was read from (compared by device and inode, so a hard link, a symlink
or the same file reached through $MDBUDGET_FILE or ./budget.toml is caught),
and each must be writable. Each file is then written to a temporary file
beside it and renamed into place only when every one is complete, so a full
disk or a killed process never leaves a half-written or missing table.

Every export goes through ``write_all``: the JSON, Markdown and table documents,
the CSV tables, the data package and the SQLite database.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from ..errors import UsageError

Identity = tuple[int, int]  # (device, inode)
# A file's bytes, or what writes it given the (empty) temporary file's path, like SQLite's VACUUM INTO.
Content = bytes | Callable[[Path], None]


def write_all(folder: Path, files: Sequence[tuple[str, Content]], inputs: dict[Identity, str]) -> list[Path]:
    """Write each (name, content) into ``folder``; ``inputs`` maps read files' identities to their names."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise UsageError(f"cannot write into {folder}: it is a file, not a folder") from None
    except OSError as exc:
        raise UsageError(f"cannot create {folder}: {exc.strerror or exc}") from None
    targets = [folder / name for name, _ in files]
    modes = [_writable(target, inputs) for target in targets]
    temps: list[str] = []
    replaced = 0
    try:
        for (name, content), mode in zip(files, modes, strict=True):
            temps.append(_write_temp(folder, name, content, mode))
        for temp, target in zip(temps, targets, strict=True):
            _check_not_input(target, inputs)  # again: the last moment before a name is replaced
            try:
                os.replace(temp, target)
            except OSError as exc:
                exc.filename = str(target)  # not the temporary name
                raise
            replaced += 1
    except OSError as exc:
        where = exc.filename if isinstance(exc.filename, str) else folder
        done = f"{replaced} of {len(files)} files were replaced" if replaced else "no file was changed"
        raise UsageError(f"cannot write {where}: {exc.strerror or exc}; {done}") from None
    finally:
        for temp in temps:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)
    return targets


def _writable(target: Path, inputs: dict[Identity, str]) -> int:
    """The mode the new file gets; UsageError if ``target`` must not or cannot be replaced."""
    _check_not_input(target, inputs)
    try:
        info = target.stat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise UsageError(f"cannot write {target}: {exc.strerror or exc}") from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise UsageError(f"cannot write {target}: it is a folder")
    if info is not None and not os.access(target, os.W_OK):
        raise UsageError(f"cannot write {target}: permission denied")
    if not os.access(target.parent, os.W_OK | os.X_OK):
        raise UsageError(f"cannot write into {target.parent}: permission denied")
    return stat.S_IMODE(info.st_mode) if info is not None else 0o666 & ~_umask()


def _check_not_input(target: Path, inputs: dict[Identity, str]) -> None:
    try:
        info = target.stat()
    except OSError:
        return
    name = inputs.get((info.st_dev, info.st_ino))
    if name is None:
        return
    same = name == str(target)
    where = "" if same else f" (it is {name})"
    raise UsageError(f"refusing to overwrite the budget file {target}{where}")


def _write_temp(folder: Path, name: str, content: Content, mode: int) -> str:
    fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(content, bytes):
                handle.write(content)
                handle.flush()
            else:
                content(Path(temp))
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
    except BaseException as exc:  # a full disk, a writer's own error, Ctrl-C: no temporary file stays
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            exc.filename = str(folder / name)
        raise
    return temp


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
