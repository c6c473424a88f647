"""``aibri demo``, ``list``, ``show``, ``answer`` and ``rescore``."""

from __future__ import annotations

import argparse
from typing import Any

from ..domain.answer_sources import FIELDS as SOURCE_FIELDS
from ..domain.answer_sources import SourceError, make_source, write_sources
from ..i18n import _
from . import list_cmd
from .context import services, signer
from .create_cmds import day_argument
from .errors import UserError
from .presenters import show_json, show_text
from .terminal import for_terminal, json_for_terminal, text_argument


def register(commands: Any) -> None:
    demo = commands.add_parser(
        "demo", help=_("add illustrative assessments of fictional countries"))
    demo.add_argument("--count", type=_count, default=3, metavar="N")
    demo.add_argument("--seed", type=int, default=1, metavar="S")
    demo.set_defaults(handler=_demo)

    list_cmd.register(commands)

    show = commands.add_parser("show", help=_("show one assessment's scores, flags and answers"))
    show.add_argument("id", metavar="ID", help=_("assessment id (a unique prefix is enough)"))
    show.add_argument("--json", action="store_true", help=_("print JSON"))
    show.set_defaults(handler=_show)

    answer = commands.add_parser("answer", help=_("record an answer (the questionnaire's service)"))
    answer.add_argument("id", metavar="ID")
    answer.add_argument("indicator", metavar="INDICATOR")
    what = answer.add_mutually_exclusive_group(required=True)
    what.add_argument("--level", type=_level, metavar="N", help=_("answer level 0–4"))
    what.add_argument("--range", type=_range, metavar="A-B",
                      help=_("partial knowledge: between level A and level B (e.g. 2-4)"))
    what.add_argument("--unknown", action="store_true", help=_("looked into, not known"))
    what.add_argument("--na", type=text_argument, metavar="REASON",
                      help=_("not applicable, with the reason"))
    answer.add_argument("--confidence", choices=("high", "medium", "low"))
    answer.add_argument("--evidence", type=text_argument, metavar="TEXT")
    answer.add_argument("--as-of", type=day_argument, metavar="YYYY-MM-DD", dest="as_of",
                        help=_("the date the evidence holds for"))
    answer.add_argument(
        "--source", type=text_argument, action="append", metavar="SOURCE",
        help=_("a source of the answer, its fields separated by ' | ': PUBLISHER | TITLE | "
               "DATE [| ADDRESS [| ACCESSED [| NOTE]]] (dates YYYY, YYYY-MM or YYYY-MM-DD); "
               "text without ' | ' is a title; repeat for several; replaces the answer's "
               "sources ('' removes them)"))
    answer.add_argument(
        "--if-revision", type=_revision, metavar="N", dest="if_revision",
        help=_("save only if the assessment is still at revision N (`show --json` gives "
               "it): a change made by someone else since is never overwritten"))
    answer.set_defaults(handler=_answer)

    again = commands.add_parser(
        "rescore", help=_("score a final assessment kept on scoring rules version 1 under "
                          "the current version (a reviewer's decision, logged)"))
    again.add_argument("id", metavar="ID")
    again.add_argument("--reviewer", type=text_argument, metavar="NAME",
                       help=_("who decides it (recorded in the library log; needed on a "
                              "laptop's file, refused on a shared server, where the connected "
                              "reviewer decides)"))
    again.set_defaults(handler=_rescore)


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("'{value}' is not a whole number").format(
            value=text)) from None
    if not 1 <= value <= 100_000:
        raise argparse.ArgumentTypeError(_("must be from 1 to 100000"))
    return value


def _level(text: str) -> int:
    if text.strip() not in {"0", "1", "2", "3", "4"}:
        raise argparse.ArgumentTypeError(
            _("'{value}' is not a level; levels are 0, 1, 2, 3 and 4").format(value=text))
    return int(text)


