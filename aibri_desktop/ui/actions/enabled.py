"""Which of the window's actions can be used now: one plain function of what is chosen in the
library, whether an assessment is open, whether the database is open yet and the connected
role on a shared server, so the rules are read (and tested) in one place without a window.

On a server an action the role may not take is disabled, and :func:`role_reasons` gives the
sentence the window shows for it instead of its usual tip (``domain/roles.py``)."""

from __future__ import annotations

from collections.abc import Sequence

from ...domain.roles import Action, Role, may, refusal
from ...domain.translate import Translate, untranslated

# Actions that need the open database (the window shows the library rows before it is open).
NEEDS_DATABASE = ("new", "samples", "import", "register", "settings", "about", "shortcuts",
                  "page_compare")

# What each action does, in the roles' terms (the actions not named here need no role).
# Details… stays READ: a role that may not edit sees the details read-only, with the reason.
ROLE_ACTIONS: dict[str, Action] = {
    **dict.fromkeys(("new", "samples", "import", "duplicate", "delete", "restore"), Action.EDIT),
    **dict.fromkeys(("final", "archive"), Action.SIGN),
    **dict.fromkeys(("purge", "adopt"), Action.MAINTAIN),
    **dict.fromkeys(("open", "compare", "export_aibri", "export_csv", "export_brief",
                     "export_briefs", "evidence_requests", "register", "details",
                     "page_compare"), Action.READ),
}


def enabled_actions(statuses: Sequence[str], *, on_library: bool, has_open: bool,
                    attached: bool = True, adoptable: bool = False,
                    role: Role = Role.SINGLE) -> dict[str, bool]:
    """Action name -> enabled. ``statuses``: those of the assessments chosen in the library
    (used only while the library is the page shown); ``attached``: the database is open;
    ``adoptable``: the start-up check found the library sealed on another computer;
    ``role``: the connected role on a shared server (on an SQLite file, the sole user)."""
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
    rules |= dict.fromkeys(NEEDS_DATABASE, attached)
    return {name: enabled and (name not in ROLE_ACTIONS or may(role, ROLE_ACTIONS[name]))
            for name, enabled in rules.items()}


def role_reasons(role: Role, user: str = "", _: Translate = untranslated) -> dict[str, str]:
    """Action name -> why ``role`` may not take it (one sentence, in the caller's language),
    for each action the role disables; empty for a role that may take them all."""
    return {name: reason for name, action in ROLE_ACTIONS.items()
            if (reason := refusal(role, action, user, _=_)) is not None}
