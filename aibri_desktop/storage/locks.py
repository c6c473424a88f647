"""The two locks of a database file, taken in the storage layer on its resolved real path.

- The **app lock**: one window per database. The lock file ``<real path>.lock`` holds an
  operating-system lock (``flock`` on Linux and macOS, ``LockFileEx`` through ``msvcrt`` on
  Windows) for as long as the window has the database open. The system releases it when the
  process ends, however it ends, so no lock is ever stale; a lock *file* left behind without a
  holder is how the next start knows the last one crashed.
- The **maintenance lock**: operations that replace or rewrite the database (restore, import
  with replace, purge, schema upgrades) take the same lock for their duration, and are refused
  with one line while a window holds it — unless that window is this very process (a restore
  chosen in the window's own Settings).

Everyday writes (answer, create, import without replace) take neither: they rely on
``BEGIN IMMEDIATE`` and the busy timeout.

A symbolic link reaches the same lock through the resolved path. A hard link would not, and
SQLite keeps its write-ahead log by name, so two names of one file would corrupt it: a
database file with more than one name is refused when it is opened (:func:`check_single_name`).
"""

from __future__ import annotations

import os
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from .sqlite_files import DatabaseError

_held_here: dict[Path, AppLock] = {}  # this process's app locks, by real path


class LockRefused(DatabaseError):
    """Another window has the database; ``str()`` is one sentence for the user."""


def lock_path(database: Path) -> Path:
    return Path(str(database.resolve()) + ".lock")


def check_single_name(database: Path) -> None:
    """Refuse a database file that has several names (hard links): see the module text."""
    try:
        links = database.stat().st_nlink
    except OSError:
        return
    if links > 1:
        raise DatabaseError(
            f"{database} has {links} names (hard links). SQLite keeps its journal beside "
            "each name, so opening it by two names would corrupt it; remove the other links "
            "(or copy the file) and open it by one name only. Nothing was changed.")


@dataclass
class AppLock:
    database: Path  # the real path
    path: Path  # the lock file
    _handle: IO[bytes] | None = field(default=None, repr=False)

    def unlock(self) -> None:
        """Release the lock and remove its file (a clean end: no crash to report)."""
        if self._handle is None:
            return
        _held_here.pop(self.database, None)
        with suppress(OSError):
            self.path.unlink(missing_ok=True)
        _release(self._handle)
        self._handle = None


@dataclass(frozen=True)
class Attempt:
    lock: AppLock | None  # None: another process holds it
    owner: str  # who holds it ("process 123 on host-x"), when refused
    left_behind: bool  # a lock file was there with no holder: the last copy crashed


def take_app_lock(database: Path) -> Attempt:
    """Try, without waiting, to take the app lock of ``database`` (its folder must exist)."""
    real = database.resolve()
    path = lock_path(database)
    left_behind = path.exists()
    handle = _open(path)
    if not _try(handle):
        owner = _owner(path)
        handle.close()
        return Attempt(None, owner, False)
    if not _still_named(handle, path):  # its holder removed the file as we opened it
        _release(handle)
        return take_app_lock(database)
    handle.seek(0)
    handle.truncate()
    handle.write(f"{os.getpid()} {socket.gethostname()}\n".encode())
    handle.flush()
    lock = AppLock(real, path, handle)
    _held_here[real] = lock
    return Attempt(lock, "", left_behind)


@contextmanager
def maintenance(database: Path | None, what: str) -> Iterator[None]:
    """Hold the database to ourselves while ``what`` replaces or rewrites it."""
    if database is None or not database.exists() or database.resolve() in _held_here:
        yield  # a server database, a new file, or the window of this process itself
        return
    attempt = take_app_lock(database)
    if attempt.lock is None:
        raise LockRefused(
            f"{what} needs the database to itself, but AIBRI Desktop has it open in a window "
            f"({attempt.owner}). Close that window and try again; nothing was changed.")
    try:
        yield
    finally:
        attempt.lock.unlock()


def _owner(path: Path) -> str:
    try:
        pid, _, host = path.read_text(encoding="utf-8").strip().partition(" ")
    except OSError:
        return "another process"
    if not pid.isdigit():
        return "another process"
    here = host in ("", socket.gethostname())
    return f"process {pid} on {'this computer' if here else host}"


def _still_named(handle: IO[bytes], path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(handle.fileno()), path.stat())
    except OSError:
        return False


def _open(path: Path) -> IO[bytes]:
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    return os.fdopen(descriptor, "r+b")


if sys.platform == "win32":  # pragma: no cover - exercised by the Windows CI job
    import msvcrt

    def _try(handle: IO[bytes]) -> bool:
        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _release(handle: IO[bytes]) -> None:
        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        finally:
            handle.close()
else:
    import fcntl

    def _try(handle: IO[bytes]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _release(handle: IO[bytes]) -> None:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        finally:
            handle.close()
