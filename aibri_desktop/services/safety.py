"""Backups, restore and the integrity check, as use cases.

On an SQLite file a backup is a verified copy of the file (:mod:`..storage.backup`). On a
server the server's own backups (pg_dump, point-in-time recovery) are the primary ones; a
backup made here is a verified ``.aibri`` snapshot of every assessment with its whole history,
written to this user's data folder (see :class:`Snapshot`), which ``aibri import`` reads back.
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import sessionmaker

from .. import paths
from ..exchange.aibri_file import (
    MAX_ASSESSMENTS,
    MAX_ENTRY_BYTES,
    MAX_FILE_BYTES,
    MAX_RATIO,
    MAX_TOTAL_BYTES,
    ExchangeError,
    dependency_order,
    read_exchange,
)
from ..storage import checksums
from ..storage.backup import (
    Backup,
    BackupError,
    backup_folder,
    copy_database,
    integrity,
    kept_by_policy,
    list_backups,
    make_backup,
    process_alive,
    recover_from_backup,
    restore,
)
from ..storage.checksums import mismatches
from ..storage.database import Database
from ..storage.locks import maintenance
from ..storage.models import (
    AnswerHistoryRow,
    AnswerRow,
    Assessment,
    DetailHistoryRow,
    IssuedBrief,
    LibraryLogRow,
    SuggestionDecision,
)
from ..storage.sqlite_files import DatabaseError, assessments_held, check_probe, probe_sqlite
from ..storage.types import utcnow
from .changes import Change, ChangeKind
from .errors import InvalidInputError, ServiceError
from .files import write_text_atomically

if TYPE_CHECKING:
    from .exchange_service import ExchangeService

# what every answer about backups on a server ends with
SERVER_PRIMARY = ("The server's own backups (pg_dump, point-in-time recovery) are the primary "
                  "ones; docs/team-server.md shows how.")
NOT_APPLICABLE = "not applicable on a server"  # a check that has no server equivalent
RESTORE_ON_SERVER = (
    "A library on a server is not restored from here: import a snapshot with aibri import "
    "FILE --on-conflict skip|replace|copy, or restore the whole server from its own backups "
    "with pg_restore (pg_dump and point-in-time recovery are the primary ones); nothing was "
    "changed.")


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
    # on a server: its URL (no password); structure is then NOT_APPLICABLE (the server keeps
    # its own pages) and the backups are this user's verified snapshots
    server: str | None = None
    unverified_backups: int = 0  # snapshots whose files no longer match their SHA-256

    @property
    def damaged(self) -> bool:
        return self.structure not in ("ok", NOT_APPLICABLE) or bool(self.changed_rows)

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
            "server": self.server, "unverified_backups": self.unverified_backups,
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
                               e["detail"]) for e in data["log"]),
            server=data.get("server"), unverified_backups=int(data.get("unverified_backups", 0)))


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


Exporter = Callable[[Database], "ExchangeService"]


class SafetyService:
    def __init__(self, database: Database, *, exporter: Exporter | None = None) -> None:
        """``exporter`` builds the .aibri export over a given database: on a server the
        snapshot is exported through it from one consistent moment of the library."""
        self._db = database
        self._exporter = exporter

    def _path(self) -> Path:
        if self._db.path is None:
            raise InvalidInputError("Backups are made for SQLite database files only.")
        return self._db.path

    def backup(self, reason: str = "manual") -> Backup:
        """A verified backup: a copy of the SQLite file, or on a server a verified .aibri
        snapshot of the whole library (a :class:`Snapshot`)."""
        if self._db.on_server:
            return self._snapshot(reason)
        try:
            return make_backup(self._path(), reason)
        except BackupError as exc:
            raise ServiceError(str(exc)) from None

    def backups(self) -> list[Backup]:
        """Newest first; on a server the snapshots, each re-hashed to say if it is still the
        file that was verified (:attr:`Snapshot.verified`)."""
        if self._db.on_server:
            return list(snapshots_in(self.snapshot_folder()))
        return list_backups(self._path()) if self._db.path is not None else []

    def snapshot_folder(self) -> Path:
        """Where this user's snapshots of this server library are kept."""
        return snapshot_folder(self._db.url)

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
        if self._db.on_server:
            raise InvalidInputError(RESTORE_ON_SERVER)
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
        """The structure (SQLite's integrity_check and foreign keys), every row's checksum and
        the backups. On a server the structure is the server's own business (reported as
        not applicable) and the backups are the verified snapshots."""
        path = self._db.path
        server = self._db.on_server
        structure = integrity(path) if path is not None else (NOT_APPLICABLE if server
                                                               else "ok")
        changed: tuple[str, ...] = ()
        elsewhere: str | None = None
        log: tuple[LogEntry, ...] = ()
        if structure in ("ok", NOT_APPLICABLE):
            with self._db.session() as session:
                state = checksums.key_state(session)
                elsewhere = state.library_key if state.sealed_elsewhere else None
                changed = tuple(mismatches(session))
                log = tuple(LogEntry(r.at, r.by, r.event, r.detail) for r in session.scalars(
                    select(LibraryLogRow).order_by(LibraryLogRow.id.desc()).limit(5)))
        found = self.backups()
        backups = [b for b in found if not isinstance(b, Snapshot) or b.verified]
        return CheckReport(path, structure, changed, len(backups),
                           backups[0] if backups else None, elsewhere, log,
                           server=_shown(self._db.url) if server else None,
                           unverified_backups=len(found) - len(backups))

    def backups_holding(self, assessment_ids: tuple[str, ...]) -> list[Backup]:
        """The backups that still hold any of these assessments (after a purge, say)."""
        if self._db.on_server:
            return [b for b in self.backups() if isinstance(b, Snapshot)
                    and snapshot_holds(b, assessment_ids)]
        return [b for b in self.backups() if assessments_held(b.path, assessment_ids)]

    def remove_backups(self, backups: list[Backup]) -> Change[None]:
        """Delete these backup files (after a purge, those that still hold what was purged);
        the newest verified backup that holds none of it stays the one recovery offers."""
        if self._db.on_server:
            return remove_snapshots(self.snapshot_folder(), backups)
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
        if report.structure not in ("ok", NOT_APPLICABLE):
            raise ServiceError(f"The library was not adopted: it is damaged "
                               f"({report.structure}).")
        if report.sealed_elsewhere is None:
            raise InvalidInputError("This library is already sealed with this computer's "
                                    "key; there is nothing to adopt.")
        if self._db.path is not None:
            self.backup("before-adopt")
        with self._db.session(write=True) as session:
            previous, count = checksums.adopt(session, self._db.author(who), utcnow())
        return Change(ChangeKind.BULK, ("*",), summary=(
            f"Adopted the library: {count:,} rows sealed with this computer's key (they were "
            f"sealed with key {previous}). The adoption is recorded in the library log."))

    def _snapshot(self, reason: str) -> Snapshot:
        """Export every assessment (deleted ones too) from one consistent moment of the
        server library, then keep the files only once the import's own reader has parsed
        them and they hold exactly what the library held at that moment."""
        if self._exporter is None:
            raise ServiceError("Snapshots of a server library are not available here. "
                               + SERVER_PRIMARY)
        folder = self.snapshot_folder()
        try:
            paths.private_folder(folder.parent, tighten=True)  # aibri-backups/: ours
            paths.private_folder(folder, tighten=True)
            remove_snapshot_leftovers(folder)
            staging = Path(tempfile.mkdtemp(prefix=f"{_STAGING}{os.getpid()}-", dir=folder))
        except OSError as exc:
            raise ServiceError(f"No snapshot could be written to {folder} ({exc}). "
                               + SERVER_PRIMARY) from None
        try:
            with _pinned(self._db) as moment:
                expected, ordered = _library_contents(moment)
                if not ordered:
                    raise InvalidInputError("The library holds no assessments yet: there is "
                                            "nothing to snapshot. " + SERVER_PRIMARY)
                staged = _export_parts(self._exporter(moment), ordered, staging)
            digests, found = _verify_parts(staged)
            if found != expected:
                raise ServiceError(
                    f"The snapshot failed its verification: {found.difference(expected)}; it "
                    "was not kept. " + SERVER_PRIMARY)
            return _commit(folder, staging, staged, digests, reason, expected)
        except ServiceError:
            raise
        except OSError as exc:
            raise ServiceError(f"No snapshot could be written to {folder} ({exc}); nothing "
                               "was kept. " + SERVER_PRIMARY) from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)  # gone already once committed


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


