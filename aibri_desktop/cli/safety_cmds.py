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
    with services(args) as s:
        report = s.safety.check()
    print(_("Database: {path}").format(path=report.database))
    print(_("Structure and references: {result}").format(result=report.structure))
    newest = report.newest_backup
    print(_("Verified backups: {n}{newest}").format(
        n=report.backups, newest=_(", newest {when}").format(
            when=newest.taken.isoformat(timespec="seconds")) if newest else ""))
    if not report.ok:
        raise UserError(_("The database is damaged ({problem}). Restore the newest verified "
                          "backup with: aibri restore BACKUP").format(problem=report.structure))
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
