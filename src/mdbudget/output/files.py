"""Write output files all or nothing, and never over the budget file being read.

Every target is checked before anything is written: none may be the file a
budget was read from (compared by device and inode, so a hard link, a symlink
or the same file reached through $MDBUDGET_FILE or ./budget.toml is caught),
and each must be writable. Each file is then written to a temporary file
beside it and renamed into place only when every one is complete, so a full
disk or a killed process never leaves a half-written or missing table.

A target must be a regular file or a name that does not exist yet: a device, a
FIFO, a socket or a symlink is refused (exit 2) before anything is written, so
`--out /dev/null` never replaces the device node and a link in an output folder
is never replaced by a file. A replaced file keeps at most its permission bits
(no setuid, setgid or sticky bit), narrowed by the umask.

Every export goes through ``write_all``: the JSON, Markdown and table documents,
the CSV tables, the data package and the SQLite database.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import BinaryIO

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
            _check_regular(target, _lstat(target))
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
            _remove_temporary(temp)
    return targets


KINDS = (
    (stat.S_ISLNK, "a symlink"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
)


def _writable(target: Path, inputs: dict[Identity, str]) -> int:
    """The mode the new file gets; UsageError if ``target`` must not or cannot be replaced."""
    _check_not_input(target, inputs)
    info = _lstat(target)
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise UsageError(f"cannot write {target}: it is a folder")
    _check_regular(target, info)
    if info is not None and not os.access(target, os.W_OK):
        raise UsageError(f"cannot write {target}: permission denied")
    if not os.access(target.parent, os.W_OK | os.X_OK):
        raise UsageError(f"cannot write into {target.parent}: permission denied")
    return (stat.S_IMODE(info.st_mode) & 0o777 if info is not None else 0o666) & ~_umask()


def _lstat(target: Path) -> os.stat_result | None:
    try:
        return os.lstat(target)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise UsageError(f"cannot write {target}: {exc.strerror or exc}") from None


def _check_regular(target: Path, info: os.stat_result | None) -> None:
    """UsageError unless ``target`` is missing or a regular file (seen without following a link)."""
    if info is None or stat.S_ISREG(info.st_mode):
        return
    kind = next((name for test, name in KINDS if test(info.st_mode)), "not a regular file")
    raise UsageError(f"cannot write {target}: it is {kind}; an export writes only regular files or new names")


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
    # The temporary's name in UTF-8 (a name that is not, `d\xff.db`, is still the target's):
    # SQLite takes only UTF-8 paths.
    fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{_utf8(name)}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(content, bytes):
                handle.write(content)
                handle.flush()
            elif _utf8(temp) == temp:
                content(Path(temp))
            else:  # a folder whose name is not UTF-8: written elsewhere, then copied in
                _write_via_scratch(content, handle)
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
    except BaseException as exc:  # a full disk, a writer's own error, Ctrl-C, SIGTERM: no temporary file stays
        _remove_temporary(temp)
        if isinstance(exc, OSError):
            exc.filename = str(folder / name)
        raise
    return temp


def _remove_temporary(temp: str) -> None:
    # SQLite may leave a rollback journal beside a database it was stopped writing.
    for name in (temp, f"{temp}-journal"):
        with contextlib.suppress(OSError):
            os.unlink(name)


def _utf8(text: str) -> str:
    """``text`` with what UTF-8 cannot hold (a lone surrogate: a byte of another encoding) as "_"."""
    return "".join("_" if "\ud800" <= char <= "\udfff" else char for char in text)


def _write_via_scratch(content: Callable[[Path], None], handle: BinaryIO) -> None:
    with tempfile.TemporaryDirectory(prefix="mdbudget-") as scratch:
        path = Path(scratch) / "export"
        path.touch(mode=0o600)
        content(path)
        with open(path, "rb") as source:
            shutil.copyfileobj(source, handle)
        handle.flush()


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
