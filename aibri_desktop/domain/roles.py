"""Who may do what in a library: the roles of a team on a shared server.

On a laptop's SQLite file one person does everything (:attr:`Role.SINGLE`). On a PostgreSQL
server the connected database user's role decides, and the server's grants enforce it (see
``storage/server.py``); the app mirrors them so that an action a role may not take is disabled
with the reason, and the command line refuses it in one line, before anything is sent.

- **reader**: reads, compares and writes briefs (each brief is entered in the register);
- **analyst**: also creates and edits drafts, imports, deletes and restores;
- **reviewer**: also marks final, archives, rescores and sets the library's settings;
- **owner**: the role that owns the schema (the ministry's IT): also upgrades, purges and
  adopts; it is the only one that may remove rows.
"""

from __future__ import annotations

from enum import StrEnum

from .translate import Translate, untranslated


class Role(StrEnum):
    SINGLE = "single"  # an SQLite file on one computer: its user may do everything
    OWNER = "owner"
    REVIEWER = "reviewer"
    ANALYST = "analyst"
    READER = "reader"
    NONE = "none"  # connected, but holding none of the roles: may not even read


class Action(StrEnum):
    READ = "read"  # list, show, compare, export, brief
    EDIT = "edit"  # create, answer, edit details, judgements, delete, restore, import, follow up
    SIGN = "sign"  # mark final, archive, rescore a signed-off assessment
    SETTINGS = "settings"  # the library's threshold and paper, reference data
    MAINTAIN = "maintain"  # purge, adopt, restore a backup, replace on import


_MAY: dict[Role, frozenset[Action]] = {
    Role.SINGLE: frozenset(Action),
    Role.OWNER: frozenset(Action),
    Role.REVIEWER: frozenset({Action.READ, Action.EDIT, Action.SIGN, Action.SETTINGS}),
    Role.ANALYST: frozenset({Action.READ, Action.EDIT}),
    Role.READER: frozenset({Action.READ}),
    Role.NONE: frozenset(),
}

# the least role that may take each action, for the reason given to those below it
_NEEDS = {Action.READ: Role.READER, Action.EDIT: Role.ANALYST, Action.SIGN: Role.REVIEWER,
          Action.SETTINGS: Role.REVIEWER, Action.MAINTAIN: Role.OWNER}


def may(role: Role, action: Action) -> bool:
    return action in _MAY[role]


def role_name(role: Role, _: Translate = untranslated) -> str:
    return {Role.SINGLE: _("sole user"), Role.OWNER: _("owner"), Role.REVIEWER: _("reviewer"),
            Role.ANALYST: _("analyst"), Role.READER: _("reader"),
            Role.NONE: _("no role")}[role]


def refusal(role: Role, action: Action, user: str = "",
            _: Translate = untranslated) -> str | None:
    """None when ``role`` may take ``action``; else one sentence saying why not and who may."""
    if may(role, action):
        return None
    who = (_("You are connected as {user} ({role})").format(user=user, role=role_name(role, _))
           if user else _("Your role is {role}").format(role=role_name(role, _)))
    if role is Role.NONE:
        return who + _(": this database has not granted you any AIBRI role (reader, analyst "
                       "or reviewer); ask the library's owner to grant one.")
    needed = _NEEDS[action]
    what = {Action.EDIT: _("changing assessments"),
            Action.SIGN: _("marking final, archiving and rescoring"),
            Action.SETTINGS: _("changing the library's settings and reference data"),
            Action.MAINTAIN: _("purging, adopting and replacing assessments"),
            Action.READ: _("reading the library")}[action]
    return who + _(": {what} needs the {needed} role on this server; nothing was "
                   "changed.").format(what=what, needed=role_name(needed, _))
