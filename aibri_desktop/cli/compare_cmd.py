"""``aibri compare``: two or more assessments side by side.

Assessments of different supplier states are compared on the supplier-symmetric items with no
change between them; for one country that is the supplier profile view, printed under its own
heading."""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path
from typing import Any

from ..i18n import _
from .context import services
from .presenters import aligned_table
from .terminal import for_terminal, json_for_terminal


def register(commands: Any) -> None:
    compare = commands.add_parser(
        "compare", help=_("compare two or more assessments"),
        description=_("Compare two or more assessments. One country's assessments against "
                      "different supplier states are shown as its supplier profile: side by "
                      "side on the supplier-symmetric items, with no change between them."))
    compare.add_argument("ids", nargs="+", metavar="ID")
    output = compare.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help=_("print JSON"))
    output.add_argument("--csv", action="store_true", help=_("print the comparison table as CSV"))
    compare.add_argument("--pdf", type=Path, metavar="FILE", help=_("write a comparison brief"))
    compare.set_defaults(handler=_compare)


def _compare(args: argparse.Namespace) -> int:
    from ..domain.compare_summary import (
        change_headline,
        comparison_rows,
        contribution_line,
        established_words,
        range_change_words,
        shown_contributions,
        supplier_view_reason,
        supplier_view_words,
    )

    with services(args) as s:
        ids = [s.assessments.resolve_id(i) for i in args.ids]
        comparison = s.compare.compare(ids)
        if args.pdf:
            change = s.compare_briefs.write(comparison, args.pdf)
            print(for_terminal(change.summary),
                  file=sys.stderr if (args.json or args.csv) else sys.stdout)
    summary = comparison.summary
    if args.json:
        print(json_for_terminal(summary))
    elif args.csv:
        markings = list(dict.fromkeys(r.marking for r in comparison.records if r.marking))
        writer = csv.writer(sys.stdout)
        writer.writerow([for_terminal("Classification: " + (" / ".join(markings) or "none"))])
        writer.writerows([for_terminal(cell) for cell in row]
                         for row in comparison_rows(summary, _=_))
    elif not args.pdf:
        if heading := supplier_view_words(summary, _=_):  # between supplier states
            print(for_terminal(heading))
            print(for_terminal("=" * min(len(heading), 78)))
        table = [list(row) for row in comparison_rows(summary, indicators=False, _=_)]
        for line in aligned_table(table):
            print(for_terminal(line))
        for warning in summary["warnings"]:
            print(for_terminal(f"! {warning}"))
        if summary["across_suppliers"]:
            print(for_terminal(supplier_view_reason(summary, _=_)))
            return 0
        print(for_terminal(change_headline(summary, _=_)))
        for sentence in (established_words(summary, _=_), range_change_words(summary, _=_)):
            if sentence:
                print(for_terminal(sentence))
        for c in shown_contributions(summary)[:10]:
            print(for_terminal("  " + contribution_line(c, summary, _=_)))
    return 0
