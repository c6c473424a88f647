"""``aibri export``, ``aibri import`` and ``aibri export-csv``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..domain.plain_text import terminal_safe
from ..i18n import _
from .context import services
from .errors import UserError


def register(commands: Any) -> None:
    export = commands.add_parser("export", help=_("export assessments to an .aibri file"))
    export.add_argument("ids", nargs="+", metavar="ID")
    export.add_argument("--out", type=Path, required=True, metavar="FILE.aibri")
    export.add_argument("--include-deleted", action="store_true",
                        help=_("export deleted assessments too, marked deleted (refused "
                               "otherwise)"))
    export.set_defaults(handler=_export)
    imp = commands.add_parser("import", help=_("import an .aibri file"))
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.add_argument("--on-conflict", choices=("skip", "replace", "copy"), default="skip",
                     help=_("when an assessment is already here (default: skip)"))
    imp.add_argument("--allow-older", action="store_true",
                     help=_("let an older revision replace a newer one"))
    imp.set_defaults(handler=_import)
    csv_cmd = commands.add_parser("export-csv", help=_("export answers and scores as CSV"))
    csv_cmd.add_argument("ids", nargs="+", metavar="ID")
    csv_cmd.add_argument("--answers", type=Path, required=True, metavar="FILE.csv")
    csv_cmd.add_argument("--scores", type=Path, required=True, metavar="FILE.csv")
    csv_cmd.set_defaults(handler=_export_csv)


def _export(args: argparse.Namespace) -> int:
    if args.out.suffix.lower() != ".aibri":
        raise UserError(_("--out must name an .aibri file (got {name})").format(name=args.out))
    with services(args) as s:
        ids = [s.assessments.resolve_id(i) for i in args.ids]
        change = s.exchange.export(ids, args.out, include_deleted=args.include_deleted)
    print(terminal_safe(change.summary, newlines=True))
    return 0


def _import(args: argparse.Namespace) -> int:
    with services(args) as s:
        plan = s.exchange.plan(args.file, args.on_conflict)
        if plan.older and args.allow_older:
            print(_("Warning: {n} older revision(s) will replace newer ones.").format(
                n=len(plan.older)), file=sys.stderr)
        if plan.unlinked:
            print(_("Warning: {n} assessment(s) (e.g. “{title}”) follow up an assessment that "
                    "is neither in the file nor here; they are imported without that link.")
                  .format(n=len(plan.unlinked), title=terminal_safe(plan.unlinked[0][:60])),
                  file=sys.stderr)
        change = s.exchange.import_file(args.file, on_conflict=args.on_conflict,
                                        allow_older=args.allow_older)
    print(terminal_safe(change.summary, newlines=True))
    return 0


def _export_csv(args: argparse.Namespace) -> int:
    with services(args) as s:
        ids = [s.assessments.resolve_id(i) for i in args.ids]
        change = s.exchange.export_csv(ids, args.answers, args.scores)
    print(terminal_safe(change.summary, newlines=True))
    return 0
