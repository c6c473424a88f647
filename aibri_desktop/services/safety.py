"""Backups, restore and the integrity check, as use cases."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..storage.backup import (
    Backup,
    BackupError,
    integrity,
    list_backups,
    make_backup,
    recover_from_backup,
    restore,
)
from ..storage.checksums import mismatches
from ..storage.database import Database
from .changes import Change, ChangeKind
from .errors import InvalidInputError, ServiceError


@dataclass(frozen=True)
class CheckReport:
    database: Path | None
    structure: str  # "ok" or the problem
    changed_rows: tuple[str, ...]  # rows whose content no longer matches their checksum
    backups: int
    newest_backup: Backup | None

    @property
    def ok(self) -> bool:
        return self.structure == "ok" and not self.changed_rows


class SafetyService:
    def __init__(self, database: Database) -> None:
        self._db = database

    def _path(self) -> Path:
        if self._db.path is None:
            raise InvalidInputError("Backups are made for SQLite database files only.")
        return self._db.path

    def backup(self, reason: str = "manual") -> Backup:
        try:
            return make_backup(self._path(), reason)
        except BackupError as exc:
            raise ServiceError(str(exc)) from None

    def backups(self) -> list[Backup]:
        return list_backups(self._path()) if self._db.path is not None else []

    def set_aside_damaged(self) -> Path:
        """Keep a damaged database (and its WAL) under a new name before anything replaces it."""
        database = self._path()
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        target = database.with_name(f"{database.name}.damaged-{stamp}")
        self._db.engine.dispose()
        for suffix in ("", "-wal", "-shm"):
            source = Path(str(database) + suffix)
            if source.exists():
                shutil.copy2(source, Path(str(target) + suffix))
        return target

    def restore(self, backup: Path) -> Change:
        database = self._path()
        if not backup.is_file():
            raise InvalidInputError(f"{backup}: no such backup file")
        verdict = integrity(backup)
        if verdict != "ok":
            raise ServiceError(f"{backup.name} failed its integrity check ({verdict}); "
                               "nothing was restored.")
        self.backup("before-restore")
        self._db.engine.dispose()  # no pooled connection may hold the old pages
        try:
            restore(backup, database)
        except BackupError as exc:
            raise ServiceError(str(exc)) from None
        return Change(ChangeKind.BULK, ("*",), summary=f"Restored {backup.name}; the "
                      "database as it was just before is kept as a backup too.")

    def check(self) -> CheckReport:
        path = self._db.path
        structure = integrity(path) if path is not None else "ok"
        changed: tuple[str, ...] = ()
        if structure == "ok":
            with self._db.session() as session:
                changed = tuple(mismatches(session))
        backups = self.backups()
        return CheckReport(path, structure, changed, len(backups),
                           backups[0] if backups else None)


def newest_backup(database: Path) -> Backup | None:
    """For a database too damaged to open: its newest verified backup, if any."""
    found = list_backups(database)
    return found[0] if found else None


def recover_database(database: Path, backup: Backup) -> Path:
    """Move the damaged file aside and restore ``backup`` in its place; returns the aside path."""
    try:
        return recover_from_backup(database, backup.path)
    except BackupError as exc:
        raise ServiceError(str(exc)) from None
