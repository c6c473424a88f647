"""One window per database: the storage layer's app lock (storage.locks, through the
services' start-up module, which loads no SQLAlchemy), taken before the database opens; a
second window is told and may open read-only. The lock file is readable by its user only."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..paths import private_folder
from ..services.startup import WindowLock, take_window_lock


@dataclass
class DatabaseLock:
    lock: WindowLock | None
    held: bool
    owner: str  # "process 123 on this computer" when another window holds it
    recovered_stale: bool  # an earlier copy ended without releasing it (a crash)


def lock_database(database: Path | None) -> DatabaseLock:
    if database is None:
        return DatabaseLock(None, True, "", False)
    try:  # a first start: the database's folder does not exist yet, nor can a lock in it
        private_folder(database.parent)
        attempt = take_window_lock(database)
    except OSError:
        return DatabaseLock(None, True, "", False)  # the open says why it cannot be made
    if attempt.lock is None:
        return DatabaseLock(None, False, attempt.owner, False)
    return DatabaseLock(attempt.lock, True, "", attempt.left_behind)
