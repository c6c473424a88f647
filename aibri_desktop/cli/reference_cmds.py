"""``aibri reference …`` and ``aibri suggest``: the reference dataset, its approval, and the
answers public data suggests for an assessment."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from ..domain.reference import age_months
from ..i18n import _
from .context import named, services, signer
from .errors import UserError
from .terminal import for_terminal, json_for_terminal, text_argument


def register(commands: Any) -> None:
    reference = commands.add_parser(
        "reference", help=_("the reference dataset: public facts about real countries that "
                            "suggest answers"))
    verbs = reference.add_subparsers(dest="verb", metavar="VERB", required=True)
    info = verbs.add_parser("info", help=_("the dataset's version, date and approval, and "
                                           "each list with its status, count and age"))
    info.add_argument("--json", action="store_true")
    info.set_defaults(handler=_info)
    approve = verbs.add_parser(
        "approve", help=_("accept the dataset for suggestions (a named approver in the "
                          "ministry; recorded with the date)"))
    approve.add_argument("--by", type=text_argument, metavar="NAME",
                         help=_("the approver (recorded; needed on a laptop's file, refused "
                                "on a shared server, where the connected reviewer approves)"))
    approve.set_defaults(handler=_approve)
    take = verbs.add_parser(
        "import", help=_("take a newer dataset file a ministry carried in (checked whole "
                         "first, with a verified backup; it starts unapproved)"))
    take.add_argument("file", type=Path, metavar="FILE")
    take.set_defaults(handler=_import)
    give = verbs.add_parser("export", help=_("write the dataset in use to a file"))
    give.add_argument("--out", type=Path, required=True, metavar="FILE")
    give.set_defaults(handler=_export)

    suggest = commands.add_parser(
        "suggest", help=_("the answers public data suggests for an assessment; accept or "
                          "reject them one by one (never all at once)"))
    suggest.add_argument("id", metavar="ID")
    suggest.add_argument("--json", action="store_true")
    suggest.add_argument("--accept", metavar="IND[,IND…]",
                         help=_("fill these suggested answers (after approval)"))
    suggest.add_argument("--reject", metavar="IND[,IND…]",
                         help=_("do not offer these again while the dataset is the same"))
    suggest.add_argument("--by", type=text_argument, metavar="NAME",
                         help=_("who decides (default: the computer's user name)"))
    suggest.set_defaults(handler=_suggest)


def _info(args: argparse.Namespace) -> int:
    today = date.today()
    with services(args) as s:
        dataset = s.reference.dataset()
        approval = s.reference.approval()
    lists = [{"id": r.id, "name": r.name.get(), "status": r.status, "complete": r.complete,
              "count": len(r.facts), "as_of": r.as_of, "age_months": age_months(r.as_of, today),
              "max_age_months": r.max_age_months,
              "stale": age_months(r.as_of, today) > r.max_age_months, "supplier": r.supplier,
              "source": r.source.citation()} for r in dataset.lists]
    if args.json:
        print(json_for_terminal({
            "version": dataset.version, "date": dataset.date, "hash": dataset.content_hash,
            "approval": None if approval is None else {"by": approval.by, "at": approval.at},
            "lists": lists}))
        return 0
    print(for_terminal(_("Reference data {version} of {date} ({hash})").format(
        version=dataset.version, date=dataset.date, hash=dataset.content_hash[:12])))
    if approval is None:
        print(_("Not approved: suggestions are listed but cannot be accepted until the "
                "ministry's approver runs “aibri reference approve --by NAME”."))
    else:
        print(for_terminal(_("Approved by {by} on {at}.").format(by=approval.by,
                                                                 at=approval.at[:10])))
    for item in lists:
        completeness = (_("complete") if item["complete"]
                        else _("incomplete: confirms only"))
        flags: list[str] = [str(item["status"]), completeness]
        if item["supplier"]:
            flags.append(_("supplier {code} only").format(code=item["supplier"]))
        age = _("{n} months old").format(n=item["age_months"])
        if item["stale"]:
            age += " " + _("(stale: older than {n} months)").format(n=item["max_age_months"])
        print(for_terminal(f"  {item['id']:<26} {item['count']:>4}  {', '.join(flags)}; "
                           f"as of {item['as_of']}, {age}"))
    return 0


def _approve(args: argparse.Namespace) -> int:
    with services(args) as s:
        change = s.reference.approve(signer(s, args.by, "--by"))
    print(for_terminal(change.summary))
    return 0


def _import(args: argparse.Namespace) -> int:
    with services(args) as s:
        change = s.reference.import_file(args.file)
    print(for_terminal(change.summary))
    return 0


def _export(args: argparse.Namespace) -> int:
    from ..services.files import write_user_file

    with services(args) as s:
        text = s.reference.export_text()
        version = s.reference.dataset().version
        write_user_file(args.out, text.encode("utf-8"))
    print(for_terminal(_("Wrote reference data {version} to {path}.").format(
        version=version, path=args.out)))
    return 0


def _ids(text: str | None) -> list[str]:
    return [part.strip().upper() for part in (text or "").split(",") if part.strip()]


def _suggest(args: argparse.Namespace) -> int:
    from ..services.who import current_user

    if args.accept and args.reject:
        raise UserError(_("Accept or reject, not both at once."))
    who = args.by or current_user()
    with services(args) as s:
        named(s, args.by, "--by")
        assessment_id = s.assessments.resolve_id(args.id)
        if args.accept:
            changes = s.reference.accept(assessment_id, _ids(args.accept), who)
            for change in changes:
                print(for_terminal(change.summary))
            return 0
        if args.reject:
            n = s.reference.reject(assessment_id, _ids(args.reject), who)
            print(_("{n} suggestion(s) rejected; they are not offered again while the "
                    "dataset is the same.").format(n=n))
            return 0
        offered = s.reference.offered(assessment_id)
        gaps = s.reference.supplier_gaps(assessment_id)
        approval = s.reference.approval()
        dataset = s.reference.dataset()
        record = s.assessments.load(assessment_id)
    rows = []
    for offer in offered:
        suggestion = offer.suggestion
        item: dict[str, Any] = {"indicator": suggestion.indicator}
        if suggestion.level is not None:
            item["level"] = suggestion.level
        else:
            item["range"] = [suggestion.low, suggestion.high]
        item["facts"] = [{
            "list": reference.id, "list_status": reference.status, "value": fact.value,
            "as_of": fact.as_of, "stale": stale,
            "source": {"publisher": reference.source.publisher,
                       "title": reference.source.title, "date": reference.source.date,
                       "url": reference.source.url, "accessed": reference.source.accessed}}
            for (reference, fact), stale in zip(suggestion.facts, suggestion.stale,
                                                strict=True)]
        item["status"] = offer.status
        if offer.newer_data:
            item["newer_data"] = True
        rows.append(item)
    if args.json:
        print(json_for_terminal(rows))
    else:
        if approval is None:
            print(_("Reference data {version} is not approved: these suggestions cannot be "
                    "accepted yet.").format(version=dataset.version))
        if not rows:
            print(_("No suggestions: public data in reference data {version} says nothing "
                    "about {country} for this framework.").format(
                version=dataset.version, country=record.country.name)
                  if record.country.alpha_3 else
                  _("No suggestions: fictional sample countries have no public data."))
        for item, offer in zip(rows, offered, strict=True):
            answer = (_("level {n}").format(n=item["level"]) if "level" in item else
                      _("between level {a} and level {b}").format(a=item["range"][0],
                                                                   b=item["range"][1]))
            facts = "; ".join(
                f"{f['list']} {f['value']} ({f['as_of']}, {f['list_status']}"
                + (", " + _("stale") if f["stale"] else "") + ")" for f in item["facts"])
            status = {"new": _("new"), "accepted": _("accepted"),
                      "rejected": _("rejected")}[offer.status]
            print(for_terminal(f"{item['indicator']}  {answer}  [{status}]  {facts}"))
        for indicator, text in gaps.items():
            print(for_terminal(f"{indicator}  {text}"))
    return 0
