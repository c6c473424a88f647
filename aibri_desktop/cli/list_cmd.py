"""``aibri list``: the library's rows, as the window's first paint reads them.

A current SQLite library is read straight from its stored scores (storage/library_rows.py),
without SQLAlchemy and the services; a server, or a new, older, foreign or unreadable file,
takes the ordinary open, which says what is wrong. ``aibri [--db SPEC] list [--json]
[--deleted]`` is recognised before the whole command line is built (:func:`quick_arguments`):
building it loads every command's module, which cost more than reading 10,000 rows.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..i18n import _
from .context import database_spec
from .terminal import for_terminal, json_rows_for_terminal

if TYPE_CHECKING:
    from ..domain.verdict import Verdict
    from ..services.summaries import AssessmentSummary

_LIST_OPTIONS = frozenset({"--json", "--deleted"})


def quick_arguments(argv: Sequence[str]) -> argparse.Namespace | None:
    """The arguments of exactly ``[--db SPEC] list [--json] [--deleted]`` (as the full parser
    would read them), or None for anything else, which the full parser then reads."""
    words = list(argv)
    db = None
    if words[:1] == ["--db"] and len(words) > 1 and not words[1].startswith("-"):
        db, words = words[1], words[2:]
    elif words[:1] and words[0].startswith("--db=") and len(words[0]) > len("--db="):
        db, words = words[0][len("--db="):], words[1:]
    if words[:1] != ["list"] or not set(words[1:]) <= _LIST_OPTIONS:
        return None
    return argparse.Namespace(db=db, command="list", json="--json" in words,
                              deleted="--deleted" in words, smoke_test=False,
                              handler=list_library)


def register(commands: Any) -> None:
    listing = commands.add_parser("list", help=_("list the saved assessments"))
    listing.add_argument("--json", action="store_true", help=_("print JSON"))
    listing.add_argument("--deleted", action="store_true", help=_("list deleted assessments"))
    listing.set_defaults(handler=list_library)


def list_library(args: argparse.Namespace) -> int:
    rows = _quick_rows(args)
    if rows is None:
        from .context import services

        with services(args) as s:
            rows = s.assessments.list_summaries(deleted=args.deleted)
    if args.json:
        verdicts: dict[Verdict | None, dict[str, Any] | None] = {None: None}
        for r in rows:  # (a few verdicts recur over the whole library: each written once)
            if (stored := r.verdict) is not None and stored not in verdicts:
                verdicts[stored] = stored.to_json()
        print(json_rows_for_terminal([{
            "id": r.id, "country_code": r.country_code, "country": r.country, "title": r.title,
            "status": r.status, "framework_version": r.framework_version,
            # no bare band beside an open verdict (a final kept on version 1 stored one)
            "overall_score": r.overall_score, "coverage": r.coverage,
            "band": r.overall_band if r.verdict is not None and r.verdict.settled else None,
            "provisional": r.provisional, "verdict": verdicts[r.verdict],
            "updated_at": r.updated_at.isoformat(timespec="seconds"),
        } for r in rows]))
        return 0
    if not rows:
        print(_("No assessments yet. Add illustrative ones with: aibri demo"))
        return 0
    for r in rows:
        score = "–" if r.overall_score is None else f"{r.overall_score:5.1f}"
        verdict = r.verdict.words(_=_) if r.verdict is not None else _("no score")
        if r.provisional:
            verdict += f" ({_('provisional')})"
        print(for_terminal(f"{r.id[:8]}  {r.country_code}  {score}  {verdict:<34}  "
                           f"{r.status:<8}  {r.title}"))
    return 0


def _quick_rows(args: argparse.Namespace) -> list[AssessmentSummary] | None:
    """The rows of a current SQLite library read as the window reads them at start; None when
    the ordinary open must come first (a server, a new, older, foreign or unreadable file)."""
    spec = database_spec(args)
    if "://" in spec:
        return None
    from ..services.summaries import quick_library

    rows = quick_library(Path(spec).expanduser().absolute())
    if rows is None:
        return None
    deleted = bool(args.deleted)
    return [r for r in rows if r.deleted == deleted]

