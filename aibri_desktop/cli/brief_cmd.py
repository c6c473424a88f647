"""``aibri brief``: write a country brief PDF."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..i18n import _
from .context import services
from .errors import UserError
from .terminal import text_argument


def register(commands: Any) -> None:
    brief = commands.add_parser("brief", help=_("write the country brief of an assessment"))
    brief.add_argument("id", metavar="ID")
    brief.add_argument("--out", type=Path, required=True, metavar="FILE")
    brief.add_argument("--format", choices=("pdf", "docx"), default=None,
                       help=_("pdf (default) or docx, the editable document"))
    brief.add_argument("--recipient", type=text_argument, default="", metavar="NAME",
                       help=_("who receives it (kept in the register of issued briefs)"))
    brief.add_argument("--evidence", action="store_true",
                       help=_("add the annex with every answer's evidence and sources"))
    brief.add_argument("--marking", type=text_argument, metavar="TEXT",
                       help=_("classification marking for this brief (default: the "
                              "assessment's)"))
    brief.add_argument("--assessor", action="store_true",
                       help=_("name the assessor in the brief and its metadata"))
    brief.add_argument("--allow-unverified", action="store_true",
                       help=_("write it even if rows of the assessment fail their checksums, "
                              "marked UNVERIFIED on every page"))
    brief.set_defaults(handler=_brief)

    requests = commands.add_parser(
        "requests", help=_("write the evidence request list of an assessment's open items "
                           "(for embassies, partners and colleagues): .pdf, .docx or .csv"))
    requests.add_argument("id", metavar="ID")
    requests.add_argument("--out", type=Path, required=True, metavar="FILE")
    requests.add_argument("--marking", type=text_argument, metavar="TEXT",
                          help=_("classification marking (default: the assessment's)"))
    requests.set_defaults(handler=_requests)


def _brief(args: argparse.Namespace) -> int:
    kind = args.format or ("docx" if args.out.suffix.lower() == ".docx" else "pdf")
    if args.out.suffix.lower() != f".{kind}":
        raise UserError(_("--out must name a .{kind} file (got {name})").format(
            kind=kind, name=args.out))
    from ..services.who import current_user

    with services(args) as s:
        assessment_id = s.assessments.resolve_id(args.id)
        change = s.briefs.write(assessment_id, args.out, evidence=args.evidence,
                                marking=args.marking, include_assessor=args.assessor,
                                recipient=args.recipient, who=current_user(),
                                allow_unverified=args.allow_unverified)
    print(change.summary)
    return 0


def _requests(args: argparse.Namespace) -> int:
    if args.out.suffix.lower() not in (".pdf", ".docx", ".csv"):
        raise UserError(_("--out must name a .pdf, .docx or .csv file (got {name})").format(
            name=args.out))
    with services(args) as s:
        change = s.briefs.write_requests(s.assessments.resolve_id(args.id), args.out,
                                         marking=args.marking)
    print(change.summary)
    return 0
