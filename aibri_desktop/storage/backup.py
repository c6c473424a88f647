"""Verified backups of an SQLite database, made with SQLite's backup API (never a file copy of
the live database), checked with integrity_check before they join the rotation.

Rotation keeps the newest backups and older ones spread over days, weeks and months; only
verified backups are ever in the folder, so a damaged copy can never push out a good one.

Which backup is newest is decided by the sequence number in its name (one more than the highest
in the folder when it is made), never by a clock: a clock set wrong, or corrected, between two
backups cannot make the earlier one look newer. The time in the name is shown, and places a
backup in its day, week or month for rotation. Names from before the sequence number (no
``s…-`` part) are still read, as older than every numbered one.

Backups and their folders are readable by their user only (0600, 0700). A copy is made as
``<name>.p<pid>.partial`` and renamed when verified; the partial copies a killed backup left
behind are removed by the next one (those of a process that is gone, or of unknown owner and
over a minute old), never one that a running backup is still writing.
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ..paths import new_private_file, private_folder

KEEP_NEWEST = 10
KEEP_DAILY = 7
KEEP_WEEKLY = 8
KEEP_MONTHLY = 12
_NAME = re.compile(r"^aibri-(?:s(\d{6,})-)?(\d{8}-\d{6}-\d{6})-([a-z0-9-]{1,32})\.sqlite3$")
# a copy being made (or left by a killed backup), with SQLite's journal files of it
_PARTIAL = re.compile(r"^aibri-.*?(?:\.p(\d+))?\.partial(?:-journal|-wal|-shm)?$")
STALE_SECONDS = 60  # a partial copy of unknown owner this old is a leftover


class BackupError(Exception):
    """A backup could not be made or used; ``str()`` says why in one sentence."""


@dataclass(frozen=True)
class Backup:
    path: Path
    taken: datetime  # the clock's time when it was made (shown; may be wrong)
    reason: str
    size: int
    sequence: int = 0  # the order it was made in: higher is newer; 0 before numbering


def backup_folder(database: Path) -> Path:
    return database.parent / "aibri-backups" / database.stem


def integrity(path: Path) -> str:
    """'ok', or the first problem SQLite's integrity_check reports."""
    try:
        con = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
        try:
            result = con.execute("PRAGMA integrity_check").fetchone()[0]
            problems = con.execute("PRAGMA foreign_key_check").fetchall()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return f"cannot be read ({exc})"
    if result != "ok":
        return str(result)
    if problems:
        return f"{len(problems)} broken reference(s) between tables"
    return "ok"


def make_backup(database: Path, reason: str, *, now: datetime | None = None) -> Backup:
    """Copy the database with the backup API, verify the copy, then add it to the folder."""
    folder = backup_folder(database)
    try:
        private_folder(folder.parent, tighten=True)  # aibri-backups/: ours
        private_folder(folder, tighten=True)
    except OSError as exc:
        raise BackupError(f"A backup could not be written to {folder} ({exc}).") from None
    remove_leftovers(folder)
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    slug = re.sub(r"[^a-z0-9-]+", "-", reason.lower()).strip("-")[:32] or "manual"
    sequence = max((b.sequence for b in _in_folder(folder)), default=0) + 1
    target = folder / f"aibri-s{sequence:06d}-{moment.strftime('%Y%m%d-%H%M%S-%f')}-{slug}.sqlite3"
    temporary = target.with_suffix(f".p{os.getpid()}.partial")
    try:
        new_private_file(temporary)  # SQLite gives its journal files the same mode
        source = sqlite3.connect(str(database))
        try:
            copy = sqlite3.connect(str(temporary))
            try:
                source.backup(copy)
                copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            finally:
                copy.close()
        finally:
            source.close()
        verdict = integrity(temporary)
        if verdict != "ok":
            raise BackupError(f"The backup copy failed its integrity check ({verdict}); the "
                              "earlier backups are kept and nothing was replaced.")
        os.replace(temporary, target)
    except (sqlite3.Error, OSError) as exc:
        raise BackupError(f"A backup could not be written to {folder} ({exc}).") from None
    finally:
        if temporary.exists():
            temporary.unlink()
    size = target.stat().st_size
    rotate(folder, now=max(moment, datetime.now(UTC)), keep=target)
    return Backup(target, moment, slug, size, sequence)


