"""The command line: the same services as the app, for automation, batch work and tests.

Every command exits non-zero with one clear line on stderr for bad input and never shows a
traceback; an unexpected failure is logged and reported in one line too.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from .. import __version__
from ..i18n import _
from .errors import UserError

Handler = Callable[[argparse.Namespace], int]


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"{self.prog}: {message} ({_('see')} {self.prog} --help)\n")
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    from . import (
        app_cmds,
        assessment_cmds,
        brief_cmd,
        compare_cmd,
        exchange_cmds,
        framework_cmd,
        safety_cmds,
    )

    parser = _Parser(
        prog="aibri",
        description=_(
            "AIBRI Desktop: assess a country's exposure to the AI Belt and Road. "
            "With no command, the desktop window opens."
        ),
    )
    parser.add_argument("--version", action="version", version=f"AIBRI Desktop {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        help=_("database file or SQLAlchemy URL (default: AIBRI_DB, else the user data folder)"),
    )
    parser.add_argument("--smoke-test", action="store_true",
                        help=_("start the window offscreen on a temporary database, open every "
                               "page, and exit (used by CI)"))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    assessment_cmds.register(commands)
    brief_cmd.register(commands)
    compare_cmd.register(commands)
    exchange_cmds.register(commands)
    safety_cmds.register(commands)
    app_cmds.register(commands)
    framework_cmd.register(commands)
    return parser


def run(argv: Sequence[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(list(argv))
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        from .app_cmds import start_window

        handler = start_window
    try:
        return handler(args)
    except UserError as exc:
        sys.stderr.write(f"aibri: {exc}\n")
        return exc.exit_code
    except BrokenPipeError:  # output piped into `head` and closed: not an error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        sys.stderr.write(f"aibri: {_('interrupted')}\n")
        return 130
    except Exception as exc:  # a bug: the details go to the log, the user gets one line
        log_file = _log_unexpected(exc)
        sys.stderr.write(f"aibri: {_('unexpected error')} ({type(exc).__name__}: {exc}); "
                         f"{_('details in')} {log_file}\n")
        return 70


def _log_unexpected(exc: BaseException) -> str:
    import traceback
    from datetime import datetime

    from ..paths import user_data_dir

    try:
        folder = user_data_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "aibri-errors.log"
        with path.open("a", encoding="utf-8") as handle:
            handle.write(f"--- {datetime.now().isoformat(timespec='seconds')}\n")
            handle.write("".join(traceback.format_exception(exc)))
        return str(path)
    except OSError:
        return _("(the log could not be written)")
