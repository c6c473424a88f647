"""``aibri check``, ``aibri backup``, ``aibri backups`` and ``aibri restore``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from ..i18n import _
from .context import services
from .errors import UserError


def register(commands: Any) -> None:
    check = commands.add_parser("check", help=_("check the database's integrity and backups"))
    check.add_argument("--json", action="store_true",
                       help=_("print the report as JSON (the window runs its start-up check "
                              "this way, in a process of its own)"))
    check.add_argument("--adopt", action="store_true",
                       help=_("take over a library copied from another computer: re-seal its "
                              "rows with this computer's key (asks to confirm)"))
    check.add_argument("--yes", action="store_true",
                       help=_("with --adopt: confirm without asking (for scripts)"))
    check.set_defaults(handler=_check)
    backup = commands.add_parser("backup", help=_("make a verified backup now"))
    backup.set_defaults(handler=_backup)
    listing = commands.add_parser("backups", help=_("list the verified backups"))
    listing.set_defaults(handler=_backups)
    purge = commands.add_parser(
        "purge", help=_("remove assessments for good: their answers, history and text "
                        "(asks to confirm)"))
    purge.add_argument("ids", nargs="+", metavar="ID")
    purge.add_argument("--yes", action="store_true",
                       help=_("confirm without asking (for scripts)"))
    purge.add_argument("--prune-backups", action="store_true",
                       help=_("also remove the backups that still hold them"))
    purge.set_defaults(handler=_purge)
    restore = commands.add_parser("restore", help=_("restore a verified backup"))
    restore.add_argument("backup", type=Path, metavar="BACKUP")
    restore.set_defaults(handler=_restore)


def _check(args: argparse.Namespace) -> int:
    if args.yes and not args.adopt:
        raise UserError(_("--yes confirms --adopt; it means nothing on its own."))
    try:
        with services(args) as s:
            report = s.safety.check()
            if args.adopt:
                return _adopt(s, report, assume_yes=args.yes)
    except UserError as exc:
        # Too damaged to open: say so, and where the verified backups are.
        from ..storage.backup import list_backups
        from .context import database_spec

        path = Path(database_spec(args))
        found = list_backups(path) if "://" not in str(path) else []
        hint = f" The newest verified backup: {found[0].path}." if found else ""
        raise UserError(f"{exc}{hint}") from None
    if args.json and not args.adopt:
        print(json.dumps(report.to_json(), ensure_ascii=False))
        return 0 if report.ok else 1
    print(_("Database: {path}").format(path=report.server or report.database))
    if report.server is not None:
        print(_("Structure and references: not applicable on a server (the server keeps its "
                "own storage)"))
    else:
        print(_("Structure and references: {result}").format(result=report.structure))
    if report.sealed_elsewhere is not None and not report.changed_rows:
        rows = _("cannot be verified here (sealed on another computer, key {key})").format(
            key=report.sealed_elsewhere)
    elif report.changed_rows:
        rows = _("{n} changed row(s)").format(n=len(report.changed_rows))
    else:
        rows = _("ok")
    print(_("Row checksums: {result}").format(result=rows))
    for entry in report.log:
        print(_("Library log: {event} {when} by {who} ({detail})").format(
            event=entry.event, when=entry.at.isoformat(timespec="seconds"), who=entry.by,
            detail=entry.detail))
    newest = report.newest_backup
    newest_text = _(", newest {when}").format(
        when=newest.taken.isoformat(timespec="seconds")) if newest else ""
    if report.server is not None:
        print(_("Backups of a database file: not applicable on a server"))
        print(_("Verified snapshots (.aibri): {n}{newest}").format(n=report.backups,
                                                                   newest=newest_text))
        if report.unverified_backups:
            print(_("Snapshots that no longer match their SHA-256: {n} (aibri backups names "
                    "them)").format(n=report.unverified_backups))
        print(_server_primary())
    else:
        print(_("Verified backups: {n}{newest}").format(n=report.backups, newest=newest_text))
    if not report.ok:
        problem = report.structure if report.structure != "ok" else _(
            "changed outside the app: {rows}").format(rows="; ".join(report.changed_rows[:3]))
        if report.damaged:
            raise UserError(_("The database is damaged ({problem}). Restore the newest "
                              "verified backup with: aibri restore BACKUP").format(
                problem=problem))
        raise UserError(_("The library's rows cannot be verified here: it was sealed on "
                          "another computer. If you trust this copy, adopt it with: aibri "
                          "check --adopt"))
    return 0


def _adopt(s: Any, report: Any, *, assume_yes: bool) -> int:
    """``aibri check --adopt``: confirm, then re-seal (the service refuses a library that is
    damaged or already this computer's)."""
    import sys

    from ..services.who import current_user

    if report.sealed_elsewhere is not None and not assume_yes:
        question = _("This library ({path}) was sealed on another computer (key {key}); its "
                     "rows cannot be checked here. Adopting it seals every row with this "
                     "computer's key, vouching for them as they are, and is recorded in the "
                     "library log. Adopt it? [y/N] ").format(path=report.database,
                                                             key=report.sealed_elsewhere)
        if not sys.stdin.isatty():
            raise UserError(_("Nothing was adopted: confirm with --yes when not asked at a "
                              "terminal."))
        print(question, end="", flush=True)
        if sys.stdin.readline().strip().lower() not in ("y", "yes"):
            print(_("Nothing was adopted."))
            return 1
    change = s.safety.adopt(current_user())  # a refusal is one line (see context.services)
    print(change.summary)
    return 0


def _server_primary() -> str:
    return _("The server's own backups (pg_dump, point-in-time recovery) are the primary ones; "
             "docs/team-server.md shows how.")


def _backup(args: argparse.Namespace) -> int:
    from ..services.safety import Snapshot

    with services(args) as s:
        made = s.safety.backup("manual")
    if not isinstance(made, Snapshot):
        print(_("Verified backup written: {path} ({size} KB)").format(
            path=made.path, size=made.size // 1024))
        return 0
    if len(made.parts) == 1:
        print(_("Verified snapshot written: {path} ({size} KB)").format(
            path=made.path, size=made.size // 1024))
    else:
        print(_("Verified snapshot written: {folder} ({n} parts, {size} KB)").format(
            folder=made.folder, n=len(made.parts), size=made.size // 1024))
        for n, part in enumerate(made.parts, 1):
            print(_("Part {n}: {path}").format(n=n, path=part))
    if made.counts is not None:
        c = made.counts
        print(_("It holds {a} assessment(s) (deleted ones included), {answers} answers, "
                "{history} answer-history entries, {details} details-history entries, "
                "{decisions} suggestion decisions and {register} register entries, as the "
                "library does.").format(a=c.assessments, answers=c.answers, history=c.history,
                                        details=c.details, decisions=c.decisions,
                                        register=c.register))
    print(_("SHA-256 recorded in: {path}").format(path=made.sums))
    print(_("To bring it back: aibri import FILE --on-conflict skip|replace|copy{order}").format(
        order=_(" (the parts in order)") if len(made.parts) > 1 else ""))
    print(_server_primary())
    return 0


def _backups(args: argparse.Namespace) -> int:
    from ..services.safety import Snapshot

    with services(args) as s:
        found = s.safety.backups()
        on_server = s.database.on_server
        folder = s.safety.snapshot_folder() if on_server else None
    if not found:
        print(_("No snapshots yet (they are kept in {folder}).").format(folder=folder)
              if on_server else _("No backups yet."))
    for b in found:
        state = ""
        if isinstance(b, Snapshot):
            state = (_("verified") if b.verified else _("NOT VERIFIED: {problem}").format(
                problem=b.problem)) + "  "
        print(f"{b.taken.isoformat(timespec='seconds')}  {b.reason:<28} {b.size // 1024:>7} KB  "
              f"{state}{b.path}")
    if on_server:
        print(_server_primary())
    return 0


def _restore(args: argparse.Namespace) -> int:
    with services(args) as s:
        change = s.safety.restore(args.backup)
    print(change.summary)
    return 0


def _purge(args: argparse.Namespace) -> int:
    """``aibri purge ID…``: confirm, delete (if not yet) and purge; then name the backups
    that still hold them, and remove those with ``--prune-backups``."""
    import sys

    from ..domain.plain_text import terminal_safe
    from ..services.errors import NotFoundError
    from ..services.who import current_user

    with services(args) as s:
        ids: list[str] = []
        gone: list[str] = []  # full ids no longer here: purged before; their backups may stay
        for given in args.ids:
            try:
                ids.append(s.assessments.resolve_id(given))
            except NotFoundError:
                if len(given.strip()) != 36 or not args.prune_backups:
                    raise
                gone.append(given.strip().lower())
        ids = list(dict.fromkeys(ids))
        records = [s.assessments.load(i) for i in ids]
        pruned = s.safety.backups_holding(tuple(ids + gone)) if args.prune_backups else []
        if (records or pruned) and not args.yes:  # both remove things for good: ask first
            if not sys.stdin.isatty():
                raise UserError(_("Nothing was purged: confirm with --yes when not asked at a "
                                  "terminal."))
            titles = "; ".join(f"“{terminal_safe(r.title)}”" for r in records[:5])
            question = _("Purge {n} assessment(s) ({titles})? Their answers, history and text "
                         "are removed from this database for good.").format(
                n=len(ids), titles=titles) if records else ""
            if pruned:
                question += _(" Remove {n} backup(s) that still hold them?").format(
                    n=len(pruned))
            print(question.strip() + _(" This cannot be undone. [y/N] "), end="", flush=True)
            if sys.stdin.readline().strip().lower() not in ("y", "yes"):
                print(_("Nothing was purged."))
                return 1
        live = [r.id for r in records if not r.deleted]
        if live:
            s.assessments.delete(assessment_ids=live)
        if ids:
            print(s.assessments.purge(assessment_ids=ids, who=current_user()).summary)
        holding = s.safety.backups_holding(tuple(ids + gone))
        if holding and args.prune_backups:
            print(s.safety.remove_backups(holding).summary)
        elif holding:
            print(_("{n} backup(s) made before still hold them (the newest: {path}). Remove "
                    "them with: aibri purge {ids} --prune-backups --yes").format(
                n=len(holding), path=holding[0].path, ids=" ".join(ids + gone)))
        elif gone:
            print(_("No backup holds them."))
    return 0
