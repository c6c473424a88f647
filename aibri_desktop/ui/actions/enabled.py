"""Which of the window's actions can be used now: one plain function of what is chosen in the
library, whether an assessment is open and whether the database is open yet, so the rules are
read (and tested) in one place without a window."""

from __future__ import annotations

from collections.abc import Sequence

# Actions that need the open database (the window shows the library rows before it is open).
NEEDS_DATABASE = ("new", "samples", "import", "register", "settings", "about", "shortcuts",
                  "page_compare")


def enabled_actions(statuses: Sequence[str], *, on_library: bool, has_open: bool,
                    attached: bool = True, adoptable: bool = False) -> dict[str, bool]:
    """Action name -> enabled. ``statuses``: those of the assessments chosen in the library
    (used only while the library is the page shown); ``attached``: the database is open;
    ``adoptable``: the start-up check found the library sealed on another computer."""
    chosen = list(statuses) if on_library and attached else []
    some = bool(chosen)
    live = some and "deleted" not in chosen  # none of them deleted
    all_deleted = some and all(s == "deleted" for s in chosen)
    rules = {
        "open": live,
        "duplicate": live,
        "final": live and all(s == "draft" for s in chosen),
        "archive": live and "archived" not in chosen,
        "delete": live,
        "restore": all_deleted,
        "purge": all_deleted,
        "compare": live and len(chosen) >= 2,
        "export_aibri": some,
        "export_csv": live,
        "export_briefs": live,
        "export_brief": attached and has_open,
        "evidence_requests": attached and has_open,
        # the one assessment chosen in the library, else the open one (a final one: to read)
        "details": attached and (len(chosen) == 1 and live if on_library else has_open),
        "adopt": attached and adoptable,
    }
    return rules | dict.fromkeys(NEEDS_DATABASE, attached)
