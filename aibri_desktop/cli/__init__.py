"""The command line: the same services as the app, for automation, batch work and tests.

Every command exits non-zero with one clear line on stderr for bad input and never shows a
traceback; an unexpected failure is logged and reported in one line too.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

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
        create_cmds,
        exchange_cmds,
        framework_cmd,
        library_cmds,
        lifecycle_cmds,
        reference_cmds,
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
    create_cmds.register(commands)
    assessment_cmds.register(commands)
    lifecycle_cmds.register(commands)
    brief_cmd.register(commands)
    compare_cmd.register(commands)
    exchange_cmds.register(commands)
    safety_cmds.register(commands)
    app_cmds.register(commands)
    framework_cmd.register(commands)
    library_cmds.register(commands)
    reference_cmds.register(commands)
    return parser


def run(argv: Sequence[str]) -> int:
    from .list_cmd import quick_arguments

    args = quick_arguments(argv)  # `list` without building every command's parser
    if args is None:
        args = build_parser().parse_args(list(argv))
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        from .app_cmds import start_window

        handler = start_window
    try:
        return handler(args)
    except UserError as exc:
        from ..domain.plain_text import terminal_safe

        sys.stderr.write(f"aibri: {terminal_safe(str(exc))}\n")  # it may quote a title
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
        summary = (str(exc).splitlines() or [""])[0]  # SQL errors add lines: the log has them
        sys.stderr.write(f"aibri: {_('unexpected error')} ({type(exc).__name__}: {summary}); "
                         f"{_('details in')} {log_file}\n")
        return 70


# The error log, in the user data folder: owner-only, and bounded (the newest entries in
# LOG_NAME, older ones in LOG_NAME.1 … up to LOG_FILES files of about LOG_MAX_BYTES each).
LOG_NAME = "aibri-errors.log"
LOG_MAX_BYTES = 256 * 1024
LOG_FILES = 3
_ENTRY_MAX_BYTES = LOG_MAX_BYTES // 4


def _log_unexpected(exc: BaseException) -> str:
    """Append the traceback of ``exc`` to the error log; where it is, or why it is not.

    No user content is logged: database errors carry their SQL but never its parameters (the
    titles, markings and evidence of the rows being written)."""
    import traceback
    from datetime import datetime

    from ..paths import private_folder, user_data_dir

    _hide_sql_parameters(exc)
    try:
        path = private_folder(user_data_dir()) / LOG_NAME
        text = "".join(traceback.format_exception(exc))
        entry = f"--- {datetime.now().isoformat(timespec='seconds')}\n{text}".encode(
            "utf-8", "replace")
        if len(entry) > _ENTRY_MAX_BYTES:
            entry = entry[:_ENTRY_MAX_BYTES] + b"\n[... cut: the entry was too long]\n"
        _append_bounded(path, entry)
        return str(path)
    except OSError:
        return _("(the log could not be written)")


def _hide_sql_parameters(exc: BaseException) -> None:
    """SQLAlchemy's errors print their parameters unless told not to (the engines are made
    with ``hide_parameters``; this covers any other), in the whole chain of causes."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [exc]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if hasattr(current, "hide_parameters"):
            current.hide_parameters = True
        pending += [current.__cause__, current.__context__]


def _append_bounded(path: Path, entry: bytes) -> None:
    """Append to an owner-only log, first moving it to ``.1`` (``.1`` to ``.2``, …) when the
    entry would take it over the size bound."""
    import os

    from ..paths import OWNER_FILE_MODE, tighten_to_owner

    try:
        size = path.stat().st_size
    except FileNotFoundError:
        size = 0
    if size and size + len(entry) > LOG_MAX_BYTES:
        for number in range(LOG_FILES - 1, 0, -1):
            newer = path.with_name(f"{path.name}.{number - 1}") if number > 1 else path
            if newer.exists():
                os.replace(newer, path.with_name(f"{path.name}.{number}"))
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, OWNER_FILE_MODE)
    try:
        os.write(descriptor, entry)
    finally:
        os.close(descriptor)
    tighten_to_owner(path)  # a log written before it was owner-only