def remove_leftovers(folder: Path) -> list[Path]:
    """Delete the partial copies killed backups left in ``folder``: those of a process that is
    gone, and those of unknown owner over a minute old. Returns what was deleted."""
    removed = []
    for path in folder.iterdir() if folder.is_dir() else []:
        match = _PARTIAL.match(path.name)
        if match is None:
            continue
        try:
            if match.group(1) is not None:
                stale = not process_alive(int(match.group(1)))
            else:  # named before the pid was
                stale = time.time() - path.lstat().st_mtime > STALE_SECONDS
            if stale:
                path.unlink()
                removed.append(path)
        except OSError:
            continue
    return removed


def process_alive(pid: int) -> bool:
    """Whether the process that named a staging file or folder may still be writing it."""
    if pid == os.getpid():
        return True  # another backup of this copy, on another thread
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OverflowError, OSError):
        return True  # not ours to signal, or not a pid: assume it is running
    return True


def list_backups(database: Path) -> list[Backup]:
    """Newest (last made) first."""
    return _in_folder(backup_folder(database))


def kept_by_policy(taken: list[tuple[Path, datetime]], now: datetime) -> set[Path]:
    """Which of the copies (path, when taken; newest first) the keeping policy keeps: the
    newest few, and the last of each recent day, week and month."""
    kept = {path for path, _ in taken[:KEEP_NEWEST]}
    for span, count in ((timedelta(days=1), KEEP_DAILY), (timedelta(weeks=1), KEEP_WEEKLY),
                        (timedelta(days=30), KEEP_MONTHLY)):
        buckets: dict[int, Path] = {}
        for path, when in taken:
            age = int((now - when) / span)
            if age < count:
                buckets.setdefault(age, path)  # the last made in each period
        kept |= set(buckets.values())
    return kept


def rotate(folder: Path, *, now: datetime, keep: Path | None = None) -> list[Path]:
    """Delete backups the policy no longer keeps (never ``keep``); return what was deleted."""
    backups = _in_folder(folder)
    kept = kept_by_policy([(b.path, b.taken) for b in backups], now)
    if keep is not None:
        kept.add(keep)
    deleted = []
    for backup in backups:
        if backup.path not in kept:
            backup.path.unlink(missing_ok=True)
            deleted.append(backup.path)
    return deleted


def _in_folder(folder: Path) -> list[Backup]:
    found = []
    for path in folder.iterdir() if folder.is_dir() else []:
        match = _NAME.match(path.name)
        if match:
            taken = datetime.strptime(match.group(2), "%Y%m%d-%H%M%S-%f").replace(tzinfo=UTC)
            found.append(Backup(path, taken, match.group(3), path.stat().st_size,
                                int(match.group(1) or 0)))
    # By the order made; the clock only orders backups from before numbering (and a tie).
    return sorted(found, key=lambda b: (b.sequence, b.taken), reverse=True)


def restore(backup: Path, database: Path) -> None:
    """Copy a verified backup into the database with the backup API (WAL stays consistent)."""
    verdict = integrity(backup)
    if verdict != "ok":
        raise BackupError(f"{backup.name} failed its integrity check ({verdict}); it was not "
                          "restored.")
    try:
        copy_database(backup, database)
    except sqlite3.Error as exc:
        raise BackupError(f"Restoring {backup.name} failed ({exc}).") from None


def copy_database(source: Path, target: Path) -> None:
    """Copy an SQLite file into another with the backup API (a WAL target stays consistent),
    reading the source read-only."""
    reader = sqlite3.connect(f"{source.absolute().as_uri()}?mode=ro", uri=True)
    try:
        new_private_file(target)  # a new file is owner-only; an existing one keeps its mode
        writer = sqlite3.connect(str(target))
        try:
            reader.backup(writer)
        finally:
            writer.close()
    finally:
        reader.close()


def recover_from_backup(database: Path, backup: Path) -> Path:
    """Move a damaged database (and its -wal, -shm) aside, then restore a verified backup into
    a fresh file at the same place. Returns where the damaged file now is. Nothing is deleted."""
    verdict = integrity(backup)
    if verdict != "ok":
        raise BackupError(f"{backup.name} failed its integrity check ({verdict}); nothing was "
                          "changed.")
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    aside = database.with_name(f"{database.name}.damaged-{stamp}")
    try:
        for suffix in ("", "-wal", "-shm"):
            source = Path(str(database) + suffix)
            if source.exists():
                os.replace(source, Path(str(aside) + suffix))
        restore(backup, database)
    except OSError as exc:
        raise BackupError(f"Recovery failed ({exc}); the damaged file is at {aside}.") from None
    return aside
