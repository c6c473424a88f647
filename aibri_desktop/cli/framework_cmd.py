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


def _validate(args: argparse.Namespace) -> int:
    try:
        framework = load_framework_file(args.file)
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