# ---- snapshots of a server library ----------------------------------------------------------
#
# A snapshot is a folder ``aibri-s<sequence>-<time>-<reason>`` in this user's
# ``aibri-backups/<host>_<database>`` folder, holding the .aibri file (several parts, to be
# imported in order, when the library holds more than one file may) and ``SHA256SUMS``
# (``sha256sum -c`` reads it). It is staged in a hidden folder, verified, and renamed into
# place in one step: a folder of that name is always a whole snapshot.

_SNAPSHOT = re.compile(r"^aibri-s(\d{6,})-(\d{8}-\d{6}-\d{6})-([a-z0-9-]{1,32})$")
_SUMS = "SHA256SUMS"
_SUM_LINE = re.compile(r"^([0-9a-f]{64})  (aibri-[A-Za-z0-9._-]{1,200}\.aibri)$")
_STAGING = ".aibri-snapshot-p"  # + pid: a snapshot being made (or left by a killed one)


@dataclass(frozen=True)
class SnapshotCounts:
    """What a snapshot holds, counted the same way in the library and in the files."""

    assessments: int = 0
    answers: int = 0
    history: int = 0  # answer-history entries
    details: int = 0  # details-history entries
    decisions: int = 0  # accepted or rejected suggestions
    register: int = 0  # issued-brief entries of these assessments
    ids: frozenset[str] = frozenset()

    def __add__(self, other: SnapshotCounts) -> SnapshotCounts:
        return SnapshotCounts(
            self.assessments + other.assessments, self.answers + other.answers,
            self.history + other.history, self.details + other.details,
            self.decisions + other.decisions, self.register + other.register,
            self.ids | other.ids)

    def difference(self, library: SnapshotCounts) -> str:
        """What differs, in words: "the library holds 5 answers, the snapshot 4"."""
        words = {"assessments": "assessments", "answers": "answers",
                 "history": "answer-history entries", "details": "details-history entries",
                 "decisions": "suggestion decisions", "register": "register entries"}
        for name, word in words.items():
            if getattr(self, name) != getattr(library, name):
                return (f"the library holds {getattr(library, name):,} {word}, the snapshot "
                        f"{getattr(self, name):,}")
        return "the snapshot holds other assessments than the library"


