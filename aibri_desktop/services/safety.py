"""Backups, restore and the integrity check, as use cases."""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from ..storage import checksums
from ..storage.backup import (
    Backup,
    BackupError,
    backup_folder,
    copy_database,
    integrity,
    list_backups,
    make_backup,
    recover_from_backup,
    restore,
)
from ..storage.checksums import mismatches
from ..storage.database import Database
from ..storage.locks import maintenance
from ..storage.models import LibraryLogRow
from ..storage.sqlite_files import DatabaseError, assessments_held, check_probe, probe_sqlite
from ..storage.types import utcnow
from .changes import Change, ChangeKind
from .errors import InvalidInputError, ServiceError


@dataclass(frozen=True)
class LogEntry:
    at: datetime
    by: str
    event: str
    detail: str


@dataclass(frozen=True)
class CheckReport:
    database: Path | None
    structure: str  # "ok" or the problem
    changed_rows: tuple[str, ...]  # rows whose content no longer matches their checksum
    backups: int
    newest_backup: Backup | None
    # the id of another computer's key the library is sealed with: its rows cannot be
    # verified here (not damage: a copied library, until someone adopts it)
    sealed_elsewhere: str | None = None
    log: tuple[LogEntry, ...] = ()  # what was done to the library as a whole, newest first

    @property
    def damaged(self) -> bool:
        return self.structure != "ok" or bool(self.changed_rows)

    @property
    def ok(self) -> bool:
        """Every row verified and the structure sound."""
        return not self.damaged and self.sealed_elsewhere is None

    def to_json(self) -> dict[str, Any]:
        newest = self.newest_backup
        return {
            "database": str(self.database) if self.database is not None else None,
            "structure": self.structure, "changed_rows": list(self.changed_rows),
            "backups": self.backups, "sealed_elsewhere": self.sealed_elsewhere,
            "newest_backup": None if newest is None else {
                "path": str(newest.path), "taken": newest.taken.isoformat(),
                "reason": newest.reason, "size": newest.size, "sequence": newest.sequence},
            "log": [{"at": e.at.isoformat(), "by": e.by, "event": e.event,
                     "detail": e.detail} for e in self.log],
            "ok": self.ok, "damaged": self.damaged,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CheckReport:
        newest = data["newest_backup"]
        return cls(
            database=Path(data["database"]) if data["database"] else None,
            structure=str(data["structure"]), changed_rows=tuple(data["changed_rows"]),
            backups=int(data["backups"]),
            newest_backup=None if newest is None else Backup(
                Path(newest["path"]), datetime.fromisoformat(newest["taken"]),
                newest["reason"], int(newest["size"]), int(newest["sequence"])),
            sealed_elsewhere=data["sealed_elsewhere"],
            log=tuple(LogEntry(datetime.fromisoformat(e["at"]), e["by"], e["event"],
                               e["detail"]) for e in data["log"]))


def own_command() -> list[str]:
    """How to run this installation's command line: the frozen app's own executable, or
    this Python with the package."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "aibri_desktop"]


def check_in_child(path: Path, *, timeout: float = 3600) -> CheckReport:
    """``aibri check --json`` in a child process: the same check, with the interpreter of the
    window left to the window. (In a thread of the window's own process, 31 s of hashing at
    10,000 assessments took Python's lock from every keystroke: a library filter went from
    ~25 ms to 115–270 ms, opening an assessment to 170–300 ms, for the whole check.)"""
    # Below the window's priority: on a two-core laptop the check otherwise takes the core
    # the window's painting needs (a library keystroke 30 ms alone, 41 ms during the check).
    below_normal = getattr(subprocess, "BELOW_NORMAL_PRIORITY_CLASS", 0)  # Windows only
    try:
        child = subprocess.Popen([*own_command(), "--db", str(path), "check", "--json"],
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                 stdin=subprocess.DEVNULL, text=True, creationflags=below_normal)
    except OSError as exc:
        raise ServiceError(f"The check of every row could not run ({exc}).") from None
    if hasattr(os, "setpriority"):
        with contextlib.suppress(OSError):  # it may already have ended
            os.setpriority(os.PRIO_PROCESS, child.pid, 10)
    with _children_lock:
        _children.add(child)
    try:
        out, _err = child.communicate(timeout=timeout)
        if child.returncode < 0:
            raise ServiceError("The check of every row was stopped.")
        return CheckReport.from_json(json.loads(out))
    except (ValueError, KeyError, TypeError, subprocess.SubprocessError) as exc:
        child.kill()
        raise ServiceError(f"The check of every row could not run ({exc}).") from None
    finally:
        with _children_lock:
            _children.discard(child)


_children: set[subprocess.Popen[str]] = set()
_children_lock = threading.Lock()


def child_checks_running() -> int:
    """How many checks run in child processes now."""
    with _children_lock:
        return sum(1 for child in _children if child.poll() is None)


def stop_child_checks() -> None:
    """Stop the checks still running in child processes (the window is closing, or this
    process is ending): a check nobody will read must not keep a core busy after the app."""
    with _children_lock:
        running = list(_children)
    for child in running:
        if child.poll() is None:
            child.terminate()


atexit.register(stop_child_checks)


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

    def restore(self, backup: Path) -> Change[None]:
        """Replace the database with ``backup`` once a copy of it has opened and checked as
        the app's own database would; a refusal changes nothing (no backup made either)."""
        database = self._path()
        backup = backup.expanduser().absolute()  # relative to the working folder
        with maintenance(database, "Restoring a backup"), \
                checked_copy(backup, near=database) as staged:
            self.backup("before-restore")
            self._db.engine.dispose()  # no pooled connection may hold the old pages
            try:
                restore(staged, database)
            except BackupError as exc:
                raise ServiceError(str(exc)) from None
        return Change(ChangeKind.BULK, ("*",), summary=f"Restored {backup.name}; the "
                      "database as it was just before is kept as a backup too.")

    def check(self) -> CheckReport:
        path = self._db.path
        structure = integrity(path) if path is not None else "ok"
        changed: tuple[str, ...] = ()
        elsewhere: str | None = None
        log: tuple[LogEntry, ...] = ()
        if structure == "ok":
            with self._db.session() as session:
                state = checksums.key_state(session)
                elsewhere = state.library_key if state.sealed_elsewhere else None
                changed = tuple(mismatches(session))
                log = tuple(LogEntry(r.at, r.by, r.event, r.detail) for r in session.scalars(
                    select(LibraryLogRow).order_by(LibraryLogRow.id.desc()).limit(5)))
        backups = self.backups()
        return CheckReport(path, structure, changed, len(backups),
                           backups[0] if backups else None, elsewhere, log)

    def backups_holding(self, assessment_ids: tuple[str, ...]) -> list[Backup]:
        """The backups that still hold any of these assessments (after a purge, say)."""
        return [b for b in self.backups() if assessments_held(b.path, assessment_ids)]

    def remove_backups(self, backups: list[Backup]) -> Change[None]:
        """Delete these backup files (after a purge, those that still hold what was purged);
        the newest verified backup that holds none of it stays the one recovery offers."""
        folder = backup_folder(self._path()).resolve()
        removed = 0
        for backup in backups:
            if backup.path.resolve().parent != folder:
                raise InvalidInputError(f"{backup.path} is not one of this database's backups.")
            try:
                backup.path.unlink(missing_ok=True)
                removed += 1
            except OSError as exc:
                raise ServiceError(f"The backup {backup.path} could not be removed "
                                   f"({exc.strerror}); {removed} were.") from None
        return Change(ChangeKind.BULK, summary=f"Removed {removed} backup(s).")

    def adopt(self, who: str) -> Change[None]:
        """Take over a library sealed on another computer: after a verified backup, re-seal
        every row with this computer's key and record who did it in the library log.

        Only for a library whose rows cannot be verified here; it vouches for rows nobody
        can check, so the caller asks the person to confirm first."""
        report = self.check()
        if report.structure != "ok":
            raise ServiceError(f"The library was not adopted: it is damaged "
                               f"({report.structure}).")
        if report.sealed_elsewhere is None:
            raise InvalidInputError("This library is already sealed with this computer's "
                                    "key; there is nothing to adopt.")
        if self._db.path is not None:
            self.backup("before-adopt")
        with self._db.session(write=True) as session:
            previous, count = checksums.adopt(session, who, utcnow())
        return Change(ChangeKind.BULK, ("*",), summary=(
            f"Adopted the library: {count:,} rows sealed with this computer's key (they were "
            f"sealed with key {previous}). The adoption is recorded in the library log."))


def newest_backup(database: Path) -> Backup | None:
    """For a database too damaged to open: its newest verified backup, if any."""
    found = list_backups(database)
    return found[0] if found else None


def usable_backup(database: Path) -> Backup | None:
    """For a database too damaged to open: the newest backup that passes every check a
    restore makes (:func:`checked_copy`); a newer one that was damaged since, or copied in from
    another computer, is passed over rather than offered and then refused."""
    for backup in list_backups(database):
        try:
            with checked_copy(backup.path.absolute(), near=database):
                return backup
        except ServiceError:
            continue
    return None


def recover_database(database: Path, backup: Backup) -> Path:
    """Move the damaged file aside and restore ``backup`` in its place; returns the aside path.
    The backup is checked first (see :func:`checked_copy`): a refused one moves nothing."""
    with checked_copy(backup.path.absolute(), near=database) as staged:
        try:
            return recover_from_backup(database, staged)
        except BackupError as exc:
            raise ServiceError(str(exc)) from None


def _no_backup(_path: Path, _old: int, _new: int) -> None:
    """A staging copy is upgraded without a backup of its own: the candidate is untouched."""


@contextmanager
def checked_copy(candidate: Path, *, near: Path) -> Iterator[Path]:
    """A copy of ``candidate`` that has passed exactly what opening the app's database
    checks (SQLite header, our application_id, a schema no newer than this app, the upgrade of
    an older one) and then ``aibri check`` (integrity_check, foreign keys, row checksums).

    The copy lives in a temporary folder beside ``near`` (the live database) and is gone
    afterwards; ``candidate`` itself is only read. An older schema is upgraded on the copy, so
    what is restored is current. Any refusal is a :class:`ServiceError` of one line, raised
    before the caller has changed anything.
    """
    if not candidate.is_file():
        raise InvalidInputError(f"{candidate}: no such backup file")

    def refused(problem: str) -> ServiceError:
        return ServiceError(f"{problem.rstrip('.')}. It was not restored; nothing was changed.")

    try:
        probe = probe_sqlite(candidate)
        check_probe(candidate, probe)
    except DatabaseError as exc:
        raise refused(str(exc)) from None
    if not probe.tables:
        raise refused(f"{candidate} is not an AIBRI Desktop database (it holds no tables)")
    verdict = integrity(candidate)
    if verdict != "ok":
        raise refused(f"{candidate.name} failed its integrity check ({verdict})")
    with tempfile.TemporaryDirectory(prefix=".aibri-restore-", dir=near.parent) as folder:
        staged = Path(folder) / candidate.name
        try:
            copy_database(candidate, staged)
            from .hub import Services  # the open every database goes through

            opened = Services.open(staged, before_migration=_no_backup)
        except Exception as exc:  # an untrusted file: any failure to open it is a refusal
            text = (str(exc).splitlines() or [type(exc).__name__])[0]
            raise refused(text.replace(str(staged), str(candidate))) from None
        try:
            report = opened.safety.check()
        finally:
            opened.close()
        if report.structure != "ok":
            raise refused(f"{candidate.name} failed its integrity check ({report.structure})")
        if report.changed_rows:
            raise refused(f"{candidate.name} holds rows changed outside the app: "
                          + "; ".join(report.changed_rows[:3]))
        if report.sealed_elsewhere is not None:
            raise refused(f"{candidate.name} was sealed on another computer, so its rows "
                          "cannot be verified here; open it with --db and adopt it (aibri "
                          "check --adopt) if you trust it, then restore that")
        yield staged
