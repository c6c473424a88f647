"""Writing files the user keeps: atomically, so a failure leaves the earlier file intact."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import ServiceError


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Temp file in the same folder, flushed and synced, then renamed over the target."""
    folder = path.parent
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    try:
        os.chmod(temporary, _mode_for(path))  # mkstemp makes 0600; keep the usual permissions
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
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


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_user_file(target: Path, data: bytes) -> None:
    """Write a file the user chose (brief, export, CSV) atomically, or raise one clear
    ServiceError that says nothing was written."""
    if target.is_dir():
        raise ServiceError(f"{target} is a folder; choose a file name.")
    if not target.parent.is_dir():
        raise ServiceError(f"The folder {target.parent} does not exist.")
    try:
        write_bytes_atomically(target, data)
    except OSError as exc:
        raise ServiceError(f"Could not write {target} ({exc.strerror or exc}). Nothing was "
                           "written; an earlier file of that name is unchanged.") from None