@dataclass(frozen=True)
class Snapshot(Backup):
    """A snapshot of a server library. ``path`` is the .aibri file to import (the folder when
    there are several parts); ``verified``: every part still has the SHA-256 recorded when it
    was verified, else ``problem`` says what is wrong."""

    folder: Path = Path()
    parts: tuple[Path, ...] = ()
    verified: bool = False
    problem: str = ""
    counts: SnapshotCounts | None = None  # known when just made

    @property
    def sums(self) -> Path:
        return self.folder / _SUMS


def _shown(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def server_name(url: str) -> str:
    """``host_database`` (with ``-port`` when one is given), safe characters only: the name
    of the folder that keeps one server library's snapshots."""
    parsed = make_url(url)
    host = parsed.host or str(parsed.query.get("host") or "") or "localhost"
    port = parsed.port or parsed.query.get("port")
    if port:
        host = f"{host}-{port}"
    database = parsed.database or str(parsed.query.get("service") or "") or "default"
    name = re.sub(r"[^A-Za-z0-9.-]+", "-", host).strip("-.")[:60] + "_" + re.sub(
        r"[^A-Za-z0-9_.-]+", "-", database).strip("-.")[:60]
    return name.strip("_") or "server"


def snapshot_folder(url: str) -> Path:
    return paths.user_data_dir() / "aibri-backups" / server_name(url)


@contextmanager
def _pinned(database: Database) -> Iterator[Database]:
    """The database as one moment: every read through it in one read-only REPEATABLE READ
    transaction, so that the files and the counts they are checked against are the same state
    while the team keeps working."""
    with database.engine.connect() as connection:
        connection.execution_options(isolation_level="REPEATABLE READ",
                                     postgresql_readonly=True)
        with connection.begin():
            sessions = sessionmaker(bind=connection, expire_on_commit=False,
                                    join_transaction_mode="rollback_only")
            yield dataclasses.replace(database, _sessions=sessions, read_only=True)


def _library_contents(database: Database) -> tuple[SnapshotCounts, list[str]]:
    """What the library holds, and every assessment's id with each predecessor before its
    follow-ups (so that importing the parts in order keeps the links)."""
    with database.session() as session:
        def count(table: Any, *where: Any) -> int:
            return int(session.scalar(select(func.count()).select_from(table).where(*where))
                       or 0)

        rows: list[dict[str, Any]] = [{"id": i, "predecessor_id": p} for i, p in session.execute(
            select(Assessment.id, Assessment.predecessor_id).order_by(
                Assessment.created_at, Assessment.id))]
        counts = SnapshotCounts(
            len(rows), count(AnswerRow), count(AnswerHistoryRow), count(DetailHistoryRow),
            count(SuggestionDecision), count(IssuedBrief, IssuedBrief.assessment_id.is_not(None)),
            frozenset(r["id"] for r in rows))
    try:
        ordered = [r["id"] for r in dependency_order(rows)]
    except ExchangeError as exc:
        raise ServiceError(f"No snapshot was made: {exc}. " + SERVER_PRIMARY) from None
    return counts, ordered


def _fits(part: Path) -> bool:
    """Whether the import's reader accepts a file of this size (its limits on the file, each
    entry, their total and the compression ratio), read from the ZIP directory only."""
    if part.stat().st_size > MAX_FILE_BYTES:
        return False
    with zipfile.ZipFile(part) as archive:
        infos = archive.infolist()
    return (sum(i.file_size for i in infos) <= MAX_TOTAL_BYTES
            and all(i.file_size <= MAX_ENTRY_BYTES for i in infos)
            and all(not i.compress_size or i.file_size / i.compress_size <= MAX_RATIO
                    for i in infos))


def _export_parts(exchange: ExchangeService, ordered: list[str], staging: Path) -> list[Path]:
    """Export the assessments in order into as few files as the import's limits allow (a
    file that would be refused for its size is split in two, and again)."""
    pending = [ordered[i:i + MAX_ASSESSMENTS] for i in range(0, len(ordered), MAX_ASSESSMENTS)]
    written: list[Path] = []
    while pending:
        chunk = pending.pop(0)
        target = staging / f"aibri-part-{len(written) + 1:04d}.aibri"
        try:
            exchange.export(chunk, target, include_deleted=True)
        except ServiceError as exc:
            raise ServiceError(f"No snapshot was kept: {exc} " + SERVER_PRIMARY) from None
        if _fits(target):
            written.append(target)
            continue
        target.unlink()
        if len(chunk) == 1:
            raise ServiceError(f"No snapshot was kept: the assessment {chunk[0]} alone is "
                               "larger than an .aibri file may be. " + SERVER_PRIMARY)
        pending[:0] = [chunk[:len(chunk) // 2], chunk[len(chunk) // 2:]]
    return written


def _verify_parts(parts: list[Path]) -> tuple[list[str], SnapshotCounts]:
    """Read each file back and parse it with the import's own reader (nothing is written
    anywhere); its SHA-256 is of exactly the bytes that were parsed."""
    digests: list[str] = []
    total = SnapshotCounts()
    for n, part in enumerate(parts, 1):
        data = part.read_bytes()
        try:
            exchange = read_exchange(data)
        except ExchangeError as exc:
            raise ServiceError(f"The snapshot failed its verification (part {n}: {exc}); it "
                               "was not kept. " + SERVER_PRIMARY) from None
        digests.append(hashlib.sha256(data).hexdigest())
        items = exchange.assessments
        total = total + SnapshotCounts(
            len(items), sum(len(i["answers"]) for i in items),
            sum(len(i["history"]) for i in items),
            sum(len(i["details_history"]) for i in items),
            sum(len(i["suggestions"]) for i in items), sum(len(i["briefs"]) for i in items),
            frozenset(i["id"] for i in items))
    return digests, total


def _commit(folder: Path, staging: Path, staged: list[Path], digests: list[str], reason: str,
            counts: SnapshotCounts) -> Snapshot:
    """Name the verified parts, record their SHA-256, fsync, and rename the staging folder
    into place (one step); then rotate."""
    moment = datetime.now(UTC)
    slug = re.sub(r"[^a-z0-9-]+", "-", reason.lower()).strip("-")[:32] or "manual"
    stem = f"{moment.strftime('%Y%m%d-%H%M%S-%f')}-{slug}"
    sequence = max((s.sequence for s in snapshots_in(folder, hashed=False)), default=0) + 1
    while (folder / f"aibri-s{sequence:06d}-{stem}").exists():
        sequence += 1  # another snapshot took the number meanwhile
    name = f"aibri-s{sequence:06d}-{stem}"
    parts = [f"{name}.aibri"] if len(staged) == 1 else [
        f"{name}-part{n:02d}of{len(staged):02d}.aibri" for n in range(1, len(staged) + 1)]
    for source, part in zip(staged, parts, strict=True):
        os.replace(source, staging / part)
    write_text_atomically(staging / _SUMS, "".join(
        f"{digest}  {part}\n" for digest, part in zip(digests, parts, strict=True)))
    _sync_folder(staging)
    target = folder / name
    os.rename(staging, target)
    _sync_folder(folder)
    rotate_snapshots(folder, now=moment, keep=target)
    files = tuple(target / part for part in parts)
    return Snapshot(files[0] if len(files) == 1 else target, moment, slug,
                    sum(f.stat().st_size for f in files), sequence, folder=target, parts=files,
                    verified=True, counts=counts)


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every system can open a folder
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def snapshots_in(folder: Path, *, hashed: bool = True) -> list[Snapshot]:
    """The snapshots in ``folder``, newest (last made) first; ``hashed``: each part's SHA-256
    compared with the one recorded (else they are listed as not yet checked)."""
    found = []
    for entry in folder.iterdir() if folder.is_dir() else []:
        match = _SNAPSHOT.match(entry.name)
        if match is None or entry.is_symlink() or not entry.is_dir():
            continue
        taken = datetime.strptime(match.group(2), "%Y%m%d-%H%M%S-%f").replace(tzinfo=UTC)
        parts, problem = _check_snapshot(entry, hashed=hashed)
        size = sum(p.stat().st_size for p in parts if p.is_file())
        found.append(Snapshot(parts[0] if len(parts) == 1 else entry, taken, match.group(3),
                              size, int(match.group(1)), folder=entry, parts=parts,
                              verified=hashed and not problem, problem=problem))
    return sorted(found, key=lambda s: (s.sequence, s.taken), reverse=True)


def _check_snapshot(folder: Path, *, hashed: bool) -> tuple[tuple[Path, ...], str]:
    """The snapshot's parts and what is wrong with it ("" when each part is the file that
    was verified)."""
    try:
        lines = (folder / _SUMS).read_text(encoding="utf-8")[:65536].splitlines()
    except (OSError, UnicodeDecodeError):
        return (), f"its {_SUMS} is missing or unreadable"
    recorded = [_SUM_LINE.match(line) for line in lines]
    if not recorded or None in recorded:
        return (), f"its {_SUMS} is damaged"
    parts = tuple(folder / m.group(2) for m in recorded if m is not None)
    for match, part in zip(recorded, parts, strict=True):
        assert match is not None
        if part.is_symlink() or not part.is_file():
            return parts, f"{part.name} is missing"
        if hashed and _sha256(part) != match.group(1):
            return parts, f"{part.name} does not match its SHA-256 (changed or damaged)"
    return parts, ""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def rotate_snapshots(folder: Path, *, now: datetime, keep: Path) -> list[Path]:
    """Delete the verified snapshots the policy of the file backups no longer keeps (never
    ``keep``). Only verified ones count and go: a snapshot damaged since never takes the
    place of a good one, and is left for a person to look at."""
    good = [s for s in snapshots_in(folder) if s.verified]
    kept = kept_by_policy([(s.folder, s.taken) for s in good], now) | {keep}
    deleted = []
    for snapshot in good:
        if snapshot.folder not in kept:
            shutil.rmtree(snapshot.folder, ignore_errors=True)
            deleted.append(snapshot.folder)
    return deleted


def remove_snapshot_leftovers(folder: Path) -> list[Path]:
    """Delete the staging folders of snapshots whose process is gone (killed mid-way)."""
    removed = []
    for entry in folder.iterdir() if folder.is_dir() else []:
        match = re.match(rf"^{re.escape(_STAGING)}(\d+)-", entry.name)
        if match is None or not entry.is_dir() or entry.is_symlink():
            continue
        if not process_alive(int(match.group(1))):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


def snapshot_holds(snapshot: Snapshot, assessment_ids: tuple[str, ...]) -> bool:
    """Whether the snapshot still holds any of these assessments; one that cannot be read
    may, and is counted as holding them."""
    wanted = set(assessment_ids)
    for part in snapshot.parts:
        try:
            if wanted & {a["id"] for a in read_exchange(part.read_bytes()).assessments}:
                return True
        except (OSError, ExchangeError):
            return True
    return not snapshot.parts


def remove_snapshots(folder: Path, backups: list[Backup]) -> Change[None]:
    """Delete these snapshots (folders of ``folder`` only)."""
    removed = 0
    for backup in backups:
        if not isinstance(backup, Snapshot) or backup.folder.resolve().parent != \
                folder.resolve():
            raise InvalidInputError(f"{backup.path} is not one of this library's snapshots.")
        try:
            shutil.rmtree(backup.folder)
            removed += 1
        except FileNotFoundError:
            removed += 1
        except OSError as exc:
            raise ServiceError(f"The snapshot {backup.folder} could not be removed "
                               f"({exc.strerror}); {removed} were.") from None
    return Change(ChangeKind.BULK, summary=f"Removed {removed} snapshot(s).")
