"""``aibri list``: the library's rows, as the window's first paint reads them.

A current SQLite library is read straight from its stored scores (storage/library_rows.py),
without SQLAlchemy and the services; a server, or a new, older, foreign or unreadable file,
takes the ordinary open, which says what is wrong. ``aibri [--db SPEC] list [--json]
[--deleted]`` is recognised before the whole command line is built (:func:`quick_arguments`):
building it loads every command's module, which cost more than reading 10,000 rows.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..i18n import _
from .context import database_spec
from .terminal import for_terminal, write_json_rows

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


# One library row as ``list --json`` writes it: id, country code, country, title, status,
# framework version, score, coverage, stored band, provisional, the stored range (low, high),
# updated at (ISO, to the second, UTC), deleted
_Entry = tuple[str, str, str, str, str, str, float | None, float | None, str | None, bool,
               float | None, float | None, str, bool]


def list_library(args: argparse.Namespace) -> int:
    if args.json:
        entries: Iterable[_Entry] | None = _quick_entries(args)
        if entries is None:
            entries = ((r.id, r.country_code, r.country, r.title, r.status, r.framework_version,
                        r.overall_score, r.coverage, r.overall_band, r.provisional,
                        r.overall_low, r.overall_high,
                        r.updated_at.isoformat(timespec="seconds"), r.deleted)
                       for r in _summaries(args))
        write_json_rows(_json_rows(entries, deleted=bool(args.deleted)), sys.stdout.write)
        return 0
    rows = _quick_rows(args)
    if rows is None:
        rows = _summaries(args)
    if not rows:
        print(_("No assessments yet. Add illustrative ones with: aibri demo"))
        return 0
    verdicts = []
    for r in rows:
        verdict = r.verdict.words(_=_) if r.verdict is not None else _("no score")
        verdicts.append(f"{verdict} ({_('provisional')})" if r.provisional else verdict)
    width = max(map(len, verdicts))  # the columns line up whatever the verdicts say
    for r, verdict in zip(rows, verdicts, strict=True):
        score = "–" if r.overall_score is None else f"{r.overall_score:.1f}"
        print(for_terminal(f"{r.id[:8]}  {r.country_code}  {score:>5}  {verdict:<{width}}  "
                           f"{r.status:<8}  {r.title}"))
    return 0


def _json_rows(entries: Iterable[_Entry], *, deleted: bool) -> Iterator[dict[str, Any]]:
    """The rows of ``list --json``, straight from the stored columns: at 10,000 assessments
    this is most of the command's own time (a summary object per row first cost 20 ms)."""
    from ..domain.verdict import stored_verdict

    written: dict[Verdict, dict[str, Any]] = {}  # a few verdicts recur: each written once
    for (id_, code, country, title, status, version, score, coverage, band, provisional,
         low, high, updated_at, gone) in entries:
        if gone != deleted:
            continue
        verdict = None if low is None or high is None else stored_verdict(low, high)
        if verdict is not None and verdict not in written:
            written[verdict] = verdict.to_json()
        yield {
            "id": id_, "country_code": code, "country": country, "title": title,
            "status": status, "framework_version": version, "overall_score": score,
            "coverage": coverage,
            # no bare band beside an open verdict (a final kept on version 1 stored one)
            "band": band if verdict is not None and verdict.settled else None,
            "provisional": provisional,
            "verdict": None if verdict is None else written[verdict],
            "updated_at": updated_at}


def _summaries(args: argparse.Namespace) -> list[AssessmentSummary]:
    """The ordinary open's rows (a server, a new, older, foreign or unreadable file)."""
    from .context import services

    with services(args) as s:
        return s.assessments.list_summaries(deleted=args.deleted)


def _quick_entries(args: argparse.Namespace) -> list[_Entry] | None:
    """The JSON's columns of every row of a current SQLite library (deleted ones too), read
    as the window reads them at start; None when the ordinary open must come first."""
    path = _quick_path(args)
    if path is None:
        return None
    from ..services.summaries import quick_library_rows

    rows = quick_library_rows(path)
    if rows is None:
        return None
    try:  # (in storage.library_rows.LIBRARY_SQL's order)
        return [(r[0], r[1], r[2], r[5], r[6], r[8], r[9], r[11], r[10], bool(r[12]), r[17],
                 r[18], _stored_utc(r[15]), r[16] is not None) for r in rows]
    except (TypeError, ValueError, IndexError):
        return None  # the ordinary open will say what is wrong


def _stored_utc(text: str) -> str:
    """A stored UTC time ("2026-11-23 20:04:01.417988", as SQLAlchemy writes it) as the JSON
    writes every time ("2026-11-23T20:04:01+00:00"): sliced, as parsing and writing it again
    cost 12 ms of a 10,000-assessment list; any other form goes through the parse."""
    if len(text) in (19, 26) and text[10] == " " and text[19:20] in ("", "."):
        return f"{text[:10]}T{text[11:19]}+00:00"
    return datetime.fromisoformat(text + "+00:00").isoformat(timespec="seconds")


def _quick_rows(args: argparse.Namespace) -> list[AssessmentSummary] | None:
    """The rows of a current SQLite library read as the window reads them at start; None when
    the ordinary open must come first (a server, a new, older, foreign or unreadable file)."""
    path = _quick_path(args)
    if path is None:
        return None
    from ..services.summaries import quick_library

    rows = quick_library(path)
    if rows is None:
        return None
    deleted = bool(args.deleted)
    return [r for r in rows if r.deleted == deleted]


def _quick_path(args: argparse.Namespace) -> Path | None:
    spec = database_spec(args)
    return None if "://" in spec else Path(spec).expanduser().absolute()
