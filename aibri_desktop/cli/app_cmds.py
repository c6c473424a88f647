"""The commands that start the window: no command, ``--smoke-test``, ``screenshots DIR``."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from ..i18n import _


def register(commands: Any) -> None:
    from ..ui.smoke import SHOT_SIZES, SHOT_THEMES  # plain Python: no Qt is loaded

    shots = commands.add_parser(
        "screenshots", help=_("write a PNG of every page with sample data (offscreen)"))
    shots.add_argument("folder", type=Path, metavar="DIR")
    shots.add_argument("--theme", action="append", choices=tuple(SHOT_THEMES),
                       help=_("only this theme (light in DIR, the others in DIR/dark and "
                              "DIR/high-contrast); repeat for more; default: all three"))
    shots.add_argument("--size", action="append",
                       choices=tuple(SHOT_SIZES),
                       help=_("only this size (1024x768-150: with a 150 %% font); repeat for "
                              "more; default: each theme's sizes"))
    shots.set_defaults(handler=_screenshots)


def start_window(args: argparse.Namespace) -> int:
    if args.smoke_test:
        from ..ui.smoke import smoke_test

        return smoke_test()
    from ..ui.app import run_gui

    database = args.db or os.environ.get("AIBRI_DB") or None
    return run_gui(database)


def _screenshots(args: argparse.Namespace) -> int:
    from ..ui.smoke import screenshots

    return screenshots(args.folder, themes=args.theme, sizes=args.size)
