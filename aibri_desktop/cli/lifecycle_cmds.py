"""``aibri finalize``, ``archive``, ``delete`` and ``undelete``: an assessment's life from the
command line, through the same service (and the same rules) as the library's actions."""

from __future__ import annotations

import argparse
from typing import Any

from ..i18n import _
from .context import services, signer
from .terminal import for_terminal, text_argument


def register(commands: Any) -> None:
    finalize = commands.add_parser(
        "finalize", help=_("mark assessments final: the reviewer's sign-off, recorded with "
                           "the date; their answers are then locked"))
    finalize.add_argument("ids", nargs="+", metavar="ID",
                          help=_("assessment ids (a unique prefix is enough)"))
    finalize.add_argument("--reviewer", type=text_argument, metavar="NAME",
                          help=_("who reviewed and signs off (recorded; needed on a laptop's "
                                 "file, refused on a shared server, where the connected "
                                 "reviewer signs)"))
    finalize.set_defaults(handler=_finalize)
    for name, helped, handler in (
            ("archive", _("archive assessments (draft or final): kept, read-only, out of the "
                          "way"), _archive),
            ("delete", _("move assessments to the Deleted view (undelete brings them back; "
                         "purge removes them for good)"), _delete),
            ("undelete", _("bring deleted assessments back to the library"), _undelete)):
        command = commands.add_parser(name, help=helped)
        command.add_argument("ids", nargs="+", metavar="ID",
                             help=_("assessment ids (a unique prefix is enough)"))
        command.set_defaults(handler=handler)


def _run(args: argparse.Namespace, act: Any) -> int:
    with services(args) as s:
        ids = [s.assessments.resolve_id(text) for text in args.ids]
        change = act(s, ids)
    print(for_terminal(change.summary))
    return 0


def _finalize(args: argparse.Namespace) -> int:
    return _run(args, lambda s, ids: s.assessments.mark_final(
        assessment_ids=ids, who=signer(s, args.reviewer)))


def _archive(args: argparse.Namespace) -> int:
    return _run(args, lambda s, ids: s.assessments.archive(assessment_ids=ids))


def _delete(args: argparse.Namespace) -> int:
    return _run(args, lambda s, ids: s.assessments.delete(assessment_ids=ids))


def _undelete(args: argparse.Namespace) -> int:
    return _run(args, lambda s, ids: s.assessments.restore(assessment_ids=ids))
