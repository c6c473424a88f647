"""``aibri create`` and ``aibri duplicate``: new assessments from the command line."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from ..i18n import _
from .context import services
from .errors import UserError
from .terminal import for_terminal, json_for_terminal, text_argument


def register(commands: Any) -> None:
    create = commands.add_parser(
        "create", help=_("create an assessment and print its id"))
    create.add_argument("country", metavar="COUNTRY",
                        help=_("the assessed country: ISO 3166 alpha-2 or alpha-3 code"))
    create.add_argument("--title", type=text_argument, metavar="T",
                        help=_("default: the country's name and the as-of year"))
    create.add_argument("--as-of", type=day_argument, metavar="YYYY-MM-DD", dest="as_of",
                        help=_("the date the answers describe (default: today)"))
    create.add_argument("--modules", type=_modules, default=(), metavar="IE,EM,MC",
                        help=_("optional modules to use, comma-separated"))
    create.add_argument("--framework", metavar="ID@VERSION",
                        help=_("default: the newest bundled framework"))
    create.add_argument("--supplier", metavar="CODE",
                        help=_("the supplier state the exposure is to: ISO 3166 code "
                               "(default: CN, the People's Republic of China)"))
    create.add_argument("--perspective", choices=("inside", "outside"),
                        help=_("inside: your own country; outside: another country"))
    create.add_argument("--marking", type=text_argument, default="", metavar="M")
    create.add_argument("--assessor", type=text_argument, default="", metavar="NAME")
    create.add_argument("--json", action="store_true", help=_('print {"id": …}'))
    create.set_defaults(handler=_create)

    duplicate = commands.add_parser(
        "duplicate", help=_("make a follow-up of an assessment (its answers carried over, to "
                            "review) and print its id"))
    duplicate.add_argument("id", metavar="ID")
    duplicate.add_argument("--title", type=text_argument, metavar="T",
                           help=_('default: the title with "(follow-up)"'))
    duplicate.add_argument("--as-of", type=day_argument, metavar="YYYY-MM-DD", dest="as_of",
                           help=_("default: today"))
    duplicate.add_argument("--framework", metavar="ID@VERSION",
                           help=_("carry it to a newer framework version: unchanged items "
                                  "carry over, changed ones start unanswered"))
    duplicate.add_argument("--json", action="store_true", help=_('print {"id": …}'))
    duplicate.set_defaults(handler=_duplicate)

    edit = commands.add_parser(
        "edit", help=_("change a draft's title, as-of date, marking, assessor, perspective or "
                       "modules (recorded in its history; a module turned off keeps its "
                       "answers, set aside)"))
    edit.add_argument("id", metavar="ID", help=_("assessment id (a unique prefix is enough)"))
    edit.add_argument("--title", type=text_argument, metavar="T")
    edit.add_argument("--as-of", type=day_argument, metavar="YYYY-MM-DD", dest="as_of",
                      help=_("the date the answers describe"))
    edit.add_argument("--marking", type=text_argument, metavar="M",
                      help=_('the protective marking ("" for none)'))
    edit.add_argument("--assessor", type=text_argument, metavar="NAME")
    edit.add_argument("--perspective", choices=("inside", "outside", "none"),
                      help=_("inside: your own country; outside: another country; none: not "
                             "recorded"))
    edit.add_argument("--modules", type=_modules, metavar="IE,EM,MC",
                      help=_('the optional modules to use, comma-separated ("" for none): '
                             "this replaces the list"))
    edit.add_argument("--json", action="store_true",
                      help=_("print the details after the change as JSON"))
    edit.set_defaults(handler=_edit)


def day_argument(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("'{value}' is not a date of the form YYYY-MM-DD").format(value=text)) from None


def _modules(text: str) -> tuple[str, ...]:
    return tuple(part.strip().upper() for part in text.split(",") if part.strip())


def _framework(s: Any, wanted: str | None) -> Any:
    """The framework named ID@VERSION among those new assessments can use; None: default."""
    if wanted is None:
        return None
    framework_id, _sep, version = wanted.strip().partition("@")
    available = s.assessments.frameworks()
    for framework in available:
        if framework.id == framework_id and (not version or framework.version == version):
            return framework
    known = ", ".join(f"{f.id}@{f.version}" for f in available)
    raise UserError(_("No framework {wanted}; available: {known}.").format(
        wanted=wanted, known=known))


def _print_id(args: argparse.Namespace, new_id: str, summary: str) -> None:
    if args.json:
        print(json_for_terminal({"id": new_id}))
    else:
        print(for_terminal(summary))
        print(new_id)


def _create(args: argparse.Namespace) -> int:
    with services(args) as s:
        country = s.countries.get(args.country.strip())
        if country is None:
            raise UserError(_("'{code}' is not an ISO 3166 country code (alpha-2 such as KE, "
                              "or alpha-3 such as KEN).").format(code=args.country))
        framework = _framework(s, args.framework)
        supplier = s.suppliers.get(args.supplier) if args.supplier else None
        as_of = args.as_of or date.today()
        title = args.title or _("{country} exposure assessment {year}").format(
            country=country.name, year=as_of.year)
        change = s.assessments.create(
            country_code=country.code, title=title, as_of=as_of, assessor=args.assessor,
            marking=args.marking, framework=framework, modules=args.modules,
            supplier=supplier, perspective=args.perspective)
    _print_id(args, change.assessment_ids[0], change.summary)
    return 0


def _duplicate(args: argparse.Namespace) -> int:
    from ..services.who import current_user

    with services(args) as s:
        assessment_id = s.assessments.resolve_id(args.id)
        change = s.assessments.duplicate_as_follow_up(
            assessment_id=assessment_id, who=current_user(), title=args.title,
            as_of=args.as_of, framework=_framework(s, args.framework))
    _print_id(args, change.assessment_ids[0], change.summary)
    return 0


def _edit(args: argparse.Namespace) -> int:
    from ..domain.details import effect_words, modules_effect, set_aside
    from ..services.who import current_user

    given: dict[str, Any] = {name: getattr(args, name) for name in (
        "title", "as_of", "marking", "assessor", "modules") if getattr(args, name) is not None}
    if args.perspective is not None:
        given["perspective"] = None if args.perspective == "none" else args.perspective
    if not given:
        raise UserError(_("Nothing to change: give at least one of --title, --as-of, "
                          "--marking, --assessor, --perspective, --modules."))
    with services(args) as s:
        assessment_id = s.assessments.resolve_id(args.id)
        change = s.assessments.edit_details(assessment_id=assessment_id, who=current_user(),
                                            **given)
        record = s.assessments.load(assessment_id)
    saved = change.payload
    if args.json:
        details = record.details
        print(json_for_terminal({
            "id": record.id, "title": details.title, "as_of": details.as_of.isoformat(),
            "marking": details.marking, "assessor": details.assessor,
            "perspective": details.perspective, "modules": sorted(details.modules),
            "set_aside": set_aside(record.framework, record.answers, details.modules),
            "changed": [name for name, _old, _new in
                        (saved.before.differences(saved.after) if saved else [])]}))
        return 0
    print(for_terminal(change.summary))
    if saved is not None and saved.before.modules != saved.after.modules:
        effect = modules_effect(record.framework, record.answers, saved.before.modules,
                                saved.after.modules)
        print(for_terminal(effect_words(effect, record.framework, _=_)))
    return 0
