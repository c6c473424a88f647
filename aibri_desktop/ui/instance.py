"""One copy of the app per database: a lock file beside it (QLockFile, which also recognises
the stale lock a crashed copy leaves behind), readable by its user only."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLockFile

from ..paths import private_folder, private_umask


@dataclass
class DatabaseLock:
    lock: QLockFile | None
    held: bool
    owner: str  # "pid 123 on host-x" when another copy holds it
    recovered_stale: bool  # an earlier copy ended without releasing it (a crash)


def lock_database(database: Path | None) -> DatabaseLock:
    if database is None:
        return DatabaseLock(None, True, "", False)
    path = Path(str(database) + ".lock")
    try:  # a first start: the database's folder does not exist yet, nor can a lock in it
        private_folder(path.parent)
    except OSError:
        return DatabaseLock(None, True, "", False)  # the open says why it cannot be made
    with private_umask():  # QLockFile takes no mode: the lock file is made 0600 this way
        return _lock(path)


def _lock(path: Path) -> DatabaseLock:
    left_behind = path.exists()  # a copy that ended cleanly removes its lock file
    lock = QLockFile(str(path))
    lock.setStaleLockTime(0)  # stale only when its process is gone, never by age
    if lock.tryLock(200):
        return DatabaseLock(lock, True, "", left_behind)
    if lock.error() == QLockFile.LockError.LockFailedError:
        info = lock.getLockInfo()  # PySide6: (pid, host, app), or an empty tuple
        pid, host = (int(info[0]), str(info[1])) if info else (0, "")
        if info and not _alive(pid, host):
            lock.removeStaleLockFile()
            if lock.tryLock(200):
                return DatabaseLock(lock, True, "", True)
        return DatabaseLock(None, False, f"process {pid} on {host or 'this computer'}", False)
    return DatabaseLock(None, False, "an unreadable lock file", False)


def _alive(pid: int, host: str) -> bool:
    import os
    import socket

    if host and host != socket.gethostname():
        return True  # another computer: assume it is in use
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