def _demo(args: argparse.Namespace) -> int:
    from ..services.who import current_user

    with services(args) as s:
        change = s.demo.generate(count=args.count, seed=args.seed, who=current_user())
    print(for_terminal(change.summary))
    return 0


def _show(args: argparse.Namespace) -> int:
    with services(args) as s:
        record = s.assessments.load(s.assessments.resolve_id(args.id))
        threshold = s.library.threshold()
        changes = s.assessments.detail_history(record.id)
    if args.json:
        from ..domain.details import to_json

        data = show_json(record, threshold)
        data["details_history"] = [  # title, as-of, marking... changed after creation
            {"field": c.field, "changed_at": c.changed_at.isoformat(),
             "changed_by": c.changed_by, "old": to_json(c.field, c.old_value),
             "new": to_json(c.field, c.new_value)} for c in changes]
        print(json_for_terminal(data))
    else:
        print(show_text(record, threshold))
    return 0


def _range(text: str) -> tuple[int, int]:
    """``A-B`` (or ``A–B``): two levels, the lower first; 0-4 says nothing (--unknown)."""
    parts = text.strip().replace("–", "-").split("-")
    if len(parts) != 2 or any(p.strip() not in {"0", "1", "2", "3", "4"} for p in parts):
        raise argparse.ArgumentTypeError(
            _("'{value}' is not a range of two levels from 0 to 4, such as 2-4").format(
                value=text))
    low, high = (int(p) for p in parts)
    if low >= high:
        raise argparse.ArgumentTypeError(
            _("'{value}': a range goes from a lower to a higher level; for one level use "
              "--level").format(value=text))
    if (low, high) == (0, 4):
        raise argparse.ArgumentTypeError(_("0-4 says nothing about the level: use --unknown"))
    return low, high


def _revision(text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(
            _("'{value}' is not a revision (a whole number from 1)").format(value=text))
    return value


def _answer(args: argparse.Namespace) -> int:
    from ..services.who import current_user

    fields: dict[str, Any] = {}
    if args.level is not None:
        fields.update(state="answered", level=args.level)
    elif args.range is not None:
        fields.update(state="range", level_low=args.range[0], level_high=args.range[1])
    elif args.unknown:
        fields.update(state="unknown")
    else:
        if not args.na.strip():
            raise UserError(_("--na needs a reason (why the indicator does not apply)."))
        fields.update(state="not_applicable", na_reason=args.na)
    if args.confidence:
        fields["confidence"] = args.confidence
    if args.evidence is not None:
        fields["evidence"] = args.evidence
    if args.as_of is not None:
        fields["as_of"] = args.as_of
    if args.source is not None:
        fields["sources"] = _sources(args.source)
    with services(args) as s:
        assessment_id = s.assessments.resolve_id(args.id)
        change = s.assessments.answer(assessment_id=assessment_id,
                                      indicator_id=args.indicator.strip().upper(),
                                      who=current_user(), expected_revision=args.if_revision,
                                      **fields)
    print(for_terminal(change.summary))
    return 0


def _rescore(args: argparse.Namespace) -> int:
    with services(args) as s:
        change = s.assessments.rescore_to_current_rules(
            assessment_id=s.assessments.resolve_id(args.id), who=signer(s, args.reviewer))
    print(for_terminal(change.summary))
    return 0


def _sources(values: list[str]) -> str:
    """The --source values as the answer's sources, or one clear message."""
    sources = []
    for number, value in enumerate((v for v in values if v.strip()), start=1):
        parts = [part.strip() for part in value.split("|")] if "|" in value else ["", value]
        if len(parts) > len(SOURCE_FIELDS):
            raise UserError(_("--source {n} has more than six parts (PUBLISHER | TITLE | DATE "
                              "| ADDRESS | ACCESSED | NOTE).").format(n=number))
        try:
            sources.append(make_source(number=number,
                                       **dict(zip(SOURCE_FIELDS, parts, strict=False))))
        except SourceError as exc:
            raise UserError(_("--source {n}: {problem}").format(n=number, problem=exc)) from None
    return write_sources(sources)
