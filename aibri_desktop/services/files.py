"""Writing files the user keeps: atomically, so a failure leaves the earlier file intact.

A new file is readable by its user only (0600); a file that is already there keeps its mode
(someone chose it). The data go to a temporary file beside the target, owner-only, named
``.<name>.<pid>.<random>.part`` (the name shortened so that the temporary's name fits where the
target's does), which is then renamed over the target. What a killed earlier run left beside
the target (its ``.part`` temporaries) is removed by the next write to it.

Only a regular file the user may write is replaced: a symbolic link, a pipe, a device, a folder
or a read-only file as the target is refused with nothing written.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
import time
from pathlib import Path

from ..paths import OWNER_FILE_MODE
from ..storage.backup import process_alive
from .errors import ServiceError

STALE_SECONDS = 60  # a temporary of unknown owner this old is a leftover, not a write
_NAME_MAX = 255  # bytes in a file name on the usual file systems
_SUFFIX = ".part"
_TOKEN_BYTES = 4  # 8 hexadecimal characters


class TargetRefused(OSError):
    """The target is not a regular file the user may replace; ``strerror`` says what it is."""


def target_problem(path: Path) -> str | None:
    """Why ``path`` may not be replaced by a written file, or None when it may."""
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return exc.strerror or str(exc)
    mode = status.st_mode
    if stat.S_ISLNK(mode):
        return ("it is a symbolic link, and a link is never written through or replaced; "
                "choose the file it points to, or another name")
    if stat.S_ISDIR(mode):
        return "it is a folder; choose a file name"
    if not stat.S_ISREG(mode):
        return "it is not a regular file (a device, a pipe or a socket)"
    if not mode & 0o222 or not os.access(path, os.W_OK):
        return "it is read-only"
    return None


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Temp file in the same folder, flushed and synced, then renamed over the target.

    Raises :class:`TargetRefused` (an OSError) for a target that is not a regular, writable
    file; nothing is written then."""
    problem = target_problem(path)
    if problem is not None:
        raise TargetRefused(errno.EPERM, problem, str(path))
    folder = path.parent
    remove_leftovers(path)
    try:
        mode: int | None = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mode = None  # a new file: owner-only
    descriptor, temporary = _create_temporary(path)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            if mode is not None and mode != OWNER_FILE_MODE and hasattr(os, "fchmod"):
                os.fchmod(stream.fileno(), mode)
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    try:
        directory = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(directory)
    except OSError:
        pass
    finally:
        os.close(directory)


def write_text_atomically(path: Path, text: str) -> None:
    write_bytes_atomically(path, text.encode("utf-8"))


def temporary_prefix(path: Path) -> str:
    """``.<name>.``, the name shortened (on a character boundary) so that a temporary's whole
    name stays within the folder's limit for a file name."""
    # the dots, a pid of up to 7 digits, the random part and the suffix: 23 bytes; the same
    # prefix whatever the pid, so that one copy finds another's leftovers
    limit = _name_max(path.parent) - 23
    raw = os.fsencode(path.name)
    if len(raw) > limit:
        raw = raw[:limit].decode("utf-8", "ignore").encode("utf-8")
    return f".{os.fsdecode(raw)}."


def remove_leftovers(path: Path) -> list[Path]:
    """Delete the temporaries an earlier, killed write to ``path`` left beside it: those of a
    process that is gone, and those of unknown owner older than a minute. Returns them."""
    prefix = temporary_prefix(path)
    removed = []
    try:
        names = os.listdir(path.parent)
    except OSError:
        return []
    for name in names:
        if not (name.startswith(prefix) and name.endswith(_SUFFIX)):
            continue
        middle = name[len(prefix):-len(_SUFFIX)]
        match = re.fullmatch(r"(\d+)\.[0-9a-f]+", middle)
        candidate = path.parent / name
        try:
            status = os.lstat(candidate)
            if not stat.S_ISREG(status.st_mode):
                continue
            if match is not None:
                stale = not process_alive(int(match.group(1)))
            elif re.fullmatch(r"[A-Za-z0-9_]{8}", middle):  # mkstemp's, before the pid
                stale = time.time() - status.st_mtime > STALE_SECONDS
            else:
                continue
            if stale:
                candidate.unlink()
                removed.append(candidate)
        except OSError:
            continue
    return removed


def _create_temporary(path: Path) -> tuple[int, str]:
    prefix = temporary_prefix(path)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    while True:
        name = f"{prefix}{os.getpid()}.{secrets.token_hex(_TOKEN_BYTES)}{_SUFFIX}"
        temporary = str(path.parent / name)
        try:
            descriptor = os.open(temporary, flags, OWNER_FILE_MODE)
        except FileExistsError:
            continue
        return descriptor, temporary


def _name_max(folder: Path) -> int:
    try:
        return min(_NAME_MAX, os.pathconf(folder, "PC_NAME_MAX"))
    except (OSError, ValueError, AttributeError):
        return _NAME_MAX


def write_user_file(target: Path, data: bytes) -> None:
    """Write a file the user chose (brief, export, CSV) atomically, or raise one clear
    ServiceError that says nothing was written."""
    problem = target_problem(target)
    if problem is not None:
        raise ServiceError(f"Nothing was written to {target}: {problem}.")
    if not target.parent.is_dir():
        raise ServiceError(f"The folder {target.parent} does not exist.")
    try:
        write_bytes_atomically(target, data)
    except OSError as exc:
        raise ServiceError(f"Could not write {target} ({exc.strerror or exc}). Nothing was "
                           "written; an earlier file of that name is unchanged.") from None
