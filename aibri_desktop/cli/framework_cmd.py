"""``aibri framework ...``: check framework files and supplier profiles."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..domain.framework import Framework
from ..domain.framework_file import FrameworkError, load_framework_file
from ..domain.supplier_file import SUPPLIER_SCHEMA, document_schema, load_supplier_file
from ..i18n import _
from .errors import UserError


def register(commands: Any) -> None:
    parser = commands.add_parser("framework", help=_("check framework files and supplier profiles"))
    sub = parser.add_subparsers(dest="framework_command", metavar="ACTION", required=True,
                                parser_class=type(parser))
    validate = sub.add_parser(
        "validate", help=_("check a framework file or a supplier profile and report the first "
                           "problem")
    )
    validate.add_argument("file", type=Path, metavar="FILE")
    validate.set_defaults(handler=_validate)
    add = sub.add_parser("add", help=_("validate a framework file or a supplier profile and "
                                       "make it available for new assessments"))
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
    suppliers = sub.add_parser("suppliers", help=_("the supplier profiles new assessments can "
                                                   "use: shipped, added or imported"))
    suppliers.set_defaults(handler=_suppliers)


def _validate(args: argparse.Namespace) -> int:
    from ..services.framework_service import check_framework_file

    if document_schema(args.file) == SUPPLIER_SCHEMA:
        return _validate_supplier(args.file)
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
    if framework.format >= 2:
        _check_rendering(args.file, framework)
    return 0


def _check_rendering(file: Path, framework: Framework) -> None:
    """A format-2 framework is read for every bundled supplier: no placeholder may be left."""
    from ..domain.suppliers import render, unfilled_placeholders
    from ..services.suppliers import SupplierCatalog

    try:
        profiles = SupplierCatalog().bundled
    except FrameworkError as exc:
        raise UserError(str(exc)) from None
    for profile in profiles:
        left = unfilled_placeholders(render(framework, profile))
        if left:
            more = _(" (and {count} more)").format(count=len(left) - 1) if len(left) > 1 else ""
            raise UserError(_("{file}: for supplier {supplier}, a placeholder is left: "
                              "{where}{more}").format(file=file, supplier=profile.label,
                                                      where=left[0], more=more))
    indicators = list(framework.indicators())
    specific = [i for i in indicators if i.supplier_specific]
    print(_("{specific} of {count} indicators are supplier-specific ({asymmetric} not "
            "supplier-symmetric); every text reads in full for {profiles}").format(
        specific=len(specific), count=len(indicators),
        asymmetric=sum(1 for i in specific if not i.supplier_symmetric),
        profiles=", ".join(p.label for p in profiles) or "-"))


def _validate_supplier(file: Path) -> int:
    try:
        profile = load_supplier_file(file)
    except FrameworkError as exc:
        raise UserError(str(exc)) from None
    print(_("{file}: valid — supplier profile {id} {version} ({name}), as of {as_of}, "
            "{entries} entries, content hash {hash}").format(
        file=file, id=profile.id, version=profile.version, name=profile.name.get(),
        as_of=profile.as_of, entries=sum(1 for _e in profile.entries()),
        hash=profile.content_hash[:12]))
    return 0


def _suppliers(args: argparse.Namespace) -> int:
    from .context import services

    with services(args) as s:
        profiles = s.framework_files.supplier_profiles()
    for p, origin in profiles:
        print(_("{id} {version}  {hash}  {origin:<8}  as of {as_of}  {name}").format(
            id=p.id, version=p.version, hash=p.content_hash[:12], origin=origin,
            as_of=p.as_of, name=p.name.get()))
    return 0


def _add(args: argparse.Namespace) -> int:
    from .context import services

    with services(args) as s:
        if document_schema(args.file) == SUPPLIER_SCHEMA:  # a ministry's own supplier state
            change: Any = s.framework_files.add_supplier_file(args.file)
        else:
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
    from ..services.frameworks import FrameworkCatalog

    # no file: the framework new assessments use (the newest bundled one)
    path = args.file or FrameworkCatalog().default_path()
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
