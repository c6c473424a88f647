"""``aibri check``, ``aibri backup``, ``aibri backups`` and ``aibri restore``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..i18n import _
from .context import services
from .errors import UserError


def register(commands: Any) -> None:
    check = commands.add_parser("check", help=_("check the database's integrity and backups"))
    check.set_defaults(handler=_check)
    backup = commands.add_parser("backup", help=_("make a verified backup now"))
    backup.set_defaults(handler=_backup)
    listing = commands.add_parser("backups", help=_("list the verified backups"))
    listing.set_defaults(handler=_backups)
    restore = commands.add_parser("restore", help=_("restore a verified backup"))
    restore.add_argument("backup", type=Path, metavar="BACKUP")
    restore.set_defaults(handler=_restore)


def _check(args: argparse.Namespace) -> int:
    try:
        with services(args) as s:
            report = s.safety.check()
    except UserError as exc:
        # Too damaged to open: say so, and where the verified backups are.
        from ..storage.backup import list_backups
        from .context import database_spec

        path = Path(database_spec(args))
        found = list_backups(path) if "://" not in str(path) else []
        hint = f" The newest verified backup: {found[0].path}." if found else ""
        raise UserError(f"{exc}{hint}") from None
    print(_("Database: {path}").format(path=report.database))
    print(_("Structure and references: {result}").format(result=report.structure))
    print(_("Row checksums: {result}").format(
        result=_("ok") if not report.changed_rows else _("{n} changed row(s)").format(
            n=len(report.changed_rows))))
    newest = report.newest_backup
    print(_("Verified backups: {n}{newest}").format(
        n=report.backups, newest=_(", newest {when}").format(
            when=newest.taken.isoformat(timespec="seconds")) if newest else ""))
    if not report.ok:
        problem = report.structure if report.structure != "ok" else _(
            "changed outside the app: {rows}").format(rows="; ".join(report.changed_rows[:3]))
        raise UserError(_("The database is damaged ({problem}). Restore the newest verified "
                          "backup with: aibri restore BACKUP").format(problem=problem))
    return 0


def _backup(args: argparse.Namespace) -> int:
    with services(args) as s:
        made = s.safety.backup("manual")
    print(_("Verified backup written: {path} ({size} KB)").format(path=made.path,
                                                                   size=made.size // 1024))
    return 0


def _backups(args: argparse.Namespace) -> int:
    with services(args) as s:
        found = s.safety.backups()
    if not found:
        print(_("No backups yet."))
    for b in found:
        print(f"{b.taken.isoformat(timespec='seconds')}  {b.reason:<28} {b.size // 1024:>7} KB  "
              f"{b.path}")
    return 0


def _restore(args: argparse.Namespace) -> int:
    with services(args) as s:
        change = s.safety.restore(args.backup)
    print(change.summary)
    return 0
