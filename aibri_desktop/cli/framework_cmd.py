"""``aibri framework ...``: check framework files."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..domain.framework_file import FrameworkError, load_framework_file
from ..i18n import _
from .errors import UserError


def register(commands: Any) -> None:
    parser = commands.add_parser("framework", help=_("check framework files"))
    sub = parser.add_subparsers(dest="framework_command", metavar="ACTION", required=True,
                                parser_class=type(parser))
    validate = sub.add_parser(
        "validate", help=_("check a framework file and report the first problem")
    )
    validate.add_argument("file", type=Path, metavar="FILE")
    validate.set_defaults(handler=_validate)
    add = sub.add_parser("add", help=_("validate a framework file and make it available for "
                                       "new assessments"))
    add.add_argument("file", type=Path, metavar="FILE")
    add.set_defaults(handler=_add)
    weights = sub.add_parser("weights", help=_("each indicator's effective weight in the "
                                               "overall score"))
    weights.add_argument("file", type=Path, metavar="FILE", nargs="?",
                         help=_("a framework file (default: the bundled framework)"))
    weights.add_argument("--modules", default="", metavar="IDS",
                         help=_("optional modules to include, comma-separated (e.g. IE,EM)"))
    weights.set_defaults(handler=_weights)
    listing = sub.add_parser("list", help=_("the frameworks new assessments can use"))
    listing.set_defaults(handler=_list)


def _validate(args: argparse.Namespace) -> int:
    from ..services.framework_service import check_framework_file

    try:
        framework = check_framework_file(args.file)
    except FrameworkError as exc:
        raise UserError(str(exc)) from None
    count = sum(1 for _i in framework.indicators())
    print(
        _("{file}: valid — {name} {version}, {dimensions} dimensions, {indicators} indicators, "
          "content hash {hash}").format(
            file=args.file, name=framework.id, version=framework.version,
            dimensions=len(framework.dimensions), indicators=count,
            hash=framework.content_hash[:12],
        )
    )
    return 0


def _add(args: argparse.Namespace) -> int:
    from .context import services

    with services(args) as s:
        change = s.framework_files.add_file(args.file)
    print(change.summary)
    return 0


def _list(args: argparse.Namespace) -> int:
    from .context import services

    with services(args) as s:
        entries = s.framework_files.entries()
    for entry in entries:
        f = entry.framework
        modules = ", ".join(f.optional_dimension_ids) or "-"
        print(f"{f.id} {f.version}  {f.content_hash[:12]}  {entry.origin:<8}  "
              f"{sum(1 for _i in f.indicators())} indicators; modules: {modules}")
    return 0


def _weights(args: argparse.Namespace) -> int:
    from ..domain.weights import effective_weights
    from ..paths import bundled_framework_files

    path = args.file or bundled_framework_files()[0]
    try:
        framework = load_framework_file(path)
    except FrameworkError as exc:
        raise UserError(str(exc)) from None
    modules = [m.strip().upper() for m in args.modules.split(",") if m.strip()]
    unknown = set(modules) - set(framework.optional_dimension_ids)
    if unknown:
        raise UserError(_("{modules}: not an optional module of {framework}").format(
            modules=", ".join(sorted(unknown)), framework=framework.label))
    for row in effective_weights(framework, modules):
        print(f"{row.indicator_id}\t{row.weight}\t{float(row.share) * 100:.2f} %")
    return 0
