"""``aibri threshold`` and ``aibri paper``: settings of the library, set by the ministry and
shared by everyone who uses it: the decision threshold (docs/scoring.md, "The decision
threshold") and the paper its briefs are written on."""

from __future__ import annotations

import argparse
from typing import Any

from ..domain.bands import Band, band_name
from ..i18n import _
from .context import named, services
from .errors import UserError
from .terminal import for_terminal, text_argument

CHOICES = ("guarded", "elevated", "high", "severe", "none")


def register(commands: Any) -> None:
    threshold = commands.add_parser(
        "threshold", help=_("show or set the library's decision threshold (\"Is exposure "
                            "High or above?\")"))
    threshold.add_argument(
        "--set", type=str.lower, choices=CHOICES, metavar="BAND", dest="band",
        help=_("the band whose lower edge is the threshold: guarded (20), elevated (40), high "
               "(60), severe (80), or none to remove it"))
    threshold.add_argument("--who", type=text_argument, metavar="NAME",
                           help=_("who decides it (recorded in the library log; default: "
                                  "your login name)"))
    threshold.set_defaults(handler=_threshold)
    paper = commands.add_parser(
        "paper", help=_("show or set the paper the library's briefs are written on (A4 or "
                        "US Letter)"))
    paper.add_argument("--set", type=str.lower, choices=("a4", "letter"), metavar="SIZE",
                       dest="paper", help=_("a4 (the default) or letter"))
    paper.add_argument("--who", type=text_argument, metavar="NAME",
                       help=_("who decides it (recorded in the library log; default: your "
                              "login name)"))
    paper.set_defaults(handler=_paper)


def paper_words(paper: str) -> str:
    return _("Briefs are written on A4") if paper == "a4" else \
        _("Briefs are written on US Letter")


def _paper(args: argparse.Namespace) -> int:
    from ..services.who import current_user

    if args.paper is None and args.who is not None:
        raise UserError(_("--who goes with --set (who decides the paper); nothing was "
                          "changed."))
    with services(args) as s:
        if args.paper is None:
            print(paper_words(s.library.paper()))
            return 0
        change = s.library.set_paper(args.paper, who=named(s, args.who, "--who")
                                     or current_user())
        print(for_terminal(change.summary))
    return 0


def threshold_words(band: Band | None) -> str:
    """"Decision threshold: High or above" / "No decision threshold is set"."""
    if band is None:
        return _("No decision threshold is set")
    return _("Decision threshold: {band} or above").format(band=band_name(band.label, _=_))


def _threshold(args: argparse.Namespace) -> int:
    from ..services.who import current_user

    if args.band is None and args.who is not None:
        raise UserError(_("--who goes with --set (who decides the threshold); nothing was "
                          "changed."))
    with services(args) as s:
        if args.band is None:
            print(threshold_words(s.library.threshold()))
            return 0
        change = s.library.set_threshold(None if args.band == "none" else args.band,
                                         who=named(s, args.who, "--who") or current_user())
        print(for_terminal(change.summary))
    return 0
